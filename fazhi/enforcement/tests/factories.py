"""Enforcement records for tests, built through the services (so that every citation resolves as in use)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fazhi.enforcement import services
from fazhi.enforcement.choices import BasisRole, ConditionKind, FactorEffect, FactorKind
from fazhi.enforcement.models import (
    DiscretionStandard,
    DiscretionStandardVersion,
    EnforcementMatter,
    ExemptionItem,
    ExemptionList,
)
from fazhi.orgs.models import Organisation

GARBAGE = "上海市生活垃圾管理条例"


def body(code: str = "310101-CGZF") -> Organisation:
    return Organisation.objects.get(code=code)


def sorting_matter(code: str = "T-001", body_code: str = "310101-CGZF") -> EnforcementMatter:
    """个人混合投放生活垃圾 (上海市生活垃圾管理条例 第二十四条第一款, 第五十七条第二款)."""
    matter, _status = services.matter_save(
        data=services.MatterData(
            body=body(body_code),
            code=code,
            name="个人未按规定分类投放生活垃圾",
            violation="个人将有害垃圾与可回收物、湿垃圾、干垃圾混合投放，或者将湿垃圾与可回收物、干垃圾混合投放，拒不改正",
            bases=(
                (BasisRole.FORBIDS, f"{GARBAGE}第二十四条第一款"),
                (BasisRole.PENALISES, f"{GARBAGE}第五十七条第二款"),
            ),
        )
    )
    return matter


def sorting_version(
    matter: EnforcementMatter,
    effective_from: dt.date = dt.date(2023, 1, 1),
    *,
    ordinary: tuple[str, str] = ("100", "150"),
    publish: bool = True,
) -> DiscretionStandardVersion:
    """Three bands: minor for a first violation, serious from the second repeat, ordinary otherwise."""
    standard = DiscretionStandard.objects.filter(matter=matter).first()
    if standard is None:
        standard = services.standard_create(matter=matter, title="个人混投生活垃圾裁量基准")
    version = services.version_create(standard=standard, effective_from=effective_from)
    if not version.factors.exists():
        services.factor_save(
            version=version,
            key="first_violation",
            question="初次违法",
            kind=FactorKind.YES_NO,
            effect=FactorEffect.LIGHTENING,
            citation="行政处罚法第三十二条",
        )
        services.factor_save(
            version=version,
            key="repeat_count",
            question="一年内被责令改正后再次混投的次数",
            kind=FactorKind.NUMBER,
            effect=FactorEffect.AGGRAVATING,
            citation=f"{GARBAGE}第五十七条第二款",
        )
    penal = f"{GARBAGE}第五十七条第二款"
    services.band_save(
        version=version,
        circumstance="minor",
        fine_min=Decimal(50),
        fine_max=Decimal(100),
        conditions="first_violation yes",
        citation=penal,
    )
    services.band_save(
        version=version,
        circumstance="ordinary",
        fine_min=Decimal(ordinary[0]),
        fine_max=Decimal(ordinary[1]),
        citation=penal,
    )
    services.band_save(
        version=version,
        circumstance="serious",
        fine_min=Decimal(150),
        fine_max=Decimal(200),
        conditions="repeat_count >= 2",
        citation=penal,
    )
    if publish:
        version = services.version_publish(version=version)
    return version


def exemption_list(
    body_code: str = "310101-CGZF",
    effective_from: dt.date = dt.date(2022, 1, 1),
    effective_until: dt.date | None = None,
) -> ExemptionList:
    return services.exemption_list_create(
        body=body(body_code),
        title="城管执法领域轻微违法行为免罚清单",
        effective_from=effective_from,
        effective_until=effective_until,
    )


def first_violation_item(the_list: ExemptionList, matter: EnforcementMatter, days: int = 3) -> ExemptionItem:
    """可以不予处罚: first violation, harm minor at most, corrected within ``days`` days."""
    return services.exemption_item_save(
        exemption_list=the_list,
        title="初次混投生活垃圾并及时改正",
        matters=[matter],
        mandatory=False,
        conditions=[
            services.ConditionData(ConditionKind.FIRST_VIOLATION),
            services.ConditionData(ConditionKind.MINOR_HARM),
            services.ConditionData(ConditionKind.CORRECTED, days=days),
        ],
        education="宣传生活垃圾分类投放规定",
    )
