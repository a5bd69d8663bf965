"""An oversized form post is read as a stream and cut, within bounds (core.middleware)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.test import RequestFactory

from fazhi.core.middleware import RESCUE_CHARS, rescue_urlencoded


def _request(body: str):
    return RequestFactory().post("/x/", body, content_type="application/x-www-form-urlencoded")


def test_each_value_is_cut_and_small_fields_are_kept_whole():
    body = urlencode({"csrfmiddlewaretoken": "abc", "text": "法" * (RESCUE_CHARS + 10), "title": "标题"})
    kept = rescue_urlencoded(_request(body))
    assert kept["csrfmiddlewaretoken"] == "abc" and kept["title"] == "标题"
    assert kept["text"] == "法" * RESCUE_CHARS


def test_a_character_cut_in_half_is_dropped_not_garbled():
    kept = rescue_urlencoded(_request("text=" + "%E6%B3%95" * (RESCUE_CHARS * 2)))
    assert set(kept["text"]) == {"法"}


def test_too_many_fields_keeps_nothing(settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    assert rescue_urlencoded(_request("&".join(f"f{n}=1" for n in range(20)))) is None


def test_what_is_kept_stays_bounded(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    kept = rescue_urlencoded(_request(urlencode({f"f{n}": "x" * 900 for n in range(5)})))
    assert kept["f0"] == "x" * 900 and kept["f4"] == ""  # beyond twice the limit: empty
