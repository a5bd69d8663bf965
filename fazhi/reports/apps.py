from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "fazhi.reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from fazhi.reports.registrations import register

        register()
