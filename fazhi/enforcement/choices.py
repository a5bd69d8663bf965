from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PowerKind(models.TextChoices):
    """Kinds of enforcement power (执法事项类别) a body publishes (行政处罚法 第三十九条, 行政许可法 第三十条)."""

    PENALTY = "penalty", pgettext_lazy("enforcement power", "administrative penalty")
    PERMIT = "permit", pgettext_lazy("enforcement power", "administrative permit")
    COERCION = "coercion", pgettext_lazy("enforcement power", "administrative coercion")
    LEVY = "levy", pgettext_lazy("enforcement power", "administrative levy")
    INSPECTION = "inspection", pgettext_lazy("enforcement power", "administrative inspection")


class BasisRole(models.TextChoices):
    """What an article does for an enforcement matter."""

    FORBIDS = "forbids", _("the article that the act violates")
    PENALISES = "penalises", _("the article that sets the penalty")
    EMPOWERS = "empowers", _("the article that grants the power")


class Circumstance(models.TextChoices):
    """The circumstances a discretion standard grades a violation into (裁量阶次), from least to most grave."""

    MINOR = "minor", pgettext_lazy("discretion circumstance", "minor")
    ORDINARY = "ordinary", pgettext_lazy("discretion circumstance", "ordinary")
    SERIOUS = "serious", pgettext_lazy("discretion circumstance", "serious")
    GRAVE = "grave", pgettext_lazy("discretion circumstance", "grave")


#: Gravity order: conditioned bands are tried gravest first (rules.propose_band).
GRAVITY = {c: i for i, c in enumerate(Circumstance.values)}


class FactorKind(models.TextChoices):
    YES_NO = "yes_no", _("yes or no")
    NUMBER = "number", _("a number")


class FactorEffect(models.TextChoices):
    """How a factor weighs (从重 / 从轻 / 减轻 in the standards' words)."""

    AGGRAVATING = "aggravating", _("aggravating")
    LIGHTENING = "lightening", _("lightening")
    NEUTRAL = "neutral", _("neither (grades the circumstance)")


class Operator(models.TextChoices):
    """How a band's condition compares a factor's answer."""

    YES = "yes", _("is yes")
    NO = "no", _("is no")
    AT_LEAST = ">=", _("is at least")
    AT_MOST = "<=", _("is at most")
    MORE = ">", _("is more than")
    LESS = "<", _("is less than")


class ConditionKind(models.TextChoices):
    """The conditions of 行政处罚法 第三十三条 a no-penalty list item is made of; each has its answer key."""

    FIRST_VIOLATION = "first_violation", _("first violation")
    NO_HARM = "no_harm", _("no harmful consequence")
    MINOR_HARM = "minor_harm", _("harmful consequence minor at most")
    CORRECTED = "corrected", _("corrected within the time limit")
    NO_FAULT = "no_fault", _("no subjective fault")


class Harm(models.TextChoices):
    """The self-check's answer about consequences (危害后果)."""

    NONE = "none", _("none")
    MINOR = "minor", _("minor")
    SERIOUS = "serious", _("more than minor")


class ReportStatus(models.TextChoices):
    """A report from the public about a violation (上海市城市管理行政执法条例 第二十六条)."""

    SUBMITTED = "submitted", pgettext_lazy("enforcement report status", "received, being checked")
    TRANSFERRED = "transferred", pgettext_lazy("enforcement report status", "transferred to the competent body")
    ANSWERED = "answered", pgettext_lazy("enforcement report status", "result told to the reporter")


REPORT_CLOSED = (ReportStatus.ANSWERED,)


class RatedKind(models.TextChoices):
    """What a rating of an enforcement contact is about (plan clause (十三): 人民群众监督评价)."""

    REPORT = "report", _("report handled")
    CASE = "case", _("penalty case")
