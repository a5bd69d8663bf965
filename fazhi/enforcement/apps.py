from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    """Administrative enforcement, before the act (plan clause (十三)): who enforces what, with which officers, under
    which discretion standards and no-penalty lists."""

    name = "fazhi.enforcement"
    verbose_name = _("administrative enforcement")

    def ready(self) -> None:
        from fazhi.enforcement.registrations import register

        register()
