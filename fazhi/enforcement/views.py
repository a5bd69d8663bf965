"""Public pages (no login): who enforces what — each body's powers with their articles, its officers (name,
certificate number, area only), its discretion standards and no-penalty lists — and the no-penalty self-check,
which runs the same engine the officers use (``rules.check_exemption``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.casework.abuse import throttle
from fazhi.casework.services import history
from fazhi.core.permissions import VIEW
from fazhi.core.views import PUBLIC, ObjectDetailView, PageView, refuse_oversized
from fazhi.enforcement.choices import RatedKind, ReportStatus
from fazhi.enforcement.forms import RatingForm, ReportForm, SelfCheckForm, TrackForm
from fazhi.enforcement.models import (
    ContactRating,
    DiscretionStandard,
    EnforcementMatter,
    EnforcementReport,
    ExemptionItem,
    ExemptionList,
    Officer,
)
from fazhi.enforcement.reports import body_rating, ratings_by_body, report_by_phone, report_rate, report_submit
from fazhi.enforcement.rules import band_order, check_exemption, describe_clause, items_covering, questions_for
from fazhi.orgs.models import Organisation


def _matters(user: Any) -> Any:
    return EnforcementMatter.objects.restrict(user, VIEW)


class HomeView(PageView):
    """The bodies that publish powers, and a search over their matters."""

    access = PUBLIC
    template_name = "enforcement/home.html"
    title = _("Administrative enforcement")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        query = self.request.GET.get("q", "").strip()[:100]
        bodies = (
            Organisation.objects.filter(enforcement_matters__in=_matters(user))
            .annotate(n=Count("enforcement_matters", distinct=True))
            .order_by("path")
        )
        found = []
        if query:
            found = list(
                _matters(user)
                .filter(Q(name__icontains=query) | Q(violation__icontains=query))
                .select_related("body")[:50]
            )
        listed: list[Any] = list(bodies)
        ratings = ratings_by_body(listed)
        for body in listed:
            body.rating = ratings.get(body.pk)
        return super().get_context_data(bodies=listed, query=query, found=found, **kwargs)


class BodyView(PageView):
    """One body's published powers, officers, standards and no-penalty lists (行政处罚法 第三十四条、第三十九条)."""

    access = PUBLIC
    template_name = "enforcement/body.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        body = get_object_or_404(Organisation, code=self.kwargs["code"])
        matters = list(_matters(user).filter(body=body).prefetch_related("bases__work"))
        officers = Officer.objects.restrict(user, VIEW).filter(body=body).only("name", "certificate_number", "area")
        standards = DiscretionStandard.objects.restrict(user, VIEW).filter(matter__body=body).select_related("matter")
        lists = ExemptionList.objects.restrict(user, VIEW).filter(body=body)
        if not (matters or officers.exists() or lists.exists()):
            raise Http404
        return super().get_context_data(
            body=body,
            title=body.name,
            matters=matters,
            officers=officers,
            standards=standards,
            lists=lists,
            rating=body_rating(body),
            **kwargs,
        )


class MatterView(ObjectDetailView):
    access = PUBLIC
    model = EnforcementMatter
    template_name = "enforcement/matter.html"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("body").prefetch_related("bases__work")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        matter = self.object
        items = items_covering(matter, timezone.localdate())
        standard = DiscretionStandard.objects.restrict(self.request.user, VIEW).filter(matter=matter).first()
        return super().get_context_data(title=matter.name, items=items, standard=standard, **kwargs)


class StandardView(ObjectDetailView):
    """A standard's table of bands and factors, in the version asked (``?version=``) or the one in force today."""

    access = PUBLIC
    model = DiscretionStandard
    template_name = "enforcement/standard.html"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("matter__body")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        standard = self.object
        versions = list(standard.versions.filter(published_at__isnull=False).order_by("-number"))
        asked = self.request.GET.get("version", "")
        if asked.isdigit():
            version = next((v for v in versions if v.number == int(asked)), None)
            if version is None:
                raise Http404
        else:
            version = standard.version_on(timezone.localdate()) or (versions[-1] if versions else None)
        factors = list(version.factors.select_related("work")) if version else []
        questions = {f.key: f.question for f in factors}
        bands = [
            (band, [describe_clause(c, questions) for c in band.conditions])
            for band in (band_order(version.bands.all()) if version else [])
        ]
        return super().get_context_data(
            title=standard.title, version=version, versions=versions, factors=factors, bands=bands, **kwargs
        )


class ListView(ObjectDetailView):
    access = PUBLIC
    model = ExemptionList
    template_name = "enforcement/list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        items = (
            ExemptionItem.objects.filter(exemption_list=self.object)
            .prefetch_related("conditions", "matters")
            .order_by("position", "pk")
        )
        return super().get_context_data(title=self.object.title, items=items, **kwargs)


