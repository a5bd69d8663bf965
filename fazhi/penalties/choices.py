from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CaseStatus(models.TextChoices):
    FILED = "filed", pgettext_lazy("penalty case status", "filed (立案), under investigation")
    INVESTIGATED = "investigated", pgettext_lazy("penalty case status", "investigated")
    NOTIFIED = "notified", pgettext_lazy("penalty case status", "party notified of the intended penalty")
    HEARING_REQUESTED = "hearing_requested", pgettext_lazy("penalty case status", "hearing requested")
    HEARING_SCHEDULED = "hearing_scheduled", pgettext_lazy("penalty case status", "hearing scheduled")
    HEARD = "heard", pgettext_lazy("penalty case status", "hearing held")
    DECIDED = "decided", pgettext_lazy("penalty case status", "decided, awaiting service")
    SERVED = "served", pgettext_lazy("penalty case status", "decision served, awaiting performance")
    REMINDED = "reminded", pgettext_lazy("penalty case status", "reminded to perform (催告)")
    ENFORCING = "enforcing", pgettext_lazy("penalty case status", "court enforcement applied for")
    PERFORMED = "performed", pgettext_lazy("penalty case status", "performed")
    CLOSED = "closed", pgettext_lazy("penalty case status", "closed and archived")


class Procedure(models.TextChoices):
    GENERAL = "general", _("general procedure (普通程序)")
    SUMMARY = "summary", _("summary procedure (简易程序, 行政处罚法 第五十一条)")


class PartyKind(models.TextChoices):
    PERSON = "person", _("natural person")
    ORGANISATION = "organisation", _("legal person or other organisation")


class DecisionKind(models.TextChoices):
    """The kinds of penalty of 行政处罚法 第九条 a body of this platform imposes (detention is the police's), and the
    decision not to punish."""

    WARNING = "warning", _("warning (警告)")
    FINE = "fine", _("fine (罚款)")
    CONFISCATION = "confiscation", _("fine and confiscation of illegal gains (罚款、没收违法所得)")
    SUSPENSION = "suspension", _("restriction or suspension of business (限制开展生产经营活动、责令停产停业)")
    REVOCATION = "revocation", _("revocation of a permit or licence (吊销许可证件)")
    NO_PENALTY = "no_penalty", _("no penalty (不予行政处罚)")


#: Decisions that may be made under the summary procedure (第五十一条: a fine within the limits, or a warning).
SUMMARY_KINDS = (DecisionKind.WARNING, DecisionKind.FINE)


class MajorReason(models.TextChoices):
    """The situations of 行政处罚法 第五十八条第一款 in which legal review is required."""

    NONE = "", _("none")
    PUBLIC_INTEREST = "public_interest", _("involves major public interests (第五十八条第一款第一项)")
    HEARD = "heard", _("bears directly on major rights and went through a hearing (第一款第二项)")
    COMPLEX = "complex", _("difficult or complex, several legal relations (第一款第三项)")
    OTHER = "other", _("other situations laws and regulations name (第一款第四项)")


class ReviewOutcome(models.TextChoices):
    PASSED = "passed", _("passed")
    FAILED = "failed", _("not passed")


class RemedyKind(models.TextChoices):
    RECONSIDERATION = "reconsideration", _("administrative reconsideration (行政复议)")
    LITIGATION = "litigation", _("administrative litigation (行政诉讼)")
    SELF_CORRECTION = "self_correction", _("the body's own correction")


class RemedyOutcome(models.TextChoices):
    UPHELD = "upheld", _("upheld")
    ALTERED = "altered", _("altered")
    REVOKED = "revoked", _("revoked")
    CONFIRMED_UNLAWFUL = "unlawful", _("confirmed unlawful")


#: Outcomes that change the recorded decision (publicity withdraws the published one, 第四十八条第二款).
CHANGING_OUTCOMES = (RemedyOutcome.ALTERED, RemedyOutcome.REVOKED, RemedyOutcome.CONFIRMED_UNLAWFUL)

OPEN_STATUSES = tuple(s for s in CaseStatus.values if s != CaseStatus.CLOSED)
