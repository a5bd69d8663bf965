"""Writes of the supervision module: importing the plan, creating, delegating and updating tasks.

All keyword-only, in ``transaction.atomic``, raising ``ValidationError``/``PermissionDenied`` with a message
for the person. Progress rolls up: once a task is delegated, its percentage and status are its children's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from fazhi.accounts.models import RoleAssignment
from fazhi.core.context import acting
from fazhi.core.permissions import ADD, CHANGE, policy_of
from fazhi.notifications.services import notify
from fazhi.orgs.models import Organisation
from fazhi.supervision.choices import TaskStatus
from fazhi.supervision.models import Chapter, Measure, Plan, Task, TaskMilestone
from fazhi.supervision.plan_parser import ParsedPlan, parse_plan

REFERENCE_PLAN_KEY = "shanghai-2021-2025"


# --- the plan ------------------------------------------------------------------------------------------------


@dataclass
class PlanImportReport:
    plan: Plan | None = None
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, skipped {len(self.skipped)}"
        )


def plan_key_for(path: Path) -> str:
    return slugify(path.stem)[:64] or "plan"


def import_plan(*, text: str, key: str | None = None, source: str = "") -> PlanImportReport:
    """Create or update the plan ``key`` from its text. Re-importing the same text changes nothing.

    Without a key, the plan of the same title is updated, or a new one is keyed by the source's file name.

    Chapters and measures are matched by number. A measure that disappeared from the text is deleted unless
    tasks carry it out (then it is kept and reported).
    """
    parsed = parse_plan(text)
    report = PlanImportReport(skipped=[f"{source or key}: {problem}" for problem in parsed.problems])
    if not parsed.title or not parsed.measures:
        report.skipped.append(f"{source or key}: no plan found (a title, chapters 一、… and measures (一)…)")
        return report
    with acting(source="cli", message=f"import plan from {source or key}"), transaction.atomic():
        if key:
            plan = Plan.objects.filter(key=key).first()
        else:
            plan = Plan.objects.filter(title=parsed.title[:200]).order_by("pk").first()
            key = plan.key if plan else plan_key_for(Path(source or "plan"))
            while plan is None and Plan.objects.filter(key=key).exists():
                key = f"{key}-{Plan.objects.count() + 1}"[:64]
        if plan is not None and plan.source_hash == parsed.source_hash:
            report.plan = plan
            report.unchanged = 1 + plan.chapters.count() + plan.measures.count()
            return report
        plan = _upsert(
            report, Plan, {"key": key}, plan, title=parsed.title[:200], preamble=parsed.preamble, closing=parsed.closing
        )
        _import_body(plan, parsed, report)
        plan.source_hash = parsed.source_hash
        plan.save()
        report.plan = plan
    return report


def _import_body(plan: Plan, parsed: ParsedPlan, report: PlanImportReport) -> None:
    chapters = {c.number: c for c in plan.chapters.all()}
    measures = {m.number: m for m in plan.measures.all()}
    for pc in parsed.chapters:
        chapter = _upsert(
            report,
            Chapter,
            {"plan": plan, "number": pc.number},
            chapters.get(pc.number),
            label=pc.label,
            title=pc.title[:200],
            intro=pc.intro,
        )
        for pm in pc.measures:
            _upsert(
                report,
                Measure,
                {"plan": plan, "number": pm.number},
                measures.get(pm.number),
                chapter=chapter,
                label=pm.label,
                title=pm.title[:200],
                text=pm.text,
            )
    wanted_measures = {m.number for m in parsed.measures}
    for number, measure in measures.items():
        if number in wanted_measures:
            continue
        if measure.tasks.exists():
            report.skipped.append(f"measure {measure.label} is no longer in the text but has tasks: kept")
        else:
            measure.delete()
    wanted_chapters = {c.number for c in parsed.chapters}
    for number, chapter in chapters.items():
        if number not in wanted_chapters and not chapter.measures.exists():
            chapter.delete()


def _upsert(report: PlanImportReport, model: type, keys: dict[str, Any], existing: Any, **values: Any) -> Any:
    if existing is None:
        obj = model(**keys, **values)
        if model is Plan:
            obj.source_hash = ""
        obj.save()
        report.created += 1
        return obj
    if all(getattr(existing, k) == v for k, v in values.items()):
        report.unchanged += 1
        return existing
    for k, v in values.items():
        setattr(existing, k, v)
    existing.save()
    report.updated += 1
    return existing


def load_reference_plan(stdout: Any) -> None:
    """``fazhi setup``: the Shanghai plan from data/plan/plan.txt (quick when it is already up to date)."""
    path = settings.DATA_DIR / "plan" / "plan.txt"
    report = import_plan(text=path.read_text(encoding="utf-8"), key=REFERENCE_PLAN_KEY, source=path.name)
    if stdout is not None and (report.created or report.updated or report.skipped):
        stdout.write(f"{path.name}: {report.summary()}")


# --- tasks ---------------------------------------------------------------------------------------------------


def _check(user: Any, action: str, task: Task) -> None:
    if user is not None and not policy_of(Task).allows(user, action, task):
        raise PermissionDenied(
            _("You may not do this for tasks led by %(org)s: it is outside your scope.")
            % {"org": task.lead_organisation}
        )


def task_save(*, task: Task, co_organisations: Iterable[Organisation] | None = None, user: Any = None) -> Task:
    """Validate and save a task (new or changed), then roll its progress up to the tasks it was delegated from."""
    with transaction.atomic():
        _check(user, ADD if task.pk is None else CHANGE, task)
        if task.pk is not None and task.children.exists():
            stored = Task.objects.get(pk=task.pk)
            task.percent, task.status = stored.percent, stored.status  # the children's roll-up, not typed in
        task.full_clean()
        task.save()
        if co_organisations is not None:
            task.co_organisations.set(list(co_organisations))
        rollup_parents(task)
    return task


def task_create(
    *,
    measure: Measure,
    title: str,
    lead_organisation: Organisation,
    start_date: dt.date,
    deadline: dt.date,
    description: str = "",
    co_organisations: Iterable[Organisation] = (),
    parent: Task | None = None,
    user: Any = None,
) -> Task:
    task = Task(
        measure=measure,
        title=title,
        description=description,
        lead_organisation=lead_organisation,
        start_date=start_date,
        deadline=deadline,
        parent=parent,
    )
    return task_save(task=task, co_organisations=co_organisations, user=user)


def task_update_progress(
    *, task: Task, percent: int, status: str | None = None, user: Any = None, today: dt.date | None = None
) -> Task:
    """Report progress on a task that is not delegated (a delegated task's progress is its children's)."""
    if task.children.exists():
        raise ValidationError({"percent": _("This task is delegated: its progress is the roll-up of its tasks.")})
    if not isinstance(percent, int) or isinstance(percent, bool) or not 0 <= percent <= 100:
        raise ValidationError({"percent": _("The percentage complete must be between 0 and 100.")})
    if status is not None and status not in TaskStatus.values:
        raise ValidationError({"status": _("Unknown status %(status)s.") % {"status": status}})
    if status == TaskStatus.DONE and percent != 100:
        raise ValidationError({"status": _("A task is done only at 100%%.")})
    task.percent = percent
    if status is not None:
        task.status = status
    elif percent < 100 and task.status == TaskStatus.DONE:
        task.status = TaskStatus.IN_PROGRESS
    return task_save(task=task, user=user)


def rollup_parents(task: Task) -> None:
    """Set each ancestor's percentage to its children's average and its status from theirs."""
    node = task.parent
    seen: set[int] = set()
    while node is not None and node.pk not in seen:
        seen.add(node.pk)
        node = Task.objects.get(pk=node.pk)
        summary = node.rollup()
        if summary["count"]:
            if summary["done"] == summary["count"]:
                node.percent, node.status = 100, TaskStatus.DONE
            else:
                node.percent = min(summary["average"], 99)
                idle = summary["planned"] == summary["count"] and node.percent == 0
                node.status = TaskStatus.PLANNED if idle else TaskStatus.IN_PROGRESS
            node.save()
        node = node.parent


@dataclass
class DelegationResult:
    created: list[Task] = field(default_factory=list)
    existing: list[Task] = field(default_factory=list)


def delegation_candidates(parent: Task, user: Any = None) -> Any:
    """Where a task may be delegated: the divisions directly under its lead organisation's division."""
    root = parent.lead_organisation.division
    candidates = Organisation.objects.filter(parent=root, is_active=True).exclude(kind="body")
    if user is not None:
        candidates = candidates.filter(pk__in=Organisation.objects.where(user, "supervision.add_task"))
    return candidates.order_by("path")


