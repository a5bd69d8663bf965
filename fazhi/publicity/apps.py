from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    """Publicity of enforcement decisions after the act (事后公示, plan clause (十三)): published decisions, public
    search, download and feed, correction requests, import from other systems, expiry and withdrawal."""

    name = "fazhi.publicity"
    verbose_name = _("publicity of enforcement decisions")

    def ready(self) -> None:
        from fazhi.publicity.registrations import register

        register()
