"""Credit API of the records part (``/api/v1/credit/…``):

* ``catalogue/`` — the published catalogue's items, open to anyone (第十条: the catalogue is public);
* ``subjects/`` — staff with the role: search by ``q`` (name or code), a subject with its name history; natural
  persons' ID numbers masked;
* ``records/`` — staff, within their scope (the credit centre: all; a provider: its bodies); ``POST`` takes one
  record or a list of records (``{"records": [...]}``): each is checked by itself and the answer lists, per record,
  the created/updated record or its errors (400 when none was taken).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from fazhi.core.api import PolicyReadOnlyViewSet
from fazhi.core.permissions import ADD, VIEW, perm_codename, scopes_for
from fazhi.core.pii import mask_id_number
from fazhi.credit.catalogue import current_catalogue
from fazhi.credit.importer import parse_date, reason_of
from fazhi.credit.models import CatalogueItem, CreditRecord, Subject
from fazhi.credit.querylog import log_query
from fazhi.credit.records import CentrePolicy, RecordData, records_for, submit_record
from fazhi.credit.subjects import find_subject, normalise_code

MAX_RECORDS_PER_POST = 1000


class CreditCatalogueItemSerializer(serializers.ModelSerializer):
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    provider = serializers.SerializerMethodField()
    version = serializers.CharField(source="catalogue.version", read_only=True)

    class Meta:
        model = CatalogueItem
        fields = (
            "code",
            "name",
            "category",
            "category_label",
            "subject_kinds",
            "provider",
            "legal_basis",
            "disclosure",
            "disclosure_months",
            "queryable_by",
            "version",
        )

    def get_provider(self, item: CatalogueItem) -> str:
        return item.provider.name if item.provider else item.provider_description


class CreditSubjectSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="public_name")
    identifier = serializers.SerializerMethodField()
    names = serializers.SerializerMethodField()

    class Meta:
        model = Subject
        fields = ("id", "kind", "name", "identifier", "code_check", "names")

    def get_identifier(self, subject: Subject) -> str:
        return mask_id_number(subject.id_number) if subject.is_person else subject.credit_code

    def get_names(self, subject: Subject) -> list[dict[str, str]]:
        if subject.is_person:
            return []  # a person's earlier names are not given out
        return [{"name": n.name, "used_until": n.used_until.isoformat()} for n in subject.names.all()]


class CreditRecordSerializer(serializers.ModelSerializer):
    subject = CreditSubjectSerializer(read_only=True)
    item = serializers.CharField(source="item.code")
    item_name = serializers.CharField(source="item.name")
    provider = serializers.CharField(source="provider.code")
    status_label = serializers.CharField(source="get_status_display")

    class Meta:
        model = CreditRecord
        fields = (
            "id",
            "source_system",
            "source_ref",
            "subject",
            "item",
            "item_name",
            "provider",
            "title",
            "summary",
            "legal_basis",
            "amount",
            "decided_on",
            "act_ended_on",
            "queryable_until",
            "public_until",
            "earliest_repair",
            "status",
            "status_label",
            "hidden",
            "under_objection",
            "revoked_at",
            "deletion_due",
        )


class _StaffRead(permissions.BasePermission):
    """Staff who hold the view right on the endpoint's model somewhere; ``POST`` needs the add right."""

    message = gettext_lazy("This endpoint is for the credit staff.")

    def has_permission(self, request: Request, view: Any) -> bool:
        action = ADD if request.method == "POST" else VIEW
        return bool(scopes_for(request.user, perm_codename(view.model, action)))


class CatalogueViewSet(PolicyReadOnlyViewSet):
    """The items of the catalogue in force (anyone); ``?category=`` filters."""

    model = CatalogueItem
    serializer_class = CreditCatalogueItemSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "code"

    def get_queryset(self) -> QuerySet[CatalogueItem]:
        catalogue = current_catalogue()
        if catalogue is None:
            return CatalogueItem.objects.none()
        items = catalogue.items.select_related("provider", "catalogue").order_by("code")
        category = self.request.query_params.get("category")
        return items.filter(category=category) if category else items


