"""Publicity API: published decisions, searched with the portal's criteria (``q``, ``body``, ``district``,
``violation``, ``basis``, ``kind``, ``year``, ``date_from``, ``date_to``)."""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ValidationError as DRFValidationError

from fazhi.core.api import PolicyReadOnlyViewSet
from fazhi.publicity import search
from fazhi.publicity.api.serializers import CorrectionSerializer, DecisionSerializer
from fazhi.publicity.models import CorrectionRequest, PublishedDecision
from fazhi.publicity.workflow import CORRECTION_WORKFLOW
from fazhi.workflow.api import WorkflowStepsMixin, step_policy_actions, with_steps


class DecisionViewSet(PolicyReadOnlyViewSet):
    """The public sees published decisions within their period, masked; staff of a body also its withdrawn and
    expired ones, unmasked."""

    model = PublishedDecision
    queryset = PublishedDecision.objects.select_related("body", "district").order_by("-decision_date", "-pk")
    serializer_class = DecisionSerializer

    def get_queryset(self) -> Any:
        queryset = super().get_queryset()
        if self.action != "list":
            return queryset
        form = search.SearchForm(self.request.query_params)
        if not form.is_valid():
            raise DRFValidationError({name: [str(e) for e in errors] for name, errors in form.errors.items()})
        criteria = {name: form.cleaned_data.get(name) for name in search.CRITERIA}
        return search.filtered(criteria, base=queryset)


@with_steps(CORRECTION_WORKFLOW, CorrectionSerializer)
class CorrectionViewSet(WorkflowStepsMixin, PolicyReadOnlyViewSet):
    """Correction requests (公示规定 第十二条): the caller's own, or those over their body's decisions. Each step of
    publicity/workflow.py is ``POST …/{id}/steps/{step}/`` (staff over the deciding body)."""

    model = CorrectionRequest
    queryset = CorrectionRequest.objects.select_related("decision").order_by("-created_at", "-pk")
    serializer_class = CorrectionSerializer
    policy_actions = step_policy_actions(CORRECTION_WORKFLOW)
