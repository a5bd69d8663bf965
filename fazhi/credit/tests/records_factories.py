"""Records for tests: the demo catalogue in force, valid identifiers, a Huangpu market regulator by default."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from typing import Any

from django.utils import timezone

from fazhi.credit.models import Catalogue, CreditRecord
from fazhi.publicity.demo import id_number, uscc

_numbers = itertools.count(1)
_rng = random.Random(14)


def catalogue() -> Catalogue:
    """The demo catalogue v1 (12 items), published."""
    from fazhi.credit.catalogue import current_catalogue
    from fazhi.credit.demo import _catalogue

    found = current_catalogue() or _catalogue(None)
    assert found is not None
    return found


def company() -> tuple[str, str]:
    return f"上海信用测试{next(_numbers)}号贸易有限公司", uscc(_rng, "310101")


def person_id() -> str:
    return id_number(_rng, "310101")


def data(**changes: Any) -> Any:
    from fazhi.credit.records import RecordData

    name, code = company()
    values: dict[str, Any] = dict(
        source_system="test",
        source_ref=f"T-{next(_numbers):06d}",
        item="XZCF",
        provider="310101-SCJG",
        subject_kind="organisation",
        subject_name=name,
        credit_code=code,
        title="销售过期食品",
        summary="罚款人民币20000元",
        legal_basis="食品安全法第一百二十四条",
        decided_on=timezone.localdate() - dt.timedelta(days=30),
    )
    values.update(changes)
    return RecordData(**values)


def record(**changes: Any) -> CreditRecord:
    from fazhi.credit.records import submit_record

    catalogue()
    made, _created = submit_record(data(**changes))
    return made
