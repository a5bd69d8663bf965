"""Finding an organisation by what a person types: name, short name, code or pinyin initials.

Used by the organisation picker (the JSON search behind it) and by every form field that takes an organisation,
so that typing 南京东路 and choosing, or typing the whole name without JavaScript, both land on one organisation.
Results rank exact matches first, then the user's own district, then the shallower (city before district before
street), then the name.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from fazhi.orgs.models import Organisation

#: How the API documents a field that takes an organisation: by code, found by name through the search endpoint.
API_CODE_HELP = (
    "The organisation's code; find it by name, short name or pinyin initials with GET /api/v1/organisations/search/?q=…"
)
MAX_QUERY = 50
DEFAULT_LIMIT = 20
MAX_LIMIT = 50
_LATIN = re.compile(r"^[A-Za-z]+$")
#: "黄浦区市场监督管理局（310101-SCJG）": the label the picker writes back; the code in brackets decides.
_LABELLED = re.compile(r"^(?P<name>.*?)\s*[（(](?P<code>[0-9A-Za-z-]{2,32})[）)]\s*$")


def _clean(text: Any) -> str:
    """What was typed, without the NUL and surrogate characters PostgreSQL refuses in a query."""
    text = text if isinstance(text, str) else ""
    return "".join(ch for ch in text if ch != "\x00" and not "\ud800" <= ch <= "\udfff").strip()


def district_path(user: Any) -> str | None:
    """The materialised path of the district the user works in (``/31/310101/``), or None (city staff, citizens)."""
    org = getattr(user, "organisation", None) if getattr(user, "is_authenticated", False) else None
    if org is None:
        return None
    parts = org.path.strip("/").split("/")
    return f"/{parts[0]}/{parts[1]}/" if len(parts) >= 2 else None


def matching(queryset: QuerySet[Organisation], text: str) -> QuerySet[Organisation]:
    """Organisations whose name or short name contains ``text``, whose code starts with it, or whose pinyin
    initials contain it (Latin letters only)."""
    text = _clean(text)[:MAX_QUERY]
    if not text:
        return queryset.none()
    condition = Q(name__icontains=text) | Q(short_name__icontains=text) | Q(code__istartswith=text)
    if _LATIN.match(text):
        lower = text.lower()
        condition |= Q(initials__contains=lower)  # anywhere: ``ldjc`` finds every 劳动监察大队
    return queryset.filter(condition)


def ranked(queryset: QuerySet[Organisation], text: str, user: Any = None) -> QuerySet[Organisation]:
    """``matching`` ordered: exact name/short name/code, then the user's own district, then depth and name."""
    text = _clean(text)[:MAX_QUERY]
    home = district_path(user)
    return (
        matching(queryset, text)
        .annotate(
            exact=Case(
                When(Q(name=text) | Q(short_name=text) | Q(code__iexact=text), then=Value(0)),
                When(Q(name__startswith=text) | Q(short_name__startswith=text), then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
            elsewhere=Case(
                When(path__startswith=home, then=Value(0)) if home else When(pk__in=[], then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        .select_related("parent")
        .order_by("exact", "elsewhere", "depth", "name", "code")
    )


def search(text: str, *, user: Any = None, queryset: QuerySet[Organisation] | None = None, limit: int = DEFAULT_LIMIT):
    """The first ``limit`` active organisations the user may see that match ``text``, best first."""
    base = queryset if queryset is not None else Organisation.objects.restrict(user).filter(is_active=True)
    return list(ranked(base, text, user)[: max(1, min(limit, MAX_LIMIT))])


def label(org: Organisation) -> str:
    """How an organisation is shown in a picker's box: its name and, to tell namesakes apart, its code."""
    return f"{org.name}（{org.code}）"


def context(org: Organisation) -> str:
    """Where it sits: the parent's name (居委会 and 司法所 names repeat across streets)."""
    return org.parent.name if org.parent_id and org.parent else ""


def resolve(text: str, queryset: QuerySet[Organisation], *, user: Any = None) -> Organisation:
    """The one organisation ``text`` names: a code, a picker label, an exact name or short name, or a search that
    finds exactly one. Anything else is a ValidationError that says what to do (and lists a few candidates)."""
    text = _clean(text)[:120]
    if not text:
        raise ValidationError(_("Choose an organisation."), code="required")
    labelled = _LABELLED.match(text)
    code = labelled.group("code") if labelled else text
    found = queryset.filter(code__iexact=code[:32]).first()
    if found is not None:
        return found
    name = labelled.group("name") if labelled else text
    for field in ("name", "short_name"):
        exact = list(queryset.filter(**{field: name})[:2])
        if len(exact) == 1:
            return exact[0]
        if len(exact) > 1:
            break
    candidates = list(ranked(queryset, name, user)[:6])
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise ValidationError(
            _("No organisation matches “%(text)s”: type part of its name, its short name or its code.")
            % {"text": text},
            code="invalid_choice",
        )
    raise ValidationError(
        _("Several organisations match “%(text)s”: choose one, e.g. %(examples)s.")
        % {"text": text, "examples": "、".join(label(o) for o in candidates[:5])},
        code="ambiguous",
    )
