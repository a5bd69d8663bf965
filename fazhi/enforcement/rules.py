"""Discretion standards (裁量基准, 行政处罚法 第三十四条) and no-penalty lists (免罚清单, 第三十三条;
上海市优化营商环境条例 第六十条) as rules that explain themselves.

INTERFACE (agreed between the enforcement, penalties and publicity branches; the `enf-rules` branch implements it):
the penalty-case workflow calls ``propose_band`` when an officer answers a standard's factors and
``check_exemption`` when it checks the no-penalty lists; a case stores ``proposal.as_dict()`` (the version used
included), so it keeps the version it used when the standard changes.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.enforcement.choices import GRAVITY, Circumstance, ConditionKind, FactorEffect, FactorKind, Harm, Operator
from fazhi.enforcement.models import (
    CitedArticle,
    DiscretionBand,
    DiscretionFactor,
    DiscretionStandardVersion,
    EnforcementMatter,
    ExemptionCondition,
    ExemptionItem,
)
from fazhi.laws.models import Article, Version, Work


@dataclass(frozen=True)
class Finding:
    """One rule applied to the facts: met or not (``None``: not answered), why, and the article it comes from."""

    rule: str
    met: bool | None
    why: str
    citation: str = ""
    article_url: str = ""
    #: The date of the article's version applied (the one in force on the act's date); "" when none is cited.
    version: str = ""


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
    act_date: str = ""
    effective_from: str = ""
    standard_title: str = ""

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
    list_id: int = 0
    education: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class _Article:
    citation: str
    url: str
    version: str
    in_force: bool


#: Law versions and their articles change only when the corpus is imported again: what the engine looked up is
#: kept this long (seconds), so a check costs a handful of queries (bench/enforcement_rules.py).
LAW_CACHE_SECONDS = 300.0
_law_cache: dict[tuple[Any, ...], tuple[float, Any]] = {}
#: Published versions never change (``FrozenWhenPublished``): their factors and bands are kept by version and
#: publication time (a rolled-back test may reuse a primary key, never with the same time).
_rules_cache: dict[tuple[int, Any], tuple[list[DiscretionFactor], list[DiscretionBand]]] = {}
_CACHE_MAX = 4096


def clear_caches() -> None:
    _law_cache.clear()
    _rules_cache.clear()


def _law(key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    now = time.monotonic()
    hit = _law_cache.get(key)
    if hit is not None and now - hit[0] < LAW_CACHE_SECONDS:
        return hit[1]
    if len(_law_cache) >= _CACHE_MAX:
        _law_cache.clear()
    value = compute()
    _law_cache[key] = (now, value)
    return value


def _version_in_force(work_id: int, day: dt.date) -> tuple[int, dt.date | None] | None:
    """The work's version in force on ``day`` (as ``Work.version_on``): the latest dated on or before it, else an
    undated one."""
    versions: list[tuple[int, dt.date | None]] = _law(
        ("versions", work_id),
        lambda: list(Version.objects.filter(work_id=work_id).order_by().values_list("pk", "version_date")),
    )
    dated = [v for v in versions if v[1] is not None and v[1] <= day]
    if dated:
        return max(dated, key=lambda v: (v[1], v[0]))
    undated = [v for v in versions if v[1] is None]
    return undated[0] if undated else None


class _Articles:
    """The articles rules cite, each in the version in force on one day."""

    def __init__(self, on: dt.date) -> None:
        self.on = on
        self._seen: dict[tuple[int, int, int], _Article] = {}

    def of(self, rule: CitedArticle) -> _Article:
        work_id = rule.work_id
        if work_id is None or rule.number is None:
            return _Article(rule.citation, "", "", False)
        number, suffix = rule.number, rule.suffix
        key = (work_id, number, suffix)
        if key not in self._seen:
            work_key = _law(("work", work_id), lambda: Work.objects.filter(pk=work_id).values_list("key", flat=True)[0])
            version = _version_in_force(work_id, self.on)
            in_force = version is not None and _law(
                ("article", version[0], number, suffix),
                lambda: Article.objects.filter(version_id=version[0], number=number, suffix=suffix).exists(),
            )
            slug = f"{number}" + (f"-{suffix}" if suffix else "")
            url = reverse("laws:article", kwargs={"key": work_key, "number": slug})
            self._seen[key] = _Article(
                citation=rule.citation,
                url=f"{url}?on={self.on.isoformat()}",
                version=version[1].isoformat() if version is not None and version[1] is not None else "",
                in_force=bool(in_force),
            )
        return self._seen[key]

    def finding(self, rule: CitedArticle, *, name: str, met: bool | None, why: str) -> Finding:
        article = self.of(rule)
        if rule.work_id is not None and not article.in_force:
            why = f"{why} " + _("(%(citation)s was not in force on %(day)s.)") % {
                "citation": article.citation,
                "day": self.on.isoformat(),
            }
        return Finding(name, met, why, article.citation, article.url, article.version)


def _rules_of(version: DiscretionStandardVersion) -> tuple[list[DiscretionFactor], list[DiscretionBand]]:
    key = (version.pk, version.published_at)
    if key not in _rules_cache:
        if len(_rules_cache) >= _CACHE_MAX:
            _rules_cache.clear()
        factors = list(
            DiscretionFactor.objects.filter(version=version).select_related("work").order_by("position", "pk")
        )
        bands = band_order(DiscretionBand.objects.filter(version=version).select_related("work").order_by())
        _rules_cache[key] = (factors, bands)
    return _rules_cache[key]


_YES = {"yes", "y", "true", "1", "on", "是"}
_NO = {"no", "n", "false", "0", "off", "否"}


def _yes_no(key: str, value: Any) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _YES | _NO:
        return value.strip().lower() in _YES
    raise ValidationError(_("%(key)s: answer yes or no.") % {"key": key}, code="invalid_answer")


def _number(key: str, value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ValidationError(_("%(key)s: answer with a number.") % {"key": key}, code="invalid_answer")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationError(_("%(key)s: answer with a number.") % {"key": key}, code="invalid_answer") from None
    if not number.is_finite() or number < 0 or number > 10**9:
        raise ValidationError(
            _("%(key)s: answer with a number from 0 to 1,000,000,000.") % {"key": key}, code="invalid_answer"
        )
    return number


def _refuse_unasked(answers: Mapping[str, Any], asked: Iterable[str], what: str) -> None:
    if not isinstance(answers, Mapping):
        raise ValidationError(_("The answers must be an object of question keys and answers."), code="invalid")
    known = set(asked)
    unasked = sorted(str(k) for k in answers if k not in known)
    if unasked:
        raise ValidationError(
            _("Not asked by %(what)s: %(keys)s.") % {"what": what, "keys": ", ".join(unasked)},
            code="unasked",
        )


def _show(value: Any) -> str:
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    return f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)


def _effect_word(effect: str) -> str:
    return {
        FactorEffect.AGGRAVATING: _("aggravating"),
        FactorEffect.LIGHTENING: _("lightening"),
    }.get(FactorEffect(effect), _("grades the circumstance"))


def _clause_holds(clause: Mapping[str, Any], values: Mapping[str, Any]) -> bool | None:
    value = values.get(clause["factor"])
    if value is None:
        return None
    op = Operator(clause["op"])
    if op == Operator.YES:
        return value is True or (isinstance(value, Decimal) and value > 0)
    if op == Operator.NO:
        return value is False or (isinstance(value, Decimal) and value == 0)
    number = Decimal(1 if value is True else 0) if isinstance(value, bool) else value
    limit = Decimal(str(clause["value"]))
    return {
        Operator.AT_LEAST: number >= limit,
        Operator.AT_MOST: number <= limit,
        Operator.MORE: number > limit,
        Operator.LESS: number < limit,
    }[op]


def describe_clause(clause: Mapping[str, Any], questions: Mapping[str, str]) -> str:
    """「初次违法 is yes」: one clause of a band's condition, in words."""
    question = questions.get(clause["factor"], clause["factor"])
    op = Operator(clause["op"])
    if op in (Operator.YES, Operator.NO):
        return f"{question} {op.label}"
    return f"{question} {op.label} {clause['value']}"


