"""Discretion standards (裁量基准, 行政处罚法 第三十四条) and no-penalty lists (免罚清单, 第三十三条;
上海市优化营商环境条例 第六十条) as rules that explain themselves.

INTERFACE (agreed between the enforcement, penalties and publicity branches; the `enf-rules` branch implements it):
the penalty-case workflow calls ``propose_band`` when an officer answers a standard's factors and
``check_exemption`` when it checks the no-penalty lists; a case stores ``proposal.as_dict()`` (the version used
included), so it keeps the version it used when the standard changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from fazhi.enforcement.models import EnforcementMatter


@dataclass(frozen=True)
class Finding:
    """One rule applied to the facts: met or not (``None``: not answered), why, and the article it comes from."""

    rule: str
    met: bool | None
    why: str
    citation: str = ""
    article_url: str = ""


@dataclass(frozen=True)
class BandProposal:
    """The band of penalty a standard gives for the facts, with every rule that led there."""

    standard_id: int
    version_number: int
    circumstance: str  # "minor" | "ordinary" | "serious" | "grave" (轻微 / 一般 / 较重 / 严重)
    fine_min: Decimal | None
    fine_max: Decimal | None
    other_penalties: list[str]
    findings: list[Finding] = field(default_factory=list)
    explanation: str = ""

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["fine_min"] = None if self.fine_min is None else str(self.fine_min)
        data["fine_max"] = None if self.fine_max is None else str(self.fine_max)
        return data

    def allows_fine(self, amount: Decimal) -> bool:
        low = self.fine_min if self.fine_min is not None else Decimal(0)
        return amount >= low and (self.fine_max is None or amount <= self.fine_max)


@dataclass(frozen=True)
class ExemptionCheck:
    """Whether one no-penalty list item exempts the facts: every condition met, each with why."""

    item_id: int
    list_title: str
    item_title: str
    exempt: bool
    mandatory: bool  # 不予处罚 (shall) or 可以不予处罚 (may, 首违不罚)
    findings: list[Finding] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def propose_band(matter: EnforcementMatter, act_date: dt.date, answers: Mapping[str, Any]) -> BandProposal | None:
    """The band for ``answers`` under the matter's standard version in force on ``act_date``; ``None`` when the
    matter has no published standard. Raises ``ValidationError`` for answers the standard does not ask."""
    return None  # implemented on the enf-rules branch


def check_exemption(matter: EnforcementMatter, answers: Mapping[str, Any]) -> list[ExemptionCheck]:
    """Every no-penalty list item covering the matter, checked against ``answers``."""
    return []  # implemented on the enf-rules branch
