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
from django_tasks import task as background_task

from fazhi.accounts.services import staff_holding
from fazhi.core.context import acting
from fazhi.core.permissions import ADD, CHANGE, policy_of
from fazhi.notifications.services import notify
from fazhi.orgs.models import Organisation
from fazhi.supervision.choices import NoticeStatus, TaskStatus
from fazhi.supervision.indicators import recompute_all, schedule_recompute
from fazhi.supervision.models import Chapter, Measure, Plan, Task, TaskMilestone, stalled_days
from fazhi.supervision.plan_parser import ParsedPlan, parse_plan
from fazhi.workflow.clocks import clock_named
from fazhi.workflow.engine import begin, start_clock, transition

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
        schedule_recompute(task)  # indicator values of its organisation and the ancestors, once committed
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
            schedule_recompute(*result.created)
    return result


def _notify_delegated(tasks: list[Task]) -> None:
    for task in tasks:
        org = task.lead_organisation
        users = responsible_staff(task)
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


# --- progress reports, supervision notices, alerts (督察督办) ------------------------------------------------

REVIEW = "review"


def supervisor_of(task: Task) -> Organisation | None:
    """Who supervises a task: the parent task's lead organisation, else the division above the lead's division."""
    if task.parent_id:
        return task.parent.lead_organisation
    division = task.lead_organisation.division
    return division.parent if division.parent_id else None


def responsible_staff(task: Task) -> list[Any]:
    """Who carries the task out and hears of it (delegation, alerts, notices): the staff who report its progress
    (``add_progressreport`` over the lead organisation — its handlers and reviewers), not only those who may
    re-plan it (``change_task``: the supervising office)."""
    return staff_holding(task.lead_organisation, "supervision.add_progressreport")


def supervising_staff(task: Task) -> list[Any]:
    return staff_holding(supervisor_of(task), "supervision.review_progressreport")


def _messages(exc: Exception) -> str:
    return " ".join(getattr(exc, "messages", [str(exc)]))


def _valid_percent(percent: Any) -> int:
    if isinstance(percent, bool) or not isinstance(percent, int) or not 0 <= percent <= 100:
        raise ValidationError({"percent": _("The percentage complete must be between 0 and 100.")})
    return percent


