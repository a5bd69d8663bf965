"""Staff forms for indicators: the definition (formula chosen from the registry) and a manual entry."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from fazhi.indicators.models import Indicator
from fazhi.indicators.registry import FORMULAS, Period
from fazhi.orgs.models import Organisation
from fazhi.supervision.models import Measure, Plan


def formula_choices() -> list[tuple[str, str]]:
    """The registry as it is now (modules may register formulas after this module is imported)."""
    return [("", "—")] + [(key, f"{f.label} ({key})") for key, f in sorted(FORMULAS.items())]


class IndicatorForm(forms.ModelForm):
    formula = forms.CharField(label=_("Formula"), required=False, max_length=64, widget=forms.Select)
    # The plan's side of the link (Measure.indicators): the indicators app does not know the plan.
    measures = forms.ModelMultipleChoiceField(
        label=capfirst(_("measures evaluated")),
        queryset=Measure.objects.none(),
        required=False,
        help_text=_("Formulas count only the tasks of these measures; none means all tasks."),
    )

    class Meta:
        model = Indicator
        fields = (
            "code",
            "name",
            "kind",
            "formula",
            "measures",  # declared above
            "unit",
            "target",
            "weight",
            "direction",
            "reporting_organisation",
        )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["formula"].widget.choices = formula_choices()
        self.fields["formula"].help_text = _("For computed indicators: what the value is computed from.")
        self.fields["measures"].queryset = Measure.objects.filter(plan=Plan.objects.main())
        self.fields["measures"].widget.attrs["size"] = 8
        if self.instance.pk:
            self.fields["measures"].initial = list(self.instance.measures.values_list("pk", flat=True))
        self.fields["reporting_organisation"].queryset = Organisation.objects.filter(is_active=True)
        self.fields["target"].widget.attrs["step"] = "0.01"
        self.fields["weight"].widget.attrs.update(step="0.01", min=0)
        if self.instance.pk:
            self.fields["code"].disabled = True  # values and API clients know the indicator by its code

    def _save_m2m(self) -> None:
        super()._save_m2m()  # type: ignore[misc]
        self.instance.measures.set(self.cleaned_data["measures"])


class PeriodField(forms.CharField):
    """``2025-06`` (month), ``2025-Q2`` (quarter) or ``2025`` (year)."""

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("help_text", _("2025-06 (month), 2025-Q2 (quarter) or 2025 (year)."))
        super().__init__(**kwargs)
        self.widget.attrs.update(placeholder="2025-06 / 2025-Q2 / 2025", maxlength=16, list="periods")

    def to_python(self, value: Any) -> Period | None:
        text = super().to_python(value)
        if not text:
            return None
        try:
            return Period.parse(text[:16])
        except ValueError:
            raise forms.ValidationError(_("Give the period as 2025-06, 2025-Q2 or 2025.")) from None

    def prepare_value(self, value: Any) -> Any:
        return str(value) if isinstance(value, Period) else value


class IndicatorEntryForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    period = PeriodField(label=_("Period"))
    value = forms.DecimalField(
        label=_("Value"), max_digits=14, decimal_places=2, min_value=Decimal("-1e11"), max_value=Decimal("1e11")
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Where the figure comes from: the survey, the report, the register."),
    )
    file = forms.FileField(label=_("Evidence file (optional)"), required=False)

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any):
        super().__init__(*args, **kwargs)
        reporter = indicator.reporting_organisation
        self.fields["organisation"].queryset = Organisation.objects.filter(
            path__startswith=reporter.path if reporter else "\0", is_active=True
        )
        self.fields["organisation"].initial = reporter.pk if reporter else None
