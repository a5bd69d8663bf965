"""The 12345 form's place (district and street pickers, coordinates optional, the district found from them), the
locate endpoint behind "use my location", and the public list of recent reports near a place (no personal data)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from fazhi.hotline.models import Ticket
from fazhi.hotline.services import ticket_merge
from fazhi.hotline.tests.factories import NANJING_ROAD, category, make_ticket
from fazhi.orgs.models import Organisation

pytestmark = pytest.mark.django_db


def _form(**extra):
    data = {"category": category().pk, "description": "人行道上共享单车乱停,行人无法通过。", "address": "某路 200 号"}
    data.update(extra)
    return data


def test_the_form_offers_district_and_street_pickers_and_location(client):
    page = client.get("/hotline/").content.decode()
    huangpu = Organisation.objects.get(code="310101")
    street = Organisation.objects.get(code=NANJING_ROAD)
    assert 'id="id_district"' in page and f'<option value="{huangpu.pk}">黄浦区</option>' in page
    # Each street names its district for the script that filters the list; without it every street is listed.
    assert re.search(rf'<option value="{street.pk}" data-district="{huangpu.pk}">黄浦区 南京东路街道</option>', page)
    assert 'id="locate-me" hidden' in page and "/static/hotline/location.js" in page
    assert "<script>" not in page.split("</head>")[1]  # no inline script (a CSP forbids it)
    assert 'href="/hotline/recent/"' in page


def test_a_district_alone_routes_to_the_district(client):
    huangpu = Organisation.objects.get(code="310101")
    response = client.post("/hotline/", _form(district=huangpu.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    ticket = Ticket.objects.get()
    assert ticket.district == huangpu and ticket.organisation == huangpu and ticket.status == "dispatched"


def test_coordinates_alone_give_the_district(client):
    response = client.post("/hotline/", _form(lat="31.188000", long="121.436500"))
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.district.code == "310104" and ticket.organisation.code == "310104"


def test_coordinates_in_another_district_are_refused_on_the_form(client):
    xuhui = Organisation.objects.get(code="310104")
    response = client.post("/hotline/", _form(district=xuhui.pk, lat="31.2363", long="121.4801"))
    page = response.content.decode()
    assert response.status_code == 200 and "黄浦区" in page and Ticket.objects.count() == 0


def test_a_street_outside_the_chosen_district_is_refused(client):
    xuhui = Organisation.objects.get(code="310104")
    street = Organisation.objects.get(code=NANJING_ROAD)
    response = client.post("/hotline/", _form(district=xuhui.pk, street=street.pk))
    assert response.status_code == 200 and Ticket.objects.count() == 0
    assert "南京东路街道" in response.content.decode()


def test_locate_answers_the_district_of_a_point(client):
    answer = client.get("/hotline/locate/", {"lat": "31.2363", "long": "121.4801"})
    assert answer.status_code == 200
    huangpu = Organisation.objects.get(code="310101")
    assert answer.json() == {"district": {"id": huangpu.pk, "code": "310101", "name": "黄浦区"}, "street": None}
    assert client.get("/hotline/locate/", {"lat": "39.9", "long": "116.4"}).json() == {"district": None, "street": None}
    for bad in ({"lat": "x", "long": "1"}, {"lat": "31.2"}, {}, {"lat": "100", "long": "121"}):
        refused = client.get("/hotline/locate/", bad)
        assert refused.status_code == 400 and refused.json()["error"]


def test_recent_reports_show_category_place_status_and_day_only(client, demo_users):
    secret = make_ticket(
        submitter=demo_users["citizen"],
        description="我家楼下张三的店噪声很大,电话 13912345678",
        address="南京东路 100 号 302 室",
        lat="31.236300",
        long="121.480100",
        code="noise",
    )
    xuhui = make_ticket(description="漕溪北路路灯不亮", street="310104003", address="漕溪北路 1 号")
    old = make_ticket(description="很久以前的垃圾问题", address="南京东路 9 号")
    Ticket.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=40))

    response = client.get("/hotline/recent/")  # the whole city
    page = response.content.decode()
    assert response.status_code == 200
    table = page[page.index('id="recent-reports"') :]
    assert "噪声扰民" in table and "南京东路街道" in table and "市容环境" in table
    assert timezone.localdate().isoformat() in table
    for private in ("张三", "13912345678", "302", "南京东路 100 号", "31.2363", secret.tracking_number, "漕溪北路路灯"):
        assert private not in page
    assert old.address not in page and table.count("<tr>") == 3  # header + the two recent ones

    huangpu = Organisation.objects.get(code="310101")
    by_district = client.get("/hotline/recent/", {"district": huangpu.pk}).content.decode()
    assert "噪声扰民" in by_district and "漕溪北路" not in by_district
    by_street = client.get("/hotline/recent/", {"street": xuhui.street_id}).content.decode()
    assert "噪声扰民" not in by_street.split('id="recent-reports"')[1]
    near = client.get("/hotline/recent/", {"lat": "31.2370", "long": "121.4790"}).content.decode()
    rows = near.split('id="recent-reports"')[1]
    assert "噪声扰民" in rows and "市容环境" not in rows  # only the one with coordinates close by


def test_recent_reports_leave_out_merged_duplicates(client, demo_users):
    first = make_ticket(description="南京东路垃圾桶满溢没人清运")
    second = make_ticket(description="南京东路垃圾桶满溢很多天", code="noise")
    ticket_merge(duplicate=second, into=first, user=demo_users["njdl_handler"])
    rows = client.get("/hotline/recent/").content.decode().split('id="recent-reports"')[1]
    assert "市容环境" in rows and "噪声扰民" not in rows


def test_recent_reports_refuse_bad_input_with_a_message(client):
    response = client.get("/hotline/recent/", {"district": "nope", "lat": "31.2"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "errorlist" in page and 'id="recent-reports"' not in page
