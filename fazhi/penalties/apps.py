from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PenaltiesConfig(AppConfig):
    """Administrative penalty cases from filing to closing (plan clause (十三), 执法全过程记录)."""

    name = "fazhi.penalties"
    verbose_name = _("administrative penalty cases")

    def ready(self) -> None:
        from fazhi.penalties.registrations import register

        register()