class SelfCheckView(PageView):
    """ "May this be exempted?": pick a matter (search by name), answer the conditions the lists ask, and see each
    condition met or not and why — the same check an officer runs."""

    access = PUBLIC
    template_name = "enforcement/check.html"
    title = _("No-penalty self-check")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        params = self.request.GET
        query = params.get("q", "").strip()[:100]
        context: dict[str, Any] = {"query": query, "matter": None, "form": None, "checks": None}
        matters = _matters(self.request.user)
        if query:
            context["found"] = list(
                matters.filter(Q(name__icontains=query) | Q(violation__icontains=query), exemption_items__isnull=False)
                .distinct()
                .select_related("body")[:50]
            )
        matter_id = params.get("matter", "")
        if matter_id:
            if not matter_id.isdigit():
                raise Http404
            matter = get_object_or_404(matters.select_related("body"), pk=int(matter_id))
            items = items_covering(matter, timezone.localdate())
            questions = questions_for(items)
            submitted = "check" in params
            form = SelfCheckForm(params if submitted else None, questions=questions)
            context.update(matter=matter, form=form, items=items)
            if submitted and form.is_valid():
                try:
                    context["checks"] = check_exemption(matter, form.answers())
                except ValidationError as error:
                    form.add_error(None, error)
        return super().get_context_data(**context, **kwargs)


# --- reports from the public (上海市城市管理行政执法条例 第二十六条) and ratings ---

_SESSION_KEY = "enforcement_reports"  # the reports this browser submitted or found anonymously (number list)


def _remember(request: HttpRequest, number: str) -> None:
    numbers = [n for n in request.session.get(_SESSION_KEY, []) if n != number][-19:]
    request.session[_SESSION_KEY] = [*numbers, number]


def _own_report(request: HttpRequest, number: str) -> EnforcementReport:
    """The reporter's own report: by account, or found in this session (anonymous); anyone else: not found."""
    found = EnforcementReport.objects.filter(tracking_number=number).select_related("organisation").first()
    if found is None:
        raise Http404
    if request.user.is_authenticated and found.submitter_id == request.user.pk:
        return found
    if found.submitter_id is None and number in request.session.get(_SESSION_KEY, []):
        return found
    raise Http404


def _form_errors(form: forms.Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class ReportCreateView(PageView):
    """Report a violation: signed in, or anonymously with a phone number (第二十六条第一款、第二款)."""

    access = PUBLIC
    template_name = "enforcement/report_form.html"
    title = _("Report a violation to an enforcement body")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("form", ReportForm())
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = ReportForm(request.POST, request.FILES)
        if refuse_oversized(request, form) or not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        throttle(request, "enforcement.report")
        data = form.cleaned_data
        try:
            report = report_submit(user=request.user, **data)
        except ValidationError as exc:
            _form_errors(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if report.submitter_id is None:
            _remember(request, report.tracking_number)
        messages.success(
            request,
            gettext("Your report %(number)s was sent to %(body)s. Keep the number to follow it.")
            % {"number": report.tracking_number, "body": getattr(report.organisation, "name", "")},
        )
        return redirect(report.get_absolute_url())


class ReportView(PageView):
    """The reporter follows their report and, once told the result, rates the handling."""

    access = PUBLIC
    template_name = "enforcement/report.html"

    def report(self) -> EnforcementReport:
        if not hasattr(self, "_report"):
            self._report = _own_report(self.request, self.kwargs["number"])
        return self._report

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        report = self.report()
        rating = ContactRating.objects.filter(kind=RatedKind.REPORT, subject_ref=report.tracking_number).first()
        kwargs.setdefault("form", RatingForm())
        return super().get_context_data(
            report=report,
            title=report.tracking_number,
            events=history(report, for_submitter=True),
            rating=rating,
            may_rate=rating is None and report.status == ReportStatus.ANSWERED,
            **kwargs,
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        report = self.report()
        form = RatingForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            report_rate(report=report, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, gettext("Thank you: your rating was recorded."))
        return redirect(report.get_absolute_url())


class ReportTrackView(PageView):
    """An anonymous reporter finds their report by its number and the phone number given with it."""

    access = PUBLIC
    template_name = "enforcement/report_track.html"
    title = _("Follow a report")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("form", TrackForm())
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = TrackForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        throttle(request, "enforcement.track")
        report = report_by_phone(form.cleaned_data["number"], form.cleaned_data["phone"])
        if report is None or report.submitter_id is not None:
            form.add_error(None, gettext("No report with this number and phone number."))
            return self.render_to_response(self.get_context_data(form=form), status=404)
        _remember(request, report.tracking_number)
        return redirect(report.get_absolute_url())
