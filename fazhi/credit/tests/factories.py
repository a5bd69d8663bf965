"""What every part's test data shares: the one catalogue in force (第十条: one version is published at a time)."""

from __future__ import annotations

from django.utils import timezone

from fazhi.credit.choices import CatalogueStatus
from fazhi.credit.models import Catalogue


def published_catalogue() -> Catalogue:
    """The version in force, or a test version published now when none is."""
    from fazhi.credit.catalogue import current_catalogue

    return current_catalogue() or Catalogue.objects.create(
        version="test", title="测试目录", status=CatalogueStatus.PUBLISHED, published_at=timezone.now()
    )
