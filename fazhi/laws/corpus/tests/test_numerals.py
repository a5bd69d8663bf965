import pytest

from fazhi.laws.corpus.numerals import article_label, cn_to_int, int_to_cn, parse_article_label


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一千一百六十五", 1165),
        ("二百六十四", 264),
        ("一百二十", 120),
        ("十", 10),
        ("十二", 12),
        ("零", 0),
        ("〇", 0),
        ("两", 2),
        ("二百零四", 204),
        ("一千零一十", 1010),
        ("一千二百六十", 1260),
        ("二〇二一", 2021),
        ("1165", 1165),
        ("１２", 12),
    ],
)
def test_cn_to_int(text, value):
    assert cn_to_int(text) == value


@pytest.mark.parametrize("bad", ["", "条", "百十", "一二十"])
def test_cn_to_int_rejects_garbage(bad):
    with pytest.raises(ValueError):
        cn_to_int(bad)


@pytest.mark.parametrize("n", [1, 10, 11, 20, 101, 110, 120, 204, 1000, 1010, 1165, 1260, 9999])
def test_int_to_cn_round_trip(n):
    assert cn_to_int(int_to_cn(n)) == n


def test_int_to_cn_forms():
    assert int_to_cn(10) == "十"
    assert int_to_cn(1165) == "一千一百六十五"
    assert int_to_cn(204) == "二百零四"


def test_article_labels():
    assert parse_article_label("第一百二十条之一") == (120, 1)
    assert parse_article_label("第一千一百六十五条") == (1165, 0)
    assert parse_article_label("第1165条") == (1165, 0)
    assert article_label(120, 1) == "第一百二十条之一"
    assert article_label(264) == "第二百六十四条"
    with pytest.raises(ValueError):
        parse_article_label("第一款")
