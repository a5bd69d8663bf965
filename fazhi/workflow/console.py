"""The staff console's side of a workflow: the steps a person may take on a record, each with its generated form,
and the one view that takes any step of any kind (errors come back as messages, nothing half-saved)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from fazhi.core.views import ObjectDetailView
from fazhi.workflow.declaration import Step, workflow_of
from fazhi.workflow.engine import available_steps
from fazhi.workflow.fields import StepForm, form_class, form_data


@dataclass(frozen=True)
class StepOffer:
    step: Step
    form: StepForm
    url: str

    @property
    def name(self) -> str:
        return self.step.name

    @property
    def label(self) -> Any:
        return self.step.label


def step_offers(matter: Any, user: Any, url_name: str) -> list[StepOffer]:
    """The steps ``user`` may take on ``matter`` now, in declaration order, each with its form (showing the
    record's current values where a field says so) and the URL it posts to (``url_name`` with pk and step)."""
    workflow = workflow_of(matter)
    offers = []
    for step in available_steps(matter, user):
        initial = {f.name: getattr(matter, f.initial_from) for f in step.fields if f.initial_from}
        form = form_class(workflow, step.name)(initial=initial, auto_id=f"id_{step.name}_%s")
        offers.append(StepOffer(step, form, reverse(url_name, args=[matter.pk, step.name])))
    return offers


def error_text(exc: ValidationError | PermissionDenied) -> str:
    return " ".join(str(m) for m in (getattr(exc, "messages", None) or [str(exc)]))


class StepView(ObjectDetailView):
    """``POST <detail>/steps/<step>/``: validate the step's form, call its service, go back to the detail page.

    Subclasses set ``model`` (and ``queryset``), and ``detail_url(obj)``."""

    http_method_names = ["post"]

    def detail_url(self, obj: Any) -> str:
        return obj.get_staff_url()

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        matter = self.get_object()  # out of scope: 404
        workflow = workflow_of(matter)
        if not workflow.has_step(kwargs["step"]):
            raise Http404
        step = workflow.step(kwargs["step"])
        form = form_class(workflow, step.name)(request.POST)
        for form_field in form.fields.values():
            if hasattr(form_field, "user"):  # organisation fields rank the user's own district first among candidates
                form_field.user = request.user
        target = self.detail_url(matter)
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                text = " ".join(str(e) for e in errors)
                messages.error(request, f"{label}: {text}" if label else text)
            return redirect(target)
        try:
            assert step.perform is not None
            step.perform(**{workflow.matter_arg: matter, "user": request.user, **form_data(form)})
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, error_text(exc))
        else:
            if step.done:
                messages.success(request, str(step.done))
        return redirect(target)
