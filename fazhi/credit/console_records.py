"""Staff console of the records part (``/console/credit/``): records (filters, detail, deletion on revocation), the
catalogue's versions and items (draft, public comment, publication), subjects (search, name history), the reviewed
pilot codes, lists and their entries, commitments, and the import page; and the public page of the published lists.

Access: the credit centre's staff work on everything; a providing body's staff see and write the records of their
own bodies (``records.records_for``); leaders and evaluators read. A look at a natural person's records is logged
(``querylog.log_query``: who, why, what was seen).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.permissions import ADD, CHANGE, VIEW, perm_codename, scopes_for
from fazhi.core.views import PUBLIC, STAFF, PageView, refuse_oversized
from fazhi.credit import catalogue as catalogue_services
from fazhi.credit import lists as list_services
from fazhi.credit.choices import CatalogueStatus, QueryChannel, RecordStatus
from fazhi.credit.forms_records import (
    AssessForm,
    CatalogueDraftForm,
    CatalogueItemForm,
    CommitmentForm,
    ImportForm,
    ListDefinitionForm,
    ListEntryForm,
    PilotCodeForm,
    ReasonForm,
    RecordFilterForm,
    SubjectSearchForm,
)
from fazhi.credit.importer import RECORD_REQUIRED, SUBJECT_REQUIRED, import_records, read_table
from fazhi.credit.models import (
    Catalogue,
    Commitment,
    CreditRecord,
    ListDefinition,
    ListEntry,
    PilotCode,
    Subject,
)
from fazhi.credit.querylog import log_query
from fazhi.credit.records import CentrePolicy, basis_url, body_by_code, delete_record, records_for
from fazhi.credit.subjects import find_subject, import_subjects, normalise_code, review_pilot_code

IMPORT_MAX_BYTES = 20 * 1024 * 1024  # larger files: `fazhi credit import-records`


def _messages_of(exc: ValidationError | PermissionDenied) -> str:
    return " ".join(getattr(exc, "messages", None) or [str(exc)])


class _Console(PageView):
    """A console page of credit: ``model`` and ``action`` say what the user must be allowed (``CentrePolicy``:
    reading for staff with the role, writing for the credit centre; records follow their own scope)."""

    access = STAFF
    model: ClassVar[Any] = CreditRecord
    action: ClassVar[str] = VIEW
    post_action: ClassVar[str] = CHANGE

    def policy(self) -> CentrePolicy:
        return CentrePolicy(self.model)

    def check_access(self, request: HttpRequest) -> None:
        super().check_access(request)
        action = self.post_action if request.method == "POST" else self.action
        if self.model is CreditRecord:
            allowed = bool(scopes_for(request.user, perm_codename(CreditRecord, action)))
        else:
            allowed = self.policy().allows_any(request.user, action)
        if not allowed:
            raise PermissionDenied(_("You do not have permission to do this."))


# --- records ----------------------------------------------------------------------------------------------------


class RecordListView(_Console):
    template_name = "credit/records_list.html"
    title = gettext_lazy("Credit records")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = RecordFilterForm(self.request.GET or None)
        records: QuerySet[CreditRecord] = records_for(self.request.user)
        if form.is_valid():
            q = form.cleaned_data["q"].strip()
            if q:
                subject = find_subject(q)
                match = Q(source_ref__icontains=q) | Q(title__icontains=q) | Q(subject__name__icontains=q)
                records = records.filter(match | Q(subject=subject) if subject else match)
            if form.cleaned_data["item"]:
                records = records.filter(item__code=form.cleaned_data["item"].strip())
            if form.cleaned_data["status"]:
                records = records.filter(status=form.cleaned_data["status"])
            if form.cleaned_data["due"]:
                records = records.filter(revoked_at__isnull=False).exclude(status=RecordStatus.DELETED)
        elif form.is_bound:
            records = records.none()
        context.update(
            form=form,
            records=records[:200],
            may_import=bool(scopes_for(self.request.user, perm_codename(CreditRecord, ADD))),
        )
        return context


class RecordDetailView(_Console):
    template_name = "credit/records_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        record = get_object_or_404(records_for(self.request.user), pk=kwargs["pk"])
        if record.subject.is_person:
            log_query(
                subject=record.subject,
                user=self.request.user,
                channel=QueryChannel.CONSOLE,
                purpose=_("Record management in the console"),
                seen=f"{record.source_ref} {record.title}",
            )
        may_delete = (
            record.revoked_at is not None
            and record.status != RecordStatus.DELETED
            and records_for(self.request.user, CHANGE).filter(pk=record.pk).exists()
        )
        context.update(
            title=record.title,
            record=record,
            basis_url=basis_url(record.item),
            may_delete=may_delete,
            form=ReasonForm(),
        )
        return context


class RecordDeleteView(_Console):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        record = get_object_or_404(records_for(request.user), pk=kwargs["pk"])
        form = ReasonForm(request.POST)
        target = reverse("credit_console:record", kwargs={"pk": record.pk})
        if refuse_oversized(request, form) or not form.is_valid():
            messages.error(request, _("Give the reason for the deletion."))
            return redirect(target)
        try:
            delete_record(record, user=request.user, reason=form.cleaned_data["reason"])
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _messages_of(exc))
        else:
            messages.success(request, _("Deleted: the record left every view (第三十七条)."))
        return redirect(target)


# --- the catalogue ------------------------------------------------------------------------------------------------


class CatalogueListView(_Console):
    model = Catalogue
    template_name = "credit/records_catalogues.html"
    title = gettext_lazy("Credit information catalogue")
    post_action = ADD

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", CatalogueDraftForm())
        context.update(
            catalogues=Catalogue.objects.all(),
            current=catalogue_services.current_catalogue(),
            may_edit=self.policy().allows_any(self.request.user, ADD),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = CatalogueDraftForm(request.POST)
        if refuse_oversized(request, form) or not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            draft = catalogue_services.draft_catalogue(**form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, _messages_of(exc))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, _("Draft created with the items of the version in force."))
        return redirect("credit_console:catalogue", pk=draft.pk)


class CatalogueDetailView(_Console):
    model = Catalogue
    template_name = "credit/records_catalogue.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        catalogue = get_object_or_404(Catalogue, pk=kwargs["pk"])
        context.setdefault("form", CatalogueItemForm(initial={"subject_kinds": ["organisation", "person"]}))
        context.update(
            title=str(catalogue),
            catalogue=catalogue,
            items=catalogue.items.select_related("provider", "basis_work"),
            may_edit=catalogue.status == CatalogueStatus.DRAFT and self.policy().allows_any(self.request.user, CHANGE),
            may_publish=catalogue.status in (CatalogueStatus.DRAFT, CatalogueStatus.CONSULTATION)
            and self.policy().allows_any(self.request.user, CHANGE),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        catalogue = get_object_or_404(Catalogue, pk=kwargs["pk"])
        form = CatalogueItemForm(request.POST)
        if refuse_oversized(request, form) or not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, **kwargs), status=400)
        values = dict(form.cleaned_data)
        values["subject_kinds"] = ",".join(values["subject_kinds"])
        try:
            catalogue_services.save_item(catalogue, catalogue_services.ItemData(**values))
        except ValidationError as exc:
            form.add_error(None, _messages_of(exc))
            return self.render_to_response(self.get_context_data(form=form, **kwargs), status=400)
        messages.success(request, _("Item saved in the draft."))
        return redirect("credit_console:catalogue", pk=catalogue.pk)


class CatalogueActionView(_Console):
    """``consult`` (put out for public comment), ``publish``, ``remove`` (an item of a draft: ``code``)."""

    model = Catalogue
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        catalogue = get_object_or_404(Catalogue, pk=kwargs["pk"])
        action = kwargs["action"]
        try:
            if action == "consult":
                centre = getattr(request.user, "organisation", None)
                if centre is None:
                    raise ValidationError(_("Your account belongs to no body that could run the consultation."))
                consultation = catalogue_services.put_out_for_comment(catalogue, organisation=centre, user=request.user)
                messages.success(
                    request,
                    _("Out for public comment until %(day)s (第十条).") % {"day": consultation.closes_on},
                )
            elif action == "publish":
                catalogue_services.publish_catalogue(catalogue, user=request.user)
                messages.success(request, _("Published: this version is in force."))
            elif action == "remove":
                catalogue_services.remove_item(catalogue, str(request.POST.get("code", ""))[:30])
                messages.success(request, _("Item removed from the draft."))
            else:
                raise Http404
        except ValidationError as exc:
            messages.error(request, _messages_of(exc))
        return redirect("credit_console:catalogue", pk=catalogue.pk)


# --- subjects and pilot codes ---------------------------------------------------------------------------------


class SubjectListView(_Console):
    model = Subject
    template_name = "credit/records_subjects.html"
    title = gettext_lazy("Credit subjects")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = SubjectSearchForm(self.request.GET or None)
        subjects = Subject.objects.none()
        if form.is_valid() and form.cleaned_data["q"].strip():
            q = form.cleaned_data["q"].strip()
            found = find_subject(q)
            if found is not None:
                subjects = Subject.objects.filter(pk=found.pk)
            else:  # by name: organisations, and persons by their current or earlier name
                subjects = Subject.objects.filter(
                    Q(name__icontains=q) | Q(names__name__icontains=q) | Q(credit_code=normalise_code(q))
                ).distinct()
        context.update(form=form, subjects=subjects[:100])
        return context


class SubjectDetailView(_Console):
    model = Subject
    template_name = "credit/records_subject.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        subject = get_object_or_404(Subject, pk=kwargs["pk"])
        records = records_for(self.request.user).filter(subject=subject)
        if subject.is_person:
            log_query(
                subject=subject,
                user=self.request.user,
                channel=QueryChannel.CONSOLE,
                purpose=_("Subject management in the console"),
                seen=", ".join(r.source_ref for r in records[:50]) or "-",
            )
        context.update(
            title=subject.public_name,
            subject=subject,
            names=subject.names.all(),
            records=records,
            entries=subject.list_entries.select_related("listing"),
            commitments=subject.commitments.select_related("body"),
        )
        return context


class PilotCodeView(_Console):
    model = PilotCode
    template_name = "credit/records_pilot_codes.html"
    title = gettext_lazy("Reviewed pilot codes")
    post_action = ADD

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", PilotCodeForm())
        context.update(
            codes=PilotCode.objects.select_related("reviewed_by"),
            may_add=self.policy().allows_any(self.request.user, ADD),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = PilotCodeForm(request.POST)
        if refuse_oversized(request, form) or not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            review_pilot_code(form.cleaned_data["code"], note=form.cleaned_data["note"], user=request.user)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, _messages_of(exc))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, _("The code is on the allow-list."))
        return redirect("credit_console:pilot_codes")


# --- lists and commitments ------------------------------------------------------------------------------------


class ListsConsoleView(_Console):
    model = ListDefinition
    template_name = "credit/records_lists_console.html"
    title = gettext_lazy("Credit lists")

    def check_access(self, request: HttpRequest) -> None:
        # Defining a list is for a body's staff (the service checks the body) or the credit centre.
        if request.method == "POST":
            PageView.check_access(self, request)
            if not scopes_for(request.user, "credit.add_listdefinition"):
                raise PermissionDenied(_("You do not have permission to do this."))
            return
        super().check_access(request)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ListDefinitionForm())
        context["lists"] = ListDefinition.objects.select_related("body")
        context["may_define"] = bool(scopes_for(self.request.user, "credit.add_listdefinition"))
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = ListDefinitionForm(request.POST)
        if refuse_oversized(request, form) or not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        values = dict(form.cleaned_data)
        try:
            values["body"] = body_by_code(values["body"])
            listing = list_services.define_list(user=request.user, **values)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, _messages_of(exc))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, _("List defined."))
        return redirect("credit_console:list", pk=listing.pk)


class ListConsoleView(_Console):
    model = ListDefinition
    template_name = "credit/records_list_console.html"
    post_action = ADD

    def check_access(self, request: HttpRequest) -> None:
        # Adding an entry is for the listing body's staff (checked by the service) or the credit centre.
        if request.method == "POST":
            PageView.check_access(self, request)
            if not scopes_for(request.user, "credit.add_listentry"):
                raise PermissionDenied(_("You do not have permission to do this."))
            return
        super().check_access(request)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        listing = get_object_or_404(ListDefinition.objects.select_related("body"), pk=kwargs["pk"])
        context.setdefault("form", ListEntryForm())
        context.update(
            title=listing.name,
            listing=listing,
            entries=listing.entries.select_related("subject", "record"),
            exit_form=ReasonForm(),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        listing = get_object_or_404(ListDefinition, pk=kwargs["pk"])
        form = ListEntryForm(request.POST)
        if refuse_oversized(request, form) or not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, **kwargs), status=400)
        subject = find_subject(form.cleaned_data["identifier"])
        try:
            if subject is None:
                raise ValidationError(_("No subject with this identifier is known to the platform."))
            record = None
            if form.cleaned_data["record_ref"]:
                record = (
                    records_for(request.user)
                    .filter(subject=subject, source_ref=form.cleaned_data["record_ref"].strip())
                    .first()
                )
                if record is None:
                    raise ValidationError(_("The subject has no such record."))
            list_services.add_entry(
                listing,
                subject,
                reason=form.cleaned_data["reason"],
                user=request.user,
                record=record,
                exits_on=form.cleaned_data["exits_on"],
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, _messages_of(exc))
            return self.render_to_response(self.get_context_data(form=form, **kwargs), status=400)
        messages.success(request, _("The subject was put on the list, with the reason."))
        return redirect("credit_console:list", pk=listing.pk)


class ListExitView(_Console):
    model = ListEntry
    http_method_names = ["post"]

    def check_access(self, request: HttpRequest) -> None:
        PageView.check_access(self, request)
        if not scopes_for(request.user, "credit.change_listentry"):
            raise PermissionDenied(_("You do not have permission to do this."))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        entry = get_object_or_404(ListEntry, pk=kwargs["pk"])
        form = ReasonForm(request.POST)
        if refuse_oversized(request, form) or not form.is_valid():
            messages.error(request, _("Give the reason."))
        else:
            try:
                list_services.remove_entry(entry, reason=form.cleaned_data["reason"], user=request.user)
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, _messages_of(exc))
            else:
                messages.success(request, _("The subject left the list, with the reason."))
        return redirect("credit_console:list", pk=entry.listing_id)


class CommitmentsView(_Console):
    model = Commitment
    template_name = "credit/records_commitments.html"
    title = gettext_lazy("Credit commitments")

    def check_access(self, request: HttpRequest) -> None:
        PageView.check_access(self, request)
        action = ADD if request.method == "POST" else VIEW
        if not scopes_for(request.user, perm_codename(Commitment, action)):
            raise PermissionDenied(_("You do not have permission to do this."))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", CommitmentForm())
        context.update(
            commitments=list_services.commitments_for(self.request.user)[:200],
            assess_form=AssessForm(),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = CommitmentForm(request.POST)
        if refuse_oversized(request, form) or not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            subject = find_subject(form.cleaned_data["identifier"])
            if subject is None:
                raise ValidationError(_("No subject with this identifier is known to the platform."))
            list_services.record_commitment(
                subject,
                body=body_by_code(form.cleaned_data["body"]),
                matter=form.cleaned_data["matter"],
                content=form.cleaned_data["content"],
                made_on=form.cleaned_data["made_on"],
                user=request.user,
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, _messages_of(exc))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, _("Commitment recorded."))
        return redirect("credit_console:commitments")


class CommitmentAssessView(_Console):
    model = Commitment
    http_method_names = ["post"]

    def check_access(self, request: HttpRequest) -> None:
        PageView.check_access(self, request)
        if not scopes_for(request.user, perm_codename(Commitment, CHANGE)):
            raise PermissionDenied(_("You do not have permission to do this."))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        commitment = get_object_or_404(list_services.commitments_for(request.user), pk=kwargs["pk"])
        form = AssessForm(request.POST)
        if refuse_oversized(request, form) or not form.is_valid():
            messages.error(request, _("Choose kept or broken and give the finding."))
        else:
            try:
                list_services.assess_commitment(
                    commitment, kept=form.cleaned_data["kept"], note=form.cleaned_data["note"], user=request.user
                )
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, _messages_of(exc))
            else:
                messages.success(request, _("Assessed."))
        return redirect("credit_console:commitments")


# --- import ---------------------------------------------------------------------------------------------------


class ImportView(_Console):
    """Upload records (the provider's bodies only) or subjects (the credit centre) as CSV or Excel."""

    template_name = "credit/records_import.html"
    title = gettext_lazy("Import credit records")
    action = ADD
    post_action = ADD

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ImportForm())
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = ImportForm(request.POST, request.FILES)
        if refuse_oversized(request, form) or not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        upload = form.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            form.add_error(
                "file", _("The file is too large for an upload: use the command `fazhi credit import-records`.")
            )
            return self.render_to_response(self.get_context_data(form=form), status=400)
        what = form.cleaned_data["what"]
        try:
            if what == "subjects":
                if not CentrePolicy(Subject).allows_any(request.user, ADD):
                    raise PermissionDenied(_("Only the credit centre's staff import subjects."))
                report = import_subjects(read_table(upload, upload.name, SUBJECT_REQUIRED))
            else:
                if not form.cleaned_data["source_system"]:
                    raise ValidationError(_("Name the source system of the records."))
                report = import_records(
                    read_table(upload, upload.name, RECORD_REQUIRED),
                    source_system=form.cleaned_data["source_system"],
                    user=request.user,
                )
        except (ValidationError, PermissionDenied, ValueError, OSError) as exc:
            form.add_error(
                "file",
                _messages_of(exc) if not isinstance(exc, (ValueError, OSError)) else _("The file cannot be read."),
            )
            return self.render_to_response(self.get_context_data(form=form), status=400)
        return self.render_to_response(self.get_context_data(form=ImportForm(), report=report))


# --- public ---------------------------------------------------------------------------------------------------


class PublicCatalogueView(PageView):
    """The catalogue in force, item by item: what is taken, of which kind, from whom, on what legal basis, how far
    and how long it is disclosed (第九条–第十一条: published, and nothing outside it is taken)."""

    access = PUBLIC
    template_name = "credit/records_catalogue_public.html"
    title = gettext_lazy("Public credit information catalogue")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        catalogue = catalogue_services.current_catalogue()
        context["catalogue"] = catalogue
        context["items"] = (
            [
                (item, basis_url(item))
                for item in catalogue.items.select_related("provider", "basis_work").order_by("category", "code")
            ]
            if catalogue is not None
            else []
        )
        return context


class PublicListsView(PageView):
    """The published lists with their entry and exit conditions and remedies (第二十五条), and who is on them: an
    organisation by name and code, a natural person never by more than the masked name."""

    access = PUBLIC
    template_name = "credit/records_lists.html"
    title = gettext_lazy("Credit lists")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        lists = list(list_services.published_lists())
        for listing in lists:
            listing.current = list(list_services.current_entries(listing)[:200])
        context["lists"] = lists
        return context
