"""Where other apps add to a law page without the law library importing them (it sits below them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: Callables ``(work_key, article_number) -> list of {"label", "detail", "url"}`` shown under "cited by" on an
#: article's page: the platform's own uses of the article (e.g. the time limits it sets, ``fazhi.workflow``).
ARTICLE_USES: list[Callable[[str, int], list[dict[str, Any]]]] = []


def uses_of(work_key: str, number: int) -> list[dict[str, Any]]:
    return [use for source in ARTICLE_USES for use in source(work_key, number)]
