"""Staff console: the task table, creating, editing and delegating tasks, Excel export and import."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Avg, Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.attachments.services import attachment_create, attachments_of
from fazhi.core.downloads import file_response
from fazhi.core.export import XLSX_TYPE
from fazhi.core.permissions import ADD, CHANGE, policy_of
from fazhi.core.views import (
    ObjectCreateView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PageView,
    ServiceSaveMixin,
)
from fazhi.supervision.excel import export_tasks, import_tasks
from fazhi.supervision.filtersets import TaskFilterSet
from fazhi.supervision.forms import (
    DelegateForm,
    MilestoneForm,
    NoticeForm,
    ReportForm,
    TaskForm,
    TaskImportForm,
)
from fazhi.supervision.models import Alert, ProgressReport, SupervisionNotice, Task, TaskMilestone
from fazhi.supervision.services import (
    REVIEW,
    alert_acknowledge,
    milestone_add,
    milestone_reach,
    notice_issue,
    report_submit,
    task_delegate,
    task_save,
    task_timeline,
)
from fazhi.supervision.workflow import NOTICE_CLOCK
from fazhi.workflow.clocks import clock_named, effective_amount
from fazhi.workflow.console import StepOffer, StepView, step_offers


class TaskListView(ObjectListView):
    model = Task
    queryset = Task.objects.select_related("measure", "lead_organisation", "parent")
    filterset_class = TaskFilterSet
    template_name = "supervision/console/task_list.html"
    results_template_name = "supervision/console/_task_results.html"
    title = gettext_lazy("Plan tasks")

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().annotate(child_count=Count("children"), child_average=Avg("children__percent"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(can_add=policy_of(Task).allows(self.request.user, ADD), **kwargs)


class TaskDetailView(ObjectDetailView):
    model = Task
    queryset = Task.objects.select_related("measure", "lead_organisation", "parent__lead_organisation")
    template_name = "supervision/console/task_detail.html"

    def get_title(self) -> Any:
        return str(self.object)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        task = self.object
        user = self.request.user
        context.update(
            rollup=task.rollup(),
            children=Task.objects.restrict(user).filter(parent=task).select_related("lead_organisation"),
            milestones=task.milestones.all(),
            can_change=policy_of(Task).allows(user, CHANGE, task),
            milestone_form=MilestoneForm(),
            today=timezone.localdate(),
        )
        reports = list(task.reports.select_related("created_by", "reviewer", "milestone"))
        for report in reports:
            report.evidence = list(attachments_of(report, user))
            report.steps = _offers(report, user, "supervision_console:report_step", f"report{report.pk}")
            report.step_prefix = f"report-{report.pk}-"  # the step sections' ids, unique on the page
        notices = list(task.notices.select_related("created_by", "replied_by"))
        for notice in notices:
            notice.steps = _offers(notice, user, "supervision_console:notice_step", f"notice{notice.pk}")
            notice.step_prefix = f"notice-{notice.pk}-"
        probe = ProgressReport(task=task)
        context.update(
            reports=reports,
            notices=notices,
            alerts=list(task.alerts.select_related("notice", "acknowledged_by")),
            can_ack=policy_of(Alert).allows(user, CHANGE, task.alerts.first()) if task.alerts.exists() else False,
            can_report=not context["rollup"]["count"] and policy_of(ProgressReport).allows(user, ADD, probe),
            can_notice=policy_of(SupervisionNotice).allows(user, REVIEW, SupervisionNotice(task=task)),
            report_form=ReportForm(task=task),
            notice_form=NoticeForm(auto_id="notice_%s", initial={"reply_deadline": _proposed_reply_date()}),
            timeline=task_timeline(task),
        )
        return context


def _offers(matter: Any, user: Any, url_name: str, prefix: str) -> list[StepOffer]:
    """The steps ``user`` may take on one report or notice, with field ids unique among the page's records."""
    offers = step_offers(matter, user, url_name)
    for offer in offers:
        offer.form.auto_id = f"id_{prefix}_{offer.name}_%s"
    return offers


def _proposed_reply_date() -> Any:
    """The date the notice form proposes: today plus the reply clock's amount in force (the issuer may change it)."""
    return timezone.localdate() + dt.timedelta(days=effective_amount(clock_named(NOTICE_CLOCK)))


class _TaskSave(ServiceSaveMixin):
    model = Task
    form_class = TaskForm
    template_name = "core/object_form.html"
    saved_message = gettext_lazy("Task saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}  # type: ignore[misc]

    def save_through_service(self, form: TaskForm) -> Task:
        return task_save(
            task=form.save(commit=False),
            co_organisations=form.cleaned_data["co_organisations"],
            user=self.request.user,  # type: ignore[attr-defined]
        )


class TaskCreateView(_TaskSave, ObjectCreateView):
    title = gettext_lazy("New task")

    def get_initial(self) -> dict[str, Any]:
        measure = self.request.GET.get("measure", "")
        return {"measure": measure} if measure.isdigit() else {}


class TaskEditView(_TaskSave, ObjectEditView):
    pass


class TaskDelegateView(ObjectDetailView):
    """Delegate one task to several organisations below its lead organisation in one action."""

    model = Task
    action = CHANGE
    template_name = "supervision/console/task_delegate.html"

    def get_title(self) -> Any:
        return _("Delegate: %(task)s") % {"task": self.object}

    def get_form(self) -> DelegateForm:
        data = self.request.POST if self.request.method == "POST" else None
        return DelegateForm(data, parent=self.object, user=self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("form", self.get_form())
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        form = self.get_form()
        if form.is_valid():
            try:
                result = task_delegate(parent=self.object, organisations=form.cleaned_data["chosen"], user=request.user)
            except (ValidationError, PermissionDenied) as exc:
                for message in exc.messages if isinstance(exc, ValidationError) else [str(exc)]:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _("Delegated to %(n)s organisations (%(k)s already had the task).")
                    % {"n": len(result.created), "k": len(result.existing)},
                )
                return redirect(self.object.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form))


