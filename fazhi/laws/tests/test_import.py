import datetime as dt
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from fazhi.audit.models import AuditEntry
from fazhi.laws.models import Article, Citation, TypicalCase, Version, Work
from fazhi.laws.services import import_corpus
from fazhi.laws.testing import sample_corpus

pytestmark = pytest.mark.django_db
CIVIL_CODE = "中华人民共和国民法典"


def test_structure_numbers_and_headings():
    civil = Work.objects.get(key=CIVIL_CODE)
    assert civil.doc_type == "law" and civil.region == "national"
    article = Article.objects.get(version=civil.current_version, number=1165)
    assert article.label == "第一千一百六十五条"
    assert article.heading.startswith("第七编 侵权责任")
    assert article.text.startswith("行为人因过错侵害他人民事权益造成损害的")
    assert len(article.paragraphs) == 2
    assert civil.current_version.articles.count() == 1260
    criminal = Work.objects.get(short_title="刑法")
    assert Article.objects.filter(
        version=criminal.current_version, number=120, suffix=1, label="第一百二十条之一"
    ).exists()


def test_versions_status_and_dates():
    company = Work.objects.get(short_title="公司法")
    versions = {v.version_date: v for v in company.versions.all()}
    assert versions[dt.date(2023, 12, 29)].status == "current"
    assert versions[dt.date(2018, 10, 26)].status == "superseded"
    assert company.current_version.version_date == dt.date(2023, 12, 29)
    shanghai = Version.objects.get(title="上海市人民建议征集若干规定")
    assert shanghai.work.region == "上海" and shanghai.work.doc_type == "local_regulation"
    assert shanghai.version_date == dt.date(2021, 6, 23)
    assert any(event["date"] == "2021-06-23" for event in shanghai.history)


def test_citations_inside_articles_and_cases_are_linked():
    labour = Work.objects.get(short_title="劳动合同法")
    relative = Citation.objects.filter(source_article__version__work=labour, status="FOUND", target_work=labour).count()
    assert relative > 10  # 本法第十条 … resolved within the law itself
    assert TypicalCase.objects.count() >= 2
    assert Citation.objects.filter(source_case__isnull=False, status="FOUND").exists()


def test_reimport_is_idempotent_and_a_changed_file_updates_only_itself(isolated_search_index, tmp_path):
    root = sample_corpus(tmp_path / "laws")
    before_audit = AuditEntry.objects.count()
    report = import_corpus(root)
    assert report.created == 0 and report.updated == 0 and report.unchanged == report.documents
    assert AuditEntry.objects.count() == before_audit

    target = root / "社会法" / "劳动合同法(2012-12-28).md"
    text = target.read_text(encoding="utf-8").replace(
        "应当向劳动者每月支付二倍的工资", "应当向劳动者每月支付三倍的工资", 1
    )
    target.write_text(text, encoding="utf-8")
    report = import_corpus(root)
    assert report.updated == 1 and report.created == 0 and report.changed_paths == ["社会法/劳动合同法(2012-12-28).md"]
    article = Article.objects.get(version__path="社会法/劳动合同法(2012-12-28).md", number=82)
    assert "三倍" in article.text
    assert AuditEntry.objects.filter(action="laws.import", object_repr__contains="劳动合同法").count() >= 1
    from fazhi.laws.search import search

    hits, _ = search("每月支付三倍的工资")
    assert hits and hits[0].article == article


def test_malformed_files_are_reported_not_guessed(isolated_search_index, tmp_path):
    root = tmp_path / "laws"
    (root / "其他").mkdir(parents=True)
    (root / "其他" / "坏文件(2020-01-01).md").write_text(
        "# 坏文件\n\n<!-- INFO END -->\n\n第一条 正文。\n\n第三条 跳过了第二条。\n\n第三条 重复的条。\n",
        encoding="utf-8",
    )
    report = import_corpus(root)
    assert report.created == 1
    assert any("坏文件" in w and ("article" in w) for w in report.warnings)


def test_command_reports_and_rejects_missing_directory(isolated_search_index, tmp_path):
    out = StringIO()
    call_command("import_laws", sample_corpus(tmp_path / "c"), stdout=out, verbosity=0)
    assert "unchanged" in out.getvalue()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no such directory"):
        call_command("import_laws", tmp_path / "missing", stdout=out)


def test_full_corpus_files_ship_with_the_repo():
    laws = Path(settings.DATA_DIR) / "laws"
    assert sum(1 for _ in laws.rglob("*.md")) >= 3476
    assert shutil.disk_usage(laws).free > 0


def test_an_index_of_an_older_format_is_rebuilt_on_the_next_import(isolated_search_index, tmp_path):
    from fazhi.laws.search import _backend, index_is_current, search

    backend = _backend()
    backend.set_meta("format", 0)
    backend.conn.commit()
    backend.conn.close()
    assert not index_is_current()
    report = import_corpus(sample_corpus(tmp_path / "laws"))
    assert report.created == report.updated == 0  # nothing changed in the texts …
    assert index_is_current()  # … but the index was rebuilt in the current format
    assert search("劳动合同法 第82条")[0][0].article.number == 82
