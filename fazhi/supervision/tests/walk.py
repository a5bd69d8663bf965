"""Plan and tasks: the plan and its measures (with published progress) are public; tasks are read and changed
within the lead organisation's scope (the sample task is led by Huangpu).

Progress, notices and alerts (督察督办): reporting and replying are for the responsible organisation's handlers
and reviewers; reviewing reports and issuing notices for reviewers. The POSTs without a body come back as
messages on a redirect (console) or 400 (API): "ok" = let in. The steps (supervision/workflow.py) let in whoever
may see the record, then the service decides: accepting a report needs no body and is refused (403) to Huangpu's
readers who do not review.
"""

from fazhi.orgs.models import Organisation
from fazhi.supervision.tests.indicator_factories import IndicatorValueFactory
from fazhi.supervision.workflow import NOTICE_WORKFLOW, REPORT_WORKFLOW
from fazhi.testing.factories import (
    AlertFactory,
    ProgressReportFactory,
    SupervisionNoticeFactory,
    TaskFactory,
    TaskMilestoneFactory,
)
from fazhi.testing.walk import (
    AUTHORS,
    DENIED,
    GONE,
    HUANGPU_AUTHORS,
    HUANGPU_READERS,
    HUANGPU_REVIEWERS,
    LOGIN,
    MATTER_READERS,
    OFFICE_READERS,
    OK,
    by_role,
    everyone,
    only,
    staff,
    workflow_step_samples,
    workflow_steps,
)


def _reviewer(role):
    """Huangpu's reviewers review; Huangpu's other readers are refused (403); other staff do not see it (404)."""
    if role is None:
        return LOGIN
    if role in HUANGPU_REVIEWERS:
        return OK
    return DENIED if role in ("citizen", *HUANGPU_READERS) or role not in MATTER_READERS else GONE


# Acknowledging an alert is the led organisation's (handlers) as well as the supervising office's.
ALERT_HANDLERS = (*AUTHORS, "njdl_handler", "credit_officer")
_viewer = by_role(ok=HUANGPU_READERS, gone=MATTER_READERS)

