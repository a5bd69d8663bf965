"""The answered-suggestions page: find published suggestions by words, district, effect and commendation."""

from __future__ import annotations

import pytest

from fazhi.casework.services import moderate
from fazhi.orgs.models import Organisation
from fazhi.suggestions import services

pytestmark = pytest.mark.django_db


def published(users, theme: str, district: str = "310101"):
    organisation = Organisation.objects.get(code=district)
    suggestion = services.suggestion_submit(
        user=users["citizen"],
        theme=theme,
        facts="事实与理由。",
        proposal=f"{theme}的具体建议。",
        organisation=organisation,
        consent_publish=True,
    )
    handler = users["hp_justice"] if district == "310101" else users["xh_justice"]
    services.suggestion_accept(suggestion=suggestion, user=handler)
    services.suggestion_route(suggestion=suggestion, user=handler, lead=organisation)
    services.suggestion_reply(suggestion=suggestion, user=handler, text="已研究采纳。")
    suggestion.refresh_from_db()
    moderate(suggestion, approve=True, user=handler)
    return suggestion, handler


def test_visitors_find_published_suggestions_by_words_district_effect_and_commendation(client_for, demo_users):
    parking, hp = published(demo_users, "南京东路非机动车停放")
    lights, _ = published(demo_users, "外滩夜景灯光节能")
    xuhui, _ = published(demo_users, "徐家汇非机动车停放", district="310104")
    services.conversion_add(suggestion=parking, user=hp, kind="measure", description="划设停放区 12 处。")
    services.suggestion_commend(suggestion=lights, user=hp, text="节能效果显著。")
    visitor = client_for(None)

    def found(query: str) -> set[str]:
        page = visitor.get(f"/suggestions/answered/?{query}")
        assert page.status_code == 200
        html = page.content.decode()
        return {s.tracking_number for s in (parking, lights, xuhui) if s.tracking_number in html}

    assert found("") == {parking.tracking_number, lights.tracking_number, xuhui.tracking_number}
    assert found("q=非机动车") == {parking.tracking_number, xuhui.tracking_number}
    huangpu = Organisation.objects.get(code="310101").pk
    assert found(f"q=非机动车&organisation={huangpu}") == {parking.tracking_number}
    assert found("converted=on") == {parking.tracking_number}
    assert found("commended=on") == {lights.tracking_number}
    assert found("organisation=999999999") == {  # an unknown district is a form error: nothing is filtered
        parking.tracking_number,
        lights.tracking_number,
        xuhui.tracking_number,
    }
    page = visitor.get("/suggestions/answered/?converted=on").content.decode()
    assert "<strong>落实转化</strong>" in page  # the "put into effect" mark
