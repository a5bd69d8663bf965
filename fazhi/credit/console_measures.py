"""Staff console of the joint measures: the application list (drafted and published by the credit centre,
第二十二条) and the measures check, one subject or a batch file (第三十二条: the basis and reasons are told)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.permissions import ADD, CHANGE, VIEW
from fazhi.core.views import STAFF, ObjectListView, PageView, refuse_oversized
from fazhi.credit import measures as service
from fazhi.credit.forms_measures import BatchCheckForm, CheckForm, MeasureForm
from fazhi.credit.models import Measure, MeasureCheck
from fazhi.credit.subjects import find_subject

#: An upload larger than this is refused before it is read: 100,000 lines of 18 characters fit in 3 MB.
BATCH_UPLOAD_MAX_BYTES = 8 * 1024 * 1024


def _messages_of(exc: ValidationError | PermissionDenied) -> str:
    return " ".join(getattr(exc, "messages", None) or [str(exc)])


class MeasureListView(ObjectListView):
    """The application list with its drafts (for the centre) and the lines in force."""

    model = Measure
    access = STAFF
    template_name = "credit/measures_console_list.html"
    title = gettext_lazy("Application list of joint incentives and sanctions")

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("body", "target_list")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["may_manage"] = service.may_manage(self.request.user)
        return context


class _MeasureFormView(PageView):
    """Draft a line, or change a draft; only the credit centre (``models.CentrePolicy``)."""

    access = STAFF
    template_name = "credit/measures_form.html"
    action = ADD

    def check_access(self, request: HttpRequest) -> None:
        super().check_access(request)
        if not Measure.policy.allows(request.user, self.action):
            raise PermissionDenied(_("Only the credit centre drafts the application list."))

    def instance(self) -> Measure | None:
        return None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", MeasureForm(instance=self.instance()))
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        current = self.instance()
        form = MeasureForm(request.POST, instance=current)
        if refuse_oversized(request, form) or not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        values = {name: form.cleaned_data.get(name) for name in MeasureForm.Meta.fields}
        values = {k: ("" if v is None and k == "target_category" else v) for k, v in values.items()}
        try:
            measure = service.draft_measure(user=request.user, measure=current, **values)
        except PermissionDenied as exc:
            form.add_error(None, _messages_of(exc))
            return self.render_to_response(self.get_context_data(form=form), status=403)
        except ValidationError as exc:
            _add_errors(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, _("Draft saved. It applies only once published (第三十二条)."))
        return redirect(reverse("credit_console:measures") + f"#measure-{measure.pk}")


def _add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class MeasureCreateView(_MeasureFormView):
    title = gettext_lazy("Draft a joint measure")


class MeasureEditView(_MeasureFormView):
    title = gettext_lazy("Change a draft measure")
    action = CHANGE

    def instance(self) -> Measure | None:
        found = Measure.policy.filter(Measure.objects.all(), self.request.user, CHANGE).filter(pk=self.kwargs["pk"])
        measure = found.first()
        if measure is None:
            raise Http404(_("No such measure."))
        return measure


class MeasurePublishView(PageView):
    access = STAFF
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        measure = Measure.policy.filter(Measure.objects.all(), request.user, VIEW).filter(pk=kwargs["pk"]).first()
        if measure is None:
            raise Http404(_("No such measure."))
        try:
            service.publish_measure(measure, user=request.user)
        except PermissionDenied as exc:
            raise PermissionDenied(_messages_of(exc)) from exc
        except ValidationError as exc:
            messages.error(request, _messages_of(exc))
        else:
            messages.success(
                request, _("Published: the measure is on the public application list and applies from now.")
            )
        return redirect(reverse("credit_console:measures") + f"#measure-{measure.pk}")


class _CheckAccess(PageView):
    access = STAFF

    def check_access(self, request: HttpRequest) -> None:
        super().check_access(request)
        if not MeasureCheck.policy.allows(request.user, ADD):
            raise PermissionDenied(_("You may not run measures checks."))


class CheckView(_CheckAccess):
    """One subject, one matter: the measures that apply and why, each cited."""

    template_name = "credit/measures_check.html"
    title = gettext_lazy("Measures check")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", CheckForm())
        context.setdefault("batch_form", BatchCheckForm())
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = CheckForm(request.POST)
        if refuse_oversized(request, form) or not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        subject = find_subject(data["identifier"])
        if subject is None:
            # the identifier is not repeated: it may be a person's ID number
            form.add_error("identifier", _("No subject with this credit code or ID number is on the platform."))
            return self.render_to_response(self.get_context_data(form=form), status=404)
        try:
            result = service.check(subject, data["matter"], user=request.user, purpose=data["purpose"])
        except ValidationError as exc:
            _add_errors(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        return self.render_to_response(self.get_context_data(form=form, result=result))


class BatchCheckView(_CheckAccess):
    """A file of identifiers in, a result file out (one line per identifier)."""

    template_name = "credit/measures_check.html"
    title = gettext_lazy("Measures check")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return redirect("credit_console:check")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = BatchCheckForm(request.POST, request.FILES)
        if refuse_oversized(request, form) or not form.is_valid():
            return self._invalid(form)
        upload = form.cleaned_data["file"]
        if upload.size > BATCH_UPLOAD_MAX_BYTES:
            form.add_error(
                "file",
                _("The file is too large: a batch holds at most %(limit)s subjects.")
                % {"limit": f"{service.batch_limit():,}"},
            )
            return self._invalid(form)
        try:
            identifiers = service.read_identifiers(upload.read(), upload.name or "")
            result = service.check_batch(
                identifiers, form.cleaned_data["matter"], user=request.user, purpose=form.cleaned_data["purpose"]
            )
        except ValidationError as exc:
            form.add_error(
                "file" if not hasattr(exc, "error_dict") else None,
                exc.messages if not hasattr(exc, "error_dict") else exc,
            )
            return self._invalid(form)
        return batch_response(result, form.cleaned_data["result_format"])

    def _invalid(self, form: BatchCheckForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=CheckForm(), batch_form=form), status=400)


def batch_response(result: service.BatchResult, result_format: str) -> HttpResponse:
    name = f"measures-check-{result.batch}"
    if result_format == "xlsx":
        response = HttpResponse(
            service.write_xlsx(result),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    else:
        response = HttpResponse(service.write_csv(result), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    counts = result.counts
    response["X-Checked"] = str(counts.get("found", 0))
    response["X-Unknown"] = str(counts.get("unknown", 0))
    response["X-Invalid"] = str(counts.get("invalid", 0))
    return response
