"""Importing the corpus: idempotent, per document, reporting every passage it cannot parse.

A document whose source bytes are unchanged is skipped; a changed one replaces its articles, its citations and
its search entries, all in one transaction. Status (in force / amended) is recomputed for every version of the
works that changed, since a new version retires the previous one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from pypinyin import Style, lazy_pinyin

from fazhi.audit.services import log_event
from fazhi.core.context import acting
from fazhi.laws.authoring import followers_of
from fazhi.laws.changes import change_kind
from fazhi.laws.choices import DOC_TYPE_FROM_PARSER, CitationStatus, VersionStatus
from fazhi.laws.corpus.cases import iter_cases
from fazhi.laws.corpus.citations import CITATION_RULES
from fazhi.laws.corpus.models import ParsedDocument, StructureNode
from fazhi.laws.corpus.parser import iter_corpus
from fazhi.laws.currency import forget_corpus_source
from fazhi.laws.models import Article, Citation, CorpusSource, TypicalCase, Version, Work
from fazhi.laws.resolver import resolver
from fazhi.notifications.services import notify


@dataclass
class LawImportReport:
    documents: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    articles: int = 0
    citations: Counter = field(default_factory=Counter)
    cases: int = 0
    warnings: list[str] = field(default_factory=list)
    warning_kinds: Counter = field(default_factory=Counter)
    changed_paths: list[str] = field(default_factory=list)
    source: CorpusSource | None = None  # what data/laws/SOURCE.json says the corpus is (None without the file)

    def summary(self) -> str:
        cited = ", ".join(f"{k} {v}" for k, v in sorted(self.citations.items())) or "none re-resolved"
        return (
            f"{self.documents} documents: created {self.created}, updated {self.updated}, unchanged "
            f"{self.unchanged}; {self.articles} articles written; citations: {cited}; {self.cases} cases; "
            f"{len(self.warnings)} parse warnings"
        )


def _toc(nodes: Iterable[StructureNode]) -> list[dict[str, Any]]:
    return [
        {"label": n.label, "kind": n.kind, "articles": [list(k) for k in n.article_keys], "children": _toc(n.children)}
        for n in nodes
    ]


def _history(doc: ParsedDocument) -> list[dict[str, Any]]:
    return [{"date": e.date.isoformat() if e.date else None, "kind": e.kind, "text": e.raw} for e in doc.history]


def _status(doc: ParsedDocument, today: dt.date) -> str:
    if doc.status == "current" and doc.effective_date and doc.effective_date > today:
        return VersionStatus.NOT_YET
    return {
        "current": VersionStatus.CURRENT,
        "superseded": VersionStatus.SUPERSEDED,
        "repealed": VersionStatus.REPEALED,
    }.get(doc.status, VersionStatus.UNKNOWN)


def _write_document(doc: ParsedDocument, work: Work, today: dt.date) -> tuple[Version, list[Article]]:
    version, _created = Version.objects.update_or_create(
        path=doc.path,
        defaults={
            "work": work,
            "title": doc.title,
            "subtitle": doc.subtitle or "",
            "version_date": doc.version_date,
            "effective_date": doc.effective_date,
            "status": _status(doc, today),
            "status_reason": doc.status_reason[:300],
            "issuing_body": (doc.issuing_body or "")[:200],
            "document_number": (doc.document_number or "")[:100],
            "history": _history(doc),
            "change": change_kind(_history(doc)),
            "toc": _toc(doc.structure),
            "preamble": doc.preamble,
            "numbering": doc.numbering,
            "content_hash": doc.content_hash,
        },
    )
    version.articles.all().delete()
    articles = Article.objects.bulk_create(
        [
            Article(
                version=version,
                number=a.number,
                suffix=a.suffix,
                label=a.label[:40],
                heading=a.heading[:300],
                text=a.text,
                position=i,
                paragraphs=[{"text": p.text, "items": [[it.label, it.text] for it in p.items]} for p in a.paragraphs],
            )
            for i, a in enumerate(doc.articles)
        ],
        batch_size=2000,
    )
    return version, articles


def title_initial(short_title: str) -> str:
    """A–Z initial of a title from its pinyin (民法典 → M); '#' for titles that start otherwise."""
    # A few characters, not one: pypinyin reads polyphones (长, 重) from the phrase they start.
    letters = lazy_pinyin(short_title[:4], style=Style.FIRST_LETTER, errors="ignore")
    letter = (letters[0][:1] if letters else "").upper()
    return letter if "A" <= letter <= "Z" else "#"


def _work_for(doc: ParsedDocument, works: dict[str, Work]) -> Work:
    short_title = doc.title.removeprefix("中华人民共和国")
    values = {
        "title": doc.title[:200],
        "short_title": short_title[:200],
        "initial": title_initial(short_title),
        "doc_type": DOC_TYPE_FROM_PARSER.get(doc.doc_type, "other"),
        "level": doc.level,
        "region": doc.region[:20],
        "category": doc.category[:40],
    }
    work = works.get(doc.work_key)
    if work is None:
        work = Work.objects.create(key=doc.work_key[:200], **values)
        works[doc.work_key] = work
    elif doc.status == "current" and any(getattr(work, k) != v for k, v in values.items()):
        for key, value in values.items():
            setattr(work, key, value)
        work.save()
    return work


SOURCE_FILE = "SOURCE.json"


class CorpusSourceError(ValueError):
    pass


def read_source(root: Path) -> dict[str, Any] | None:
    """The corpus's SOURCE.json (repository, commit, commit_date as git gives it), checked; None if absent."""
    path = root / SOURCE_FILE
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        when = dt.datetime.fromisoformat(data["commit_date"])
        repository, commit = str(data["repository"]), str(data["commit"])
    except (ValueError, KeyError, TypeError) as exc:
        raise CorpusSourceError(f"{path}: {exc!r} (expected repository, commit and an ISO 8601 commit_date)") from exc
    if when.tzinfo is None or not commit:
        raise CorpusSourceError(f"{path}: commit_date needs its time zone, as git gives it, and commit a value")
    return {"repository": repository, "commit": commit, "commit_date": data["commit_date"], "collected_on": when.date()}


