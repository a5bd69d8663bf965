from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from fazhi.attachments.models import Attachment
from fazhi.attachments.services import attachment_create, attachment_delete
from fazhi.attachments.targets import resolve_target
from fazhi.core.views import PUBLIC, ObjectDetailView, PlatformView


def file_response(attachment: Attachment) -> FileResponse:
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.media_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


class AttachmentDownloadView(ObjectDetailView):
    """Served only through the policy: public files to anyone, others to their scope and uploader."""

    access = PUBLIC
    model = Attachment
    slug_field = slug_url_kwarg = "uid"

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        return file_response(self.get_object())


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("console:home")


class AttachmentUploadView(PlatformView):
    def post(self, request: HttpRequest, target_type: str, target_id: str) -> HttpResponse:
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ValidationError(_("Choose a file to upload."))
            target = resolve_target(target_type, target_id, request.user)
            attachment_create(
                upload=upload,
                target=target,
                user=request.user,
                description=request.POST.get("description", ""),
                public=bool(request.POST.get("public")),
            )
            messages.success(request, _("File uploaded."))
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return _back(request)


class AttachmentDeleteView(PlatformView):
    def post(self, request: HttpRequest, uid: str) -> HttpResponse:
        attachment = get_object_or_404(Attachment.objects.restrict(request.user, "delete"), uid=uid)
        attachment_delete(attachment=attachment)
        messages.success(request, _("File removed."))
        return _back(request)
