from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HotlineConfig(AppConfig):
    """12345 citizen service hotline work orders (plan clause (十二))."""

    name = "fazhi.hotline"
    verbose_name = _("12345 hotline")

    def ready(self) -> None:
        from fazhi.hotline.registrations import register

        register()
