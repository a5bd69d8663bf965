"""Issue #21 point 1: no false citations — 本条例 is the work, not 本条; 前款 finds its paragraph; "cited by" lists
each citing article once and never the article itself; readers never see the resolver's developer messages."""

import pytest
from django.urls import reverse

from fazhi.audit.models import AuditEntry
from fazhi.laws.choices import CitationStatus
from fazhi.laws.models import Article, Citation, Version, Work
from fazhi.laws.services import import_corpus
from fazhi.laws.testing import sample_corpus

pytestmark = pytest.mark.django_db
DECISIONS = "重大行政决策程序暂行条例"  # says 本条例 in 14 places


def test_ben_tiao_li_is_never_stored_as_a_reference_to_the_article_itself():
    wrong = [
        (c.source_article_id, c.text)
        for c in Citation.objects.filter(source_article__isnull=False, text__startswith="本条").select_related(
            "source_article"
        )
        if c.source_article.text[c.end : c.end + 1] in ("例", "件")
    ]
    assert wrong == []
    article = Article.objects.get(version__work__key=DECISIONS, number=38)  # 违反本条例规定的 … 违反本条例规定造成
    assert list(article.citations.all()) == []


def test_qian_kuan_resolves_to_the_paragraph_before_the_one_it_stands_in():
    from fazhi.laws.choices import CitationProblem

    relative = Citation.objects.filter(source_article__isnull=False, text__in=("前款", "本款"))
    assert relative.exists()
    assert not relative.filter(problem=CitationProblem.NO_CONTEXT).exists()
    assert not relative.filter(reason__contains="context paragraph").exists()
    for c in relative.filter(text="前款", status=CitationStatus.FOUND).select_related("source_article")[:50]:
        article = c.source_article
        assert c.target_number == article.number and c.target_suffix == article.suffix
        standing_in = article.paragraphs[c.paragraph]  # 0-based: the paragraph after the one cited
        assert "前款" in standing_in["text"] + "".join(text for _label, text in standing_in["items"])


def test_cited_by_lists_each_citing_article_once_and_never_the_article_itself():
    from fazhi.laws.linking import cited_by

    targets = (
        Citation.objects.filter(status=CitationStatus.FOUND, source_article__isnull=False)
        .exclude(target_number=None)
        .values_list("target_work", "target_number", "target_suffix")
        .distinct()
    )
    works = {w.pk: w for w in Work.objects.all()}
    checked = 0
    for work_id, number, suffix in targets:
        entries = cited_by(works[work_id], (number, suffix))
        sources = [
            ("case", c.source_case_id)
            if c.source_article is None
            else (c.source_article.version.work_id, c.source_article.number, c.source_article.suffix)
            for c in entries
        ]
        assert (work_id, number, suffix) not in sources
        assert len(sources) == len(set(sources)), (works[work_id].key, number, sources)
        checked += 1
    assert checked > 100


def _section(page: str, heading: str) -> str:
    return page.split(f"<h2>{heading}</h2>", 1)[1].split("</ul>", 1)[0] if f"<h2>{heading}</h2>" in page else ""


def test_the_article_page_lists_neither_itself_nor_anything_twice(client):
    own = reverse("laws:article", args=[DECISIONS, "3"])  # says 本条例 and 本条第一款 (twice)
    page = client.get(own).content.decode()
    cited, cites = _section(page, "被引用"), _section(page, "本条引用")
    assert "<li" in cited and f'href="{own}"' not in cited
    assert f'href="{own}"' not in cites
    links = [line for line in cited.split("<li") if "href=" in line]
    assert len(links) == len(set(links))
    law_page = client.get(reverse("laws:work", args=[DECISIONS])).content.decode()
    assert ">本条</a>例" not in law_page


def test_readers_see_an_explanation_never_the_resolvers_message(client):
    unresolved = Citation.objects.exclude(status=CitationStatus.FOUND).filter(source_article__isnull=False)
    assert unresolved.exists()
    seen = 0
    for c in unresolved.select_related("source_article__version__work")[:30]:
        page = client.get(c.source_article.version.work.get_absolute_url()).content.decode()
        if c.text not in page:
            continue
        assert c.reason not in page
        assert "needs a context" not in page and "in the corpus" not in page
        seen += 'class="cite unresolved" title="' in page
    assert seen


def test_linking_never_shows_the_reason_even_for_rows_without_a_problem_code():
    from fazhi.laws.choices import CitationProblem
    from fazhi.laws.linking import link_pieces

    old = Citation(
        start=0, end=2, text="前款", status=CitationStatus.NOT_FOUND, reason="'前款' needs a context paragraph"
    )
    coded = Citation(start=3, end=7, text="第九千条", status=CitationStatus.NOT_FOUND, reason="x has no 第九千条")
    coded.problem = CitationProblem.NO_ARTICLE
    html = link_pieces("前款 第九千条", ["前款 第九千条"], [old, coded])[0]
    assert "needs a context" not in html and "x has no" not in html
    assert str(CitationProblem.NO_ARTICLE.label) in html


def test_reimport_re_resolves_citations_stored_under_older_rules_once(isolated_search_index, tmp_path):
    from fazhi.laws.services import citation_mark

    decisions = Version.objects.get(work__key=DECISIONS)
    article = decisions.articles.get(number=38)
    Citation.objects.create(  # what the old rules stored: 本条 of 本条例, linked to the article itself
        source_article=article,
        start=article.text.index("本条例"),
        end=article.text.index("本条例") + 2,
        text="本条",
        status=CitationStatus.FOUND,
        target_work=decisions.work,
        target_number=38,
    )
    Version.objects.filter(pk=decisions.pk).update(cited_hash=decisions.content_hash)  # the old mark
    audit_before = AuditEntry.objects.filter(action="laws.recite").count()
    root = sample_corpus(tmp_path / "laws")
    report = import_corpus(root)
    assert report.updated == report.created == 0
    assert not article.citations.exists()
    assert Version.objects.get(pk=decisions.pk).cited_hash == citation_mark(decisions.content_hash)
    assert AuditEntry.objects.filter(action="laws.recite").count() == audit_before + 1
    stored = Citation.objects.count()
    again = import_corpus(root)  # idempotent: nothing pending, nothing re-resolved
    assert sum(again.citations.values()) == 0 and Citation.objects.count() == stored
    assert AuditEntry.objects.filter(action="laws.recite").count() == audit_before + 1
