"""公众评价 (上海市人民建议征集若干规定 第七条): anyone signed in rates the answer of a published suggestion, once;
the submitter's own rating is kept apart, and only it counts toward the satisfaction indicator."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from fazhi.audit.models import AuditEntry
from fazhi.indicators.models import Indicator
from fazhi.indicators.registry import Period
from fazhi.indicators.values import compute_indicator
from fazhi.orgs.models import Organisation
from fazhi.suggestions import services
from fazhi.suggestions.models import Evaluation, Suggestion
from fazhi.suggestions.tests.test_published import published

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


def test_anyone_signed_in_rates_a_published_answer_once(demo_users):
    suggestion, _hp = published(demo_users, "南京东路非机动车停放")
    services.suggestion_evaluate(suggestion=suggestion, user=demo_users["citizen"], score=2)  # the submitter
    public = services.suggestion_evaluate(suggestion=suggestion, user=demo_users["xh_justice"], score=5, comment="好")
    assert public.by_submitter is False and public.evaluator == demo_users["xh_justice"]
    with pytest.raises(ValidationError, match="already rated"):
        services.suggestion_evaluate(suggestion=suggestion, user=demo_users["xh_justice"], score=1)
    services.suggestion_evaluate(suggestion=suggestion, user=demo_users["leader"], score=4)
    rated = Suggestion.objects.with_ratings().get(pk=suggestion.pk)
    assert (rated.rating_count, rated.submitter_rating) == (3, 2)
    assert round(rated.rating_mean, 2) == round((2 + 5 + 4) / 3, 2)
    assert AuditEntry.objects.filter(content_type__model="evaluation", action="create").count() == 3


def test_unpublished_suggestions_are_rated_only_by_their_submitter(demo_users):
    suggestion = services.suggestion_submit(
        user=demo_users["citizen"],
        theme="未公开的建议",
        facts="事实。",
        proposal="建议。",
        organisation=Organisation.objects.get(code="310101"),
        consent_publish=False,
    )
    Suggestion.objects.filter(pk=suggestion.pk).update(status="replied", replied_at=timezone.now())
    with pytest.raises(PermissionDenied, match="until it is published"):
        services.suggestion_evaluate(suggestion=suggestion, user=demo_users["xh_justice"], score=5)
    with pytest.raises(PermissionDenied):
        services.suggestion_evaluate(suggestion=suggestion, user=None, score=5)
    assert services.suggestion_evaluate(suggestion=suggestion, user=demo_users["citizen"], score=3).by_submitter


def test_public_page_shows_the_ratings_and_takes_one_per_person(client_for, demo_users):
    suggestion, _hp = published(demo_users, "外滩夜景灯光节能")
    services.suggestion_evaluate(suggestion=suggestion, user=demo_users["citizen"], score=4)
    page = f"/suggestions/answered/{suggestion.tracking_number}/"
    rate = f"{page}rate/"
    anonymous = client_for(None).get(page).content.decode()
    assert 'id="rating-summary"' in anonymous and 'id="submitter-rating"' in anonymous and "rate/" not in anonymous
    assert client_for(None).post(rate, {"score": 5})["Location"].startswith("/accounts/login/")
    visitor = client_for("xh_justice")
    assert 'action="' + rate in visitor.get(page).content.decode()
    assert visitor.post(rate, {"score": 5}).status_code == 302
    again = visitor.post(rate, {"score": 1}, HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 400 and 'role="alert"' in again.content.decode()
    assert visitor.post(rate, {"score": 9}).status_code == 400
    after = visitor.get(page).content.decode()
    assert 'id="my-rating"' in after and "4.5" in after  # (4 + 5) / 2
    assert Evaluation.objects.filter(suggestion=suggestion).count() == 2
    assert visitor.post("/suggestions/answered/JY00000000-XXXXXX/rate/", {"score": 5}).status_code == 404


def test_api_public_evaluation_and_published_ratings(client_for, demo_users):
    suggestion, _hp = published(demo_users, "地铁口增设停放区")
    url = f"/api/v1/suggestions/published/{suggestion.tracking_number}/evaluate/"
    assert client_for(None).post(url, {"score": 5}).status_code in (401, 403)
    api = client_for("njdl_handler")
    created = api.post(url, {"score": 3}, content_type="application/json")
    assert created.status_code == 201 and created.json()["by_submitter"] is False
    second = api.post(url, {"score": 4}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert second.status_code == 400 and "already rated" in str(second.json())
    assert api.post(url, {"score": 0}, content_type="application/json").status_code == 400
    assert api.post("/api/v1/suggestions/published/JY1/evaluate/", {"score": 3}).status_code == 404
    listed = client_for(None).get("/api/v1/suggestions/published/").json()["results"][0]
    assert listed["rating_count"] == 1 and float(listed["rating_mean"]) == 3 and listed["submitter_rating"] is None


def test_only_the_submitters_rating_counts_toward_the_indicator(demo_users, django_capture_on_commit_callbacks):
    rating = Indicator(code="rating", name="rating", target=4, unit="", formula="suggestions_rating")
    rating.full_clean()
    rating.save()
    with django_capture_on_commit_callbacks(execute=True):
        suggestion, _hp = published(demo_users, "建议路灯节能")
        services.suggestion_evaluate(suggestion=suggestion, user=demo_users["citizen"], score=2)
        services.suggestion_evaluate(suggestion=suggestion, user=demo_users["xh_justice"], score=5)
    month = Period.containing("month", timezone.localdate())
    assert compute_indicator(rating, Organisation.objects.get(code="31"), month) == 2
