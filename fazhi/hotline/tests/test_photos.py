"""Photos on 12345 tickets: portal, operator, API and Open311; checked by content; all or nothing; shown only to
those who may follow the ticket."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from fazhi.attachments.models import Attachment
from fazhi.hotline import services
from fazhi.hotline.models import Ticket
from fazhi.hotline.tests.factories import NANJING_ROAD, category, make_ticket
from fazhi.orgs.models import Organisation
from fazhi.testing.factories import PDF_BYTES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _catalogue(db):
    category()  # the catalogue, for API and Open311 calls by code


def image(fmt: str = "JPEG", colour: str = "red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(buffer, fmt)
    return buffer.getvalue()


def photo(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image() if content is None else content)


def stored_files(settings) -> list:
    root = settings.STORAGES["default"]["OPTIONS"]["location"]
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _form(**extra):
    data = {
        "category": category().pk,
        "description": "南京东路 300 号井盖破损,夜里很危险。",
        "address": "南京东路 300 号",
        "street": Organisation.objects.get(code=NANJING_ROAD).pk,
    }
    data.update(extra)
    return data


def test_citizen_sends_photos_with_the_report_and_only_those_following_it_see_them(client_for):
    citizen = client_for("citizen")
    response = citizen.post(
        "/hotline/",
        _form(photos=[photo("井盖.jpg"), photo("近景.webp", image("WEBP")), photo("远景.png", image("PNG"))]),
    )
    assert response.status_code == 302, response.content.decode()
    ticket = Ticket.objects.get()
    photos = list(services.ticket_photos(ticket))
    assert [p.media_type for p in photos] == ["image/jpeg", "image/webp", "image/png"]
    assert all(p.created_by is not None and p.created_by.username == "citizen" for p in photos)
    page = citizen.get(ticket.get_absolute_url()).content.decode()
    url = f"/hotline/tickets/{ticket.tracking_number}/photos/{photos[0].uid}/"
    assert url in page and "<img" in page
    served = citizen.get(url)
    assert served.status_code == 200 and b"".join(served.streaming_content) == image()
    assert served["Content-Type"] == "image/jpeg" and served["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served["Content-Security-Policy"]
    assert client_for("njdl_handler").get(url).status_code == 200  # staff over the ticket
    assert url in client_for("njdl_handler").get(ticket.get_console_url()).content.decode()
    for outsider in ("xh_justice", None):
        assert client_for(outsider).get(url).status_code == 404
    # a photo of another ticket is not reachable through this one's number
    other = make_ticket(submitter=None, description="另一处:人民广场路灯不亮。")
    assert citizen.get(f"/hotline/tickets/{other.tracking_number}/photos/{photos[0].uid}/").status_code == 404


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("照片.jpg", PDF_BYTES, "jpeg, jpg, png, webp。"),  # a PDF dressed as a photo: not a type photos take
        ("说明.pdf", PDF_BYTES, "jpeg, jpg, png, webp。"),  # a real document, not a photo: only photo types named
        ("photo.jpg", b"MZ\x90\x00" + b"\x00" * 100, "类型"),  # an executable
        ("photo.png", image("JPEG"), "不符"),  # a JPEG named .png
    ],
)
def test_disguised_or_non_photo_files_are_refused_and_nothing_is_saved(client_for, settings, name, content, message):
    before = stored_files(settings)
    response = client_for("citizen").post("/hotline/", _form(photos=[photo("ok.jpg"), photo(name, content)]))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and name in page
    assert not any(f"{other}," in page or f"{other}。" in page for other in ("csv", "docx", "pdf", "txt", "xlsx"))
    assert not Ticket.objects.exists() and not Attachment.objects.exists()
    # Only the accepted photo is kept (private storage, for the form's next submit); the refused one is not.
    kept = [path for path in stored_files(settings) if path not in before]
    assert len(kept) == 1 and kept[0].parent.name == "pending"


def test_too_many_or_too_large_photos_are_refused(client_for):
    citizen = client_for("citizen")
    response = citizen.post("/hotline/", _form(photos=[photo(f"{n}.jpg") for n in range(4)]))
    assert "最多 3 张照片" in response.content.decode() and not Ticket.objects.exists()
    with override_settings(HOTLINE_PHOTO_MAX_BYTES=100):
        response = citizen.post("/hotline/", _form(photos=[photo("big.jpg")]))
    assert "big.jpg" in response.content.decode() and not Ticket.objects.exists()


def test_a_failure_after_some_photos_were_stored_leaves_neither_ticket_nor_file(settings, demo_users, monkeypatch):
    before = stored_files(settings)
    real_create = services.attachment_create
    calls = []

    def failing_second(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real_create(**kwargs)

    monkeypatch.setattr(services, "attachment_create", failing_second)
    with pytest.raises(RuntimeError):
        services.ticket_submit_with_photos(
            photos=[photo("a.jpg"), photo("b.jpg")],
            description="南京东路 300 号井盖破损。",
            category=category(),
            address="南京东路 300 号",
            submitter=demo_users["citizen"],
        )
    assert not Ticket.objects.exists() and not Attachment.objects.exists()
    assert stored_files(settings) == before


def test_operator_attaches_the_photos_a_caller_sent(client_for):
    operator = client_for("hotline_operator")
    data = _form(contact_phone="13912345678", consent="on", photos=[photo("来电照片.jpg")])
    response = operator.post("/console/hotline/intake/", data)
    assert response.status_code == 302, response.content.decode()
    ticket = Ticket.objects.get()
    assert ticket.channel == "phone" and services.ticket_photos(ticket).count() == 1


def test_api_takes_photos_and_a_media_url_and_serves_photos_to_readers(client_for):
    citizen = client_for("citizen")
    response = citizen.post(
        "/api/v1/tickets/",
        {
            "category": "city-appearance",
            "description": "南京东路 400 号广告牌松动。",
            "address": "南京东路 400 号",
            "street": NANJING_ROAD,
            "media_url": "https://img.example.org/p/1.jpg",
            "photos": [photo("广告牌.jpg")],
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["media_url"] == "https://img.example.org/p/1.jpg"
    listing = citizen.get(f"/api/v1/tickets/{body['id']}/photos/").json()
    assert [p["media_type"] for p in listing] == ["image/jpeg"]
    download = citizen.get(listing[0]["url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == image()
    assert client_for("xh_justice").get(listing[0]["url"]).status_code == 404


@pytest.mark.parametrize(
    "media_url", ["javascript:alert(1)", "ftp://example.org/a.jpg", "https://example.org/" + "a" * 500, "not a url"]
)
def test_api_refuses_a_bad_media_url_and_saves_nothing(client_for, media_url):
    response = client_for("citizen").post(
        "/api/v1/tickets/",
        {
            "category": "city-appearance",
            "description": "井盖破损。",
            "address": "南京东路 1 号",
            "media_url": media_url,
        },
    )
    assert response.status_code == 400 and "media_url" in response.json()
    assert not Ticket.objects.exists()


def test_open311_media_url_and_media_upload_are_kept_and_shown_only_in_full(client_for, demo_users):
    from rest_framework.authtoken.models import Token

    key = Token.objects.create(user=demo_users["citizen"]).key
    client = client_for(None)
    response = client.post(
        "/open311/v2/requests.json",
        {
            "api_key": key,
            "service_code": "city-appearance",
            "description": "南京东路 500 号路面塌陷。",
            "address_string": "南京东路 500 号",
            "media_url": "https://img.example.org/p/2.jpg",
        },
    )
    assert response.status_code == 201, response.content
    with_link = response.json()[0]["service_request_id"]
    response = client.post(
        "/open311/v2/requests.json",
        {
            "api_key": key,
            "service_code": "city-appearance",
            "description": "南京东路 600 号路面积水。",
            "address_string": "南京东路 600 号",
            "media": photo("积水.jpg"),
        },
    )
    assert response.status_code == 201, response.content
    with_upload = response.json()[0]["service_request_id"]
    full = {r["service_request_id"]: r for r in client.get(f"/open311/v2/requests.json?api_key={key}").json()}
    assert full[with_link]["media_url"] == "https://img.example.org/p/2.jpg"
    uploaded = Ticket.objects.get(tracking_number=with_upload)
    photo_row = services.ticket_photos(uploaded).get()
    assert full[with_upload]["media_url"].endswith(f"/api/v1/tickets/{uploaded.pk}/photos/{photo_row.uid}/")
    # a caller who only holds the number: status only, no photo
    status_only = client.get(f"/open311/v2/requests/{with_upload}.json").json()[0]
    assert status_only["media_url"] is None and status_only["description"] is None
    xml = client.get(f"/open311/v2/requests/{with_link}.xml?api_key={key}").content.decode()
    assert "<media_url>https://img.example.org/p/2.jpg</media_url>" in xml
    refused = client.post(
        "/open311/v2/requests.json",
        {
            "api_key": key,
            "service_code": "city-appearance",
            "description": "南京东路 700 号。",
            "address_string": "南京东路 700 号",
            "media": SimpleUploadedFile("x.jpg", PDF_BYTES),
        },
    )
    assert refused.status_code == 400 and "x.jpg" in refused.json()[0]["description"]
    assert Ticket.objects.count() == 2


def test_photos_follow_a_redispatched_ticket_in_the_generic_download_too(client_for, demo_users):
    assert client_for("citizen").post("/hotline/", _form(photos=[photo("井盖.jpg")])).status_code == 302
    ticket = Ticket.objects.get()
    shot = services.ticket_photos(ticket).get()
    download = shot.get_absolute_url()
    assert client_for("njdl_handler").get(download).status_code == 200
    assert client_for("xh_justice").get(download).status_code == 404
    services.ticket_dispatch(
        ticket=ticket, organisation=Organisation.objects.get(code="310104"), user=demo_users["njdl_handler"], reason="x"
    )
    # Xuhui handles it now: its staff see the photo (both ways), as they see the ticket; the street no longer does
    assert client_for("xh_justice").get(download).status_code == 200
    assert (
        client_for("xh_justice").get(f"/hotline/tickets/{ticket.tracking_number}/photos/{shot.uid}/").status_code == 200
    )
    assert client_for("njdl_handler").get(download).status_code == 404
    assert client_for("citizen").get(download).status_code == 200  # the reporter, as uploader and owner
    assert client_for(None).get(download).status_code == 404


# --- issue #20: photos accepted with a form that came back with an error are kept for the next submit ----------


def _upload_token(html: str) -> str:
    found = re.search(r'name="upload_token" value="([^"]+)"', html)
    assert found, "the form carries its upload token"
    return found.group(1)


def test_photos_are_kept_across_an_error_and_attached_on_the_next_submit(client_for):
    citizen = client_for("citizen")
    token = _upload_token(citizen.get("/hotline/").content.decode())
    first = citizen.post(
        "/hotline/", _form(description="", upload_token=token, photos=[photo("井盖.jpg"), photo("假.jpg", PDF_BYTES)])
    )
    html = first.content.decode()
    assert first.status_code == 200 and not Ticket.objects.exists()
    assert "井盖.jpg" in html and 'name="remove_upload"' in html and _upload_token(html) == token
    assert "假.jpg" not in html.split('class="pending-uploads"')[1].split("</ul>")[0]  # a refused file is not kept
    assert "南京东路 300 号" in html  # and what was typed is there
    second = citizen.post("/hotline/", _form(upload_token=token, photos=[photo("近景.png", image("PNG"))]))
    assert second.status_code == 302, second.content.decode()
    ticket = Ticket.objects.get()
    assert sorted(a.original_name for a in services.ticket_photos(ticket)) == ["井盖.jpg", "近景.png"]
    assert "井盖.jpg" not in citizen.get("/hotline/").content.decode()  # a new form starts empty


def test_a_kept_photo_can_be_removed_and_an_operator_keeps_them_too(client_for):
    operator = client_for("hotline_operator")
    token = "p" * 32
    data = _form(contact_phone="13912345678", consent="on", upload_token=token)
    first = operator.post("/console/hotline/intake/", {**data, "description": "", "photos": [photo("来电照片.jpg")]})
    uid = re.search(r'name="remove_upload" value="([0-9a-f]+)"', first.content.decode()).group(1)
    removed = operator.post("/console/hotline/intake/", {**data, "description": "", "remove_upload": uid})
    assert "来电照片.jpg" not in removed.content.decode() and 'aria-invalid="true"' not in removed.content.decode()
    operator.post("/console/hotline/intake/", data)
    assert services.ticket_photos(Ticket.objects.get()).count() == 0
