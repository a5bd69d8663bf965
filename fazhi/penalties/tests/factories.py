"""Bodies, matters, officers and cases for tests, made through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from fazhi.accounts.models import User
from fazhi.enforcement.choices import BasisRole
from fazhi.enforcement.models import EnforcementMatter, MatterBasis, Officer
from fazhi.laws.refs import resolve_article
from fazhi.orgs.models import Organisation
from fazhi.penalties import services as s
from fazhi.penalties.choices import DecisionKind, PartyKind
from fazhi.penalties.demo import credit_code
from fazhi.penalties.models import PenaltyCase

HUANGPU_CGZF = "310101-CGZF"
GARBAGE = "上海市生活垃圾管理条例第五十七条"
COMPANY = {
    "party_kind": PartyKind.ORGANISATION,
    "party_name": "上海某餐饮管理有限公司",
    "party_credit_code": credit_code("91310101MA1FPX999"),
}
PERSON = {"party_kind": PartyKind.PERSON, "party_name": "王某", "party_id_number": ""}


def body(code: str = HUANGPU_CGZF) -> Organisation:
    return Organisation.objects.get(code=code)


def matter(code: str = HUANGPU_CGZF) -> EnforcementMatter:
    found, created = EnforcementMatter.objects.get_or_create(
        body=body(code), code="LJ-57-1", defaults={"name": "单位未将生活垃圾分类投放"}
    )
    if created:
        ref = resolve_article(GARBAGE)
        MatterBasis.objects.create(
            matter=found, role=BasisRole.PENALISES, work=ref.work, number=ref.number, citation=GARBAGE
        )
    return found


def officers(code: str = HUANGPU_CGZF) -> list[Officer]:
    """Four officers of the body; the fourth holds the legal profession qualification."""
    made = []
    for i, name in enumerate(("甲", "乙", "丙", "丁")):
        officer, _created = Officer.objects.get_or_create(
            certificate_number=f"T{code[:6]}{code[-4:]}{i}",
            defaults={
                "body": body(code),
                "name": f"执法员{name}",
                "legal_qualification": "A20190001" if i == 3 else "",
            },
        )
        made.append(officer)
    return made


def certs(*chosen: Officer) -> str:
    return ",".join(o.certificate_number for o in chosen)


def days_ago(n: int) -> dt.date:
    return s.today() - dt.timedelta(days=n)


def make_case(user: User, *, filed: int = 60, party: dict[str, Any] | None = None, **extra: Any) -> PenaltyCase:
    return s.case_file(
        user=user,
        body=body(),
        matter=matter(),
        act_date=days_ago(filed + 5),
        facts="餐厅未将湿垃圾与干垃圾分类投放，责令改正后拒不改正。",
        filed_on=days_ago(filed),
        **{**(party or COMPANY), **extra},
    )


def investigated(user: User, **extra: Any) -> PenaltyCase:
    case = make_case(user, **extra.pop("file", {}))
    o = officers()
    concluded = min(case.filed_on + dt.timedelta(days=5), s.today())
    return s.case_investigate(
        case=case, user=user, officers=certs(o[0], o[1]), report="现场检查笔录。", concluded_on=concluded, **extra
    )


def notified(user: User, *, fine: Decimal = Decimal("5000"), notified_ago: int = 40, **extra: Any) -> PenaltyCase:
    case = investigated(user, **extra)
    case = s.case_assess(case=case, user=user, intended_kind=DecisionKind.FINE, intended_fine=fine)
    return s.case_notify(
        case=case, user=user, content="拟处罚款；告知陈述申辩听证权利。", notified_on=days_ago(notified_ago)
    )


def decided(user: User, *, fine: Decimal = Decimal("5000"), decided_ago: int = 30, **extra: Any) -> PenaltyCase:
    case = notified(user, fine=fine, **extra)
    return s.case_decide(
        case=case,
        user=user,
        decision_kind=DecisionKind.FINE,
        fine_amount=fine,
        legal_bases=GARBAGE,
        decision_text="处罚款。",
        decision_date=days_ago(decided_ago),
    )