def record_source(root: Path) -> CorpusSource | None:
    """Store what SOURCE.json says (one row); the library's "收录截至" date is read from it, never typed."""
    data = read_source(root)
    if data is None:
        return None
    CorpusSource.objects.exclude(pk=1).delete()
    source, _created = CorpusSource.objects.update_or_create(pk=1, defaults=data)
    forget_corpus_source()
    return source


def citation_mark(content_hash: str) -> str:
    """What ``cited_hash`` holds once a text's citations are resolved: its content under the current
    ``CITATION_RULES``. A changed text or changed rules both leave the stored citations pending."""
    return hashlib.sha256(f"{CITATION_RULES}:{content_hash}".encode()).hexdigest()


def article_paragraphs(article: Article) -> list[str]:
    """The article's 款 as they stand in its ``text`` (each with its 项), for placing 本款/前款."""
    return ["\n".join([p["text"], *(f"{label}{text}" for label, text in p["items"])]) for p in article.paragraphs]


def _cite(articles: list[Article], work_key: str, report: LawImportReport) -> list[Citation]:
    out = []
    for article in articles:
        for found in resolver().find(
            article.text,
            context_work_key=work_key,
            context_article=(article.number, article.suffix),
            paragraphs=article_paragraphs(article),
        ):
            out.append(Citation(source_article=article, **found.as_fields()))
            report.citations[found.status] += 1
    return out


def _signature(citations: Iterable[Citation]) -> list[tuple[Any, ...]]:
    fields = ("source_article_id", "start", "end", "status", "target_work_id", "target_number", "target_suffix")
    return sorted(tuple(getattr(c, f) for f in (*fields, "paragraph", "item", "problem")) for c in citations)


def _replace_citations(record: Version | TypicalCase, old: Any, new: list[Citation], *, changed_text: bool) -> None:
    """Swap a text's stored citations for ``new``; a re-resolution under new rules that changes them is audited
    (a changed text is audited by its own import entry)."""
    before = _signature(old)
    old.delete()
    Citation.objects.bulk_create(new, batch_size=5000)
    after = _signature(new)
    if not changed_text and before != after:
        with acting(suppress=False, action="laws.recite"):
            log_event(
                record,
                "laws.recite",
                message=f"citations re-resolved under rules {CITATION_RULES}: {len(before)} → {len(after)}",
                rules=CITATION_RULES,
                before=len(before),
                after=len(after),
                found_before=sum(s[3] == CitationStatus.FOUND for s in before),
                found_after=sum(s[3] == CitationStatus.FOUND for s in after),
            )


