from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from fazhi.core.downloads import file_response
from fazhi.core.pdf import PDF_TYPE
from fazhi.core.views import LOGIN, PUBLIC, ObjectDetailView, ObjectListView, PageView, PlatformView
from fazhi.laws.akn import akoma_ntoso
from fazhi.laws.authoring import follow_toggle
from fazhi.laws.changes import LawChangesFeed, changes_queryset
from fazhi.laws.choices import DocType, VersionStatus
from fazhi.laws.filtersets import CaseFilterSet, VersionChangeFilterSet, WorkFilterSet
from fazhi.laws.forms import TYPE_NAMES, LawSearchForm
from fazhi.laws.hooks import uses_of
from fazhi.laws.linking import article_cites, citations_by_article, cited_by, link_section, linked_paragraphs
from fazhi.laws.models import (
    Article,
    Follow,
    Interpretation,
    MustKnowList,
    TypicalCase,
    Version,
    Work,
    parse_article_slug,
    parse_date_slug,
)
from fazhi.laws.printable import must_know_pdf, must_know_rows, pdf_filename, version_pdf
from fazhi.laws.reading import diff_rows, toc_tree
from fazhi.laws.search import LawSearch, related_cases, search_page


def requested_version(work: Work, request: HttpRequest) -> Version:
    """The version a page shows: the one in force on ``?on=YYYY-MM-DD``, else the current one (404 if none)."""
    version = work.version_on(parse_date_slug(request.GET.get("on", "")))
    if version is None:
        raise Http404
    return version


def _interpretations(request: HttpRequest, work: Work, number: int | None) -> QuerySet:
    return Interpretation.objects.restrict(request.user).filter(work=work, article_number=number, is_published=True)


def _following(request: HttpRequest, work: Work, number: int | None) -> bool:
    return (
        request.user.is_authenticated
        and Follow.objects.filter(user=request.user, work=work, article_number=number).exists()
    )


class LawHomeView(PageView):
    access = PUBLIC
    template_name = "laws/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        counts = dict(Work.objects.values_list("doc_type").annotate(n=Count("pk")))
        regions = Work.objects.values("region").annotate(n=Count("pk")).order_by("-n")
        return super().get_context_data(
            form=LawSearchForm(),
            types=[(code, label, counts.get(code, 0)) for code, label in DocType.choices],
            regions=regions,
            cases=TypicalCase.objects.count(),
            initials=Work.objects.order_by("initial").values_list("initial", flat=True).distinct(),
            **kwargs,
        )


class LawSearchView(PageView):
    access = PUBLIC
    template_name = "laws/search.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        form = LawSearchForm(self.request.GET or None)
        found = LawSearch([], {})
        if form.is_bound and form.is_valid():
            found = search_page(form.cleaned_data["q"], filters=form.filters(), limit=20, facets=True)
        hits = found.hits
        cases = related_cases(hits[:10]) if hits else []
        everywhere = self.request.GET.copy()
        everywhere.pop("law", None)
        return super().get_context_data(
            form=form,
            hits=hits,
            facets=facet_links(self.request, found.facets),
            total=found.total,
            works=found.works,
            suggestions=[(term, _query_with(self.request, term)) for term in found.suggestions],
            cases=cases,
            within=form.within if form.is_bound and form.is_valid() else None,
            everywhere=everywhere.urlencode(),
            **kwargs,
        )


def _query_with(request: HttpRequest, term: str) -> str:
    """The search's address with its words replaced by ``term`` (filters kept)."""
    params = request.GET.copy()
    params["q"] = term
    return f"?{params.urlencode()}"


@dataclass(frozen=True)
class FacetLink:
    label: str
    count: int
    url: str
    active: bool  # the search is narrowed to it: the link widens it again


def facet_links(request: HttpRequest, facets: dict[str, dict[str, int]]) -> list[tuple[str, list[FacetLink]]]:
    """The engine's facet counts as links that narrow the search to one type or region (or widen it again)."""
    type_codes = {name: code for code, name in TYPE_NAMES.items()}
    groups = []
    for field, title, code_of, label_of in (
        ("doc_type", _("Type"), type_codes.get, lambda code: DocType(code).label),
        ("region", _("Region"), lambda v: v, lambda v: _("National") if v == "national" else v),
    ):
        links = []
        for value, count in sorted(facets.get(field, {}).items(), key=lambda kv: -kv[1]):
            code = code_of(value)
            if not code:
                continue
            params = request.GET.copy()
            active = params.get(field) == code
            if active:
                params.pop(field)
            else:
                params[field] = code
            links.append(FacetLink(str(label_of(code)), count, f"?{params.urlencode()}", active))
        if links:
            groups.append((str(title), links))
    return groups


