"""Staff forms: a task, delegating it, importing the task table, a milestone."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.orgs.models import Organisation
from fazhi.orgs.picker import OrganisationField, OrganisationsField
from fazhi.supervision.models import Measure, Plan, Task, TaskMilestone
from fazhi.supervision.services import delegation_candidates


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = (
            "measure",
            "title",
            "description",
            "lead_organisation",
            "co_organisations",
            "start_date",
            "deadline",
            "status",
            "percent",
        )
        widgets = {"start_date": DateInput(), "deadline": DateInput(), "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        plan = Plan.objects.main()
        self.fields["measure"].queryset = Measure.objects.filter(plan=plan)
        # the organisation picker (name, short name, code or pinyin initials), within where the user may add tasks
        lead, co = self.fields["lead_organisation"], self.fields["co_organisations"]
        self.fields["lead_organisation"] = OrganisationField(
            queryset=Organisation.objects.where(user, "supervision.add_task").filter(is_active=True),
            label=lead.label,
            help_text=lead.help_text,
            required=lead.required,
        )
        self.fields["co_organisations"] = OrganisationsField(
            queryset=Organisation.objects.filter(is_active=True),
            label=co.label,
            help_text=_("Choose one or more, one after the other; separate names typed by hand with 、."),
            required=False,
        )
        for field in (self.fields["lead_organisation"], self.fields["co_organisations"]):
            field.user = user  # type: ignore[attr-defined]
        self.fields["percent"].widget.attrs.update(min=0, max=100)
        if self.instance.pk and self.instance.children.exists():
            for name in ("status", "percent"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Rolled up from the tasks it was delegated to.")
        if self.instance.pk and self.instance.parent_id:
            for name in ("measure", "lead_organisation"):
                self.fields[name].disabled = True

    def save(self, commit: bool = True) -> Task:
        return super().save(commit=False)  # the view saves through services.task_save


class DelegateForm(forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        label=_("Delegate to"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "One task is created for each organisation chosen; those that already have it are left as they are."
        ),
    )
    all_listed = forms.BooleanField(label=_("All organisations listed"), required=False)

    def __init__(self, *args: Any, parent: Task, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = delegation_candidates(parent, user)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        chosen = (
            list(self.fields["organisations"].queryset)
            if data.get("all_listed")
            else list(data.get("organisations") or [])
        )
        if not chosen:
            raise forms.ValidationError(_("Choose at least one organisation to delegate to."))
        data["chosen"] = chosen
        return data


class TaskImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel workbook (.xlsx)"), help_text=_("As exported from the task list; at most 5 MB.")
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = TaskMilestone
        fields = ("title", "due_date")
        widgets = {"due_date": DateInput()}


class ReportForm(forms.Form):
    text = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    percent = forms.IntegerField(label=_("Percent complete"), min_value=0, max_value=100)
    milestone = forms.ModelChoiceField(
        label=_("Milestone reached"), queryset=TaskMilestone.objects.none(), required=False
    )
    links = forms.CharField(
        label=_("Links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5500,
        help_text=_("One a line: web addresses or paths of records on this site (e.g. /laws/…)."),
    )
    evidence = forms.FileField(label=_("Evidence file (optional)"), required=False)

    def __init__(self, *args: Any, task: Task, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["milestone"].queryset = task.milestones.filter(reached_at__isnull=True)
        self.fields["percent"].initial = task.percent


class NoticeForm(forms.Form):
    text = forms.CharField(label=_("Notice"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    reply_deadline = forms.DateField(label=_("Reply by"), widget=DateInput())
