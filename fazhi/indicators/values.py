"""Computing, storing and entering indicator values.

Values are stored in :class:`~fazhi.indicators.models.IndicatorValue`. When a record of a model some formula reads
is saved or deleted, the indicators whose formula reads that model are recomputed after the commit for the
record's organisation and its ancestors, for the periods the record falls in (before and after the change) —
nothing else. The change signals are connected once, for every model, when this app is ready
(:func:`connect_signals`); each save asks the registry which formulas read the saved record's model, so apps may
register their formulas in any order. The daily sweep recomputes the current values, since time alone makes a
task overdue or stalled.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.apps import apps as global_apps
from django.core.cache import cache
from django.db import models, transaction
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task as background_task

from fazhi.indicators.models import Indicator, IndicatorKind, IndicatorValue, ValueSource
from fazhi.indicators.registry import (
    FORMULAS,
    Period,
    current_periods,
    formulas_reading,
    indicator_queryset,
    periods_of,
)
from fazhi.orgs.models import Organisation

log = logging.getLogger(__name__)


# --- computing and storing -----------------------------------------------------------------------------------


def compute_indicator(
    indicator: Indicator, organisation: Organisation, period: Period, today: dt.date | None = None
) -> Decimal | None:
    """The formula's value for the organisation (its whole subtree) in the period. Manual indicators: the entry."""
    if indicator.kind == IndicatorKind.MANUAL:
        stored = IndicatorValue.objects.filter(
            indicator=indicator, organisation=organisation, period_kind=period.kind, period_start=period.start
        ).first()
        return stored.value if stored else None
    formula = FORMULAS.get(indicator.formula)
    if formula is None:  # a module that registered it is gone: nothing to measure, not a crash
        return None
    return formula.compute(indicator, organisation, period, today or timezone.localdate())


def compute_values(
    indicator: Indicator, organisations: Iterable[Organisation], period: Period, today: dt.date | None = None
) -> dict[int, Decimal | None]:
    """``compute_indicator`` for several organisations: {organisation pk: value}, in one grouped computation when
    the formula has one (a fixed number of queries however many organisations)."""
    organisations = list(organisations)
    today = today or timezone.localdate()
    formula = FORMULAS.get(indicator.formula) if indicator.kind == IndicatorKind.FORMULA else None
    if formula is not None and formula.compute_many is not None and len(organisations) > 1:
        return formula.compute_many(indicator, organisations, period, today)
    return {o.pk: compute_indicator(indicator, o, period, today) for o in organisations}


def indicator_records(
    indicator: Indicator, organisation: Organisation, period: Period, today: dt.date | None = None
) -> QuerySet | None:
    """The records behind a value (None for manual indicators and formulas that name none)."""
    formula = FORMULAS.get(indicator.formula) if indicator.kind == IndicatorKind.FORMULA else None
    return formula.records(indicator, organisation, period, today) if formula else None


def store_value(
    indicator: Indicator, organisation: Organisation, period: Period, today: dt.date | None = None
) -> IndicatorValue:
    """Compute and store one value; an unchanged value is not written again (nor audited)."""
    store_values([(indicator, organisation, period)], today)
    return IndicatorValue.objects.get(
        indicator=indicator, organisation=organisation, period_kind=period.kind, period_start=period.start
    )


Work = Iterable[tuple[Indicator, Organisation, Period]]


