"""Staff console for indicators: definitions, manual entry with evidence, the records behind a value."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.permissions import ADD, CHANGE, VIEW, policy_of
from fazhi.core.views import ObjectCreateView, ObjectDetailView, ObjectEditView, ObjectListView, PageView
from fazhi.indicators.models import Indicator, IndicatorKind, IndicatorValue, PeriodKind
from fazhi.indicators.registry import FORMULAS, Period, recent_periods
from fazhi.indicators.values import compute_indicator, indicator_enter, indicator_records, recompute_indicator
from fazhi.orgs.models import Organisation
from fazhi.supervision.indicator_forms import IndicatorEntryForm, IndicatorForm
from fazhi.supervision.scorecard import (
    MIN_COVERAGE,
    is_pending,
    latest_period_with_data,
    reachable_district,
    scorecard_for,
    scorecard_organisations,
)


def period_from(request: HttpRequest, default: Period | None = None) -> Period:
    """The ``?period=`` asked for, else ``default`` or the current month (a malformed one is said, not a 500)."""
    period = default or Period.containing("month", timezone.localdate())
    if request.GET.get("period"):
        try:
            period = Period.parse(request.GET["period"])
        except ValueError:
            messages.error(request, _("Give the period as 2025-06, 2025-Q2 or 2025."))
    return period


class IndicatorListView(ObjectListView):
    model = Indicator
    queryset = Indicator.objects.prefetch_related("measures").select_related("reporting_organisation")
    template_name = "supervision/console/indicators/list.html"
    title = gettext_lazy("Indicators")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            can_add=policy_of(Indicator).allows(self.request.user, ADD), formulas=FORMULAS, **kwargs
        )


class _IndicatorSave:
    form_class = IndicatorForm
    template_name = "core/object_form.html"

    def get_success_url(self) -> str:
        return reverse("supervision_console:indicator", kwargs={"pk": self.object.pk})

    def form_valid(self, form: IndicatorForm) -> HttpResponse:
        response = super().form_valid(form)  # type: ignore[misc]
        if form.is_valid() and self.object.pk and self.object.kind == IndicatorKind.FORMULA:
            pk = self.object.pk
            transaction.on_commit(lambda: recompute_indicator(pk))  # its stored values follow the new definition
        return response


class IndicatorCreateView(_IndicatorSave, ObjectCreateView):
    model = Indicator
    title = gettext_lazy("New indicator")
    success_message = gettext_lazy("Indicator saved.")


class IndicatorEditView(_IndicatorSave, ObjectEditView):
    model = Indicator
    success_message = gettext_lazy("Indicator saved.")


class IndicatorDetailView(ObjectDetailView):
    """The definition, the values within the user's reach, and the entry form for the reporting organisation."""

    model = Indicator
    queryset = Indicator.objects.prefetch_related("measures").select_related("reporting_organisation")
    template_name = "supervision/console/indicators/detail.html"

    def get_title(self) -> Any:
        return str(self.object)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        indicator, user = self.object, self.request.user
        values = (
            IndicatorValue.objects.restrict(user)
            .filter(indicator=indicator)
            .select_related("organisation")
            .order_by("-period_start", "period_kind", "organisation__path")[:100]
        )
        return super().get_context_data(
            formula=FORMULAS.get(indicator.formula),
            values=values,
            can_change=policy_of(Indicator).allows(user, CHANGE, indicator),
            can_enter=can_enter(user, indicator),
            **kwargs,
        )


def can_enter(user: Any, indicator: Indicator) -> bool:
    reporter = indicator.reporting_organisation
    if indicator.kind != IndicatorKind.MANUAL or reporter is None:
        return False
    return policy_of(IndicatorValue).allows(user, ADD, IndicatorValue(indicator=indicator, organisation=reporter))


