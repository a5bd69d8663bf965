"""Public pages (no login): who enforces what — each body's powers with their articles, its officers (name,
certificate number, area only), its discretion standards and no-penalty lists — and the no-penalty self-check,
which runs the same engine the officers use (``rules.check_exemption``)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.permissions import VIEW
from fazhi.core.views import PUBLIC, ObjectDetailView, PageView
from fazhi.enforcement.forms import SelfCheckForm
from fazhi.enforcement.models import (
    DiscretionStandard,
    EnforcementMatter,
    ExemptionItem,
    ExemptionList,
    Officer,
)
from fazhi.enforcement.rules import band_order, check_exemption, describe_clause, items_covering, questions_for
from fazhi.orgs.models import Organisation


def _matters(user: Any) -> Any:
    return EnforcementMatter.objects.restrict(user, VIEW)


class HomeView(PageView):
    """The bodies that publish powers, and a search over their matters."""

    access = PUBLIC
    template_name = "enforcement/home.html"
    title = _("Administrative enforcement")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        query = self.request.GET.get("q", "").strip()[:100]
        bodies = (
            Organisation.objects.filter(enforcement_matters__in=_matters(user))
            .annotate(n=Count("enforcement_matters", distinct=True))
            .order_by("path")
        )
        found = []
        if query:
            found = list(
                _matters(user)
                .filter(Q(name__icontains=query) | Q(violation__icontains=query))
                .select_related("body")[:50]
            )
        return super().get_context_data(bodies=bodies, query=query, found=found, **kwargs)


class BodyView(PageView):
    """One body's published powers, officers, standards and no-penalty lists (行政处罚法 第三十四条、第三十九条)."""

    access = PUBLIC
    template_name = "enforcement/body.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        body = get_object_or_404(Organisation, code=self.kwargs["code"])
        matters = list(_matters(user).filter(body=body).prefetch_related("bases__work"))
        officers = Officer.objects.restrict(user, VIEW).filter(body=body).only("name", "certificate_number", "area")
        standards = DiscretionStandard.objects.restrict(user, VIEW).filter(matter__body=body).select_related("matter")
        lists = ExemptionList.objects.restrict(user, VIEW).filter(body=body)
        if not (matters or officers.exists() or lists.exists()):
            raise Http404
        return super().get_context_data(
            body=body,
            title=body.name,
            matters=matters,
            officers=officers,
            standards=standards,
            lists=lists,
            **kwargs,
        )


class MatterView(ObjectDetailView):
    access = PUBLIC
    model = EnforcementMatter
    template_name = "enforcement/matter.html"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("body").prefetch_related("bases__work")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        matter = self.object
        items = items_covering(matter, timezone.localdate())
        standard = DiscretionStandard.objects.restrict(self.request.user, VIEW).filter(matter=matter).first()
        return super().get_context_data(title=matter.name, items=items, standard=standard, **kwargs)


class StandardView(ObjectDetailView):
    """A standard's table of bands and factors, in the version asked (``?version=``) or the one in force today."""

    access = PUBLIC
    model = DiscretionStandard
    template_name = "enforcement/standard.html"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("matter__body")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        standard = self.object
        versions = list(standard.versions.filter(published_at__isnull=False).order_by("-number"))
        asked = self.request.GET.get("version", "")
        if asked.isdigit():
            version = next((v for v in versions if v.number == int(asked)), None)
            if version is None:
                raise Http404
        else:
            version = standard.version_on(timezone.localdate()) or (versions[-1] if versions else None)
        factors = list(version.factors.select_related("work")) if version else []
        questions = {f.key: f.question for f in factors}
        bands = [
            (band, [describe_clause(c, questions) for c in band.conditions])
            for band in (band_order(version.bands.all()) if version else [])
        ]
        return super().get_context_data(
            title=standard.title, version=version, versions=versions, factors=factors, bands=bands, **kwargs
        )


class ListView(ObjectDetailView):
    access = PUBLIC
    model = ExemptionList
    template_name = "enforcement/list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        items = (
            ExemptionItem.objects.filter(exemption_list=self.object)
            .prefetch_related("conditions", "matters")
            .order_by("position", "pk")
        )
        return super().get_context_data(title=self.object.title, items=items, **kwargs)


class SelfCheckView(PageView):
    """ "May this be exempted?": pick a matter (search by name), answer the conditions the lists ask, and see each
    condition met or not and why — the same check an officer runs."""

    access = PUBLIC
    template_name = "enforcement/check.html"
    title = _("No-penalty self-check")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        params = self.request.GET
        query = params.get("q", "").strip()[:100]
        context: dict[str, Any] = {"query": query, "matter": None, "form": None, "checks": None}
        matters = _matters(self.request.user)
        if query:
            context["found"] = list(
                matters.filter(Q(name__icontains=query) | Q(violation__icontains=query), exemption_items__isnull=False)
                .distinct()
                .select_related("body")[:50]
            )
        matter_id = params.get("matter", "")
        if matter_id:
            if not matter_id.isdigit():
                raise Http404
            matter = get_object_or_404(matters.select_related("body"), pk=int(matter_id))
            items = items_covering(matter, timezone.localdate())
            questions = questions_for(items)
            submitted = "check" in params
            form = SelfCheckForm(params if submitted else None, questions=questions)
            context.update(matter=matter, form=form, items=items)
            if submitted and form.is_valid():
                try:
                    context["checks"] = check_exemption(matter, form.answers())
                except ValidationError as error:
                    form.add_error(None, error)
        return super().get_context_data(**context, **kwargs)
