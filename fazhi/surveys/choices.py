from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Audience(models.TextChoices):
    POPULATION = "population", _("population survey (public)")
    EXPERT = "expert", _("expert questionnaire (by invitation)")
    SERVICE = "service", _("service follow-up (by invitation)")


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("survey status", "draft")
    OPEN = "open", pgettext_lazy("survey status", "open")
    CLOSED = "closed", pgettext_lazy("survey status", "closed")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("single choice")
    MULTIPLE = "multiple", _("multiple choice")
    SCALE = "scale", _("scale 1–5")
    TEXT = "text", _("free text")


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
SCALE_MIN, SCALE_MAX = 1, 5
SATISFIED_FROM = 4  # 4 and 5 on the 1–5 scale count as satisfied
