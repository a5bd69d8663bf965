from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")


#: Shown instead of the stored status when the deadline has passed before the task was done (never stored).
OVERDUE = "overdue"


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    ACCEPTED = "accepted", _("accepted")
    RETURNED = "returned", _("returned")


class NoticeStatus(models.TextChoices):
    ISSUED = "issued", _("awaiting reply")
    REPLIED = "replied", _("replied")


class AlertKind(models.TextChoices):
    OVERDUE = "overdue", _("task overdue")
    STALLED = "stalled", _("task stalled")
    NOTICE_OVERDUE = "notice_overdue", _("supervision notice not answered in time")


class AlertLevel(models.IntegerChoices):
    ORGANISATION = 0, _("to the responsible organisation")
    SUPERVISOR = 1, _("escalated to the supervisor")
