"""Walk every URL of the platform with every role and check who gets in — and that nothing leaks across scopes.

The expectation table is written by hand (it is the specification, not derived from the policies under test).
A URL without an entry fails the test, so each new page must state who may open it.
"""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.views import APIView

from fazhi.accounts.models import RoleAssignment, User
from fazhi.audit.models import AuditEntry
from fazhi.core.api import PlatformAPIView, PolicyModelViewSet, PolicyReadOnlyViewSet
from fazhi.core.demo import DEMO_ACCOUNTS
from fazhi.core.views import PlatformView
from fazhi.laws.models import TypicalCase, Version, Work
from fazhi.orgs.models import Organisation
from fazhi.testing.factories import (
    AlertFactory,
    AttachmentFactory,
    FollowFactory,
    InterpretationFactory,
    MustKnowListFactory,
    NotificationFactory,
    ProgressReportFactory,
    SupervisionNoticeFactory,
    TaskFactory,
    TaskMilestoneFactory,
)

pytestmark = pytest.mark.django_db

LABOUR_CONTRACT_LAW = "中华人民共和国劳动合同法"
ROLES = [None] + [a.username for a in DEMO_ACCOUNTS]
STAFF = {a.username for a in DEMO_ACCOUNTS if a.role}
EVERYONE = set(ROLES) - {None}
OK, LOGIN, DENIED, GONE = "ok", "login", "denied", "gone"  # gone: 404 (existence not revealed)

# Third-party views that keep their own access rules.
EXEMPT_NAMESPACES = {"admin"}
EXEMPT_VIEWS = {"set_language", "api:openapi", "api:docs", "api:redoc"}


def only(*names: str, others: str = DENIED, anonymous: str = LOGIN, citizen: str | None = None):
    allowed = set(names)

    def expect(role: str | None) -> str:
        if role is None:
            return anonymous
        if role == "citizen" and citizen is not None:
            return citizen
        return OK if role in allowed else others

    return expect


def everyone(role):
    return OK


signed_in = only(*EVERYONE)
# Who writes interpretations and must-know lists (handlers and reviewers), and who reaches Huangpu's drafts.
AUTHORS = ("admin", "office", "hp_justice", "xh_justice", "njdl_handler")
HUANGPU_AUTHORS = ("admin", "office", "hp_justice")
HUANGPU_READERS = ("admin", "office", "leader", "evaluator", "hp_manager", "hp_justice")
REVIEWERS = ("admin", "office", "hp_justice", "xh_justice")
HUANGPU_REVIEWERS = ("admin", "office", "hp_justice")


def by_role(*, ok, gone):
    """Staff with the right somewhere but not over this record get a 404; others a 403."""

    def expect(role):
        if role is None:
            return LOGIN
        return OK if role in ok else GONE if role in gone else DENIED

    return expect


staff = only(*STAFF)
huangpu_managers = ("admin", "hp_manager")

