"""Routing by location: the vendored echarts district boundaries, street boundaries when loaded, and the service."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError

from fazhi.hotline import geo
from fazhi.hotline.services import ticket_submit
from fazhi.hotline.tests.factories import category
from fazhi.orgs.models import Organisation


@pytest.fixture(autouse=True)
def _fresh_boundaries():
    geo._load.cache_clear()
    yield
    geo._load.cache_clear()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "lat, long, district",
    [
        (31.2363, 121.4801, "310101"),  # 南京东路, 黄浦区
        (31.1880, 121.4365, "310104"),  # 徐家汇, 徐汇区
        (31.2190, 121.4470, "310106"),  # 静安寺, 静安区
        (31.2304, 121.5440, "310115"),  # 陆家嘴, 浦东新区
        (31.0315, 121.2270, "310117"),  # 松江
        (31.6200, 121.4000, "310151"),  # 崇明岛: echarts gives 崇明区 no id, the division list its code
        (39.9042, 116.4074, ""),  # 北京: not Shanghai
    ],
)
def test_the_vendored_boundaries_place_known_landmarks(lat, long, district):
    assert geo.locate(lat, long) == geo.Place(district=district)


@pytest.mark.django_db
def test_all_sixteen_districts_are_known_by_their_codes():
    codes = {a.code for a in geo.district_areas()}
    assert len(codes) == 16
    assert codes == set(Organisation.objects.filter(kind="district").values_list("code", flat=True))


def test_decode_matches_echarts():
    """Two points encoded as echarts does (zig-zag, delta, 1/1024°) decode back."""
    encoded = {
        "UTF8Encoding": True,
        "features": [
            {
                "id": "1",
                "geometry": {"type": "Polygon", "coordinates": ["@@BD"], "encodeOffsets": [[1024, 2048]]},
                "properties": {"name": "x"},
            }
        ],
    }
    [ring] = geo.decode_echarts(encoded)["features"][0]["geometry"]["coordinates"]
    # "@@" is (0, 0) from the offset; "B" = 2 → +1, "D" = 4 → +2.
    assert ring == [(1.0, 2.0), (1 + 1 / 1024, 2 + 2 / 1024)]


def test_unreadable_coordinates_place_nothing():
    assert geo.locate("x", None) == geo.Place()


SQUARE = [[121.47, 31.23], [121.49, 31.23], [121.49, 31.245], [121.47, 31.245], [121.47, 31.23]]


@pytest.fixture
def street_boundaries(settings, tmp_path):
    path = tmp_path / "streets.json"
    feature = {"type": "Feature", "properties": {"code": "310101002", "name": "南京东路街道"}}
    feature["geometry"] = {"type": "Polygon", "coordinates": [SQUARE]}
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
    settings.HOTLINE_STREET_BOUNDARIES = str(path)
    return path


@pytest.mark.django_db
def test_street_boundaries_when_loaded_place_the_street(street_boundaries):
    assert geo.locate(31.2363, 121.4801) == geo.Place(district="310101", street="310101002")
    ticket = ticket_submit(
        description="路灯不亮", category=category(), address="南京东路", lat="31.2363", long="121.4801"
    )
    assert ticket.street.code == "310101002" and ticket.organisation.code == "310101002"
    assert ticket.district.code == "310101"


@pytest.mark.django_db
def test_a_chosen_district_routes_and_must_agree_with_the_coordinates():
    huangpu = Organisation.objects.get(code="310101")
    xuhui = Organisation.objects.get(code="310104")
    ticket = ticket_submit(description="垃圾满溢", category=category(), address="某路", district=huangpu)
    assert ticket.organisation == huangpu and ticket.status == "dispatched" and ticket.street is None
    with pytest.raises(ValidationError) as refused:
        ticket_submit(
            description="垃圾满溢了",
            category=category(),
            address="某路",
            district=xuhui,
            lat="31.2363",
            long="121.4801",
        )
    assert "黄浦区" in str(refused.value.message_dict["lat"])
    street = Organisation.objects.get(code="310101002")
    with pytest.raises(ValidationError) as refused:
        ticket_submit(description="垃圾满溢啦", category=category(), address="某路", district=xuhui, street=street)
    assert "street" in refused.value.message_dict