class WorkListView(ObjectListView):
    access = PUBLIC
    model = Work
    queryset = Work.objects.select_related("current_version")
    filterset_class = WorkFilterSet
    template_name = "laws/work_list.html"
    results_template_name = "laws/_work_results.html"


class LawChangesView(ObjectListView):
    """立改废释: laws, regulations and interpretations enacted, amended or repealed, newest first, with the
    interpretations (解读) staff published lately."""

    access = PUBLIC
    model = Version
    queryset = changes_queryset()
    filterset_class = VersionChangeFilterSet
    template_name = "laws/changes.html"
    results_template_name = "laws/_change_results.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        latest = (
            Interpretation.objects.restrict(self.request.user)
            .filter(is_published=True)
            .select_related("work")
            .order_by("-published_at")[:10]
        )
        return super().get_context_data(interpretations=latest, feed_query=self.request.GET.urlencode(), **kwargs)


class LawChangesFeedView(PlatformView):
    """The changes page as an Atom feed, for readers and other systems to subscribe to."""

    access = PUBLIC

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return LawChangesFeed()(request)


class _VersionPage(ObjectDetailView):
    """A law as one version: the current one, a dated one, or the one in force on ``?on=``."""

    access = PUBLIC
    model = Work
    slug_field = slug_url_kwarg = "key"
    template_name = "laws/version_detail.html"

    def get_version(self) -> Version:
        return requested_version(self.object, self.request)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        version = self.get_version()
        articles = list(version.articles.all())
        citations = citations_by_article(version)
        for article in articles:
            article.linked = linked_paragraphs(article, citations.get(article.pk, ()))
        return super().get_context_data(
            version=version,
            articles=articles,
            toc=toc_tree(version.toc),
            versions=self.object.versions.all(),
            is_current=version.pk == self.object.current_version_id,
            interpretations=_interpretations(self.request, self.object, None),
            following=_following(self.request, self.object, None),
            **kwargs,
        )


class WorkDetailView(_VersionPage):
    pass


class VersionDetailView(_VersionPage):
    def get_version(self) -> Version:
        day = parse_date_slug(self.kwargs["date"])
        version = self.object.versions.filter(version_date=day).first() if day else None
        if version is None and self.kwargs["date"].startswith("v") and self.kwargs["date"][1:].isdigit():
            version = self.object.versions.filter(pk=int(self.kwargs["date"][1:])).first()
        if version is None:
            raise Http404
        return version


class ArticleDetailView(ObjectDetailView):
    """One article: its text, the same article in every version, what it cites and what cites it."""

    access = PUBLIC
    model = Work
    slug_field = slug_url_kwarg = "key"
    template_name = "laws/article_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        work = self.object
        key = parse_article_slug(self.kwargs["number"])
        if key is None:
            raise Http404
        version = requested_version(work, self.request)
        article = get_object_or_404(Article, version=version, number=key[0], suffix=key[1])
        other = (
            Article.objects.filter(version__work=work, number=key[0], suffix=key[1])
            .select_related("version")
            .order_by("-version__version_date")
        )
        citations = list(article.citations.select_related("target_work"))
        neighbours = version.articles.only("number", "suffix", "label", "position", "version_id")
        return super().get_context_data(
            version=version,
            article=article,
            previous=neighbours.filter(position__lt=article.position).order_by("-position").first(),
            next=neighbours.filter(position__gt=article.position).order_by("position").first(),
            on="" if version.pk == work.current_version_id or not version.version_date else version.version_date,
            paragraphs=linked_paragraphs(article, citations),
            other_versions=other,
            cited_by=cited_by(work, key),
            platform_uses=uses_of(work.key, key[0]) if not key[1] else [],
            cites=article_cites(article, citations),
            interpretations=_interpretations(self.request, work, key[0]),
            following=_following(self.request, work, key[0]),
            **kwargs,
        )


