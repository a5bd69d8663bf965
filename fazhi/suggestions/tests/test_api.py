"""The API: submit, each step, the published list, solicitations; bad input and refusals as clear 4xx."""

import datetime as dt

import pytest
from django.utils import timezone

from fazhi.suggestions.models import Suggestion
from fazhi.suggestions.tests.factories import SolicitationFactory

pytestmark = pytest.mark.django_db

BODY = {
    "theme": "建议公布公共法律服务站点地图",
    "facts": "居民不知道最近的服务站在哪里。",
    "proposal": "在随申办上公布站点地图。",
    "organisation": "310101",
    "privacy": True,
    "consent_publish": True,
    "contact_phone": "13912345678",
}


def test_workflow_through_the_api(client_for, demo_users):
    citizen = client_for("citizen")
    created = citizen.post("/api/v1/suggestions/submit/", BODY, content_type="application/json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["tracking_number"].startswith("JY") and data["contact_phone"] != "13912345678"
    pk = data["id"]
    assert [s["id"] for s in citizen.get("/api/v1/suggestions/").json()["results"]] == [pk]
    hp = client_for("hp_justice")
    url = f"/api/v1/suggestions/{pk}/"
    assert citizen.post(url + "steps/accept/", {}, content_type="application/json").status_code == 403  # not a handler
    assert hp.post(url + "steps/reply/", {"text": "太早"}, content_type="application/json").status_code == 400
    assert hp.post(url + "steps/accept/", {"emergency": True}, content_type="application/json").json()["is_emergency"]
    routed = hp.post(
        url + "steps/route/", {"lead": "310101-SFJ", "co_handlers": ["310101002"]}, content_type="application/json"
    )
    assert routed.status_code == 200 and len(routed.json()["routes"]) == 2
    assert (
        client_for("xh_justice").post(url + "steps/reply/", {"text": "x"}, content_type="application/json").status_code
        == 404
    )
    njdl = client_for("njdl_handler")
    assert (
        njdl.post(
            url + "steps/note/", {"text": "走访", "kind": "research"}, content_type="application/json"
        ).status_code
        == 201
    )
    refused = njdl.post(url + "steps/reply/", {"text": "答复"}, content_type="application/json")
    assert refused.status_code == 403
    assert "lead" in refused.json()["detail"].lower() or "牵头" in refused.json()["detail"]
    assert (
        hp.post(url + "steps/reply/", {"text": "已上线站点地图。"}, content_type="application/json").status_code == 200
    )
    converted = hp.post(
        url + "steps/convert/",
        {"kind": "measure", "description": "上线站点地图", "url": "https://example.org/map"},
        content_type="application/json",
    )
    assert converted.status_code == 201
    assert (
        hp.post(
            url + "steps/convert/", {"kind": "nonsense", "description": "x"}, content_type="application/json"
        ).status_code
        == 400
    )
    assert hp.post(url + "evaluate/", {"score": 5}, content_type="application/json").status_code == 403  # not theirs
    assert citizen.post(url + "evaluate/", {"score": 7}, content_type="application/json").status_code == 400
    assert citizen.post(url + "evaluate/", {"score": 4}, content_type="application/json").status_code == 201
    assert citizen.post(url + "evaluate/", {"score": 4}, content_type="application/json").status_code == 400
    assert hp.post(url + "steps/close/", {}, content_type="application/json").json()["status"] == "closed"
    from fazhi.casework.services import moderate

    moderate(Suggestion.objects.get(pk=pk), approve=True, user=demo_users["hp_justice"])
    published = client_for(None).get("/api/v1/suggestions/published/").json()["results"]
    assert [p["tracking_number"] for p in published] == [data["tracking_number"]]
    assert "contact_phone" not in published[0] and "submitter_name" not in published[0]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"theme": ""}, "theme"),
        ({"privacy": False}, "privacy"),
        ({"proposal": "<script>x</script>"}, "proposal"),
        ({"organisation": "nowhere"}, "organisation"),
        ({"contact_phone": "not a phone"}, "contact_phone"),
        ({"theme": "x" * 201}, "theme"),
    ],
)
def test_bad_submissions(client_for, changes, field):
    response = client_for("citizen").post(
        "/api/v1/suggestions/submit/", {**BODY, **changes}, content_type="application/json"
    )
    assert response.status_code == 400 and field in response.json()
    assert not Suggestion.objects.exists()


def test_closed_solicitation_and_anonymous(client_for):
    closed = SolicitationFactory(
        opens_on=timezone.localdate() - dt.timedelta(days=9), closes_on=timezone.localdate() - dt.timedelta(days=1)
    )
    response = client_for("citizen").post(
        "/api/v1/suggestions/submit/", {**BODY, "solicitation": closed.pk}, content_type="application/json"
    )
    assert response.status_code == 400 and "solicitation" in response.json()
    anonymous = client_for(None).post("/api/v1/suggestions/submit/", BODY, content_type="application/json")
    assert anonymous.status_code == 400  # everyday suggestions need an account
    assert not Suggestion.objects.exists()


def test_solicitations_api(client_for):
    draft = SolicitationFactory(is_published=False)
    public = SolicitationFactory()
    ids = {s["id"] for s in client_for(None).get("/api/v1/solicitations/").json()["results"]}
    assert public.pk in ids and draft.pk not in ids
    hp = client_for("hp_justice")
    today = timezone.localdate()
    body = {
        "organisation": "310101",
        "title": "征集",
        "background": "b",
        "questions": "q",
        "opens_on": today.isoformat(),
        "closes_on": (today - dt.timedelta(days=1)).isoformat(),
    }
    assert hp.post("/api/v1/solicitations/", body, content_type="application/json").status_code == 400
    body["closes_on"] = today.isoformat()
    assert hp.post("/api/v1/solicitations/", body, content_type="application/json").status_code == 201
    assert (
        hp.post(
            "/api/v1/solicitations/", {**body, "organisation": "310104"}, content_type="application/json"
        ).status_code
        == 403
    )
    assert (
        hp.post(
            f"/api/v1/solicitations/{public.pk}/feedback/", {"text": "x"}, content_type="application/json"
        ).status_code
        == 400
    )
