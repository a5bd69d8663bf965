"""Citations linked where they stand: an article's or a case's text as HTML, each reference a link.

The importer stores every citation with its offsets in the source text it was found in (an article's ``text``,
a case's ``full_text``); pages show that text in pieces (款 and 项, or a case's facts, holding and reasoning).
:func:`link_pieces` finds each piece in the source text in order and links the citations that fall inside it:
FOUND → the cited article (or the law), NOT_FOUND/AMBIGUOUS → marked, with a reader's explanation of why as a
tooltip (``Citation.problem``; the resolver's ``reason`` is for developers and never shown), so a reader sees at once
which references the library could not follow. A piece that cannot be located (a source
text edited by hand since) is shown unlinked rather than linked at the wrong place.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from fazhi.laws.choices import CitationProblem, CitationStatus
from fazhi.laws.models import Article, Citation, Version, Work


def citation_url(citation: Citation) -> str:
    work = citation.target_work
    if work is None:
        return ""
    if citation.target_number is None:
        return work.get_absolute_url()
    slug = f"{citation.target_number}" + (f"-{citation.target_suffix}" if citation.target_suffix else "")
    return reverse("laws:article", kwargs={"key": work.key, "number": slug})


def reader_explanation(citation: Citation) -> str:
    """Why a reference is not linked, in the reader's language (rows stored before ``problem`` existed get the
    general sentence)."""
    if citation.problem in CitationProblem.values:
        return str(CitationProblem(citation.problem).label)
    return _("The library could not follow this reference.")


def _linked(text: str, offset: int, citations: Sequence[Citation]) -> SafeString:
    out: list[str] = []
    pos = 0
    for c in citations:
        start, end = c.start - offset, c.end - offset
        if start < pos or end > len(text) or text[start:end] != c.text:
            continue  # outside this piece, overlapping the previous one, or stale offsets
        out.append(escape(text[pos:start]))
        url = citation_url(c) if c.status == CitationStatus.FOUND else ""
        if url:
            out.append(format_html('<a class="cite" href="{}">{}</a>', url, c.text))
        else:
            out.append(format_html('<span class="cite unresolved" title="{}">{}</span>', reader_explanation(c), c.text))
        pos = end
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))


def link_pieces(
    source: str, pieces: Iterable[str], citations: Iterable[Citation], *, in_order: bool = True
) -> list[SafeString]:
    """Each piece of ``source`` as HTML with the citations inside it linked. ``in_order``: the pieces follow each
    other in the source (an article's 款 and 项), so each is looked for after the previous one."""
    ordered = sorted(citations, key=lambda c: c.start)
    out: list[SafeString] = []
    cursor = 0
    for piece in pieces:
        at = source.find(piece, cursor) if piece else -1
        if at < 0:
            out.append(escape(piece))
            continue
        out.append(_linked(piece, at, [c for c in ordered if at <= c.start and c.end <= at + len(piece)]))
        if in_order:
            cursor = at + len(piece)
    return out


def link_section(source: str, section: str, citations: Sequence[Citation]) -> SafeString:
    """A section put together from lines of ``source`` (a case's facts, holding or reasoning; blank lines and
    headings between them dropped), each line linked where it stands in the source."""
    lines = link_pieces(source, section.split("\n"), citations, in_order=False)
    return mark_safe("\n".join(lines))


def linked_paragraphs(article: Article, citations: Iterable[Citation]) -> list[dict[str, object]]:
    """The article's 款 and 项 for a template: ``[{"text": html, "items": [(label, html), …]}, …]``."""
    paragraphs = article.paragraphs or [{"text": article.text, "items": []}]
    pieces = [piece for p in paragraphs for piece in (p["text"], *(text for _label, text in p["items"]))]
    html = iter(link_pieces(article.text, pieces, citations))
    return [{"text": next(html), "items": [(label, next(html)) for label, _text in p["items"]]} for p in paragraphs]


def citations_by_article(version: Version) -> dict[int, list[Citation]]:
    """Every citation found in a version's articles, in one query, by article id."""
    grouped: dict[int, list[Citation]] = {}
    for c in Citation.objects.filter(source_article__version=version).select_related("target_work"):
        grouped.setdefault(c.source_article_id, []).append(c)  # type: ignore[arg-type]
    return grouped


CITED_BY_LIMIT = 200


def cited_by(work: Work, key: tuple[int, int], limit: int = CITED_BY_LIMIT) -> list[Citation]:
    """What cites article ``key`` of ``work``: each citing article or case once, never the article itself.

    One article may cite another several times (第五条第一款 … 第五条第二款), and every version of a law holds its
    own copy of a citing article; a reader sees one entry per citing article (the current version's when there
    is one) or case. An article of ``work`` with the same number — 本条, in any version — is the article itself.
    """
    rows = (
        Citation.objects.filter(
            status=CitationStatus.FOUND, target_work=work, target_number=key[0], target_suffix=key[1]
        )
        .exclude(source_article__version__work=work, source_article__number=key[0], source_article__suffix=key[1])
        .select_related("source_article__version__work", "source_case")
        .order_by("source_case_id", "source_article__version__work__short_title", "source_article__position", "pk")
    )
    chosen: dict[tuple[object, ...], Citation] = {}
    for c in rows.iterator(chunk_size=2000):
        source = c.source_article
        if source is None:
            chosen.setdefault(("case", c.source_case_id), c)
            continue
        entry = ("article", source.version.work_id, source.number, source.suffix)
        if entry not in chosen or source.version_id == source.version.work.current_version_id:
            chosen[entry] = c
    return list(chosen.values())[:limit]


def article_cites(article: Article, citations: Iterable[Citation]) -> list[tuple[Citation, str]]:
    """What an article cites, for the list under it, with each link: each cited article (or law) once, never the
    article itself (本条, 本款 and 前款 point into the article being read)."""
    own = (article.version.work_id, article.number, article.suffix)
    seen: set[tuple[object, ...]] = set()
    out = []
    for c in citations:
        url = citation_url(c) if c.status == CitationStatus.FOUND else ""
        target = (c.target_work_id, c.target_number, c.target_suffix)
        if not url or target == own or target in seen:
            continue
        seen.add(target)
        out.append((c, url))
    return out
