"""The demo loader builds through the services and is idempotent; its standards and lists answer the engine."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.enforcement.demo import DEMO_YEAR, create_demo_enforcement
from fazhi.enforcement.models import EnforcementMatter
from fazhi.enforcement.rules import check_exemption, propose_band

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_usable():
    first = create_demo_enforcement()
    assert first == {"matters": 20, "officers": 12, "standards": 6, "versions": 12, "lists": 2, "items": 6}
    assert set(create_demo_enforcement().values()) == {0}
    matter = EnforcementMatter.objects.get(body__code="310104-CGZF", code="CG-LJ-001")
    before = propose_band(matter, dt.date(DEMO_YEAR, 6, 30), {"repeat_count": 1})
    after = propose_band(matter, dt.date(DEMO_YEAR, 7, 1), {"repeat_count": 1})
    assert (before.version_number, before.circumstance) == (1, "ordinary")
    assert (after.version_number, after.circumstance) == (2, "serious")  # version 2 is graver from one repeat
    shop = EnforcementMatter.objects.get(body__code="310101-CGZF", code="CG-SR-001")
    [check] = check_exemption(shop, {"harm": "none", "corrected": True, "corrected_days": 0})
    assert check.exempt and check.mandatory
