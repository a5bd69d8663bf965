import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.publicity.services import withdraw_decision
from fazhi.publicity.tests.factories import company, person_id, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def decisions():
    name, code = company()
    made = [
        published(party_name=name, party_credit_code=code),
        published(party_name=name, party_credit_code=code, body="310101-CGZF", fine_amount=Decimal("60000")),
        published(body="310104-SCJG", violation="发布虚假广告"),
        published(party_kind="person", party_name="赵六", party_credit_code="", party_id_number=person_id()),
        published(
            decision_date=timezone.localdate() - dt.timedelta(days=400),
            published_on=timezone.localdate() - dt.timedelta(days=390),
        ),
    ]
    withdrawn = published(party_name=name, party_credit_code=code)
    withdraw_decision("test", withdrawn.source_ref, "复议撤销")
    return made, name, code, withdrawn


def test_search_needs_a_criterion(client):
    response = client.get(reverse("publicity:search"))
    assert response.status_code == 200 and "searched" not in response.context


def test_before_a_search_the_latest_public_decisions_are_listed(client, decisions):
    made, _name, _code, withdrawn = decisions
    latest = list(client.get(reverse("publicity:search")).context["latest"])
    assert made[0] in latest and withdrawn not in latest


def test_search_by_name_and_code_leaves_withdrawn_out(client, decisions):
    made, name, code, withdrawn = decisions
    for q in (name[:8], code):
        response = client.get(reverse("publicity:search"), {"q": q})
        refs = {d.source_ref for d in response.context["page_obj"]}
        assert made[0].source_ref in refs and made[1].source_ref in refs
        assert withdrawn.source_ref not in refs


def test_facet_counts_equal_what_clicking_gives(client, decisions):
    response = client.get(reverse("publicity:search"), {"kind": "penalty"})
    total = response.context["paginator"].count
    facets = response.context["facets"]
    assert sum(v.count for v, _ in facets["district"]) == total
    for name in ("district", "body", "year", "kind"):
        for value, link in facets[name]:
            if value.active:  # its link widens the search again; its count is the current total
                assert value.count == total
                continue
            clicked = client.get(reverse("publicity:search") + link)
            assert clicked.context["paginator"].count == value.count, (name, value.value)


def test_search_by_legal_basis_and_violation(client, decisions):
    made = decisions[0]
    response = client.get(
        reverse("publicity:search"), {"basis": "上海市生活垃圾管理条例第五十七条", "violation": "虚假广告"}
    )
    assert [d.source_ref for d in response.context["page_obj"]] == [made[2].source_ref]


def test_natural_person_never_unmasked_publicly(client, client_for, decisions):
    person = decisions[0][3]
    pages = [
        client.get(reverse("publicity:search"), {"district": "310101"}),
        client.get(reverse("publicity:entity", args=[person.entity_key])),
        client.get(reverse("publicity:decision", args=[person.pk])),
        client.get(reverse("publicity:feed")),
        client.get(reverse("publicity:export"), {"district": "310101", "as": "csv"}),
        client.get(reverse("api:publicity-decision-list")),
        client_for("xh_justice").get(reverse("api:publicity-decision-detail", args=[person.pk])),
    ]
    for response in pages:
        assert response.status_code == 200
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode()
        assert "赵六" not in text and person.party_id_number not in text
    assert "赵*" in pages[0].content.decode()
    staff = client_for("hp_justice").get(reverse("api:publicity-decision-detail", args=[person.pk])).json()
    assert staff["party_name"] == "赵六" and staff["party_id_number"] == person.party_id_number


def test_entity_history_lists_all_published_decisions(client, decisions):
    made, _name, code, _withdrawn = decisions
    response = client.get(reverse("publicity:entity", args=["c" + code]))
    refs = [d.source_ref for d in response.context["decisions"]]
    assert set(refs) == {made[0].source_ref, made[1].source_ref}
    assert client.get(reverse("publicity:entity", args=["cNOBODY"])).status_code == 404


def test_csv_download_streams_the_search(client, decisions):
    made, _name, code, _withdrawn = decisions
    response = client.get(reverse("publicity:export"), {"q": code, "as": "csv"})
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 3 and {r[0] for r in rows[1:]} == {made[0].source_ref, made[1].source_ref}


def test_download_over_the_limit_is_refused(client, decisions, settings):
    settings.PUBLICITY_EXPORT_MAX_ROWS = 1
    assert client.get(reverse("publicity:export"), {"district": "310101", "as": "csv"}).status_code == 400


def test_bad_criteria_are_a_400_in_the_api(client):
    assert client.get(reverse("api:publicity-decision-list"), {"date_from": "not-a-date"}).status_code == 400
    assert client.get(reverse("publicity:export"), {"date_from": "2026-13-01"}).status_code == 400


def test_withdrawn_and_expired_stay_for_the_body_staff(client, client_for, decisions):
    withdrawn = decisions[3]
    assert client.get(reverse("publicity:decision", args=[withdrawn.pk])).status_code == 404
    assert client_for("hp_justice").get(reverse("publicity:decision", args=[withdrawn.pk])).status_code == 200
    assert client_for("hp_justice").get(reverse("publicity_console:detail", args=[withdrawn.pk])).status_code == 200
    ids = [d["id"] for d in client_for("hp_justice").get(reverse("api:publicity-decision-list")).json()["results"]]
    assert withdrawn.pk in ids
    public_ids = [d["id"] for d in client.get(reverse("api:publicity-decision-list")).json()["results"]]
    assert withdrawn.pk not in public_ids


def test_feed_is_atom(client, decisions):
    response = client.get(reverse("publicity:feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    assert decisions[0][2].source_ref in response.content.decode()


def test_correction_pages(client_for, decisions):
    made, _name, code, _w = decisions
    citizen = client_for("citizen")
    url = reverse("publicity:correct", args=[made[0].pk])
    assert citizen.get(url).status_code == 200
    refused = citizen.post(url, {"identifier": "91310000000000000X", "what_is_wrong": "x", "evidence": "y"})
    assert refused.status_code == 400
    made_request = citizen.post(url, {"identifier": code, "what_is_wrong": "金额有误", "evidence": "决定书"})
    assert made_request.status_code == 302
    assert citizen.get(made_request["Location"]).status_code == 200
    assert client_for("xh_justice").get(made_request["Location"]).status_code == 404


def test_correction_api_steps(client_for, decisions, demo_users):
    from fazhi.publicity.services import correction_submit

    made, _name, code, _w = decisions
    request = correction_submit(
        decision=made[0], user=demo_users["citizen"], identifier=code, what_is_wrong="x", evidence="y"
    )
    url = reverse("api:publicity-correction-step-decline", args=[request.pk])
    assert client_for("citizen").post(url, {"reason": "无误"}).status_code == 403
    assert client_for("xh_justice").post(url, {"reason": "无误"}).status_code == 404
    answered = client_for("hp_justice").post(url, {"reason": "信息准确"})
    assert answered.status_code == 200 and answered.json()["status"] == "declined"
    mine = client_for("citizen").get(reverse("api:publicity-correction-list")).json()["results"]
    assert [r["tracking_number"] for r in mine] == [request.tracking_number]
