"""Demo data for enforcement (idempotent, through the services): the reference catalogue of matters for 黄浦区 and
徐汇区's 城管执法局 and 市场监管局 (data/enforcement/matters.csv), their officers, discretion standards for the
garbage-sorting and street-trading matters (a second version in the demo year shows versioning), and the city
departments' no-penalty lists covering the districts' matters.

The officers are invented. The bands follow the fine ranges of the articles they cite; the list items use the
conditions of 行政处罚法 第三十三条 as the published lists do; their days to correct are illustrative."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction

from fazhi.core.context import acting
from fazhi.enforcement import services
from fazhi.enforcement.catalogue import import_matters, read_rows
from fazhi.enforcement.choices import ConditionKind, FactorEffect, FactorKind
from fazhi.enforcement.models import DiscretionStandard, EnforcementMatter, ExemptionList, Officer
from fazhi.orgs.models import Organisation

DEMO_YEAR = 2025
DISTRICTS = ("310101", "310104")
GARBAGE = "上海市生活垃圾管理条例"
CITY = "上海市市容环境卫生管理条例"

OFFICERS = {
    "CGZF": (("王建国", "浦江路片区", True), ("李晓明", "外滩片区", False), ("陈静", "商业街区", False)),
    "SCJG": (("张敏", "食品经营", True), ("刘洋", "广告监管", False), ("周婷", "餐饮服务", False)),
}

Factor = tuple[str, str, str, str, str]  # key, question, kind, effect, citation
Band = tuple[str, str, str, str, str]  # circumstance, low, high, conditions, other penalties

STANDARDS: dict[str, tuple[str, list[Factor], list[Band], str]] = {
    "CG-LJ-001": (
        "个人混合投放生活垃圾行政处罚裁量基准",
        [
            ("first_violation", "初次违法", FactorKind.YES_NO, FactorEffect.LIGHTENING, "行政处罚法第三十二条"),
            (
                "repeat_count",
                "一年内因混投被责令改正后再次拒不改正的次数",
                FactorKind.NUMBER,
                FactorEffect.AGGRAVATING,
                f"{GARBAGE}第五十七条第二款",
            ),
        ],
        [
            ("minor", "50", "100", "first_violation yes", ""),
            ("ordinary", "100", "150", "", ""),
            ("serious", "150", "200", "repeat_count >= 2", ""),
        ],
        f"{GARBAGE}第五十七条第二款",
    ),
    "CG-LJ-002": (
        "单位未按规定分类投放生活垃圾行政处罚裁量基准",
        [
            ("first_violation", "初次违法", FactorKind.YES_NO, FactorEffect.LIGHTENING, "行政处罚法第三十二条"),
            (
                "repeat_count",
                "一年内因同一违法行为被处罚的次数",
                FactorKind.NUMBER,
                FactorEffect.AGGRAVATING,
                f"{GARBAGE}第五十七条第一款",
            ),
        ],
        [
            ("minor", "5000", "10000", "first_violation yes", ""),
            ("ordinary", "10000", "30000", "", ""),
            ("serious", "30000", "50000", "repeat_count >= 1", ""),
        ],
        f"{GARBAGE}第五十七条第一款",
    ),
    "CG-SR-001": (
        "超出门窗和外墙经营行政处罚裁量基准",
        [
            (
                "area",
                "超出门窗和外墙经营占用的面积（平方米）",
                FactorKind.NUMBER,
                FactorEffect.NEUTRAL,
                f"{CITY}第二十五条第五款",
            ),
            ("repeat", "经责令改正后再次违法", FactorKind.YES_NO, FactorEffect.AGGRAVATING, "行政处罚法第三十二条"),
        ],
        [
            ("minor", "50", "100", "area <= 2", ""),
            ("ordinary", "100", "300", "", ""),
            ("serious", "300", "500", "repeat yes", ""),
            ("grave", "500", "500", "repeat yes；area >= 10", ""),
        ],
        f"{CITY}第二十五条第五款",
    ),
}

#: (list body, title, items: (title, matter codes, mandatory, conditions, education)).
LISTS = (
    (
        "31-CGZF",
        "上海市城管执法系统轻微违法行为依法不予行政处罚清单",
        (
            (
                "超出门窗和外墙经营，未造成危害后果并及时改正",
                ("CG-SR-001",),
                True,
                ((ConditionKind.NO_HARM, None), (ConditionKind.CORRECTED, 1)),
                "告知《上海市市容环境卫生管理条例》第二十五条，责令当场改正",
            ),
            (
                "在道路树木和设施上吊挂、晾晒物品，未造成危害后果并及时改正",
                ("CG-SR-004",),
                True,
                ((ConditionKind.NO_HARM, None), (ConditionKind.CORRECTED, 1)),
                "告知禁止在公共场所树木和设施上吊挂、晾晒物品",
            ),
            (
                "个人初次混合投放生活垃圾，危害后果轻微并及时改正",
                ("CG-LJ-001",),
                False,
                ((ConditionKind.FIRST_VIOLATION, None), (ConditionKind.MINOR_HARM, None), (ConditionKind.CORRECTED, 3)),
                "宣传生活垃圾分类投放规定，指导正确分类投放",
            ),
        ),
    ),
    (
        "31-SCJG",
        "上海市市场监管领域轻微违法行为依法不予行政处罚清单",
        (
            (
                "食品经营者初次未按规定建立并遵守进货查验记录制度，危害后果轻微并及时改正",
                ("SC-SP-001",),
                False,
                (
                    (ConditionKind.FIRST_VIOLATION, None),
                    (ConditionKind.MINOR_HARM, None),
                    (ConditionKind.CORRECTED, 15),
                ),
                "指导建立进货查验记录制度",
            ),
            (
                "广告不具有可识别性，初次违法，危害后果轻微并及时改正",
                ("SC-GG-001",),
                False,
                ((ConditionKind.FIRST_VIOLATION, None), (ConditionKind.MINOR_HARM, None), (ConditionKind.CORRECTED, 7)),
                "告知广告应当显著标明“广告”",
            ),
            (
                "餐饮服务提供者主动提供一次性餐具，未造成危害后果并及时改正",
                ("SC-LJ-001",),
                True,
                ((ConditionKind.NO_HARM, None), (ConditionKind.CORRECTED, 7)),
                "宣传减少一次性用品使用的规定",
            ),
        ),
    ),
)


def _officers(counts: dict[str, int]) -> None:
    for district in DISTRICTS:
        for suffix, people in OFFICERS.items():
            body = Organisation.objects.filter(code=f"{district}-{suffix}").first()
            if body is None:
                continue
            for n, (name, area, reviewer) in enumerate(people, start=1):
                number = f"{district}{suffix}{n:04d}"
                if Officer.objects.filter(certificate_number=number).exists():
                    continue
                Officer.objects.create(
                    body=body,
                    name=name,
                    certificate_number=number,
                    area=area,
                    certificate_valid_until=dt.date(DEMO_YEAR + 2, 12, 31),
                    legal_qualification=f"A2019310{district[-2:]}{n:04d}" if reviewer else "",
                )
                counts["officers"] += 1


def _standard(matter: EnforcementMatter, code: str, counts: dict[str, int]) -> None:
    if DiscretionStandard.objects.filter(matter=matter).exists():
        return
    title, factors, bands, penalty = STANDARDS[code]
    standard = services.standard_create(matter=matter, title=title)
    for effective_from, adjust in ((dt.date(DEMO_YEAR - 3, 1, 1), 0), (dt.date(DEMO_YEAR, 7, 1), 1)):
        version = services.version_create(
            standard=standard,
            effective_from=effective_from,
            note="" if not adjust else "细化较重情节",
        )
        if not adjust:
            for key, question, kind, effect, citation in factors:
                services.factor_save(
                    version=version, key=key, question=question, kind=kind, effect=effect, citation=citation
                )
        for circumstance, low, high, conditions, other in bands:
            services.band_save(
                version=version,
                circumstance=circumstance,
                fine_min=Decimal(low),
                fine_max=Decimal(high),
                conditions=conditions.replace("repeat_count >= 2", "repeat_count >= 1") if adjust else conditions,
                other_penalties=other,
                citation=penalty,
            )
        services.version_publish(version=version)
        counts["versions"] += 1
    counts["standards"] += 1


def _lists(counts: dict[str, int], start: dt.date) -> None:
    for body_code, title, items in LISTS:
        body = Organisation.objects.filter(code=body_code).first()
        if body is None or ExemptionList.objects.filter(body=body, title=title).exists():
            continue
        the_list = services.exemption_list_create(body=body, title=title, effective_from=start)
        for item_title, codes, mandatory, conditions, education in items:
            # A city department's list covers the matters of its system in every district.
            matters = EnforcementMatter.objects.filter(code__in=codes)
            services.exemption_item_save(
                exemption_list=the_list,
                title=item_title,
                matters=matters,
                mandatory=mandatory,
                conditions=[services.ConditionData(kind, days=days) for kind, days in conditions],
                education=education,
            )
            counts["items"] += 1
        counts["lists"] += 1


def create_demo_enforcement(stdout: Any = None) -> dict[str, int]:
    counts = {"matters": 0, "officers": 0, "standards": 0, "versions": 0, "lists": 0, "items": 0}
    if not Organisation.objects.filter(code__in=[f"{d}-CGZF" for d in DISTRICTS]).exists():
        return counts
    path = settings.DATA_DIR / "enforcement" / "matters.csv"
    with transaction.atomic(), acting(source="cli", action="demo.enforcement"):
        report = import_matters(read_rows(path.read_bytes(), path.name))
        counts["matters"] = report.created
        _officers(counts)
        for matter in EnforcementMatter.objects.filter(code__in=STANDARDS, body__code__startswith="3101"):
            _standard(matter, matter.code, counts)
        _lists(counts, dt.date(DEMO_YEAR - 4, 1, 1))
    if stdout is not None:
        stdout.write(
            "enforcement: {matters} matters, {officers} officers, {standards} standards ({versions} versions), "
            "{lists} no-penalty lists ({items} items)".format(**counts)
        )
    return counts
