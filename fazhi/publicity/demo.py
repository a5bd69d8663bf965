"""Published decisions for the demo (``fazhi setup --demo``): the market regulation and city management bureaus of
黄浦区 and 徐汇区 publish penalty decisions of the past year, through ``publish_decision`` as their own systems
would (source ``demo``); one is withdrawn after reconsideration, a few have ended their three-month period.

Idempotent: a decision is keyed by its number, so a second run changes nothing. Names are invented; credit codes
and ID numbers are generated with valid check characters (GB 32100, GB 11643) and belong to nobody.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.utils import timezone

from fazhi.core.pii import _ID_CHECK, _ID_WEIGHTS, _USCC_CHARS, _USCC_WEIGHTS
from fazhi.orgs.models import Organisation
from fazhi.publicity.choices import DecisionStatus, PartyKind, PenaltyType
from fazhi.publicity.models import PublishedDecision
from fazhi.publicity.services import DecisionData, expire_due, publish_decision, withdraw_decision

SOURCE = "demo"
DISTRICTS = {"310101": "黄浦", "310104": "徐汇"}

# (body suffix, violation, legal bases, penalty types, fine range in yuan, party kind)
CASES: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...], tuple[int, int], str], ...] = (
    (
        "SCJG",
        "经营超过保质期的食品",
        ("食品安全法第三十四条", "食品安全法第一百二十四条"),
        ("fine", "confiscation"),
        (50000, 100000),
        "organisation",
    ),
    (
        "SCJG",
        "发布虚假广告，欺骗、误导消费者",
        ("广告法第二十八条", "广告法第五十五条"),
        ("fine",),
        (200000, 400000),
        "organisation",
    ),
    (
        "SCJG",
        "销售的商品中掺杂、掺假，以假充真",
        ("消费者权益保护法第五十六条",),
        ("fine", "confiscation"),
        (20000, 60000),
        "organisation",
    ),
    (
        "SCJG",
        "未取得食品经营许可从事食品经营活动",
        ("食品安全法第三十五条", "食品安全法第一百二十二条"),
        ("fine", "confiscation"),
        (50000, 80000),
        "person",
    ),
    (
        "SCJG",
        "未按规定查验供货者许可证和食品合格证明文件",
        ("食品安全法第五十三条", "食品安全法第一百二十六条"),
        ("fine",),
        (5000, 9000),
        "organisation",
    ),
    (
        "CGZF",
        "单位未将生活垃圾分别投放至相应收集容器",
        ("上海市生活垃圾管理条例第二十四条", "上海市生活垃圾管理条例第五十七条"),
        ("fine",),
        (5000, 50000),
        "organisation",
    ),
    (
        "CGZF",
        "管理责任人未按要求设置生活垃圾收集容器",
        ("上海市生活垃圾管理条例第二十六条", "上海市生活垃圾管理条例第五十八条"),
        ("fine",),
        (5000, 50000),
        "organisation",
    ),
    (
        "CGZF",
        "擅自从事湿垃圾经营性收集、运输",
        ("上海市生活垃圾管理条例第二十八条", "上海市生活垃圾管理条例第五十九条"),
        ("fine", "confiscation"),
        (10000, 100000),
        "person",
    ),
)
COMPANY_WORDS = ("鑫荣", "申达", "华澜", "佳禾", "盛源", "恒泰", "嘉诚", "瑞丰", "百汇", "东方明", "浦江", "汇锦")
COMPANY_KINDS = (
    "餐饮管理有限公司",
    "食品有限公司",
    "商贸有限公司",
    "广告有限公司",
    "便利店有限公司",
    "物业管理有限公司",
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚"


def uscc(rng: random.Random, area: str) -> str:
    """A unified social credit code with a valid check character (registered in ``area``)."""
    body = "91" + area + "".join(rng.choice(_USCC_CHARS[:10] + "ABCDEFGH") for _ in range(9))
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(body, _USCC_WEIGHTS, strict=True))
    return body + _USCC_CHARS[(31 - total % 31) % 31]


def id_number(rng: random.Random, area: str) -> str:
    """A resident ID number with a valid check digit, born 1960–1999."""
    birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(40 * 365))
    body = f"{area}{birth:%Y%m%d}{rng.randrange(1000):03d}"
    return body + _ID_CHECK[sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]


def company_name(rng: random.Random, district: str) -> str:
    return (
        f"上海{rng.choice(COMPANY_WORDS)}{rng.choice(COMPANY_KINDS)}{district}分公司"
        if rng.random() < 0.2
        else (f"上海{rng.choice(COMPANY_WORDS)}{rng.choice(COMPANY_KINDS)}")
    )


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def demo_decisions(today: dt.date, per_district: int = 40) -> list[DecisionData]:
    rng = random.Random(13)
    out: list[DecisionData] = []
    for code, district in DISTRICTS.items():
        companies = [(company_name(rng, district), uscc(rng, code)) for _ in range(per_district // 2)]
        for n in range(per_district):
            suffix, violation, bases, types, (low, high), party = CASES[n % len(CASES)]
            decided = today - dt.timedelta(days=rng.randrange(10, 360))
            fine = Decimal(rng.randrange(low, high + 1, 500))
            abbreviation = "市监" if suffix == "SCJG" else "城管"
            data = DecisionData(
                source_system=SOURCE,
                source_ref=f"沪{district}{abbreviation}处〔{decided.year}〕{n + 1:04d}号",
                body=f"{code}-{suffix}",
                decision_date=decided,
                party_kind=party,
                party_name=person_name(rng),
                violation=violation,
                legal_bases=bases,
                content="；".join(
                    {"fine": f"罚款人民币{fine:,.0f}元", "confiscation": "没收违法所得"}[t] for t in types
                ),
                penalty_types=types,
                fine_amount=fine,
                published_on=min(today, decided + dt.timedelta(days=rng.randrange(3, 30))),
            )
            if party == PartyKind.ORGANISATION:
                # a few companies appear more than once: their history page has several decisions
                data.party_name, data.party_credit_code = companies[rng.randrange(len(companies))]
            else:
                data.party_id_number = id_number(rng, code)
            out.append(data)
    return out


def create_demo_decisions(stdout: Any = None, today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    if PublishedDecision.objects.filter(source_system=SOURCE).exists():
        return 0
    if not Organisation.objects.filter(code__in=[f"{c}-SCJG" for c in DISTRICTS]).exists():
        return 0  # the directory's departments are not loaded
    made = 0
    for data in demo_decisions(today):
        publish_decision(data)
        made += 1
    first = (
        PublishedDecision.objects.filter(source_system=SOURCE, status=DecisionStatus.PUBLISHED).order_by("pk").first()
    )
    if first is not None:
        withdraw_decision(
            SOURCE,
            first.source_ref,
            "经行政复议，原行政处罚决定被撤销（沪府复字〔2026〕第0001号）。",
            changed_on=today,
        )
    expire_due(today)
    if stdout is not None:
        stdout.write(f"  published decisions: {made}\n")
    return made


__all__ = ["PenaltyType", "create_demo_decisions", "demo_decisions", "id_number", "uscc"]
