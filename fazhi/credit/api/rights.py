"""The API of the subject's rights: the applicant's own records (with the repair conditions of each), its
objections and repair applications (list, create, detail), and staff's steps on them
(``POST …/{id}/steps/{step}/``, the same services as the console)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from fazhi.core.api import PolicyReadOnlyViewSet
from fazhi.credit import access, rights
from fazhi.credit.models import TEXT_MAX, CreditRecord, Objection, RepairApplication
from fazhi.credit.workflow import OBJECTION_WORKFLOW, REPAIR_WORKFLOW
from fazhi.workflow.api import WorkflowStepsMixin, step_policy_actions, with_steps


def _drf_error(exc: ValidationError | PermissionDenied) -> exceptions.APIException:
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied(str(exc))
    return exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})


class CreditOwnRecordSerializer(serializers.ModelSerializer):
    """One of the caller's own records with every date of 第十七条 and, for a failing one, its repair conditions."""

    item = serializers.CharField(source="item.name", read_only=True)
    category = serializers.CharField(source="item.category", read_only=True)
    provider = serializers.CharField(source="provider.name", read_only=True)
    repair_conditions = serializers.SerializerMethodField()

    class Meta:
        model = CreditRecord
        fields = (
            "id",
            "title",
            "summary",
            "item",
            "category",
            "provider",
            "source_system",
            "source_ref",
            "legal_basis",
            "decided_on",
            "act_ended_on",
            "queryable_until",
            "public_until",
            "earliest_repair",
            "status",
            "hidden",
            "under_objection",
            "status_reason",
            "repair_conditions",
        )
        read_only_fields = fields

    def get_repair_conditions(self, record: CreditRecord) -> list[dict[str, Any]]:
        if not record.is_failing:
            return []
        return [c.as_dict() for c in rights.repair_conditions(record)]


class CreditObjectionSerializer(serializers.ModelSerializer):
    record: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(read_only=True)
    handling_organisation = serializers.CharField(source="organisation.name", read_only=True, default="")

    class Meta:
        model = Objection
        fields = (
            "id",
            "tracking_number",
            "record",
            "title",
            "status",
            "grounds",
            "evidence",
            "handling_organisation",
            "marked_at",
            "transferred_at",
            "answer",
            "due_at",
            "closed_at",
            "created_at",
        )
        read_only_fields = fields


class CreditObjectionCreateSerializer(serializers.Serializer):
    record = serializers.IntegerField()
    grounds = serializers.CharField(max_length=TEXT_MAX)
    evidence = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True, default="")


class CreditRepairSerializer(serializers.ModelSerializer):
    record: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(read_only=True)
    handling_organisation = serializers.CharField(source="organisation.name", read_only=True, default="")

    class Meta:
        model = RepairApplication
        fields = (
            "id",
            "tracking_number",
            "record",
            "title",
            "status",
            "obligation_performed",
            "commitment_signed",
            "conditions",
            "handling_organisation",
            "proof_received_at",
            "withdrawn_at",
            "shared_at",
            "answer",
            "due_at",
            "closed_at",
            "created_at",
        )
        read_only_fields = fields


class CreditRepairCreateSerializer(serializers.Serializer):
    record = serializers.IntegerField()
    obligation_performed = serializers.CharField(max_length=TEXT_MAX)
    commitment_signed = serializers.BooleanField()
    proof = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class MyRecordViewSet(PolicyReadOnlyViewSet):
    """``/credit/my-records/``: the records of the subjects the caller acts for (第十七条), all statuses. The gate is
    the subject's own right, not the record policy (which shows only public records to non-staff): any signed-in
    caller, and the queryset holds only the records of subjects linked to them."""

    model = CreditRecord
    serializer_class = CreditOwnRecordSerializer
    permission_classes = [IsAuthenticated]
    queryset = CreditRecord.objects.none()

    def get_queryset(self) -> QuerySet[CreditRecord]:
        return (
            CreditRecord.objects.filter(subject__in=access.subjects_of(self.request.user))
            .select_related("item", "provider", "decision")
            .order_by("-decided_on", "-pk")
        )


class _MatterViewSet(WorkflowStepsMixin, mixins.CreateModelMixin, PolicyReadOnlyViewSet):
    """The caller's own matters (as the subject) and those they handle as staff (the centre's staff: all)."""

    model: type[Objection] | type[RepairApplication]
    create_serializer: type[serializers.Serializer]

    def get_queryset(self) -> Any:
        model = self.model
        handled = rights.staff_queue(model, self.request.user).values("pk")
        own = rights.followed_by_subject(model, self.request.user).values("pk")
        return (
            model.objects.filter(Q(pk__in=handled) | Q(pk__in=own))
            .select_related("record", "organisation")
            .order_by("-created_at", "-pk")
        )

    def check_object_permissions(self, request: Request, obj: Any) -> None:
        """The queryset is the gate (own, handled, or the centre's): the centre follows an objection transferred
        to a provider and a repair under the provider's review, which the per-object policy would refuse. Each
        step's service checks who may take it."""

    def get_serializer_class(self) -> Any:
        return self.create_serializer if self.action == "create" else self.serializer_class

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payload = self.create_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        record = rights.own_record(request.user, data.pop("record"))
        if record is None:  # someone else's record, or none: the same answer
            raise exceptions.NotFound(str(_not_found()))
        try:
            created = self.submit(record, request.user, data)
        except (ValidationError, PermissionDenied) as exc:
            raise _drf_error(exc) from exc
        answer: Any = self.serializer_class
        return Response(answer(created).data, status=status.HTTP_201_CREATED)

    def submit(self, record: CreditRecord, user: Any, data: dict[str, Any]) -> Any:
        raise NotImplementedError


def _not_found() -> str:
    from django.utils.translation import gettext as _

    return _("No such record among the records of the subjects you act for.")


@with_steps(OBJECTION_WORKFLOW, CreditObjectionSerializer)
class ObjectionViewSet(_MatterViewSet):
    """Objections (第三十六条). ``POST`` with ``record``, ``grounds``, ``evidence`` objects to one of the caller's
    own records; each step of credit/workflow.py is ``POST …/{id}/steps/{step}/`` (staff)."""

    model = Objection
    queryset = Objection.objects.all()
    serializer_class = CreditObjectionSerializer
    create_serializer = CreditObjectionCreateSerializer
    policy_actions = {"create": "view", **step_policy_actions(OBJECTION_WORKFLOW)}

    def submit(self, record: CreditRecord, user: Any, data: dict[str, Any]) -> Any:
        return rights.objection_submit(record=record, user=user, **data)


@with_steps(REPAIR_WORKFLOW, CreditRepairSerializer)
class RepairViewSet(_MatterViewSet):
    """Repair applications (第三十八条). ``POST`` (multipart for proof files) with ``record``,
    ``obligation_performed``, ``commitment_signed`` and ``proof``; refused with what is not met."""

    model = RepairApplication
    queryset = RepairApplication.objects.all()
    serializer_class = CreditRepairSerializer
    create_serializer = CreditRepairCreateSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    policy_actions = {"create": "view", **step_policy_actions(REPAIR_WORKFLOW)}

    def submit(self, record: CreditRecord, user: Any, data: dict[str, Any]) -> Any:
        return rights.repair_submit(
            record=record,
            user=user,
            obligation_performed=data["obligation_performed"],
            commitment_signed=data["commitment_signed"],
            proof=data.get("proof") or [],
        )
