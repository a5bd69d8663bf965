"""The public search of credit subjects (上海市社会信用条例 第十五条: public information is disclosed to anyone;
第七项 of issue #14: natural persons are never publicly searchable).

Organisations only, whatever is typed: a credit code finds its organisation; text finds organisations whose name,
or a former name (``SubjectName``), contains it. A natural person's subject is excluded by kind in every query, so
an ID number typed into the box finds nothing and the page says nothing about whether it exists.

Speed at a million subjects (PostgreSQL): names are matched by substring, served by the pg_trgm GIN indexes of
migration 0002_public; the code by ``credit_subject_code``. Counting every match of a common word would scan, so the
count stops at ``COUNT_CAP`` ("more than …") and a page is an ordered slice.
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
    query or for anything shaped like an ID number."""
    text = clean_query(query)
    if len(text) < MIN_LENGTH:
        return Subject.objects.none()
    upper = text.upper().replace(" ", "")
    if _CODE_SHAPE.match(upper):
        # organisations only: an ID number of the same shape matches no organisation's code
        return organisations().filter(credit_code=upper)
    if _ID_SHAPE.match(upper):
        return Subject.objects.none()
    former = SubjectName.objects.filter(name__contains=text).values("subject_id")
    return organisations().filter(Q(name__contains=text) | Q(pk__in=former))


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
    matches = matching_subjects(text).order_by("name", "pk")
    count = matches[: COUNT_CAP + 1].count()
    capped = count > COUNT_CAP
    count = min(count, COUNT_CAP)
    pages = max(1, -(-count // PAGE_SIZE))
    page = min(max(page, 1), pages)
    subjects = list(matches[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
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
