"""The body's staff console: matters (and the catalogue import), officers, discretion standards with their versions,
no-penalty lists. Reads are scoped by the models' policies; writes go through the services (audited, citations
resolved, published versions frozen)."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.casework.services import history
from fazhi.core.permissions import ADD, CHANGE, VIEW, policy_of
from fazhi.core.views import (
    STAFF,
    ObjectCreateView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PageView,
    refuse_oversized,
)
from fazhi.enforcement import services
from fazhi.enforcement.catalogue import COLUMNS, import_matters, read_rows
from fazhi.enforcement.choices import ConditionKind, RatedKind
from fazhi.enforcement.forms import (
    BandForm,
    ExemptionItemForm,
    ExemptionListForm,
    FactorForm,
    ImportForm,
    MatterForm,
    OfficerForm,
    StandardForm,
    VersionForm,
)
from fazhi.enforcement.models import (
    ContactRating,
    DiscretionStandard,
    DiscretionStandardVersion,
    EnforcementMatter,
    EnforcementReport,
    ExemptionList,
    Officer,
)
from fazhi.enforcement.reports import report_photos
from fazhi.enforcement.rules import band_order, describe_clause
from fazhi.workflow.console import StepView, step_offers


def _say(error: ValidationError | PermissionDenied) -> str:
    return " ".join(getattr(error, "messages", [str(error)])) or _("You do not have permission to do this.")


class _FormPage(PageView):
    """A console form whose save goes through a service; the model's policy decides who may open it."""

    model: ClassVar[type[models.Model]]
    action: ClassVar[str] = ADD
    form_class: ClassVar[type[forms.Form]]
    template_name = "core/object_form.html"
    saved_message: ClassVar[Any] = gettext_lazy("Saved.")

    def check_access(self, request: HttpRequest) -> None:
        super().check_access(request)
        if not policy_of(self.model).allows(request.user, self.action):
            raise PermissionDenied(_("You do not have permission to do this."))

    def form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("form", self.form_class(**self.form_kwargs()))
        return super().get_context_data(**kwargs)

    def save(self, form: Any) -> Any:
        raise NotImplementedError

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.form_class(request.POST, request.FILES, **self.form_kwargs())
        if not refuse_oversized(request, form) and form.is_valid():
            try:
                saved = self.save(form)
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, _say(error))
            else:
                messages.success(request, self.saved_message)
                return redirect(self.saved_url(saved))
        return self.render_to_response(self.get_context_data(form=form))

    def saved_url(self, saved: Any) -> str:
        return str(saved.get_absolute_url())


# --- matters -------------------------------------------------------------------------------------------------------


class MatterListView(ObjectListView):
    model = EnforcementMatter
    queryset = EnforcementMatter.objects.select_related("body").prefetch_related("bases")
    template_name = "enforcement/console/matters.html"
    title = gettext_lazy("Enforcement matters")

    def get_queryset(self) -> Any:
        queryset = super().get_queryset()
        # The console lists what the person may change (not every public matter of the city).
        return policy_of(EnforcementMatter).granted(queryset, self.request.user, CHANGE)


def _matter_data(form: MatterForm, body: Any, code: str) -> services.MatterData:
    data = form.cleaned_data
    bases = tuple(("forbids", c) for c in services.split_citations(data["violated_article"])) + tuple(
        ("penalises", c) for c in services.split_citations(data["penalty_article"])
    )
    return services.MatterData(
        body=body,
        code=code,
        name=data["name"],
        kind=data["kind"],
        violation=data["violation"],
        bases=bases,
        is_published=data["is_published"],
    )


class MatterCreateView(_FormPage):
    model = EnforcementMatter
    form_class = MatterForm
    title = gettext_lazy("New enforcement matter")
    saved_message = gettext_lazy("Matter saved.")

    def save(self, form: Any) -> EnforcementMatter:
        if EnforcementMatter.objects.filter(body=form.cleaned_data["body"], code=form.cleaned_data["code"]).exists():
            raise ValidationError(_("The body already has a matter with this code."))
        matter, _status = services.matter_save(
            data=_matter_data(form, form.cleaned_data["body"], form.cleaned_data["code"]), user=self.request.user
        )
        return matter

    def saved_url(self, saved: Any) -> str:
        return reverse("enforcement_console:matters")