def store_values(work: Work, today: dt.date | None = None) -> int:
    """Compute and store values: the stored ones read in one query, new ones inserted together, only changed ones
    written; a formula judged on the day computes once for the current month, quarter and year.

    **Decision:** computed values are derived from records whose every change is in the audit trail, so writing
    them leaves no entry of its own (it would add a dozen entries to each change someone makes); values entered by
    hand are audited like every record."""
    today = today or timezone.localdate()
    work = [(i, o, p) for i, o, p in work if i.kind == IndicatorKind.FORMULA]
    if not work:
        return 0
    existing = {
        (v.indicator_id, v.organisation_id, v.period_kind, v.period_start): v
        for v in IndicatorValue.objects.filter(
            indicator__in={i.pk for i, _o, _p in work},
            organisation__in={o.pk for _i, o, _p in work},
            period_start__in={p.start for _i, _o, p in work},
        )
    }
    # Group the work per indicator and period (a formula judged on the day: per judging day) so that each group's
    # organisations are computed together.
    groups: dict[tuple[int, Any], dict[int, Organisation]] = {}
    for indicator, organisation, period in work:
        formula = FORMULAS.get(indicator.formula)
        same = period.as_of(today) if formula is not None and formula.judged_on_day else period
        groups.setdefault((indicator.pk, same), {})[organisation.pk] = organisation
    computed: dict[tuple[int, Any], dict[int, Decimal | None]] = {}
    now = timezone.now()
    new: dict[tuple[int, int, str, dt.date], IndicatorValue] = {}
    changed: list[tuple[int, Decimal | None]] = []
    for indicator, organisation, period in work:  # computed before the transaction: its write lock stays short
        formula = FORMULAS.get(indicator.formula)
        same = period.as_of(today) if formula is not None and formula.judged_on_day else period
        if (indicator.pk, same) not in computed:
            computed[indicator.pk, same] = compute_values(indicator, groups[indicator.pk, same].values(), period, today)
        value = computed[indicator.pk, same][organisation.pk]
        where = (indicator.pk, organisation.pk, period.kind, period.start)
        stored = existing.get(where)
        if stored is None:
            new[where] = IndicatorValue(
                indicator=indicator,
                organisation=organisation,
                period_kind=period.kind,
                period_start=period.start,
                value=value,
                computed_at=now,
                source=ValueSource.FORMULA,
            )
        elif stored.value != value:
            changed.append((stored.pk, value))
    with transaction.atomic():
        for pk, value in changed:
            # the plain manager: no audit entry, not even the work of composing one (see above)
            IndicatorValue._base_manager.filter(pk=pk).update(value=value, computed_at=now, updated_at=now)
        IndicatorValue._base_manager.bulk_create(new.values(), batch_size=500)
    return len(work)


def with_ancestors(organisations: Iterable[Organisation | int]) -> list[Organisation]:
    """The organisations and every ancestor (the city's included), each once, root first — in two queries."""
    ids = {o if isinstance(o, int) else o.pk for o in organisations}
    paths = Organisation.objects.filter(pk__in=ids).values_list("path", flat=True)
    codes = {code for path in paths for code in path.strip("/").split("/")}
    return list(Organisation.objects.filter(code__in=codes).order_by("depth", "path"))


def recompute(
    organisations: Iterable[Organisation],
    today: dt.date | None = None,
    *,
    indicators: Iterable[Indicator] | None = None,
    periods: Iterable[Period] | None = None,
) -> int:
    """Recompute formula indicators (default: all) of these organisations for the periods (default: current)."""
    if indicators is None:
        indicators = indicator_queryset().filter(kind=IndicatorKind.FORMULA)
    indicators = list(indicators)
    periods = list(periods) if periods is not None else current_periods(today)
    organisations = list(organisations)
    # All organisations together: each formula's grouped form answers them at once (values are computed before
    # the short transaction that writes them, see _store).
    return store_values([(i, o, p) for o in organisations for p in periods for i in indicators], today)


#: How long a page's request to compute a period's values holds before another page may ask again (a task that
#: failed or a worker that is down are retried after this).
QUEUED_SECONDS = 600


def _queued_key(period: str, organisations: list[int]) -> str:
    import hashlib

    digest = hashlib.sha256(",".join(map(str, organisations)).encode()).hexdigest()[:16]
    return f"indicators:values-queued:{period}:{digest}"


def queue_values(period: Period, organisations: Iterable[Organisation]) -> bool:
    """Have the formula values of these organisations for the period computed and stored in the background
    (``store_values_task``) — a page found them missing and does not wait. Asked again while queued, nothing
    more is queued. Returns whether it queued the work now."""
    ids = sorted({o.pk for o in organisations})
    if not ids or not cache.add(_queued_key(str(period), ids), True, timeout=QUEUED_SECONDS):
        return False
    store_values_task.enqueue(str(period), ids)  # a page's GET: autocommit, so a worker sees it at once
    return True


@background_task()
def store_values_task(period: str, organisations: list[int]) -> int:
    """Compute and store every formula value of the organisations (pks) for the period (``2025-06``, ``2025-Q4``,
    ``2025``); the pages queue it for a period never stored (``queue_values``)."""
    try:
        return recompute(Organisation.objects.filter(pk__in=organisations), periods=[Period.parse(period)])
    finally:
        cache.delete(_queued_key(period, sorted(organisations)))


def recompute_all(today: dt.date | None = None, *, organisations: Iterable[Organisation | int] = ()) -> int:
    """Every organisation that has values, the given ones (a domain's: those leading tasks), and their ancestors
    (the sweep: time makes tasks overdue)."""
    valued = IndicatorValue.objects.filter(source=ValueSource.FORMULA).values_list("organisation", flat=True)
    given = {o if isinstance(o, int) else o.pk for o in organisations}
    return recompute(with_ancestors({*given, *valued}), today)


