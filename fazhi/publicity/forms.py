from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CorrectionForm(forms.Form):
    identifier = forms.CharField(
        label=_("Your ID number or unified social credit code"),
        max_length=18,
        help_text=_("Collected to check that the decision is about you (公示规定 第十二条); it is not stored."),
    )
    what_is_wrong = forms.CharField(label=_("What is inaccurate"), max_length=2000, widget=forms.Textarea)
    evidence = forms.CharField(
        label=_("Your evidence"),
        max_length=2000,
        widget=forms.Textarea,
        help_text=_("Say what shows it, e.g. the number of the decision that changed it."),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawal (published)"), max_length=2000, widget=forms.Textarea)
    changed_on = forms.DateField(
        label=_("Date the decision was changed or revoked"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The 3 days of 行政处罚法 第四十八条 run from it; empty: today."),
    )


class ImportForm(forms.Form):
    source_system = forms.SlugField(label=_("Source system"), max_length=40, help_text=_("E.g. scjg-zhzf."))
    file = forms.FileField(
        label=_("CSV or Excel file"), help_text=_("Columns as in the documentation (docs/enforcement.md).")
    )