class MatterEditView(ObjectDetailView):
    model = EnforcementMatter
    action = CHANGE
    template_name = "core/object_form.html"

    def get_title(self) -> Any:
        return _("Edit %(name)s") % {"name": self.object}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("form", MatterForm(user=self.request.user, matter=self.object))
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = matter = self.get_object()
        form = MatterForm(request.POST, user=request.user, matter=matter)
        if not refuse_oversized(request, form) and form.is_valid():
            try:
                services.matter_save(data=_matter_data(form, matter.body, matter.code), user=request.user)
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, _say(error))
            else:
                messages.success(request, _("Matter saved."))
                return redirect("enforcement_console:matters")
        return self.render_to_response(self.get_context_data(form=form))


class ImportView(_FormPage):
    """Upload a matters catalogue (.xlsx or .csv): each row created, updated, unchanged or skipped with why."""

    model = EnforcementMatter
    form_class = ImportForm
    template_name = "enforcement/console/import.html"
    title = gettext_lazy("Import an enforcement-matters catalogue")

    def form_kwargs(self) -> dict[str, Any]:
        return {}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(columns=COLUMNS, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = ImportForm(request.POST, request.FILES)
        report = None
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = import_matters(read_rows(upload.read(), upload.name), user=request.user)
            except ValidationError as error:
                form.add_error("file", error)
        return self.render_to_response(self.get_context_data(form=form, report=report))


# --- officers ------------------------------------------------------------------------------------------------------


class OfficerListView(ObjectListView):
    model = Officer
    queryset = Officer.objects.select_related("body")
    template_name = "enforcement/console/officers.html"
    title = gettext_lazy("Enforcement officers")

    def get_queryset(self) -> Any:
        return policy_of(Officer).granted(super().get_queryset(), self.request.user, CHANGE)


class _OfficerSave:
    request: HttpRequest

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}  # type: ignore[misc]

    def get_success_url(self) -> str:
        return reverse("enforcement_console:officers")


class OfficerCreateView(_OfficerSave, ObjectCreateView):
    model = Officer
    form_class = OfficerForm
    template_name = "core/object_form.html"


class OfficerEditView(_OfficerSave, ObjectEditView):
    model = Officer
    form_class = OfficerForm
    template_name = "core/object_form.html"


# --- discretion standards ------------------------------------------------------------------------------------------


class StandardListView(ObjectListView):
    model = DiscretionStandard
    queryset = DiscretionStandard.objects.select_related("matter__body").prefetch_related("versions")
    template_name = "enforcement/console/standards.html"
    title = gettext_lazy("Discretion standards")

    def get_queryset(self) -> Any:
        return policy_of(DiscretionStandard).granted(super().get_queryset(), self.request.user, CHANGE)


class StandardCreateView(_FormPage):
    model = DiscretionStandard
    form_class = StandardForm
    title = gettext_lazy("New discretion standard")
    saved_message = gettext_lazy("Standard created: add its first version.")

    def save(self, form: Any) -> DiscretionStandard:
        return services.standard_create(
            matter=form.cleaned_data["matter"], title=form.cleaned_data["title"], user=self.request.user
        )

    def saved_url(self, saved: Any) -> str:
        return reverse("enforcement_console:standard", kwargs={"pk": saved.pk})


class StandardDetailView(ObjectDetailView):
    """A standard's versions, and the form that starts a new one (a copy of the latest, as a draft)."""

    model = DiscretionStandard
    queryset = DiscretionStandard.objects.select_related("matter__body")
    template_name = "enforcement/console/standard.html"

    def get_title(self) -> Any:
        return str(self.object)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("form", VersionForm())
        return super().get_context_data(
            versions=self.object.versions.order_by("-number"),
            can_change=policy_of(DiscretionStandard).allows(self.request.user, CHANGE, self.object),
            **kwargs,
        )


