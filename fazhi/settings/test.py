"""Test settings: same as base, with fast hashing and an isolated var/ directory per run."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("FAZHI_VAR_DIR", tempfile.mkdtemp(prefix="fazhi-test-"))

from fazhi.settings.base import *  # noqa: F403
from fazhi.settings.base import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = []  # noqa: F405 — throttling has its own tests
STORAGES["default"]["OPTIONS"]["location"] = Path(os.environ["FAZHI_VAR_DIR"]) / "private"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 — whitenoise expects it to exist
CASEWORK_RATE_LIMITS = {"default": ("100000/m", "100000/m")}  # rate limits have their own tests
# The sign-in lock-out (django-axes) needs the request that Client.login() does not pass; its tests enable it.
AXES_ENABLED = False
