"""The plan as data (Plan → Chapter → Measure) and the tasks that carry its measures out.

The plan is reference data loaded by ``fazhi import plan`` (public to read, changed only by the importer and
platform administrators). Tasks belong to their lead organisation: staff see and change the tasks led within their
scope, and delegate them down the hierarchy (city → district → street) as child tasks.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Avg, Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from fazhi.core.models import AuditedQuerySet, BaseModel
from fazhi.core.permissions import ScopedPolicy
from fazhi.laws.models import ReferencePolicy
from fazhi.supervision.choices import OVERDUE, AlertKind, AlertLevel, NoticeStatus, ReportStatus, TaskStatus
from fazhi.workflow.models import ClockedModel


class PlanQuerySet(AuditedQuerySet):
    def main(self) -> Plan | None:
        """The plan the portal shows: the first one imported (the one ``fazhi setup`` loads)."""
        return self.order_by("pk").first()


class Plan(BaseModel):
    key = models.SlugField(_("key"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=200)
    preamble = models.TextField(_("preamble"), blank=True)
    closing = models.TextField(_("closing paragraph"), blank=True)
    source_hash = models.CharField(_("source hash"), max_length=64, help_text=_("SHA-256 of the imported text."))

    objects = PlanQuerySet.as_manager()
    policy = ReferencePolicy()

    class Meta:
        ordering = ("pk",)
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return self.title


class Chapter(BaseModel):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="chapters", verbose_name=_("plan"))
    number = models.PositiveSmallIntegerField(_("number"))
    label = models.CharField(_("label"), max_length=8, help_text=_("The Chinese numeral: 一 … 七."))
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)

    policy = ReferencePolicy()

    class Meta:
        ordering = ("plan", "number")
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        constraints = (models.UniqueConstraint(fields=("plan", "number"), name="unique_chapter_number"),)

    def __str__(self) -> str:
        return f"{self.label}、{self.title}"


class Measure(BaseModel):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measures", verbose_name=_("plan"))
    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="measures", verbose_name=_("chapter"))
    number = models.PositiveSmallIntegerField(_("number"))
    label = models.CharField(_("label"), max_length=16, help_text=_("As the plan writes it: (一) … (三十)."))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    #: the indicators evaluating this measure: the link is supervision's (the indicators app knows no domain); its
    #: table is the one it had when it was ``Indicator.measures``
    indicators = models.ManyToManyField(
        "indicators.Indicator",
        blank=True,
        related_name="measures",
        db_table="supervision_indicator_measures",
        verbose_name=_("indicators"),
    )

    policy = ReferencePolicy()

    class Meta:
        ordering = ("plan", "number")
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = (models.UniqueConstraint(fields=("plan", "number"), name="unique_measure_number"),)

    def __str__(self) -> str:
        return f"{self.label}{self.title}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:measure", kwargs={"number": self.number})


def _midnight(day: dt.date) -> dt.datetime:
    """The start of a local day: comparing a timestamp with it (not its date) lets an index serve the range."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def overdue_q(as_of: dt.date) -> Q:
    """The one definition of an overdue task, judged on ``as_of``: its deadline has passed and it is not done.

    Used by :meth:`TaskQuerySet.overdue`, the sweep's alerts, the dashboard and the on-schedule indicator (as a
    ``Q`` so that they can count it within an aggregate)."""
    return Q(deadline__lt=as_of) & ~Q(status=TaskStatus.DONE)


def stalled_days() -> int:
    """How many days without an accepted report make a task stalled: the ``supervision.progress_report`` clock's
    amount in force (the city office's setting on the time-limit page, else ``SUPERVISION_STALLED_DAYS``)."""
    from fazhi.workflow.clocks import clock_named, effective_amount

    return effective_amount(clock_named(STALLED_CLOCK))


#: The policy time limit for an accepted progress report (declared in supervision/workflow.py).
STALLED_CLOCK = "supervision.progress_report"


