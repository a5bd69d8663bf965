"""Forms of the application list and its check (staff console)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.credit.choices import CheckMatter
from fazhi.credit.models import ListDefinition, Measure
from fazhi.orgs.models import Organisation

FORMATS = (("csv", "CSV"), ("xlsx", "Excel"))


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = ("code", "kind", "matter", "target", "target_list", "target_category", "means", "body", "legal_basis")
        widgets = {"means": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "legal_basis": _("One article a line or separated by 「；」, e.g. 上海市社会信用条例第三十条."),
            "target_list": _("Only for a measure on the subjects of a list."),
            "target_category": _("Only for a measure on a category of failing records; empty: any failing record."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["target_list"]).queryset = ListDefinition.objects.filter(
            published=True
        )
        cast(forms.ModelChoiceField, self.fields["body"]).queryset = Organisation.objects.filter(
            kind="body", is_active=True
        ).order_by("code")


class CheckForm(forms.Form):
    identifier = forms.CharField(
        label=_("Unified social credit code or ID number"),
        max_length=18,
        min_length=15,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    matter = forms.ChoiceField(label=pgettext_lazy("credit", "Matter"), choices=CheckMatter.choices)
    purpose = forms.CharField(
        label=_("Purpose of the check"),
        max_length=200,
        help_text=_("Logged with the check; a natural person sees who looked at their records and why (第三十四条)."),
    )


class BatchCheckForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file of identifiers"),
        help_text=_("One credit code or ID number a line, in the first column; a header row is allowed."),
    )
    matter = forms.ChoiceField(label=pgettext_lazy("credit", "Matter"), choices=CheckMatter.choices)
    purpose = forms.CharField(label=_("Purpose of the check"), max_length=200)
    result_format = forms.ChoiceField(label=_("Result file"), choices=FORMATS, initial="csv")
