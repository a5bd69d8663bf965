import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from fazhi.attachments.models import Attachment
from fazhi.attachments.services import clean_file_name
from fazhi.testing.factories import PDF_BYTES

pytestmark = pytest.mark.django_db
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\nIDATx\x9cc\x00\x01\x00\x00\x05\x00\x01\r\n-\xb4\x00\x00\x00\x00IEND\xaeB`\x82"
)


def stored_files(settings):
    root = settings.STORAGES["default"]["OPTIONS"]["location"]
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def upload(client, name, content, **extra):
    return client.post(
        "/api/v1/attachments/",
        {"file": SimpleUploadedFile(name, content), "target_type": "orgs.organisation", "target_id": "310101", **extra},
        format="multipart",
    )


def test_staff_attach_a_pdf_and_it_is_served_only_through_the_check(client_for, settings):
    manager = client_for("hp_manager")
    response = upload(manager, "权责清单.pdf", PDF_BYTES, description="2025 权责清单")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["media_type"] == "application/pdf" and data["size"] == len(PDF_BYTES)
    download = manager.get(data["download_url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF_BYTES
    assert download["X-Content-Type-Options"] == "nosniff"
    assert client_for(None).get(data["download_url"]).status_code == 404  # private
    assert client_for("xh_justice").get(data["download_url"]).status_code == 404  # other district
    stored = Attachment.objects.get(uid=data["uid"]).file.name
    assert "权责清单" not in stored and not stored.startswith("/")


def test_public_documents_are_readable_by_anyone(client_for):
    data = upload(client_for("hp_manager"), "公告.png", PNG, is_public="true").json()
    assert client_for(None).get(data["download_url"]).status_code == 200


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("report.pdf", b"MZ\x90\x00" + b"\x00" * 100, "类型"),  # a Windows executable named .pdf
        ("photo.pdf", PNG, "不符"),  # a real PNG named .pdf
        ("notes.txt", b"\xff\xfe\x00bad", "类型"),
        ("empty.pdf", b"", "空"),
    ],
)
def test_disguised_empty_or_unknown_files_are_refused_and_nothing_is_left(client_for, settings, name, content, message):
    before = stored_files(settings)
    response = upload(client_for("hp_manager"), name, content)
    assert response.status_code == 400
    assert message in str(response.json())
    assert stored_files(settings) == before
    assert not Attachment.objects.filter(original_name=name).exists()


@override_settings(ATTACHMENT_MAX_BYTES=1000)
def test_oversized_files_are_refused(client_for, settings):
    response = upload(client_for("hp_manager"), "big.pdf", PDF_BYTES + b"0" * 2000)
    assert response.status_code == 400 and "1000" in str(response.json()).replace("\xa0", " ").replace(",", "")


def test_attaching_needs_change_rights_on_the_target(client_for):
    assert upload(client_for("xh_justice"), "a.pdf", PDF_BYTES).status_code in (400, 403)
    assert upload(client_for("citizen"), "a.pdf", PDF_BYTES).status_code == 403
    assert upload(client_for("hp_justice"), "a.pdf", PDF_BYTES).status_code == 403  # may not change organisations
    response = upload(client_for("hp_manager"), "a.pdf", PDF_BYTES, target_type="accounts.user")
    assert response.status_code == 400


def test_console_upload_form_and_delete(client_for, settings, django_capture_on_commit_callbacks):
    client = client_for("hp_manager")
    response = client.post(
        reverse("attachments_console:upload", args=["orgs.organisation", "310101"]),
        {"file": SimpleUploadedFile("清单.pdf", PDF_BYTES), "next": "/orgs/310101/"},
        follow=True,
    )
    assert "文件已上传" in response.content.decode()
    attachment = Attachment.objects.get()
    path = attachment.file.path
    page = client.get("/orgs/310101/").content.decode()
    assert attachment.original_name in page
    assert (
        client_for("xh_justice").post(reverse("attachments_console:delete", args=[attachment.uid])).status_code == 404
    )
    with django_capture_on_commit_callbacks(execute=True):  # the stored file goes once the delete has committed
        client.post(reverse("attachments_console:delete", args=[attachment.uid]))
    assert not Attachment.objects.exists()
    assert not os.path.exists(path)


@pytest.mark.parametrize(
    "raw,shown",
    [
        ("..%2f..%2fetc%2fpasswd.txt", "passwd.txt"),
        ("..%252f..%252fsecret.pdf", "secret.pdf"),  # an escape of an escape
        ("C:\\Users\\张三\\证据.pdf", "证据.pdf"),
        ("报告\u202egpj.pdf", "报告gpj.pdf"),  # a right-to-left override would disguise the extension
        ("..hidden.txt", "hidden.txt"),
        ("合同 (1).docx", "合同 (1).docx"),
    ],
)
def test_file_names_are_normalised(raw, shown):
    assert clean_file_name(raw) == shown
