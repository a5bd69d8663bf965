"""The one public page of penalties: the party of a closed case rates the enforcement contact (no account)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.casework.abuse import throttle
from fazhi.core.views import PUBLIC, PageView, refuse_oversized
from fazhi.enforcement.forms import RatingForm
from fazhi.penalties.rating import case_rate


class CaseRatingForm(RatingForm):
    number = forms.CharField(
        label=_("Case number"), max_length=60, help_text=_("As on the decision, e.g. …罚〔2025〕0001号.")
    )
    identifier = forms.CharField(
        label=_("Your unified social credit code or ID number"),
        max_length=18,
        help_text=_("Only to check that you are the party of the case; not stored with the rating."),
    )

    field_order = ("number", "identifier", "score", "comment")


class CaseRatingView(PageView):
    access = PUBLIC
    template_name = "penalties/rate.html"
    title = _("Rate an enforcement case you were party to")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("form", CaseRatingForm())
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = CaseRatingForm(request.POST)
        if refuse_oversized(request, form) or not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        throttle(request, "penalties.rate")
        try:
            rating = case_rate(**form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errors in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, gettext("Thank you: your rating was recorded."))
        return redirect(reverse("enforcement:body", kwargs={"code": rating.body.code}))
