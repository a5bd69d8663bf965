from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "fazhi.surveys"
    verbose_name = _("Satisfaction surveys")

    def ready(self) -> None:
        from fazhi.surveys.registrations import register

        register()
