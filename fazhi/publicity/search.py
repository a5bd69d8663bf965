"""The public search of published decisions, in the manner of US EPA ECHO: criteria in a form that works without
JavaScript, a results table, facets whose counts equal what clicking them gives, a per-entity history.

Each facet is counted with every other criterion applied but not its own: clicking a value replaces that criterion,
so the count shown is the number of results the click yields. Results need at least one criterion (as ECHO's
search does): the unfiltered list is the Atom feed's job.

Indexes (models.py, and the PostgreSQL trigram indexes of migration 0002): the entity's credit code and key, the
body, district and status with the decision date; ``public_name`` and ``violation`` are matched by substring, which
pg_trgm GIN indexes serve on PostgreSQL (a plain scan on SQLite, where the data is small).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.pii import uscc_is_valid
from fazhi.laws.refs import CITATION_MAX_LENGTH, resolve_article
from fazhi.orgs.choices import OrganisationKind
from fazhi.orgs.models import Organisation
from fazhi.publicity.choices import DecisionKind
from fazhi.publicity.models import DecisionBasis, PublishedDecision, public_q

CRITERIA = ("q", "body", "district", "violation", "basis", "kind", "year", "date_from", "date_to")
FACET_LIMIT = 15


class SearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Name or unified social credit code"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("Part of an organisation's name, or its 18-character code."),
    )
    body = forms.CharField(
        label=gettext_lazy("Deciding body (code)"), required=False, max_length=32, widget=forms.HiddenInput
    )
    district = forms.ModelChoiceField(
        label=gettext_lazy("District"),
        required=False,
        queryset=Organisation.objects.filter(kind=OrganisationKind.DISTRICT, is_active=True).order_by("code"),
        to_field_name="code",
    )
    violation = forms.CharField(label=gettext_lazy("Violation"), required=False, max_length=100)
    basis = forms.CharField(
        label=gettext_lazy("Legal basis"),
        required=False,
        max_length=CITATION_MAX_LENGTH,
        help_text=gettext_lazy("An article, e.g. 上海市生活垃圾管理条例第五十七条."),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of decision"), required=False, choices=[("", "—"), *DecisionKind.choices]
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year"), required=False, min_value=1990, max_value=2100, widget=forms.HiddenInput
    )
    date_from = forms.DateField(
        label=gettext_lazy("Decided from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=gettext_lazy("Decided until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_basis(self) -> str:
        return (self.cleaned_data.get("basis") or "").strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise ValidationError(_("The start date is after the end date."))
        return data

    @property
    def has_criteria(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.get(name) not in (None, "") for name in CRITERIA)


def _contains(field: str, text: str) -> Q:
    return Q(**{f"{field}__contains": text})


def criterion_q(name: str, value: Any) -> Q:
    """The filter one criterion sets."""
    if name == "q":
        text = value.strip().upper()
        if uscc_is_valid(text):
            return Q(party_credit_code=text)
        return _contains("public_name", value.strip())
    if name == "body":
        return Q(body__code=value)
    if name == "district":
        return Q(district=value)
    if name == "violation":
        return _contains("violation", value.strip())
    if name == "basis":
        try:
            ref = resolve_article(value)
        except ValidationError:
            return _contains("legal_bases", value)
        return Q(Exists(DecisionBasis.objects.filter(decision=OuterRef("pk"), work=ref.work, number=ref.number)))
    if name == "kind":
        return Q(kind=value)
    if name == "year":
        return Q(decision_date__gte=dt.date(value, 1, 1), decision_date__lte=dt.date(value, 12, 31))
    if name == "date_from":
        return Q(decision_date__gte=value)
    if name == "date_to":
        return Q(decision_date__lte=value)
    raise KeyError(name)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    active: bool


def public_decisions() -> QuerySet[PublishedDecision]:
    return PublishedDecision.objects.filter(public_q())


def filtered(criteria: dict[str, Any], *, without: str | None = None, base: QuerySet | None = None) -> QuerySet:
    queryset = public_decisions() if base is None else base
    for name in CRITERIA:
        value = criteria.get(name)
        if name != without and value not in (None, ""):
            queryset = queryset.filter(criterion_q(name, value))
    return queryset


def facets(criteria: dict[str, Any]) -> dict[str, list[FacetValue]]:
    """kind, district, body and year, each counted without its own criterion."""
    out: dict[str, list[FacetValue]] = {}
    kind_labels = dict(DecisionKind.choices)
    rows = filtered(criteria, without="kind").values("kind").annotate(n=Count("pk")).order_by("-n")
    out["kind"] = [
        FacetValue(r["kind"], str(kind_labels.get(r["kind"], r["kind"])), r["n"], criteria.get("kind") == r["kind"])
        for r in rows
    ]
    chosen = criteria.get("district")
    rows = (
        filtered(criteria, without="district")
        .values("district__code", "district__name")
        .annotate(n=Count("pk"))
        .order_by("-n")[:FACET_LIMIT]
    )
    out["district"] = [
        FacetValue(
            r["district__code"] or "",
            r["district__name"] or "—",
            r["n"],
            chosen is not None and chosen.code == r["district__code"],
        )
        for r in rows
        if r["district__code"]
    ]
    rows = (
        filtered(criteria, without="body")
        .values("body__code", "body__name")
        .annotate(n=Count("pk"))
        .order_by("-n")[:FACET_LIMIT]
    )
    out["body"] = [
        FacetValue(r["body__code"], r["body__name"], r["n"], criteria.get("body") == r["body__code"]) for r in rows
    ]
    rows = (
        filtered(criteria, without="year")
        .annotate(y=ExtractYear("decision_date"))
        .values("y")
        .annotate(n=Count("pk"))
        .order_by("-y")
    )
    out["year"] = [FacetValue(str(r["y"]), str(r["y"]), r["n"], criteria.get("year") == r["y"]) for r in rows]
    return out


def entity_decisions(key: str) -> QuerySet[PublishedDecision]:
    return public_decisions().filter(entity_key=key).select_related("body").order_by("-decision_date", "-pk")


def public_q_or_staff(user: Any) -> Q:
    """Public decisions, and for staff of the deciding body (or above) also its withdrawn and expired ones."""
    from fazhi.core.permissions import EVERYWHERE, perm_codename, scopes_for

    condition = public_q()
    if user is None or not getattr(user, "is_authenticated", False):
        return condition
    scopes = scopes_for(user, perm_codename(PublishedDecision, "view"))
    if scopes is EVERYWHERE or not isinstance(scopes, list):
        return Q()
    for path in scopes:
        condition |= Q(body__path__startswith=path)
    return condition
