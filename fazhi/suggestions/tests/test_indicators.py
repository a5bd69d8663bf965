"""The indicators move when a suggestion is answered, converted and rated."""

import pytest
from django.utils import timezone

from fazhi.indicators.models import Indicator, IndicatorValue
from fazhi.indicators.registry import Period
from fazhi.indicators.values import compute_indicator
from fazhi.orgs.models import Organisation
from fazhi.suggestions import services

pytestmark = pytest.mark.django_db


def indicator(formula: str) -> Indicator:
    ind = Indicator(code=formula, name=formula, target=90, unit="%", formula=formula)
    ind.full_clean()
    ind.save()
    return ind


def test_values_move_when_a_suggestion_is_answered(demo_users, django_capture_on_commit_callbacks):
    on_time, converted, rating = (
        indicator(f) for f in ("suggestions_answered_on_time", "suggestions_converted", "suggestions_rating")
    )
    huangpu, xuhui, city = (Organisation.objects.get(code=c) for c in ("310101", "310104", "31"))
    month = Period.containing("month", timezone.localdate())

    def stored(ind, org):
        value = IndicatorValue.objects.filter(
            indicator=ind, organisation=org, period_kind="month", period_start=month.start
        ).first()
        return value.value if value else None

    hp = demo_users["hp_justice"]
    with django_capture_on_commit_callbacks(execute=True):
        suggestion = services.suggestion_submit(
            user=demo_users["citizen"], theme="建议", facts="事实", proposal="对策", organisation=huangpu
        )
        services.suggestion_accept(suggestion=suggestion, user=hp)
        services.suggestion_route(suggestion=suggestion, user=hp, lead=huangpu)
    assert compute_indicator(on_time, huangpu, month) is None  # nothing answered or due yet
    with django_capture_on_commit_callbacks(execute=True):
        services.suggestion_reply(suggestion=suggestion, user=hp, text="答复")
    assert stored(on_time, huangpu) == stored(on_time, city) == 100
    assert compute_indicator(on_time, xuhui, month) is None
    with django_capture_on_commit_callbacks(execute=True):
        services.conversion_add(suggestion=suggestion, user=hp, kind="work", description="改进工作")
        services.suggestion_evaluate(suggestion=suggestion, user=demo_users["citizen"], score=4)
    assert stored(converted, huangpu) == stored(converted, city) == 1
    assert stored(rating, city) == 4
