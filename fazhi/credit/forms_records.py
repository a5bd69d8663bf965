"""Forms of the records part's console pages (and the public lists page has none)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.credit.choices import Category, Disclosure, ListKind, RecordStatus, SubjectKind


class RecordFilterForm(forms.Form):
    q = forms.CharField(label=_("Name, code or reference"), max_length=100, required=False)
    item = forms.CharField(label=_("Item code"), max_length=30, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=[("", "—"), *RecordStatus.choices], required=False)
    due = forms.BooleanField(label=_("Only records awaiting deletion"), required=False)


class SubjectSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or unified social credit code"), max_length=100, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class CatalogueDraftForm(forms.Form):
    version = forms.CharField(label=_("Version"), max_length=20)
    title = forms.CharField(label=_("Title"), max_length=200)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CatalogueItemForm(forms.Form):
    code = forms.CharField(label=_("Item code"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    subject_kinds = forms.MultipleChoiceField(
        label=_("Subjects"), choices=SubjectKind.choices, widget=forms.CheckboxSelectMultiple
    )
    provider_description = forms.CharField(label=_("Providing bodies"), max_length=200, required=False)
    legal_basis = forms.CharField(
        label=_("Legal basis"), max_length=200, help_text=_("An article, e.g. 上海市社会信用条例第九条.")
    )
    disclosure = forms.ChoiceField(label=_("Disclosure"), choices=Disclosure.choices)
    disclosure_months = forms.IntegerField(
        label=_("Disclosed for (months)"), min_value=1, max_value=600, required=False
    )
    queryable_by = forms.CharField(label=_("Who may query"), max_length=200, required=False)


class PilotCodeForm(forms.Form):
    code = forms.CharField(label=_("Credit code"), max_length=18, min_length=18)
    note = forms.CharField(
        label=_("Why it is accepted"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The review's finding: who issued the code, when, and what was checked."),
    )


class ListEntryForm(forms.Form):
    identifier = forms.CharField(
        label=_("Unified social credit code or ID number"),
        max_length=18,
        help_text=_("The subject must already be known to the platform."),
    )
    reason = forms.CharField(label=_("Reason for listing"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    record_ref = forms.CharField(label=_("Record (reference at the source)"), max_length=100, required=False)
    exits_on = forms.DateField(
        label=_("To leave the list on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class CommitmentForm(forms.Form):
    identifier = forms.CharField(label=_("Unified social credit code or ID number"), max_length=18)
    body = forms.CharField(label=_("Body code"), max_length=32, help_text=_("The body the commitment was made to."))
    matter = forms.CharField(label=pgettext_lazy("credit", "Matter"), max_length=200)
    content = forms.CharField(label=_("What was committed"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    made_on = forms.DateField(label=_("Made on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class AssessForm(forms.Form):
    kept = forms.TypedChoiceField(
        label=_("Result"),
        choices=[("1", _("kept")), ("0", _("broken"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("Finding"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ImportForm(forms.Form):
    what = forms.ChoiceField(
        label=_("What the file holds"), choices=[("records", _("records")), ("subjects", _("subjects"))]
    )
    source_system = forms.SlugField(
        label=_("Source system"), max_length=40, required=False, help_text=_("For records: e.g. swj-zhzf.")
    )
    file = forms.FileField(label=_("CSV or Excel file"), help_text=_("Columns as in docs/credit-records.md."))


class ListDefinitionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of list"), choices=ListKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    body = forms.CharField(label=_("Body code"), max_length=32, help_text=_("The body that keeps the list."))
    entry_conditions = forms.CharField(
        label=_("Entry conditions"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    exit_conditions = forms.CharField(
        label=_("Exit conditions"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    remedies = forms.CharField(label=_("Remedies"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=200)
    published = forms.BooleanField(label=_("Publish now"), required=False)
