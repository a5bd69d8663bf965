"""12345 photos in a browser: a disguised file is refused with a clear message and nothing is saved; real photos
are attached, shown on the reporter's page and to the street's handler, and loaded by the browser."""

import io

import pytest
from django.conf import settings
from django.core.cache import cache
from PIL import Image

from fazhi.core.tests.test_browser import log_in, log_out
from fazhi.hotline.models import Ticket
from fazhi.hotline.services import ticket_photos
from fazhi.hotline.tests.factories import NANJING_ROAD, category
from fazhi.orgs.models import Organisation
from fazhi.testing.factories import PDF_BYTES

pytestmark = pytest.mark.browser


def _image(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "orange").save(buffer, fmt)
    return buffer.getvalue()


def _fill(page, base, street):
    page.goto(f"{base}/hotline/")
    page.locator("#id_category").select_option(label="市容环境")
    page.locator("#id_description").fill("南京东路 300 号井盖破损,夜里很危险。")
    page.locator("#id_address").fill("南京东路 300 号")
    page.locator("#id_street").select_option(value=str(street.pk))


def test_citizen_attaches_photos_and_the_handler_sees_them(page, live_server, reference_data, password):
    base = live_server.url
    cache.clear()
    category()
    street = Organisation.objects.get(code=NANJING_ROAD)
    log_in(page, base, "citizen", password)

    _fill(page, base, street)
    page.locator("#id_photos").set_input_files(
        [
            {"name": "井盖.jpg", "mimeType": "image/jpeg", "buffer": _image("JPEG")},
            {"name": "伪装.jpg", "mimeType": "image/jpeg", "buffer": PDF_BYTES},  # a PDF dressed as a photo
        ]
    )
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_load_state()
    assert "伪装.jpg" in page.locator(".errorlist").first.inner_text()
    assert not Ticket.objects.exists()

    _fill(page, base, street)  # the browser does not keep chosen files after a refusal
    page.locator("#id_photos").set_input_files(
        [
            {"name": "井盖.jpg", "mimeType": "image/jpeg", "buffer": _image("JPEG")},
            {"name": "近景.webp", "mimeType": "image/webp", "buffer": _image("WEBP")},
        ]
    )
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_url(f"{base}/hotline/tickets/GD*/")
    ticket = Ticket.objects.get()
    assert ticket_photos(ticket).count() == 2
    images = page.locator("ul.photos img")
    assert images.count() == 2
    # the page's load event does not wait for every image: wait until the first has been fetched and decoded
    page.wait_for_function("() => document.querySelector('ul.photos img').complete", timeout=10_000)
    assert images.first.evaluate("img => img.naturalWidth") == 40  # served and decoded
    page.screenshot(path=str(settings.VAR_DIR / "hotline-photos.png"), full_page=True)
    log_out(page)

    log_in(page, base, "njdl_handler", password)
    page.goto(f"{base}/console/hotline/{ticket.pk}/")
    assert page.locator("ul.photos img").count() == 2
    page.wait_for_function("() => document.querySelectorAll('ul.photos img')[1]?.complete", timeout=10_000)
    assert page.locator("ul.photos img").nth(1).evaluate("img => img.naturalWidth") == 40
