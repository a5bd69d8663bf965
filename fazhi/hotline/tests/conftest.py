import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Every hotline test starts with no submissions counted against the rate limits (kept in the cache)."""
    cache.clear()
    yield
    cache.clear()
