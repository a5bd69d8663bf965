import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from fazhi.laws.choices import ChangeKind, CitationStatus, DocType, VersionStatus
from fazhi.laws.currency import status_filter
from fazhi.laws.models import Citation, TypicalCase, Version, Work


class WorkFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Title contains"))
    doc_type = django_filters.ChoiceFilter(choices=DocType.choices, label=_("Type"))
    region = django_filters.CharFilter(field_name="region", label=_("Region"))
    category = django_filters.CharFilter(field_name="category", label=_("Category"))
    initial = django_filters.CharFilter(field_name="initial", label=_("Initial (A–Z)"))
    # 时效性, 制定机关 and date, as on flk.npc.gov.cn: all read from the law's current version
    status = django_filters.ChoiceFilter(
        choices=[(code, label) for code, label in VersionStatus.choices if code != VersionStatus.SUPERSEDED],
        method="by_status",
        label=_("Currency"),
    )
    issuing_body = django_filters.CharFilter(
        field_name="current_version__issuing_body", lookup_expr="icontains", max_length=100, label=_("issuing body")
    )
    since = django_filters.DateFilter(
        field_name="current_version__version_date", lookup_expr="gte", label=_("Promulgated from")
    )
    until = django_filters.DateFilter(
        field_name="current_version__version_date", lookup_expr="lte", label=_("Promulgated until")
    )

    class Meta:
        model = Work
        fields = ("q", "doc_type", "region", "category", "initial", "status", "issuing_body", "since", "until")

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()[:100]
        return queryset.filter(Q(title__icontains=value) | Q(short_title__icontains=value))

    def by_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(status_filter(value, prefix="current_version__"))


class VersionChangeFilterSet(django_filters.FilterSet):
    """Versions as changes to the law (立改废): the changes page, its feed and the API's version list."""

    change = django_filters.ChoiceFilter(choices=ChangeKind.choices, label=_("Change"))
    doc_type = django_filters.ChoiceFilter(field_name="work__doc_type", choices=DocType.choices, label=_("Type"))
    region = django_filters.CharFilter(field_name="work__region", max_length=20, label=_("Region"))
    since = django_filters.DateFilter(field_name="version_date", lookup_expr="gte", label=_("From"))
    until = django_filters.DateFilter(field_name="version_date", lookup_expr="lte", label=_("Until"))

    class Meta:
        model = Version
        fields = ("change", "doc_type", "region", "since", "until", "status")


class CaseFilterSet(django_filters.FilterSet):
    """Typical cases by category, words of the title or text, and the law (and article) they cite."""

    q = django_filters.CharFilter(method="search", max_length=100, label=_("Words"))
    category = django_filters.CharFilter(field_name="category", max_length=100, label=_("Category"))
    law = django_filters.CharFilter(method="citing_law", max_length=200, label=_("Cites the law"))
    article = django_filters.NumberFilter(method="citing_article", min_value=1, max_value=99999, label=_("Article"))

    class Meta:
        model = TypicalCase
        fields = ("q", "category", "law", "article")

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(title__icontains=value) | Q(full_text__icontains=value))

    def citing_law(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # the law's key (中华人民共和国劳动合同法) or its short title (劳动合同法), and the article if given
        key = value.strip()
        citations = Citation.objects.filter(status=CitationStatus.FOUND, source_case__isnull=False).filter(
            Q(target_work__key=key) | Q(target_work__short_title=key)
        )
        if article := self.form.cleaned_data.get("article"):
            citations = citations.filter(target_number=article)
        return queryset.filter(pk__in=citations.values("source_case_id"))

    def citing_article(self, queryset: QuerySet, name: str, value: object) -> QuerySet:
        return queryset  # applied together with the law (an article number alone names nothing)
