from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "fazhi.accounts"
    verbose_name = _("People and roles")

    def ready(self) -> None:
        from fazhi.accounts.registrations import register

        register()
