"""The publication rules, each with the article it comes from (read in data/laws):

* what is not published: decisions under the summary procedure, and penalties that are only a warning or a
  circulated criticism (上海市优化营商环境条例 第六十七条第二款: 「按照简易程序作出的行政处罚和仅被处以警告、通报批评
  处罚的信息不予公示」; 市场监督管理行政处罚信息公示规定 第二条: only the general procedure, 「仅受到警告行政处罚的
  不予公示」);
* how long it stays published: three months for circulated criticism or a low fine, three years otherwise
  (公示规定 第十三条第一款; 沪营商条例 第六十五条 sets three years for penalty information); the amount that counts as
  low is for the provincial regulator to set (第十三条第二款), so it is a policy value here
  (``PUBLICITY_LOW_FINE_YUAN``). Decisions other than penalties (permits, coercive measures, levies) have no
  period in the law; three years is the platform's policy for them, labelled so.
* a period in months or years ends on the corresponding day of its last month, the day of publication not counted
  (民法典 第二百零一条, 第二百零二条).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fazhi.publicity.choices import DecisionKind, PenaltyType, Procedure
from fazhi.workflow.clocks import Provision

NOT_PUBLISHED = Provision("上海市优化营商环境条例", 67, 2)
SHORT_PERIOD = Provision("市场监督管理行政处罚信息公示规定", 13, 1)
LONG_PERIOD = Provision("上海市优化营商环境条例", 65)
#: Penalty types that alone do not make a decision publishable.
MINOR_ONLY = frozenset({PenaltyType.WARNING, PenaltyType.CRITICISM})


def low_fine_limit() -> Decimal:
    """The highest fine still 较低数额 (公示规定 第十三条第二款: set by the provincial regulator): a policy value."""
    return Decimal(str(getattr(settings, "PUBLICITY_LOW_FINE_YUAN", 10000)))


@dataclass(frozen=True)
class Period:
    months: int
    basis: Provision | None  # None: the platform's policy
    label: str


def refusal(*, kind: str, procedure: str, penalty_types: frozenset[str]) -> str | None:
    """Why a decision must not be published, naming the article; None when it may be."""
    if kind != DecisionKind.PENALTY:
        return None
    if procedure == Procedure.SUMMARY:
        return _(
            "A penalty decided under the summary procedure is not published (%(article)s: 「按照简易程序作出的行政处罚"
            "……的信息不予公示」)."
        ) % {"article": NOT_PUBLISHED}
    if penalty_types and penalty_types <= MINOR_ONLY:
        return _(
            "A penalty that is only a warning or a circulated criticism is not published (%(article)s: 「仅被处以"
            "警告、通报批评处罚的信息不予公示」)."
        ) % {"article": NOT_PUBLISHED}
    return None


def period(*, kind: str, penalty_types: frozenset[str], fine_amount: Decimal | None) -> Period:
    """How long a publishable decision stays published."""
    if kind != DecisionKind.PENALTY:
        return Period(36, None, _("three years (the platform's policy: the law sets no period for this kind)"))
    rest = penalty_types - {PenaltyType.CRITICISM, PenaltyType.WARNING}
    low_fine_only = rest == {PenaltyType.FINE} and fine_amount is not None and fine_amount <= low_fine_limit()
    if not rest or low_fine_only:
        return Period(3, SHORT_PERIOD, _("three months (%(article)s)") % {"article": SHORT_PERIOD})
    return Period(36, LONG_PERIOD, _("three years (%(article)s)") % {"article": LONG_PERIOD})


def add_months(day: dt.date, months: int) -> dt.date:
    """The last day of a period of ``months`` starting the day after ``day`` (民法典 第二百零二条: the corresponding
    day of the last month, or that month's last day when it has none — relativedelta's rule, as the clocks use)."""
    return day + relativedelta(months=months)


def parse_penalty_types(values: object) -> frozenset[str]:
    """Penalty type codes from a list or a comma/、-separated text (codes or their labels in either language)."""
    if isinstance(values, str):
        parts = [p.strip() for p in values.replace("、", ",").replace("，", ",").replace(";", ",").split(",")]
    elif isinstance(values, list | tuple | set | frozenset):
        parts = [str(p).strip() for p in values]
    else:
        parts = []
    known = {code: code for code in PenaltyType.values}
    known.update(_LABELS)
    found: set[str] = set()
    for part in filter(None, parts):
        code = known.get(part) or known.get(part.lower())
        if code is None:
            raise ValidationError(
                _("Unknown penalty type %(value)s: use %(codes)s.")
                % {"value": part, "codes": ", ".join(PenaltyType.values)}
            )
        found.add(code)
    return frozenset(found)


# The Chinese terms of 行政处罚法 第九条, as other systems write them.
_LABELS = {
    "警告": PenaltyType.WARNING,
    "通报批评": PenaltyType.CRITICISM,
    "罚款": PenaltyType.FINE,
    "没收违法所得": PenaltyType.CONFISCATION,
    "没收非法财物": PenaltyType.CONFISCATION,
    "没收": PenaltyType.CONFISCATION,
    "责令停产停业": PenaltyType.SUSPENSION,
    "暂扣许可证件": PenaltyType.SUSPENSION,
    "限制开展生产经营活动": PenaltyType.SUSPENSION,
    "吊销许可证件": PenaltyType.REVOCATION,
    "吊销营业执照": PenaltyType.REVOCATION,
    "降低资质等级": PenaltyType.OTHER,
    "责令关闭": PenaltyType.OTHER,
    "限制从业": PenaltyType.OTHER,
    "其他": PenaltyType.OTHER,
}
