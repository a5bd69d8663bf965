"""Every look at a subject's records is written down (上海市社会信用条例 第三十四条, PIPL): who, for which body, why,
through which channel, and what was seen. The subject sees the list (``queries_of``)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from fazhi.credit.models import QueryLog, Subject


def log_query(*, subject: Subject, user: Any, channel: str, purpose: str, seen: str) -> QueryLog:
    organisation = getattr(user, "organisation", None) if user is not None and user.is_authenticated else None
    return QueryLog.objects.create(
        subject=subject,
        user=user if user is not None and user.is_authenticated else None,
        body=organisation,
        channel=channel,
        purpose=str(purpose)[:200],
        seen=str(seen)[:2000],
    )


def queries_of(subject: Subject) -> QuerySet[QueryLog]:
    return QueryLog.objects.filter(subject=subject).select_related("user", "body")
