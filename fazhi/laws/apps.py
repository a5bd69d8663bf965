from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LawsConfig(AppConfig):
    name = "fazhi.laws"
    verbose_name = _("Law library")

    def ready(self) -> None:
        from fazhi.laws.registrations import register

        register()