def task_delegate(*, parent: Task, organisations: Iterable[Organisation], user: Any = None) -> DelegationResult:
    """One child task per organisation, in one transaction: every organisation is valid or nothing is created.

    Delegating again to an organisation that already has the child task leaves that task as it is.
    """
    organisations = list(dict.fromkeys(organisations))
    if not organisations:
        raise ValidationError({"organisations": _("Choose at least one organisation to delegate to.")})
    result = DelegationResult()
    with transaction.atomic():
        _check(user, CHANGE, parent)
        existing = {t.lead_organisation_id: t for t in parent.children.all()}
        problems: list[str] = []
        for org in organisations:
            if org.pk in existing:
                result.existing.append(existing[org.pk])
                continue
            child = Task(
                measure=parent.measure,
                title=parent.title,
                description=parent.description,
                lead_organisation=org,
                start_date=parent.start_date,
                deadline=parent.deadline,
                parent=parent,
            )
            try:
                _check(user, ADD, child)
                child.full_clean()
            except ValidationError as exc:
                problems.extend(f"{org}: {m}" for m in exc.messages)
                continue
            except PermissionDenied as exc:
                problems.append(str(exc))
                continue
            child.save()
            result.created.append(child)
        if problems:
            raise ValidationError({"organisations": problems})
        if result.created:
            rollup_parents(result.created[0])
            _notify_delegated(result.created)
    return result


