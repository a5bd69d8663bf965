from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render

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
