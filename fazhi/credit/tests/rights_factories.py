"""Records, subjects and linked accounts for the rights tests: a company and a person with records provided by
黄浦区市场监管局 (310101-SCJG), the company linked to the demo account ``company``."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from typing import Any

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from fazhi.credit.choices import Category, Disclosure, SubjectKind
from fazhi.credit.models import CatalogueItem, CreditRecord, Subject, SubjectAccount
from fazhi.credit.subjects import subject_for
from fazhi.credit.tests.factories import published_catalogue
from fazhi.orgs.models import Organisation
from fazhi.publicity.demo import id_number, uscc

PROVIDER = "310101-SCJG"
_numbers = itertools.count(1)
_rng = random.Random(14)


def catalogue_item(category: str = Category.PENALTY, **changes: Any) -> CatalogueItem:
    catalogue = published_catalogue()
    code = changes.pop("code", f"T{category[:8]}")
    values: dict[str, Any] = dict(
        name=f"测试事项 {category}",
        category=category,
        provider=Organisation.objects.get(code=PROVIDER),
        legal_basis="上海市社会信用条例第九条",
        disclosure=Disclosure.PUBLIC,
    )
    values.update(changes)
    item, _ = CatalogueItem.objects.get_or_create(catalogue=catalogue, code=code, defaults=values)
    return item


def company(name: str | None = None) -> Subject:
    n = next(_numbers)
    return subject_for(SubjectKind.ORGANISATION, name or f"上海权利测试{n}号有限公司", credit_code=uscc(_rng, "310101"))


def person(name: str = "李四") -> Subject:
    return subject_for(SubjectKind.PERSON, name, id_number=id_number(_rng, "310101"))


def link(user: Any, subject: Subject) -> SubjectAccount:
    return SubjectAccount.objects.get_or_create(user=user, subject=subject)[0]


def record(subject: Subject | None = None, *, category: str = Category.PENALTY, **changes: Any) -> CreditRecord:
    n = next(_numbers)
    today = timezone.localdate()
    decided = changes.pop("decided_on", today - dt.timedelta(days=200))
    values: dict[str, Any] = dict(
        subject=subject or company(),
        item=catalogue_item(category),
        provider=Organisation.objects.get(code=PROVIDER),
        source_system="test",
        source_ref=f"沪黄市监处〔2026〕R{n:05d}号",
        title=f"行政处罚 第{n}号",
        summary="未按规定分类投放生活垃圾，罚款2000元。",
        legal_basis="上海市生活垃圾管理条例第五十七条",
        decided_on=decided,
        act_ended_on=decided,
        queryable_until=decided + relativedelta(years=5),
        public_until=decided + relativedelta(years=3),
        earliest_repair=decided + relativedelta(months=3),
    )
    values.update(changes)
    return CreditRecord.objects.create(**values)


def upload(name: str = "receipt.pdf") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4\n%test receipt\n", content_type="application/pdf")
