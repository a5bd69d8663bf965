"""Joint incentives and sanctions: the application list (应用清单, 上海市社会信用条例 第二十二条) and its check.

A :class:`~fazhi.credit.models.Measure` is one line of the list — matter, target, means, implementing body, legal
basis (resolved to an article when drafted) — drafted and published by the credit centre. Only published lines
apply (第三十二条第二款 「未经公布的信用惩戒措施，不得实施」).

:func:`check` answers, for one subject and one matter, which published measures apply and why, citing each record,
list entry and commitment that makes a measure apply (第三十二条第一款: the basis and reasons are told);
:func:`check_batch` does the same for up to ``CREDIT_CHECK_BATCH_MAX`` identifiers with a fixed number of queries
per chunk of subjects (never one per subject). Both share :func:`_evaluate`, so a subject gets the same answer
alone and in a batch. Every check is logged (``MeasureCheck``, with its purpose), and a look at a natural person's
records also in the query log (第三十四条).

What counts (policy where the law is silent, said so):

* a *failing record*: a record of a 失信 category (第九条) that is on record, not withdrawn from view after repair,
  and within its five-year query period (第三十五条);
* a *list entry*: on a published list (第二十五条: its conditions are published with it), entered, not left;
* a *broken commitment*: a commitment assessed as not kept within the last five years (policy: the query period of
  第三十五条 applied by analogy);
* *trustworthy* (第二十九条): none of the above and not on a serious or abnormal-operations list.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.export import safe_cell
from fazhi.core.permissions import ADD, CHANGE
from fazhi.core.pii import id_number_is_valid, mask_id_number, uscc_is_valid
from fazhi.credit.access import is_centre_staff, works_with_credit
from fazhi.credit.choices import (
    FAILING_CATEGORIES,
    CheckMatter,
    ListKind,
    MeasureKind,
    MeasureTarget,
    QueryChannel,
    RecordStatus,
    SubjectKind,
)
from fazhi.credit.importer import iter_cells
from fazhi.credit.models import (
    CatalogueItem,
    Commitment,
    CreditRecord,
    ListEntry,
    Measure,
    MeasureCheck,
    PilotCode,
    QueryLog,
    Subject,
)
from fazhi.credit.subjects import normalise_code, organisation_key, person_key
from fazhi.laws.refs import resolve_article
from fazhi.publicity.models import masked_name

#: 第三十五条: failing information is queryable for five years; used for broken commitments too (policy).
COMMITMENT_YEARS = 5
#: How many records a measure cites at most in a batch line (the single check cites them all).
BATCH_CITED = 5
#: Subjects per round of queries in a batch: a few IN lists of this size stay well under every database's limits.
CHUNK = 5000
#: The kind of measure each target implies: incentives are for the trustworthy (第二十九条), sanctions for the
#: failing (第三十条, 第三十一条).
TARGET_KIND = {
    MeasureTarget.NO_FAILING: MeasureKind.INCENTIVE,
    MeasureTarget.LISTED: MeasureKind.SANCTION,
    MeasureTarget.FAILING_CATEGORY: MeasureKind.SANCTION,
    MeasureTarget.BROKEN_COMMITMENT: MeasureKind.SANCTION,
}
#: Lists whose entry makes a subject not trustworthy (第二十九条 is for those who keep their obligations).
FAILING_LISTS = frozenset({ListKind.SERIOUS, ListKind.ABNORMAL})


def batch_limit() -> int:
    return int(getattr(settings, "CREDIT_CHECK_BATCH_MAX", 100_000))


def too_many(count: int) -> str:
    """The refusal of a batch over the limit (the issue's "ten million at once")."""
    return _("A batch may hold at most %(limit)s subjects; this one has %(count)s. Split it into several batches.") % {
        "limit": f"{batch_limit():,}",
        "count": f"{count:,}",
    }


# --- the application list ---------------------------------------------------------------------------------------


def may_manage(user: Any) -> bool:
    return Measure.policy.allows(user, CHANGE)


def _citations(text: str) -> list[str]:
    """One or more articles, one a line or separated by 「；」; each must resolve to one article of the library."""
    parts = [p.strip() for line in (text or "").splitlines() for p in line.split("；") if p.strip()]
    if not parts:
        raise ValidationError({"legal_basis": _("Cite the article the measure rests on.")})
    for citation in parts:
        try:
            resolve_article(citation)
        except ValidationError as exc:
            raise ValidationError({"legal_basis": exc.messages}) from exc
    return parts


def draft_measure(*, user: Any, measure: Measure | None = None, **values: Any) -> Measure:
    """Create a draft line of the application list, or change a draft (a published line is not edited: the public
    would see a different list from the one published)."""
    if not Measure.policy.allows(user, ADD if measure is None else CHANGE):
        raise PermissionDenied(_("Only the credit centre drafts the application list."))
    return save_draft(measure or Measure(), values)


def save_draft(measure: Measure, values: dict[str, Any]) -> Measure:
    """Validate and save a draft (no permission check: :func:`draft_measure` and the demo loader call it)."""
    if measure.pk and measure.published_at is not None:
        raise ValidationError(_("A published measure cannot be changed: draft a new one."))
    for name, value in values.items():
        setattr(measure, name, value)
    target = measure.target
    errors: dict[str, str] = {}
    expected = TARGET_KIND.get(MeasureTarget(target)) if target in MeasureTarget.values else None
    trustworthy_list = (
        target == MeasureTarget.LISTED
        and measure.target_list is not None
        and measure.target_list.kind == ListKind.TRUSTWORTHY
    )
    if trustworthy_list:
        expected = MeasureKind.INCENTIVE  # the list of trustworthy subjects (第二十九条) earns incentives
    if expected is not None and measure.kind != expected:
        errors["kind"] = (
            _("A measure for trustworthy subjects is an incentive (第二十九条).")
            if expected == MeasureKind.INCENTIVE
            else _("A measure for failing subjects is a sanction (第三十条).")
        )
    if target == MeasureTarget.LISTED and measure.target_list_id is None:
        errors["target_list"] = _("Choose the list whose subjects the measure targets.")
    if target != MeasureTarget.LISTED:
        measure.target_list = None
    if target == MeasureTarget.FAILING_CATEGORY:
        if measure.target_category and measure.target_category not in FAILING_CATEGORIES:
            errors["target_category"] = _("Choose a category of failing information (第九条), or leave it empty.")
    else:
        measure.target_category = ""
    if not str(measure.means or "").strip():
        errors["means"] = _("Say what the implementing body does (the means).")
    if errors:
        raise ValidationError(errors)
    measure.legal_basis = "；".join(_citations(measure.legal_basis))[:200]
    with transaction.atomic():
        measure.full_clean()
        measure.save()
    return measure


def publish_measure(measure: Measure, *, user: Any) -> Measure:
    """Publish a line of the list (第二十二条 「向社会公布」): from now on it applies."""
    if not Measure.policy.allows(user, CHANGE, measure):
        raise PermissionDenied(_("Only the credit centre publishes the application list."))
    with transaction.atomic():
        locked = Measure.objects.select_for_update().get(pk=measure.pk)
        if locked.published_at is not None:
            raise ValidationError(_("This measure is published already."))
        _citations(locked.legal_basis)  # the library may have changed since the draft
        locked.published_at = timezone.now()
        locked.save()
    return locked


def published_measures(matter: str | None = None) -> Any:
    found = Measure.objects.filter(published_at__isnull=False, published_at__lte=timezone.now())
    if matter:
        found = found.filter(matter=matter)
    return found.select_related("body", "target_list").order_by("matter", "code")


# --- the facts about a subject ------------------------------------------------------------------------------------


@dataclass(slots=True)
class Reason:
    """One fact that makes a measure apply, with what to cite."""

    kind: str  # record | list | commitment | none
    text: str
    source_ref: str = ""
    item: str = ""
    legal_basis: str = ""
    since: str = ""


@dataclass(slots=True)
class Facts:
    """What the check knows of one subject: failing records by category, current list entries, broken commitments."""

    #: category → records: their RECORD_FIELDS for a single check, their source references in a batch
    records: dict[str, list[Any]] = field(default_factory=lambda: defaultdict(list))
    lists: dict[int, list[Reason]] = field(default_factory=lambda: defaultdict(list))
    failing_lists: int = 0
    commitments: list[Reason] = field(default_factory=list)

    @property
    def has_failing(self) -> bool:
        return bool(self.records) or bool(self.commitments) or self.failing_lists > 0


@dataclass(slots=True)
class AppliedMeasure:
    code: str
    kind: str
    kind_label: str
    matter_label: str
    means: str
    body: str
    legal_basis: str
    reasons: list[Reason]


@dataclass(slots=True)
class CheckResult:
    """The answer to 'which measures apply to this subject for this matter, and why'."""

    subject_key: str
    subject_name: str  # masked for a natural person
    subject_kind: str
    matter: str
    purpose: str
    checked_at: dt.datetime
    applied: list[AppliedMeasure]
    check_id: int | None = None

    @property
    def incentives(self) -> list[AppliedMeasure]:
        return [a for a in self.applied if a.kind == MeasureKind.INCENTIVE]

    @property
    def sanctions(self) -> list[AppliedMeasure]:
        return [a for a in self.applied if a.kind == MeasureKind.SANCTION]

    @property
    def simplified_procedure(self) -> bool:
        """第三十条(一): a subject a sanction applies to gets no notice-and-commitment or other simplified procedure."""
        return not self.sanctions

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["checked_at"] = self.checked_at.isoformat()
        data["simplified_procedure"] = self.simplified_procedure
        return data


RECORD_FIELDS = ("title", "source_ref", "item__code", "item__name", "legal_basis", "decided_on")


def _record_reason(row: Sequence[Any]) -> Reason:
    """A record as a reason, from its :data:`RECORD_FIELDS` (built only for the records a result cites)."""
    title, source_ref, item_code, item_name, legal_basis, decided_on = row
    return Reason(
        kind="record",
        text=str(title),
        source_ref=str(source_ref),
        item=f"{item_code} {item_name}",
        legal_basis=str(legal_basis or ""),
        since=str(decided_on),
    )


def failing_items() -> dict[int, tuple[str, str, str]]:
    """Every catalogue item of a failing category (第九条): pk → (category, code, name). A few hundred rows."""
    found = CatalogueItem.objects.filter(category__in=FAILING_CATEGORIES).order_by()
    return {
        pk: (category, code, name) for pk, category, code, name in found.values_list("pk", "category", "code", "name")
    }


def _gather(
    subject_ids: Sequence[int], today: dt.date, items: dict[int, tuple[str, str, str]] | None = None
) -> dict[int, Facts]:
    """Three queries for any number of subjects (the caller chunks): their failing records within the query period,
    their current entries on published lists, their broken commitments. ``items`` (:func:`failing_items`) marks a
    batch: no join with the catalogue in every chunk, and only each record's source reference (what a line cites)."""
    facts: dict[int, Facts] = defaultdict(Facts)
    if not subject_ids:
        return facts
    records = CreditRecord.objects.filter(
        subject_id__in=_any_of(subject_ids, "bigint"),
        status=RecordStatus.ACTIVE,
        hidden=False,
        queryable_until__gte=today,
    ).order_by()
    if items is None:
        for row in records.filter(item__category__in=FAILING_CATEGORIES).values_list(
            "subject_id", "item__category", *RECORD_FIELDS
        ):
            facts[row[0]].records[row[1]].append(row[2:])
    else:  # a batch: the failing items read once, no join per chunk; a line cites only source references
        for subject_id, item_id, source_ref in records.filter(item_id__in=list(items)).values_list(
            "subject_id", "item_id", "source_ref"
        ):
            facts[subject_id].records[items[item_id][0]].append(source_ref)
    entries = (
        ListEntry.objects.filter(
            subject_id__in=_any_of(subject_ids, "bigint"), listing__published=True, entered_on__lte=today
        )
        .filter(Q(exited_on__isnull=True) | Q(exited_on__gt=today))
        .order_by()
    )
    for entry_row in entries.values(
        "subject_id",
        "listing_id",
        "listing__kind",
        "listing__name",
        "listing__legal_basis",
        "record__source_ref",
        "entered_on",
    ):
        subject_facts = facts[entry_row["subject_id"]]
        subject_facts.lists[entry_row["listing_id"]].append(
            Reason(
                kind="list",
                text=str(entry_row["listing__name"]),
                source_ref=str(entry_row["record__source_ref"] or ""),
                legal_basis=str(entry_row["listing__legal_basis"]),
                since=str(entry_row["entered_on"]),
            )
        )
        if entry_row["listing__kind"] in FAILING_LISTS:
            subject_facts.failing_lists += 1
    since = today - relativedelta(years=COMMITMENT_YEARS)
    broken = (
        Commitment.objects.filter(subject_id__in=_any_of(subject_ids, "bigint"), kept=False)
        .filter(Q(assessed_on__gte=since) | Q(assessed_on__isnull=True, made_on__gte=since))
        .order_by()
    )
    for kept_row in broken.values("subject_id", "matter", "body__name", "made_on", "record__source_ref"):
        facts[kept_row["subject_id"]].commitments.append(
            Reason(
                kind="commitment",
                text=_("Commitment not kept: %(matter)s (%(body)s)")
                % {"matter": kept_row["matter"], "body": kept_row["body__name"]},
                source_ref=str(kept_row["record__source_ref"] or ""),
                since=str(kept_row["made_on"]),
            )
        )
    return facts


@dataclass(frozen=True)
class Rule:
    """A published measure as the check applies it: read and translated once per check or batch, not per subject."""

    code: str
    kind: str
    kind_label: str
    matter_label: str
    means: str
    body: str
    legal_basis: str
    target: str
    target_list_id: int | None
    target_category: str


def rules_for(matter: str) -> list[Rule]:
    return [
        Rule(
            code=m.code,
            kind=str(m.kind),
            kind_label=str(m.get_kind_display()),
            matter_label=str(m.get_matter_display()),
            means=m.means,
            body=m.body.name,
            legal_basis=m.legal_basis,
            target=str(m.target),
            target_list_id=m.target_list_id,
            target_category=str(m.target_category),
        )
        for m in published_measures(matter)
    ]


def _trustworthy_reason() -> Reason:
    return Reason(
        kind="none",
        text=_(
            "No failing record within the query period, on no list of dishonest or abnormal subjects, "
            "no broken commitment (第二十九条)."
        ),
    )


def _evaluate(
    rules: Iterable[Rule], facts: Facts, *, trustworthy: Reason, cite: int | None = None
) -> list[AppliedMeasure]:
    """The measures that apply, each with the facts that make it apply (at most ``cite`` of them)."""
    applied = []
    made: dict[int, Reason] = {}
    for rule in rules:
        reasons: list[Reason]
        if rule.target == _NO_FAILING:
            reasons = [] if facts.has_failing else [trustworthy]
        elif rule.target == _LISTED:
            reasons = list(facts.lists.get(rule.target_list_id or 0, []))
        elif rule.target == _FAILING_CATEGORY:
            if rule.target_category:
                rows = facts.records.get(rule.target_category, [])
            else:
                rows = [r for found in facts.records.values() for r in found]
            reasons = []
            for row in rows[:cite] if cite else rows:
                reason = made.get(id(row))
                if reason is None:  # one Reason per record, shared by the measures that cite it
                    reason = made[id(row)] = _record_reason(row)
                reasons.append(reason)
        elif rule.target == _BROKEN:
            reasons = list(facts.commitments)
        else:
            reasons = []
        if not reasons:
            continue
        applied.append(
            AppliedMeasure(
                code=rule.code,
                kind=rule.kind,
                kind_label=rule.kind_label,
                matter_label=rule.matter_label,
                means=rule.means,
                body=rule.body,
                legal_basis=rule.legal_basis,
                reasons=reasons[:cite] if cite else reasons,
            )
        )
    return applied


_SANCTION, _INCENTIVE = str(MeasureKind.SANCTION.value), str(MeasureKind.INCENTIVE.value)
_NO_FAILING, _LISTED = str(MeasureTarget.NO_FAILING.value), str(MeasureTarget.LISTED.value)
_FAILING_CATEGORY, _BROKEN = str(MeasureTarget.FAILING_CATEGORY.value), str(MeasureTarget.BROKEN_COMMITMENT.value)


def _evaluate_lean(rules: Sequence[Rule], facts: Facts | None, cite: int) -> tuple[list[Rule], list[list[str]]]:
    """:func:`_evaluate` for a batch line: the same rules, but only the references each measure cites (no Reason
    objects: a 100,000-line batch would build millions)."""
    applied: list[Rule] = []
    cited: list[list[str]] = []
    for rule in rules:
        refs: list[str] | None = None
        if facts is None:
            if rule.target == _NO_FAILING:
                refs = []
        elif rule.target == _NO_FAILING:
            refs = None if facts.has_failing else []
        elif rule.target == _LISTED:
            entries = facts.lists.get(rule.target_list_id or 0)
            refs = [r.source_ref or r.text for r in entries[:cite]] if entries else None
        elif rule.target == _FAILING_CATEGORY:
            if rule.target_category:
                rows = facts.records.get(rule.target_category)
            else:
                rows = [r for found in facts.records.values() for r in found] or None
            refs = list(rows[:cite]) if rows else None  # a batch's records are their source references
        elif rule.target == _BROKEN:
            refs = [r.source_ref or r.text for r in facts.commitments[:cite]] if facts.commitments else None
        if refs is not None:
            applied.append(rule)
            cited.append(refs)
    return applied, cited


def _lean_summary(applied: list[Rule], cited: list[list[str]]) -> dict[str, Any]:
    if not applied:
        return {"measures": [], "sanctions": [], "incentives": [], "cited": []}
    return {
        "measures": [r.code for r in applied],
        "sanctions": [r.code for r in applied if r.kind == _SANCTION],
        "incentives": [r.code for r in applied if r.kind == _INCENTIVE],
        "cited": sorted({ref for refs in cited for ref in refs})[:50],
    }


def _summary(applied: list[AppliedMeasure]) -> dict[str, Any]:
    """What a check log keeps: the measures and the references cited (no names, no identifiers)."""
    if not applied:
        return {"measures": [], "sanctions": [], "incentives": [], "cited": []}
    return {
        "measures": [a.code for a in applied],
        "sanctions": [a.code for a in applied if a.kind == _SANCTION],
        "incentives": [a.code for a in applied if a.kind == _INCENTIVE],
        "cited": sorted({r.source_ref for a in applied for r in a.reasons if r.source_ref})[:50],
    }


def _clean_purpose(purpose: str) -> str:
    text = str(purpose or "").strip()
    if not text:
        raise ValidationError({"purpose": _("Say why you check this subject (the purpose is logged).")})
    return text[:200]


def _clean_matter(matter: str) -> str:
    if matter not in CheckMatter.values:
        raise ValidationError({"matter": _("Choose the matter the check is for.")})
    return matter


def may_check(user: Any) -> bool:
    return MeasureCheck.policy.allows(user, ADD)


def _body_of(user: Any) -> Any:
    return getattr(user, "organisation", None) if user is not None and user.is_authenticated else None


def check(subject: Subject, matter: str, *, user: Any, purpose: str) -> CheckResult:
    """Which published measures apply to ``subject`` for ``matter``, and why; logged with its purpose."""
    matter = _clean_matter(matter)
    purpose = _clean_purpose(purpose)
    if not may_check(user):
        raise PermissionDenied(_("You may not run measures checks."))
    now = timezone.now()
    facts = _gather([subject.pk], timezone.localdate()).get(subject.pk, Facts())
    applied = _evaluate(rules_for(matter), facts, trustworthy=_trustworthy_reason())
    result = CheckResult(
        subject_key=subject.key,
        subject_name=subject.public_name,
        subject_kind=subject.kind,
        matter=matter,
        purpose=purpose,
        checked_at=now,
        applied=applied,
    )
    summary = _summary(applied)
    with transaction.atomic():
        _relax_commit_if_configured()
        logged = MeasureCheck.objects.create(
            checked_at=now,
            user=user,
            body=_body_of(user),
            subject=subject,
            matter=matter,
            purpose=purpose,
            result=summary,
        )
        if subject.is_person:
            from fazhi.credit.querylog import log_query

            log_query(subject=subject, user=user, channel=QueryChannel.CHECK, purpose=purpose, seen=_seen(summary))
    result.check_id = logged.pk
    return result


def _relax_commit_if_configured() -> None:
    """``CREDIT_CHECK_LOG_SYNCHRONOUS_COMMIT = False`` lets the check log's commit return before its WAL reaches the
    disk (PostgreSQL ``synchronous_commit = off`` for this transaction only): a database crash may then lose the
    last fraction of a second of log rows, never half-write one. Off by default: the log is the subject's record
    of who looked (第三十四条); the project decides (bench/README.md, "Social credit")."""
    if connection.vendor == "postgresql" and not getattr(settings, "CREDIT_CHECK_LOG_SYNCHRONOUS_COMMIT", True):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _seen(summary: dict[str, Any]) -> str:
    measures = "、".join(summary["measures"]) or "—"
    cited = "、".join(summary["cited"]) or "—"
    return _("Measures check: measures %(measures)s; records cited %(cited)s") % {"measures": measures, "cited": cited}


# --- identifiers and the batch ----------------------------------------------------------------------------------


def masked(identifier: str) -> str:
    """An identifier as a result line or a message may show it: a credit code whole, anything else masked as an ID
    number could be (an invalid line may still be a person's number with a typo)."""
    value = normalise_code(identifier)
    if len(value) == 18 and uscc_is_valid(value):
        return value
    return mask_id_number(value) if len(value) == 18 else "*" * min(len(value), 18)


@dataclass(slots=True)
class BatchLine:
    line: int
    identifier: str  # masked unless an organisation's credit code
    status: str  # found | unknown | invalid
    name: str = ""
    #: The measures that apply, and for each what it cites (source references, at most ``BATCH_CITED``).
    applied: list[Rule] = field(default_factory=list)
    cited: list[list[str]] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return str(status_labels()[self.status])


def status_labels() -> dict[str, str]:
    return {
        "found": _("checked"),
        "unknown": _("no such subject on the platform"),
        "invalid": _("not a valid credit code or ID number"),
    }


@dataclass(slots=True)
class BatchResult:
    batch: str
    matter: str
    purpose: str
    lines: list[BatchLine]

    @property
    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for line in self.lines:
            counts[line.status] += 1
        return dict(counts)


def _keys_of(identifiers: Sequence[str], pilot_codes: set[str]) -> list[tuple[str, list[str]]]:
    """Each identifier as a line may show it (:func:`masked`) and its candidate subject keys (organisation first),
    none when it is neither valid code."""
    keys: list[tuple[str, list[str]]] = []
    for raw in identifiers:
        value = normalise_code(raw)
        found = []
        organisation = len(value) == 18 and (uscc_is_valid(value) or value in pilot_codes)
        if organisation:
            found.append(organisation_key(value))
        if id_number_is_valid(value):
            found.append(person_key(value))
        shown = value if organisation else masked(value)
        keys.append((shown, found))
    return keys


def _any_of(values: Sequence[Any], sql_type: str) -> Any:
    """``IN`` over a chunk: one array parameter on PostgreSQL (binding 5,000 separate parameters per query costs
    more than the query), the plain list elsewhere."""
    if connection.vendor == "postgresql":
        return RawSQL(f"SELECT unnest(%s::{sql_type}[])", (list(values),))
    return values


def check_batch(identifiers: Sequence[str], matter: str, *, user: Any, purpose: str) -> BatchResult:
    """The check for many subjects at once: one line per identifier, in order. Refused over the limit (the issue's
    "ten million at once"). Queries are by chunk of subjects, a fixed handful per chunk; every subject found is
    logged (``MeasureCheck`` with the batch id; the query log for natural persons)."""
    matter = _clean_matter(matter)
    purpose = _clean_purpose(purpose)
    if not may_check(user):
        raise PermissionDenied(_("You may not run measures checks."))
    if len(identifiers) > batch_limit():
        raise ValidationError(too_many(len(identifiers)), code="too_many")
    if not identifiers:
        raise ValidationError(_("The batch holds no identifiers."), code="empty")
    now, today = timezone.now(), timezone.localdate()
    batch = uuid.uuid4().hex[:20]
    rules = rules_for(matter)
    items = failing_items()
    pilot_codes = set(PilotCode.objects.values_list("code", flat=True))
    candidates = _keys_of(identifiers, pilot_codes)
    wanted = sorted({key for _shown, keys in candidates for key in keys})
    subjects: dict[str, tuple[int, str, str, str]] = {}
    applied_by_subject: dict[int, tuple[list[Rule], list[list[str]]]] = {}
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        rows = (
            Subject.objects.filter(key__in=_any_of(chunk, "text")).order_by().values_list("pk", "key", "kind", "name")
        )
        found = {row[1]: row for row in rows}
        subjects.update(found)
        ids = [row[0] for row in found.values()]
        facts = _gather(ids, today, items)
        for pk in ids:
            applied_by_subject[pk] = _evaluate_lean(rules, facts.get(pk), BATCH_CITED)
    lines: list[BatchLine] = []
    logs: list[tuple[Any, ...]] = []
    queries: list[tuple[Any, ...]] = []
    body = _body_of(user)
    actor = user if user is not None and user.is_authenticated else None
    actor_id, body_id = getattr(actor, "pk", None), getattr(body, "pk", None)
    for number, (shown, keys) in enumerate(candidates, start=1):
        if not keys:
            lines.append(BatchLine(number, shown, "invalid"))
            continue
        row = None
        for key in keys:
            row = subjects.get(key)
            if row is not None:
                break
        if row is None:
            lines.append(BatchLine(number, shown, "unknown"))
            continue
        pk, _key, kind, name = row
        applied, cited = applied_by_subject[pk]
        lines.append(BatchLine(number, shown, "found", _public_name(kind, name), applied, cited))
        summary = _lean_summary(applied, cited)
        logs.append((now, actor_id, body_id, pk, matter, purpose, batch, summary))
        if kind == SubjectKind.PERSON:
            queries.append((now, actor_id, body_id, pk, QueryChannel.CHECK, purpose, _seen(summary)[:2000]))
    _write_logs(logs, queries)
    return BatchResult(batch=batch, matter=matter, purpose=purpose, lines=lines)


def _public_name(kind: str, name: str) -> str:
    """``Subject.public_name`` without building a model instance per line."""
    return masked_name(kind, name)


CHECK_COLUMNS = ("checked_at", "user_id", "body_id", "subject_id", "matter", "purpose", "batch", "result")
QUERY_COLUMNS = ("at", "user_id", "body_id", "subject_id", "channel", "purpose", "seen")


def _write_logs(logs: list[tuple[Any, ...]], queries: list[tuple[Any, ...]]) -> None:
    """The batch's check log and query log in one transaction: COPY on PostgreSQL (a 100,000-line batch writes
    100,000 log rows; INSERTs spend seconds binding parameters), ``bulk_create`` elsewhere. Both tables are logs,
    written once and never edited (no audit entries of their own)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                raw = cursor.cursor  # the psycopg cursor under Django's wrapper
                columns = ", ".join(CHECK_COLUMNS)
                with raw.copy(f"COPY {MeasureCheck._meta.db_table} ({columns}) FROM STDIN") as copy:
                    for row in logs:
                        copy.write_row((*row[:-1], json.dumps(row[-1], ensure_ascii=False)))
                columns = ", ".join(QUERY_COLUMNS)
                with raw.copy(f"COPY {QueryLog._meta.db_table} ({columns}) FROM STDIN") as copy:
                    for row in queries:
                        copy.write_row(row)
            return
        MeasureCheck.objects.bulk_create(
            (MeasureCheck(**dict(zip(CHECK_COLUMNS, row, strict=True))) for row in logs), batch_size=2000
        )
        QueryLog.objects.bulk_create(
            (QueryLog(**dict(zip(QUERY_COLUMNS, row, strict=True))) for row in queries), batch_size=2000
        )


# --- reading a batch in, writing its result out -------------------------------------------------------------------


def read_identifiers(data: bytes, filename: str) -> list[str]:
    """The identifiers of an uploaded CSV or Excel file: the first column, a header row skipped if it holds no
    identifier. Refused (before reading on) past the batch limit."""
    limit = batch_limit()
    values: list[str] = []
    rows = iter_cells(io.BytesIO(data), filename)
    for row in rows:
        if not row or row[0] is None or not str(row[0]).strip():
            continue
        values.append(str(row[0]).strip()[:40])
        if len(values) > limit:
            raise ValidationError(
                _("A batch may hold at most %(limit)s subjects; this file has more. Split it into several batches.")
                % {"limit": f"{limit:,}"},
                code="too_many",
            )
    if values and not _looks_like_identifier(values[0]):
        values = values[1:]  # a header
    if not values:
        raise ValidationError(_("The file holds no identifiers (one a line, in the first column)."), code="empty")
    return values


def _looks_like_identifier(value: str) -> bool:
    return len(normalise_code(value)) == 18 or any(ch.isdigit() for ch in value)


def result_header() -> list[str]:
    return [
        _("Line"),
        _("Identifier"),
        _("Result"),
        _("Name"),
        _("Sanctions"),
        _("Incentives"),
        _("Simplified procedure (第三十条)"),
        _("Measures, means and legal basis"),
        _("Records and lists cited"),
    ]


def result_rows(result: BatchResult) -> Iterable[list[Any]]:
    yes, no = _("yes"), _("no")
    labels = status_labels()
    for line in result.lines:
        sanctions = [r.code for r in line.applied if r.kind == _SANCTION]
        incentives = [r.code for r in line.applied if r.kind == _INCENTIVE]
        described = "；".join(f"{r.code} {r.means}（{r.legal_basis}）" for r in line.applied)
        cited = "；".join(
            f"{r.code}: " + "、".join(refs)
            for r, refs in zip(line.applied, line.cited, strict=True)
            if r.kind == _SANCTION
        )
        simplified = "" if line.status != "found" else (no if sanctions else yes)
        yield [
            safe_cell(v)
            for v in [
                line.line,
                line.identifier,
                labels[line.status],
                line.name,
                "、".join(sanctions),
                "、".join(incentives),
                simplified,
                described,
                cited,
            ]
        ]


def write_csv(result: BatchResult) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(result_header())
    writer.writerows(result_rows(result))
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel opens it as UTF-8


def write_xlsx(result: BatchResult) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Measures check"))
    sheet.append(result_header())
    for row in result_rows(result):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- registration ------------------------------------------------------------------------------------------------


def register() -> None:
    """Menus, demo loader and role grants of this part."""
    from django.utils.translation import gettext_lazy

    from fazhi.accounts.choices import RoleCode as R
    from fazhi.accounts.roles import grant
    from fazhi.core.portal import MenuEntry, register_menu
    from fazhi.core.setup import DEMO_LOADERS, ReferenceLoader
    from fazhi.credit.measures_demo import load_demo_measures

    DEMO_LOADERS.append(ReferenceLoader("credit: application list of joint measures", load_demo_measures))
    register_menu(
        MenuEntry(
            gettext_lazy("Measures check"),
            "credit_console:check",
            console=True,
            permission="credit.add_measurecheck",
            usable=lambda user: works_with_credit(user, "credit.add_measurecheck"),
        )
    )
    register_menu(
        MenuEntry(
            gettext_lazy("Application list"),
            "credit_console:measures",
            console=True,
            permission="credit.change_measure",
            usable=lambda user: is_centre_staff(user, "credit.change_measure"),
        )
    )
    # Staff of any body check the subjects of their matters (第三十条: 行政机关 … 就相关联的事项); the list itself is
    # written only where the grant covers the credit centre (models.CentrePolicy).
    checking = ("credit.view_measure", "credit.add_measurecheck", "credit.view_measurecheck")
    grant(R.HANDLER, *checking, "credit.add_measure", "credit.change_measure")
    grant(R.REVIEWER, *checking)  # a city-wide reviewer (the rule-of-law office) checks, but does not write the list
    grant(R.LEADER, "credit.view_measure", "credit.view_measurecheck")
    grant(R.EVALUATOR, "credit.view_measure", "credit.view_measurecheck")
