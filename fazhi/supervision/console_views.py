"""Staff console: the task table, creating, editing and delegating tasks, Excel export and import."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Avg, Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.permissions import ADD, CHANGE, policy_of
from fazhi.core.views import ObjectCreateView, ObjectDetailView, ObjectEditView, ObjectListView, PageView
from fazhi.supervision.excel import export_tasks, import_tasks
from fazhi.supervision.filtersets import TaskFilterSet
from fazhi.supervision.forms import DelegateForm, MilestoneForm, TaskForm, TaskImportForm
from fazhi.supervision.models import Task, TaskMilestone
from fazhi.supervision.services import milestone_add, milestone_reach, task_delegate, task_save


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
        return context


class _TaskSave:
    model = Task
    form_class = TaskForm
    template_name = "core/object_form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}  # type: ignore[misc]

    def form_valid(self, form: TaskForm) -> HttpResponse:
        try:
            task = task_save(
                task=form.save(commit=False),
                co_organisations=form.cleaned_data["co_organisations"],
                user=self.request.user,
            )
        except PermissionDenied:
            form.add_error(None, _("You may not save a record there: it is outside your organisation's scope."))
            return self.form_invalid(form)  # type: ignore[attr-defined]
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)  # type: ignore[attr-defined]
        messages.success(self.request, _("Task saved."))  # type: ignore[attr-defined]
        return redirect(task.get_absolute_url())


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
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="tasks-{stamp}.xlsx"'
        return response


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
