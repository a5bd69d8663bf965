"""Demo accounts for a development installation, one per role (documented in the README)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from fazhi.accounts.models import Role, RoleAssignment, User
from fazhi.core.context import acting
from fazhi.orgs.models import Organisation

DEMO_PASSWORD = "fazhi-demo-2025"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    display_name: str
    organisation: str | None  # employer (code); None for a citizen
    role: str | None
    scope: str | None  # where the role applies (code)
    what: str


DEMO_ACCOUNTS = (
    DemoAccount("admin", "平台管理员", "31-YFZS", "admin", "31", "platform administrator (also /admin/)"),
    DemoAccount("office", "依法治市办 督办员", "31-YFZS", "reviewer", "31", "city supervising office, city-wide"),
    DemoAccount("leader", "市领导", "31-YFZS", "leader", "31", "leader: dashboards, city-wide, read-only"),
    DemoAccount("evaluator", "第三方评估员", "31-PG-SASS", "evaluator", "31", "third-party evaluator, read-only"),
    DemoAccount("hp_manager", "黄浦区 管理员", "310101-YFZQ", "manager", "310101", "manages Huangpu's staff"),
    DemoAccount("hp_justice", "黄浦区司法局 审核员", "310101-SFJ", "reviewer", "310101", "Huangpu reviewer"),
    DemoAccount("xh_justice", "徐汇区司法局 审核员", "310104-SFJ", "reviewer", "310104", "Xuhui reviewer"),
    DemoAccount(
        "njdl_handler",
        "南京东路街道 办理员",
        "310101002-SFS",
        "handler",
        "310101002",
        "street-level handler (南京东路街道)",
    ),
    DemoAccount(
        "hotline_operator",
        "12345热线 话务员",
        "31-12345",
        "operator",
        "31-12345",
        "12345 hotline centre: registers calls, dispatches tickets",
    ),
    DemoAccount(
        "credit_officer",
        "市公共信用信息服务中心 办理员",
        "31-XYZX",
        "handler",
        "31-XYZX",
        "credit centre: catalogue, records, objections, measures checks",
    ),
    DemoAccount("citizen", "市民 张三", None, None, None, "citizen; also logs in as 13800138000"),
    DemoAccount("company", "上海示范贸易有限公司 经办人", None, None, None, "a business's representative (credit)"),
)


def create_demo_accounts() -> list[tuple[DemoAccount, bool]]:
    """Create the demo accounts that do not exist yet (existing ones are left as they are)."""
    results = []
    with acting(source="cli", action="demo.setup"), transaction.atomic():
        for account in DEMO_ACCOUNTS:
            if User.objects.filter(username=account.username).exists():
                results.append((account, False))
                continue
            user = User(
                username=account.username,
                display_name=account.display_name,
                is_superuser=account.role == "admin",
                is_staff=account.role == "admin",
                organisation=Organisation.objects.get(code=account.organisation) if account.organisation else None,
            )
            if account.username == "citizen":
                user.phone, user.email = "13800138000", "citizen@example.com"
            user.set_password(DEMO_PASSWORD)
            user.save()
            if account.role:
                RoleAssignment.objects.create(
                    user=user,
                    role=Role.objects.get(code=account.role),
                    organisation=Organisation.objects.get(code=account.scope),
                )
            results.append((account, True))
    return results
