"""Writes of the enforcement app: matters, standards and their versions, no-penalty lists. Each is keyword-only and
atomic; a citation that does not resolve in the law library, or a change to a published version, is refused with
why (nothing is half-saved)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.permissions import ADD, CHANGE, policy_of
from fazhi.enforcement.choices import BasisRole, Circumstance, ConditionKind, FactorKind, Operator, PowerKind
from fazhi.enforcement.models import (
    CitedArticle,
    DiscretionBand,
    DiscretionFactor,
    DiscretionStandard,
    DiscretionStandardVersion,
    EnforcementMatter,
    ExemptionCondition,
    ExemptionItem,
    ExemptionList,
    MatterBasis,
)
from fazhi.laws.refs import resolve_article
from fazhi.orgs.models import Organisation

#: The article each kind of no-penalty condition comes from, unless an item cites its own.
CONDITION_ARTICLES = {
    ConditionKind.FIRST_VIOLATION: "行政处罚法第三十三条第一款",
    ConditionKind.NO_HARM: "行政处罚法第三十三条第一款",
    ConditionKind.MINOR_HARM: "行政处罚法第三十三条第一款",
    ConditionKind.CORRECTED: "行政处罚法第三十三条第一款",
    ConditionKind.NO_FAULT: "行政处罚法第三十三条第二款",
}


def _require(user: Any, action: str, record: Any) -> None:
    if user is not None and not policy_of(type(record)).allows(user, action, record):
        raise PermissionDenied(_("You may not change this body's enforcement records."))


def cite(rule: CitedArticle, citation: str, *, required: bool = True) -> None:
    """Resolve ``citation`` into ``rule``'s article fields (``ValidationError`` naming why when it does not)."""
    citation = (citation or "").strip()
    if not citation:
        if required:
            raise ValidationError(_("Give the article this rule comes from."), code="required")
        rule.citation, rule.work, rule.number, rule.suffix = "", None, None, 0
        return
    ref = resolve_article(citation)
    rule.citation, rule.work, rule.number, rule.suffix = ref.citation, ref.work, ref.number, ref.suffix


# --- matters -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatterData:
    body: Organisation
    code: str
    name: str
    kind: str = PowerKind.PENALTY
    violation: str = ""
    #: (role, citation) pairs: the article violated, the article setting the penalty, the article granting power.
    bases: tuple[tuple[str, str], ...] = ()
    is_published: bool = True


def split_citations(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;；\n]+", text or "") if part.strip()]


def matter_save(*, data: MatterData, user: Any = None) -> tuple[EnforcementMatter, str]:
    """Create or update the body's matter with this code; returns it and "created", "updated" or "unchanged".
    Every basis must resolve, else nothing is saved."""
    if not data.code.strip() or not data.name.strip():
        raise ValidationError(_("A matter needs a code and a name."), code="required")
    if data.kind not in PowerKind.values:
        raise ValidationError(
            _("Unknown kind %(kind)s; use one of %(kinds)s.")
            % {"kind": data.kind, "kinds": ", ".join(PowerKind.values)}
        )
    resolved = []
    problems = []
    for role, citation in data.bases:
        if role not in BasisRole.values:
            problems.append(_("unknown role %(role)s") % {"role": role})
            continue
        try:
            resolved.append((role, resolve_article(citation)))
        except ValidationError as error:
            problems.append(error.messages[0])
    if problems:
        raise ValidationError("; ".join(problems), code="unresolved")
    if data.kind == PowerKind.PENALTY and not any(role == BasisRole.PENALISES for role, _ref in resolved):
        raise ValidationError(_("A penalty matter needs the article that sets the penalty."), code="required")
    with transaction.atomic():
        matter = EnforcementMatter.objects.select_for_update().filter(body=data.body, code=data.code.strip()).first()
        status = "updated"
        if matter is None:
            matter, status = EnforcementMatter(body=data.body, code=data.code.strip()), "created"
            _require(user, ADD, matter)
        else:
            _require(user, CHANGE, matter)
        wanted: dict[str, Any] = {
            "name": data.name.strip(),
            "kind": data.kind,
            "violation": data.violation.strip(),
            "is_published": data.is_published,
        }
        current_bases = sorted((b.role, b.work_id, b.number, b.suffix) for b in matter.bases.all()) if matter.pk else []
        new_bases = sorted((role, ref.work.pk, ref.number, ref.suffix) for role, ref in resolved)
        same = all(getattr(matter, k) == v for k, v in wanted.items())
        if status == "updated" and current_bases == new_bases and same:
            return matter, "unchanged"
        for key, value in wanted.items():
            setattr(matter, key, value)
        matter.full_clean()
        matter.save()
        if current_bases != new_bases:
            matter.bases.all().delete()
            for role, ref in resolved:
                MatterBasis.objects.create(
                    matter=matter, role=role, work=ref.work, number=ref.number, suffix=ref.suffix, citation=ref.citation
                )
    return matter, status