# url name → (method, expectation). "gone" for a record outside one's reach, "denied" for a page one may not use.
EXPECT = {
    "portal:home": ("get", everyone),
    "orgs:list": ("get", everyone),
    "orgs:detail": ("get", everyone),
    "accounts:login": ("get", everyone),
    "accounts:register": ("get", everyone),
    "accounts:logout": ("post", everyone),
    "accounts:home": ("get", signed_in),
    "accounts:profile": ("get", signed_in),
    "accounts:password": ("get", signed_in),
    "accounts:token": ("get", signed_in),
    "notifications:list": ("get", signed_in),
    "notifications:read_all": ("post", signed_in),
    "notifications:open": ("post", signed_in),  # someone else's notification: redirected to one's own list
    "attachments:download": (
        "get",
        only("admin", "hp_manager", "hp_justice", "office", "leader", "evaluator", others=GONE, anonymous=GONE),
    ),
    "console:home": ("get", staff),
    "orgs_console:add": ("get", only(*huangpu_managers)),
    "orgs_console:edit": ("get", only(*huangpu_managers)),
    "accounts_console:list": ("get", staff),
    "accounts_console:add": ("get", only(*huangpu_managers)),
    "accounts_console:detail": ("get", only(*huangpu_managers, "hp_justice", others=GONE, citizen=DENIED)),
    "accounts_console:grant": ("post", only(*huangpu_managers, "hp_justice", others=GONE, citizen=DENIED)),
    "accounts_console:revoke": ("post", only(*huangpu_managers, others=GONE, citizen=DENIED)),
    "audit_console:list": ("get", only("admin", "hp_manager", "evaluator")),
    "audit_console:detail": ("get", only("admin", "hp_manager", "evaluator")),
    "audit_console:verify": ("post", only("admin")),
    "attachments_console:upload": ("post", staff),  # refusals come back as messages on the redirect
    "attachments_console:delete": (
        "post",
        only(*huangpu_managers, "hp_justice", "office", others=GONE, citizen=DENIED),
    ),
    # API
    "api:organisation-list": ("get", everyone),
    "api:organisation-detail": ("get", everyone),
    "api:user-list": ("get", signed_in),
    "api:user-detail": ("get", only(*huangpu_managers, "hp_justice", others=GONE, anonymous=LOGIN)),
    "api:roleassignment-list": ("get", signed_in),
    "api:roleassignment-detail": ("get", only(*huangpu_managers, "hp_justice", others=GONE)),
    "api:auditentry-list": ("get", only("admin", "hp_manager", "evaluator")),
    "api:auditentry-detail": ("get", only("admin", "hp_manager", "evaluator")),
    "api:attachment-list": ("get", everyone),
    "api:attachment-detail": (
        "get",
        only("admin", "hp_manager", "hp_justice", "office", "leader", "evaluator", others=GONE, anonymous=GONE),
    ),
    "api:attachment-download": (
        "get",
        only("admin", "hp_manager", "hp_justice", "office", "leader", "evaluator", others=GONE, anonymous=GONE),
    ),
    "api:notification-list": ("get", signed_in),
    "api:notification-detail": ("get", only("hp_justice", "admin", others=GONE)),
    "api:notification-mark-read": ("post", signed_in),
    "api:token-obtain": ("post", only(others=OK, anonymous=OK)),  # bad credentials → 400, never 500
    "api:me": ("get", signed_in),
    "api:roles": ("get", signed_in),
    # Law library: public reference data
    "laws:home": ("get", everyone),
    "laws:search": ("get", everyone),
    "laws:works": ("get", everyone),
    "laws:cases": ("get", everyone),
    "laws:case": ("get", everyone),
    "laws:work": ("get", everyone),
    "laws:diff": ("get", everyone),
    "laws:akn": ("get", everyone),
    "laws:version": ("get", everyone),
    "laws:article": ("get", everyone),
    "api:law-list": ("get", everyone),
    "api:law-detail": ("get", everyone),
    "api:law-article": ("get", everyone),
    "api:lawversion-list": ("get", everyone),
    "api:lawversion-detail": ("get", everyone),
    "api:law-search": ("get", everyone),
    "api:citation-check": ("post", everyone),
    "api:citation-resolve": ("get", everyone),
    "laws:follow": ("post", signed_in),
    "api:interpretation-list": ("get", everyone),
    "api:interpretation-detail": ("get", only(*HUANGPU_READERS, others=GONE, anonymous=GONE)),
    "api:mustknowlist-list": ("get", everyone),
    "api:mustknowlist-detail": ("get", everyone),
    "api:lawfollow-list": ("get", signed_in),
    "api:lawfollow-detail": ("get", only("hp_justice", "admin", others=GONE)),
    "laws:interpretation": ("get", only(*HUANGPU_READERS, others=GONE, anonymous=GONE)),
    "laws:mustknow_lists": ("get", everyone),
    "laws:mustknow": ("get", everyone),
    "laws_console:interpretations": ("get", staff),
    "laws_console:interpretation_add": ("get", only(*AUTHORS)),
    "laws_console:interpretation_edit": ("get", by_role(ok=HUANGPU_AUTHORS, gone=AUTHORS)),
    "laws_console:lists": ("get", staff),
    "laws_console:list_add": ("get", only(*AUTHORS)),
    "laws_console:list_edit": ("get", by_role(ok=HUANGPU_AUTHORS, gone=AUTHORS)),
    # Plan and tasks: the plan and its measures (with published progress) are public; tasks are read and changed
    # within the lead organisation's scope (the sample task is led by Huangpu).
    "supervision:plan": ("get", everyone),
    "supervision:measure": ("get", everyone),
    "api:plan": ("get", everyone),
    "api:measure-list": ("get", everyone),
    "api:measure-detail": ("get", everyone),
    "supervision_console:tasks": ("get", staff),
    "supervision_console:tasks_export": ("get", staff),
    "supervision_console:tasks_import": ("get", only(*AUTHORS)),
    "supervision_console:task_add": ("get", only(*AUTHORS)),
    "supervision_console:task": ("get", by_role(ok=HUANGPU_READERS, gone=STAFF)),
    "supervision_console:task_edit": ("get", by_role(ok=HUANGPU_AUTHORS, gone=AUTHORS)),
    "supervision_console:task_delegate": ("get", by_role(ok=HUANGPU_AUTHORS, gone=AUTHORS)),
    "supervision_console:milestone_add": ("post", by_role(ok=HUANGPU_AUTHORS, gone=AUTHORS)),
    "supervision_console:milestone_reached": ("post", by_role(ok=HUANGPU_AUTHORS, gone=AUTHORS)),
    "api:task-list": ("get", staff),
    "api:task-detail": ("get", by_role(ok=HUANGPU_READERS, gone=STAFF)),
    "api:task-delegate": ("post", by_role(ok=HUANGPU_AUTHORS, gone=AUTHORS)),
    # Progress, notices and alerts (督察督办) on the sample Huangpu task. Reporting and replying are for the
    # responsible organisation's handlers and reviewers; reviewing reports and issuing notices for reviewers.
    # The POSTs without a body come back as messages on a redirect (console) or 400 (API): "ok" = let in.
    "supervision_console:report_submit": ("post", by_role(ok=HUANGPU_READERS, gone=STAFF)),
    "supervision_console:report_review": ("post", by_role(ok=HUANGPU_REVIEWERS, gone=REVIEWERS)),
    "supervision_console:notice_issue": ("post", by_role(ok=HUANGPU_READERS, gone=STAFF)),
    "supervision_console:notice_reply": ("post", by_role(ok=HUANGPU_AUTHORS, gone=AUTHORS)),
    "supervision_console:alerts": ("get", staff),
    "supervision_console:scorecard": ("get", staff),
    "supervision_console:alert_acknowledge": ("post", by_role(ok=HUANGPU_AUTHORS, gone=AUTHORS)),
    "api:progressreport-list": ("get", staff),
    "api:progressreport-detail": ("get", by_role(ok=HUANGPU_READERS, gone=STAFF)),
    "api:progressreport-review": ("post", by_role(ok=HUANGPU_REVIEWERS, gone=REVIEWERS)),
    "api:supervisionnotice-list": ("get", staff),
    "api:supervisionnotice-detail": ("get", by_role(ok=HUANGPU_READERS, gone=STAFF)),
    "api:supervisionnotice-reply": ("post", by_role(ok=HUANGPU_AUTHORS, gone=AUTHORS)),
    "api:alert-list": ("get", staff),
    "api:alert-detail": ("get", by_role(ok=HUANGPU_READERS, gone=STAFF)),
    "api:alert-acknowledge": ("post", by_role(ok=HUANGPU_AUTHORS, gone=AUTHORS)),
}


