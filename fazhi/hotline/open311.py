"""Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2/), so existing clients and apps can connect.

``GET services.{json|xml}``, ``GET services/{code}.{fmt}``, ``POST requests.{fmt}`` (with ``api_key``),
``GET requests.{fmt}``, ``GET requests/{id}.{fmt}``, ``GET tokens/{token}.{fmt}``. Errors are a list of
``{code, description}``. ``service_request_id`` is the ticket's tracking number (issued at once, so a token is the
number itself); ``expected_datetime`` is the deadline of the step the ticket is in.

Tickets are not public. A caller sees in full the tickets its account may see (``api_key`` a platform API token,
or a signed-in session/token); anyone holding a ticket's number gets its status, without description, address
or reporter. ``api_key`` is a platform API token (the ticket is that account's) or one of the keys configured in
``HOTLINE_OPEN311_API_KEYS`` (for apps without accounts: reports are anonymous unless they carry a phone, and the
app undertakes to collect the reporter's consent to the use of contact details).

Photos: ``POST requests`` takes ``media_url`` (stored, never fetched) and, as in the wiki's "Media Handling"
extension, a multipart ``media`` file (checked like every photo); ``media_url`` is answered only in full views.
"""

from __future__ import annotations

import datetime as dt
import hmac
from typing import Any
from xml.etree import ElementTree as ET

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from rest_framework import exceptions, permissions
from rest_framework.authtoken.models import Token
from rest_framework.request import Request

from fazhi.casework.abuse import throttle
from fazhi.casework.queries import may_follow
from fazhi.core.api import PlatformAPIView
from fazhi.core.exceptions import TooManyRequests
from fazhi.core.permissions import VIEW
from fazhi.hotline.choices import CLOSED_STATUSES, Channel, TicketStatus
from fazhi.hotline.conf import setting
from fazhi.hotline.models import ServiceCategory, Ticket
from fazhi.hotline.services import first_photos, ticket_submit_with_photos
from fazhi.orgs.choices import OrganisationKind
from fazhi.orgs.models import Organisation

FORMATS = "json|xml"
_LIST_ITEMS = {"attributes": "attribute", "values": "value"}
MAX_RESULTS = 1000
DEFAULT_DAYS = 90


class Open311Error(Exception):
    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status, self.description = status, description


def _xml_value(parent: ET.Element, tag: str, value: Any) -> None:
    element = ET.SubElement(parent, tag)
    if isinstance(value, list):
        for item in value:
            _xml_item(element, _LIST_ITEMS.get(tag, "item"), item)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)


def _xml_item(parent: ET.Element, tag: str, item: Any) -> None:
    if isinstance(item, dict):
        element = ET.SubElement(parent, tag)
        for key, value in item.items():
            _xml_value(element, key, value)
    else:
        _xml_value(parent, tag, item)