def band_order(bands: Iterable[DiscretionBand]) -> list[DiscretionBand]:
    """Bands with conditions, gravest first, then the default band (the one without conditions)."""
    return sorted(bands, key=lambda b: (not b.conditions, -GRAVITY.get(b.circumstance, 0)))


def _fine(amount: Decimal | None) -> str:
    return "—" if amount is None else f"{amount.normalize():f}"


def propose_band(matter: EnforcementMatter, act_date: dt.date, answers: Mapping[str, Any]) -> BandProposal | None:
    """The band for ``answers`` under the matter's standard version in force on ``act_date``; ``None`` when the
    matter has no published standard (or none in force on that date). Raises ``ValidationError`` for answers the
    standard does not ask, or answers of the wrong kind.

    The band is the gravest whose every condition holds; when none does, the band without conditions (the
    default). Each factor answered, each band tried and the band chosen are findings citing their article in the
    version in force on ``act_date``."""
    version = (
        DiscretionStandardVersion.objects.filter(
            standard__matter=matter,
            standard__is_published=True,
            published_at__isnull=False,
            effective_from__lte=act_date,
        )
        .select_related("standard")
        .order_by("-effective_from", "-number")
        .first()
    )
    if version is None:
        return None
    standard = version.standard
    factors, bands = _rules_of(version)
    title = _("The discretion standard «%(title)s», version %(number)s") % {
        "title": standard.title,
        "number": version.number,
    }
    _refuse_unasked(answers, (f.key for f in factors), title)
    values: dict[str, Any] = {
        f.key: (_yes_no if f.kind == FactorKind.YES_NO else _number)(f.key, answers.get(f.key)) for f in factors
    }
    articles = _Articles(act_date)
    findings = []
    for factor in factors:
        value = values[factor.key]
        if value is None:
            findings.append(articles.finding(factor, name=factor.question, met=None, why=_("Not answered.")))
            continue
        present = value is True or (isinstance(value, Decimal) and value > 0)
        why = _("Answered %(answer)s: %(effect)s.") % {
            "answer": _show(value),
            "effect": _effect_word(factor.effect) if present else _("does not apply"),
        }
        findings.append(articles.finding(factor, name=factor.question, met=present, why=why))
    questions = {f.key: f.question for f in factors}
    chosen: DiscretionBand | None = None
    for band in bands:
        label = str(Circumstance(band.circumstance).label)
        if not band.conditions:
            chosen = band
            why = _("No other circumstance applies: the standard's default band.")
            findings.append(articles.finding(band, name=label, met=True, why=why))
            break
        results = [(clause, _clause_holds(clause, values)) for clause in band.conditions]
        failed = [describe_clause(c, questions) for c, held in results if held is False]
        unanswered = [describe_clause(c, questions) for c, held in results if held is None]
        if not failed and not unanswered:
            chosen = band
            why = _("Every condition holds: %(conditions)s.") % {
                "conditions": "; ".join(describe_clause(c, questions) for c, _held in results)
            }
            findings.append(articles.finding(band, name=label, met=True, why=why))
            break
        if failed:
            why = _("Does not apply: it is not so that %(conditions)s.") % {"conditions": "; ".join(failed)}
        else:
            why = _("Cannot tell: not answered whether %(conditions)s.") % {"conditions": "; ".join(unanswered)}
        findings.append(articles.finding(band, name=label, met=False if failed else None, why=why))
    if chosen is None:
        raise ValidationError(
            _("%(standard)s has no band for these answers; answer every question.") % {"standard": title},
            code="no_band",
        )
    parts = [
        _("%(standard)s, in force from %(day)s, applied to an act of %(act)s.")
        % {"standard": title, "day": version.effective_from.isoformat(), "act": act_date.isoformat()},
        _("Circumstance: %(circumstance)s; fine from %(low)s to %(high)s yuan.")
        % {
            "circumstance": Circumstance(chosen.circumstance).label,
            "low": _fine(chosen.fine_min),
            "high": _fine(chosen.fine_max),
        },
    ]
    if chosen.other_penalty_list:
        parts.append(_("Other penalties: %(list)s.") % {"list": "; ".join(chosen.other_penalty_list)})
    for finding in findings:
        cited = ""
        if finding.citation:
            cited = f" [{finding.citation}" + (f", {finding.version}" if finding.version else "") + "]"
        parts.append(f"{finding.rule}: {finding.why}{cited}")
    return BandProposal(
        standard_id=standard.pk,
        version_number=version.number,
        circumstance=chosen.circumstance,
        fine_min=chosen.fine_min,
        fine_max=chosen.fine_max,
        other_penalties=chosen.other_penalty_list,
        findings=findings,
        explanation="\n".join(parts),
        act_date=act_date.isoformat(),
        effective_from=version.effective_from.isoformat(),
        standard_title=standard.title,
    )