DESTRUCTIVE = {"accounts_console:revoke", "attachments_console:delete"}


def iter_patterns(patterns=None, prefix=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            if entry.namespace in EXEMPT_NAMESPACES:
                continue
            yield from iter_patterns(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}", entry


@pytest.fixture
def samples(demo_users):
    """One record of each kind, all in Huangpu (310101), to reach with every role."""
    huangpu = Organisation.objects.get(code="310101")
    hp_justice = demo_users["hp_justice"]
    attachment = AttachmentFactory(organisation=huangpu, object_id=str(huangpu.pk))
    notification = NotificationFactory(recipient=hp_justice)
    entry = AuditEntry.objects.filter(organisation=huangpu).order_by("-seq").first()
    assignment = RoleAssignment.objects.get(user=hp_justice)
    org_ct = ContentType.objects.get_for_model(Organisation)
    huangpu_justice = Organisation.objects.get(code="310101-SFJ")
    labour = Work.objects.get(key=LABOUR_CONTRACT_LAW)
    draft = InterpretationFactory(work=labour, organisation=huangpu_justice)
    must_know = MustKnowListFactory(is_published=True, organisation=huangpu_justice)
    task = TaskFactory(lead_organisation=huangpu)
    milestone = TaskMilestoneFactory(task=task)
    report = ProgressReportFactory(task=task)
    notice = SupervisionNoticeFactory(task=task)
    alert = AlertFactory(task=task)
    return {
        "orgs:detail": {"code": "310101"},
        "orgs_console:edit": {"code": "310101"},
        "accounts_console:detail": {"pk": hp_justice.pk},
        "accounts_console:grant": {"pk": hp_justice.pk},
        "accounts_console:revoke": {"pk": assignment.pk},
        "audit_console:detail": {"seq": entry.seq},
        "attachments:download": {"uid": attachment.uid},
        "attachments_console:upload": {"target_type": f"{org_ct.app_label}.{org_ct.model}", "target_id": "310101"},
        "attachments_console:delete": {"uid": attachment.uid},
        "notifications:open": {"pk": notification.pk},
        "api:organisation-detail": {"code": "310101"},
        "api:user-detail": {"pk": hp_justice.pk},
        "api:roleassignment-detail": {"pk": assignment.pk},
        "api:auditentry-detail": {"seq": entry.seq},
        "api:attachment-detail": {"uid": attachment.uid},
        "api:attachment-download": {"uid": attachment.uid},
        "api:notification-detail": {"pk": notification.pk},
        "laws:case": {"pk": TypicalCase.objects.first().pk},
        "laws:follow": {"key": LABOUR_CONTRACT_LAW},
        "laws:interpretation": {"pk": draft.pk},
        "laws:mustknow": {"pk": must_know.pk},
        "api:interpretation-detail": {"pk": draft.pk},
        "api:mustknowlist-detail": {"pk": must_know.pk},
        "api:lawfollow-detail": {"pk": FollowFactory(user=hp_justice, work=labour).pk},
        "laws_console:interpretation_edit": {"pk": draft.pk},
        "laws_console:list_edit": {"pk": must_know.pk},
        "laws:work": {"key": LABOUR_CONTRACT_LAW},
        "laws:diff": {"key": LABOUR_CONTRACT_LAW},
        "laws:akn": {"key": LABOUR_CONTRACT_LAW},
        "laws:version": {"key": LABOUR_CONTRACT_LAW, "date": "2012-12-28"},
        "laws:article": {"key": LABOUR_CONTRACT_LAW, "number": "82"},
        "api:law-detail": {"key": LABOUR_CONTRACT_LAW},
        "api:law-article": {"key": LABOUR_CONTRACT_LAW, "number": "82"},
        "api:lawversion-detail": {"pk": Version.objects.first().pk},
        "supervision:measure": {"number": 29},
        "api:measure-detail": {"number": 29},
        "supervision_console:task": {"pk": task.pk},
        "supervision_console:task_edit": {"pk": task.pk},
        "supervision_console:task_delegate": {"pk": task.pk},
        "supervision_console:milestone_add": {"pk": task.pk},
        "supervision_console:milestone_reached": {"pk": milestone.pk},
        "api:task-detail": {"pk": task.pk},
        "api:task-delegate": {"pk": task.pk},
        "supervision_console:report_submit": {"pk": task.pk},
        "supervision_console:report_review": {"pk": report.pk},
        "supervision_console:notice_issue": {"pk": task.pk},
        "supervision_console:notice_reply": {"pk": notice.pk},
        "supervision_console:alert_acknowledge": {"pk": alert.pk},
        "api:progressreport-detail": {"pk": report.pk},
        "api:progressreport-review": {"pk": report.pk},
        "api:supervisionnotice-detail": {"pk": notice.pk},
        "api:supervisionnotice-reply": {"pk": notice.pk},
        "api:alert-detail": {"pk": alert.pk},
        "api:alert-acknowledge": {"pk": alert.pk},
    }


def outcome(response, is_api: bool) -> str:
    status = response.status_code
    if status >= 500:
        return f"server error {status}"
    if status == 302 and "/accounts/login/" in response.get("Location", ""):
        return LOGIN
    if status == 401 and is_api:
        return LOGIN
    if status == 403:
        return DENIED
    if status == 404:
        return GONE
    return OK  # 2xx, redirects elsewhere, and 400 (the request itself was let in, then judged)


def test_every_view_goes_through_the_shared_permission_mechanism():
    offenders = []
    for name, pattern in iter_patterns():
        if name in EXEMPT_VIEWS:
            continue
        view = getattr(pattern.callback, "view_class", None) or getattr(pattern.callback, "cls", None)
        if view is None or not (issubclass(view, PlatformView) or issubclass(view, APIView)):
            offenders.append(name)
            continue
        if (
            issubclass(view, APIView)
            and not issubclass(view, PlatformAPIView | PolicyModelViewSet | PolicyReadOnlyViewSet)
            and name != "api:token-obtain"
        ):
            offenders.append(name)
    assert offenders == []


def test_every_url_has_an_expectation():
    names = {name for name, _ in iter_patterns()} - EXEMPT_VIEWS
    assert names - set(EXPECT) == set(), "add the new URLs to EXPECT"
    assert set(EXPECT) - names == set(), "EXPECT names URLs that no longer exist"


@pytest.mark.parametrize("role", ROLES, ids=[r or "anonymous" for r in ROLES])
def test_walk_every_url_with_every_role(role, samples, demo_users):
    def client_as(user_role):
        client = Client(raise_request_exception=True)
        if user_role:
            client.force_login(demo_users[user_role])
        return client

    client = client_as(role)
    mismatches = []
    # Reads first, then writes, and the writes that remove the samples last.
    order = sorted(EXPECT.items(), key=lambda item: (item[1][0] == "post", item[0] in DESTRUCTIVE))
    for name, (method, expect) in order:
        url = reverse(name, kwargs=samples.get(name, {}))
        if name == "accounts:logout":  # would end the walk's own session
            client, walk_client = client_as(role), client
        response = getattr(client, method)(url)
        got, wanted = outcome(response, name.startswith("api:")), expect(role)
        if got != wanted:
            mismatches.append(f"{method.upper()} {url} ({name}): expected {wanted}, got {got} [{response.status_code}]")
        if name == "accounts:logout":
            client = walk_client
    assert "\n".join(mismatches) == ""


def test_lists_do_not_leak_across_districts(client_for, demo_users):
    xh = client_for("xh_justice")
    ids = {u["id"] for u in xh.get("/api/v1/users/?page_size=200").json()["results"]}
    assert ids == {demo_users["xh_justice"].pk}  # a reviewer without account rights sees only themself

    hp = client_for("hp_manager")
    usernames = {u["username"] for u in hp.get("/api/v1/users/?page_size=200").json()["results"]}
    assert {"hp_manager", "hp_justice", "njdl_handler"} <= usernames
    assert not usernames & {"xh_justice", "office", "admin", "leader"}

    entries = hp.get("/api/v1/audit-entries/?page_size=200").json()["results"]
    assert entries and all(e["organisation"] and e["organisation"].startswith("310101") for e in entries)

    html = hp.get("/console/people/").content.decode()
    assert "hp_justice" in html and "xh_justice" not in html


def test_admin_site_is_for_superusers_only(client_for):
    assert client_for(None).get("/admin/").status_code == 302
    assert client_for("hp_manager").get("/admin/").status_code == 302
    assert client_for("admin").get("/admin/").status_code == 200


def test_no_users_are_visible_anonymously(client):
    assert client.get("/api/v1/users/").status_code == 401
    assert User.objects.count() > 0
