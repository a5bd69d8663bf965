"""Forms of the subject's rights: object to a record, apply for its repair, and (staff) link an account."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fazhi.credit.models import TEXT_MAX
from fazhi.credit.rights import COMMITMENT_TEXT, MAX_PROOF_FILES


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
        """A service's ValidationError on the form's fields (unknown fields on the form itself)."""
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, errors)  # type: ignore[attr-defined]
        else:
            self.add_error(None, exc.messages)  # type: ignore[attr-defined]


class ObjectionForm(ServiceErrorsMixin, forms.Form):
    grounds = forms.CharField(
        label=_("What is wrong"),
        max_length=TEXT_MAX,
        widget=forms.Textarea,
        help_text=_("An error or omission, or a harm to your business secrets or privacy (第三十六条)."),
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea,
        help_text=_("E.g. the number of the decision that changed the act."),
    )


class RepairForm(ServiceErrorsMixin, forms.Form):
    obligation_performed = forms.CharField(
        label=_("How the obligation was performed"),
        max_length=TEXT_MAX,
        widget=forms.Textarea,
        help_text=_("E.g. the fine paid on a date, the harm removed, the violation corrected."),
    )
    proof = MultipleFileField(
        label=_("Proof"),
        required=False,
        help_text=_("Up to %(n)s files (PDF or images): receipts, inspection results.") % {"n": MAX_PROOF_FILES},
    )
    commitment_signed = forms.BooleanField(
        label=_("I sign the credit commitment above"), required=True, help_text=COMMITMENT_TEXT
    )


class LinkAccountForm(ServiceErrorsMixin, forms.Form):
    username = forms.CharField(label=_("Username of the account"), max_length=150)
    identifier = forms.CharField(
        label=_("Unified social credit code or ID number"),
        max_length=18,
        help_text=_("As on the identity document checked at the counter; it is not shown again."),
    )
