from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TaskStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("task status", "planned")
    IN_PROGRESS = "in_progress", pgettext_lazy("task status", "in progress")
    DONE = "done", pgettext_lazy("task status", "done")


#: Shown instead of the stored status when the deadline has passed before the task was done (never stored).
OVERDUE = "overdue"


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("progress report status", "submitted")
    ACCEPTED = "accepted", pgettext_lazy("progress report status", "accepted")
    RETURNED = "returned", pgettext_lazy("progress report status", "returned")


class NoticeStatus(models.TextChoices):
    ISSUED = "issued", pgettext_lazy("supervision notice status", "awaiting reply")
    REPLIED = "replied", pgettext_lazy("supervision notice status", "replied")


class AlertKind(models.TextChoices):
    OVERDUE = "overdue", _("task overdue")
    STALLED = "stalled", _("task stalled")
    NOTICE_OVERDUE = "notice_overdue", _("supervision notice not answered in time")


class AlertLevel(models.IntegerChoices):
    ORGANISATION = 0, _("to the responsible organisation")
    SUPERVISOR = 1, _("escalated to the supervisor")