# --- discretion standards ------------------------------------------------------------------------------------------


def standard_create(*, matter: EnforcementMatter, title: str, user: Any = None) -> DiscretionStandard:
    standard = DiscretionStandard(matter=matter, title=title.strip() or matter.name)
    _require(user, ADD, standard)
    if DiscretionStandard.objects.filter(matter=matter).exists():
        raise ValidationError(_("This matter already has a standard: add a version to it."), code="exists")
    with transaction.atomic():
        standard.save()
    return standard


def version_create(
    *, standard: DiscretionStandard, effective_from: dt.date, note: str = "", user: Any = None
) -> DiscretionStandardVersion:
    """A new draft version, starting as a copy of the latest version's factors and bands (a change to a standard is
    a new version; the published ones stay as they were)."""
    _require(user, CHANGE, standard)
    with transaction.atomic():
        locked = DiscretionStandard.objects.select_for_update().get(pk=standard.pk)
        if locked.versions.filter(published_at__isnull=True).exists():
            raise ValidationError(_("Publish or delete the draft version before making another."), code="draft")
        latest = locked.versions.order_by("-number").first()
        version = DiscretionStandardVersion.objects.create(
            standard=locked,
            number=(latest.number + 1) if latest else 1,
            effective_from=effective_from,
            note=note.strip(),
        )
        if latest is not None:
            for factor in latest.factors.all():
                factor.pk = None
                factor._state.adding = True
                factor.version = version
                factor.save()
            for band in latest.bands.all():
                band.pk = None
                band._state.adding = True
                band.version = version
                band.save()
    return version


def _draft(version: DiscretionStandardVersion, user: Any) -> None:
    _require(user, CHANGE, version.standard)
    if version.published_at is not None:
        raise ValidationError(_("A published version never changes: make a new version instead."), code="published")


def factor_save(
    *,
    version: DiscretionStandardVersion,
    key: str,
    question: str,
    kind: str,
    effect: str,
    citation: str,
    factor: DiscretionFactor | None = None,
    user: Any = None,
) -> DiscretionFactor:
    _draft(version, user)
    factor = factor or DiscretionFactor(version=version)
    factor.key, factor.question, factor.kind, factor.effect = key.strip(), question.strip(), kind, effect
    factor.position = factor.position or version.factors.count() + 1
    cite(factor, citation)
    factor.full_clean()
    with transaction.atomic():
        factor.save()
    return factor


_CLAUSE = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*(>=|<=|>|<|yes|no|是|否|≥|≤)\s*([0-9.]*)\s*$")
_OPS = {"是": "yes", "否": "no", "≥": ">=", "≤": "<="}


def parse_conditions(text: str, factors: Sequence[DiscretionFactor]) -> list[dict[str, Any]]:
    """「repeat >= 2; corrected no」 → clauses; each names a factor of the version and fits its kind."""
    kinds = {f.key: f.kind for f in factors}
    clauses = []
    for part in re.split(r"[;；\n]+", text or ""):
        if not part.strip():
            continue
        match = _CLAUSE.match(part)
        if match is None:
            raise ValidationError(
                _("Cannot read the condition «%(part)s»: write «key yes», «key no» or «key >= number».")
                % {"part": part.strip()},
                code="invalid",
            )
        key, op, value = match.group(1), _OPS.get(match.group(2), match.group(2)), match.group(3)
        if key not in kinds:
            raise ValidationError(
                _("The condition names %(key)s, which is not a factor of this version.") % {"key": key}, code="invalid"
            )
        clauses.append(_clause(key, op, value, kinds[key]))
    return clauses