def recompute_indicator(pk: int, today: dt.date | None = None) -> int:
    """After a definition changed (formula, measures): its current values wherever it has values, the districts
    and the city. A failure is logged: the definition is saved, and the sweep catches up."""
    from fazhi.orgs.choices import OrganisationKind

    try:
        indicator = indicator_queryset().get(pk=pk, kind=IndicatorKind.FORMULA)
        valued = IndicatorValue.objects.filter(indicator=indicator).values_list("organisation", flat=True)
        districts = Organisation.objects.filter(kind=OrganisationKind.DISTRICT).values_list("pk", flat=True)
        return recompute(with_ancestors({*valued, *districts}), today, indicators=[indicator])
    except Indicator.DoesNotExist:
        return 0
    except Exception:  # pragma: no cover - logged for operators
        log.exception("recomputing indicator %s failed", pk)
        return 0


# --- recomputation when a source record changes --------------------------------------------------------------

# (formula key, organisation pk) → the periods to recompute, for the current transaction of this thread's
# connection, flushed after the commit.
_pending = threading.local()

Changes = dict[tuple[str, int], set[Period | None]]


def _changes() -> Changes:
    if not hasattr(_pending, "changes"):
        _pending.changes = {}
    return _pending.changes


def _organisation(record: models.Model) -> Organisation | int | None:
    """The default placing of a record: its ``organisation``."""
    return getattr(record, "organisation", None)


def _placed(record: models.Model) -> Changes:
    """Where a record counts, per formula reading it: (formula, organisation) → periods (None = the current)."""
    placed: Changes = {}
    for formula in formulas_reading(record._meta.label):
        try:
            organisation = (formula.organisation_of or _organisation)(record)
            if organisation is None:
                continue
            key = (formula.key, organisation if isinstance(organisation, int) else organisation.pk)
            if formula.dates_of is None:
                placed.setdefault(key, set()).add(None)
                continue
            days = [day for day in formula.dates_of(record) if day]
            if days:  # none yet (a ticket not replied to): it counts in no period, nothing to recompute
                placed.setdefault(key, set()).update(period for day in days for period in periods_of(day))
        except Exception:  # a record half-built or without its organisation: the sweep catches up
            log.exception("placing %s for formula %s failed", record._meta.label, formula.key)
    return placed


def _note(placed: Changes) -> None:
    """Remember the changes and have them recomputed after the commit."""
    connection = transaction.get_connection()
    if not any(func is flush_pending for _sids, func, *_rest in connection.run_on_commit):
        # No flush is waiting, so whatever is left was noted in a transaction (or savepoint) that rolled back.
        _pending.changes = {}
    changes = _changes()
    for key, periods in placed.items():
        changes.setdefault(key, set()).update(periods)
    if placed:
        # One callback per change (one registered in a savepoint that rolls back is dropped with it); the first
        # to run does the work of the whole transaction, the others find nothing left.
        transaction.on_commit(flush_pending)


def _watched(sender: type[models.Model]) -> bool:
    """Whether some formula reads the sender: an installed model (the historical models of migrations are not the
    platform's records) that a formula names among its sources."""
    return sender._meta.apps is global_apps and bool(formulas_reading(sender._meta.label))


def _before_save(sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any) -> None:
    """An update may move a record to another organisation or period: remember where it counted before."""
    if raw or instance.pk is None or instance._state.adding or not _watched(sender):
        return
    stored = sender._base_manager.filter(pk=instance.pk).first()
    instance._indicators_before = _placed(stored) if stored is not None else {}  # type: ignore[attr-defined]


def _after_save(sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any) -> None:
    if raw or not _watched(sender):
        return
    placed = instance.__dict__.pop("_indicators_before", {})
    for key, periods in _placed(instance).items():
        placed.setdefault(key, set()).update(periods)
    _note(placed)


def _before_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if _watched(sender):
        instance._indicators_before = _placed(instance)  # type: ignore[attr-defined]  # while its relations exist


def _after_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if _watched(sender):
        _note(instance.__dict__.pop("_indicators_before", {}))


def connect_signals() -> None:
    """Connect the change signals once, for every model (from ``IndicatorsConfig.ready``): each receiver asks the
    registry whether a formula reads the sender, so a formula registered later is watched all the same."""
    pre_save.connect(_before_save, dispatch_uid="indicators:pre_save")
    post_save.connect(_after_save, dispatch_uid="indicators:post_save")
    pre_delete.connect(_before_delete, dispatch_uid="indicators:pre_delete")
    post_delete.connect(_after_delete, dispatch_uid="indicators:post_delete")