class VersionCreateView(ObjectDetailView):
    model = DiscretionStandard
    action = CHANGE
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        standard = self.get_object()
        form = VersionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the date the new version takes effect."))
            return redirect("enforcement_console:standard", pk=standard.pk)
        try:
            version = services.version_create(standard=standard, user=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _say(error))
            return redirect("enforcement_console:standard", pk=standard.pk)
        messages.success(request, _("Draft version %(number)s made.") % {"number": version.number})
        return redirect("enforcement_console:version", pk=version.pk)


class VersionDetailView(ObjectDetailView):
    """One version: its factors and bands; a draft is edited here and published."""

    model = DiscretionStandardVersion
    queryset = DiscretionStandardVersion.objects.select_related("standard__matter__body")
    template_name = "enforcement/console/version.html"

    def get_title(self) -> Any:
        return str(self.object)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        version = self.object
        factors = list(version.factors.all())
        questions = {f.key: f.question for f in factors}
        bands = [(b, [describe_clause(c, questions) for c in b.conditions]) for b in band_order(version.bands.all())]
        editable = version.published_at is None and policy_of(DiscretionStandardVersion).allows(
            self.request.user, CHANGE, version
        )
        kwargs.setdefault("factor_form", FactorForm())
        kwargs.setdefault("band_form", BandForm())
        return super().get_context_data(
            factors=factors,
            bands=bands,
            editable=editable,
            problems=services.version_problems(version) if editable else [],
            **kwargs,
        )


class _VersionAction(VersionDetailView):
    action = CHANGE
    http_method_names = ["post"]

    def act(self, version: DiscretionStandardVersion, request: HttpRequest) -> str | None:
        """Do it; a message on success, ``None`` when the form came back with errors (re-rendered)."""
        raise NotImplementedError

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = version = self.get_object()
        try:
            done = self.act(version, request)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _say(error))
            return redirect("enforcement_console:version", pk=version.pk)
        if done is None:
            return self.render_to_response(self.get_context_data(**self.forms))
        messages.success(request, done)
        return redirect(self.after(version))

    forms: dict[str, Any] = {}

    def after(self, version: DiscretionStandardVersion) -> str:
        return reverse("enforcement_console:version", kwargs={"pk": version.pk})