class SubjectViewSet(PolicyReadOnlyViewSet):
    """Subjects for staff: ``?q=`` a name or an identifier (an ID number finds the person, never echoed)."""

    model = Subject
    serializer_class = CreditSubjectSerializer
    permission_classes = [_StaffRead]

    def get_queryset(self) -> QuerySet[Subject]:
        subjects = CentrePolicy(Subject).filter(Subject.objects.all(), self.request.user, VIEW)
        q = str(self.request.query_params.get("q") or "").strip()[:100]
        if self.action == "list" and q:
            found = find_subject(q)
            if found is not None:
                return subjects.filter(pk=found.pk)
            return subjects.filter(Q(name__icontains=q) | Q(credit_code=normalise_code(q)), kind="organisation")
        return subjects.order_by("pk")


class RecordViewSet(PolicyReadOnlyViewSet):
    """Records in the caller's scope (``?subject=<id>``, ``?item=``, ``?status=``); ``POST`` submits records."""

    model = CreditRecord
    serializer_class = CreditRecordSerializer
    permission_classes = [_StaffRead]

    def get_queryset(self) -> QuerySet[CreditRecord]:
        records = records_for(self.request.user).prefetch_related("subject__names")
        params = self.request.query_params
        if params.get("subject"):
            if not str(params["subject"]).isdigit():
                raise serializers.ValidationError({"subject": [_("A subject's id is a number.")]})
            records = records.filter(subject_id=int(params["subject"]))
        if params.get("item"):
            records = records.filter(item__code=params["item"])
        if params.get("status"):
            records = records.filter(status=params["status"])
        return records.order_by("-decided_on", "-pk")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        record = self.get_object()
        if record.subject.is_person:
            log_query(
                subject=record.subject,
                user=request.user,
                channel="api",
                purpose=str(request.query_params.get("purpose") or _("Record management through the API"))[:200],
                seen=f"{record.source_ref} {record.title}",
            )
        return Response(self.get_serializer(record).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payload = request.data
        items = payload.get("records") if isinstance(payload, dict) and "records" in payload else [payload]
        if not isinstance(items, list) or not items:
            return Response({"detail": _('Send a record, or {"records": [...]}.')}, status=status.HTTP_400_BAD_REQUEST)
        if len(items) > MAX_RECORDS_PER_POST:
            return Response(
                {"detail": _("At most %(max)s records per request.") % {"max": MAX_RECORDS_PER_POST}},
                status=status.HTTP_400_BAD_REQUEST,
            )
        results: list[dict[str, Any]] = []
        taken = 0
        for index, item in enumerate(items):
            try:
                record, created = submit_record(_record_data(item), request.user)
            except (ValidationError, PermissionDenied) as exc:
                results.append({"index": index, "errors": [reason_of(exc)]})
                continue
            taken += 1
            results.append({"index": index, "id": record.pk, "created": created, "source_ref": record.source_ref})
        code = (
            status.HTTP_400_BAD_REQUEST
            if taken == 0
            else (status.HTTP_201_CREATED if taken == len(items) else status.HTTP_207_MULTI_STATUS)
        )
        return Response({"taken": taken, "refused": len(items) - taken, "results": results}, status=code)


def _record_data(item: Any) -> RecordData:
    if not isinstance(item, dict):
        raise ValidationError(_("A record is a JSON object."))
    missing = [
        name
        for name in (
            "source_system",
            "source_ref",
            "item",
            "provider",
            "subject_kind",
            "subject_name",
            "title",
            "summary",
            "legal_basis",
            "decided_on",
        )
        if not str(item.get(name) or "").strip()
    ]
    if missing:
        raise ValidationError(_("Missing: %(columns)s.") % {"columns": ", ".join(missing)})
    decided_on = parse_date(item.get("decided_on"), "decided_on")
    assert isinstance(decided_on, dt.date)
    return RecordData(
        source_system=str(item["source_system"]),
        source_ref=str(item["source_ref"]),
        item=str(item["item"]),
        provider=str(item["provider"]),
        subject_kind=str(item["subject_kind"]),
        subject_name=str(item["subject_name"]),
        credit_code=str(item.get("credit_code") or ""),
        id_number=str(item.get("id_number") or ""),
        title=str(item["title"]),
        summary=str(item["summary"]),
        legal_basis=str(item["legal_basis"]),
        decided_on=decided_on,
        act_ended_on=parse_date(item.get("act_ended_on"), "act_ended_on"),
        amount=item.get("amount"),
        severe=bool(item.get("severe")),
    )
