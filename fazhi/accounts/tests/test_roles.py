"""The role catalogue: each module grants each job what it may do there (accounts/roles.py)."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ImproperlyConfigured

from fazhi.accounts.choices import RoleCode
from fazhi.accounts.models import Role
from fazhi.accounts.roles import GRANTS, grant, permissions_for, sync_roles, unmatched_grants

pytestmark = pytest.mark.django_db


def _names(code: str) -> set[str]:
    role = Role.objects.get(code=code)
    return {f"{p.content_type.app_label}.{p.codename}" for p in role.permissions.select_related("content_type")}


def test_every_grant_names_a_permission_that_exists():
    names = {
        f"{app}.{codename}" for app, codename in Permission.objects.values_list("content_type__app_label", "codename")
    }
    assert unmatched_grants(names) == []
    assert unmatched_grants({"hotline.view_ticket"})  # the check itself finds a grant with nothing to match


def test_a_handler_handles_matters_and_plans_nothing():
    handler = _names(RoleCode.HANDLER)
    assert {"suggestions.change_suggestion", "hotline.change_ticket", "consultation.change_comment"} <= handler
    assert {
        "supervision.view_task",
        "supervision.add_progressreport",
        "supervision.change_supervisionnotice",
    } <= handler
    forbidden = {
        "hotline.add_ticket",  # intake is the 12345 centre's
        "suggestions.add_solicitation",
        "supervision.change_task",
        "supervision.review_progressreport",
        "laws.add_interpretation",
        "laws.add_mustknowlist",
        "consultation.add_consultation",
    }
    assert not handler & forbidden
    assert not {
        name for name in handler if name.split(".")[0] in {"surveys", "indicators", "reports", "accounts", "audit"}
    }


def test_each_job_holds_its_own_grants():
    assert "hotline.add_ticket" in _names(RoleCode.OPERATOR)
    assert not {n for n in _names(RoleCode.OPERATOR) if n.startswith(("suggestions.", "supervision."))}
    assert {"laws.add_interpretation", "laws.change_mustknowlist"} <= _names(RoleCode.EDITOR)
    assert not {n for n in _names(RoleCode.EDITOR) if n.startswith(("hotline.", "suggestions."))}
    assert {"supervision.review_progressreport", "indicators.add_indicatorvalue"} <= _names(RoleCode.REVIEWER)
    leader = _names(RoleCode.LEADER)
    assert leader and all(n.split(".")[1].startswith("view_") for n in leader)
    assert "audit.view_auditentry" in _names(RoleCode.EVALUATOR) and "audit.view_auditentry" not in leader
    assert not {n for n in _names(RoleCode.MANAGER) if n.startswith(("hotline.", "suggestions.", "supervision."))}
    assert _names(RoleCode.ADMIN) == set(
        f"{a}.{c}" for a, c in Permission.objects.values_list("content_type__app_label", "codename")
    )


def test_a_pattern_matches_within_its_own_app_only():
    perms = [(1, "surveys.view_survey"), (2, "surveys.add_survey"), (3, "hotline.view_survey")]
    GRANTS[RoleCode.EDITOR].add("surveys.view_*")
    try:
        assert permissions_for(RoleCode.EDITOR, perms) == [1]
    finally:
        GRANTS[RoleCode.EDITOR].discard("surveys.view_*")


def test_a_grant_must_name_a_role_and_an_app():
    with pytest.raises(ImproperlyConfigured):
        grant("clerk", "hotline.view_ticket")
    with pytest.raises(ImproperlyConfigured):
        grant(RoleCode.HANDLER, "*.view_*")  # no role reaches a module that did not grant it
    with pytest.raises(ImproperlyConfigured):
        grant(RoleCode.HANDLER, "view_ticket")


def test_sync_roles_follows_the_declarations():
    handler = Role.objects.get(code=RoleCode.HANDLER)
    handler.permissions.add(Permission.objects.get(codename="add_survey"))
    sync_roles()
    assert "surveys.add_survey" not in _names(RoleCode.HANDLER)
