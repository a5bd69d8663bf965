from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SuggestionStatus(models.TextChoices):
    """The steps of 第十一条: 登记 → 受理 → 转送 → 办理 → 答复 → 办结 (or 不予受理)."""

    REGISTERED = "registered", pgettext_lazy("suggestion status", "registered")
    ACCEPTED = "accepted", pgettext_lazy("suggestion status", "accepted")
    ROUTED = "routed", pgettext_lazy("suggestion status", "routed to the handling organisation")
    HANDLING = "handling", pgettext_lazy("suggestion status", "being handled")
    REPLIED = "replied", pgettext_lazy("suggestion status", "answered")
    CLOSED = "closed", pgettext_lazy("suggestion status", "closed")
    DECLINED = "declined", pgettext_lazy("suggestion status", "not accepted as a suggestion")


OPEN_STATUSES = (
    SuggestionStatus.REGISTERED,
    SuggestionStatus.ACCEPTED,
    SuggestionStatus.ROUTED,
    SuggestionStatus.HANDLING,
    SuggestionStatus.REPLIED,
)
CLOSED_STATUSES = frozenset({SuggestionStatus.CLOSED, SuggestionStatus.DECLINED})
ANSWERED_STATUSES = (SuggestionStatus.REPLIED, SuggestionStatus.CLOSED)


class SubmitterKind(models.TextChoices):
    CITIZEN = "citizen", _("a person")
    ORGANISATION = "organisation", _("an organisation")


class Channel(models.TextChoices):
    """Where a matter that is not a suggestion (第十条第二款) belongs."""

    HOTLINE = "12345", _("the 12345 citizen service hotline (personal requests and complaints)")
    MEDIATION = "mediation", _("people's mediation (disputes between people)")
    LEGAL_AID = "legal_aid", _("legal aid and the 12348 legal service hotline (lawsuits, arbitration, reconsideration)")


class NoteKind(models.TextChoices):
    NOTE = "note", _("note")
    RESEARCH = "research", _("research or field visit")
    MEETING = "meeting", _("meeting, seminar or hearing")


class ConversionKind(models.TextChoices):
    """第十三条: the seven ways a suggestion is put into effect."""

    MEASURE = "measure", _("reference for measures that benefit the people")
    WORK = "work", _("reference for improving the work of state organs")
    LEGISLATION = "legislation", _("reference for making, amending, repealing or interpreting rules and policies")
    SUPERVISION = "supervision", _("reference for the people's congress standing committee's supervision projects")
    DEPUTIES = "deputies", _("reference for deputies' bills and proposals")
    DECISION = "decision", _("reference for decisions of state organs")
    OTHER = "other", _("another way of putting it into effect")


class SolicitationState(models.TextChoices):
    """Derived from the publication flag and the dates (not stored)."""

    DRAFT = "draft", pgettext_lazy("solicitation status", "draft")
    UPCOMING = "upcoming", pgettext_lazy("solicitation status", "not open yet")
    OPEN = "open", pgettext_lazy("solicitation status", "open")
    CLOSED = "closed", pgettext_lazy("solicitation status", "closed")
