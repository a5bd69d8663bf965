"""Forms: building a survey (staff), inviting people, and the answering form (respondents)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.models import User
from fazhi.orgs.models import Organisation
from fazhi.supervision.models import Measure, Plan
from fazhi.surveys.choices import CHOICE_KINDS, QuestionKind
from fazhi.surveys.models import Question, Survey
from fazhi.surveys.services import MAX_TEXT


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ReopenForm(forms.Form):
    closes_on = forms.DateField(label=_("New closing date"), widget=DateInput())


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = ("title", "intro", "organisation", "audience", "opens_on", "closes_on", "anonymous", "measures")
        widgets = {"opens_on": DateInput(), "closes_on": DateInput(), "intro": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.where(user, "surveys.add_survey").filter(
            is_active=True
        )
        self.fields["measures"].queryset = Measure.objects.filter(plan=Plan.objects.main())
        self.fields["measures"].required = False
        self.fields["measures"].widget.attrs["size"] = 6

    def save(self, commit: bool = True) -> Survey:
        return super().save(commit=False)  # the view saves through services.survey_save


class QuestionForm(forms.ModelForm):
    choices_text = forms.CharField(
        label=_("Choices"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Choice questions: one choice a line, in order."),
    )

    class Meta:
        model = Question
        fields = ("text", "help_text", "kind", "required", "satisfaction", "position")

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False
        self.fields["position"].help_text = _("Empty: after the last question.")
        if self.instance.pk:
            self.fields["choices_text"].initial = "\n".join(c.label for c in self.instance.choices.all())

    def clean_position(self) -> int:
        return self.cleaned_data.get("position") or 0

    def choices(self) -> list[str] | None:
        if self.cleaned_data.get("kind") not in CHOICE_KINDS:
            return None  # left-over lines of a draft question that stopped being a choice question are dropped
        return self.cleaned_data.get("choices_text", "").splitlines()

    def save(self, commit: bool = True) -> Question:
        return super().save(commit=False)  # the view saves through services.question_save


_NAMED_ADDRESS = re.compile(r"^\s*(?P<name>[^<>]*?)\s*<(?P<email>[^<>\s]+)>\s*$")


class InviteForm(forms.Form):
    usernames = forms.CharField(
        label=_("Platform users"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("User names, one a line. They get a notification with their personal link."),
    )
    emails = forms.CharField(
        label=_("Experts by e-mail"),
        required=False,
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One a line: an address, or a name and the address in angle brackets (王教授 <wang@example.edu>)."),
    )

    def clean_usernames(self) -> list[User]:
        names = [n.strip() for n in self.cleaned_data["usernames"].splitlines() if n.strip()]
        if len(names) > 500:
            raise ValidationError(_("At most 500 people at a time."))
        users = {u.username: u for u in User.objects.filter(username__in=names, is_active=True)}
        unknown = [n for n in names if n not in users]
        if unknown:
            raise ValidationError(_("Unknown user names: %(names)s") % {"names": ", ".join(unknown[:10])})
        return list(users.values())

    def clean_emails(self) -> list[tuple[str, str]]:
        pairs = []
        for line in self.cleaned_data["emails"].splitlines():
            if not line.strip():
                continue
            match = _NAMED_ADDRESS.match(line)
            name, address = (match["name"], match["email"]) if match else ("", line.strip())
            try:
                validate_email(address)
            except ValidationError:
                raise ValidationError(_("Not an e-mail address: %(line)s") % {"line": line.strip()[:100]}) from None
            pairs.append((address, name))
        if len(pairs) > 500:
            raise ValidationError(_("At most 500 people at a time."))
        return pairs

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors and not data.get("usernames") and not data.get("emails"):
            raise ValidationError(_("Name at least one person to invite."))
        return data


SCALE_LABELS = {
    1: _("1 – very dissatisfied"),
    2: _("2 – dissatisfied"),
    3: _("3 – neutral"),
    4: _("4 – satisfied"),
    5: _("5 – very satisfied"),
}


class ResponseForm(forms.Form):
    """One field per question, named ``q<id>``. The service checks again (the API takes the same path)."""

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.survey = survey
        for question in survey.questions.prefetch_related("choices"):
            self.fields[f"q{question.pk}"] = self._field(question)

    def _field(self, question: Question) -> forms.Field:
        common = {
            "label": question.text,
            "help_text": question.help_text,
            "required": question.required,
            "error_messages": {  # the same words as the service's, whichever catches it first
                "required": _("This question needs an answer."),
                "invalid_choice": _("This choice does not belong to the question."),
            },
        }
        choices = [(str(c.pk), c.label) for c in question.choices.all()]
        if question.kind == QuestionKind.SINGLE:
            return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
        if question.kind == QuestionKind.MULTIPLE:
            return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
        if question.kind == QuestionKind.SCALE:
            return forms.TypedChoiceField(
                choices=[(str(k), v) for k, v in SCALE_LABELS.items()], coerce=int, widget=forms.RadioSelect, **common
            )
        # The question is the fieldset's legend; the text box is named by it too.
        attrs = {"rows": 4, "aria-labelledby": f"q{question.pk}_legend"}
        return forms.CharField(max_length=MAX_TEXT, widget=forms.Textarea(attrs=attrs), **common)

    def answers(self) -> dict[str, Any]:
        return {name[1:]: value for name, value in self.cleaned_data.items() if value not in (None, "", [])}

    def add_service_errors(self, exc: ValidationError) -> None:
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc)
            return
        for key, messages in exc.message_dict.items():
            self.add_error(key if key in self.fields else None, messages)
