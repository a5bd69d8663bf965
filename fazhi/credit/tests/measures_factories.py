"""Fixtures of the measures part, built with the models directly (the records part owns intake): subjects with
valid identifiers, a published catalogue with a failing and a positive item, records, lists, commitments and
measures."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from typing import Any

from django.utils import timezone

from fazhi.credit.choices import (
    Category,
    CheckMatter,
    Disclosure,
    ListKind,
    MeasureKind,
    MeasureTarget,
    RecordStatus,
    SubjectKind,
)
from fazhi.credit.models import (
    CatalogueItem,
    Commitment,
    CreditRecord,
    ListDefinition,
    ListEntry,
    Measure,
    Subject,
)
from fazhi.credit.subjects import subject_for
from fazhi.credit.tests.factories import published_catalogue
from fazhi.orgs.models import Organisation
from fazhi.publicity.demo import id_number, uscc

_numbers = itertools.count(1)
_rng = random.Random(14)


def org(code: str = "310101-SCJG") -> Organisation:
    return Organisation.objects.get(code=code)


def company(name: str | None = None) -> Subject:
    n = next(_numbers)
    return subject_for(SubjectKind.ORGANISATION, name or f"上海措施测试{n}号有限公司", credit_code=uscc(_rng, "310101"))


def person(name: str = "李四") -> tuple[Subject, str]:
    number = id_number(_rng, "310101")
    return subject_for(SubjectKind.PERSON, name, id_number=number), number


def item(category: str = Category.PENALTY, code: str | None = None) -> CatalogueItem:
    catalogue = published_catalogue()
    found, _created = CatalogueItem.objects.get_or_create(
        catalogue=catalogue,
        code=code or f"T-{category}",
        defaults={
            "name": f"测试信息项 {category}",
            "category": category,
            "legal_basis": "上海市社会信用条例第九条",
            "disclosure": Disclosure.PUBLIC,
        },
    )
    return found


def record(subject: Subject, category: str = Category.PENALTY, **changes: Any) -> CreditRecord:
    n = next(_numbers)
    today = timezone.localdate()
    values: dict[str, Any] = {
        "subject": subject,
        "item": item(category),
        "provider": org(),
        "source_system": "test",
        "source_ref": f"沪黄市监处〔2026〕{n:05d}号",
        "title": f"行政处罚 {n}",
        "summary": "未按规定公示信息",
        "legal_basis": "中华人民共和国食品安全法第一百二十六条",
        "decided_on": today - dt.timedelta(days=30),
        "act_ended_on": today - dt.timedelta(days=30),
        "queryable_until": today + dt.timedelta(days=365 * 5 - 30),
        "status": RecordStatus.ACTIVE,
    }
    values.update(changes)
    return CreditRecord.objects.create(**values)


def listing(kind: str = ListKind.SERIOUS, *, published: bool = True) -> ListDefinition:
    return ListDefinition.objects.create(
        kind=kind,
        name={ListKind.SERIOUS: "严重失信主体名单", ListKind.ABNORMAL: "经营异常名录"}.get(kind, "守信主体名单"),
        body=org("31-SCJG"),
        entry_conditions="依法认定的严重失信行为",
        exit_conditions="期满且已履行义务",
        remedies="可申请行政复议或者提起行政诉讼",
        legal_basis="上海市社会信用条例第二十五条",
        published=published,
    )


def entry(subject: Subject, listed: ListDefinition, **changes: Any) -> ListEntry:
    values: dict[str, Any] = {
        "listing": listed,
        "subject": subject,
        "reason": "拒不履行生效法律文书",
        "entered_on": timezone.localdate() - dt.timedelta(days=10),
    }
    values.update(changes)
    return ListEntry.objects.create(**values)


def broken_commitment(subject: Subject, **changes: Any) -> Commitment:
    values: dict[str, Any] = {
        "subject": subject,
        "body": org(),
        "matter": "食品经营许可告知承诺",
        "content": "符合许可条件",
        "made_on": timezone.localdate() - dt.timedelta(days=200),
        "kept": False,
        "assessed_on": timezone.localdate() - dt.timedelta(days=100),
    }
    values.update(changes)
    return Commitment.objects.create(**values)


def measure(
    target: str = MeasureTarget.FAILING_CATEGORY,
    *,
    matter: str = CheckMatter.PERMIT,
    published: bool = True,
    **changes: Any,
) -> Measure:
    n = next(_numbers)
    kind = MeasureKind.INCENTIVE if target == MeasureTarget.NO_FAILING else MeasureKind.SANCTION
    values: dict[str, Any] = {
        "code": f"T-{n:04d}",
        "kind": kind,
        "matter": matter,
        "target": target,
        "means": "列为重点审查对象，不适用告知承诺" if kind == MeasureKind.SANCTION else "优先办理、简化程序",
        "body": org("31-SCJG"),
        "legal_basis": "上海市社会信用条例第三十条" if kind == MeasureKind.SANCTION else "上海市社会信用条例第二十九条",
        "published_at": timezone.now() - dt.timedelta(days=1) if published else None,
    }
    if target == MeasureTarget.FAILING_CATEGORY:
        values["target_category"] = Category.PENALTY
    values.update(changes)
    return Measure.objects.create(**values)
