"""Subjects, a published catalogue and records for the public part's tests: valid identifiers, a Huangpu market
regulator as the provider."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from typing import Any

from django.utils import timezone

from fazhi.credit.choices import Category, Disclosure, RecordStatus, SubjectKind
from fazhi.credit.models import CatalogueItem, CreditRecord, Subject, SubjectAccount
from fazhi.credit.subjects import subject_for
from fazhi.credit.tests.factories import published_catalogue
from fazhi.orgs.models import Organisation
from fazhi.publicity.demo import id_number, uscc

_numbers = itertools.count(1)
_rng = random.Random(14)


def organisation(name: str | None = None) -> Subject:
    n = next(_numbers)
    return subject_for(
        SubjectKind.ORGANISATION, name or f"上海信用测试{n}号贸易有限公司", credit_code=uscc(_rng, "310101")
    )


def person(name: str = "李四") -> tuple[Subject, str]:
    number = id_number(_rng, "310101")
    return subject_for(SubjectKind.PERSON, name, id_number=number), number


def item(category: str = Category.PENALTY, disclosure: str = Disclosure.PUBLIC) -> CatalogueItem:
    catalogue = published_catalogue()
    code = f"{category}-{disclosure}"
    found, _created = CatalogueItem.objects.get_or_create(
        catalogue=catalogue,
        code=code,
        defaults={
            "name": f"{category} 信息",
            "category": category,
            "disclosure": disclosure,
            "legal_basis": "上海市社会信用条例第九条",
        },
    )
    return found


def record(subject: Subject, **changes: Any) -> CreditRecord:
    n = next(_numbers)
    today = timezone.localdate()
    category = changes.pop("category", Category.PENALTY)
    disclosure = changes.pop("disclosure", Disclosure.PUBLIC)
    values: dict[str, Any] = dict(
        subject=subject,
        item=item(category, disclosure),
        provider=Organisation.objects.get(code="310101-SCJG"),
        source_system="test",
        source_ref=f"沪黄市监处〔2026〕{n:05d}号",
        title="单位未将生活垃圾分别投放",
        summary="罚款人民币20000元",
        legal_basis="上海市生活垃圾管理条例第五十七条",
        decided_on=today - dt.timedelta(days=30),
        act_ended_on=today - dt.timedelta(days=30),
        queryable_until=today + dt.timedelta(days=5 * 365),
        public_until=today + dt.timedelta(days=3 * 365),
        status=RecordStatus.ACTIVE,
    )
    values.update(changes)
    return CreditRecord.objects.create(**values)


def link(user: Any, subject: Subject) -> SubjectAccount:
    return SubjectAccount.objects.get_or_create(user=user, subject=subject)[0]
