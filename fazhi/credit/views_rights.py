"""The subject's own pages (sign-in required): its records and everything about them (第十七条), who looked at them,
objections (第三十六条) and repair (第三十八条). A record, objection or repair of a subject the user does not act for
is not found: nothing about it leaks."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.casework.services import history
from fazhi.core.views import LOGIN, PageView, refuse_oversized
from fazhi.credit import access, rights
from fazhi.credit.choices import QueryChannel
from fazhi.credit.forms_rights import ObjectionForm, RepairForm
from fazhi.credit.models import CreditRecord, Objection, RepairApplication
from fazhi.credit.querylog import log_query, queries_of

QUERIES_SHOWN = 100


def own_reports_url() -> str:
    """The free own report's page (the reports part), when it is there."""
    try:
        return reverse("credit:own_reports")
    except NoReverseMatch:
        return ""


class MineView(PageView):
    """/credit/mine/: each subject the user acts for, with all its records, lists, commitments, matters and the
    queries of its records."""

    access = LOGIN
    template_name = "credit/rights_mine.html"
    title = gettext_lazy("My credit records")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        sections = []
        for subject in access.subjects_of(user):
            records = list(rights.own_records(subject))
            # Looking at one's own records is logged too (第三十四条): the list of queries is complete.
            log_query(
                subject=subject,
                user=user,
                channel=QueryChannel.SELF,
                purpose=_("own records (第十七条)"),
                seen=_("%(n)s records") % {"n": len(records)},
            )
            sections.append(
                {
                    "subject": subject,
                    "records": records,
                    "lists": list(rights.own_lists(subject)),
                    "commitments": list(rights.own_commitments(subject)),
                    "objections": list(
                        Objection.objects.filter(record__subject=subject).select_related("record")[:QUERIES_SHOWN]
                    ),
                    "repairs": list(
                        RepairApplication.objects.filter(record__subject=subject).select_related("record")[
                            :QUERIES_SHOWN
                        ]
                    ),
                    # who else looked: the subject's own looks are logged, not listed back to it
                    "queries": list(queries_of(subject).exclude(channel=QueryChannel.SELF)[:QUERIES_SHOWN]),
                }
            )
        context.update(sections=sections, own_reports_url=own_reports_url(), today=timezone.localdate())
        return context


class _OwnRecordMixin:
    request: HttpRequest
    kwargs: dict[str, Any]

    def own_record(self) -> CreditRecord:
        record = rights.own_record(self.request.user, self.kwargs["pk"])
        if record is None:
            raise Http404
        return record


class MyRecordView(_OwnRecordMixin, PageView):
    """One own record: every date, its objections and repairs, and the conditions of repair for this record."""

    access = LOGIN
    template_name = "credit/rights_record.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        record = self.own_record()
        context.update(
            record=record,
            title=record.title,
            conditions=rights.repair_conditions(record) if record.is_failing else [],
            possible_from=rights.repair_possible_from(record) if record.is_failing else None,
            objections=list(record.objections.all()),
            open_objection=rights.open_objection(record),
            repairs=list(record.repairs.all()),
        )
        return context


def _add_errors(form: Any, exc: ValidationError | PermissionDenied) -> None:
    if isinstance(exc, ValidationError):
        form.add_service_errors(exc)
    else:
        form.add_error(None, str(exc))


class ObjectionCreateView(_OwnRecordMixin, PageView):
    access = LOGIN
    template_name = "credit/rights_objection_form.html"
    title = gettext_lazy("Object to a credit record")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ObjectionForm())
        context["record"] = self.own_record()
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        record = self.own_record()
        form = ObjectionForm(request.POST)
        if refuse_oversized(request, form) or not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            objection = rights.objection_submit(record=record, user=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            _add_errors(form, exc)
            status = 403 if isinstance(exc, PermissionDenied) else 400
            return self.render_to_response(self.get_context_data(form=form), status=status)
        messages.success(
            request,
            _("Your objection %(number)s was received. The record is marked within 1 working day.")
            % {"number": objection.tracking_number},
        )
        return redirect(objection.get_absolute_url())


class RepairCreateView(_OwnRecordMixin, PageView):
    access = LOGIN
    template_name = "credit/rights_repair_form.html"
    title = gettext_lazy("Apply for credit repair")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        record = self.own_record()
        context.setdefault("form", RepairForm())
        context.update(
            record=record,
            conditions=rights.repair_conditions(record),
            possible_from=rights.repair_possible_from(record),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        record = self.own_record()
        form = RepairForm(request.POST, request.FILES)
        if refuse_oversized(request, form) or not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            repair = rights.repair_submit(
                record=record,
                user=request.user,
                obligation_performed=form.cleaned_data["obligation_performed"],
                commitment_signed=form.cleaned_data["commitment_signed"],
                proof=form.cleaned_data["proof"],
            )
        except (ValidationError, PermissionDenied) as exc:
            _add_errors(form, exc)
            status = 403 if isinstance(exc, PermissionDenied) else 400
            return self.render_to_response(self.get_context_data(form=form), status=status)
        messages.success(
            request,
            _("Your repair application %(number)s was sent to %(body)s for review.")
            % {"number": repair.tracking_number, "body": record.provider},
        )
        return redirect(repair.get_absolute_url())


class _FollowView(PageView):
    """The subject follows its matter step by step (anyone else: not found)."""

    access = LOGIN
    model: type[Objection] | type[RepairApplication]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        found = (
            rights.followed_by_subject(self.model, self.request.user)
            .filter(tracking_number=self.kwargs["number"])
            .first()
        )
        if found is None:
            raise Http404
        context = super().get_context_data(**kwargs)
        context.update(matter=found, title=found.tracking_number, events=history(found, for_submitter=True))
        return context


class ObjectionView(_FollowView):
    model = Objection
    template_name = "credit/rights_objection.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["deadlines"] = rights.objection_deadlines(context["matter"])
        return context


class RepairView(_FollowView):
    model = RepairApplication
    template_name = "credit/rights_repair.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["files"] = list(rights.proof_files(context["matter"]))
        return context
