from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlatformConfig(AppConfig):
    """The top of the platform: the portal's and the console's home pages, installation (``fazhi setup``, demo
    accounts, ``createuser``, backup and restore). It may import every app; no app imports it."""

    name = "fazhi.platform"
    label = "platform"
    verbose_name = _("Platform")