def import_corpus(
    root: Path, *, progress: Callable[[int], None] | None = None, today: dt.date | None = None
) -> LawImportReport:
    """Import every law and case under ``root`` (see data/README.md for the format)."""
    today = today or dt.date.today()
    report = LawImportReport()
    docs = list(iter_corpus(root))
    report.documents = len(docs)
    for doc in docs:
        for w in doc.warnings:
            report.warnings.append(f"{w.path}:{w.line}: {w.kind}: {w.message}")
            report.warning_kinds[w.kind] += 1
    stored = dict(Version.objects.values_list("path", "content_hash"))
    statuses = {
        path: (status, reason)
        for path, status, reason in Version.objects.values_list("path", "status", "status_reason")
    }
    works = {w.key: w for w in Work.objects.all()}
    changed = [d for d in docs if stored.get(d.path) != d.content_hash]
    changed_works = {d.work_key for d in changed}
    new_versions: list[Version] = []
    with acting(source="cli", suppress=True):
        report.source = record_source(root)
        for doc in changed:
            with transaction.atomic():
                work = _work_for(doc, works)
                version, articles = _write_document(doc, work, today)
                report.articles += len(articles)
                with acting(suppress=False, action="laws.import"):
                    log_event(
                        version,
                        "laws.import",
                        message=f"{doc.path}: {len(articles)} articles",
                        content_hash=doc.content_hash,
                        created=doc.path not in stored,
                    )
            report.created += doc.path not in stored
            if doc.path not in stored and version.work.versions.count() > 1:
                new_versions.append(version)
            report.updated += doc.path in stored
            report.changed_paths.append(doc.path)
            if progress:
                progress(1)
        report.unchanged = len(docs) - len(changed)
        # A new version changes the status of the others of its work, and a new law can repeal another
        # (「《…》同时废止」): every unchanged version's status is checked against the corpus as a whole.
        for doc in docs:
            if stored.get(doc.path) == doc.content_hash:
                status = _status(doc, today)
                if statuses.get(doc.path) != (status, doc.status_reason[:300]):
                    Version.objects.filter(path=doc.path).update(status=status, status_reason=doc.status_reason[:300])
                    changed_works.add(doc.work_key)
        for work in Work.objects.filter(key__in=changed_works):
            current = (
                work.versions.filter(status__in=[VersionStatus.CURRENT, VersionStatus.NOT_YET]).first()
                or work.versions.order_by("-version_date").first()
            )
            if work.current_version_id != (current.pk if current else None):
                work.current_version = current
                work.save(update_fields=["current_version"])
        # Citations need every work in place, so they come second — also for documents whose citation pass an
        # interrupted earlier run did not finish.
        resolver.cache_clear()
        # A version is pending when its text or the citation rules (CITATION_RULES) changed since.
        marks = Version.objects.values_list("pk", "content_hash", "cited_hash")
        pending_ids = [pk for pk, content, cited in marks if cited != citation_mark(content)]
        changed_paths = set(report.changed_paths)
        for version in Version.objects.filter(pk__in=pending_ids).select_related("work").iterator():
            articles = list(version.articles.all())
            with transaction.atomic():
                _replace_citations(
                    version,
                    Citation.objects.filter(source_article__version=version),
                    _cite(articles, version.work.key, report),
                    changed_text=version.path in changed_paths,
                )
                Version.objects.filter(pk=version.pk).update(cited_hash=citation_mark(version.content_hash))
        report.cases = _import_cases(root, report)
    from fazhi.laws.search import index_is_current, update_index

    if changed or not index_is_current():
        update_index(docs, [d.path for d in changed], citing_texts=[c.full_text for c in iter_cases(root)])
    for version in new_versions:  # tell followers once everything is in place
        notify(
            followers_of(version.work),
            title=_("A new version of %(law)s: %(date)s")
            % {"law": version.work.short_title, "date": version.version_date or "—"},
            url=version.get_absolute_url(),
        )
    return report


def _import_cases(root: Path, report: LawImportReport) -> int:
    stored = {
        path: (content, cited)
        for path, content, cited in TypicalCase.objects.values_list("path", "content_hash", "cited_hash")
    }
    count = 0
    for case in iter_cases(root):
        for w in case.warnings:
            report.warnings.append(f"{w.path}:{w.line}: {w.kind}: {w.message}")
            report.warning_kinds[w.kind] += 1
        content, cited = stored.get(case.path, ("", ""))
        mark = citation_mark(case.content_hash)
        if content == case.content_hash and cited == mark:
            continue
        with transaction.atomic():
            record, _created = TypicalCase.objects.update_or_create(
                path=case.path,
                defaults={
                    "title": case.title[:300],
                    "category": case.category[:100],
                    "facts": case.facts,
                    "holding": case.holding,
                    "reasoning": case.reasoning,
                    "full_text": case.full_text,
                    "content_hash": case.content_hash,
                    "cited_hash": mark,
                },
            )
            citations = [Citation(source_case=record, **found.as_fields()) for found in resolver().find(case.full_text)]
            _replace_citations(record, record.citations.all(), citations, changed_text=content != case.content_hash)
            for c in citations:
                report.citations[c.status] += 1
        count += content != case.content_hash
    return count


def load_reference_corpus(stdout: Any) -> None:
    """``fazhi setup``: the corpus shipped in data/laws (quick when nothing changed)."""
    from django.core.management import call_command

    call_command("import_laws", settings.DATA_DIR / "laws", stdout=stdout, verbosity=1)


__all__ = ["CitationStatus", "LawImportReport", "import_corpus"]
