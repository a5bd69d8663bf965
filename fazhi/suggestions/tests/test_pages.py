"""Portal and console pages: submit without JavaScript, confirmation, solicitations, the steps, bad input."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fazhi.suggestions.models import Suggestion
from fazhi.suggestions.tests.factories import SolicitationFactory
from fazhi.testing.factories import PDF_BYTES

pytestmark = pytest.mark.django_db

FORM = {
    "theme": "建议延长社区图书馆开放时间",
    "facts": "上班族下班后图书馆已关门。",
    "proposal": "工作日延长至晚上九点。",
    "submitter_kind": "citizen",
    "privacy": "on",
}


def test_citizen_submits_and_follows_to_the_answer(client_for, demo_users):
    citizen = client_for("citizen")
    form_page = citizen.get("/suggestions/submit/").content.decode()
    assert 'name="theme"' in form_page and 'enctype="multipart/form-data"' in form_page
    upload = SimpleUploadedFile("说明.pdf", PDF_BYTES, content_type="application/pdf")
    response = citizen.post("/suggestions/submit/", {**FORM, "attachments": upload})
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    confirmation = citizen.get(response["Location"]).content.decode()
    assert suggestion.tracking_number in confirmation
    assert suggestion.organisation.parent_id is None  # no district chosen: the city
    mine = citizen.get(f"/suggestions/mine/{suggestion.tracking_number}/").content.decode()
    assert "说明.pdf" in mine and 'id="rate"' not in mine  # nothing to rate before the answer
    assert suggestion.tracking_number in citizen.get("/my/matters/").content.decode()

    office = client_for("office")
    base = f"/console/suggestions/{suggestion.pk}/"
    assert "step-accept" in office.get(base).content.decode()
    office.post(base + "steps/accept/", {"note": ""})
    office.post(base + "steps/route/", {"lead": "310101", "co_handlers": "310101002, 310104"})
    suggestion.refresh_from_db()
    assert suggestion.status == "routed" and suggestion.routes.count() == 3
    hp = client_for("hp_justice")
    hp.post(base + "steps/reply/", {"text": "已协调图书馆试行延长开放。"})
    assert Suggestion.objects.get().status == "replied"
    xh = client_for("xh_justice")  # a co-handler: sees it, may not answer
    assert xh.get(base).status_code == 200
    page = xh.post(base + "steps/close/", {}, follow=True).content.decode()
    assert "lead organisation" in page or "牵头" in page
    assert Suggestion.objects.get().status == "replied"

    mine = citizen.get(f"/suggestions/mine/{suggestion.tracking_number}/").content.decode()
    assert "已协调图书馆试行延长开放。" in mine and 'id="rate"' in mine
    assert citizen.post(f"/suggestions/mine/{suggestion.tracking_number}/", {"score": "9"}).status_code == 400
    assert citizen.post(f"/suggestions/mine/{suggestion.tracking_number}/", {"score": "5"}).status_code == 302
    assert 'id="rating"' in citizen.get(f"/suggestions/mine/{suggestion.tracking_number}/").content.decode()
    # someone else's suggestion: not found
    other = client_for("hp_manager")
    assert other.post(f"/suggestions/mine/{suggestion.tracking_number}/", {"score": "1"}).status_code in (302, 404)
    assert Suggestion.objects.get().evaluations.get(by_submitter=True).score == 5


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"theme": ""}, "theme"),
        ({"facts": "<script>alert(1)</script>"}, "plain text"),
        ({"privacy": ""}, "privacy"),
    ],
)
def test_bad_submissions_answer_400_and_save_nothing(client_for, changes, message):
    response = client_for("citizen").post("/suggestions/submit/", {**FORM, **changes})
    assert response.status_code == 400
    assert not Suggestion.objects.exists()
    assert 'role="alert"' in response.content.decode()


def test_disguised_attachment_is_refused(client_for):
    fake = SimpleUploadedFile("scan.pdf", b"<html><script>x</script></html>", content_type="application/pdf")
    response = client_for("citizen").post("/suggestions/submit/", {**FORM, "attachments": fake})
    assert response.status_code == 400 and not Suggestion.objects.exists()


def test_personal_claim_is_pointed_to_the_right_channel(client_for):
    citizen = client_for("citizen")
    response = citizen.post("/suggestions/submit/", {**FORM, "facts": "我想起诉物业公司,要求个人赔偿。"}, follow=True)
    page = response.content.decode()
    assert "12345" in page and "12348" in page


def test_solicitations_open_and_closed(client_for):
    open_ = SolicitationFactory(allow_anonymous=True)
    closed = SolicitationFactory(
        opens_on=timezone.localdate() - dt.timedelta(days=20), closes_on=timezone.localdate() - dt.timedelta(days=2)
    )
    draft = SolicitationFactory(is_published=False)
    anonymous = client_for(None)
    listing = anonymous.get("/suggestions/solicitations/").content.decode()
    assert open_.title in listing and closed.title in listing and draft.title not in listing
    assert anonymous.get(f"/suggestions/solicitations/{draft.pk}/").status_code == 404
    response = anonymous.post(f"/suggestions/solicitations/{open_.pk}/submit/", FORM)
    assert response.status_code == 302
    anon = Suggestion.objects.get()
    assert anon.submitter is None and anon.solicitation == open_
    assert anon.tracking_number in anonymous.get(response["Location"]).content.decode()
    refused = client_for("citizen").post(f"/suggestions/solicitations/{closed.pk}/submit/", FORM)
    assert refused.status_code == 302 and Suggestion.objects.count() == 1
    assert anonymous.get(f"/suggestions/solicitations/{closed.pk}/submit/").status_code == 302  # to log in


def test_console_solicitation_crud_and_feedback(client_for):
    hp = client_for("hp_justice")
    today = timezone.localdate()
    response = hp.post(
        "/console/suggestions/solicitations/add/",
        {
            "organisation": _org_pk("310101"),
            "title": "征集:黄浦滨江公共空间管理",
            "background": "滨江贯通后的管理问题。",
            "questions": "开放时间如何安排?",
            "opens_on": (today - dt.timedelta(days=10)).isoformat(),
            "closes_on": (today - dt.timedelta(days=1)).isoformat(),
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    from fazhi.suggestions.models import Solicitation

    solicitation = Solicitation.objects.get()
    hp.post(f"/console/suggestions/solicitations/{solicitation.pk}/feedback/", {"text": "共收到 12 条建议。"})
    solicitation.refresh_from_db()
    assert solicitation.feedback_published_at is not None
    assert "共收到 12 条建议。" in client_for(None).get(solicitation.get_absolute_url()).content.decode()
    bad = hp.post(
        "/console/suggestions/solicitations/add/",
        {
            "organisation": _org_pk("310104"),
            "title": "x",
            "background": "x",
            "questions": "x",
            "opens_on": today.isoformat(),
            "closes_on": today.isoformat(),
        },
    )
    assert bad.status_code == 200 and Solicitation.objects.count() == 1  # Xuhui is outside Huangpu's scope


def test_console_list_filters(client_for, demo_users):
    from fazhi.orgs.models import Organisation
    from fazhi.suggestions.services import suggestion_submit

    s = suggestion_submit(
        user=demo_users["citizen"],
        theme="滨江步道照明",
        facts="晚上太暗。",
        proposal="加装路灯。",
        organisation=Organisation.objects.get(code="310101"),
    )
    hp = client_for("hp_justice")
    assert s.tracking_number in hp.get("/console/suggestions/?status=registered").content.decode()
    assert s.tracking_number not in hp.get("/console/suggestions/?status=closed").content.decode()
    assert s.tracking_number not in hp.get("/console/suggestions/?overdue=true").content.decode()
    assert s.tracking_number not in client_for("xh_justice").get("/console/suggestions/").content.decode()
    assert hp.get("/console/suggestions/?solicitation=99999999999999").status_code == 200


def _org_pk(code):
    from fazhi.orgs.models import Organisation

    return Organisation.objects.get(code=code).pk