EXPECT = {
    "supervision:plan": ("get", everyone),
    "supervision:measure": ("get", everyone),
    "api:plan": ("get", everyone),
    "api:measure-list": ("get", everyone),
    "api:measure-detail": ("get", everyone),
    "supervision_console:tasks": ("get", only(*MATTER_READERS)),
    "supervision_console:tasks_export": ("get", only(*MATTER_READERS)),
    "supervision_console:tasks_import": ("get", only(*AUTHORS)),
    "supervision_console:task_add": ("get", only(*AUTHORS)),
    "supervision_console:task": ("get", by_role(ok=HUANGPU_READERS, gone=MATTER_READERS)),
    "supervision_console:task_edit": ("get", by_role(ok=HUANGPU_AUTHORS, gone=AUTHORS)),
    "supervision_console:task_delegate": ("get", by_role(ok=HUANGPU_AUTHORS, gone=AUTHORS)),
    "supervision_console:milestone_add": ("post", by_role(ok=HUANGPU_AUTHORS, gone=AUTHORS)),
    "supervision_console:milestone_reached": ("post", by_role(ok=HUANGPU_AUTHORS, gone=AUTHORS)),
    "api:task-list": ("get", only(*MATTER_READERS)),
    "api:task-detail": ("get", by_role(ok=HUANGPU_READERS, gone=MATTER_READERS)),
    "api:task-delegate": ("post", by_role(ok=HUANGPU_AUTHORS, gone=AUTHORS)),
    "supervision_console:report_submit": ("post", by_role(ok=HUANGPU_READERS, gone=MATTER_READERS)),
    "supervision_console:report_step": ("post", _viewer),  # refusals come as messages
    "supervision_console:notice_issue": ("post", by_role(ok=HUANGPU_READERS, gone=MATTER_READERS)),
    "supervision_console:notice_step": ("post", _viewer),
    "supervision_console:alerts": ("get", only(*MATTER_READERS)),
    "supervision_console:scorecard": ("get", only(*OFFICE_READERS)),
    "supervision_console:alert_acknowledge": ("post", by_role(ok=HUANGPU_AUTHORS, gone=ALERT_HANDLERS)),
    "api:progressreport-list": ("get", only(*MATTER_READERS)),
    "api:progressreport-detail": ("get", by_role(ok=HUANGPU_READERS, gone=MATTER_READERS)),
    **workflow_steps(REPORT_WORKFLOW, "progressreport", takes=_reviewer, sees=_viewer),
    "api:supervisionnotice-list": ("get", only(*MATTER_READERS)),
    "api:supervisionnotice-detail": ("get", by_role(ok=HUANGPU_READERS, gone=MATTER_READERS)),
    **workflow_steps(NOTICE_WORKFLOW, "supervisionnotice", takes=_viewer, sees=_viewer),
    "api:alert-list": ("get", only(*MATTER_READERS)),
    "api:alert-detail": ("get", by_role(ok=HUANGPU_READERS, gone=MATTER_READERS)),
    "api:alert-acknowledge": ("post", by_role(ok=HUANGPU_AUTHORS, gone=ALERT_HANDLERS)),
    # Indicators: definitions are read by everyone (the console is for staff) and changed by the administrator and
    # the city office only (a district reviewer's grant is not city-wide); the sample manual indicator is entered
    # by Huangpu's staff (and those above); values and their records are read within scope.
    "supervision_console:indicators": ("get", staff),
    "supervision_console:indicator_add": ("get", only("admin", "office")),
    "supervision_console:indicator": ("get", staff),
    "supervision_console:indicator_edit": ("get", only("admin", "office")),
    "supervision_console:indicator_enter": ("get", only("admin", "office", "hp_justice")),
    "supervision_console:indicator_records": ("get", by_role(ok=HUANGPU_READERS, gone=OFFICE_READERS)),
    "api:indicator-list": ("get", everyone),
    "api:indicator-detail": ("get", everyone),
    "api:indicator-formulas": ("get", everyone),
    "api:indicatorvalue-list": ("get", only(*OFFICE_READERS)),
    "api:indicatorvalue-detail": ("get", by_role(ok=HUANGPU_READERS, gone=OFFICE_READERS)),
    "api:scorecard": ("get", only(*OFFICE_READERS)),
    # The dashboard: those who read both tasks and indicator values over some division (the city, Huangpu, Xuhui)
    # see that one's dashboard; the street handler reads no indicators, the manager and the 12345 centre no tasks.
    "supervision_console:dashboard": ("get", only(*OFFICE_READERS)),
    "supervision_console:dashboard_export": ("get", only(*OFFICE_READERS)),
    "api:supervision-dashboard": ("get", only(*OFFICE_READERS)),
}


def samples(users):
    task = TaskFactory(lead_organisation=Organisation.objects.get(code="310101"))
    milestone = TaskMilestoneFactory(task=task)
    report = ProgressReportFactory(task=task)
    notice = SupervisionNoticeFactory(task=task)
    alert = AlertFactory(task=task)
    on_task = {"pk": task.pk}
    value = IndicatorValueFactory()  # of a manual indicator entered by Huangpu, for Huangpu
    on_indicator = {"pk": value.indicator_id}
    return {
        "supervision_console:indicator": on_indicator,
        "supervision_console:indicator_edit": on_indicator,
        "supervision_console:indicator_enter": on_indicator,
        "supervision_console:indicator_records": {"pk": value.indicator_id, "code": "310101"},
        "api:indicator-detail": on_indicator,
        "api:indicatorvalue-detail": {"pk": value.pk},
        "supervision:measure": {"number": 29},
        "api:measure-detail": {"number": 29},
        "supervision_console:task": on_task,
        "supervision_console:task_edit": on_task,
        "supervision_console:task_delegate": on_task,
        "supervision_console:milestone_add": on_task,
        "supervision_console:milestone_reached": {"pk": milestone.pk},
        "api:task-detail": on_task,
        "api:task-delegate": on_task,
        "supervision_console:report_submit": on_task,
        "supervision_console:report_step": {"pk": report.pk, "step": "return"},
        "supervision_console:notice_issue": on_task,
        "supervision_console:notice_step": {"pk": notice.pk, "step": "reply"},
        "supervision_console:alert_acknowledge": {"pk": alert.pk},
        "api:progressreport-detail": {"pk": report.pk},
        **workflow_step_samples(REPORT_WORKFLOW, "progressreport", {"pk": report.pk}),
        "api:supervisionnotice-detail": {"pk": notice.pk},
        **workflow_step_samples(NOTICE_WORKFLOW, "supervisionnotice", {"pk": notice.pk}),
        "api:alert-detail": {"pk": alert.pk},
        "api:alert-acknowledge": {"pk": alert.pk},
    }
