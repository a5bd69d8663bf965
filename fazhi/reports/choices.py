from django.db import models
from django.utils.translation import gettext_lazy as _


class SelectionKind(models.TextChoices):
    CASE = "case", _("typical case")
    PRACTICE = "practice", _("good practice")


class ReportFormat(models.TextChoices):
    PDF = "pdf", _("PDF")
    HTML = "html", _("HTML")
