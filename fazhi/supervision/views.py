"""Portal pages: the plan and each measure with its public progress."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from fazhi.core.views import PUBLIC, ObjectDetailView
from fazhi.supervision.choices import TaskStatus
from fazhi.supervision.models import Measure, Plan, Task
from fazhi.supervision.services import measure_progress, share


class PlanView(ObjectDetailView):
    access = PUBLIC
    model = Plan
    template_name = "supervision/plan.html"

    def get_object(self, queryset: QuerySet | None = None) -> Plan:
        plan = self.get_queryset().order_by("pk").first()
        if plan is None:
            raise Http404
        return plan

    def get_title(self) -> Any:
        return self.object.title

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        measures = measure_progress(self.object.measures.all())
        by_chapter: dict[int, list[Measure]] = {}
        for measure in measures:
            measure.done_share = share(measure.done_count, measure.task_count)
            by_chapter.setdefault(measure.chapter_id, []).append(measure)
        context["chapters"] = [(c, by_chapter.get(c.pk, [])) for c in self.object.chapters.all()]
        return context


class MeasureView(ObjectDetailView):
    """One measure, its published (top-level) tasks and their progress: open to everyone."""

    access = PUBLIC
    model = Measure
    slug_field = slug_url_kwarg = "number"
    template_name = "supervision/measure.html"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().filter(plan=Plan.objects.main()).select_related("chapter", "plan")

    def get_title(self) -> Any:
        return str(self.object)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        measure = self.object
        # Published progress: the tasks set for the measure itself (not the internal split of delegated work).
        tasks = list(
            Task.objects.top_level()
            .filter(measure=measure)
            .select_related("lead_organisation")
            .order_by("deadline", "pk")
        )
        done = sum(1 for t in tasks if t.status == TaskStatus.DONE)
        # Under way on schedule: not done, neither overdue nor stalled (supervision.models' one definition of each),
        # as on the dashboard and in the tasks_on_schedule indicator; done tasks are the share done's.
        today = timezone.localdate()
        on_schedule = (
            Task.objects.filter(pk__in=[t.pk for t in tasks])
            .exclude(status=TaskStatus.DONE)
            .not_overdue(today)
            .exclude(pk__in=Task.objects.stalled(today).values("pk"))
            .count()
        )
        context.update(
            tasks=tasks,
            done_share=share(done, len(tasks)),
            on_schedule_share=share(on_schedule, len(tasks)),
            previous=Measure.objects.filter(plan=measure.plan, number=measure.number - 1).first(),
            next=Measure.objects.filter(plan=measure.plan, number=measure.number + 1).first(),
        )
        return context