#: The answer keys each kind of condition asks.
CONDITION_KEYS: dict[str, tuple[str, ...]] = {
    ConditionKind.FIRST_VIOLATION: ("first_violation",),
    ConditionKind.NO_HARM: ("harm",),
    ConditionKind.MINOR_HARM: ("harm",),
    ConditionKind.CORRECTED: ("corrected", "corrected_days"),
    ConditionKind.NO_FAULT: ("no_fault",),
}
ANSWER_KEYS = ("first_violation", "harm", "corrected", "corrected_days", "no_fault")


def items_covering(matter: EnforcementMatter, on: dt.date) -> list[ExemptionItem]:
    """The items of published lists in force on ``on`` that cover ``matter``, with their conditions."""
    in_force = Q(exemption_list__effective_until__isnull=True) | Q(exemption_list__effective_until__gt=on)
    return list(
        ExemptionItem.objects.filter(
            in_force,
            matters=matter,
            exemption_list__is_published=True,
            exemption_list__effective_from__lte=on,
        )
        .select_related("exemption_list")
        .prefetch_related(Prefetch("conditions", queryset=ExemptionCondition.objects.order_by("pk")))
        .order_by("exemption_list_id", "position", "pk")
    )


def questions_for(items: Iterable[ExemptionItem]) -> list[str]:
    """The answer keys the items' conditions ask, in a stable order."""
    asked = {key for item in items for c in item.conditions.all() for key in CONDITION_KEYS[c.kind]}
    return [key for key in ANSWER_KEYS if key in asked]