def flush_pending(today: dt.date | None = None) -> int:
    """Recompute what the committed changes touched: per formula, the organisations and their ancestors, for the
    periods concerned. A failure is logged: the changes themselves are saved, and the sweep catches up."""
    changes = _changes()
    if not changes:
        return 0
    pending, _pending.changes = changes, {}
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        count = _recompute_changes(pending, today)
        if count:  # for operators (and bench/supervision.py): from the commit to the values stored
            log.info(
                "indicator values recomputed after a commit: %d in %.1f ms (%.1f ms CPU)",
                count,
                (time.perf_counter() - wall) * 1000,
                (time.process_time() - cpu) * 1000,
            )
        return count
    except Exception:  # pragma: no cover - logged for operators; the next change or the sweep recomputes
        log.exception("recomputing indicators failed")
        return 0


def _recompute_changes(pending: dict[tuple[str, int], set[Period | None]], today: dt.date | None) -> int:
    keys = {formula for formula, _org in pending}
    indicators = list(indicator_queryset().filter(kind=IndicatorKind.FORMULA, formula__in=keys))
    if not indicators:
        return 0
    today = today or timezone.localdate()
    organisations = {o.pk: o for o in with_ancestors({org for _formula, org in pending})}
    by_path = {o.path: o for o in organisations.values()}
    work: dict[tuple[int, int, Period], tuple[Indicator, Organisation, Period]] = {}
    for (formula, org_id), periods in pending.items():
        origin = organisations.get(org_id)
        if origin is None:
            continue  # the organisation is gone
        chain = [o for path, o in by_path.items() if origin.path.startswith(path)]
        wanted = {p for p in periods if p is not None} | (set(current_periods(today)) if None in periods else set())
        for indicator in (i for i in indicators if i.formula == formula):
            for organisation in chain:
                for period in wanted:
                    work[(indicator.pk, organisation.pk, period)] = (indicator, organisation, period)
    return store_values(work.values(), today)


def note_change(record: models.Model) -> None:
    """Have the values reading this record recomputed after the commit, as if it had been saved (for a change
    made without signals, e.g. ``QuerySet.update``)."""
    _note(_placed(record))


def indicator_enter(
    *,
    indicator: Indicator,
    organisation: Organisation,
    period: Period,
    value: Decimal,
    evidence: str,
    user: Any,
    upload: Any = None,
) -> IndicatorValue:
    """A manual value with its evidence (text, optionally a file), entered by staff of the indicator's reporting
    organisation for it or its subtree. All or nothing: a refused file refuses the value."""
    from django.core.exceptions import PermissionDenied, ValidationError

    from fazhi.core.permissions import ADD, policy_of

    if indicator.kind != IndicatorKind.MANUAL:
        raise ValidationError(_("This indicator is computed by its formula: its values cannot be entered."))
    reporter = indicator.reporting_organisation
    if reporter is None or not organisation.path.startswith(reporter.path):
        raise ValidationError(
            {"organisation": _("%(reporter)s enters values for its own subtree only.") % {"reporter": reporter}}
        )
    if not policy_of(IndicatorValue).allows(user, ADD, IndicatorValue(indicator=indicator, organisation=reporter)):
        raise PermissionDenied(_("Only staff of %(reporter)s enter this indicator.") % {"reporter": reporter})
    evidence = (evidence or "").strip()
    if not evidence:
        raise ValidationError({"evidence": _("Give the evidence for a value entered by hand.")})
    if len(evidence) > 5000:
        raise ValidationError({"evidence": _("The evidence may have at most 5000 characters.")})
    try:
        value = Decimal(value)
    except (ArithmeticError, TypeError, ValueError):
        raise ValidationError({"value": _("Enter a number.")}) from None
    if not value.is_finite() or abs(value) >= Decimal("1e12"):
        raise ValidationError({"value": _("Enter a number below one trillion.")})
    value = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    with transaction.atomic():
        stored, _created = IndicatorValue.objects.update_or_create(
            indicator=indicator,
            organisation=organisation,
            period_kind=period.kind,
            period_start=period.start,
            defaults={
                "value": value,
                "evidence": evidence,
                "source": ValueSource.MANUAL,
                "computed_at": timezone.now(),
            },
        )
        if upload is not None:
            from fazhi.attachments.services import attachment_create

            attachment_create(upload=upload, target=stored, user=user, description=str(indicator)[:200])
    return stored
