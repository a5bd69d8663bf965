"""Reports of violations from the public (上海市城市管理行政执法条例 第二十六条) and ratings of enforcement contacts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from fazhi.attachments.models import Attachment
from fazhi.enforcement.choices import RatedKind, ReportStatus
from fazhi.enforcement.models import ContactRating, EnforcementReport
from fazhi.enforcement.reports import (
    body_rating,
    report_answer,
    report_rate,
    report_submit,
    report_transfer,
)
from fazhi.enforcement.tests.factories import body, sorting_matter
from fazhi.orgs.models import Organisation
from fazhi.workflow.clocks import clock_named

pytestmark = pytest.mark.django_db
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\nIDATx\x9cc\x00\x01\x00\x00\x05\x00\x01\r\n-\xb4\x00\x00\x00\x00IEND\xaeB`\x82"
)
PHONE = "13912345678"


@pytest.fixture
def bodies():
    sorting_matter()
    sorting_matter(code="T-101", body_code="310104-CGZF")
    return body("310101-CGZF"), body("310104-CGZF")


def huangpu() -> Organisation:
    return Organisation.objects.get(code="310101")


def _anonymous(**extra):
    from django.contrib.auth.models import AnonymousUser

    details = {
        "user": AnonymousUser(),
        "what": "餐馆占道经营，桌椅摆到人行道上",
        "place": "南京东路 100 号",
        "district": huangpu(),
        "contact_phone": PHONE,
        "consent": True,
    }
    details.update(extra)
    return report_submit(**details)


def test_clocks_cite_article_26():
    for key in ("enforcement.report_answer", "enforcement.report_transfer"):
        clock = clock_named(key)
        assert clock.basis is not None and clock.basis.article == 26
    assert clock_named("enforcement.report_answer").duration.amount == 5
    assert clock_named("enforcement.report_transfer").duration.amount == 3


def test_anonymous_report_goes_to_the_districts_cgzf_with_its_5_working_days(bodies):
    report = _anonymous(photos=[SimpleUploadedFile("现场.png", PNG)])
    assert report.organisation == bodies[0]
    assert report.status == ReportStatus.SUBMITTED and report.clock == "enforcement.report_answer"
    assert report.due_at is not None and report.due_at > timezone.now() + dt.timedelta(days=4)
    assert report.submitter is None and report.contact_phone == PHONE
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT contact_phone FROM {EnforcementReport._meta.db_table} WHERE id = %s", [report.pk])
        stored = cursor.fetchone()[0]
    assert PHONE not in stored  # encrypted at rest
    assert Attachment.objects.filter(object_id=str(report.pk)).count() == 1
    assert "****" in report.contact_masked and PHONE not in report.contact_masked


def test_anonymous_without_phone_is_refused_naming_the_article(bodies):
    with pytest.raises(ValidationError) as refused:
        _anonymous(contact_phone="")
    assert "第二十六条" in str(refused.value)
    assert not EnforcementReport.objects.exists()


def test_bad_photo_leaves_nothing(bodies):
    with pytest.raises(ValidationError) as refused:
        _anonymous(photos=[SimpleUploadedFile("x.png", b"not an image at all")])
    assert "photos" in refused.value.message_dict
    assert not EnforcementReport.objects.exists() and not Attachment.objects.exists()


def test_street_outside_the_district_and_body_without_powers_are_refused(bodies):
    other_street = Organisation.objects.filter(kind="street").exclude(parent=huangpu()).first()
    with pytest.raises(ValidationError) as refused:
        _anonymous(street=other_street)
    assert "street" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        _anonymous(body=Organisation.objects.get(code="310101-SFJ"))
    assert "body" in refused.value.message_dict
    assert not EnforcementReport.objects.exists()


def test_answer_within_5_working_days_then_the_reporter_rates_once(bodies, demo_users):
    report = report_submit(user=demo_users["citizen"], what="夜间施工噪声", place="人民广场", body=bodies[0])
    with pytest.raises(ValidationError):  # not yet answered
        report_rate(report=report, user=demo_users["citizen"], score=5)
    with pytest.raises(PermissionDenied):  # Xuhui's staff cannot answer Huangpu's report
        report_answer(report=report, user=demo_users["xh_justice"], result="已核查")
    report_answer(report=report, user=demo_users["hp_justice"], result="已到场核查，责令停止施工")
    report.refresh_from_db()
    assert report.status == ReportStatus.ANSWERED and report.answered_on_time and report.due_at is None
    rating = report_rate(report=report, user=demo_users["citizen"], score="4", comment="处理及时")
    assert rating.body == bodies[0] and rating.kind == RatedKind.REPORT
    with pytest.raises(ValidationError):
        report_rate(report=report, user=demo_users["citizen"], score=1)
    with pytest.raises(ValidationError):
        rating.score = 6
        from fazhi.enforcement.reports import rate_contact

        rate_contact(body=bodies[0], kind=RatedKind.CASE, subject_ref="X", score=6)
    assert ContactRating.objects.count() == 1
    assert body_rating(bodies[0]).count == 1 and body_rating(bodies[0]).average == 4.0


def test_transfer_tells_why_and_restarts_the_competent_bodys_5_days(bodies, demo_users):
    report = _anonymous()
    report_transfer(report=report, user=demo_users["hp_justice"], to=bodies[1], reason="地点在徐汇区")
    report.refresh_from_db()
    assert report.status == ReportStatus.TRANSFERRED and report.organisation == bodies[1]
    assert report.transferred_from == bodies[0] and report.transferred_on_time
    assert report.clock == "enforcement.report_answer" and report.due_at is not None
    with pytest.raises(PermissionDenied):  # no longer Huangpu's
        report_answer(report=report, user=demo_users["hp_justice"], result="x")
    report_answer(report=report, user=demo_users["xh_justice"], result="已处理")
    report.refresh_from_db()
    assert report.status == ReportStatus.ANSWERED


def test_transfer_to_the_same_body_is_refused(bodies, demo_users):
    report = _anonymous()
    with pytest.raises(ValidationError):
        report_transfer(report=report, user=demo_users["hp_justice"], to=bodies[0], reason="x")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_late_transfer_is_recorded_as_late(bodies, demo_users):
    report = _anonymous()
    EnforcementReport.objects.filter(pk=report.pk).update(clock_started_at=timezone.now() - dt.timedelta(days=10))
    report_transfer(report=report, user=demo_users["hp_justice"], to=bodies[1], reason="x")
    report.refresh_from_db()
    assert report.transferred_on_time is False


# --- pages --------------------------------------------------------------------------------------------------------


def test_anonymous_reporter_submits_follows_and_rates_on_the_pages(client, client_for, bodies):
    response = client.post(
        reverse("enforcement:report_new"),
        {
            "what": "商铺跨门经营",
            "place": "福州路 1 号",
            "district": huangpu().pk,
            "contact_phone": PHONE,
            "consent": "on",
            "photos": [SimpleUploadedFile("a.png", PNG)],
        },
    )
    assert response.status_code == 302
    report = EnforcementReport.objects.get()
    page = client.get(response.url)
    assert page.status_code == 200 and report.tracking_number in page.content.decode()
    # another browser does not see it without the phone number
    other = client_for(None)
    assert other.get(response.url).status_code == 404
    assert (
        other.post(
            reverse("enforcement:report_track"), {"number": report.tracking_number, "phone": "13900000000"}
        ).status_code
        == 404
    )
    found = other.post(reverse("enforcement:report_track"), {"number": report.tracking_number, "phone": PHONE})
    assert found.status_code == 302 and other.get(found.url).status_code == 200
    report_answer(report=report, user=_user("hp_justice"), result="已责令改正")
    assert client.post(response.url, {"score": "5", "comment": "好"}).status_code == 302
    public = client.get(reverse("enforcement:body", kwargs={"code": "310101-CGZF"})).content.decode()
    assert "5.0" in public and "好" not in public  # comments are not published
    assert PHONE not in public and "跨门" not in public  # nothing of the report is public


def _user(name: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=name)


def test_report_form_bad_input_is_a_400_with_nothing_saved(client, bodies):
    response = client.post(reverse("enforcement:report_new"), {"what": "", "place": "x"})
    assert response.status_code == 400
    response = client.post(reverse("enforcement:report_new"), {"what": "x", "place": "y", "district": huangpu().pk})
    assert response.status_code == 400 and "第二十六条" in response.content.decode()
    assert not EnforcementReport.objects.exists()


def test_console_queue_masks_the_reporter(client_for, bodies):
    _anonymous()
    staff = client_for("hp_justice")
    html = staff.get(reverse("enforcement_console:reports")).content.decode()
    assert PHONE not in html and PHONE[-4:] in html
    assert client_for("xh_justice").get(reverse("enforcement_console:reports")).content.decode().count("JB") == 0


def test_console_step_answers(client_for, bodies):
    report = _anonymous()
    staff = client_for("hp_justice")
    page = staff.get(reverse("enforcement_console:report", kwargs={"pk": report.pk}))
    assert page.status_code == 200
    url = reverse("enforcement_console:report_step", kwargs={"pk": report.pk, "step": "answer"})
    assert staff.post(url, {"result": "已核查"}).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ANSWERED
    assert (
        client_for("xh_justice").get(reverse("enforcement_console:report", kwargs={"pk": report.pk})).status_code == 404
    )


# --- API ----------------------------------------------------------------------------------------------------------


def test_api_submit_list_own_detail_steps_and_rate(client_for, bodies):
    citizen = client_for("citizen")
    created = citizen.post(
        "/api/v1/enforcement/reports/submit/",
        {"what": "违规张贴广告", "place": "淮海中路", "body": "310101-CGZF"},
        format="multipart",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["reporter"]
    assert [r["id"] for r in citizen.get("/api/v1/enforcement/reports/").json()["results"]] == [pk]
    assert client_for("company").get(f"/api/v1/enforcement/reports/{pk}/").status_code == 404
    refused = client_for("xh_justice").post(
        f"/api/v1/enforcement/reports/{pk}/steps/answer/", {"result": "x"}, content_type="application/json"
    )
    assert refused.status_code in (403, 404)
    answered = client_for("hp_justice").post(
        f"/api/v1/enforcement/reports/{pk}/steps/answer/", {"result": "已清除"}, content_type="application/json"
    )
    assert answered.status_code == 200, answered.content
    rated = citizen.post(f"/api/v1/enforcement/reports/{pk}/rate/", {"score": 3}, content_type="application/json")
    assert rated.status_code == 201
    again = citizen.post(f"/api/v1/enforcement/reports/{pk}/rate/", {"score": 3}, content_type="application/json")
    assert again.status_code == 400


def test_api_anonymous_submit_without_phone_is_a_400(client, bodies):
    response = client.post(
        "/api/v1/enforcement/reports/submit/",
        {"what": "x", "place": "y", "district": "310101"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "第二十六条" in response.content.decode()
    assert not EnforcementReport.objects.exists()


def test_reports_on_time_indicator(bodies, demo_users):
    from decimal import Decimal

    from fazhi.enforcement.indicators import reports_on_time
    from fazhi.indicators.registry import Period

    first, second = _anonymous(), _anonymous()
    report_answer(report=first, user=demo_users["hp_justice"], result="已处理")
    EnforcementReport.objects.filter(pk=second.pk).update(due_at=timezone.now() - dt.timedelta(days=1))
    second.refresh_from_db()
    report_answer(report=second, user=demo_users["hp_justice"], result="已处理")
    today = timezone.localdate()
    year = Period.containing("year", today)
    assert reports_on_time(None, huangpu(), year, today) == Decimal("50.00")


def test_demo_reports_lie_in_the_demo_year_and_are_idempotent():
    from fazhi.enforcement.demo import DEMO_YEAR, create_demo_enforcement
    from fazhi.enforcement.demo_reports import create_demo_reports

    create_demo_enforcement()
    assert create_demo_reports() == 8
    assert create_demo_reports() == 0
    reports = EnforcementReport.objects.all()
    assert not reports.exclude(created_at__year=DEMO_YEAR).exists()
    assert all(r.tracking_number.startswith(f"JB{DEMO_YEAR}") for r in reports)
    assert reports.filter(status=ReportStatus.ANSWERED).count() == 8
    assert reports.filter(answered_on_time=False).count() == 2  # the late answers (9 days)
    assert reports.filter(transferred_from__isnull=False).count() == 2
    assert ContactRating.objects.count() == 6
