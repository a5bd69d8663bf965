"""Decisions for tests: valid identifiers, a Huangpu market regulator by default."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from decimal import Decimal
from typing import Any

from django.utils import timezone

from fazhi.publicity.demo import id_number, uscc
from fazhi.publicity.services import DecisionData, publish_decision

_numbers = itertools.count(1)
_rng = random.Random(7)


def company() -> tuple[str, str]:
    n = next(_numbers)
    return f"上海测试{n}号餐饮管理有限公司", uscc(_rng, "310101")


def person_id() -> str:
    return id_number(_rng, "310101")


def data(**changes: Any) -> DecisionData:
    n = next(_numbers)
    name, code = company()
    values: dict[str, Any] = dict(
        source_system="test",
        source_ref=f"沪黄市监处〔2026〕{n:05d}号",
        body="310101-SCJG",
        decision_date=timezone.localdate() - dt.timedelta(days=5),
        party_kind="organisation",
        party_name=name,
        party_credit_code=code,
        violation="单位未将生活垃圾分别投放至相应收集容器",
        legal_bases=["上海市生活垃圾管理条例第五十七条"],
        content="罚款人民币20000元",
        penalty_types=("fine",),
        fine_amount=Decimal("20000"),
    )
    values.update(changes)
    return DecisionData(**values)


def published(**changes: Any):
    return publish_decision(data(**changes))
