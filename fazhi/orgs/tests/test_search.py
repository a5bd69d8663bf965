"""The organisation picker's search: name, short name, code, pinyin initials; the user's own district first;
the JSON endpoint (the API's, documented in OpenAPI) and the form fields that resolve what was typed."""

import pytest
from django.core.exceptions import ValidationError

from fazhi.orgs.models import Organisation
from fazhi.orgs.picker import OrganisationField, OrganisationsField
from fazhi.orgs.search import resolve, search

pytestmark = pytest.mark.django_db
URL = "/api/v1/organisations/search/"


def codes(hits):
    return [o.code for o in hits]


def test_by_name_short_name_code_and_pinyin_initials():
    assert codes(search("南京东路"))[0] == "310101002"
    assert codes(search("njdl"))[0] == "310101002"
    assert "310101-SCJG" in codes(search("黄浦区市场监管局"))  # the short name
    assert codes(search("310101-SC")) == ["310101-SCJG"]
    assert codes(search("hpqscjgj"))[0] == "310101-SCJG"  # 黄浦区市场监管局's initials
    assert search("") == [] and search("   ") == []


def test_exact_first_then_own_district_then_city_before_district(demo_users):
    assert codes(search("市市场监管局"))[0] == "31-SCJG"  # exact short name
    xuhui = codes(search("市场监督管理局", user=demo_users["xh_justice"], limit=50))
    huangpu = codes(search("市场监督管理局", user=demo_users["hp_justice"], limit=50))
    assert xuhui[0] == "310104-SCJG" and huangpu[0] == "310101-SCJG"
    city_staff = codes(search("市场监督管理局", user=demo_users["office"], limit=50))
    assert city_staff[0] == "31-SCJG"  # no district of their own: shallowest first
    assert len(xuhui) == 17  # the city's and the 16 districts'


def test_inactive_organisations_are_not_offered():
    org = Organisation.objects.get(code="310101-SCJG")
    org.is_active = False
    org.save()
    assert "310101-SCJG" not in codes(search("黄浦区市场监管局"))


def test_resolve_takes_a_label_a_name_or_a_unique_match_and_says_what_is_wrong():
    active = Organisation.objects.filter(is_active=True)
    assert resolve("上海市黄浦区市场监督管理局（310101-SCJG）", active).code == "310101-SCJG"
    assert resolve("黄浦区市场监管局", active).code == "310101-SCJG"
    assert resolve("310101-scjg", active).code == "310101-SCJG"
    assert resolve("南京东路街道", active).code == "310101002"
    with pytest.raises(ValidationError, match="Several organisations match"):
        resolve("市场监督管理局", active)
    with pytest.raises(ValidationError, match="No organisation matches"):
        resolve("不存在的机关", active)
    assert resolve("南京东路街道\x00", active).code == "310101002"  # no NUL reaches the database
    with pytest.raises(ValidationError, match="Choose an organisation"):
        resolve("\x00 ", active)


def test_form_fields_accept_what_a_person_types_or_picks():
    one = OrganisationField()
    assert one.clean("南京东路街道").code == "310101002"
    assert one.clean("上海市黄浦区市场监督管理局（310101-SCJG）").code == "310101-SCJG"
    with pytest.raises(ValidationError):
        one.clean("市场监督管理局")
    many = OrganisationsField(required=False)
    picked = many.clean("上海市黄浦区市场监督管理局（310101-SCJG）、南京东路街道、")
    assert codes(picked) == ["310101-SCJG", "310101002"]
    assert codes(many.clean("310101-SFJ 310101002")) == ["310101-SFJ", "310101002"]  # codes, the old way
    with pytest.raises(ValidationError):
        many.clean("南京东路街道、不存在的机关")
    html = one.widget.render("organisation", "310101002")
    assert 'data-org-picker="one"' in html and URL in html and "南京东路街道（310101002）" in html


def test_endpoint_answers_json_best_first_own_district_marked(client_for):
    response = client_for("xh_justice").get(URL, {"q": "市场监督管理局", "limit": 3})
    assert response.status_code == 200
    hits = response.json()
    assert hits[0]["code"] == "310104-SCJG" and hits[0]["own_district"] is True
    assert hits[0]["label"] == "上海市徐汇区市场监督管理局（310104-SCJG）" and hits[0]["parent_name"] == "徐汇区"
    assert len(hits) == 3
    street = client_for("njdl_handler").get(URL, {"q": "njdl", "kind": "street"}).json()
    assert [h["code"] for h in street] == ["310101002"]


BAD = [{}, {"q": ""}, {"q": "x" * 51}, {"q": "南京", "limit": 0}, {"q": "南", "kind": "x"}]


@pytest.mark.parametrize("params", BAD)
def test_bad_queries_are_a_400_in_the_users_language(client, params):
    response = client.get(URL, params, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400


def test_the_directory_is_public_so_is_its_search_but_only_active_organisations(client):
    Organisation.objects.filter(code="310101-SCJG").update(is_active=False)
    hits = client.get(URL, {"q": "黄浦区市场监管局"}).json()
    assert "310101-SCJG" not in [h["code"] for h in hits]
    assert all(h["own_district"] is False for h in client.get(URL, {"q": "街道"}).json())


def test_openapi_documents_the_search_and_where_org_codes_come_from(client):
    schema = client.get("/api/v1/openapi.json").content.decode("unicode_escape")
    assert "/api/v1/organisations/search/" in schema
    assert "pinyin initials" in schema
    assert "GET /api/v1/organisations/search/?q=" in schema  # on the step fields that take an organisation
