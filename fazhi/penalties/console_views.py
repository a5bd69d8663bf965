"""Staff console: a body's case queue (by deadline), filing, the whole record on one page, evidence, the steps."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from fazhi.core.permissions import ADD, CHANGE
from fazhi.core.views import ObjectDetailView, ObjectListView, PolicyMixin
from fazhi.penalties import services
from fazhi.penalties.filtersets import CaseFilterSet
from fazhi.penalties.forms import CaseFileForm, EvidenceForm
from fazhi.penalties.models import PenaltyCase
from fazhi.workflow.clocks import CLOCKS, describe
from fazhi.workflow.console import StepView, error_text, step_offers
from fazhi.workflow.provisions import resolve


def _refusal_to_form(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class CaseListView(ObjectListView):
    """The queue: open cases first by the deadline of what the body must do next, then the rest."""

    model = PenaltyCase
    filterset_class = CaseFilterSet
    template_name = "penalties/console/list.html"
    title = gettext_lazy("Penalty cases")

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("body", "matter")
            .order_by(F("due_at").asc(nulls_last=True), "-filed_on", "-pk")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(may_file=PenaltyCase.policy.allows(self.request.user, ADD), **kwargs)


class CaseFileView(PolicyMixin, FormView):
    model = PenaltyCase
    action = ADD
    template_name = "penalties/console/file.html"
    form_class = CaseFileForm
    title = gettext_lazy("File a penalty case")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form: CaseFileForm) -> HttpResponse:
        data = dict(form.cleaned_data)
        matter = data.pop("matter")
        try:
            case = services.case_file(user=self.request.user, body=matter.body, matter=matter, **data)
        except ValidationError as exc:
            _refusal_to_form(form, exc)
            return self.form_invalid(form)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, _("Case %(number)s filed.") % {"number": case.number})
        return redirect(case.get_absolute_url())


def clock_rows(case: PenaltyCase) -> list[dict[str, Any]]:
    """Every clock of the case with its article, and the dates the case has for each."""
    dates = {
        services.DECIDE: case.due_at if case.clock == services.DECIDE else None,
        services.HEARING_REQUEST: case.hearing_request_due,
        services.PAY: case.payment_due,
        services.LIMITATION: services.limitation_end(case.act_date, False) if not case.grave_harm else None,
        services.LIMITATION_GRAVE: services.limitation_end(case.act_date, True) if case.grave_harm else None,
    }
    if case.served_on:
        dates[services.REMEDY_PERIOD] = services.remedy_period_end(case)
    if case.reminded_on:
        earliest, latest = services.court_window(case)
        dates[services.COURT_WAIT], dates[services.COURT] = earliest, latest
    rows = []
    for key in (
        services.LIMITATION if not case.grave_harm else services.LIMITATION_GRAVE,
        services.DECIDE,
        services.HEARING_REQUEST,
        services.SERVE,
        services.PAY,
        services.REMEDY_PERIOD,
        services.COURT_WAIT,
        services.COURT,
    ):
        clock = CLOCKS[key]
        resolved = resolve(clock.basis) if clock.basis else None
        rows.append(
            {
                "clock": clock,
                "limit": describe(clock),
                "url": resolved.url(case.act_date) if resolved else "",
                "date": dates.get(key),
                "running": case.clock == key,
            }
        )
    return rows


class CaseDetailView(ObjectDetailView):
    """The whole record on one page (全过程记录): party, facts, evidence with its hash status, every step with the
    clock then running, the clocks and their articles, discretion with its explanation, review and decision."""

    model = PenaltyCase
    template_name = "penalties/console/detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("body", "matter", "hearing_chair", "legal_reviewer", "created_by")

    def get_title(self) -> Any:
        return _("Penalty case %(number)s") % {"number": self.object.number}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        case, user = self.object, self.request.user
        may_change = PenaltyCase.policy.allows(user, CHANGE, case)
        return super().get_context_data(
            may_change=may_change,
            officers=case.officers.all(),
            evidence=services.evidence_status(case),
            events=case.events.select_related("actor"),
            clocks=clock_rows(case),
            review_required=services.review_required(case),
            exemptions=case.exemption_checks or [],
            bases=case.matter.bases.select_related("work"),
            steps=step_offers(case, user, "penalties_console:step"),
            evidence_form=EvidenceForm() if may_change and case.status != "closed" else None,
            **kwargs,
        )


class EvidenceView(ObjectDetailView):
    """POST a piece of evidence to a case (its SHA-256 recorded at upload)."""

    model = PenaltyCase
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        case = self.get_object()
        form = EvidenceForm(request.POST, request.FILES)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, " ".join(str(e) for e in errors))
            return redirect(case.get_absolute_url())
        try:
            services.evidence_add(
                case=case,
                upload=form.cleaned_data["file"],
                user=request.user,
                description=form.cleaned_data["description"],
            )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Evidence recorded with its SHA-256."))
        return redirect(case.get_absolute_url())


class CaseStepView(StepView):
    model = PenaltyCase

    def detail_url(self, obj: PenaltyCase) -> str:
        return obj.get_absolute_url()