def stalled_q(as_of: dt.date, *, materialise: bool = False) -> Q:
    """The one definition of a stalled task, judged on ``as_of``: not done, not overdue, started at least
    :func:`stalled_days` before, and no report accepted within that window (nor later on ``as_of``).

    Only tasks not delegated further can stall (a delegated task's work is its children's): callers count over
    those, or use :meth:`TaskQuerySet.stalled`, which adds the condition. The window's accepted reports are one
    uncorrelated subquery rather than each task's latest acceptance, so it stays fast with a million reports;
    ``materialise`` reads their task ids once instead, for a caller that reuses the ``Q`` in many queries."""
    stalled_before = as_of - dt.timedelta(days=stalled_days())
    accepted = ProgressReport.objects.filter(
        status=ReportStatus.ACCEPTED,
        reviewed_at__gte=_midnight(stalled_before + dt.timedelta(days=1)),
        reviewed_at__lt=_midnight(as_of + dt.timedelta(days=1)),
    ).values_list("task_id", flat=True)
    recently_accepted: Any = set(accepted.order_by()) if materialise else accepted
    return (
        ~Q(status=TaskStatus.DONE)
        & Q(deadline__gte=as_of, start_date__lte=stalled_before)
        & ~Q(pk__in=recently_accepted)
    )


class TaskQuerySet(AuditedQuerySet):
    def overdue(self, as_of: dt.date | None = None) -> TaskQuerySet:
        """Overdue on ``as_of`` (default today): see :func:`overdue_q`."""
        return self.filter(overdue_q(as_of or timezone.localdate()))

    def not_overdue(self, as_of: dt.date | None = None) -> TaskQuerySet:
        return self.exclude(overdue_q(as_of or timezone.localdate()))

    def stalled(self, as_of: dt.date | None = None) -> TaskQuerySet:
        """Stalled on ``as_of`` (default today), among the tasks not delegated further: see :func:`stalled_q`."""
        return self.filter(stalled_q(as_of or timezone.localdate()), children__isnull=True)

    def top_level(self) -> TaskQuerySet:
        return self.filter(parent__isnull=True)


class Task(BaseModel):
    """A piece of work carrying out one measure, led by one organisation, possibly delegated from a parent task."""

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("measure"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    lead_organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="lead_tasks", verbose_name=_("lead organisation")
    )
    co_organisations = models.ManyToManyField(
        "orgs.Organisation", blank=True, related_name="co_tasks", verbose_name=_("co-operating organisations")
    )
    start_date = models.DateField(_("start date"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.PLANNED, db_index=True
    )
    percent = models.PositiveSmallIntegerField(
        _("percent complete"), default=0, validators=[MaxValueValidator(100)], help_text=_("0 to 100.")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("delegated from"),
    )

    objects = TaskQuerySet.as_manager()
    # Staff see and change the tasks led within their scope. The public sees a summary (see docs/supervision.md).
    policy = ScopedPolicy(org_field="lead_organisation")

    class Meta:
        ordering = ("measure__number", "lead_organisation__path", "pk")
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = (
            models.UniqueConstraint(
                fields=("measure", "title", "lead_organisation"), name="unique_task_per_measure_and_lead"
            ),
            models.CheckConstraint(condition=Q(percent__lte=100), name="task_percent_at_most_100"),
            models.CheckConstraint(condition=Q(deadline__gte=models.F("start_date")), name="task_deadline_after_start"),
        )

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("supervision_console:task", kwargs={"pk": self.pk})

    @property
    def is_overdue(self) -> bool:
        return self.status != TaskStatus.DONE and self.deadline < timezone.localdate()

    @property
    def display_status(self) -> str:
        return OVERDUE if self.is_overdue else self.status

    def get_display_status(self) -> Any:
        return pgettext("task status", "overdue") if self.is_overdue else self.get_status_display()

    def ancestors(self) -> list[Task]:
        chain, node, seen = [], self.parent, set()
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            chain.append(node)
            node = node.parent
        return chain

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.percent is not None and not 0 <= self.percent <= 100:
            errors["percent"] = _("The percentage complete must be between 0 and 100.")
        if self.start_date and self.deadline and self.deadline < self.start_date:
            errors["deadline"] = _("The deadline cannot be before the start date.")
        if self.parent_id:
            if self.pk and (self.parent_id == self.pk or any(a.pk == self.pk for a in self.parent.ancestors())):
                errors["parent"] = _("A task cannot be delegated from itself or from a task delegated from it.")
            elif self.lead_organisation_id:
                errors.update(self._delegation_errors())
        if "percent" not in errors:
            self.status, self.percent = self.normalised_progress(self.status, self.percent)
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def normalised_progress(status: str, percent: int) -> tuple[str, int]:
        """100% is done and done is 100%; any progress means the task has started."""
        if percent == 100 or status == TaskStatus.DONE:
            return TaskStatus.DONE, 100
        if percent and status == TaskStatus.PLANNED:
            return TaskStatus.IN_PROGRESS, percent
        return status, percent

    def _delegation_errors(self) -> dict[str, Any]:
        parent = self.parent
        root = parent.lead_organisation.division
        lead = self.lead_organisation
        if lead.pk == parent.lead_organisation_id:
            return {"lead_organisation": _("A delegated task must be led by another organisation than its parent.")}
        if not lead.path.startswith(root.path):
            return {
                "lead_organisation": _("%(org)s is not under %(root)s: a task is delegated down the hierarchy only.")
                % {"org": lead, "root": root}
            }
        if self.measure_id and self.measure_id != parent.measure_id:
            return {"measure": _("A delegated task carries out the same measure as its parent.")}
        return {}

    def rollup(self) -> dict[str, Any]:
        """Its delegated tasks' progress: how many, their average percentage, and how many in each status."""
        children = self.children.all()
        summary = children.aggregate(count=Count("pk"), average=Avg("percent"))
        by_status = dict(children.values_list("status").annotate(n=Count("pk")).order_by())
        overdue = children.overdue().count()
        return {
            "count": summary["count"],
            "average": round(summary["average"] or 0),
            "planned": by_status.get(TaskStatus.PLANNED, 0),
            "in_progress": by_status.get(TaskStatus.IN_PROGRESS, 0),
            "done": by_status.get(TaskStatus.DONE, 0),
            "overdue": overdue,
        }


class TaskMilestone(BaseModel):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("task"))
    title = models.CharField(_("title"), max_length=200)
    due_date = models.DateField(_("due date"))
    reached_at = models.DateField(_("reached on"), null=True, blank=True)

    policy = ScopedPolicy(org_field="task__lead_organisation")

    class Meta:
        ordering = ("task", "due_date", "pk")
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