def _parse_exemption_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {
        "first_violation": _yes_no("first_violation", answers.get("first_violation")),
        "corrected": _yes_no("corrected", answers.get("corrected")),
        "no_fault": _yes_no("no_fault", answers.get("no_fault")),
        "corrected_days": _number("corrected_days", answers.get("corrected_days")),
        "harm": None,
    }
    harm = answers.get("harm")
    if harm not in (None, ""):
        if harm not in Harm.values:
            raise ValidationError(
                _("harm: answer one of %(choices)s.") % {"choices": ", ".join(Harm.values)}, code="invalid_answer"
            )
        values["harm"] = harm
    return values


def _condition(condition: ExemptionCondition, values: Mapping[str, Any]) -> tuple[bool | None, str]:
    kind = condition.kind
    if kind == ConditionKind.FIRST_VIOLATION:
        answer = values["first_violation"]
        if answer is None:
            return None, _("Not answered whether this is the first violation.")
        return answer, _("This is the first violation.") if answer else _("This is not the first violation.")
    if kind in (ConditionKind.NO_HARM, ConditionKind.MINOR_HARM):
        harm = values["harm"]
        if harm is None:
            return None, _("Not answered whether the act caused harm.")
        allowed = (Harm.NONE,) if kind == ConditionKind.NO_HARM else (Harm.NONE, Harm.MINOR)
        label = Harm(harm).label
        if harm in allowed:
            return True, _("Harmful consequence: %(harm)s.") % {"harm": label}
        return False, _("Harmful consequence: %(harm)s, more than the item allows.") % {"harm": label}
    if kind == ConditionKind.CORRECTED:
        return _corrected(condition, values["corrected"], values["corrected_days"])
    answer = values["no_fault"]
    if answer is None:
        return None, _("Not answered whether there is evidence of no subjective fault.")
    if answer:
        return True, _("There is evidence enough to show no subjective fault.")
    return False, _("No evidence shows that there was no subjective fault.")


def _corrected(condition: ExemptionCondition, corrected: bool | None, days: Decimal | None) -> tuple[bool | None, str]:
    if corrected is None:
        return None, _("Not answered whether the act was corrected.")
    if not corrected:
        return False, _("The act was not corrected.")
    if condition.days is None:
        return True, _("The act was corrected promptly.")
    if days is None:
        return None, _("Not answered how many days the correction took (the item allows %(days)s).") % {
            "days": condition.days
        }
    words = {"taken": _show(days), "days": condition.days}
    if days <= condition.days:
        return True, _("Corrected in %(taken)s days, within the %(days)s the item allows.") % words
    return False, _("Corrected in %(taken)s days, later than the %(days)s the item allows.") % words


def condition_label(condition: ExemptionCondition) -> str:
    if condition.kind == ConditionKind.CORRECTED and condition.days is not None:
        return _("corrected within %(days)s days") % {"days": condition.days}
    return str(ConditionKind(condition.kind).label)


def check_exemption(
    matter: EnforcementMatter, answers: Mapping[str, Any], on: dt.date | None = None
) -> list[ExemptionCheck]:
    """Every item of the published no-penalty lists in force on ``on`` (the act's date; today by default) covering
    the matter, checked against ``answers`` (``first_violation``, ``harm`` — none/minor/serious —, ``corrected``,
    ``corrected_days``, ``no_fault``: only the keys the items ask). An item exempts when every condition is met;
    an unanswered condition is ``met=None`` and the item does not exempt."""
    day = on or timezone.localdate()
    items = items_covering(matter, day)
    _refuse_unasked(answers, questions_for(items), _("the no-penalty lists covering this matter"))
    values = _parse_exemption_answers(answers)
    articles = _Articles(day)
    checks = []
    for item in items:
        findings = []
        for condition in item.conditions.all():
            met, why = _condition(condition, values)
            findings.append(articles.finding(condition, name=condition_label(condition), met=met, why=why))
        checks.append(
            ExemptionCheck(
                item_id=item.pk,
                list_title=item.exemption_list.title,
                item_title=item.title,
                exempt=bool(findings) and all(f.met is True for f in findings),
                mandatory=item.mandatory,
                findings=findings,
                list_id=item.exemption_list_id,
                education=item.education,
            )
        )
    return checks
