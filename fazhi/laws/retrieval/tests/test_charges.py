"""Charge map (罪名 → Criminal Law articles) and the criminal-question prior, on a tiny corpus."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from fazhi.laws.retrieval import engine as engine_mod
from fazhi.laws.retrieval.backend import SqliteFtsBackend
from fazhi.laws.retrieval.charges import W_CITES, W_DEFINED, build_charge_map, cited_keys
from fazhi.laws.retrieval.engine import SearchEngine, build_index
from fazhi.laws.retrieval.model import ArticleRecord, short_title

CRIMINAL = "中华人民共和国刑法"
OPINION = "最高人民检察院关于适用刑法分则规定的犯罪的罪名的意见"
_ART = [
    (CRIMINAL, 67, "犯罪以后自动投案，如实供述自己的罪行的，是自首。对于自首的犯罪分子，可以从轻或者减轻处罚。"),
    (CRIMINAL, 184, "银行的工作人员非法收受他人财物的，依照本法第三百八十五条、第三百八十六条的规定定罪处罚。"),
    (CRIMINAL, 264, "盗窃公私财物，数额较大的，处三年以下有期徒刑、拘役或者管制。"),
    (CRIMINAL, 338, "违反国家规定，排放有毒物质，严重污染环境的，处三年以下有期徒刑。"),
    (CRIMINAL, 345, "违反森林法的规定，滥伐森林或者其他林木，数量较大的，处三年以下有期徒刑。"),
    (CRIMINAL, 346, "单位犯本节第三百三十八条至第三百四十五条规定之罪的，对单位判处罚金。"),
    (CRIMINAL, 385, "国家工作人员利用职务上的便利，非法收受他人财物，为他人谋取利益的，是受贿罪。"),
    (CRIMINAL, 386, "对犯受贿罪的，根据受贿所得数额及情节，依照本法第三百八十三条的规定处罚。"),
    (OPINION, 0, "1．盗窃罪（第264条） 2．受贿罪（第385条） 3．滥伐林木罪（第345条） 4．污染环境罪（第338条）"),
    # another law's article that says 自首 and 犯罪 more often than the Criminal Law's
    ("治安自首登记办法", 5, "犯罪嫌疑人自首的，登记自首的时间、地点和自首的犯罪事实。"),
]


def _records() -> list[ArticleRecord]:
    return [
        ArticleRecord(
            article_id=f"{title}#{number}-0",
            doc_id=title,
            work_key=f"全国:{short_title(title)}",
            title=title,
            short_title=short_title(title),
            doc_type="法律" if title == CRIMINAL else "部门规章",
            region="全国",
            version_date=None,
            in_force=True,
            number=number,
            suffix=0,
            label=f"第{number}条" if number else "",
            text=text,
        )
        for title, number, text in _ART
    ]


def test_cited_keys_lists_single_citations_and_short_ranges() -> None:
    assert cited_keys("依照本法第三百八十五条、第三百八十六条的规定") == [(385, 0), (386, 0)]
    assert cited_keys("单位犯本节第三百三十八条至第三百四十一条规定之罪的") == [(338, 0), (341, 0), (339, 0), (340, 0)]
    # a wide range is a general provision, not one crime's: only its ends count
    assert cited_keys("第一条至第九十条") == [(1, 0), (90, 0)]


def test_articles_citing_a_charge_article_belong_to_the_charge() -> None:
    cmap = build_charge_map(_records())
    bribe = dict(cmap.articles("受贿罪"))
    assert bribe[(385, 0)] == W_DEFINED
    assert bribe[(184, 0)] == W_CITES  # sends to 385
    assert dict(cmap.articles("滥伐林木"))[(346, 0)] == W_CITES  # 338-345 range covers 345
    assert dict(cmap.articles("污染环境"))[(346, 0)] == W_CITES  # and 338
    assert (346, 0) not in dict(cmap.articles("盗窃"))  # 264 is outside the range
    assert (67, 0) not in dict(cmap.articles("盗窃"))


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> SearchEngine:
    cache: Path = tmp_path_factory.mktemp("jieba")
    return build_index(_records(), SqliteFtsBackend(sqlite3.connect(":memory:")), cache_dir=cache)


def _rank(engine: SearchEngine, q: str) -> list[tuple[str, int]]:
    return [(h.title, h.number) for h in engine.search(q).hits]


def test_criminal_question_prefers_the_criminal_law(engine: SearchEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    q = "公诉机关指控：被告人深夜入室盗窃手机一部，案发后自首。罪名:盗窃。"
    ranked = _rank(engine, q)
    assert ranked[0] == (CRIMINAL, 264)
    assert ranked.index((CRIMINAL, 67)) < ranked.index(("治安自首登记办法", 5))
    monkeypatch.setattr(engine_mod, "W_CRIMINAL_LAW", 0.0)
    monkeypatch.setattr(engine_mod, "W_LAW_AGG", 0.0)  # two Criminal Law articles on top also lift 第六十七条
    ranked = _rank(engine, q)
    assert ranked.index((CRIMINAL, 67)) > ranked.index(("治安自首登记办法", 5))  # the test can fail


def test_no_criminal_prior_without_a_charge(engine: SearchEngine) -> None:
    # a question about 自首 that names no crime: lexical evidence alone decides
    ranked = _rank(engine, "犯罪嫌疑人自首的登记")
    assert ranked[0] == ("治安自首登记办法", 5)


def test_unseen_words_of_a_long_narrative_are_not_substring_searched(
    engine: SearchEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # names and story words the index has never seen: in a short query they are searched as typed
    # (mid-phrase fragments), in a long story they are noise
    searched: list[str] = []
    real = engine.backend.substring

    def spy(text: str, *args: object) -> list[str]:
        searched.append(text)
        return real(text, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(engine.backend, "substring", spy)
    story = "公诉机关指控：被告人孙某某在银行工作期间多次收受他人财物，后来又到外地躲藏了很长一段时间。罪名:受贿。"
    assert len(story) > engine_mod.UNSEEN_MAX_CHARS
    engine.search(story)
    assert searched == []
    engine.search("孙某某收受财物")
    assert searched  # a short query still looks its unknown words up
    searched.clear()
    monkeypatch.setattr(engine_mod, "UNSEEN_MAX_CHARS", 10_000)
    engine.search(story)
    assert searched  # the test can fail