def report_submit(
    *,
    task: Task,
    text: str,
    percent: int,
    user: Any,
    milestone: TaskMilestone | None = None,
    links: str = "",
) -> Any:
    """The responsible organisation reports progress. It counts for the task only once a reviewer accepts it.

    Not a step of the workflow: it creates the report and starts its review clock (supervision/workflow.py)."""
    from fazhi.supervision.models import ProgressReport

    report = ProgressReport(
        task=task,
        organisation=task.lead_organisation,
        text=(text or "").strip(),
        percent=percent,
        milestone=milestone,
        links=(links or "").strip(),
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    if user is None or not policy_of(ProgressReport).allows(user, ADD, report):
        raise PermissionDenied(
            _("Only staff of %(org)s (or above it) may report progress on this task.") % {"org": task.lead_organisation}
        )
    if task.children.exists():
        raise ValidationError(
            _("This task is delegated: its progress is the roll-up of its tasks. Report on the delegated tasks.")
        )
    _valid_percent(percent)
    if not report.text:
        raise ValidationError({"text": _("Describe the progress made.")})
    with transaction.atomic():
        report.full_clean()
        begin(report)  # the review clock
        report.save()
        reviewers = [
            u
            for u in supervising_staff(task)
            or staff_holding(task.lead_organisation, "supervision.review_progressreport")
            if u != user
        ]
        if reviewers:
            notify(
                reviewers,
                title=_("Progress report to review: %(task)s (%(org)s)")
                % {"task": task, "org": task.lead_organisation},
                body=_("%(percent)s%% complete. %(text)s") % {"percent": percent, "text": report.text[:300]},
                url=report.get_absolute_url(),
            )
    return report


def _may_act_on(user: Any, record: Any, action: str) -> bool:
    """Staff holding ``action`` on ``record`` within their scope — never the person who created it (four eyes)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if record.created_by_id is not None and record.created_by_id == user.pk:
        return False
    return policy_of(type(record)).allows(user, action, record)


def may_review(user: Any, report: Any) -> bool:
    """A reviewer whose scope covers the task (``review_progressreport``), never the one who submitted it."""
    return _may_act_on(user, report, REVIEW)


def may_reply(user: Any, notice: Any) -> bool:
    """Staff of the responsible organisation (``change_supervisionnotice`` in scope), not the notice's issuer."""
    return _may_act_on(user, notice, CHANGE)


def _review_comment(comment: str, *, required: bool) -> str:
    comment = (comment or "").strip()
    if required and not comment:
        raise ValidationError({"comment": _("Say why the report is returned.")})
    if len(comment) > 2000:
        raise ValidationError({"comment": _("The comment may have at most 2000 characters.")})
    return comment


def _reviewed(step: Any, comment: str) -> None:
    from django.utils import timezone

    report = step.matter
    report.reviewer, report.review_comment, report.reviewed_at = step.user, comment, timezone.now()
    step.note = comment


def report_accept(*, report: Any, user: Any, comment: str = "") -> Any:
    """Accept: the report's percentage and milestone apply to the task and roll up (step ``accept``)."""
    from django.utils import timezone

    comment = _review_comment(comment, required=False)
    with transition(report, "accept", user) as step:
        task = Task.objects.get(pk=step.matter.task_id)
        if task.children.exists():
            raise ValidationError(_("This task has since been delegated: its progress is the roll-up of its tasks."))
        task_update_progress(task=task, percent=step.matter.percent)
        milestone = step.matter.milestone
        if milestone is not None and milestone.reached_at is None:
            milestone_reach(milestone=milestone, on=timezone.localdate(step.matter.created_at))
        _reviewed(step, comment)
    return step.matter


def report_return(*, report: Any, user: Any, comment: str) -> Any:
    """Return the report with the reason; the task's figures stay as they are (step ``return``)."""
    with transition(report, "return", user) as step:
        _reviewed(step, _review_comment(comment, required=True))
    return step.matter


def report_review(*, report: Any, decision: str, user: Any, comment: str = "") -> Any:
    """Accept (the percentage and milestone then apply to the task and roll up) or return a report with comments:
    the ``accept`` or ``return`` step (kept for the callers that choose by a value)."""
    if decision == "accept":
        return report_accept(report=report, user=user, comment=comment)
    if decision == "return":
        return report_return(report=report, user=user, comment=comment)
    raise ValidationError({"decision": _("Choose accept or return.")})


def notice_clock_days(issued_on: dt.date, reply_deadline: dt.date) -> int:
    """The reply clock's amount: calendar days from the day of issue to the chosen date (the day of issue does not
    count, 民法典 第二百零一条), so the clock's deadline is that date (moved past a statutory holiday, 第二百零三条)."""
    return max((reply_deadline - issued_on).days, 0)


def notice_issue(*, task: Task, text: str, reply_deadline: dt.date, user: Any, today: dt.date | None = None) -> Any:
    """督办: the supervising office asks the responsible organisation to act and reply by a date.

    Not a step: it creates the notice and starts its reply clock so that the deadline is the chosen date; when
    that date is a statutory holiday the deadline is the day after it (民法典 第二百零三条) and ``reply_deadline``
    says so."""
    from django.utils import timezone

    from fazhi.supervision.models import SupervisionNotice
    from fazhi.supervision.workflow import NOTICE_CLOCK

    notice = SupervisionNotice(task=task, text=(text or "").strip(), reply_deadline=reply_deadline)
    notice.created_by = user if getattr(user, "is_authenticated", False) else None
    if user is None or not policy_of(SupervisionNotice).allows_object(user, REVIEW, notice):
        raise PermissionDenied(_("Only the supervising office may issue supervision notices on this task."))
    if not notice.text:
        raise ValidationError({"text": _("Write what the organisation must do.")})
    if not isinstance(reply_deadline, dt.date) or reply_deadline < (today or timezone.localdate()):
        raise ValidationError({"reply_deadline": _("The reply deadline cannot be in the past.")})
    with transaction.atomic():
        notice.full_clean()
        now = timezone.now()
        days = notice_clock_days(timezone.localdate(now), reply_deadline)
        start_clock(notice, clock_named(NOTICE_CLOCK), now, amount=days)
        notice.reply_deadline = timezone.localdate(notice.due_at)  # the chosen date, or the day after a holiday
        notice.save()
        recipients = [u for u in responsible_staff(task) if u != user]
        if recipients:
            notify(
                recipients,
                title=_("Supervision notice: %(task)s — reply by %(date)s")
                % {"task": task, "date": notice.reply_deadline.isoformat()},
                body=notice.text[:500],
                url=notice.get_absolute_url(),
            )
    return notice


def notice_reply(*, notice: Any, reply: str, user: Any) -> Any:
    """The responsible organisation answers a notice, once (step ``reply``). An open overdue alert on it is
    resolved."""
    from django.utils import timezone

    from fazhi.supervision.models import Alert

    with transition(notice, "reply", user) as step:
        reply = (reply or "").strip()
        if not reply:
            raise ValidationError({"reply": _("Write the reply.")})
        if len(reply) > 5000:
            raise ValidationError({"reply": _("The reply may have at most 5000 characters.")})
        notice = step.matter
        notice.reply, notice.replied_at, notice.replied_by = reply, timezone.now(), user
        step.note = reply
        for alert in Alert.objects.filter(notice=notice, resolved_at__isnull=True):
            alert.resolved_at = notice.replied_at
            alert.save()
    return notice


def record_step(matter: Any, current: Any, now: dt.datetime) -> None:
    """How supervision records a step (``Workflow.record``): save the record (audited) and tell the person who
    submitted the report, or issued the notice, in the same transaction."""
    from fazhi.supervision.models import ProgressReport

    matter.save()
    if isinstance(matter, ProgressReport):
        if matter.created_by_id:
            title = (
                _("Progress report accepted: %(task)s")
                if current.step.name == "accept"
                else _("Progress report returned: %(task)s")
            )
            notify(
                matter.created_by,
                title=title % {"task": matter.task},
                body=matter.review_comment,
                url=matter.get_absolute_url(),
            )
    elif matter.created_by_id:
        notify(
            matter.created_by,
            title=_("Reply to supervision notice: %(task)s") % {"task": matter.task},
            body=matter.reply[:500],
            url=matter.get_absolute_url(),
        )


def alert_acknowledge(*, alert: Any, user: Any) -> Any:
    """Someone has seen the alert and is acting on it: it will not be escalated."""
    from django.utils import timezone

    from fazhi.supervision.models import Alert

    if user is None or not policy_of(Alert).allows(user, CHANGE, alert):
        raise PermissionDenied(_("You may not acknowledge this alert."))
    with transaction.atomic():
        alert = Alert.objects.select_for_update().get(pk=alert.pk)
        if alert.acknowledged_at is None:
            alert.acknowledged_at, alert.acknowledged_by = timezone.now(), user
            alert.save()
    return alert


@dataclass
class SweepReport:
    created: int = 0
    escalated: int = 0
    resolved: int = 0

    def summary(self) -> str:
        return f"alerts created {self.created}, escalated {self.escalated}, resolved {self.resolved}"


def _alert_text(alert: Any) -> tuple[str, str]:
    from fazhi.supervision.choices import AlertKind

    task = alert.task
    if alert.kind == AlertKind.OVERDUE:
        title = _("Task overdue: %(task)s (%(org)s)")
        body = _("The deadline was %(date)s and the task is not done.") % {"date": task.deadline.isoformat()}
    elif alert.kind == AlertKind.STALLED:
        title = _("Task stalled: %(task)s (%(org)s)")
        body = _("No progress report has been accepted for %(n)s days.") % {"n": stalled_days()}
    else:
        title = _("Supervision notice not answered: %(task)s (%(org)s)")
        body = _("The reply was due on %(date)s.") % {"date": alert.notice.reply_by.isoformat()}
    if alert.level:
        body = _("Escalated: %(body)s") % {"body": body}
    return title % {"task": task, "org": task.lead_organisation}, body


def _send_alert(alert: Any, users: list[Any]) -> None:
    if users:
        title, body = _alert_text(alert)
        notify(users, title=title, body=body, url=alert.get_absolute_url())


def supervision_sweep(now: dt.datetime | None = None) -> SweepReport:
    """Raise, resolve and escalate alerts. Idempotent: all state is in the database, running it again adds nothing.

    - overdue: deadline passed, not done; stalled: not done, not overdue, not delegated, and no report accepted
      (nor the task started) within the ``supervision.progress_report`` time limit (``models.stalled_days``);
      notice_overdue: a notice unanswered after its reply clock's deadline (``due_at``) — raised directly at the
      supervisor level (a notice is already the office's step);
    - an alert whose condition has cleared is resolved; a new one can be raised when the condition returns;
    - a level-0 alert not acknowledged within ``SUPERVISION_ESCALATE_DAYS`` goes to the supervisor, once.
    """
    from django.utils import timezone

    from fazhi.supervision.choices import AlertKind, AlertLevel
    from fazhi.supervision.models import Alert, SupervisionNotice

    now = now or timezone.now()
    today = timezone.localdate(now)
    escalate_before = now - dt.timedelta(days=settings.SUPERVISION_ESCALATE_DAYS)
    report = SweepReport()
    with acting(source="task", message="supervision sweep"), transaction.atomic():
        tasks = Task.objects.select_related("lead_organisation", "parent__lead_organisation")
        overdue = {t.pk: t for t in tasks.overdue(today)}
        stalled = {t.pk: t for t in tasks.stalled(today)}
        notices = {
            n.pk: n
            for n in SupervisionNotice.objects.select_related("task__lead_organisation", "task__parent").filter(
                Q(due_at__lt=now) | Q(due_at__isnull=True, reply_deadline__lt=today), status=NoticeStatus.ISSUED
            )
        }
        wanted = {(AlertKind.OVERDUE, pk, None): t for pk, t in overdue.items()}
        wanted |= {(AlertKind.STALLED, pk, None): t for pk, t in stalled.items()}
        wanted |= {(AlertKind.NOTICE_OVERDUE, n.task_id, pk): n.task for pk, n in notices.items()}

        open_alerts = Alert.objects.filter(resolved_at__isnull=True).select_related("task__lead_organisation")
        seen = set()
        for alert in open_alerts:
            key = (alert.kind, alert.task_id, alert.notice_id)
            if key not in wanted:
                alert.resolved_at = now
                alert.save()
                report.resolved += 1
                continue
            seen.add(key)
            if (
                alert.level == AlertLevel.ORGANISATION
                and alert.acknowledged_at is None
                and alert.created_at <= escalate_before
            ):
                alert.level, alert.escalated_at = AlertLevel.SUPERVISOR, now
                alert.save()
                _send_alert(alert, supervising_staff(alert.task))
                report.escalated += 1
        for (kind, _task_id, notice_id), task in wanted.items():
            if (kind, task.pk, notice_id) in seen:
                continue
            if kind == AlertKind.NOTICE_OVERDUE:
                notice = notices[notice_id]
                alert = Alert(task=task, kind=kind, notice=notice, level=AlertLevel.SUPERVISOR, escalated_at=now)
                alert.save()
                users = supervising_staff(task) + ([notice.created_by] if notice.created_by else [])
                _send_alert(alert, list(dict.fromkeys(users + responsible_staff(task))))
            else:
                alert = Alert(task=task, kind=kind)
                alert.save()
                _send_alert(alert, responsible_staff(task))
            report.created += 1
        transaction.on_commit(recompute_all)  # time alone makes tasks overdue or stalled
    return report


@background_task()
def supervision_sweep_task() -> str:
    """The sweep as a background job (``supervision_sweep_task.enqueue()``); returns the summary line."""
    return supervision_sweep().summary()


# --- the task's timeline -------------------------------------------------------------------------------------


@dataclass
class TimelineEvent:
    when: Any
    kind: str
    title: str
    actor: Any = None
    text: str = ""
    anchor: str = ""
    obj: Any = None


def task_timeline(task: Task) -> list[TimelineEvent]:
    """Reports, reviews, notices, replies, alerts and the task's own audit entries, oldest first."""
    from django.contrib.contenttypes.models import ContentType

    from fazhi.audit.display import action_label, actor_label, field_labels
    from fazhi.audit.models import AuditEntry
    from fazhi.supervision.choices import AlertKind, ReportStatus

    events: list[TimelineEvent] = []
    for r in task.reports.select_related("created_by", "reviewer", "milestone"):
        events.append(
            TimelineEvent(
                r.created_at,
                "report",
                _("Progress reported: %(percent)s%%") % {"percent": r.percent},
                r.created_by,
                r.text,
                f"report-{r.pk}",
                r,
            )
        )
        if r.reviewed_at:
            label = _("Report accepted") if r.status == ReportStatus.ACCEPTED else _("Report returned")
            events.append(TimelineEvent(r.reviewed_at, "review", label, r.reviewer, r.review_comment, "", r))
    for n in task.notices.select_related("created_by", "replied_by"):
        events.append(
            TimelineEvent(
                n.created_at,
                "notice",
                _("Supervision notice issued, reply by %(date)s") % {"date": n.reply_by.isoformat()},
                n.created_by,
                n.text,
                f"notice-{n.pk}",
                n,
            )
        )
        if n.replied_at:
            events.append(TimelineEvent(n.replied_at, "reply", _("Notice answered"), n.replied_by, n.reply, "", n))
    for a in task.alerts.select_related("acknowledged_by"):
        events.append(
            TimelineEvent(
                a.created_at,
                "alert",
                _("Alert: %(kind)s") % {"kind": a.get_kind_display()},
                None,
                "",
                f"alert-{a.pk}",
                a,
            )
        )
        if a.escalated_at and a.kind != AlertKind.NOTICE_OVERDUE:
            events.append(
                TimelineEvent(a.escalated_at, "alert", _("Alert escalated to the supervisor"), None, "", "", a)
            )
        if a.acknowledged_at:
            events.append(
                TimelineEvent(a.acknowledged_at, "alert", _("Alert acknowledged"), a.acknowledged_by, "", "", a)
            )
        if a.resolved_at:
            events.append(TimelineEvent(a.resolved_at, "alert", _("Alert resolved"), None, "", "", a))
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Task), object_id=str(task.pk)
    ).select_related("user")
    for e in entries:
        # Field labels, the action and the person in the reader's language: never a column name or a job's code.
        changed = "、".join(field_labels(e.content_type_id, (e.after or {}).keys())) if e.action != "create" else ""
        events.append(
            TimelineEvent(
                e.timestamp,
                "audit",
                _("Task record: %(action)s") % {"action": action_label(e.action)},
                actor_label(e),
                _("Changed: %(fields)s") % {"fields": changed} if changed else "",
                "",
                e,
            )
        )
    events.sort(key=lambda ev: ev.when)
    return events
