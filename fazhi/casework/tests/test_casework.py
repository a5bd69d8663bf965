"""The shared ground of citizen matters that needs no particular module: anti-abuse, settings pages, 我的办件."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from fazhi.casework.abuse import normalise_for_duplicates, screen, screen_or_refuse, throttle
from fazhi.casework.models import SensitiveWord, new_tracking_number
from fazhi.core.exceptions import TooManyRequests

pytestmark = pytest.mark.django_db


def test_tracking_numbers_are_readable_and_distinct():
    numbers = {new_tracking_number("JY") for _ in range(500)}
    assert len(numbers) == 500
    sample = next(iter(numbers))
    assert sample.startswith("JY") and len(sample) == len("JY20261127-4F7K2Q")
    assert not set(sample.split("-")[1]) & set("ILOU")


def test_rate_limit_per_account_and_per_address(settings, demo_users):
    from django.core.cache import cache

    cache.clear()
    settings.CASEWORK_RATE_LIMITS = {"default": ("2/m", "3/m")}
    factory = RequestFactory()

    def request(user, address):
        req = factory.post("/", REMOTE_ADDR=address)
        req.user = user
        return req

    citizen = demo_users["citizen"]
    throttle(request(citizen, "10.0.0.1"), "test")
    throttle(request(citizen, "10.0.0.1"), "test")
    with pytest.raises(TooManyRequests):
        throttle(request(citizen, "10.0.0.1"), "test")  # the account's limit
    throttle(request(demo_users["hp_justice"], "10.0.0.2"), "test")  # another person is not held back
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(TooManyRequests) as refused:
        for _ in range(4):
            throttle(request(AnonymousUser(), "10.0.0.9"), "test")  # the address's limit
    assert "limit" in refused.value.message or "上限" in refused.value.message


def test_sensitive_words_flag_or_refuse_and_changes_apply_at_once():
    from fazhi.casework.abuse import words_changed

    assert screen("楼道里堆满杂物") == []
    SensitiveWord.objects.create(word="杂物")
    SensitiveWord.objects.create(word="违禁词", action=SensitiveWord.Action.BLOCK)
    words_changed()
    assert screen("楼道里堆满杂物,杂物很多") == ["杂物"]
    assert screen_or_refuse("楼道里堆满杂物") == ["杂物"]
    with pytest.raises(ValidationError):
        screen_or_refuse("正常内容", "含有违禁词的内容")
    SensitiveWord.objects.filter(word="杂物").update(is_active=False)
    words_changed()
    assert screen("楼道里堆满杂物") == []


def test_duplicate_normalisation_ignores_spacing_and_punctuation():
    assert normalise_for_duplicates("小区门口 路灯坏了!") == normalise_for_duplicates("小区门口路灯坏了。")


def test_sensitive_words_console_is_for_city_wide_staff(client_for):
    office = client_for("office")
    response = office.post("/console/matters/words/add/", {"word": "  测试词 ", "action": "flag", "is_active": "on"})
    assert response.status_code == 302
    assert SensitiveWord.objects.filter(word="测试词").exists()
    assert "测试词" in office.get("/console/matters/words/").content.decode()
    assert client_for("hp_justice").get("/console/matters/words/").status_code == 403  # a district's handler
    assert client_for("citizen").get("/console/matters/words/").status_code == 403
    assert office.post("/console/matters/words/add/", {"word": " ", "action": "flag"}).status_code == 200  # error shown


def test_my_matters_and_tracking_answer_without_matters(client_for):
    citizen = client_for("citizen")
    assert citizen.get("/my/matters/").status_code == 200
    assert citizen.get("/api/v1/my/matters/").json()["results"] == []
    page = client_for(None).get("/my/matters/track/?number=JY20260101-ZZZZZZ").content.decode()
    assert 'role="alert"' in page
    assert client_for(None).get("/api/v1/matters/JY20260101-ZZZZZZ/").status_code == 404
