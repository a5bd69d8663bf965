"""The choices of the credit platform. The categories follow 上海市社会信用条例 第八条–第九条."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SubjectKind(models.TextChoices):
    ORGANISATION = "organisation", _("legal person or other organisation")
    PERSON = "person", _("natural person")


class CodeCheck(models.TextChoices):
    """How a subject's identifier was accepted (GB 32100 / GB 11643 check digit, or the reviewed allow-list)."""

    VALID = "valid", _("check digit valid")
    PILOT = "pilot", _("early pilot code on the reviewed allow-list")


class Category(models.TextChoices):
    """What kind of information a catalogue item is: basic, the six kinds of 失信信息 of 第九条 (a broken
    commitment is (六), set by national rules), and the positive information of 守信主体 (第二十九条)."""

    BASIC = "basic", _("basic information")
    # 第九条 (一)–(六): 失信信息
    TAX_ARREARS = "tax_arrears", _("taxes, social insurance, fees or funds owed by law left unpaid")
    FALSE_MATERIALS = "false_materials", _("false materials or facts hidden, harming public order or interest")
    REFUSED_JUDGMENT = "refused_judgment", _("refusal to perform an effective legal document")
    PENALTY = "penalty", _("administrative penalty under the general procedure")
    MARKET_BAN = "market_ban", _("market or trade ban imposed by a regulator")
    OTHER_FAILING = "other_failing", _("other matters set by law, regulation or national rule")
    # positive information
    HONOUR = "honour", _("honours and commendations")
    VOLUNTEERING = "volunteering", _("volunteering, donation and other good conduct")
    KEPT_COMMITMENT = "kept_commitment", _("commitment kept")


#: The categories of 失信信息 (第九条): queryable for five years from the end of the act (第三十五条).
FAILING_CATEGORIES = frozenset(
    {
        Category.TAX_ARREARS,
        Category.FALSE_MATERIALS,
        Category.REFUSED_JUDGMENT,
        Category.PENALTY,
        Category.MARKET_BAN,
        Category.OTHER_FAILING,
    }
)
POSITIVE_CATEGORIES = frozenset({Category.HONOUR, Category.VOLUNTEERING, Category.KEPT_COMMITMENT})


class Disclosure(models.TextChoices):
    """How far an item is disclosed (第十五条–第十七条)."""

    PUBLIC = "public", _("disclosed to the public")
    AUTHORISED = "authorised", _("queried with the subject's authorisation")
    GOVERNMENT = "government", _("shared among administrative bodies only")


class CatalogueStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("credit catalogue status", "draft")
    CONSULTATION = "consultation", pgettext_lazy("credit catalogue status", "out for public comment")
    PUBLISHED = "published", pgettext_lazy("credit catalogue status", "in force")
    SUPERSEDED = "superseded", pgettext_lazy("credit catalogue status", "superseded")


class RecordStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("credit record status", "on record")
    REPAIRED = "repaired", pgettext_lazy("credit record status", "repaired: withdrawn from the public view")
    EXPIRED = "expired", pgettext_lazy("credit record status", "query period ended")
    DELETED = "deleted", pgettext_lazy("credit record status", "deleted")


class ListKind(models.TextChoices):
    SERIOUS = "serious", _("list of seriously dishonest subjects")  # 严重失信主体名单, 第二十五条
    ABNORMAL = "abnormal", _("list of abnormal business operations")  # 经营异常名录, 企业信息公示暂行条例 第十七条
    TRUSTWORTHY = "trustworthy", _("list of trustworthy subjects")  # 守信, 第二十九条


class MeasureKind(models.TextChoices):
    INCENTIVE = "incentive", _("incentive")
    SANCTION = "sanction", _("sanction")


class MeasureTarget(models.TextChoices):
    """Whom a measure applies to (实施对象, 第二十二条)."""

    LISTED = "listed", _("subjects on a list")
    FAILING_CATEGORY = "failing_category", _("subjects with a failing record of a category")
    BROKEN_COMMITMENT = "broken_commitment", _("subjects who broke a commitment")
    NO_FAILING = "no_failing", _("subjects with no failing record")


class CheckMatter(models.TextChoices):
    """The matters a measures check is run for (the 具体事项 of the application list)."""

    PERMIT = "permit", _("administrative permit application")
    NOTICE_COMMITMENT = "notice_commitment", _("permit under notice and commitment")
    TENDER = "tender", _("public tender and procurement")
    SUBSIDY = "subsidy", _("government subsidy or funding")
    HONOUR = "honour", _("honour or commendation")
    APPOINTMENT = "appointment", _("appointment as a legal representative or manager")
    PUBLIC_LAND = "public_land", _("public land and resources")
    OTHER = "other", _("other administrative matter")


class ObjectionStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("credit objection status", "submitted")
    MARKED = "marked", pgettext_lazy("credit objection status", "marked as under objection")
    TRANSFERRED = "transferred", pgettext_lazy("credit objection status", "transferred to the provider")
    CORRECTED = "corrected", pgettext_lazy("credit objection status", "corrected")
    UPHELD = "upheld", pgettext_lazy("credit objection status", "not corrected")


OBJECTION_CLOSED = frozenset({ObjectionStatus.CORRECTED, ObjectionStatus.UPHELD})


class RepairStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("credit repair status", "submitted")
    PROVIDER_CONFIRMED = "confirmed", pgettext_lazy("credit repair status", "confirmed by the provider")
    REPAIRED = "repaired", pgettext_lazy("credit repair status", "repaired")
    REFUSED = "refused", pgettext_lazy("credit repair status", "not repaired")


REPAIR_CLOSED = frozenset({RepairStatus.REPAIRED, RepairStatus.REFUSED})


class QueryChannel(models.TextChoices):
    """Where a record was looked at (第三十四条: the subject sees who looked)."""

    CONSOLE = "console", _("staff console")
    API = "api", _("API")
    CHECK = "check", _("measures check")
    REPORT = "report", _("credit report")
    SELF = "self", _("the subject itself")


class ReportKind(models.TextChoices):
    SPECIAL = "special", _("special credit report (in place of a certificate of no violations)")
    OWN = "own", _("own credit report")
