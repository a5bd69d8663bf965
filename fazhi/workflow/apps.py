from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    """Declared workflows and statutory clocks (working days, pauses, extensions, the provision behind each)."""

    name = "fazhi.workflow"
    verbose_name = _("Workflows and time limits")

    def ready(self) -> None:
        from fazhi.workflow.registrations import register

        register()
