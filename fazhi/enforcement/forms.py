"""Forms of the enforcement pages: the public self-check, and the console's matters, officers, standards and lists.
Saves go through ``fazhi.enforcement.services`` (citations resolved there)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.enforcement.choices import Circumstance, ConditionKind, FactorEffect, FactorKind, Harm, PowerKind
from fazhi.enforcement.models import EnforcementMatter, ExemptionList, Officer
from fazhi.laws.refs import CITATION_MAX_LENGTH
from fazhi.orgs.models import Organisation
from fazhi.orgs.picker import OrganisationField

YES_NO = (("", _("not answered")), ("yes", _("yes")), ("no", _("no")))


def _bodies(user: Any, perm: str) -> Any:
    return Organisation.objects.where(user, perm).filter(is_active=True)


class SelfCheckForm(forms.Form):
    """The no-penalty self-check: only the questions the items covering the matter ask are shown."""

    first_violation = forms.ChoiceField(label=_("Is this the first time you committed this violation?"), choices=YES_NO)
    harm = forms.ChoiceField(
        label=_("Did it cause harm?"), choices=(("", _("not answered")), *Harm.choices), required=False
    )
    corrected = forms.ChoiceField(label=_("Have you corrected it?"), choices=YES_NO)
    corrected_days = forms.IntegerField(
        label=_("How many days after being told did the correction take?"), min_value=0, max_value=3650
    )
    no_fault = forms.ChoiceField(
        label=_("Can you show with evidence that you were not at fault?"),
        choices=YES_NO,
        help_text=_("For example: you were misled by a forged document you could not recognise."),
    )

    def __init__(self, *args: Any, questions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in questions:
                del self.fields[name]
            else:
                self.fields[name].required = False

    def answers(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class MatterForm(forms.Form):
    body = OrganisationField(label=_("body"))
    code = forms.CharField(label=_("code"), max_length=40)
    name = forms.CharField(label=_("name"), max_length=200)
    kind = forms.ChoiceField(label=_("kind"), choices=PowerKind.choices)
    violation = forms.CharField(label=_("violation"), max_length=2000, required=False, widget=forms.Textarea)
    violated_article = forms.CharField(
        label=_("the article that the act violates"),
        max_length=CITATION_MAX_LENGTH,
        required=False,
        help_text=_("As 上海市生活垃圾管理条例第二十四条第一款; several separated by ；"),
    )
    penalty_article = forms.CharField(
        label=_("the article that sets the penalty"), max_length=CITATION_MAX_LENGTH, required=False
    )
    is_published = forms.BooleanField(label=_("published"), required=False, initial=True)

    def __init__(self, *args: Any, user: Any, matter: EnforcementMatter | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["body"]
        assert isinstance(field, OrganisationField)
        field.queryset = _bodies(
            user, "enforcement.add_enforcementmatter" if matter is None else "enforcement.change_enforcementmatter"
        )
        field.user = user
        if matter is not None:
            self.fields["body"].disabled = True
            self.fields["code"].disabled = True
            bases = list(matter.bases.all())
            self.initial.update(
                body=matter.body.code,
                code=matter.code,
                name=matter.name,
                kind=matter.kind,
                violation=matter.violation,
                is_published=matter.is_published,
                violated_article="；".join(b.citation for b in bases if b.role == "forbids"),
                penalty_article="；".join(b.citation for b in bases if b.role == "penalises"),
            )


class OfficerForm(forms.ModelForm):
    class Meta:
        model = Officer
        fields = (
            "body",
            "name",
            "certificate_number",
            "area",
            "certificate_valid_until",
            "legal_qualification",
            "is_active",
        )
        widgets = {"certificate_valid_until": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"] = OrganisationField(
            queryset=_bodies(
                user, "enforcement.add_officer" if self.instance.pk is None else "enforcement.change_officer"
            ),
            label=_("body"),
        )


class StandardForm(forms.Form):
    matter = forms.ModelChoiceField(label=_("enforcement matter"), queryset=EnforcementMatter.objects.none())
    title = forms.CharField(label=_("title"), max_length=200)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["matter"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            EnforcementMatter.objects.restrict(user, "change").filter(standard__isnull=True).select_related("body")
        )


class VersionForm(forms.Form):
    effective_from = forms.DateField(label=_("in force from"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("what changed"), max_length=500, required=False)


class FactorForm(forms.Form):
    key = forms.SlugField(
        label=_("key"), max_length=40, help_text=_("How answers name this factor (letters, digits, _).")
    )
    question = forms.CharField(label=_("question"), max_length=300)
    kind = forms.ChoiceField(label=_("answer"), choices=FactorKind.choices)
    effect = forms.ChoiceField(label=_("effect"), choices=FactorEffect.choices)
    citation = forms.CharField(label=_("article"), max_length=CITATION_MAX_LENGTH)


class BandForm(forms.Form):
    circumstance = forms.ChoiceField(label=_("circumstance"), choices=Circumstance.choices)
    fine_min = forms.DecimalField(label=_("lowest fine"), min_value=0, max_digits=14, decimal_places=2, required=False)
    fine_max = forms.DecimalField(label=_("highest fine"), min_value=0, max_digits=14, decimal_places=2, required=False)
    other_penalties = forms.CharField(
        label=_("other penalties"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    conditions = forms.CharField(
        label=_("conditions"),
        max_length=1000,
        required=False,
        help_text=_("Clauses separated by ；, each «key yes», «key no» or «key >= number»; empty: the default band."),
    )
    citation = forms.CharField(label=_("article"), max_length=CITATION_MAX_LENGTH, required=False)


class ExemptionListForm(forms.Form):
    body = OrganisationField(label=_("body"))
    title = forms.CharField(label=_("title"), max_length=200)
    effective_from = forms.DateField(label=_("in force from"), widget=forms.DateInput(attrs={"type": "date"}))
    effective_until = forms.DateField(
        label=_("in force until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    supersedes = forms.ModelChoiceField(
        label=_("replaces the list"), queryset=ExemptionList.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["body"]
        assert isinstance(field, OrganisationField)
        field.queryset = _bodies(user, "enforcement.add_exemptionlist")
        field.user = user
        supersedes = self.fields["supersedes"]
        assert isinstance(supersedes, forms.ModelChoiceField)
        supersedes.queryset = ExemptionList.objects.restrict(user, "change").filter(effective_until__isnull=True)


class _MattersField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.body.name} · {obj.name}"


class ExemptionItemForm(forms.Form):
    title = forms.CharField(label=_("violation"), max_length=300)
    matters = _MattersField(
        label=_("matters"), queryset=EnforcementMatter.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    mandatory = forms.BooleanField(
        label=_("shall not be punished"),
        required=False,
        help_text=_("Unticked: may be left unpunished (可以不予处罚), at the body's discretion."),
    )
    first_violation = forms.BooleanField(label=ConditionKind.FIRST_VIOLATION.label, required=False)
    harm = forms.ChoiceField(
        label=_("harmful consequence"),
        required=False,
        choices=(
            ("", _("not a condition")),
            (ConditionKind.NO_HARM, ConditionKind.NO_HARM.label),
            (ConditionKind.MINOR_HARM, ConditionKind.MINOR_HARM.label),
        ),
    )
    corrected = forms.BooleanField(label=ConditionKind.CORRECTED.label, required=False)
    corrected_days = forms.IntegerField(label=_("days to correct"), required=False, min_value=1, max_value=365)
    no_fault = forms.BooleanField(label=ConditionKind.NO_FAULT.label, required=False)
    education = forms.CharField(
        label=_("education to give"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, exemption_list: ExemptionList, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["matters"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        # A department's list covers the matters of its level: a district's, that district's; the city's, all.
        body = exemption_list.body
        scope = body.parent.path if body.parent is not None else body.path
        field.queryset = EnforcementMatter.objects.filter(body__path__startswith=scope).select_related("body")


class ImportForm(forms.Form):
    file = forms.FileField(label=_("catalogue file (.xlsx or .csv)"))


# --- reports from the public and ratings (上海市城市管理行政执法条例 第二十六条; plan clause (十三)) ---------------


class _StreetSelect(forms.Select):
    """Each street's option names its district (``data-district``), so the 12345 form's ``hotline/location.js``
    offers only the chosen district's streets; without JavaScript every street is listed with its district."""

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        instance = getattr(value, "instance", None)
        if instance is not None and instance.parent_id:
            option["attrs"]["data-district"] = str(instance.parent_id)
        return option


