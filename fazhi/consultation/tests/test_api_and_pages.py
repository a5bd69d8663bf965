"""The API and the pages answer hostile or malformed input with a clear 4xx and save nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.consultation.models import Comment
from fazhi.consultation.services import comment_moderate, comment_submit, consultation_close
from fazhi.consultation.tests.factories import ConsultationFactory, contact_point

pytestmark = pytest.mark.django_db


def test_api_citizen_submits_and_reads_back(client_for):
    consultation = ConsultationFactory()
    article = consultation.articles.first()
    api = client_for("citizen")
    response = api.post(
        "/api/v1/consultation-comments/",
        {"consultation": consultation.pk, "article": article.pk, "text": "建议细化第一条。"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "pending" and body["author"].startswith("市") and "*" in body["author"]
    again = api.post(
        "/api/v1/consultation-comments/",
        {"consultation": consultation.pk, "text": "建议细化第一条。", "article": article.pk},
        content_type="application/json",
    )
    assert again.status_code == 400 and "已就此征求意见提交过" in again.content.decode()
    public = client_for(None).get(f"/api/v1/consultation-comments/?consultation={consultation.pk}").json()
    assert public["count"] == 0  # not before moderation


def test_api_bad_input(client_for, demo_users):
    consultation, other = ConsultationFactory(), ConsultationFactory()
    api = client_for("citizen")
    wrong_article = api.post(
        "/api/v1/consultation-comments/",
        {"consultation": consultation.pk, "article": other.articles.first().pk, "text": "意见。"},
        content_type="application/json",
    )
    assert wrong_article.status_code == 400 and "属于另一个征求意见" in wrong_article.content.decode()
    consultation_close(consultation=consultation, user=demo_users["hp_justice"])
    closed = api.post(
        "/api/v1/consultation-comments/",
        {"consultation": consultation.pk, "text": "意见。"},
        content_type="application/json",
    )
    assert closed.status_code == 400 and "已截止" in closed.content.decode()
    anonymous = client_for(None).post(
        "/api/v1/consultation-comments/", {"consultation": other.pk, "text": "意见。"}, content_type="application/json"
    )
    assert anonymous.status_code in (401, 403)
    assert api.get("/api/v1/consultation-comments/?consultation=abc").status_code == 400
    assert not Comment.objects.filter(consultation__in=[consultation, other]).exists()


def test_api_moderation_adoption_and_export_in_scope(client_for, demo_users):
    consultation = ConsultationFactory()
    comment = comment_submit(consultation=consultation, text="罚款偏低。", user=demo_users["citizen"])
    steps = f"/api/v1/consultation-comments/{comment.pk}/steps/"
    xh = client_for("xh_justice")
    assert xh.post(steps + "approve/", {}).status_code == 404
    hp = client_for("hp_justice")
    assert hp.post(steps + "reject/", {}).status_code == 400  # a reason is required
    assert hp.post(steps + "adoption/", {"adoption": "partly", "reason": "太早"}).status_code == 400  # not published
    assert client_for("citizen").post(steps + "approve/", {}).status_code == 403  # the author sees it, may not act
    assert hp.post(steps + "approve/", {}).json()["moderation"] == "approved"
    assert hp.post(steps + "approve/", {}).status_code == 400  # already published
    assert hp.post(steps + "answer/", {}).status_code == 403  # the feedback report is not out yet
    marked = hp.post(steps + "adoption/", {"adoption": "partly", "reason": "部分采纳。"})
    assert marked.json()["adoption"] == "partly" and marked.json()["status"] == "partly"
    assert marked.json()["due_at"] is not None  # the feedback's clock runs
    assert hp.post(steps + "adoption/", {"adoption": "maybe", "reason": "x"}).status_code == 400
    rows = hp.get(f"/api/v1/consultations/{consultation.pk}/export/").json()
    assert len(rows) == 1 and "张三" not in str(rows)
    assert xh.get(f"/api/v1/consultations/{consultation.pk}/export/").status_code == 404


def test_api_offline_entry(client_for):
    point = contact_point()
    consultation = ConsultationFactory()
    payload = {
        "contact_point": point.code,
        "rows": [
            {"text": "居民支持。", "article": "第三条", "source": "forum", "source_date": str(timezone.localdate())}
        ],
    }
    njdl = client_for("njdl_handler")
    first = njdl.post(
        f"/api/v1/consultations/{consultation.pk}/offline-comments/", payload, content_type="application/json"
    )
    assert first.status_code == 201 and len(first.json()["created"]) == 1
    second = njdl.post(
        f"/api/v1/consultations/{consultation.pk}/offline-comments/", payload, content_type="application/json"
    )
    assert second.json()["unchanged"] == [1]
    not_a_point = {**payload, "contact_point": "310101002-SFS"}
    refused = njdl.post(
        f"/api/v1/consultations/{consultation.pk}/offline-comments/", not_a_point, content_type="application/json"
    )
    assert refused.status_code == 400 and "不是基层立法联系点" in refused.content.decode()
    outside = client_for("xh_justice").post(
        f"/api/v1/consultations/{consultation.pk}/offline-comments/", payload, content_type="application/json"
    )
    assert outside.status_code == 403


def test_portal_page_shows_articles_with_anchors_and_published_comments(client_for, demo_users):
    consultation = ConsultationFactory()
    comment = comment_submit(
        consultation=consultation,
        article=consultation.articles.get(number=3, suffix=0),
        text="支持第三条。",
        user=demo_users["citizen"],
    )
    comment_moderate(comment=comment, approve=True, user=demo_users["hp_justice"])
    html = client_for(None).get(consultation.get_absolute_url()).content.decode()
    assert 'id="art-3"' in html and 'id="art-3-1"' in html and "支持第三条。" in html
    assert client_for(None).get("/consultations/").status_code == 200


def test_portal_comment_form_refuses_bad_input(client_for):
    consultation = ConsultationFactory()
    citizen = client_for("citizen")
    empty = citizen.post(f"/consultations/{consultation.pk}/comment/", {"text": ""})
    assert empty.status_code == 400
    other = ConsultationFactory()
    wrong = citizen.post(
        f"/consultations/{consultation.pk}/comment/", {"text": "意见。", "article": other.articles.first().pk}
    )
    assert wrong.status_code == 400
    assert not consultation.comments.exists()


def test_console_offline_form_and_exports(client_for):
    point = contact_point()
    consultation = ConsultationFactory()
    njdl = client_for("njdl_handler")
    data = {
        "contact_point": point.pk,
        "rows-TOTAL_FORMS": "2",
        "rows-INITIAL_FORMS": "0",
        "rows-0-text": "座谈会上居民支持。",
        "rows-0-article": "第三条",
        "rows-0-source": "forum",
        "rows-0-source_date": str(timezone.localdate()),
        "rows-0-participants": "12",
        "rows-1-text": "",
        "rows-1-source": "forum",
    }
    response = njdl.post(f"/console/consultation/{consultation.pk}/offline/", data)
    assert response.status_code == 200 and consultation.comments.count() == 1
    hp = client_for("hp_justice")
    assert hp.get(f"/console/consultation/{consultation.pk}/export.csv").status_code == 200
    assert hp.get(f"/console/consultation/{consultation.pk}/export.xlsx").status_code == 200


def test_comments_appear_in_my_matters_and_the_staff_queues(client_for, demo_users):
    consultation = ConsultationFactory()
    comment = comment_submit(consultation=consultation, text="我的意见。", user=demo_users["citizen"])
    mine = client_for("citizen").get(reverse("casework:mine")).content.decode()
    assert comment.tracking_number in mine
    hp = client_for("hp_justice")
    assert comment.tracking_number in hp.get(reverse("casework_console:queue")).content.decode()
    assert "我的意见。" in hp.get(reverse("casework_console:moderation")).content.decode()
    assert "我的意见。" not in client_for("xh_justice").get(reverse("casework_console:moderation")).content.decode()


def test_rate_limit_answers_429_on_the_page_and_the_api(client_for, settings):
    from django.core.cache import cache

    cache.clear()
    settings.CASEWORK_RATE_LIMITS = {"default": ("2/m", "100/m")}
    consultation = ConsultationFactory()
    citizen = client_for("citizen")
    for n in range(2):
        assert citizen.post(f"/consultations/{consultation.pk}/comment/", {"text": f"第{n}条意见。"}).status_code == 302
    page = citizen.post(f"/consultations/{consultation.pk}/comment/", {"text": "第三条意见。"})
    assert page.status_code == 429
    api = citizen.post(
        "/api/v1/consultation-comments/",
        {"consultation": consultation.pk, "text": "又一条。"},
        content_type="application/json",
    )
    assert api.status_code == 429
    assert consultation.comments.count() == 2
    cache.clear()


def test_console_comment_steps_and_the_shared_moderation_queue(client_for, demo_users):
    consultation = ConsultationFactory()
    first = comment_submit(consultation=consultation, text="第一条意见。", user=demo_users["citizen"])
    second = comment_submit(consultation=consultation, text="第二条意见。", user=demo_users["citizen"])
    hp = client_for("hp_justice")
    queue = f"/console/consultation/{consultation.pk}/comments/?moderation=pending"
    page = hp.get(queue).content.decode()
    assert f"/console/consultation/comments/{first.pk}/steps/approve/" in page
    assert f'id="comment-{first.pk}-step-reject"' in page and f'id="id_c{second.pk}_reject_note"' in page
    assert "consultation.moderate" in page  # the clock behind the deadline
    assert "steps/adoption/" not in page  # marking waits for publication
    # a refused step comes back as a message, to the page as it was filtered, at the comment
    refused = hp.post(f"/console/consultation/comments/{first.pk}/steps/reject/", {"note": "", "next": queue})
    assert refused.status_code == 302 and refused["Location"] == f"{queue}#comment-{first.pk}"
    hp.post(f"/console/consultation/comments/{first.pk}/steps/approve/", {"next": "https://evil.example/"})
    first.refresh_from_db()
    assert first.status == "approved" and first.moderation == "approved"
    page = hp.get(f"/console/consultation/{consultation.pk}/comments/").content.decode()
    assert f"/console/consultation/comments/{first.pk}/steps/adoption/" in page
    assert "steps/answer/" not in page  # the feedback report is not out
    # the shared moderation queue takes the same step: history and the author told
    hp.post(
        reverse("casework_console:moderate", args=["consultation.comment", second.pk]),
        {"decision": "reject", "note": "与本草案无关。"},
    )
    second.refresh_from_db()
    assert second.status == "rejected" and second.moderation_note == "与本草案无关。" and second.due_at is None
    # the author follows it with its clock on the consultation's page
    mine = client_for("citizen").get(consultation.get_absolute_url()).content.decode()
    assert f'id="mine-{first.pk}"' in mine
    # a published comment is public: another district's handler sees it, and is refused the step
    xh = client_for("xh_justice")
    xh.post(f"/console/consultation/comments/{first.pk}/steps/adoption/", {"adoption": "adopted", "reason": "x"})
    first.refresh_from_db()
    assert first.adoption == "" and first.status == "approved"
