from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fazhi.orgs.choices import OrganisationKind
from fazhi.orgs.models import Organisation
from fazhi.suggestions.choices import ConversionKind, NoteKind, SubmitterKind
from fazhi.suggestions.models import Solicitation


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class ServiceErrorsMixin:
    def add_service_errors(self, exc: ValidationError) -> None:
        """Put a service's ValidationError on the form's fields (unknown fields on the form itself)."""
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, errors)  # type: ignore[attr-defined]
        else:
            self.add_error(None, exc.messages)  # type: ignore[attr-defined]


class SuggestionForm(ServiceErrorsMixin, forms.Form):
    """第十条's elements, each explained; no JavaScript needed."""

    theme = forms.CharField(
        label=_("Theme"), max_length=200, help_text=_("In one line: what your suggestion is about.")
    )
    facts = forms.CharField(
        label=_("Facts and reasons"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What you have observed and why something should change."),
    )
    proposal = forms.CharField(
        label=_("Your proposal"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What you suggest should be done, and by whom if you know."),
    )
    organisation = forms.ModelChoiceField(
        label=_("To"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("The city (it will be passed on to whoever is responsible)"),
        help_text=_("The district your suggestion concerns, if it concerns one."),
    )
    submitter_kind = forms.ChoiceField(
        label=_("Suggested by"), choices=SubmitterKind.choices, initial=SubmitterKind.CITIZEN, widget=forms.RadioSelect
    )
    submitter_name = forms.CharField(
        label=_("Name of the person or organisation"),
        max_length=100,
        required=False,
        help_text=_("Required for an organisation; a person may leave it empty."),
    )
    contact_phone = forms.CharField(
        label=_("Contact phone (optional)"),
        max_length=20,
        required=False,
        help_text=_("Only so that the handling organisation can ask you about your suggestion; stored encrypted."),
    )
    contact_email = forms.EmailField(label=_("Contact e-mail (optional)"), max_length=200, required=False)
    attachments = MultipleFileField(
        label=_("Files (optional)"),
        required=False,
        help_text=_("Up to 5 files: PDF, images, Word, Excel or text."),
    )
    consent_publish = forms.BooleanField(
        label=_("My suggestion and its answer may be published (without my name and contact details)."),
        required=False,
    )
    privacy = forms.BooleanField(
        label=_(
            "I agree that my contact details are processed to handle this suggestion (Personal Information "
            "Protection Law, art. 13–14): only the handling organisations see them."
        ),
        required=True,
    )

    def __init__(self, *args: Any, solicitation: Solicitation | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if solicitation is not None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = Organisation.objects.filter(
                kind=OrganisationKind.DISTRICT, is_active=True
            ).order_by("code")


class AcceptForm(forms.Form):
    emergency = forms.BooleanField(label=_("Emergency (第十四条): put it on the fast track"), required=False)
    note = forms.CharField(
        label=_("Note to the submitter"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is not taken as a suggestion"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class NoteForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=NoteKind.choices)
    text = forms.CharField(label=_("Note"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Answer to the submitter"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6})
    )


class ConversionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Way"), choices=ConversionKind.choices)
    description = forms.CharField(label=_("What was done"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    url = forms.URLField(
        label=_("Link to the resulting rule, measure or decision"),
        max_length=500,
        required=False,
        assume_scheme="https",
    )
    work = forms.CharField(label=_("Or a law in the library (its key)"), max_length=200, required=False)

    def clean_work(self) -> Any:
        from fazhi.laws.models import Work

        key = self.cleaned_data["work"].strip()
        if not key:
            return None
        work = Work.objects.filter(key=key).first()
        if work is None:
            raise ValidationError(_("No law with this key in the library."))
        return work


class CloseForm(forms.Form):
    note = forms.CharField(label=_("Closing note"), max_length=5000, required=False)


class CommendForm(forms.Form):
    text = forms.CharField(label=_("Commendation"), max_length=500)


class EvaluationForm(ServiceErrorsMixin, forms.Form):
    score = forms.TypedChoiceField(
        label=_("How good was the answer?"),
        choices=[(5, _("5 – very good")), (4, "4"), (3, "3"), (2, "2"), (1, _("1 – poor"))],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class SolicitationForm(forms.ModelForm):
    class Meta:
        model = Solicitation
        fields = (
            "organisation",
            "title",
            "background",
            "questions",
            "how_to_submit",
            "opens_on",
            "closes_on",
            "is_published",
            "allow_anonymous",
            "is_emergency",
        )
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["organisation"].queryset = Organisation.objects.where(user, "suggestions.add_solicitation")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        from fazhi.casework.abuse import refuse_markup

        try:
            refuse_markup(**{k: data.get(k) or "" for k in ("title", "background", "questions", "how_to_submit")})
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                self.add_error(field, errors)
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("It cannot close before it opens."))
        return data


class FeedbackForm(forms.Form):
    text = forms.CharField(label=_("Feedback report"), max_length=20000, widget=forms.Textarea(attrs={"rows": 10}))


class PublishedFilterForm(forms.Form):
    """The answered-suggestions page: find published suggestions by words, district, effect and commendation."""

    q = forms.CharField(label=_("Words"), max_length=100, required=False)
    organisation = forms.ModelChoiceField(
        label=_("District"), queryset=Organisation.objects.none(), required=False, empty_label=_("All of the city")
    )
    converted = forms.BooleanField(label=_("Only those put into effect"), required=False)
    commended = forms.BooleanField(label=_("Only commended ones"), required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            kind=OrganisationKind.DISTRICT, is_active=True
        ).order_by("code")
