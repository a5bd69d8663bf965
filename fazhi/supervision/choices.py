from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")


#: Shown instead of the stored status when the deadline has passed before the task was done (never stored).
OVERDUE = "overdue"
