from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CreditConfig(AppConfig):
    """The public credit information platform (plan clause (十一); 上海市社会信用条例): subjects, the published
    catalogue, records (most from published enforcement decisions), lists, joint measures and their check, the
    subject's rights on statutory clocks (query, objection, deletion, repair), verifiable reports and exchange."""

    name = "fazhi.credit"
    verbose_name = _("social credit")

    def ready(self) -> None:
        from fazhi.credit.registrations import register

        register()