class _StreetField(forms.ModelChoiceField):
    widget = _StreetSelect

    def label_from_instance(self, obj: Organisation) -> str:
        parent = obj.parent
        return f"{parent.name if parent is not None else ''} {obj.name}".strip()


class _PhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class _PhotoField(forms.FileField):
    """Several photos in one input; the service checks their number and real type."""

    widget = _PhotoInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(_PhotoField, self).clean(f, initial) for f in files]


class ReportForm(forms.Form):
    """A report of a violation to an enforcement body; the service decides (``reports.report_submit``)."""

    what = forms.CharField(
        label=_("What is happening?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The violation you saw: what, by whom if you know (a shop's name, a vehicle), since when."),
    )
    place = forms.CharField(label=_("Where?"), max_length=200, help_text=_("Street address or a landmark."))
    district = forms.ModelChoiceField(
        label=_("District"), queryset=Organisation.objects.none(), required=False, empty_label=_("— I do not know —")
    )
    street = _StreetField(
        label=_("Street or town"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("— I do not know —"),
    )
    occurred_at = forms.DateTimeField(
        label=_("When?"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
    )
    body = forms.ModelChoiceField(
        label=_("Enforcement body"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("— the district's 城管执法局 —"),
        help_text=_("Leave it to send the report to the 城管执法局 of the district chosen above."),
    )
    photos = _PhotoField(
        label=_("Photos (optional)"),
        required=False,
        help_text=_("Up to 5 photos, JPEG, PNG or WebP. Seen only by the staff handling the report."),
    )
    contact_name = forms.CharField(label=_("Your name (optional)"), max_length=50, required=False)
    contact_phone = forms.CharField(
        label=_("Your phone number"),
        max_length=30,
        required=False,
        help_text=_(
            "Needed when you are not signed in: the body tells you the result on it. Stored encrypted, shown masked "
            "in lists, never published nor given to the party you report (第二十六条第三款)."
        ),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the enforcement body uses my contact details to handle this report (Personal "
            "Information Protection Law, art. 13–14)."
        ),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from fazhi.enforcement.reports import enforcement_bodies
        from fazhi.orgs.choices import OrganisationKind

        super().__init__(*args, **kwargs)
        active = Organisation.objects.filter(is_active=True)
        self.fields["district"].queryset = active.filter(kind=OrganisationKind.DISTRICT).order_by("code")  # type: ignore[attr-defined]
        self.fields["street"].queryset = (  # type: ignore[attr-defined]
            active.filter(kind=OrganisationKind.STREET).select_related("parent").order_by("code")
        )
        self.fields["body"].queryset = enforcement_bodies()  # type: ignore[attr-defined]
        self.fields["photos"].widget.attrs["accept"] = "image/jpeg,image/png,image/webp"


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Your rating"),
        coerce=int,
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
        help_text=_("5 very satisfied … 1 very dissatisfied."),
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Read by the body only; never published."),
    )


class TrackForm(forms.Form):
    """An anonymous reporter finds their report by its number and the phone number they gave."""

    number = forms.CharField(label=_("Tracking number"), max_length=24)
    phone = forms.CharField(label=_("The phone number you gave"), max_length=30)