class TaskExportView(ObjectListView):
    """The task table as it is filtered, as an Excel workbook."""

    model = Task
    filterset_class = TaskFilterSet
    paginate_by = None

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        content = export_tasks(self.get_queryset())
        return file_response(content, XLSX_TYPE, f"tasks-{timezone.localdate().isoformat()}.xlsx")


class TaskImportView(PageView):
    template_name = "supervision/console/task_import.html"
    title = gettext_lazy("Import tasks from Excel")

    def check_access(self, request: HttpRequest) -> None:
        super().check_access(request)
        if not policy_of(Task).allows(request.user, ADD):
            raise PermissionDenied(_("You do not have permission to do this."))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("form", TaskImportForm())
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = TaskImportForm(request.POST, request.FILES)
        report = None
        if form.is_valid():
            try:
                report = import_tasks(form.cleaned_data["file"], user=request.user)
            except ValidationError as exc:
                form.add_error("file", exc)
        return self.render_to_response(self.get_context_data(form=form, report=report))


class MilestoneAddView(ObjectDetailView):
    model = Task
    action = CHANGE
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        task = self.get_object()
        form = MilestoneForm(request.POST)
        if form.is_valid():
            try:
                milestone_add(task=task, user=request.user, **form.cleaned_data)
                messages.success(request, _("Milestone added."))
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.error(request, _("The milestone needs a title and a due date."))
        return redirect(task.get_absolute_url())


class MilestoneReachView(ObjectDetailView):
    model = TaskMilestone
    action = CHANGE
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        milestone = self.get_object()
        milestone_reach(milestone=milestone, on=timezone.localdate(), user=request.user)
        messages.success(request, _("Milestone reached."))
        return redirect(milestone.task.get_absolute_url())


# --- progress reports, notices, alerts ------------------------------------------------------------------------


def _error(request: HttpRequest, exc: Exception) -> None:
    messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))


class ReportSubmitView(ObjectDetailView):
    """The report form on the task page: text, percent, milestone, links and an optional evidence file."""

    model = Task
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        task = self.get_object()
        form = ReportForm(request.POST, request.FILES, task=task)
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
            return redirect(task.get_absolute_url())
        data = form.cleaned_data
        try:
            with transaction.atomic():
                report = report_submit(
                    task=task,
                    text=data["text"],
                    percent=data["percent"],
                    milestone=data["milestone"],
                    links=data["links"],
                    user=request.user,
                )
                if data.get("evidence"):
                    attachment_create(upload=data["evidence"], target=report, user=request.user)
        except (ValidationError, PermissionDenied) as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Progress report submitted for review."))
        return redirect(task.get_absolute_url())


class ReportStepView(StepView):
    """POST a step of a progress report (accept, return: supervision/workflow.py); back to the task's page."""

    model = ProgressReport
    queryset = ProgressReport.objects.select_related("task")

    def detail_url(self, obj: ProgressReport) -> str:
        return obj.task.get_absolute_url()


class NoticeIssueView(ObjectDetailView):
    model = Task
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        task = self.get_object()
        form = NoticeForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The notice needs a text and a reply date."))
        else:
            try:
                notice_issue(task=task, user=request.user, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                _error(request, exc)
            else:
                messages.success(request, _("Supervision notice issued."))
        return redirect(task.get_absolute_url())


class NoticeStepView(StepView):
    """POST a step of a 督办 notice (reply: supervision/workflow.py); back to the task's page."""

    model = SupervisionNotice
    queryset = SupervisionNotice.objects.select_related("task")

    def detail_url(self, obj: SupervisionNotice) -> str:
        return obj.task.get_absolute_url()


class AlertListView(ObjectListView):
    model = Alert
    queryset = Alert.objects.select_related("task__lead_organisation", "notice", "acknowledged_by")
    template_name = "supervision/console/alert_list.html"
    title = gettext_lazy("Supervision alerts")

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset()
        if self.request.GET.get("all") != "1":
            queryset = queryset.filter(resolved_at__isnull=True)
        return queryset

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            show_all=self.request.GET.get("all") == "1",
            can_ack=policy_of(Alert).allows(self.request.user, CHANGE),
            **kwargs,
        )


class AlertAcknowledgeView(ObjectDetailView):
    model = Alert
    action = CHANGE
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        alert = self.get_object()
        alert_acknowledge(alert=alert, user=request.user)
        messages.success(request, _("Alert acknowledged."))
        if request.POST.get("next") == "task":
            return redirect(alert.task.get_absolute_url())
        return redirect("supervision_console:alerts")
