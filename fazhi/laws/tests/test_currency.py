"""Honest currency (issue #21 point 2): every law page, version page and search result says how current it is,
from the corpus's own data — its source date, the version's dates and a status nothing in the corpus contradicts."""

import datetime as dt
import json
from pathlib import Path

import pytest
from django.conf import settings

from fazhi.laws.choices import VersionStatus
from fazhi.laws.corpus.parser import iter_corpus
from fazhi.laws.currency import corpus_source, display_status, promulgation, status_filter
from fazhi.laws.models import CorpusSource, Version, Work
from fazhi.laws.services import CorpusSourceError, read_source
from fazhi.laws.testing import sample_corpus

pytestmark = pytest.mark.django_db
PUBLIC_ORDER = "中华人民共和国治安管理处罚法"
LEASES = "上海市房屋租赁条例"
REGISTRATION = "上海市房地产登记条例"


def shipped_source() -> dict:
    return json.loads((Path(settings.DATA_DIR) / "laws" / "SOURCE.json").read_text(encoding="utf-8"))


def test_the_corpus_date_comes_from_its_source_file():
    shipped = shipped_source()
    source = corpus_source()
    assert source is not None and CorpusSource.objects.count() == 1
    assert (source.repository, source.commit, source.commit_date) == (
        shipped["repository"],
        shipped["commit"],
        shipped["commit_date"],
    )
    # the commit's own calendar day, in its own time zone
    assert source.collected_on == dt.datetime.fromisoformat(shipped["commit_date"]).date() == dt.date(2025, 4, 19)


def test_a_source_file_without_a_time_zone_or_commit_is_refused(tmp_path):
    (tmp_path / "SOURCE.json").write_text(
        json.dumps({"repository": "r", "commit": "c", "commit_date": "2025-04-19"}), encoding="utf-8"
    )
    with pytest.raises(CorpusSourceError):
        read_source(tmp_path)
    (tmp_path / "SOURCE.json").write_text("{", encoding="utf-8")
    with pytest.raises(CorpusSourceError):
        read_source(tmp_path)
    assert read_source(tmp_path / "nothing") is None


def test_statuses_are_what_the_corpus_says(tmp_path):
    docs = {d.title: d for d in iter_corpus(sample_corpus(tmp_path / "laws"))}
    assert docs[PUBLIC_ORDER].status == "current"  # amended 2012; nothing later in the corpus
    assert docs[LEASES].status == "unknown" and docs[LEASES].version_date is None  # the file carries no date
    repealed = docs[REGISTRATION]
    assert repealed.status == "repealed"
    assert "上海市不动产登记若干规定" in repealed.status_reason and "同时废止" in repealed.status_reason


def test_stored_versions_carry_status_and_reason():
    assert Work.objects.get(key=PUBLIC_ORDER).current_version.status == VersionStatus.CURRENT
    leases = Work.objects.get(key=LEASES).current_version
    assert leases.status == VersionStatus.UNKNOWN and leases.effective_date == dt.date(2000, 7, 1)
    registration = Version.objects.get(work__key=REGISTRATION)
    assert registration.status == VersionStatus.REPEALED and "同时废止" in registration.status_reason
    company = {v.version_date.year: v.status for v in Version.objects.filter(work__short_title="公司法")}
    assert company == {2018: VersionStatus.SUPERSEDED, 2023: VersionStatus.CURRENT}


def test_not_yet_effective_is_decided_on_the_day_of_reading():
    day = dt.date(2026, 1, 1)
    assert display_status("current", dt.date(2026, 7, 1), day) == VersionStatus.NOT_YET
    assert display_status("not_yet", dt.date(2025, 7, 1), day) == VersionStatus.CURRENT  # its day has come
    assert display_status("current", None, day) == VersionStatus.CURRENT
    assert display_status("superseded", dt.date(2030, 1, 1), day) == VersionStatus.SUPERSEDED
    assert display_status("nonsense", None, day) == VersionStatus.UNKNOWN
    law = Work.objects.get(key=PUBLIC_ORDER)
    before_effect = law.current_version.effective_date - dt.timedelta(days=1)
    in_force = Work.objects.filter(status_filter("current", "current_version__"))
    assert law in in_force
    assert law not in Work.objects.filter(status_filter("current", "current_version__", day=before_effect))
    assert law in Work.objects.filter(status_filter("not_yet", "current_version__", day=before_effect))


