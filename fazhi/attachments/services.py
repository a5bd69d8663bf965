"""Accepting a file: size and real type checked from its content, stored privately, all-or-nothing."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

import filetype
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from fazhi.attachments.models import Attachment
from fazhi.core.permissions import CHANGE, policy_of

#: What may be uploaded: media type → the file name extensions that may carry it.
ALLOWED_TYPES: dict[str, tuple[str, ...]] = {
    "application/pdf": ("pdf",),
    "image/png": ("png",),
    "image/jpeg": ("jpg", "jpeg"),
    "image/webp": ("webp",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("xlsx",),
    "text/plain": ("txt",),
    "text/csv": ("csv",),
}
_TEXT_TYPES = {"txt": "text/plain", "csv": "text/csv"}
_SNIFF_BYTES = 8192


def detect_media_type(head: bytes, extension: str, whole: bytes | None = None) -> str | None:
    """The file's real type from its bytes; plain text only when it decodes as UTF-8 and has no NUL."""
    kind = filetype.guess(head)
    if kind is not None:
        return kind.mime
    if extension in _TEXT_TYPES and whole is not None and b"\0" not in whole:
        try:
            whole.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return _TEXT_TYPES[extension]
    return None


def clean_file_name(raw: str | None) -> str:
    """The name a file is shown and stored under: percent-escapes decoded (``..%2f`` is a path, not a name), only the
    last part of any path (either slash), no control or format characters, no leading dots or spaces."""
    name = raw or ""
    for _round in range(3):  # an escape of an escape is still a trick; three rounds undo any honest name
        decoded = unquote(name)
        if decoded == name:
            break
        name = decoded
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf"))
    return name.strip().lstrip(". ")


def validate_upload(upload: UploadedFile, accepted: Mapping[str, tuple[str, ...]] = ALLOWED_TYPES) -> tuple[str, str]:
    """Return (media type, sha256) or raise ValidationError with a message the uploader understands.

    ``accepted`` narrows the types (media type → extensions) for a field that takes fewer, e.g. photos only; a
    refusal names only what the field accepts."""
    name = clean_file_name(upload.name)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if not name or len(name) > 200:
        raise ValidationError(_("The file needs a name of at most 200 characters."), code="name")
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    upload.seek(0)
    head = upload.read(_SNIFF_BYTES)
    whole = None
    if extension in _TEXT_TYPES:
        upload.seek(0)
        whole = upload.read()
    media_type = detect_media_type(head, extension, whole)
    allowed = ", ".join(sorted({ext for exts in accepted.values() for ext in exts}))
    if media_type not in accepted:
        raise ValidationError(
            _("This type of file is not accepted. Accepted types: %(allowed)s.") % {"allowed": allowed}, code="type"
        )
    if extension not in accepted[media_type]:
        raise ValidationError(
            _("The file's content does not match its name (.%(ext)s). Rename it or upload the right file.")
            % {"ext": extension},
            code="disguised",
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return media_type, digest.hexdigest()


def attachment_create(
    *,
    upload: UploadedFile,
    target: models.Model,
    user: Any,
    description: str = "",
    public: bool = False,
    authorised: bool = False,
) -> Attachment:
    """Attach ``upload`` to ``target``. The user needs the right to change the target, unless the calling service
    has decided who may attach (``authorised``: e.g. photos sent with a new report, by a reporter who may not
    change the record afterwards)."""
    if not authorised and not policy_of(type(target)).allows(user, CHANGE, target):
        raise PermissionDenied(_("You may not add files to this record."))
    media_type, sha256 = validate_upload(upload)
    attachment = Attachment(
        original_name=clean_file_name(upload.name),
        media_type=media_type,
        size=upload.size,
        sha256=sha256,
        description=description[:200],
        is_public=public,
        content_type=ContentType.objects.get_for_model(type(target)),
        object_id=str(target.pk),
        organisation=target.audit_organisation() if hasattr(target, "audit_organisation") else None,
    )
    stored_name = None
    try:
        with transaction.atomic():
            attachment.file.save(attachment.original_name, upload, save=False)
            stored_name = attachment.file.name
            attachment.full_clean(exclude=["file"])
            attachment.save()
    except Exception:
        if stored_name:  # a refused or failed upload leaves nothing behind
            attachment.file.storage.delete(stored_name)
        raise
    return attachment


def attachments_of(target: models.Model, user: Any) -> models.QuerySet[Attachment]:
    return Attachment.objects.restrict(user, "view").filter(
        content_type=ContentType.objects.get_for_model(type(target)), object_id=str(target.pk)
    )


def attachment_delete(*, attachment: Attachment) -> None:
    """Remove the record (audited) and, once that has committed, the stored file."""
    name, storage = attachment.file.name, attachment.file.storage
    with transaction.atomic():
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(name))