def _clause(key: str, op: str, value: str, kind: str) -> dict[str, Any]:
    if op in (Operator.YES, Operator.NO):
        if value:
            raise ValidationError(_("%(key)s: «yes» and «no» take no number.") % {"key": key}, code="invalid")
        return {"factor": key, "op": op}
    if kind != FactorKind.NUMBER:
        raise ValidationError(_("%(key)s is answered yes or no: compare it with «yes» or «no».") % {"key": key})
    try:
        number = Decimal(value)
    except ArithmeticError:
        number = Decimal("NaN")
    if not value or not number.is_finite():
        raise ValidationError(_("%(key)s: give the number to compare with.") % {"key": key}, code="invalid")
    return {"factor": key, "op": op, "value": str(number)}


def band_save(
    *,
    version: DiscretionStandardVersion,
    circumstance: str,
    fine_min: Decimal | None,
    fine_max: Decimal | None,
    other_penalties: str = "",
    conditions: str | list[dict[str, Any]] = "",
    citation: str = "",
    description: str = "",
    user: Any = None,
) -> DiscretionBand:
    """Set the band of one circumstance in a draft version (replacing the one there)."""
    _draft(version, user)
    if circumstance not in Circumstance.values:
        raise ValidationError(_("Unknown circumstance %(value)s.") % {"value": circumstance}, code="invalid")
    if fine_min is not None and fine_max is not None and fine_min > fine_max:
        raise ValidationError(_("The lowest fine is above the highest."), code="invalid")
    if (fine_min is not None and fine_min < 0) or (fine_max is not None and fine_max < 0):
        raise ValidationError(_("A fine cannot be negative."), code="invalid")
    factors = list(version.factors.all())
    if isinstance(conditions, str):
        clauses = parse_conditions(conditions, factors)
    else:
        kinds = {f.key: f.kind for f in factors}
        clauses = []
        for c in conditions:
            if c.get("factor") not in kinds:
                raise ValidationError(
                    _("The condition names %(key)s, which is not a factor of this version.") % {"key": c.get("factor")}
                )
            clauses.append(_clause(c["factor"], c.get("op", ""), str(c.get("value", "")), kinds[c["factor"]]))
    band = version.bands.filter(circumstance=circumstance).first() or DiscretionBand(
        version=version, circumstance=circumstance
    )
    band.fine_min, band.fine_max, band.other_penalties = fine_min, fine_max, other_penalties.strip()
    band.conditions, band.description = clauses, description.strip()
    cite(band, citation, required=False)
    band.full_clean()
    with transaction.atomic():
        band.save()
    return band


def rule_delete(*, rule: DiscretionFactor | DiscretionBand, user: Any = None) -> None:
    """Remove a factor or band of a draft (a factor still named by a band's condition stays)."""
    _draft(rule.version, user)
    if isinstance(rule, DiscretionFactor) and any(
        c.get("factor") == rule.key for band in rule.version.bands.all() for c in band.conditions
    ):
        raise ValidationError(_("A band's condition names this factor: change the band first."), code="in_use")
    with transaction.atomic():
        rule.delete()


def version_problems(version: DiscretionStandardVersion) -> list[str]:
    """What stops a draft from being published."""
    problems = []
    bands = list(version.bands.all())
    keys = {f.key for f in version.factors.all()}
    if not bands:
        problems.append(_("A version needs at least one band."))
    defaults = [b for b in bands if not b.conditions]
    if len(defaults) != 1:
        problems.append(_("Exactly one band must have no conditions: the band that applies when no other does."))
    for band in bands:
        for clause in band.conditions:
            if clause.get("factor") not in keys:
                problems.append(
                    _("The %(band)s band names %(key)s, which is not a factor.")
                    % {"band": band.get_circumstance_display(), "key": clause.get("factor")}
                )
    previous = (
        version.standard.versions.filter(published_at__isnull=False).exclude(pk=version.pk).order_by("-number").first()
    )
    if previous is not None and version.effective_from < previous.effective_from:
        problems.append(
            _("It cannot take effect before version %(number)s (%(day)s): acts already judged keep their version.")
            % {"number": previous.number, "day": previous.effective_from.isoformat()}
        )
    return problems


