"""Publicity API: published decisions, searched with the portal's criteria (``q``, ``body``, ``district``,
``violation``, ``basis``, ``kind``, ``year``, ``date_from``, ``date_to``)."""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ValidationError as DRFValidationError

from fazhi.core.api import PolicyReadOnlyViewSet
from fazhi.publicity import search
from fazhi.publicity.api.serializers import DecisionSerializer
from fazhi.publicity.models import PublishedDecision


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
