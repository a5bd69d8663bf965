from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    """The shared ground of every citizen matter: 我的办件, status history, time limits, anti-abuse, moderation."""

    name = "fazhi.casework"
    verbose_name = _("Matters")

    def ready(self) -> None:
        from fazhi.casework.registrations import register

        register()
