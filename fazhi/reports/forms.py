from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.laws.models import TypicalCase
from fazhi.orgs.models import Organisation
from fazhi.reports.choices import ReportFormat
from fazhi.reports.models import Selection, year_range
from fazhi.supervision.models import Measure, Plan, Task


class SelectionForm(forms.ModelForm):
    task = forms.ModelChoiceField(
        queryset=Task.objects.all(),
        required=False,
        widget=forms.NumberInput(attrs={"min": 1}),
        label=_("Task (number)"),
        help_text=_("Optional: the number of the task the practice carried out, as on its console page."),
        error_messages={"invalid_choice": _("There is no task with this number.")},
    )

    class Meta:
        model = Selection
        fields = ("year", "kind", "case", "title", "organisation", "summary", "measure", "task")
        widgets = {"summary": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        years = year_range()
        self.fields["year"].widget.attrs.update(min=years[0], max=years[-1])
        self.fields["case"].queryset = TypicalCase.objects.only("title", "category")
        self.fields["organisation"].queryset = Organisation.objects.filter(is_active=True)
        self.fields["measure"].queryset = Measure.objects.filter(plan=Plan.objects.main())

    def save(self, commit: bool = True) -> Selection:
        return super().save(commit=False)  # the view saves through services.selection_save


class WhitepaperForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=())
    format = forms.ChoiceField(label=_("Format"), choices=ReportFormat.choices, initial=ReportFormat.PDF)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, year) for year in reversed(year_range())]
        self.fields["year"].initial = min(timezone.localdate().year, 2025)
        self.fields["year"].error_messages["invalid_choice"] = _("Give a year from %(first)s to %(last)s.") % {
            "first": year_range()[0],
            "last": year_range()[-1],
        }
