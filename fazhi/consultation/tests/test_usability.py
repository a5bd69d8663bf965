"""Usability issue #20: an oversized comment keeps what fits; the page counts comments per article, jumps to the
form and does not repeat its heading."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.test import Client

from fazhi.consultation.services import comment_moderate, comment_submit
from fazhi.consultation.tests.factories import ConsultationFactory

pytestmark = pytest.mark.django_db


def test_oversized_comment_comes_back_with_the_form_and_a_message(demo_users, settings):
    consultation = ConsultationFactory()
    client = Client(enforce_csrf_checks=True, headers={"accept-language": "en"})
    client.force_login(demo_users["citizen"])
    page = client.get(consultation.get_absolute_url())
    token = page.cookies[settings.CSRF_COOKIE_NAME].value
    text = "楼道充电隐患大。" * 70_000  # 560,000 characters, 5 MB encoded
    body = urlencode({"csrfmiddlewaretoken": token, "text": text})
    response = client.post(
        f"/consultations/{consultation.pk}/comment/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "larger than the platform accepts" in html  # the message
    assert "Cannot be longer than 5000 characters" in html  # the field's own limit, in plain words
    assert "楼道充电隐患大。楼道充电隐患大。" in html  # what was typed is there to shorten
    assert 'maxlength="5000"' in html
    assert not consultation.comments.exists()


def test_oversized_multipart_post_shows_the_form_again_with_a_message(demo_users):
    consultation = ConsultationFactory()
    client = Client(headers={"accept-language": "en"})
    client.force_login(demo_users["citizen"])
    page = consultation.get_absolute_url()
    response = client.post(
        f"/consultations/{consultation.pk}/comment/", {"text": "字" * 1_000_000}, headers={"referer": page}
    )
    assert response.status_code == 302 and response["Location"] == page  # back to the form, with the message
    assert "larger than the platform accepts" in client.get(page).content.decode()
    elsewhere = client.post(
        f"/consultations/{consultation.pk}/comment/",
        {"text": "字" * 1_000_000},
        headers={"referer": "https://evil.example/"},
    )
    assert elsewhere.status_code in (405, 413)  # not sent back off-site; the comment URL answers a GET with 405
    assert not consultation.comments.exists()


def test_page_counts_comments_per_article_and_jumps_to_the_form(client_for, demo_users):
    consultation = ConsultationFactory()
    article = consultation.articles.get(number=3, suffix=0)
    for text in ("支持第三条。", "第三条应当更严。"):
        comment = comment_submit(consultation=consultation, article=article, text=text, user=demo_users["citizen"])
        comment_moderate(comment=comment, approve=True, user=demo_users["hp_justice"])
    english = {"accept-language": "en"}
    html = client_for("citizen").get(consultation.get_absolute_url(), headers=english).content.decode()
    assert 'href="#comment-form"' in html.split("<h2")[0]  # a jump to the form before the first section
    assert '<a href="#art-3">第三条 <span class="badge"' in html and "2</span>" in html
    assert html.count(">Your comment<") <= 1  # the form's heading is not the label of its field again
