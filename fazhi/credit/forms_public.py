"""Forms of the public side: search, report verification, issuing a report, the staff look-up."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from fazhi.credit import access, reports, search
from fazhi.credit.choices import ReportKind
from fazhi.credit.models import Subject

_DATE = forms.DateInput(attrs={"type": "date"})


class SubjectSearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Organisation name or unified social credit code"),
        max_length=search.MAX_LENGTH,
        min_length=search.MIN_LENGTH,
        help_text=gettext_lazy("Part of the name (a former name also finds it), or the 18-character code."),
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Verification code"),
        max_length=40,
        help_text=gettext_lazy("As printed on the report, e.g. ABCD-EFGH-JKLM-NPQR."),
    )
    pdf = forms.FileField(
        label=gettext_lazy("The report's PDF (optional)"),
        required=False,
        help_text=gettext_lazy("Given, it is compared byte for byte with the report as issued."),
    )

    def clean_pdf(self) -> bytes | None:
        upload = self.cleaned_data.get("pdf")
        if not upload:
            return None
        if upload.size > reports.MAX_UPLOAD_BYTES:
            raise ValidationError(_("The file is larger than any report: it cannot be the report."))
        return bytes(upload.read())


class _PeriodForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind of report"), choices=ReportKind.choices)
    period_from = forms.DateField(label=gettext_lazy("Period from"), widget=_DATE)
    period_to = forms.DateField(label=gettext_lazy("Period to"), widget=_DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("period_from") and data.get("period_to"):
            reports.check_period(data["period_from"], data["period_to"])
        return data


class OwnReportForm(_PeriodForm):
    """A linked account issues a report on one of its subjects."""

    subject = forms.ModelChoiceField(
        label=pgettext_lazy("credit", "Subject"), queryset=Subject.objects.none(), empty_label=None
    )
    purpose = forms.CharField(label=gettext_lazy("Purpose (optional)"), max_length=200, required=False)
    field_order = ("subject", "kind", "period_from", "period_to", "purpose")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        subject_field = self.fields["subject"]
        assert isinstance(subject_field, forms.ModelChoiceField)
        subject_field.queryset = access.subjects_of(user)
        subject_field.label_from_instance = _public_name  # type: ignore[method-assign,assignment]


def _public_name(subject: Subject) -> str:
    return subject.public_name


class StaffReportForm(_PeriodForm):
    """The credit centre issues a report on any subject, by identifier, for a stated purpose."""

    identifier = forms.CharField(
        label=gettext_lazy("Unified social credit code or ID number"),
        max_length=18,
    )
    purpose = forms.CharField(
        label=gettext_lazy("Purpose"),
        max_length=200,
        help_text=gettext_lazy("Written to the subject's query log (上海市社会信用条例 第三十四条)."),
    )
    field_order = ("identifier", "kind", "period_from", "period_to", "purpose")


class LookupForm(forms.Form):
    identifier = forms.CharField(label=gettext_lazy("Unified social credit code or ID number"), max_length=18)
    purpose = forms.CharField(
        label=gettext_lazy("Purpose of the look-up"),
        max_length=200,
        help_text=gettext_lazy(
            "Required. Every look at a natural person's records is logged with who looked, why and what was seen, "
            "and the person can see it."
        ),
    )

    def clean_purpose(self) -> str:
        purpose = " ".join(str(self.cleaned_data.get("purpose") or "").split())
        if len(purpose) < 2:
            raise ValidationError(_("Say why you look: a few words at least."))
        return purpose
