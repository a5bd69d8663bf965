"""How current a version is (issue #21 point 2), as the reader needs it on every page and search result.

The importer stores what the corpus says (``Version.status``: current, superseded by a later version, repealed by
a 废止 line or by a later law's 「《…》同时废止」, unknown when the file carries no date). Whether a current version is
already in force depends on the day the page is read, so 尚未施行 is decided here, at reading time, from the
effective date. The corpus's own source date (``CorpusSource``, from data/laws/SOURCE.json) bounds what the
library can know: later amendments and repeals may be missing, and every page says so.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

from fazhi.laws.choices import VersionStatus
from fazhi.laws.corpus.history import DATE_RE
from fazhi.laws.models import CorpusSource, Version

_IN_FORCE = (VersionStatus.CURRENT, VersionStatus.NOT_YET)


def today() -> dt.date:
    return timezone.localdate()


def display_status(status: str, effective_date: dt.date | None, day: dt.date | None = None) -> VersionStatus:
    """The status shown: a current version whose effective date is still to come is 尚未施行 (and one stored as
    not yet in force whose day has come is 现行有效)."""
    if status in _IN_FORCE:
        day = day or today()
        return VersionStatus.NOT_YET if effective_date is not None and effective_date > day else VersionStatus.CURRENT
    return VersionStatus(status) if status in VersionStatus.values else VersionStatus.UNKNOWN


def status_filter(status: str, prefix: str = "", day: dt.date | None = None) -> Q:
    """A Q on versions (``prefix`` = "current_version__" for works) matching ``display_status`` == ``status``."""
    day = day or today()
    in_force = Q(**{f"{prefix}status__in": _IN_FORCE})
    later = Q(**{f"{prefix}effective_date__gt": day})
    if status == VersionStatus.NOT_YET:
        return in_force & later
    if status == VersionStatus.CURRENT:
        return in_force & ~later
    return Q(**{f"{prefix}status": status})


#: 国务院令第713号 / 主席令第五十七号 / 法释〔2021〕11号 / 公告第79号 — a document number in a history line.
_NUMBER_RE = re.compile(
    r"((?:[\u4e00-\u9fff、]{0,30}?)(?:令|公告)第?[0-9一二三四五六七八九十百零〇]+号"
    r"|[\u4e00-\u9fff]{1,8}[〔\[［(（][0-9]{4}[〕\]］)）]第?[0-9]+号)"
)
_PUBLISHER_RE = re.compile(r"^(.{2,40}?)(?:令|公告)第?[0-9一二三四五六七八九十百零〇]+号")
_ORDINAL_RE = re.compile(r"第[0-9一二三四五六七八九十百零〇]+届")
_LEADING_DATE_RE = re.compile(rf"^{DATE_RE.pattern}\s*")


@dataclass(frozen=True)
class Promulgation:
    publisher: str  # 公布机关, '' when the history does not name one
    number: str  # 文号, '' when the source gives none


def promulgation(history: list[dict[str, Any]], document_number: str = "") -> Promulgation:
    """公布机关 and 文号 from a version's history lines, where the source has them: the latest line that
    公布/发布 the text under a numbered order or notice (国务院令第713号公布 → 国务院, 国务院令第713号); a
    document number given on its own line (法释〔2021〕11号) is kept as the 文号. Lines that only say who passed
    the text (…常务委员会第十七次会议通过) name no publisher and no number: both stay empty."""
    publisher, number = "", document_number
    for event in reversed(history):
        text = _LEADING_DATE_RE.sub("", event.get("text", "").strip())
        if not re.search(r"公布|发布|公告|令第", text):
            continue
        found = _NUMBER_RE.search(text)
        if found is None:
            continue
        number = number or found.group(1).strip("、 ")
        body = _PUBLISHER_RE.match(found.group(1))
        if body:
            name = _ORDINAL_RE.sub("", body.group(1)).replace("中华人民共和国", "") or body.group(1)
            publisher = {"主席": "国家主席"}.get(name, name)
        break
    return Promulgation(publisher, number)


@dataclass(frozen=True)
class Currency:
    """Everything a page says about how current a version is."""

    status: VersionStatus
    reason: str  # what in the corpus gave that status, when it is not current
    published: dt.date | None  # 公布 (the version's date)
    effective: dt.date | None  # 施行 (as the text states it)

    @property
    def label(self) -> str:
        return str(self.status.label)

    @property
    def undated(self) -> bool:
        return self.published is None


def currency_of(version: Version, day: dt.date | None = None) -> Currency:
    return Currency(
        display_status(version.status, version.effective_date, day),
        version.status_reason,
        version.version_date,
        version.effective_date,
    )


_SOURCE_TTL = 30.0
_source_cache: dict[str, Any] = {}


def corpus_source() -> CorpusSource | None:
    """The imported corpus's source (one row, written by the importer from SOURCE.json); cached briefly, so a
    search page does not pay a query for it."""
    now = time.monotonic()
    cached = _source_cache.get("value")
    if cached is not None and now - cached[0] < _SOURCE_TTL:
        return cached[1]
    source = CorpusSource.objects.order_by("-imported_at").first()
    _source_cache["value"] = (now, source)
    return source


def forget_corpus_source() -> None:
    _source_cache.clear()
