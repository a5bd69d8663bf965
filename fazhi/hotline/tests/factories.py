"""Tickets for tests, made through the service (so they carry their history, deadline and dispatch)."""

from __future__ import annotations

from typing import Any

from fazhi.hotline.catalogue import load_catalogue
from fazhi.hotline.models import ServiceCategory, Ticket
from fazhi.hotline.services import ticket_submit
from fazhi.orgs.models import Organisation

NANJING_ROAD = "310101002"  # 南京东路街道, Huangpu: njdl_handler's street


def category(code: str = "city-appearance") -> ServiceCategory:
    if not ServiceCategory.objects.filter(code=code).exists():
        load_catalogue()
    return ServiceCategory.objects.get(code=code)


def make_ticket(
    *,
    submitter: Any = None,
    description: str = "南京东路步行街口垃圾桶满溢,好几天没人清运,气味很大。",
    code: str = "city-appearance",
    street: str | None = NANJING_ROAD,
    address: str = "南京东路 100 号门口",
    **extra: Any,
) -> Ticket:
    if submitter is None and "contact_phone" not in extra:
        extra.setdefault("contact_phone", "13912345678")
        extra.setdefault("consent", True)
    return ticket_submit(
        description=description,
        category=category(code),
        address=address,
        street=Organisation.objects.get(code=street) if street else None,
        submitter=submitter,
        **extra,
    )
