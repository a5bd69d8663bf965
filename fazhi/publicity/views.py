"""Portal: search published decisions, an entity's history, one decision, download, Atom feed; the party's request
for correction. Everything here is public and masked (``PublishedDecision.public_party``), whoever looks."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.casework.services import history
from fazhi.core.permissions import VIEW
from fazhi.core.views import LOGIN, PUBLIC, PageView, PlatformView, refuse_oversized
from fazhi.publicity import search
from fazhi.publicity.export import DECISIONS_EXPORT
from fazhi.publicity.forms import CorrectionForm
from fazhi.publicity.models import CorrectionRequest, PublishedDecision
from fazhi.publicity.services import correction_submit

PAGE_SIZE = 20
ENTITY_LIMIT = 500


def _criteria(form: search.SearchForm) -> dict[str, Any]:
    return {name: form.cleaned_data.get(name) for name in search.CRITERIA} if form.is_valid() else {}


def _query(criteria: dict[str, Any], **changes: Any) -> str:
    """The search's query string with some criteria replaced (facet links, pages, the download)."""
    params: dict[str, str] = {}
    for name in search.CRITERIA:
        value = changes[name] if name in changes else criteria.get(name)
        if value in (None, ""):
            continue
        params[name] = value.code if hasattr(value, "code") else str(value)
    return urlencode(params)


class SearchView(PageView):
    access = PUBLIC
    template_name = "publicity/search.html"
    title = gettext_lazy("Published enforcement decisions")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = search.SearchForm(self.request.GET or None)
        context["form"] = form
        if not form.has_criteria:
            # before a search: the newest publications (one indexed range scan, no counts or facets over all rows)
            context["latest"] = search.filtered({}).select_related("body").order_by("-decision_date", "-pk")[:PAGE_SIZE]
            return context
        criteria = _criteria(form)
        results = search.filtered(criteria).select_related("body", "district").order_by("-decision_date", "-pk")
        page = Paginator(results, PAGE_SIZE).get_page(self.request.GET.get("page"))
        facet_links = {
            name: [(value, "?" + _query(criteria, **{name: None if value.active else value.value})) for value in values]
            for name, values in search.facets(criteria).items()
        }
        context.update(
            searched=True,
            page_obj=page,
            paginator=page.paginator,
            is_paginated=page.has_other_pages(),
            querystring=_query(criteria),
            facets=facet_links,
            download_csv=reverse("publicity:export") + "?" + _query(criteria) + "&as=csv",
            download_xlsx=reverse("publicity:export") + "?" + _query(criteria) + "&as=xlsx",
        )
        return context


def _public(pk: int, user: Any) -> PublishedDecision:
    found = PublishedDecision.objects.filter(search.public_q_or_staff(user), pk=pk).select_related("body", "district")
    decision = found.first()
    if decision is None:
        raise Http404
    return decision


class DecisionView(PageView):
    access = PUBLIC
    template_name = "publicity/decision.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        decision = _public(self.kwargs["pk"], self.request.user)
        context = super().get_context_data(**kwargs)
        context.update(
            decision=decision,
            title=decision.source_ref,
            party=decision.public_party(),
            bases=list(decision.bases.select_related("work")),
        )
        return context


class EntityView(PageView):
    """All published decisions of one entity (an organisation by its credit code, a person by a key that does not
    reveal their ID number), newest first."""

    access = PUBLIC
    template_name = "publicity/entity.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        decisions = list(search.entity_decisions(self.kwargs["key"])[: ENTITY_LIMIT + 1])
        if not decisions:
            raise Http404
        context = super().get_context_data(**kwargs)
        context.update(
            decisions=decisions[:ENTITY_LIMIT],
            more=len(decisions) > ENTITY_LIMIT,
            party=decisions[0].public_party(),
            title=decisions[0].public_name,
        )
        return context


class ExportView(PlatformView):
    """The search as CSV (streamed) or Excel; at most ``PUBLICITY_EXPORT_MAX_ROWS`` rows, else narrow it."""

    access = PUBLIC

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        form = search.SearchForm(request.GET)
        if not form.is_valid():
            return HttpResponse(
                " ".join(str(e) for errors in form.errors.values() for e in errors),
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        queryset = search.filtered(_criteria(form))
        limit = settings.PUBLICITY_EXPORT_MAX_ROWS
        if queryset.count() > limit:
            return HttpResponse(
                _("More than %(n)d decisions match: narrow the search to download it.") % {"n": limit},
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        try:
            return DECISIONS_EXPORT.response(queryset, request)
        except ValidationError as exc:
            return HttpResponse(" ".join(exc.messages), status=400, content_type="text/plain; charset=utf-8")


class DecisionFeed(Feed):
    """Atom feed of the newest publications."""

    feed_type = Atom1Feed

    def title(self) -> str:
        return _("Published enforcement decisions")

    def subtitle(self) -> str:
        return _("The newest decisions published by Shanghai's enforcement bodies.")

    def link(self) -> str:
        return reverse("publicity:search")

    def items(self) -> Any:
        return (
            search.public_decisions()
            .select_related("body")
            .order_by("-published_at", "-pk")[: settings.PUBLICITY_FEED_ITEMS]
        )

    def item_title(self, item: PublishedDecision) -> str:
        return f"{item.body.name}: {item.public_name} ({item.source_ref})"

    def item_description(self, item: PublishedDecision) -> str:
        return f"{item.violation}\n{item.content}"

    def item_pubdate(self, item: PublishedDecision) -> Any:
        return item.published_at

    def item_updateddate(self, item: PublishedDecision) -> Any:
        return item.updated_at

    def item_link(self, item: PublishedDecision) -> str:
        return item.get_absolute_url()


class FeedView(PlatformView):
    access = PUBLIC

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return DecisionFeed()(request)


class CorrectionCreateView(PageView):
    """The party's request to correct a published decision (公示规定 第十二条)."""

    access = LOGIN
    template_name = "publicity/correction_form.html"
    title = gettext_lazy("Request a correction")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["decision"] = _public(self.kwargs["pk"], None)
        context.setdefault("form", CorrectionForm())
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        decision = _public(self.kwargs["pk"], None)
        form = CorrectionForm(request.POST)
        if refuse_oversized(request, form) or not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            created = correction_submit(decision=decision, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errors in exc.error_dict.items():
                    for error in errors:
                        form.add_error(name if name in form.fields else None, error)
            else:
                form.add_error(None, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            return self.render_to_response(self.get_context_data(form=form), status=403)
        messages.success(
            request, _("Your request %(number)s was sent to the deciding body.") % {"number": created.tracking_number}
        )
        return redirect(created.get_absolute_url())


class CorrectionView(PageView):
    """The requester follows their request (anyone else: not found)."""

    access = LOGIN
    template_name = "publicity/correction.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        found = (
            CorrectionRequest.objects.restrict(self.request.user, VIEW)
            .filter(tracking_number=self.kwargs["number"])
            .select_related("decision")
            .first()
        )
        if found is None:
            raise Http404
        context = super().get_context_data(**kwargs)
        context.update(
            request_obj=found,
            title=found.tracking_number,
            events=history(found, for_submitter=True),
            today=timezone.localdate(),
        )
        return context
