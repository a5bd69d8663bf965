"""Settings shared by every environment.

Everything that differs between a laptop, CI and production comes from the environment (12-factor), read
through django-environ. With no environment at all the platform runs on SQLite under ``var/`` — that is what
``make run`` gives a newcomer.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

from fazhi.settings.secrets import local_secret

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("FAZHI_VAR_DIR", default=str(BASE_DIR / "var")))
DATA_DIR = BASE_DIR / "data"

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost", "[::1]", "testserver"]),
)

DEBUG = env("DEBUG")
# A development secret is generated once into var/ so that no secret is ever committed; production sets its own.
SECRET_KEY = env.str("SECRET_KEY", default="") or local_secret(VAR_DIR / "secret_key", kind="django")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Keys for personal data encrypted at rest (comma-separated Fernet keys, newest first, so keys can rotate).
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=[]) or [
    local_secret(VAR_DIR / "field_key", kind="fernet")
]
# Key for blind indexes (HMAC) that let us look up an encrypted phone number without decrypting every row.
BLIND_INDEX_KEY = env.str("BLIND_INDEX_KEY", default="") or local_secret(VAR_DIR / "blind_index_key", kind="django")
# Keys of the audit trail's HMAC chain, kept outside the database ("id:secret", comma-separated, newest first: new
# entries use the first; keep older keys listed, entries written with them verify with them). `fazhi audit key ID`.
AUDIT_KEYS = env.list("AUDIT_KEYS", default=[]) or [f"local:{local_secret(VAR_DIR / 'audit_key', kind='django')}"]
# Where `fazhi audit anchor` (cron) appends the signed chain head; keep it off the database server, or copy it
# somewhere write-once. `fazhi audit verify` checks the chain against it.
AUDIT_ANCHOR_FILE = Path(env.str("AUDIT_ANCHOR_FILE", default=str(VAR_DIR / "audit-anchors.jsonl")))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "axes",  # password-guessing lock-out (accounts.lockout)
    "csp",  # Content-Security-Policy header on every response
    # Foundations, then modules.
    "fazhi.core",
    "fazhi.orgs",
    "fazhi.accounts",
    "fazhi.audit",
    "fazhi.attachments",
    "fazhi.notifications",
    "fazhi.workflow",
    "fazhi.casework",
    "fazhi.laws",
    "fazhi.indicators",
    "fazhi.enforcement",
    "fazhi.penalties",
    "fazhi.publicity",
    "fazhi.credit",
    "fazhi.supervision",
    "fazhi.consultation",
    "fazhi.surveys",
    "fazhi.hotline",
    "fazhi.suggestions",
    "fazhi.reports",
    "fazhi.platform",  # the home pages and installation: on top of everything
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "fazhi.core.middleware.OversizedPostMiddleware",  # before the CSRF check reads the post
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "fazhi.accounts.middleware.SessionLifetimeMiddleware",
    "csp.middleware.CSPMiddleware",
    "fazhi.core.middleware.RequestContextMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out sign-in into accounts.lockout's answer
]

ROOT_URLCONF = "fazhi.urls"
WSGI_APPLICATION = "fazhi.wsgi.application"
ASGI_APPLICATION = "fazhi.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "fazhi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fazhi.platform.context_processors.platform",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'fazhi.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while one writer writes; IMMEDIATE takes the write lock up front, so concurrent
    # writers queue for it instead of failing with "database is locked" half-way through a transaction.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# The axes backend comes first: it refuses a locked-out account or address before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "fazhi.accounts.backends.PlatformBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:landing"  # staff to their work queue, citizens to 我的办件 (platform.views)
LOGOUT_REDIRECT_URL = "portal:home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "fazhi" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "fazhi" / "static"]
# Uploaded files live outside the web root and are only ever served through a permission-checking view.
PRIVATE_MEDIA_ROOT = VAR_DIR / "private"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": PRIVATE_MEDIA_ROOT}},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Request bodies: forms stay small; attachments have their own limit checked by content.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 500
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
HTTPS = env.bool("HTTPS", default=False)
if HTTPS:
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # HSTS: browsers that once saw the site over HTTPS refuse plain HTTP to it for a year (docs/deploy.md).
    SECURE_HSTS_SECONDS = env.int("HSTS_SECONDS", default=365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("HSTS_INCLUDE_SUBDOMAINS", default=False)
    SECURE_HSTS_PRELOAD = False

# The client's address (fazhi.core.client.client_ip): how many reverse proxies stand in front of the application.
# 0 (direct): REMOTE_ADDR, X-Forwarded-For ignored. 1 (the documented nginx): the last X-Forwarded-For entry.
# Every limiter reads it: DRF throttles, django-ratelimit, the sign-in lock-out (docs/deploy.md).
NUM_PROXIES = env.int("NUM_PROXIES", default=0)
RATELIMIT_IP_META_KEY = "fazhi.core.client.client_ip"

# Content-Security-Policy (django-csp) on every HTML page: scripts and styles only from our own static files,
# no inline script, style element or style attribute, no plugins, no framing. Views that must differ
# (the API documentation pages, the white paper download) say so with csp_replace/their own header.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Password guessing (django-axes, accounts.lockout; OWASP ASVS 2.2.1): after LOGIN_FAILURE_LIMIT wrong passwords
# for one account, or from one address, further sign-ins from there are refused for LOGIN_LOCKOUT_MINUTES. A lock
# ends by itself (failures during it do not prolong it), staff can lift it at /console/people/lockouts/, and a
# successful sign-in clears the account's count. These are policy values: no law sets them.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = env.int("LOGIN_LOCKOUT_MINUTES", default=15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "fazhi.core.client.client_ip"
AXES_USERNAME_CALLABLE = "fazhi.accounts.lockout.login_name"
AXES_LOCKOUT_CALLABLE = "fazhi.accounts.lockout.locked_out_response"
AXES_ENABLE_ADMIN = False  # lock-outs are managed in the staff console, with the audit trail
AXES_DISABLE_ACCESS_LOG = True  # successful sign-ins are not kept here
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["password"]

# Sessions (OWASP ASVS 3.3): signed-in people must sign in again after SESSION_ABSOLUTE_HOURS whatever they do,
# and after a pause longer than their idle limit — short for staff, longer for citizens filling in a long form.
# Policy values; enforced by accounts.middleware.SessionLifetimeMiddleware.
SESSION_ABSOLUTE_SECONDS = int(env.float("SESSION_ABSOLUTE_HOURS", default=12) * 3600)
SESSION_IDLE_SECONDS = {
    "staff": env.int("SESSION_IDLE_STAFF_MINUTES", default=30) * 60,
    "citizen": env.int("SESSION_IDLE_CITIZEN_MINUTES", default=120) * 60,
}
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="fazhi <noreply@fazhi.localhost>")

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://fazhi")}

# Background work (e-mail, escalation jobs): django-tasks. Development runs tasks in-process; production sets
# TASKS_BACKEND=django_tasks_db.DatabaseBackend and runs `fazhi worker` next to the web server.
TASKS = {"default": {"BACKEND": env.str("TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend")}}

# Supervision (督察督办): a task with no accepted progress report for this many days is "stalled"; an alert not
# acknowledged within this many days is escalated to the supervisor. `fazhi supervision sweep` applies them.
SUPERVISION_STALLED_DAYS = env.int("SUPERVISION_STALLED_DAYS", default=30)
SUPERVISION_ESCALATE_DAYS = env.int("SUPERVISION_ESCALATE_DAYS", default=7)
# Citizen matters (fazhi/casework): submissions per account and per network address (django-ratelimit rates),
# and the days after an overdue alert before a matter escalates to the organisation above.
CASEWORK_RATE_LIMITS = {
    "default": (
        env.str("CASEWORK_RATE_PER_USER", default="20/h"),
        env.str("CASEWORK_RATE_PER_ADDRESS", default="120/h"),
    ),
}
CASEWORK_ESCALATE_DAYS = env.int("CASEWORK_ESCALATE_DAYS", default=3)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its WWW-Authenticate header turns an anonymous call into a 401, not a 403.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["fazhi.core.drf.PolicyPermission"],
    "DEFAULT_PARSER_CLASSES": [
        "fazhi.core.drf.JSONParser",
        "fazhi.core.drf.FormParser",
        "fazhi.core.drf.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "fazhi.core.drf.Pagination",
    "DEFAULT_SCHEMA_CLASS": "fazhi.core.schema.PlatformAutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
    "EXCEPTION_HANDLER": "fazhi.core.drf.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "fazhi.core.throttling.AnonRateThrottle",
        "fazhi.core.throttling.UserRateThrottle",
    ],
    "NUM_PROXIES": NUM_PROXIES,  # the same rule as core.client, for any stock DRF throttle
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("THROTTLE_ANON", default="120/min"),
        "user": env.str("THROTTLE_USER", default="600/min"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "fazhi API",
    "DESCRIPTION": "法治 — Shanghai rule-of-law society platform. Session auth for browsers, token auth for clients "
    "(`Authorization: Token <key>`, obtain one at /api/v1/auth/token/).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "RoleCodeEnum": "fazhi.accounts.choices.RoleCode",
        # two kinds of "decision kind": what a penalty case decides, and what kind of decision is published
        "PenaltyDecisionKindEnum": "fazhi.penalties.choices.DecisionKind",
        "PublishedDecisionKindEnum": "fazhi.publicity.choices.DecisionKind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_pii": {"()": "fazhi.core.pii.MaskPIIFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_pii"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# Law search: an SQLite FTS5 file next to an SQLite database, a schema of the PostgreSQL database otherwise.
LAW_SEARCH_BACKEND = env.str(
    "LAW_SEARCH_BACKEND", default="sqlite" if DATABASES["default"]["ENGINE"].endswith("sqlite3") else "postgres"
)
LAW_SEARCH_INDEX = env.str("LAW_SEARCH_INDEX", default=str(VAR_DIR / "search" / "laws.sqlite"))
LAW_SEARCH_SCHEMA = env.str("LAW_SEARCH_SCHEMA", default="fazhi_search")
# The region this platform serves: its local regulations and rules are ranked first where they are relevant
# (the region prior, docs/laws.md); a policy value, not law. Empty: no region prior.
LAW_SEARCH_HOME_REGION = env.str("LAW_SEARCH_HOME_REGION", default="上海")

# Publicity of enforcement decisions (fazhi.publicity, docs/enforcement.md).
# 较低数额罚款 (公示规定 第十三条第二款 leaves it to the provincial regulator): a policy value, in yuan.
PUBLICITY_LOW_FINE_YUAN = env.int("PUBLICITY_LOW_FINE_YUAN", default=10000)
PUBLICITY_EXPORT_MAX_ROWS = env.int("PUBLICITY_EXPORT_MAX_ROWS", default=100_000)
PUBLICITY_FEED_ITEMS = 50
PUBLICITY_IMPORT_MAX_BYTES = 20 * 1024 * 1024  # larger files: `fazhi publicity import`

# Social credit (fazhi.credit, docs/credit.md).
# The public credit information centre (市公共信用信息服务中心, 上海市社会信用条例 第十一条) runs the platform.
CREDIT_CENTRE_CODE = env.str("CREDIT_CENTRE_CODE", default="31-XYZX")
# The most identifiers one batch check takes (a policy value; larger sets are split by the caller).
CREDIT_CHECK_BATCH_MAX = env.int("CREDIT_CHECK_BATCH_MAX", default=100_000)
# Whether a single check waits for its log row to reach the disk (PostgreSQL synchronous_commit). The log is the
# subject's record of who looked (第三十四条): durable by default; False trades the last instant's log rows in a
# database crash for about 10–30 ms a check on slow disks.
CREDIT_CHECK_LOG_SYNCHRONOUS_COMMIT = env.bool("CREDIT_CHECK_LOG_SYNCHRONOUS_COMMIT", default=True)
