"""A ticket's photos, served to whoever may follow the ticket (its reporter, staff over it, or anyone holding the
number of a ticket reported without an account), never from a public URL."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpRequest

from fazhi.attachments.models import Attachment
from fazhi.core.views import PUBLIC, PlatformView
from fazhi.hotline.services import ticket_photos
from fazhi.hotline.views import _followed


def photo_response(photo: Attachment) -> FileResponse:
    """Inline, so that the ticket page can show it; its type was checked from its content when it was sent."""
    response = FileResponse(
        photo.file.open("rb"), as_attachment=False, filename=photo.original_name, content_type=photo.media_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response


class TicketPhotoView(PlatformView):
    access = PUBLIC  # the ticket decides: the same rule as its page

    def get(self, request: HttpRequest, number: str, uid: Any) -> FileResponse:
        photo = ticket_photos(_followed(request, number)).filter(uid=uid).first()
        if photo is None:
            raise Http404
        return photo_response(photo)