def test_promulgation_from_history_lines():
    state_council = [
        {"text": "2019年4月20日 中华人民共和国国务院令第713号公布"},
        {"text": "2019年9月1日 起施行"},
    ]
    assert promulgation(state_council) == promulgation(state_council, "")
    assert (promulgation(state_council).publisher, promulgation(state_council).number) == (
        "国务院",
        "中华人民共和国国务院令第713号",
    )
    notice = [{"text": "2012年5月30日 浙江省第十一届人民代表大会常务委员会公告第79号公布"}]
    assert promulgation(notice).publisher == "浙江省人民代表大会常务委员会"
    assert promulgation(notice).number.endswith("公告第79号")
    passed_only = [{"text": "2005年8月28日 第十届全国人民代表大会常务委员会第十七次会议通过"}]
    assert promulgation(passed_only).publisher == promulgation(passed_only).number == ""
    assert promulgation(passed_only, "法释〔2021〕11号").number == "法释〔2021〕11号"


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_law_version_and_article_pages_say_how_current_they_are(client):
    law = Work.objects.get(key=PUBLIC_ORDER)
    for url in (law.get_absolute_url(), law.current_version.get_absolute_url(), f"{law.get_absolute_url()}art/1/"):
        page = _page(client, url)
        assert "2025-04-19" in page and "corpus-notice" in page  # 收录截至, from SOURCE.json
        assert 'data-status="current"' in page and "2012-10-26" in page  # status, 公布
    assert "2006-03-01" in _page(client, law.get_absolute_url())  # 施行, as the text states it
    assert "2025-04-19" in _page(client, "/laws/")  # the library's home says it too
    leases = _page(client, Work.objects.get(key=LEASES).get_absolute_url())
    assert 'data-status="unknown"' in leases and 'data-status="current"' not in leases
    repealed = _page(client, Work.objects.get(key=REGISTRATION).get_absolute_url())
    assert 'data-status="repealed"' in repealed and "上海市不动产登记若干规定" in repealed
    older = Version.objects.get(work__short_title="公司法", version_date=dt.date(2018, 10, 26))
    assert 'data-status="superseded"' in _page(client, older.get_absolute_url())


def test_every_search_result_says_how_current_it_is(client, django_assert_max_num_queries):
    page = _page(client, "/laws/search/?q=治安管理处罚")
    assert "2025-04-19" in page
    hits = page.split('<ol class="hits"', 1)[1].split("</ol>", 1)[0]
    items = hits.count("<li>")
    assert items >= 3 and hits.count('class="currency"') == items
    with django_assert_max_num_queries(12):  # the versions come with the hits: no query per result
        client.get("/laws/search/?q=房屋租赁 押金")


def test_the_law_list_filters_by_currency_issuing_body_and_date(client):
    def titles(**params):
        response = client.get("/laws/all/", params)
        assert response.status_code == 200
        return response.content.decode()

    undated = titles(status="unknown")
    assert LEASES in undated and PUBLIC_ORDER not in undated
    assert REGISTRATION in titles(status="repealed") and REGISTRATION not in titles(status="current")
    assert PUBLIC_ORDER in titles(status="current", issuing_body="全国人民代表大会常务委员会")
    assert PUBLIC_ORDER not in titles(issuing_body="上海市")
    assert PUBLIC_ORDER in titles(since="2012-10-01", until="2012-10-31")
    assert PUBLIC_ORDER not in titles(since="2013-01-01")


def test_the_search_api_gives_each_hit_its_status(client):
    hits = client.get("/api/v1/law-search/", {"q": "治安管理处罚法 第一条"}).json()
    assert hits and all(h["status"] in VersionStatus.values for h in hits)
    first = next(h for h in hits if h["law"] == PUBLIC_ORDER)
    assert first["status"] == "current" and first["effective_date"] == "2006-03-01"


def test_search_keeps_a_text_a_later_law_repeals_where_it_was(tmp_path):
    from fazhi.laws.retrieval.corpus_source import _in_force

    docs = list(iter_corpus(sample_corpus(tmp_path / "laws")))
    in_force = _in_force(docs)
    by_title = {d.title: d for d in docs}
    assert by_title[REGISTRATION].status == "repealed" and in_force[by_title[REGISTRATION].path]  # ranks as before
    assert in_force[by_title[LEASES].path]  # an undated single version, as before
    old_company = next(d for d in docs if d.title.endswith("公司法") and d.version_date.year == 2018)
    assert not in_force[old_company.path]