def _notify_delegated(tasks: list[Task]) -> None:
    for task in tasks:
        org = task.lead_organisation
        holders = RoleAssignment.objects.filter(
            Q(organisation=org) | Q(organisation=org.division),
            role__permissions__content_type__app_label="supervision",
            role__permissions__codename="change_task",
            user__is_active=True,
        ).select_related("user")
        users = list({a.user for a in holders})
        if users:
            notify(
                users,
                title=_("New task delegated to %(org)s: %(title)s") % {"org": org, "title": task.title},
                body=_("Measure %(measure)s, deadline %(deadline)s.")
                % {"measure": task.measure, "deadline": task.deadline.isoformat()},
                url=task.get_absolute_url(),
            )


def milestone_add(*, task: Task, title: str, due_date: dt.date, user: Any = None) -> TaskMilestone:
    with transaction.atomic():
        _check(user, CHANGE, task)
        milestone = TaskMilestone(task=task, title=title, due_date=due_date)
        milestone.full_clean()
        milestone.save()
    return milestone


def milestone_reach(*, milestone: TaskMilestone, on: dt.date, user: Any = None) -> TaskMilestone:
    with transaction.atomic():
        _check(user, CHANGE, milestone.task)
        milestone.reached_at = on
        milestone.full_clean()
        milestone.save()
    return milestone


# --- public progress -----------------------------------------------------------------------------------------


def measure_progress(measures: Any) -> Any:
    """Annotate measures with their public progress: top-level tasks, how many done, how many overdue."""
    from django.utils import timezone

    top = Q(tasks__parent__isnull=True)
    today = timezone.localdate()
    return measures.annotate(
        task_count=Count("tasks", filter=top),
        done_count=Count("tasks", filter=top & Q(tasks__status=TaskStatus.DONE)),
        overdue_count=Count("tasks", filter=top & Q(tasks__deadline__lt=today) & ~Q(tasks__status=TaskStatus.DONE)),
    )


def share(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None
