"""The hotline's settings, each overridable in Django settings (or the environment, for the Open311 keys)."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    "HOTLINE_REOPEN_DAYS": 7,  # a closed ticket can be reopened this many days after closing
    "HOTLINE_MAX_REOPENS": 2,
    "HOTLINE_DUPLICATE_WINDOW_DAYS": 30,  # duplicates are looked for among tickets this recent
    "HOTLINE_DUPLICATE_RADIUS": 0.003,  # degrees (about 300 m in Shanghai)
    "HOTLINE_DUPLICATE_CANDIDATES": 300,  # rows fetched per narrowing query before scoring
    # A replied ticket its reporter neither confirms nor reopens closes this many days after the reply.
    "HOTLINE_CONFIRM_DAYS": 7,
    # Photos of the problem sent with a report: how many, how large each, which types (checked from the content).
    "HOTLINE_MAX_PHOTOS": 3,
    "HOTLINE_PHOTO_MAX_BYTES": 5 * 1024 * 1024,
    "HOTLINE_PHOTO_TYPES": ("image/jpeg", "image/png", "image/webp"),
    # Boundaries for routing by location (hotline/geo.py); None: the files under data/geo/ (the streets' file is
    # optional: without it the street comes only from the reporter's choice).
    "HOTLINE_DISTRICT_BOUNDARIES": None,
    "HOTLINE_STREET_BOUNDARIES": None,
    # The public list of recent reports (/hotline/recent/): how far back, how many rows, how near (degrees).
    "HOTLINE_RECENT_DAYS": 30,
    "HOTLINE_RECENT_ROWS": 50,
    "HOTLINE_RECENT_RADIUS": 0.005,
    # Open311 submission keys for clients without a platform account (comma-separated in the environment).
    "HOTLINE_OPEN311_API_KEYS": [k for k in os.environ.get("HOTLINE_OPEN311_API_KEYS", "").split(",") if k],
}


def setting(name: str) -> Any:
    return getattr(settings, name, DEFAULTS[name])
