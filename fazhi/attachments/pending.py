"""Files accepted with a form that came back with an error, kept for the next submit.

A person who chose files and got an error elsewhere on the form must not have to choose them again. The view keeps
each file that passes :func:`fazhi.attachments.services.validate_upload` in private storage (``pending/``, a
random name) and lists it in the session under the form's token (a hidden field, so two forms in two tabs keep
their own files); the re-rendered form shows "已上传: name [移除]". The next submit hands them to the service like
fresh uploads (:meth:`PendingUploads.uploads`); once saved, :meth:`PendingUploads.clear` removes the copies.
Nothing is tied to a record before the record exists, so there is nothing to audit until the service attaches
them (``attachment_create``, audited as usual). Only signed-in people's files are kept (anonymous forms take none).

A form left after an error leaves its files behind; once every session that could name them has ended
(``SESSION_ABSOLUTE_SECONDS``), nothing can use them again, and :func:`purge_abandoned` (``fazhi attachments purge``,
from cron) removes them.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.utils import timezone

from fazhi.attachments.models import Attachment
from fazhi.attachments.services import ALLOWED_TYPES, validate_upload

TOKEN_FIELD = "upload_token"
REMOVE_FIELD = "remove_upload"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_SESSION = "pending_uploads:"


@dataclass(frozen=True)
class PendingFile:
    uid: str
    name: str
    size: int
    media_type: str


def _storage() -> Any:
    return Attachment._meta.get_field("file").storage  # the attachments' own private storage


class PendingUploads:
    """The files kept for one form (its token) in this session."""

    def __init__(self, request: HttpRequest, token: str | None = None) -> None:
        self.request = request
        self.token = token if token and _TOKEN.match(token) else secrets.token_urlsafe(24)

    @property
    def _key(self) -> str:
        return _SESSION + self.token

    def files(self) -> list[PendingFile]:
        return [PendingFile(**row) for row in self.request.session.get(self._key, [])]

    def _save(self, files: list[PendingFile]) -> None:
        if files:
            self.request.session[self._key] = [vars(f) for f in files]
        else:
            self.request.session.pop(self._key, None)

    def keep(self, uploads: list[UploadedFile], accepted: Mapping[str, tuple[str, ...]] = ALLOWED_TYPES) -> None:
        """Keep each upload the platform accepts — of the ``accepted`` types, for a field that takes fewer (photos)
        — and leave a refused one out: its error says why."""
        kept = self.files()
        for upload in uploads:
            try:
                media_type, _digest = validate_upload(upload, accepted)
            except ValidationError:
                continue
            uid = uuid.uuid4().hex
            upload.seek(0)
            _storage().save(f"pending/{uid}", upload)
            kept.append(PendingFile(uid, PurePath(upload.name or "").name, upload.size or 0, media_type))
        self._save(kept)

    def remove(self, uid: str) -> None:
        files = self.files()
        for pending in files:
            if pending.uid == uid:
                _storage().delete(f"pending/{uid}")
        self._save([f for f in files if f.uid != uid])

    def uploads(self) -> list[UploadedFile]:
        """The kept files as uploads a service takes like fresh ones."""
        storage = _storage()
        return [
            UploadedFile(storage.open(f"pending/{f.uid}"), name=f.name, content_type=f.media_type, size=f.size)
            for f in self.files()
            if storage.exists(f"pending/{f.uid}")
        ]

    def clear(self) -> None:
        for pending in self.files():
            _storage().delete(f"pending/{pending.uid}")
        self._save([])


def purge_abandoned(older_than: dt.timedelta | None = None, now: dt.datetime | None = None) -> int:
    """Remove the kept files older than ``older_than`` (default: the longest a session lives, after which no form
    can name them); the number removed. A file of a session still running is left alone."""
    storage = _storage()
    cutoff = (now or timezone.now()) - (older_than or dt.timedelta(seconds=settings.SESSION_ABSOLUTE_SECONDS))
    if not storage.exists("pending"):
        return 0
    removed = 0
    for name in storage.listdir("pending")[1]:
        path = f"pending/{name}"
        if storage.get_modified_time(path) < cutoff:
            storage.delete(path)
            removed += 1
    return removed
