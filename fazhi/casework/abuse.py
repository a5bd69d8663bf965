"""Anti-abuse without shutting people out: rate limits, sensitive-word screening, duplicate submissions.

Rate limits count in the cache (django-ratelimit's counters), per account and per network address, so one
person cannot flood a channel and one address cannot flood it with many accounts; the limits are generous for a
person and tight for a script. In production the cache must be shared by all server processes (``CACHE_URL``
pointing at Redis); in development the one process's memory is enough.
"""

from __future__ import annotations

import re
import secrets
from functools import lru_cache
from typing import cast

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from fazhi.casework.models import SensitiveWord
from fazhi.core.exceptions import TooManyRequests

_WORDS_VERSION_KEY = "casework:sensitive-words:version"


def throttle(request: HttpRequest, scope: str) -> None:
    """Count one submission in ``scope`` (``suggestions.submit``); over the limit raise ``TooManyRequests`` (429).

    Limits come from ``settings.CASEWORK_RATE_LIMITS[scope]`` (or ``["default"]``): a pair of django-ratelimit
    rates, per account and per address, e.g. ``("10/h", "60/h")``.
    """
    limits = settings.CASEWORK_RATE_LIMITS
    per_user, per_address = limits.get(scope, limits["default"])
    checks = [("ip", per_address)]
    if request.user.is_authenticated:
        checks.insert(0, ("user", per_user))
    for key, rate in checks:
        if is_ratelimited(request, group=f"casework:{scope}:{key}", key=key, rate=rate, increment=True):
            raise TooManyRequests(
                _("Too many submissions in a short time. Please wait a while and try again (limit: %(rate)s).")
                % {"rate": rate}
            )


@lru_cache(maxsize=4)
def _pattern(version: str) -> tuple[re.Pattern[str] | None, frozenset[str]]:
    words = list(SensitiveWord.objects.filter(is_active=True).values_list("word", "action"))
    if not words:
        return None, frozenset()
    # Longest first, so that a longer word is reported rather than its prefix.
    alternation = "|".join(re.escape(w) for w, _a in sorted(words, key=lambda item: -len(item[0])))
    blocking = frozenset(w.casefold() for w, action in words if action == SensitiveWord.Action.BLOCK)
    return re.compile(alternation, re.IGNORECASE), blocking


def words_changed() -> None:
    """Called when the word list changes: every process compiles the new list on its next screening."""
    cache.set(_WORDS_VERSION_KEY, _new_version(), None)


def _new_version() -> str:
    # A fresh random version, never a counter: after the cache is cleared (or evicted) a counter would start again
    # at a number whose compiled list a process may still hold in its lru_cache.
    return secrets.token_hex(8)


def _version() -> str:
    # With a default, get_or_set() returns the stored or the new version (the stub's None is for default=None).
    return cast(str, cache.get_or_set(_WORDS_VERSION_KEY, _new_version, None))


def screen(text: str) -> list[str]:
    """The sensitive words in ``text`` (each once, in order of appearance)."""
    pattern, _blocking = _pattern(_version())
    if pattern is None or not text:
        return []
    return list(dict.fromkeys(match.group(0) for match in pattern.finditer(text)))


def screen_or_refuse(*texts: str) -> list[str]:
    """Screen a submission's texts: refuse it if a blocking word occurs, else return the words to flag."""
    found = [word for text in texts for word in screen(text)]
    blocking = _pattern(_version())[1]
    refused = [word for word in found if word.casefold() in blocking]
    if refused:
        raise ValidationError(
            _("The text contains words that cannot be accepted here: %(words)s. Please rephrase it.")
            % {"words": "、".join(dict.fromkeys(refused))}
        )
    return list(dict.fromkeys(found))


def normalise_for_duplicates(text: str) -> str:
    """The text with whitespace and punctuation removed and letters folded: what "the same text" means."""
    return re.sub(r"[\W_]+", "", text or "").casefold()


# Markup has no place in a citizen's plain text: it is escaped when shown, but a submission that carries a script or
# an event handler is a probe, and refusing it says so plainly instead of storing it.
_MARKUP = re.compile(
    r"<\s*/?\s*(script|iframe|object|embed|style|svg|img|a)\b|javascript\s*:|<[^>]*\bon[a-z]+\s*=", re.IGNORECASE
)


def refuse_markup(**texts: str) -> None:
    """Refuse text fields (name → text) that carry HTML tags, event handlers or ``javascript:`` links."""
    errors = {
        name: _("Please write plain text: HTML tags and scripts are not accepted.")
        for name, text in texts.items()
        if text and _MARKUP.search(text)
    }
    if errors:
        raise ValidationError(errors)
