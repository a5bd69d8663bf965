from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuggestionsConfig(AppConfig):
    """人民建议征集 (plan clause 十二): thematic solicitations and everyday suggestions, handled within time limits."""

    name = "fazhi.suggestions"
    verbose_name = _("People's suggestions")

    def ready(self) -> None:
        from fazhi.suggestions.registrations import register

        register()
