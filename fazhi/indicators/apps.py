from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "fazhi.indicators"
    label = "indicators"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        from fazhi.indicators.registrations import register

        register()
