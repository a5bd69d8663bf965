"""Penalty cases of the demo year for two districts (``fazhi setup --demo``): 黄浦区 and 徐汇区's 城管执法局 and
市场监管局, under real articles of the corpus (上海市生活垃圾管理条例, 上海市市容环境卫生管理条例, 广告法).

Each body gets its powers (created only where the enforcement catalogue has not loaded them: same body and code),
officers (one of them holding the legal profession qualification) and a dozen cases through every path of the
workflow — general procedure paid on time or late (surcharge), summary procedure (warning and small fine),
a hearing with legal review, a complex case with collective discussion, 催告 and the court, a 复议 that altered the
decision, a case that ended without a decision, and a few still open. Every case goes through the services as the
district's demo reviewer; the dates the law counts from are the step's own fields, and what the services stamp
"now" (step records, creation and closing days) is moved into the demo year by ``Backdating``.

Idempotent: nothing is made once a demo case (a case of a demo body filed in the demo year) exists.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from fazhi.accounts.models import User
from fazhi.casework.demo import Backdating, demo_time
from fazhi.core.context import acting
from fazhi.enforcement.choices import BasisRole, PowerKind
from fazhi.enforcement.models import EnforcementMatter, MatterBasis, Officer
from fazhi.laws.refs import resolve_article
from fazhi.orgs.models import Organisation
from fazhi.penalties import services as s
from fazhi.penalties.choices import DecisionKind, PartyKind, Procedure
from fazhi.penalties.models import CaseEvent, PenaltyCase

DEMO_YEAR = 2025
DISTRICTS = {"310101": "hp_justice", "310104": "xh_justice"}

# body suffix, code, name, violation, forbids, penalises
MATTERS = (
    (
        "CGZF",
        "LJ-57-1",
        "单位未将生活垃圾分类投放",
        "单位未将生活垃圾分别投放至相应收集容器，拒不改正",
        "上海市生活垃圾管理条例第二十四条",
        "上海市生活垃圾管理条例第五十七条",
    ),
    (
        "CGZF",
        "LJ-57-2",
        "个人混合投放生活垃圾",
        "个人将有害垃圾与可回收物、湿垃圾、干垃圾混合投放，拒不改正",
        "上海市生活垃圾管理条例第二十四条",
        "上海市生活垃圾管理条例第五十七条",
    ),
    (
        "CGZF",
        "SR-HWSS",
        "违反规定设置户外设施",
        "未按照批准的要求设置户外广告等户外设施，逾期不改造或者拆除",
        "上海市市容环境卫生管理条例第二十条",
        "上海市市容环境卫生管理条例第二十条",
    ),
    (
        "SCJG",
        "GG-58",
        "发布违法广告",
        "发布使用绝对化用语等违反广告法规定的广告",
        "广告法第九条",
        "广告法第五十八条",
    ),
)


@dataclass
class Demo:
    user: User
    bodies: dict[str, Organisation]
    matters: dict[str, EnforcementMatter]
    officers: dict[str, list[Officer]]
    clock: Backdating
    counts: dict[str, int]

    def certs(self, suffix: str, *indexes: int) -> str:
        return ",".join(self.officers[suffix][i].certificate_number for i in indexes)

    def step(self, day: dt.date, service: Any, **kwargs: Any) -> PenaltyCase:
        with self.clock.at(demo_time(day, 15), CaseEvent):
            case = service(user=self.user, **kwargs)
        return case

    def file(self, day: dt.date, code: str, **kwargs: Any) -> PenaltyCase:
        matter = self.matters[code]
        with self.clock.at(demo_time(day, 9), PenaltyCase, CaseEvent):
            case = s.case_file(user=self.user, body=matter.body, matter=matter, filed_on=day, **kwargs)
        self.counts["cases"] += 1
        return case

    def close(self, day: dt.date, case: PenaltyCase, report: str) -> None:
        case = self.step(day, s.case_close, case=case, report=report)
        self.clock.move(case, closed_on=day)


def _matters(district: str) -> tuple[dict[str, Organisation], dict[str, EnforcementMatter]]:
    bodies: dict[str, Organisation] = {}
    matters: dict[str, EnforcementMatter] = {}
    for suffix, code, name, violation, forbids, penalises in MATTERS:
        body = Organisation.objects.filter(code=f"{district}-{suffix}").first()
        if body is None:
            continue
        bodies[suffix] = body
        matter, created = EnforcementMatter.objects.get_or_create(
            body=body, code=code, defaults={"name": name, "violation": violation, "kind": PowerKind.PENALTY}
        )
        if created:
            for role, citation in ((BasisRole.FORBIDS, forbids), (BasisRole.PENALISES, penalises)):
                ref = resolve_article(citation)
                MatterBasis.objects.create(
                    matter=matter, role=role, work=ref.work, number=ref.number, suffix=ref.suffix, citation=citation
                )
        matters[code] = matter
    return bodies, matters


def credit_code(first17: str) -> str:
    """A unified social credit code with its GB 32100 check character (demo parties are made up)."""
    chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    total = sum(chars.index(c) * w for c, w in zip(first17, weights, strict=True))
    return first17 + chars[(31 - total % 31) % 31]


OFFICER_NAMES = {
    "310101": ("王建华", "李明", "陈晓东", "周敏"),
    "310104": ("刘强", "张丽", "赵文斌", "孙倩"),
}


def _officers(district: str, bodies: dict[str, Organisation]) -> dict[str, list[Officer]]:
    """Four officers per body; the fourth holds the legal profession qualification (法制审核)."""
    found: dict[str, list[Officer]] = {}
    for n, (suffix, body) in enumerate(sorted(bodies.items())):
        found[suffix] = []
        for i, name in enumerate(OFFICER_NAMES[district]):
            officer, _created = Officer.objects.get_or_create(
                certificate_number=f"{district}{n + 1}{i + 1:04d}",
                defaults={
                    "body": body,
                    "name": name,
                    "area": body.parent.name if body.parent else "",
                    "legal_qualification": f"A2019{district}{i:04d}" if i == 3 else "",
                },
            )
            found[suffix].append(officer)
    return found


def create_demo_cases(year: int = DEMO_YEAR, stdout: Any = None) -> dict[str, int]:
    counts = {"cases": 0}
    started = time.perf_counter()
    clock = Backdating()
    with transaction.atomic(), acting(source="cli", action="demo.penalties"):
        for district, username in DISTRICTS.items():
            user = User.objects.filter(username=username).first()
            if user is None:
                continue
            bodies, matters = _matters(district)
            if len(matters) < len(MATTERS):
                continue  # the directory lacks a body (a partial directory): nothing to show
            if PenaltyCase.objects.filter(body__in=bodies.values(), filed_on__year=year).exists():
                continue
            demo = Demo(user, bodies, matters, _officers(district, bodies), clock, counts)
            _district_year(demo, year, district)
        clock.apply()
    if stdout is not None:
        stdout.write(f"demo year {year}: {counts['cases']} penalty cases ({time.perf_counter() - started:.1f} s)")
    return counts


def load_demo_cases(stdout: Any = None) -> None:
    """The demo loader (``core.setup.DEMO_LOADERS``)."""
    create_demo_cases(stdout=stdout)


def _general(
    demo: Demo, start: dt.date, code: str, party: dict[str, Any], facts: str, *, kind: str, fine: Decimal, bases: str
) -> PenaltyCase:
    """Filed, investigated by two officers, assessed, notified; the party states its case and waives the hearing."""
    suffix = demo.matters[code].body.code.rsplit("-", 1)[-1]
    case = demo.file(start, code, facts=facts, act_date=start - dt.timedelta(days=3), **party)
    d = start + dt.timedelta(days=12)
    case = demo.step(
        d,
        s.case_investigate,
        case=case,
        officers=demo.certs(suffix, 0, 1),
        concluded_on=d,
        report="现场检查笔录、询问笔录、照片证据证实违法事实。",
    )
    case = demo.step(d, s.case_assess, case=case, intended_kind=kind, intended_fine=fine if fine else None)
    d += dt.timedelta(days=2)
    case = demo.step(
        d,
        s.case_notify,
        case=case,
        notified_on=d,
        content=f"拟作出{DecisionKind(kind).label}{f' {fine} 元' if fine else ''}的行政处罚；"
        "告知陈述、申辩及要求听证的权利。",
    )
    return demo.step(
        d, s.case_statement, case=case, statement="当事人表示认可违法事实，放弃听证。", waives_hearing=True
    )


def _decide(
    demo: Demo, day: dt.date, case: PenaltyCase, kind: str, fine: Decimal, bases: str, text: str
) -> PenaltyCase:
    case = demo.step(
        day,
        s.case_decide,
        case=case,
        decision_kind=kind,
        fine_amount=fine or None,
        legal_bases=bases,
        decision_text=text,
        decision_date=day,
    )
    return demo.step(
        day + dt.timedelta(days=2),
        s.case_serve,
        case=case,
        served_on=day + dt.timedelta(days=2),
        method="直接送达，当事人签收",
    )


def _district_year(demo: Demo, year: int, district: str) -> None:
    company = "黄浦" if district == "310101" else "徐汇"
    uscc = {d: (credit_code(f"91{d}MA1FPX123"), credit_code(f"91{d}MA1FPX567")) for d in DISTRICTS}
    shop = {
        "party_kind": PartyKind.ORGANISATION,
        "party_name": f"上海{company}某餐饮管理有限公司",
        "party_credit_code": uscc[district][0],
        "act_place": f"{company}区某路 88 号",
    }
    agency = {
        "party_kind": PartyKind.ORGANISATION,
        "party_name": f"上海{company}某文化传播有限公司",
        "party_credit_code": uscc[district][1],
        "act_place": f"{company}区某路 100 号",
    }
    person = {"party_kind": PartyKind.PERSON, "party_name": "王某", "act_place": f"{company}区某小区垃圾箱房"}
    garbage = "上海市生活垃圾管理条例第五十七条"

    # 1. A company mixing its waste: fined 5,000 元, paid on time, closed.
    case = _general(
        demo,
        dt.date(year, 2, 10),
        "LJ-57-1",
        shop,
        "餐厅未将湿垃圾与干垃圾分类投放，经责令改正后拒不改正。",
        kind=DecisionKind.FINE,
        fine=Decimal("5000"),
        bases=garbage,
    )
    case = _decide(
        demo,
        dt.date(year, 3, 3),
        case,
        DecisionKind.FINE,
        Decimal("5000"),
        garbage,
        "依据《上海市生活垃圾管理条例》第五十七条第一款，处罚款人民币五千元。",
    )
    case = demo.step(
        dt.date(year, 3, 12), s.case_record_payment, case=case, amount=Decimal("5000"), paid_on=dt.date(year, 3, 12)
    )
    demo.close(dt.date(year, 3, 20), case, "罚款已缴清，案件材料归档。")

    # 2. Summary procedure: a warning to a resident, on the spot.
    case = demo.file(
        dt.date(year, 4, 8),
        "LJ-57-2",
        procedure=Procedure.SUMMARY,
        act_date=dt.date(year, 4, 8),
        facts="将有害垃圾与干垃圾混合投放，现场责令改正后拒不改正。",
        **person,
    )
    case = demo.step(
        dt.date(year, 4, 8),
        s.case_decide_on_spot,
        case=case,
        decision_kind=DecisionKind.WARNING,
        officers=demo.certs("CGZF", 0, 1),
        legal_bases=garbage,
        decision_text="当场予以警告。",
    )
    demo.close(dt.date(year, 4, 9), case, "警告已当场执行。")

    # 3. Summary procedure: a 100 元 fine, paid.
    case = demo.file(
        dt.date(year, 5, 15),
        "LJ-57-2",
        procedure=Procedure.SUMMARY,
        act_date=dt.date(year, 5, 15),
        facts="将湿垃圾与可回收物混合投放，拒不改正。",
        **{**person, "party_name": "李某"},
    )
    case = demo.step(
        dt.date(year, 5, 15),
        s.case_decide_on_spot,
        case=case,
        decision_kind=DecisionKind.FINE,
        fine_amount=Decimal("100"),
        officers=demo.certs("CGZF", 2, 1),
        legal_bases=garbage,
        decision_text="当场处罚款人民币一百元。",
    )
    case = demo.step(
        dt.date(year, 5, 20), s.case_record_payment, case=case, amount=Decimal("100"), paid_on=dt.date(year, 5, 20)
    )
    demo.close(dt.date(year, 5, 21), case, "罚款已缴清。")

    # 4. An outdoor sign: a hearing, legal review, fined 20,000 元; paid 10 days late with the surcharge.
    outdoor = "上海市市容环境卫生管理条例第二十条"
    start = dt.date(year, 6, 2)
    case = demo.file(
        start, "SR-HWSS", act_date=dt.date(year, 5, 20), facts="未按批准要求设置户外广告设施，逾期未改造。", **shop
    )
    d = start + dt.timedelta(days=10)
    case = demo.step(
        d,
        s.case_investigate,
        case=case,
        officers=demo.certs("CGZF", 0, 2),
        concluded_on=d,
        report="现场勘验、设置审批文件比对。",
    )
    case = demo.step(d, s.case_assess, case=case, intended_kind=DecisionKind.FINE, intended_fine=Decimal("20000"))
    case = demo.step(d, s.case_notify, case=case, notified_on=d, content="拟处罚款二万元；告知陈述、申辩、听证权利。")
    case = demo.step(d + dt.timedelta(days=3), s.case_request_hearing, case=case, requested_on=d + dt.timedelta(days=3))
    notice = d + dt.timedelta(days=5)
    case = demo.step(
        notice,
        s.case_schedule_hearing,
        case=case,
        notice_on=notice,
        hearing_date=notice + dt.timedelta(days=10),
        chair=demo.officers["CGZF"][1].certificate_number,
    )
    heard = notice + dt.timedelta(days=10)
    case = demo.step(heard, s.case_hold_hearing, case=case, record="当事人对罚款数额提出异议，称已着手整改。")
    case = demo.step(
        heard + dt.timedelta(days=3),
        s.case_review,
        case=case,
        reviewer=demo.officers["CGZF"][3].certificate_number,
        outcome="passed",
        opinion="事实清楚，证据确凿，适用依据正确，程序合法，裁量适当。",
        reviewed_on=heard + dt.timedelta(days=3),
    )
    case = _decide(
        demo,
        heard + dt.timedelta(days=5),
        case,
        DecisionKind.FINE,
        Decimal("20000"),
        outdoor,
        "依据《上海市市容环境卫生管理条例》第二十条，处罚款人民币二万元。",
    )
    assert case.payment_due is not None
    late = case.payment_due + dt.timedelta(days=10)
    owed = Decimal("20000") + s.surcharge_for(case, late)
    case = demo.step(late, s.case_record_payment, case=case, amount=owed, paid_on=late, impose_surcharge=True)
    demo.close(late + dt.timedelta(days=5), case, "罚款及加处罚款已缴清。")

    # 5. An advertisement: complex, collective discussion and legal review; not paid → 催告 → court.
    ad = "广告法第五十八条"
    start = dt.date(year, 3, 18)
    case = demo.file(
        start,
        "GG-58",
        act_date=dt.date(year, 3, 1),
        facts="在户外大屏发布含有“全国第一”等绝对化用语的广告，广告费用无法计算。",
        **agency,
    )
    d = start + dt.timedelta(days=20)
    case = demo.step(
        d,
        s.case_investigate,
        case=case,
        officers=demo.certs("SCJG", 0, 1),
        concluded_on=d,
        report="调取广告合同、发布记录，询问广告主。",
        major_reason="complex",
        is_complex=True,
    )
    case = demo.step(d, s.case_assess, case=case, intended_kind=DecisionKind.FINE, intended_fine=Decimal("100000"))
    case = demo.step(d, s.case_notify, case=case, notified_on=d, content="拟处罚款十万元；告知陈述、申辩、听证权利。")
    d += dt.timedelta(days=8)
    case = demo.step(
        d,
        s.case_review,
        case=case,
        reviewer=demo.officers["SCJG"][3].certificate_number,
        outcome="passed",
        opinion="同意。",
        reviewed_on=d,
    )
    case = demo.step(d, s.case_discuss, case=case, record="局长办公会集体讨论，同意处罚款十万元。", discussed_on=d)
    case = _decide(
        demo,
        d + dt.timedelta(days=1),
        case,
        DecisionKind.FINE,
        Decimal("100000"),
        ad,
        "依据《广告法》第五十八条第一款，责令停止发布广告，处罚款人民币十万元。",
    )
    assert case.payment_due is not None
    reminded = case.payment_due + dt.timedelta(days=30)
    case = demo.step(
        reminded, s.case_remind, case=case, reminded_on=reminded, text="催告当事人十日内缴纳罚款及加处罚款。"
    )
    earliest, _latest = s.court_window(case)
    case = demo.step(earliest, s.case_apply_court, case=case, applied_on=earliest, court=f"上海市{company}区人民法院")
    case = demo.step(
        earliest + dt.timedelta(days=20), s.case_record_enforcement, case=case, outcome="法院裁定准予执行，罚款已划拨。"
    )
    demo.close(earliest + dt.timedelta(days=25), case, "经法院强制执行，罚款已缴清。")

    # 6. A fine altered on reconsideration (复议): 8,000 → decision changed.
    case = _general(
        demo,
        dt.date(year, 7, 7),
        "LJ-57-1",
        {**shop, "party_name": f"上海{company}某便利店有限公司", "party_credit_code": uscc[district][0]},
        "便利店未分类投放生活垃圾，拒不改正。",
        kind=DecisionKind.FINE,
        fine=Decimal("8000"),
        bases=garbage,
    )
    case = _decide(
        demo, dt.date(year, 7, 30), case, DecisionKind.FINE, Decimal("8000"), garbage, "处罚款人民币八千元。"
    )
    demo.step(
        dt.date(year, 9, 20),
        s.case_record_remedy,
        case=case,
        kind="reconsideration",
        outcome="altered",
        note="复议机关认为当事人已主动整改，变更为罚款五千元。",
    )

    # 7. Ended without a decision: the act could not be established.
    case = demo.file(
        dt.date(year, 8, 11),
        "LJ-57-2",
        act_date=dt.date(year, 8, 10),
        facts="群众举报某居民混投垃圾。",
        **{**person, "party_name": "赵某"},
    )
    case = demo.step(dt.date(year, 8, 25), s.case_discontinue, case=case, reason="经调查，违法事实不能成立，撤销立案。")
    demo.clock.move(case, closed_on=dt.date(year, 8, 25))

    # 8–9. Still open at the end of the year: one investigating, one awaiting the hearing period.
    demo.file(
        dt.date(year, 12, 15),
        "LJ-57-1",
        act_date=dt.date(year, 12, 12),
        facts="写字楼物业未按规定分类驳运生活垃圾。",
        **{**shop, "party_name": f"上海{company}某物业管理有限公司"},
    )
    _general(
        demo,
        dt.date(year, 12, 1),
        "GG-58",
        agency,
        "网店页面使用“最佳”“顶级”用语宣传商品。",
        kind=DecisionKind.FINE,
        fine=Decimal("100000"),
        bases=ad,
    )