MAX_LINKS = 10


def parse_links(text: str) -> list[str]:
    """The links of a report, one a line: web addresses (http/https) or paths of records on this site (/…)."""
    from django.core.validators import URLValidator

    links = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if len(links) > MAX_LINKS:
        raise ValidationError(_("At most %(n)s links.") % {"n": MAX_LINKS})
    validate = URLValidator(schemes=("http", "https"))
    for link in links:
        if len(link) > 500:
            raise ValidationError(_("A link may have at most 500 characters."))
        if link.startswith("/") and not link.startswith("//"):
            if any(c.isspace() for c in link):
                raise ValidationError(_("%(link)s is not a valid link.") % {"link": link})
            continue
        try:
            validate(link)
        except ValidationError:
            raise ValidationError(
                _("%(link)s is not a valid link: give a web address (https://…) or a path on this site (/…).")
                % {"link": link[:80]}
            ) from None
    return links


class ProgressReport(BaseModel, ClockedModel):
    """Progress reported by the responsible organisation; it counts (percent, milestone) once accepted."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports", verbose_name=_("task"))
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("reporting organisation")
    )
    text = models.TextField(_("progress"), max_length=5000)
    percent = models.PositiveSmallIntegerField(
        _("percent complete"), validators=[MaxValueValidator(100)], help_text=_("0 to 100.")
    )
    milestone = models.ForeignKey(
        TaskMilestone,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
        verbose_name=_("milestone reached"),
    )
    links = models.TextField(
        _("links"),
        blank=True,
        help_text=_("One a line: web addresses or paths of records on this site (e.g. /laws/…)."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED, db_index=True
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    review_comment = models.TextField(_("review comment"), blank=True, max_length=2000)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    policy = ScopedPolicy(org_field="task__lead_organisation")

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        permissions = (("review_progressreport", "Can accept or return progress reports"),)
        constraints = (models.CheckConstraint(condition=Q(percent__lte=100), name="report_percent_at_most_100"),)
        # indicators: reports accepted in a period (city-wide, or of a subtree's tasks) and the stalled test read a
        # range of review times
        indexes = (
            models.Index(fields=("status", "reviewed_at"), name="report_status_reviewed"),
            models.Index(fields=("task", "status", "reviewed_at"), name="report_task_status_reviewed"),
        )

    def __str__(self) -> str:
        return f"{self.task} · {self.percent}%"

    def get_absolute_url(self) -> str:
        return f"{self.task.get_absolute_url()}#report-{self.pk}"

    def audit_organisation(self) -> Any:
        return self.task.lead_organisation

    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.percent is None or not 0 <= self.percent <= 100:
            errors["percent"] = _("The percentage complete must be between 0 and 100.")
        if self.milestone_id and self.task_id and self.milestone.task_id != self.task_id:
            errors["milestone"] = _("The milestone must be one of this task's milestones.")
        try:
            parse_links(self.links)
        except ValidationError as exc:
            errors["links"] = exc.messages
        if errors:
            raise ValidationError(errors)


class SupervisionNotice(BaseModel, ClockedModel):
    """督办通知: the supervising office asks the responsible organisation to act and reply by a date.

    The reply runs against the ``supervision.notice_reply`` clock, started so that its deadline is the date the
    issuer chose (``reply_deadline``, kept as that date): see supervision/workflow.py."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="notices", verbose_name=_("task"))
    text = models.TextField(_("notice"), max_length=5000)
    reply_deadline = models.DateField(_("reply by"))
    status = models.CharField(
        _("status"), max_length=16, choices=NoticeStatus.choices, default=NoticeStatus.ISSUED, db_index=True
    )
    reply = models.TextField(_("reply"), blank=True, max_length=5000)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("replied by"),
    )

    policy = ScopedPolicy(org_field="task__lead_organisation")

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("supervision notice")
        verbose_name_plural = _("supervision notices")
        permissions = (("review_supervisionnotice", "Can issue supervision notices"),)

    def __str__(self) -> str:
        return f"{self.task} · {self.reply_deadline.isoformat() if self.reply_deadline else ''}"

    def get_absolute_url(self) -> str:
        return f"{self.task.get_absolute_url()}#notice-{self.pk}"

    def audit_organisation(self) -> Any:
        return self.task.lead_organisation

    @property
    def reply_by(self) -> dt.date:
        """The day the reply is due: the clock's deadline (the chosen ``reply_deadline``, unless a holiday table
        moved it), or ``reply_deadline`` for a notice saved without a clock."""
        return timezone.localdate(self.due_at) if self.due_at is not None else self.reply_deadline

    @property
    def is_overdue(self) -> bool:
        """Unanswered after its deadline (the clock's; ``reply_deadline`` for a notice saved without one)."""
        if self.status == NoticeStatus.REPLIED or self.replied_at is not None:
            return False
        if self.due_at is not None:
            return self.due_at < timezone.now()
        return self.reply_deadline < timezone.localdate()


class Alert(BaseModel):
    """An overdue or stalled task, or an unanswered notice: to the organisation first, then to its supervisor.

    One alert per (task, kind, notice) is open at a time; the sweep resolves it when the condition clears.
    """

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="alerts", verbose_name=_("task"))
    kind = models.CharField(_("kind"), max_length=16, choices=AlertKind.choices, db_index=True)
    notice = models.ForeignKey(
        SupervisionNotice,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="alerts",
        verbose_name=_("notice"),
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=AlertLevel.choices, default=AlertLevel.ORGANISATION)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("acknowledged by"),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True, db_index=True)

    policy = ScopedPolicy(org_field="task__lead_organisation")

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = (
            models.UniqueConstraint(
                fields=("task", "kind"),
                condition=Q(resolved_at__isnull=True, notice__isnull=True),
                name="one_open_alert_per_task_and_kind",
            ),
            models.UniqueConstraint(
                fields=("notice",),
                condition=Q(resolved_at__isnull=True, notice__isnull=False),
                name="one_open_alert_per_notice",
            ),
        )

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.task}"

    def get_absolute_url(self) -> str:
        return f"{self.task.get_absolute_url()}#alert-{self.pk}"

    def audit_organisation(self) -> Any:
        return self.task.lead_organisation
