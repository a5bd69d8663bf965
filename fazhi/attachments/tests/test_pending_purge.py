"""Files kept for a form's next submit that no session can name any more are removed (issue #20 loose end)."""

import datetime as dt
import os
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from fazhi.attachments.models import Attachment
from fazhi.attachments.pending import purge_abandoned


@pytest.fixture(autouse=True)
def _no_kept_files():
    """Start from an empty pending/ (other tests leave kept files in the session's shared storage)."""
    storage = Attachment._meta.get_field("file").storage
    if storage.exists("pending"):
        for name in storage.listdir("pending")[1]:
            storage.delete(f"pending/{name}")


def _kept(name: str, age: dt.timedelta) -> str:
    storage = Attachment._meta.get_field("file").storage
    saved = storage.save(f"pending/{name}", ContentFile(b"kept"))
    stamp = (timezone.now() - age).timestamp()
    os.utime(storage.path(saved), (stamp, stamp))
    return saved


def _exists(path: str) -> bool:
    return Attachment._meta.get_field("file").storage.exists(path)


def test_files_older_than_any_session_are_removed_and_fresh_ones_kept(settings):
    settings.SESSION_ABSOLUTE_SECONDS = 12 * 3600
    old = _kept("a" * 32, dt.timedelta(hours=13))
    fresh = _kept("b" * 32, dt.timedelta(hours=11))
    assert purge_abandoned() == 1
    assert not _exists(old) and _exists(fresh)
    assert purge_abandoned() == 0  # idempotent


def test_the_command_takes_an_age_and_refuses_a_nonsense_one():
    old = _kept("c" * 32, dt.timedelta(hours=3))
    out = StringIO()
    call_command("attachments_purge", "--hours", "2", stdout=out)
    assert "removed: 1" in out.getvalue() and not _exists(old)
    with pytest.raises(CommandError):
        call_command("attachments_purge", "--hours", "0")
