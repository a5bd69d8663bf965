from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "fazhi.orgs"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from fazhi.orgs.registrations import register

        register()