class FactorAddView(_VersionAction):
    def act(self, version: DiscretionStandardVersion, request: HttpRequest) -> str | None:
        form = FactorForm(request.POST)
        if not form.is_valid():
            self.forms = {"factor_form": form}
            return None
        try:
            services.factor_save(version=version, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            self.forms = {"factor_form": form}
            return None
        return _("Factor saved.")


class BandSetView(_VersionAction):
    def act(self, version: DiscretionStandardVersion, request: HttpRequest) -> str | None:
        form = BandForm(request.POST)
        if not form.is_valid():
            self.forms = {"band_form": form}
            return None
        try:
            services.band_save(version=version, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            self.forms = {"band_form": form}
            return None
        return _("Band saved.")


class VersionPublishView(_VersionAction):
    def act(self, version: DiscretionStandardVersion, request: HttpRequest) -> str | None:
        services.version_publish(version=version, user=request.user)
        return _("Version published: from its date it applies to new acts, and it no longer changes.")


class VersionDeleteView(_VersionAction):
    def act(self, version: DiscretionStandardVersion, request: HttpRequest) -> str | None:
        services.version_delete(version=version, user=request.user)
        return _("Draft deleted.")

    def after(self, version: DiscretionStandardVersion) -> str:
        return reverse("enforcement_console:standard", kwargs={"pk": version.standard_id})


# --- no-penalty lists ----------------------------------------------------------------------------------------------


class ListListView(ObjectListView):
    model = ExemptionList
    queryset = ExemptionList.objects.select_related("body")
    template_name = "enforcement/console/lists.html"
    title = gettext_lazy("No-penalty lists")

    def get_queryset(self) -> Any:
        return policy_of(ExemptionList).granted(super().get_queryset(), self.request.user, CHANGE)


class ListCreateView(_FormPage):
    model = ExemptionList
    form_class = ExemptionListForm
    title = gettext_lazy("New no-penalty list")
    saved_message = gettext_lazy("List saved: add its items.")

    def save(self, form: Any) -> ExemptionList:
        return services.exemption_list_create(user=self.request.user, **form.cleaned_data)

    def saved_url(self, saved: Any) -> str:
        return reverse("enforcement_console:list", kwargs={"pk": saved.pk})


class ListDetailView(ObjectDetailView):
    model = ExemptionList
    queryset = ExemptionList.objects.select_related("body")
    template_name = "enforcement/console/list.html"

    def get_title(self) -> Any:
        return str(self.object)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        the_list = self.object
        can_change = policy_of(ExemptionList).allows(self.request.user, CHANGE, the_list)
        if can_change:
            kwargs.setdefault("form", ExemptionItemForm(exemption_list=the_list))
        return super().get_context_data(
            items=the_list.items.prefetch_related("conditions", "matters"), can_change=can_change, **kwargs
        )


class ItemAddView(ListDetailView):
    action = CHANGE
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = the_list = self.get_object()
        form = ExemptionItemForm(request.POST, exemption_list=the_list)
        if not refuse_oversized(request, form) and form.is_valid():
            data = form.cleaned_data
            conditions = [
                services.ConditionData(kind)
                for kind, wanted in (
                    (ConditionKind.FIRST_VIOLATION, data["first_violation"]),
                    (ConditionKind.NO_FAULT, data["no_fault"]),
                )
                if wanted
            ]
            if data["harm"]:
                conditions.append(services.ConditionData(data["harm"]))
            if data["corrected"]:
                conditions.append(services.ConditionData(ConditionKind.CORRECTED, days=data["corrected_days"]))
            try:
                services.exemption_item_save(
                    exemption_list=the_list,
                    title=data["title"],
                    matters=data["matters"],
                    mandatory=data["mandatory"],
                    education=data["education"],
                    conditions=conditions,
                    user=request.user,
                )
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, _say(error))
            else:
                messages.success(request, _("Item added."))
                return redirect("enforcement_console:list", pk=the_list.pk)
        return self.render_to_response(self.get_context_data(form=form))


# --- reports of violations (上海市城市管理行政执法条例 第二十六条) and ratings ----------------------------------------


class ReportQueueView(ObjectListView):
    """The body's reports, open ones first by the deadline of what must happen next; the reporter masked."""

    model = EnforcementReport
    access = STAFF
    template_name = "enforcement/console/reports.html"
    title = gettext_lazy("Reports of violations")

    def get_queryset(self) -> Any:
        reports = EnforcementReport.objects.select_related("organisation", "street").order_by(
            models.F("closed_at").asc(nulls_first=True), models.F("due_at").asc(nulls_last=True), "-pk"
        )
        return EnforcementReport.policy.granted(reports, self.request.user, VIEW)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["ratings"] = ContactRating.policy.granted(
            ContactRating.objects.select_related("body"), self.request.user, VIEW
        )[:50]
        return context


class ReportConsoleView(ObjectDetailView):
    access = STAFF
    model = EnforcementReport
    template_name = "enforcement/console/report.html"

    def get_queryset(self) -> Any:
        return EnforcementReport.policy.granted(
            EnforcementReport.objects.select_related("organisation", "district", "street", "transferred_from"),
            self.request.user,
            VIEW,
        )

    def get_title(self) -> Any:
        return _("Report %(number)s") % {"number": self.object.tracking_number}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            steps=step_offers(self.object, self.request.user, "enforcement_console:report_step"),
            events=history(self.object, for_submitter=False),
            photos=report_photos(self.object),
            rating=ContactRating.objects.filter(kind=RatedKind.REPORT, subject_ref=self.object.tracking_number).first(),
        )
        return context


class ReportStepView(StepView):
    model = EnforcementReport
    access = STAFF

    def get_queryset(self) -> Any:
        return EnforcementReport.policy.granted(EnforcementReport.objects.all(), self.request.user, VIEW)

    def detail_url(self, obj: Any) -> str:
        if not EnforcementReport.policy.allows(self.request.user, VIEW, obj):  # transferred out of our scope
            return reverse("enforcement_console:reports")
        return reverse("enforcement_console:report", kwargs={"pk": obj.pk})
