"""The publication-on-time indicator (市场监督管理行政处罚信息公示规定 第九条), from real records."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from fazhi.indicators.registry import FORMULAS, Period
from fazhi.orgs.models import Organisation
from fazhi.publicity.indicators import published_on_time
from fazhi.publicity.models import PublishedDecision
from fazhi.publicity.tests.factories import published

pytestmark = pytest.mark.django_db


def test_share_published_on_time_by_decision_date_and_subtree():
    today = timezone.localdate()
    published()
    late = published(decision_date=today - dt.timedelta(days=60))
    assert late.published_on_time is False  # 20 工作日 after the decision had passed
    year = Period.containing("year", today)
    huangpu = Organisation.objects.get(code="310101")
    xuhui = Organisation.objects.get(code="310104")
    expected = Decimal("50.00") if (today - dt.timedelta(days=60)).year == today.year else Decimal("100.00")
    assert published_on_time(None, huangpu, year, today) == expected
    assert published_on_time(None, xuhui, year, today) is None  # nothing to measure
    assert "第九条" in str(FORMULAS["publicity_on_time"].label)
    assert PublishedDecision.objects.count() == 2


def test_cited_by_counts_public_decisions_in_one_query_and_links_the_search(client, django_assert_num_queries):
    from fazhi.laws.models import Work
    from fazhi.publicity.citing import article_uses
    from fazhi.publicity.services import withdraw_decision

    shown = [published(), published()]
    gone = published()
    withdraw_decision("test", gone.source_ref, "复议撤销")
    basis = PublishedDecision.objects.get(pk=gone.pk).bases.first()
    key = Work.objects.get(pk=basis.work_id).key
    with django_assert_num_queries(1):
        uses = article_uses(key, 57)
    assert len(uses) == 1 and "2" in uses[0]["label"]
    page = client.get(uses[0]["url"])
    assert page.status_code == 200
    html = page.content.decode()
    assert all(d.public_name in html for d in shown) and gone.public_name not in html
    assert article_uses(key, 1) == []
