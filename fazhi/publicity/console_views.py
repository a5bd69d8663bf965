"""Staff console: the body's published decisions (all statuses), withdrawal, import, correction requests."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.casework.services import history
from fazhi.core.permissions import ADD, CHANGE, VIEW
from fazhi.core.views import STAFF, ObjectDetailView, ObjectListView, PageView, refuse_oversized
from fazhi.publicity.forms import ImportForm, WithdrawForm
from fazhi.publicity.importer import import_rows, read_table
from fazhi.publicity.models import CorrectionRequest, PublishedDecision
from fazhi.publicity.services import may_manage, withdraw_decision
from fazhi.workflow.console import StepView, step_offers


class _Granted:
    """Staff work on the decisions they hold a grant for, not on everything the public sees."""

    request: HttpRequest

    def get_queryset(self) -> Any:
        records = PublishedDecision.objects.select_related("body", "district")
        return PublishedDecision.policy.granted(records, self.request.user, VIEW)


class DecisionListView(_Granted, ObjectListView):
    model = PublishedDecision
    access = STAFF
    template_name = "publicity/console/list.html"
    title = gettext_lazy("Published decisions")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["may_import"] = PublishedDecision.policy.allows(self.request.user, ADD)
        context["corrections"] = (
            CorrectionRequest.objects.restrict(self.request.user, VIEW)
            .filter(closed_at__isnull=True)
            .select_related("decision")[:50]
        )
        return context


class DecisionConsoleView(_Granted, ObjectDetailView):
    model = PublishedDecision
    access = STAFF
    template_name = "publicity/console/detail.html"

    def get_title(self) -> Any:
        return self.object.source_ref

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        decision = self.object
        context.update(
            may_withdraw=may_manage(self.request.user, decision) and decision.status != "withdrawn",
            withdraw_form=WithdrawForm(),
            corrections=decision.corrections.all(),
        )
        return context


class WithdrawView(_Granted, ObjectDetailView):
    model = PublishedDecision
    access = STAFF
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        decision = self.get_object()
        form = WithdrawForm(request.POST)
        target = reverse("publicity_console:detail", kwargs={"pk": decision.pk})
        if refuse_oversized(request, form) or not form.is_valid():
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
            return redirect(target)
        try:
            withdraw_decision(
                decision.source_system,
                decision.source_ref,
                form.cleaned_data["reason"],
                changed_on=form.cleaned_data.get("changed_on"),
                user=request.user,
            )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("Withdrawn: the decision left the public search, with the reason."))
        return redirect(target)


class ImportView(PageView):
    """Upload a CSV or Excel file of decisions from another system; the report lists each refused row."""

    access = STAFF
    template_name = "publicity/console/import.html"
    title = gettext_lazy("Import published decisions")

    def check_access(self, request: HttpRequest) -> None:
        super().check_access(request)
        if not PublishedDecision.policy.allows(request.user, ADD):
            raise PermissionDenied(_("You may not import decisions."))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ImportForm())
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = ImportForm(request.POST, request.FILES)
        if refuse_oversized(request, form) or not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        upload = form.cleaned_data["file"]
        if upload.size > settings.PUBLICITY_IMPORT_MAX_BYTES:
            form.add_error("file", _("The file is too large for an upload: use the command `fazhi publicity import`."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            rows = list(read_table(upload, upload.name))
        except (ValidationError, ValueError, KeyError, OSError) as exc:
            form.add_error("file", " ".join(getattr(exc, "messages", [str(exc)])) or _("The file cannot be read."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        scopes_ok, refused = _within_scope(rows, request.user)
        report = import_rows(scopes_ok, source_system=form.cleaned_data["source_system"])
        for line, ref, reason in refused:
            report.add_error(line, ref, reason)
        return self.render_to_response(self.get_context_data(form=ImportForm(), report=report))


def _within_scope(rows: list[dict[str, Any]], user: Any) -> tuple[list[dict[str, Any]], list[tuple[int, str, str]]]:
    """Staff import only their own bodies' decisions (the body of each row within their grant)."""
    from fazhi.core.permissions import EVERYWHERE, path_in_scopes, perm_codename, scopes_for
    from fazhi.orgs.models import Organisation

    scopes = scopes_for(user, perm_codename(PublishedDecision, ADD))
    if scopes is EVERYWHERE:
        return rows, []
    codes = {str(r.get("body_code") or "").strip() for r in rows}
    paths = dict(Organisation.objects.filter(code__in=codes).values_list("code", "path"))
    kept, refused = [], []
    for line, row in enumerate(rows, start=2):
        code = str(row.get("body_code") or "").strip()
        if code in paths and not path_in_scopes(paths[code], scopes):
            refused.append((line, str(row.get("source_ref") or ""), _("This body is outside your responsibility.")))
        else:
            kept.append(row)
    return kept, refused


class CorrectionConsoleView(ObjectDetailView):
    access = STAFF
    model = CorrectionRequest
    template_name = "publicity/console/correction.html"

    def get_queryset(self) -> Any:
        return CorrectionRequest.policy.granted(
            CorrectionRequest.objects.select_related("decision"), self.request.user, VIEW
        )

    def get_title(self) -> Any:
        return _("Correction request %(number)s") % {"number": self.object.tracking_number}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            steps=step_offers(self.object, self.request.user, "publicity_console:step"),
            events=history(self.object, for_submitter=False),
            may_change=CorrectionRequest.policy.allows(self.request.user, CHANGE, self.object),
        )
        return context


class CorrectionStepView(StepView):
    model = CorrectionRequest
    access = STAFF

    def get_queryset(self) -> Any:
        return CorrectionRequest.policy.granted(CorrectionRequest.objects.all(), self.request.user, VIEW)

    def detail_url(self, obj: Any) -> str:
        return reverse("publicity_console:correction", kwargs={"pk": obj.pk})
