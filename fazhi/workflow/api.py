"""The API's side of a workflow: ``POST /api/v1/<kind>/<id>/steps/<step>/`` for every declared step, each listed
in the OpenAPI document with the fields of its declaration.

A viewset adds ``WorkflowStepsMixin`` and names its workflow; ``steps_for(workflow)`` makes one DRF action per
step at class creation (one URL pattern, one schema entry per step, the same service as the console)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from fazhi.core.permissions import VIEW
from fazhi.workflow.declaration import Step, Workflow
from fazhi.workflow.fields import serializer_class, serializer_data


def _step_action(workflow: Workflow, step: Step) -> Callable[..., Response]:
    request_serializer = serializer_class(workflow, step.name)

    def take(self: Any, request: Request, pk: str | None = None) -> Response:
        target = self.get_object()  # out of scope: 404 before the body is judged
        payload = request_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        assert step.perform is not None
        result = step.perform(
            **{
                workflow.matter_arg: target,
                "user": request.user,
                **serializer_data(workflow, step, payload.validated_data),
            }
        )
        return self.step_response(step, result)

    take.__name__ = take.__qualname__ = f"step_{step.name}"
    return take


def steps_for(workflow: Workflow, response: Any, created: dict[str, Any] | None = None) -> dict[str, Any]:
    """The viewset attributes for every step of ``workflow``: ``response`` is the serializer of the matter the
    steps answer with; ``created`` the serializer of what a ``creates`` step made, by step name."""
    attrs: dict[str, Any] = {"step_result_serializers": dict(created or {})}
    for step in workflow.steps:
        method = _step_action(workflow, step)
        answer = (
            {status.HTTP_201_CREATED: (created or {})[step.name]} if step.creates else {status.HTTP_200_OK: response}
        )
        method = action(detail=True, methods=["post"], url_path=f"steps/{step.name}")(method)
        attrs[f"step_{step.name}"] = extend_schema(  # after action(): it reads the action's kwargs
            request=serializer_class(workflow, step.name),
            responses=answer,
            summary=step.label,
            description=step.done or None,
            operation_id=f"{workflow.model._meta.model_name}_step_{step.name}",
        )(method)

    return attrs


def with_steps(workflow: Workflow, response: Any, created: dict[str, Any] | None = None) -> Callable[[type], type]:
    """Class decorator: adds every step of ``workflow`` to a viewset (see :func:`steps_for`)."""

    def decorate(viewset: type) -> type:
        for name, value in steps_for(workflow, response, created).items():
            setattr(viewset, name, value)
        return viewset

    return decorate


class WorkflowStepsMixin:
    """Answers a step with the matter (re-read through the viewset's queryset) or what the step created."""

    step_result_serializers: dict[str, Any] = {}

    def step_response(self, step: Step, result: Any) -> Response:
        if step.creates:
            serializer = self.step_result_serializers[step.name]
            return Response(serializer(result).data, status=status.HTTP_201_CREATED)
        # Re-read through the caller's scope; a step that took the record out of it (routed, dispatched elsewhere)
        # is still answered with the record as the step left it: the caller has just acted on it.
        view: Any = self
        matter = view.get_queryset().filter(pk=result.pk).first() or view.queryset.get(pk=result.pk)
        return Response(view.get_serializer_class()(matter).data)


def step_policy_actions(workflow: Workflow) -> dict[str, str]:
    """Every step asks only to *see* the record at the API gate; the service decides who may take it."""
    return {f"step_{step.name}": VIEW for step in workflow.steps}
