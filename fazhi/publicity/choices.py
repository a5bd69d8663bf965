"""The choices of published decisions and correction requests."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DecisionKind(models.TextChoices):
    """The four kinds of decision the plan asks to be made public (plan clause (十三))."""

    PERMIT = "permit", _("administrative permit")
    PENALTY = "penalty", _("administrative penalty")
    COERCION = "coercion", _("administrative coercion")
    LEVY = "levy", _("administrative levy")


class PartyKind(models.TextChoices):
    PERSON = "person", _("natural person")
    ORGANISATION = "organisation", _("legal person or other organisation")


class Procedure(models.TextChoices):
    GENERAL = "general", _("general procedure")
    SUMMARY = "summary", _("summary procedure")


class PenaltyType(models.TextChoices):
    """What a penalty decision imposes, as far as publication depends on it (沪营商条例 第六十七条)."""

    WARNING = "warning", _("warning")
    CRITICISM = "criticism", _("circulated criticism")
    FINE = "fine", _("fine")
    CONFISCATION = "confiscation", _("confiscation")
    SUSPENSION = "suspension", _("suspension of business or licence")
    REVOCATION = "revocation", _("revocation of a licence")
    OTHER = "other", _("other penalty")


class DecisionStatus(models.TextChoices):
    PUBLISHED = "published", pgettext_lazy("published decision status", "published")
    EXPIRED = "expired", pgettext_lazy("published decision status", "publication period ended")
    WITHDRAWN = "withdrawn", pgettext_lazy("published decision status", "withdrawn")


class CorrectionStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("correction request status", "submitted")
    CORRECTED = "corrected", pgettext_lazy("correction request status", "corrected")
    DECLINED = "declined", pgettext_lazy("correction request status", "not corrected")


CORRECTION_CLOSED = frozenset({CorrectionStatus.CORRECTED, CorrectionStatus.DECLINED})
