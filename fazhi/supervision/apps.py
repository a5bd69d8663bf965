from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "fazhi.supervision"
    verbose_name = _("Supervision and evaluation")

    def ready(self) -> None:
        from fazhi.supervision.registrations import register

        register()