class IndicatorEntryView(ObjectDetailView):
    """A value entered by hand, with its evidence (text and an optional file), by the reporting organisation."""

    model = Indicator
    template_name = "supervision/console/indicators/entry.html"

    def get_title(self) -> Any:
        return _("Enter a value: %(indicator)s") % {"indicator": self.object}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(periods=recent_periods(), **kwargs)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self._entrusted()
        initial = {"period": request.GET.get("period", "")[:16]}
        return self.render_to_response(
            self.get_context_data(form=IndicatorEntryForm(initial=initial, indicator=self.object))
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = indicator = self._entrusted()
        form = IndicatorEntryForm(request.POST, request.FILES, indicator=indicator)
        if form.is_valid():
            data = form.cleaned_data
            try:
                indicator_enter(
                    indicator=indicator,
                    organisation=data["organisation"],
                    period=data["period"],
                    value=data["value"],
                    evidence=data["evidence"],
                    upload=data.get("file"),
                    user=request.user,
                )
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))
            else:
                messages.success(request, _("Value saved."))
                return redirect("supervision_console:indicator", pk=indicator.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def _entrusted(self) -> Indicator:
        indicator = self.get_object()
        if indicator.kind != IndicatorKind.MANUAL:
            raise Http404(_("This indicator is computed by its formula: its values cannot be entered."))
        if not can_enter(self.request.user, indicator):
            raise PermissionDenied(
                _("Only staff of %(reporter)s enter this indicator.") % {"reporter": indicator.reporting_organisation}
            )
        return indicator


class IndicatorRecordsView(ObjectDetailView):
    """The drill-down: the number for one organisation and period, and the records it is computed from."""

    model = Indicator
    template_name = "supervision/console/indicators/records.html"
    paginate = 200

    def get_title(self) -> Any:
        return _("%(indicator)s · %(organisation)s") % {"indicator": self.object, "organisation": self.organisation}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not policy_of(IndicatorValue).allows(request.user, VIEW):
            raise PermissionDenied(_("You do not have permission to do this."))
        self.organisation = get_object_or_404(
            Organisation.objects.filter(pk__in=reachable_organisations(request.user)), code=kwargs["code"][:32]
        )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        indicator, user = self.object, self.request.user
        period = period_from(self.request)
        stored = IndicatorValue.objects.filter(
            indicator=indicator, organisation=self.organisation, period_kind=period.kind, period_start=period.start
        ).first()
        value = stored.value if stored else compute_indicator(indicator, self.organisation, period)
        records = indicator_records(indicator, self.organisation, period)
        if records is not None and hasattr(records, "restrict"):
            records = records.restrict(user, VIEW)  # the records' own policy has the last word
        evidence_files = []
        if stored is not None and stored.source == "manual":
            from fazhi.attachments.services import attachments_of

            evidence_files = attachments_of(stored, user)
        return super().get_context_data(
            organisation=self.organisation,
            period=period,
            value=value,
            stored=stored,
            records=[_row(r) for r in records[: self.paginate]] if records is not None else None,
            record_count=records.count() if records is not None else 0,
            evidence_files=evidence_files,
            periods=recent_periods(),
            **kwargs,
        )


def reachable_organisations(user: Any) -> QuerySet:
    """Organisations whose indicator values the user reads (their ``view_indicatorvalue`` scope)."""
    return Organisation.objects.where(user, "indicators.view_indicatorvalue").values("pk")


def _row(record: Any) -> dict[str, Any]:
    """One record of the drill-down: what it is, where it opens, whose it is."""
    opens = record if hasattr(record, "get_absolute_url") else getattr(record, "task", None)  # a milestone: its task
    url = opens.get_absolute_url() if opens is not None else ""
    organisation = record.audit_organisation() if hasattr(record, "audit_organisation") else None
    return {"record": record, "url": url, "organisation": organisation, "kind": record._meta.verbose_name}


class ScorecardView(PageView):
    """Districts ranked by weighted indicator score (``?period=2025-06``, ``2025-Q2`` or ``2025``); with
    ``?district=310101`` that district's streets. Each number opens the records behind it."""

    template_name = "supervision/console/scorecard.html"
    title = gettext_lazy("Indicator scorecard")

    def check_access(self, request: HttpRequest) -> None:
        super().check_access(request)
        if not policy_of(IndicatorValue).allows(request.user, VIEW):
            raise PermissionDenied(_("You do not have permission to do this."))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        district = None
        if self.request.GET.get("district"):
            district = reachable_district(self.request.user, self.request.GET["district"])
            if district is None:
                messages.error(self.request, _("No such district within your reach."))
        # without a period asked for: the latest month with data, not the current one where little is measured yet
        default = None
        if not self.request.GET.get("period"):
            default = latest_period_with_data(PeriodKind.MONTH, scorecard_organisations(self.request.user, district))
        period = period_from(self.request, default)
        indicators, rows = scorecard_for(self.request.user, period, district=district, wait=False)
        return super().get_context_data(
            period=period,
            periods=recent_periods(),
            district=district,
            indicators=indicators,
            rows=rows,
            pending=is_pending(rows),
            defaulted=default is not None,
            min_coverage=int(MIN_COVERAGE * 100),
            **kwargs,
        )