def render(data: Any, fmt: str, *, root: str, item: str, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        element = ET.Element(root)
        for entry in data if isinstance(data, list) else [data]:
            _xml_item(element, item, entry)
        body = b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(element, encoding="utf-8")
        return HttpResponse(body, status=status, content_type="text/xml; charset=utf-8")
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def w3c(moment: dt.datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def expected(ticket: Ticket) -> dt.datetime | None:
    """GeoReport's ``expected_datetime``: the deadline of the step the ticket is in, or, for a reply awaiting the
    reporter (no staff clock runs), the day it closes unless they confirm or reopen it (``HOTLINE_CONFIRM_DAYS``,
    ``fazhi hotline sweep``); none once closed."""
    if ticket.status in CLOSED_STATUSES:
        return None
    if ticket.due_at is not None:
        return ticket.due_at
    if ticket.status == TicketStatus.REPLIED and ticket.replied_at is not None:
        return ticket.replied_at + dt.timedelta(days=setting("HOTLINE_CONFIRM_DAYS"))
    return None


def status_notes(ticket: Ticket, *, reply: bool) -> str:
    """GeoReport's ``status_notes``: the reply where there is one and the caller may read it (those who may follow
    the ticket, as on the portal), else what the status means now — never the reply's text to others."""
    if ticket.reply:
        if reply:
            return ticket.reply
        return _("Replied on %(date)s; the reply is shown to the reporter.") % {
            "date": timezone.localtime(ticket.replied_at).date().isoformat() if ticket.replied_at else ""
        }
    if ticket.status == TicketStatus.MERGED and ticket.merged_into_id:
        return _("Merged into %(number)s, which reports the same problem.") % {
            "number": ticket.merged_into.tracking_number if ticket.merged_into else ""
        }
    if ticket.status == TicketStatus.REGISTERED:
        return _("Registered; the 12345 hotline centre sends it to the organisation responsible.")
    if ticket.status == TicketStatus.REOPENED:
        return _("Reopened by its reporter; %(organisation)s handles it again.") % {
            "organisation": ticket.organisation.name if ticket.organisation_id else ""
        }
    if ticket.status == TicketStatus.DISPATCHED and ticket.organisation_id:
        return _("Dispatched to %(organisation)s, which replies by the expected date.") % {
            "organisation": ticket.organisation.name
        }
    return str(ticket.get_status_display())


def request_data(
    ticket: Ticket, *, full: bool, photo_url: str | None = None, follows: bool | None = None
) -> dict[str, Any]:
    """One ticket in GeoReport's shape; without ``full`` only its status (for a caller who only holds its number).

    ``status_notes`` carries the reply to those who may follow the ticket (``follows``, by default ``full``: the
    portal shows an anonymous ticket's reply to whoever holds its number, so Open311 does too), else a note on the
    status. ``media_url`` only with ``full``: a photo can show faces, number plates or the inside of a home, and
    tickets are not public. It is the link the client sent, else ``photo_url`` (the first uploaded photo through
    the API, readable with the caller's token)."""
    closed = ticket.status in CLOSED_STATUSES
    data: dict[str, Any] = {
        "service_request_id": ticket.tracking_number,
        "status": "closed" if closed else "open",
        "status_notes": status_notes(ticket, reply=full if follows is None else follows),
        "service_name": ticket.category.name,
        "service_code": ticket.category.code,
        "description": ticket.description if full else None,
        "agency_responsible": ticket.organisation.name if ticket.organisation_id else None,
        "service_notice": None,
        "requested_datetime": w3c(ticket.created_at),
        "updated_datetime": w3c(ticket.updated_at),
        "expected_datetime": w3c(expected(ticket)),
        "address": ticket.address if full else None,
        "address_id": None,
        "zipcode": None,
        "lat": float(ticket.lat) if full and ticket.lat is not None else None,
        "long": float(ticket.long) if full and ticket.long is not None else None,
        "media_url": (ticket.media_url or photo_url or None) if full else None,
    }
    return data


def photo_urls(request: Any, tickets: list[Ticket]) -> dict[int, str]:
    """Absolute API links to each ticket's first photo (one query for the lot)."""
    return {
        pk: request.build_absolute_uri(reverse("api:hotline-ticket-photo", kwargs={"pk": pk, "uid": photo.uid}))
        for pk, photo in first_photos(tickets).items()
    }


def _follows(user: Any, ticket: Ticket) -> bool:
    """Whoever may follow the ticket on the portal (its reporter; anyone holding the number of an anonymous one)."""
    return may_follow(user if user is not None else AnonymousUser(), ticket)


class Open311View(PlatformAPIView):
    """GeoReport answers in the format the path names, errors included; kept out of the platform's OpenAPI."""

    permission_classes = (permissions.AllowAny,)
    schema = None
    root, item = "service_requests", "request"

    def fmt(self) -> str:
        return "xml" if self.kwargs.get("fmt") == "xml" else "json"

    def error(self, status: int, description: str) -> HttpResponse:
        return render(
            [{"code": status, "description": description}], self.fmt(), root="errors", item="error", status=status
        )

    def handle_exception(self, exc: Exception) -> HttpResponse:
        if isinstance(exc, Open311Error):
            return self.error(exc.status, exc.description)
        if isinstance(exc, ValidationError):
            messages = (
                [f"{field}: {m}" for field, errors in exc.message_dict.items() for m in errors]
                if hasattr(exc, "error_dict")
                else exc.messages
            )
            return self.error(400, " ".join(messages))
        if isinstance(exc, PermissionDenied):
            return self.error(403, str(exc) or _("Not allowed."))
        if isinstance(exc, Http404):
            return self.error(404, _("Not found."))
        if isinstance(exc, TooManyRequests):
            return self.error(429, exc.message)
        if isinstance(exc, RequestDataTooBig):
            return self.error(413, _("The request body is too large."))
        if isinstance(exc, exceptions.Throttled):
            return self.error(429, str(exc.detail))
        if isinstance(exc, exceptions.APIException):
            return self.error(exc.status_code, str(exc.detail))
        raise exc

    def caller(self, request: Request) -> Any:
        """The account acting: an ``api_key`` that is a platform token, else the authenticated user (or None)."""
        key = (request.data.get("api_key") if request.method == "POST" else None) or request.query_params.get("api_key")
        if key:
            token = Token.objects.select_related("user").filter(key=str(key)[:64]).first()
            if token is not None and token.user.is_active:
                return token.user
        return request.user if request.user.is_authenticated else None


class ServiceListView(Open311View):
    root, item = "services", "service"

    def get(self, request: Request, fmt: str) -> HttpResponse:
        services = [
            {
                "service_code": c.code,
                "service_name": c.name,
                "description": c.description or c.name,
                "metadata": True,
                "type": "realtime",
                "keywords": ",".join(c.keywords.split()),
                "group": c.group,
            }
            for c in ServiceCategory.objects.filter(is_active=True)
        ]
        return render(services, self.fmt(), root=self.root, item=self.item)


STREET_ATTRIBUTE = {
    "variable": True,
    "code": "street",
    "datatype": "string",
    "required": False,
    "datatype_description": "Code of the street or town (e.g. 310101002); lets the ticket go straight to it.",
    "order": 1,
    "description": "Street or town",
    "values": [],
}


class ServiceDefinitionView(Open311View):
    def get(self, request: Request, code: str, fmt: str) -> HttpResponse:
        category = ServiceCategory.objects.filter(code=code, is_active=True).first()
        if category is None:
            raise Open311Error(404, _("No service with this code."))
        data = {"service_code": category.code, "attributes": [STREET_ATTRIBUTE]}
        if self.fmt() == "xml":  # one object, not a list
            return _single_object_xml(data, "service_definition")
        return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def _single_object_xml(data: dict[str, Any], root: str) -> HttpResponse:
    element = ET.Element(root)
    for key, value in data.items():
        _xml_value(element, key, value)
    return HttpResponse(
        b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(element, encoding="utf-8"),
        content_type="text/xml; charset=utf-8",
    )


class RequestListView(Open311View):
    def get(self, request: Request, fmt: str) -> HttpResponse:
        params = request.query_params
        user = self.caller(request)
        ids = [i.strip().upper() for i in params.get("service_request_id", "").split(",") if i.strip()][:100]
        tickets = Ticket.objects.select_related("category", "organisation", "merged_into")
        if ids:  # GeoReport: with service_request_id, the other parameters are ignored
            found = list(tickets.filter(tracking_number__in=ids))
            visible = self._visible(user, found)
            photos = photo_urls(request, [t for t in found if t.pk in visible])
            data = [
                request_data(
                    t, full=t.pk in visible, photo_url=photos.get(t.pk), follows=t.pk in visible or _follows(user, t)
                )
                for t in found
            ]
            return render(data, self.fmt(), root=self.root, item=self.item)
        if user is None:
            raise Open311Error(401, _("Give an api_key (or service_request_id) to list requests."))
        tickets = tickets.restrict(user, VIEW)
        start, end = self.window(params)
        tickets = tickets.filter(created_at__gte=start)
        if end is not None:
            tickets = tickets.filter(created_at__lte=end)
        codes = [c.strip() for c in params.get("service_code", "").split(",") if c.strip()]
        if codes:
            tickets = tickets.filter(category__code__in=codes)
        # GeoReport allows a comma-separated list: open, closed, or both (no filter).
        wanted = {s.strip().lower() for s in params.get("status", "").split(",") if s.strip()}
        if wanted - {"open", "closed"}:
            raise Open311Error(400, _("status must be open, closed, or both separated by a comma."))
        if len(wanted) == 1:
            closed = {"status__in": list(CLOSED_STATUSES)}
            tickets = tickets.filter(**closed) if wanted == {"closed"} else tickets.exclude(**closed)
        found = list(tickets.order_by("-created_at")[:MAX_RESULTS])
        photos = photo_urls(request, found)
        data = [request_data(t, full=True, photo_url=photos.get(t.pk)) for t in found]
        return render(data, self.fmt(), root=self.root, item=self.item)

    def window(self, params: Any) -> tuple[dt.datetime, dt.datetime | None]:
        """GeoReport's date window: at most ``DEFAULT_DAYS`` (90) days. Without dates, the last 90 days; with one
        date, the 90 days after ``start_date`` or before ``end_date``; both may not span more than 90 days."""
        start, end = self._date(params, "start_date"), self._date(params, "end_date")
        span = dt.timedelta(days=DEFAULT_DAYS)
        if start is not None and end is not None:
            if end < start:
                raise Open311Error(400, _("end_date is before start_date."))
            if end - start > span:
                raise Open311Error(
                    400, _("start_date and end_date may not span more than %(days)d days.") % {"days": DEFAULT_DAYS}
                )
            return start, end
        if start is not None:
            return start, start + span
        if end is not None:
            return end - span, end
        return timezone.now() - span, None

    @staticmethod
    def _visible(user: Any, tickets: list[Ticket]) -> set[int]:
        if user is None or not tickets:
            return set()
        pks = [t.pk for t in tickets]
        return set(Ticket.objects.restrict(user, VIEW).filter(pk__in=pks).values_list("pk", flat=True))

    @staticmethod
    def _date(params: Any, name: str) -> dt.datetime | None:
        text = params.get(name, "").strip()
        if not text:
            return None
        try:
            moment = parse_datetime(text.replace(" ", "+"))
        except ValueError:
            moment = None
        if moment is None:
            raise Open311Error(
                400, _("%(name)s must be a W3C date and time, e.g. 2026-01-31T08:00:00+08:00.") % {"name": name}
            )
        return moment if timezone.is_aware(moment) else timezone.make_aware(moment)

    def post(self, request: Request, fmt: str) -> HttpResponse:
        data = request.data
        key = str(data.get("api_key") or request.query_params.get("api_key") or "")
        user = self.caller(request)
        configured = any(hmac.compare_digest(key, k) for k in setting("HOTLINE_OPEN311_API_KEYS")) if key else False
        if user is None and not configured:
            raise Open311Error(403, _("A valid api_key is required to submit requests."))
        code = str(data.get("service_code") or "").strip()
        category = ServiceCategory.objects.filter(code=code, is_active=True).first() if code else None
        if category is None:
            raise Open311Error(400, _("service_code is missing or unknown (see services.json)."))
        lat, long = data.get("lat"), data.get("long")
        address = str(data.get("address_string") or "").strip()
        if not address and lat not in (None, "") and long not in (None, ""):
            address = f"{lat}, {long}"
        if not address:
            raise Open311Error(400, _("Give a location: address_string, or lat and long."))
        street_code = str(data.get("attribute[street]") or "").strip()[:32]
        street = None
        if street_code:
            street = Organisation.objects.filter(code=street_code, kind=OrganisationKind.STREET, is_active=True).first()
            if street is None:
                raise Open311Error(400, _("attribute[street]: no street or town with this code."))
        name = " ".join(str(data.get(k) or "").strip() for k in ("last_name", "first_name")).strip()
        phone = str(data.get("phone") or "").strip()
        # GeoReport's email (a contact detail like the phone: needs the same consent, masked wherever listed),
        # device_id and account_id (the client's identifiers of the reporter: stored encrypted, never listed).
        email, device_id, account_id = (str(data.get(k) or "").strip() for k in ("email", "device_id", "account_id"))
        throttle(request, "hotline.submit")
        # GeoReport v2's media_url (a link, stored, never fetched) and the "media" file of the Media Handling
        # extension (multipart/form-data), checked as every photo is.
        media = request.FILES.getlist("media") if hasattr(request, "FILES") else []
        media_url = data.get("media_url")
        ticket = ticket_submit_with_photos(
            photos=media,
            media_url=media_url if isinstance(media_url, str) else "",
            description=str(data.get("description") or ""),
            category=category,
            address=address,
            street=street,
            lat=lat,
            long=long,
            channel=Channel.OPEN311,
            submitter=user,
            contact_name=name,
            contact_phone=phone,
            contact_email=email,
            device_id=device_id,
            account_id=account_id,
            consent=bool(name or phone or email),  # the key holder's undertaking (see the module docstring)
            actor=user,
        )
        # account_id: the client's own, as sent; else the platform account the report belongs to.
        answer = [
            {
                "service_request_id": ticket.tracking_number,
                "service_notice": None,
                "account_id": ticket.account_id or (str(user.pk) if user is not None else None),
            }
        ]
        return render(answer, self.fmt(), root=self.root, item=self.item, status=201)


class RequestDetailView(Open311View):
    def get(self, request: Request, request_id: str, fmt: str) -> HttpResponse:
        ticket = (
            Ticket.objects.select_related("category", "organisation", "merged_into")
            .filter(tracking_number=request_id.strip().upper()[:24])
            .first()
        )
        if ticket is None:
            raise Open311Error(404, _("No request with this id."))
        user = self.caller(request)
        full = user is not None and Ticket.objects.restrict(user, VIEW).filter(pk=ticket.pk).exists()
        photo_url = photo_urls(request, [ticket]).get(ticket.pk) if full else None
        follows = full or _follows(user, ticket)
        return render(
            [request_data(ticket, full=full, photo_url=photo_url, follows=follows)],
            self.fmt(),
            root=self.root,
            item=self.item,
        )


class TokenView(Open311View):
    """Tickets get their number at once, so a token is the number itself."""

    def get(self, request: Request, token: str, fmt: str) -> HttpResponse:
        number = token.strip().upper()[:24]
        if not Ticket.objects.filter(tracking_number=number).exists():
            raise Open311Error(404, _("No request with this token."))
        return render([{"service_request_id": number, "token": number}], self.fmt(), root=self.root, item=self.item)


#: When this endpoint last changed in a way a client may notice (GeoReport discovery's ``changeset``).
CHANGESET = "2026-12-07T00:00:00+08:00"
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"


def discovery_data(request: Any) -> dict[str, Any]:
    """GeoReport v2's service discovery document, with ``notes`` on what this endpoint does differently."""
    return {
        "changeset": CHANGESET,
        "contact": _("The 12345 citizen service hotline centre (call 12345)."),
        "key_service": _(
            "Ask the 12345 hotline centre for a client key, or use a platform account's API token as api_key "
            "(POST %(url)s)."
        )
        % {"url": request.build_absolute_uri(reverse("api:token-obtain"))},
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": request.build_absolute_uri("/open311/v2"),
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
        "notes": [
            _(
                "Listing requests (GET requests without service_request_id) needs an api_key: tickets are not "
                "public, so a caller sees only the requests its account may see. Anyone holding a request's id "
                "gets its status, without description, address, coordinates or photos."
            ),
            _("service_request_id is the ticket's tracking number, issued at once: a token is the number itself."),
            _(
                "email, device_id and account_id are stored encrypted and never listed; email and the reporter's "
                "name and phone need the reporter's consent, which a client key's holder undertakes to collect."
            ),
            _(
                "A request with lat and long but no street attribute goes to the district its coordinates lie in "
                "(district boundaries of echarts 4); the attribute street (a street code) places it exactly."
            ),
            _("start_date and end_date may span at most 90 days; without them, the last 90 days are listed."),
            _("status accepts open, closed, or open,closed."),
        ],
    }


class DiscoveryView(Open311View):
    """``/open311/discovery.{json|xml}``: where the GeoReport v2 endpoint is and what it speaks."""

    def get(self, request: Request, fmt: str) -> HttpResponse:
        data = discovery_data(request)
        if self.fmt() != "xml":
            return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
        root = ET.Element("discovery")
        for key in ("changeset", "contact", "key_service"):
            ET.SubElement(root, key).text = data[key]
        endpoints = ET.SubElement(root, "endpoints")
        for endpoint in data["endpoints"]:
            element = ET.SubElement(endpoints, "endpoint")
            for key in ("specification", "url", "changeset", "type"):
                ET.SubElement(element, key).text = endpoint[key]
            formats = ET.SubElement(element, "formats")
            for media_type in endpoint["formats"]:
                ET.SubElement(formats, "format").text = media_type
        notes = ET.SubElement(root, "notes")
        for note in data["notes"]:
            ET.SubElement(notes, "note").text = note
        return HttpResponse(
            b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(root, encoding="utf-8"),
            content_type="text/xml; charset=utf-8",
        )


class UnknownView(Open311View):
    """Any other path under ``/open311/`` (an unknown resource or format), whatever the method: a 404 in
    GeoReport's error list, in XML when the path ends in ``.xml``, else JSON."""

    def fmt(self) -> str:
        return "xml" if self.kwargs.get("rest", "").lower().endswith(".xml") else "json"

    def answer(self, request: Request, rest: str = "", **kwargs: Any) -> HttpResponse:
        _stem, dot, suffix = rest.rpartition(".")
        if dot and "/" not in suffix and suffix.lower() not in FORMATS.split("|"):
            raise Open311Error(404, _("Unknown format “%(format)s”: use .json or .xml.") % {"format": suffix[:20]})
        raise Open311Error(
            404,
            _("No such Open311 resource: see %(url)s.")
            % {"url": request.build_absolute_uri(reverse("open311:discovery", kwargs={"fmt": "json"}))},
        )

    get = post = put = patch = delete = answer
