from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "fazhi.accounts"
    verbose_name = _("People and roles")

    def ready(self) -> None:
        from fazhi.accounts.roles import sync_roles

        # Roles are defined in code (roles.py) and follow every migration, so new module permissions reach them.
        post_migrate.connect(sync_roles, dispatch_uid="fazhi.accounts.sync_roles")
