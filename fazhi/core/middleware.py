from collections.abc import Callable
from urllib.parse import parse_qsl

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.datastructures import MultiValueDict
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from fazhi.core.client import client_ip
from fazhi.core.context import Actor, _current
from fazhi.core.exceptions import TooManyRequests


class RequestContextMiddleware:
    """Binds the request's user and a request id to the audit context, and echoes the id for support."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            # PostgreSQL cannot store or compare NUL characters; no person types them.
            return HttpResponseBadRequest("NUL characters are not allowed in addresses or queries.")
        source = "api" if request.path.startswith("/api/") else "web"
        # request.user is lazy; DRF token users are attached later, so the API view re-binds (see core.api).
        user = request.user if getattr(request, "user", None) and request.user.is_authenticated else None
        actor = Actor(user=user, source=source, ip_address=client_ip(request))
        token = _current.set(actor)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response["X-Request-ID"] = actor.request_id
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, TooManyRequests):
            return render(request, "429.html", {"exception": exception.message}, status=429)
        return None


#: How much of one overlong form value an oversized post keeps (more than any form field accepts).
RESCUE_CHARS = 50_000
#: Beyond this many bytes an oversized form post is not read at all.
RESCUE_MAX_BYTES = 64 * 1024 * 1024


def _cut_escape(raw: bytes) -> bytes:
    """Drop a percent escape cut in half at the end of ``raw``."""
    tail = raw[-2:]
    if tail.endswith(b"%"):
        return raw[:-1]
    if tail.startswith(b"%"):
        return raw[:-2]
    return raw


def rescue_urlencoded(request: HttpRequest) -> QueryDict | None:
    """The fields of a form post larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE``, each cut to :data:`RESCUE_CHARS`,
    read as a stream: what is kept stays under twice ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (values beyond that come back
    empty). None if the body is beyond :data:`RESCUE_MAX_BYTES` or has more than ``DATA_UPLOAD_MAX_NUMBER_FIELDS``
    fields: then nothing is kept."""
    per_value = RESCUE_CHARS * 9 + 200  # a Chinese character percent-encoded is 9 bytes; and room for the name
    budget = 2 * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 2_621_440)
    max_fields = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS or 1000
    kept = QueryDict(mutable=True)
    current, total, kept_bytes, fields = b"", 0, 0, 0

    def finish(raw: bytes) -> None:
        nonlocal kept_bytes
        for key, value in parse_qsl(
            _cut_escape(raw).decode("ascii", "replace"), keep_blank_values=True, errors="replace"
        ):
            value = value[:RESCUE_CHARS].rstrip("\ufffd")
            kept_bytes += len(key) + len(value.encode())
            kept.appendlist(key, value if kept_bytes <= budget else "")

    while chunk := request.read(64 * 1024):
        total += len(chunk)
        if total > RESCUE_MAX_BYTES:
            return None
        for index, piece in enumerate(chunk.split(b"&")):
            if index:
                fields += 1
                if fields > max_fields:
                    return None
                finish(current)
                current = b""
            if len(current) < per_value:
                current += piece[: per_value - len(current)]
    finish(current)
    kept._mutable = False
    return kept


# Paths whose clients are programs: they answer in their own error format, never with a page.
MACHINE_CLIENT_PATHS = ("/api/", "/open311/")


class OversizedPostMiddleware:
    """A form post larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (say 5 MB pasted into a field) answers with the
    form and a message instead of a bare 400, keeping what fits. An ordinary (urlencoded) post keeps every field,
    each overlong value cut to :data:`RESCUE_CHARS`; the form then marks the fields over their limit and the
    shared form views refuse to save (``request.oversized_post``). A multipart post (a form with files) cannot be
    re-read: the page the form was on (the Referer, same site) is shown again with the message, or else the URL
    itself as a GET with status 413. Machine clients (the API, Open311) get their own format's 413 instead."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST" or request.path.startswith(MACHINE_CLIENT_PATHS):
            return self.get_response(request)
        try:
            request.POST  # noqa: B018 - parsed here so that an oversized body is caught before the CSRF check
        except RequestDataTooBig:
            return self.rescue(request)
        return self.get_response(request)

    def rescue(self, request: HttpRequest) -> HttpResponse:
        limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        kept = rescue_urlencoded(request) if request.content_type == "application/x-www-form-urlencoded" else None
        request.oversized_post = True  # type: ignore[attr-defined]
        if kept is None:
            messages.error(
                request,
                _(
                    "What you sent is larger than the platform accepts (%(limit)s of text). It could not be kept: "
                    "shorten the text and send it again."
                )
                % {"limit": limit},
            )
            referer = request.headers.get("Referer", "")
            if referer and url_has_allowed_host_and_scheme(
                referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                return redirect(referer, permanent=False)  # the page the form was on, with the message
            request.method = "GET"  # the form again, as on first opening it
            request._post, request._files = QueryDict(), MultiValueDict()  # type: ignore[attr-defined]
            response = self.get_response(request)
            if response.status_code == 200:
                response.status_code = 413
            return response
        messages.error(
            request,
            _(
                "What you sent is larger than the platform accepts (%(limit)s of text). What fits is kept below: "
                "shorten the fields marked and send it again."
            )
            % {"limit": limit},
        )
        request._post, request._files = kept, MultiValueDict()  # type: ignore[attr-defined]
        return self.get_response(request)


def oversized_post(request: HttpRequest) -> bool:
    """The request's form post was cut (see :class:`OversizedPostMiddleware`): show the form, never save it."""
    return bool(getattr(request, "oversized_post", False))