class ArticleDiffView(ObjectDetailView):
    """Differences between two versions of a law (or of one article, with ``?article=``)."""

    access = PUBLIC
    model = Work
    slug_field = slug_url_kwarg = "key"
    template_name = "laws/diff.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        work = self.object
        versions = list(work.versions.order_by("version_date"))
        if len(versions) < 2:
            return super().get_context_data(rows=[], versions=versions, **kwargs)
        by_date = {v.date_slug: v for v in versions}
        old = by_date.get(self.request.GET.get("from", ""), versions[-2])
        new = by_date.get(self.request.GET.get("to", ""), versions[-1])
        key = parse_article_slug(self.request.GET.get("article", ""))

        def lines(version: Version) -> list[str]:
            articles: QuerySet = version.articles.all()
            if key:
                articles = articles.filter(number=key[0], suffix=key[1])
            return [f"{a.label} {a.text}" for a in articles]

        rows = diff_rows(lines(old), lines(new))
        return super().get_context_data(rows=rows, versions=versions, old=old, new=new, **kwargs)


class CaseListView(ObjectListView):
    access = PUBLIC
    model = TypicalCase
    filterset_class = CaseFilterSet
    template_name = "laws/case_list.html"
    results_template_name = "laws/_case_results.html"


SECTIONS = ("facts", "holding", "reasoning")  # a case's parts shown on its page, citations linked


class CaseDetailView(ObjectDetailView):
    """A typical case: its facts, holding and reasoning with the articles they cite linked in place."""

    access = PUBLIC
    model = TypicalCase
    template_name = "laws/case_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        case = self.object
        cites = list(case.citations.select_related("target_work"))
        sections = {name: link_section(case.full_text, getattr(case, name), cites) for name in SECTIONS}
        return super().get_context_data(cites=cites, **sections, **kwargs)


__all__ = ["VersionStatus"]


class InterpretationDetailView(ObjectDetailView):
    access = PUBLIC
    model = Interpretation
    queryset = Interpretation.objects.select_related("work", "organisation")
    template_name = "laws/interpretation_detail.html"


class MustKnowListsView(ObjectListView):
    access = PUBLIC
    model = MustKnowList
    queryset = MustKnowList.objects.select_related("organisation")
    template_name = "laws/mustknow_lists.html"


class MustKnowDetailView(ObjectDetailView):
    access = PUBLIC
    model = MustKnowList
    template_name = "laws/mustknow_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(rows=must_know_rows(self.object), **kwargs)


class MustKnowPdfView(ObjectDetailView):
    """A must-know list as a PDF to print, with the text of every article on it."""

    access = PUBLIC
    model = MustKnowList

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        return file_response(must_know_pdf(self.object), PDF_TYPE, f"{self.object.title}.pdf")


class FollowView(PlatformView):
    """Follow a law (or one article of it), or stop following."""

    access = LOGIN

    def post(self, request: HttpRequest, key: str) -> HttpResponse:
        work = get_object_or_404(Work, key=key)
        number = request.POST.get("article", "")
        article = int(number) if number.isdigit() and len(number) < 6 else None
        following = follow_toggle(user=request.user, work=work, article_number=article)
        messages.success(request, _("You now follow this law.") if following else _("You no longer follow it."))
        target = reverse("laws:article", args=[key, str(article)]) if article else work.get_absolute_url()
        return redirect(target)


class _VersionFile(ObjectDetailView):
    """The version in force (or ``?on=`` a date) as a file."""

    access = PUBLIC
    model = Work
    slug_field = slug_url_kwarg = "key"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        return self.file(requested_version(self.object, request))

    def file(self, version: Version) -> HttpResponse:
        raise NotImplementedError


class VersionPdfView(_VersionFile):
    """A printable PDF of the version's text as it was published."""

    def file(self, version: Version) -> HttpResponse:
        return file_response(version_pdf(version), PDF_TYPE, pdf_filename(version))


class AkomaNtosoView(_VersionFile):
    """Akoma Ntoso XML, for exchange with other systems."""

    def file(self, version: Version) -> HttpResponse:
        xml = akoma_ntoso(version)
        return file_response(xml, "application/akn+xml; charset=utf-8", f"{version.date_slug}.xml", inline=True)