def version_publish(*, version: DiscretionStandardVersion, user: Any = None) -> DiscretionStandardVersion:
    _draft(version, user)
    with transaction.atomic():
        version = DiscretionStandardVersion.objects.select_for_update().get(pk=version.pk)
        problems = version_problems(version)
        if problems:
            raise ValidationError(problems, code="incomplete")
        version.published_at = timezone.now()
        version.save()
    return version


def version_delete(*, version: DiscretionStandardVersion, user: Any = None) -> None:
    _draft(version, user)
    with transaction.atomic():
        version.bands.all().delete()
        version.factors.all().delete()
        version.delete()


# --- no-penalty lists ----------------------------------------------------------------------------------------------


def exemption_list_create(
    *,
    body: Organisation,
    title: str,
    effective_from: dt.date,
    effective_until: dt.date | None = None,
    supersedes: ExemptionList | None = None,
    user: Any = None,
) -> ExemptionList:
    """A new list; a list it supersedes stops on the day the new one takes effect (versioned by date)."""
    if effective_until is not None and effective_until <= effective_from:
        raise ValidationError(_("A list must end after it starts."), code="invalid")
    exemption_list = ExemptionList(
        body=body, title=title.strip(), effective_from=effective_from, effective_until=effective_until
    )
    _require(user, ADD, exemption_list)
    with transaction.atomic():
        exemption_list.full_clean()
        exemption_list.save()
        if supersedes is not None:
            _require(user, CHANGE, supersedes)
            if supersedes.effective_from >= effective_from:
                raise ValidationError(_("A revised list must take effect after the list it replaces."))
            supersedes.effective_until = effective_from
            supersedes.save()
    return exemption_list


@dataclass(frozen=True)
class ConditionData:
    kind: str
    days: int | None = None
    citation: str = ""  # the kind's article of 行政处罚法 第三十三条 when empty


def exemption_item_save(
    *,
    exemption_list: ExemptionList,
    title: str,
    matters: Iterable[EnforcementMatter],
    mandatory: bool,
    conditions: Sequence[ConditionData],
    education: str = "",
    item: ExemptionItem | None = None,
    user: Any = None,
) -> ExemptionItem:
    matters = list(matters)
    if not matters:
        raise ValidationError(_("Choose the matters the item covers."), code="required")
    if not conditions:
        raise ValidationError(_("An item needs at least one condition."), code="required")
    kinds = [c.kind for c in conditions]
    if len(set(kinds)) != len(kinds) or any(k not in ConditionKind.values for k in kinds):
        raise ValidationError(_("Each condition once, of a known kind."), code="invalid")
    if ConditionKind.NO_HARM in kinds and ConditionKind.MINOR_HARM in kinds:
        raise ValidationError(_("Ask either for no harm or for minor harm, not both."), code="invalid")
    rows = []
    for data in conditions:
        row = ExemptionCondition(kind=data.kind, days=data.days if data.kind == ConditionKind.CORRECTED else None)
        cite(row, data.citation or CONDITION_ARTICLES[ConditionKind(data.kind)])
        rows.append(row)
    item = item or ExemptionItem(exemption_list=exemption_list)
    item.title, item.mandatory, item.education = title.strip(), mandatory, education.strip()
    item.position = item.position or exemption_list.items.count() + 1
    _require(user, CHANGE, exemption_list)
    with transaction.atomic():
        item.full_clean()
        item.save()
        item.matters.set(matters)
        item.conditions.all().delete()
        for row in rows:
            row.item = item
            row.save()
    return item
