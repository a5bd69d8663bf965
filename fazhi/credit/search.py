"""The public search of credit subjects (上海市社会信用条例 第十五条: public information is disclosed to anyone;
第七项 of issue #14: natural persons are never publicly searchable).

Organisations only, whatever is typed: a credit code finds its organisation; text finds organisations whose name,
or a former name (``SubjectName``), contains it. A natural person's subject is excluded by kind in every query, so
an ID number typed into the box finds nothing and the page says nothing about whether it exists.

Speed at a million subjects (PostgreSQL): names are matched by substring, served by the pg_trgm GIN indexes of
migration 0002_public; the code by ``credit_subject_code``. Counting every match of a common word would scan, so at
most ``COUNT_CAP`` + 1 matching ids are taken ("more than …": narrow the search), and a page is those ids in name
order (when capped: a name-ordered selection of the matches, which the page says).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from fazhi.credit.choices import SubjectKind
from fazhi.credit.models import CreditRecord, Subject, SubjectName, record_public_q

PAGE_SIZE = 20
#: Beyond this many matches the count says "more than" and asks for a narrower search.
COUNT_CAP = 1000
MIN_LENGTH = 2
MAX_LENGTH = 100
#: 18 characters of the code's alphabet (digits and capitals): looked up as a code, never as a name.
_CODE_SHAPE = re.compile(r"^[0-9A-Z]{18}$")
#: An ID number's shape (15 or 18 characters, digits and a final X): never searched, never answered.
_ID_SHAPE = re.compile(r"^\d{15}$|^\d{17}[\dX]$")


def clean_query(value: object) -> str:
    return " ".join(str(value or "").split())[:MAX_LENGTH]


def organisations() -> QuerySet[Subject]:
    return Subject.objects.filter(kind=SubjectKind.ORGANISATION)


def matching_subjects(query: str) -> QuerySet[Subject]:
    """Organisations whose code is ``query`` or whose name (now or before) contains it; none for too short a
    query or for anything shaped like an ID number.

    The former names are looked up first (a small, trigram-indexed table) and joined as a list of ids, not a
    subquery: ``name LIKE … OR id IN (list)`` is a BitmapOr of two indexes on PostgreSQL, where ``OR id IN
    (SELECT …)`` made it scan a million rows."""
    text = clean_query(query)
    if len(text) < MIN_LENGTH:
        return Subject.objects.none()
    upper = text.upper().replace(" ", "")
    if _CODE_SHAPE.match(upper):
        # organisations only: an ID number of the same shape matches no organisation's code
        return organisations().filter(credit_code=upper)
    if _ID_SHAPE.match(upper):
        return Subject.objects.none()
    former = list(
        SubjectName.objects.filter(name__contains=text).order_by().values_list("subject_id", flat=True)[: COUNT_CAP + 1]
    )
    condition = Q(name__contains=text)
    if former:
        condition |= Q(pk__in=former)
    return organisations().filter(condition)


def looks_like_id_number(query: str) -> bool:
    """Shaped like an ID number (and not an organisation's code): the page says persons are not searchable."""
    text = clean_query(query).upper().replace(" ", "")
    return bool(_ID_SHAPE.match(text)) and not organisations().filter(credit_code=text).exists()


@dataclass
class Hit:
    subject: Subject
    public_records: int
    former_names: list[str]


@dataclass
class Results:
    query: str
    hits: list[Hit]
    count: int
    capped: bool
    page: int
    pages: int

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def search(query: str, page: int = 1) -> Results:
    """One page of organisations for ``query`` with each one's count of publicly disclosed records."""
    text = clean_query(query)
    # The matching ids first, unordered, stopping at the cap (a bitmap scan, or an early-stopping scan for a common
    # word); then one page of them in name order. Ordering all matches by name instead lets PostgreSQL walk the
    # name index filtering every row, which for a word of middling frequency takes a second at a million subjects.
    ids = list(matching_subjects(text).order_by().values_list("pk", flat=True)[: COUNT_CAP + 1])
    capped = len(ids) > COUNT_CAP
    count = min(len(ids), COUNT_CAP)
    pages = max(1, -(-count // PAGE_SIZE))
    page = min(max(page, 1), pages)
    # sorted here, not by the database: with ORDER BY name PostgreSQL walks the name index checking each row
    # against the id list, which takes a second at a million subjects
    names = sorted(Subject.objects.filter(pk__in=ids[:COUNT_CAP]).order_by().values_list("name", "pk"))
    page_ids = [pk for _name, pk in names[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]]
    subjects = sorted(Subject.objects.filter(pk__in=page_ids).order_by(), key=lambda s: (s.name, s.pk))
    return Results(text, hits_for(subjects), count, capped, page, pages)


def hits_for(subjects: list[Subject]) -> list[Hit]:
    ids = [s.pk for s in subjects]
    counts = dict(
        CreditRecord.objects.filter(record_public_q(), subject_id__in=ids)
        .values("subject_id")
        .annotate(n=Count("pk"))
        .values_list("subject_id", "n")
    )
    former: dict[int, list[str]] = {}
    for subject_id, name in SubjectName.objects.filter(subject_id__in=ids).values_list("subject_id", "name"):
        former.setdefault(subject_id, []).append(name)
    return [Hit(s, counts.get(s.pk, 0), former.get(s.pk, [])) for s in subjects]


def public_subject(key: str) -> Subject | None:
    """The organisation with this key (a natural person's key finds nothing: persons are never public)."""
    if not key.startswith("c"):
        return None
    return organisations().filter(key=key).first()


def public_records(subject: Subject) -> QuerySet[CreditRecord]:
    """An organisation's publicly disclosed records, newest first."""
    return (
        CreditRecord.objects.filter(record_public_q(), subject=subject)
        .select_related("item", "provider")
        .order_by("-decided_on", "-pk")
    )
