from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    name = "fazhi.consultation"
    verbose_name = _("Public consultation")

    def ready(self) -> None:
        from fazhi.consultation.registrations import register

        register()
