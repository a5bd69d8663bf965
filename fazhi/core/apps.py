from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "fazhi.core"
    verbose_name = _("Platform core")

    def ready(self) -> None:
        from fazhi.core import forms

        forms.install()
