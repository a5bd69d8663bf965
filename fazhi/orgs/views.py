from typing import Any

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.attachments.services import attachments_of
from fazhi.core.permissions import CHANGE, policy_of
from fazhi.core.views import PUBLIC, ObjectCreateView, ObjectDetailView, ObjectEditView, ObjectListView
from fazhi.orgs.filtersets import OrganisationFilterSet
from fazhi.orgs.forms import OrganisationForm
from fazhi.orgs.models import Organisation


class OrganisationListView(ObjectListView):
    """The public directory: districts first, then drill down."""

    access = PUBLIC
    model = Organisation
    filterset_class = OrganisationFilterSet
    template_name = "orgs/organisation_list.html"
    results_template_name = "orgs/_organisation_results.html"

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset().select_related("parent")
        if not self.request.GET:
            queryset = queryset.filter(depth__lte=1)  # the city and its districts
        return queryset.annotate(child_count=Count("children")).order_by("path")


class OrganisationDetailView(ObjectDetailView):
    access = PUBLIC
    model = Organisation
    slug_field = slug_url_kwarg = "code"
    template_name = "orgs/organisation_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        org = self.object
        children = Organisation.objects.restrict(self.request.user).filter(parent=org)
        context.update(
            ancestors=org.ancestors(),
            divisions=children.exclude(kind="body"),
            bodies=children.filter(kind="body"),
            attachments=attachments_of(org, self.request.user),
            can_change=policy_of(Organisation).allows(self.request.user, CHANGE, org),
        )
        return context


class OrganisationCreateView(ObjectCreateView):
    model = Organisation
    form_class = OrganisationForm
    template_name = "core/object_form.html"
    success_message = _("Organisation saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self) -> dict[str, Any]:
        return {"parent": self.request.GET.get("parent")} if self.request.GET.get("parent", "").isdigit() else {}

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()


class OrganisationEditView(ObjectEditView):
    model = Organisation
    form_class = OrganisationForm
    slug_field = slug_url_kwarg = "code"
    template_name = "core/object_form.html"
    success_message = _("Organisation saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_success_url(self) -> str:
        return reverse("orgs:detail", kwargs={"code": self.object.code})
