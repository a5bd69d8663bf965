"""DRF plug-ins named in settings (permissions, pagination, exception handler).

Kept apart from api.py because DRF imports them while its own modules are still loading.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, negotiation, parsers, permissions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from fazhi.core.exceptions import NotAcceptable, TooManyRequests
from fazhi.core.permissions import ADD, CHANGE, DELETE, VIEW, is_staff_member, policy_of

if TYPE_CHECKING:
    from rest_framework.renderers import BaseRenderer

METHOD_ACTIONS = {
    "GET": VIEW,
    "HEAD": VIEW,
    "OPTIONS": VIEW,
    "POST": ADD,
    "PUT": CHANGE,
    "PATCH": CHANGE,
    "DELETE": DELETE,
}


def view_policy_action(view: Any, method: str) -> str:
    """The policy action a view's ``method`` asks for: the view's ``policy_actions[action]``, else by HTTP method."""
    custom = getattr(view, "policy_actions", {}).get(getattr(view, "action", None))
    return custom or METHOD_ACTIONS.get(method, VIEW)


def policy_action(request: Request, view: Any) -> str:
    return view_policy_action(view, request.method or "GET")


def view_model(view: Any) -> type[models.Model] | None:
    """The model whose policy guards an API view."""
    return getattr(view, "model", None) or getattr(getattr(view, "queryset", None), "model", None)


class PolicyPermission(permissions.BasePermission):
    """Asks the model's policy, model-level first, then per object."""

    def has_permission(self, request: Request, view: Any) -> bool:
        model = view_model(view)
        if model is None:
            return False  # a view with no model must choose its permission classes explicitly
        return policy_of(model).allows(request.user, policy_action(request, view))

    def has_object_permission(self, request: Request, view: Any, obj: models.Model) -> bool:
        return policy_of(obj._meta.model).allows(request.user, policy_action(request, view), obj)


class IsStaffMember(permissions.BasePermission):
    message = "This endpoint is for staff with a role."

    def has_permission(self, request: Request, view: Any) -> bool:
        return is_staff_member(request.user)


class FileNegotiation(negotiation.DefaultContentNegotiation):
    """For endpoints that answer with a file (table exports, a law as PDF): the file's type is the endpoint's to
    decide (a table export follows ``?as=``/``?format=`` or Accept, :func:`~fazhi.core.export.export_format`, with a
    clear 406 when neither type is acceptable), so DRF's own check — which knows only JSON and would refuse
    ``Accept: text/csv`` or ``application/pdf`` — is skipped; DRF renders only errors here, always as JSON."""

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        candidates = list(renderers)  # DRF passes a list; the contract promises only an iterable
        renderer = next((r for r in candidates if r.media_type == "application/json"), candidates[0])
        return renderer, renderer.media_type


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_number(self, request: Request, paginator: Any) -> Any:
        number = super().get_page_number(request, paginator)
        if isinstance(number, str) and number not in self.last_page_strings and not number.isdigit():
            raise exceptions.NotFound(_("Invalid page."))
        return number


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus Django's own ValidationError/PermissionDenied from services, as clear 4xx answers."""
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, DjangoValidationError):
        detail: Any = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, NotAcceptable):
        return Response({"detail": exc.message}, status=status.HTTP_406_NOT_ACCEPTABLE)
    elif isinstance(exc, TooManyRequests):
        return Response({"detail": exc.message}, status=status.HTTP_429_TOO_MANY_REQUESTS)
    elif isinstance(exc, RequestDataTooBig):  # read when DRF loads the body, so it reaches the view's handler
        return Response(
            {"detail": _("The request body is too large.")}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
        )
    elif isinstance(exc, ValueError | OverflowError):  # e.g. an id too large for the database
        return Response({"detail": _("Malformed request.")}, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)


# No form or resource of ours nests deeper than a few levels; a deeper body is an attack on the parser.
MAX_BODY_DEPTH = 32


def _check_body(value: Any) -> None:
    """Walks the parsed body without recursion: refuses NUL characters and nesting deeper than MAX_BODY_DEPTH."""
    pending: list[tuple[Any, int]] = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, str):
            if "\x00" in item:
                raise exceptions.ParseError(_("Text may not contain NUL characters."))
        elif isinstance(item, dict | list | tuple):
            if depth >= MAX_BODY_DEPTH:
                raise exceptions.ParseError(_("The request body is nested too deeply."))
            children = [c for kv in item.items() for c in kv] if isinstance(item, dict) else item
            pending.extend((child, depth + 1) for child in children)


class _RejectNulMixin:
    """No text may carry NUL characters (PostgreSQL cannot store them and no person types them), and no body may
    nest so deep that walking it exhausts the stack."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)  # type: ignore[misc]
        except RecursionError:  # json's decoder gives up on deep nesting this way, not with a ValueError
            raise exceptions.ParseError(_("The request body is nested too deeply.")) from None
        payload = getattr(data, "data", data)
        items = payload.lists() if hasattr(payload, "lists") else None
        _check_body(dict(items) if items is not None else payload)
        return data


class JSONParser(_RejectNulMixin, parsers.JSONParser):
    pass


class FormParser(_RejectNulMixin, parsers.FormParser):
    pass


class MultiPartParser(_RejectNulMixin, parsers.MultiPartParser):
    pass
