"""Usability issue #20 point 5: after an error the chosen files are kept for the next submit."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.suggestions.models import Suggestion
from fazhi.suggestions.tests.test_pages import FORM
from fazhi.testing.factories import PDF_BYTES

pytestmark = pytest.mark.django_db


def _token(html: str) -> str:
    found = re.search(r'name="upload_token" value="([^"]+)"', html)
    assert found, "the form carries its upload token"
    return found.group(1)


def test_accepted_file_is_kept_across_an_error_and_attached_on_the_next_submit(client_for):
    citizen = client_for("citizen")
    token = _token(citizen.get("/suggestions/submit/").content.decode())
    upload = SimpleUploadedFile("说明.pdf", PDF_BYTES, content_type="application/pdf")
    first = citizen.post("/suggestions/submit/", {**FORM, "theme": "", "upload_token": token, "attachments": upload})
    assert first.status_code == 400
    html = first.content.decode()
    assert "说明.pdf" in html and 'name="remove_upload"' in html and _token(html) == token
    assert "上班族下班后图书馆已关门。" in html  # what was typed is there too
    second = citizen.post("/suggestions/submit/", {**FORM, "upload_token": token})
    assert second.status_code == 302
    suggestion = Suggestion.objects.get()
    mine = citizen.get(f"/suggestions/mine/{suggestion.tracking_number}/").content.decode()
    assert "说明.pdf" in mine
    again = citizen.get("/suggestions/submit/").content.decode()
    assert "说明.pdf" not in again  # a new form starts empty


def test_a_kept_file_can_be_removed_without_losing_the_text(client_for):
    citizen = client_for("citizen")
    token = "t" * 32
    upload = SimpleUploadedFile("说明.pdf", PDF_BYTES, content_type="application/pdf")
    first = citizen.post("/suggestions/submit/", {**FORM, "theme": "", "upload_token": token, "attachments": upload})
    uid = re.search(r'name="remove_upload" value="([0-9a-f]+)"', first.content.decode()).group(1)
    removed = citizen.post("/suggestions/submit/", {**FORM, "theme": "", "upload_token": token, "remove_upload": uid})
    html = removed.content.decode()
    assert removed.status_code == 200 and "说明.pdf" not in html and "上班族下班后图书馆已关门。" in html
    assert 'aria-invalid="true"' not in html  # nothing was submitted: no errors
    citizen.post("/suggestions/submit/", {**FORM, "upload_token": token})
    number = Suggestion.objects.get().tracking_number
    assert "说明.pdf" not in citizen.get(f"/suggestions/mine/{number}/").content.decode()


def test_a_refused_file_is_not_kept(client_for):
    citizen = client_for("citizen")
    fake = SimpleUploadedFile("scan.pdf", b"<html>x</html>", content_type="application/pdf")
    response = citizen.post("/suggestions/submit/", {**FORM, "upload_token": "u" * 32, "attachments": fake})
    assert response.status_code == 400 and 'name="remove_upload"' not in response.content.decode()


def test_another_session_cannot_use_the_token(client_for):
    token = "v" * 32
    upload = SimpleUploadedFile("说明.pdf", PDF_BYTES, content_type="application/pdf")
    first = {**FORM, "theme": "", "upload_token": token, "attachments": upload}
    client_for("citizen").post("/suggestions/submit/", first)
    other = client_for("citizen").post("/suggestions/submit/", {**FORM, "theme": "", "upload_token": token})
    assert "说明.pdf" not in other.content.decode()
