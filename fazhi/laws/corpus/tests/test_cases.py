from fazhi.laws.corpus.cases import iter_cases, parse_case, parse_case_text

from ._data import require_corpus


def test_real_case_sections_and_citations():
    root = require_corpus()
    case = parse_case(root / "案例/民法典/常某某诉许某网络服务合同案.md", root)
    assert case.title == "公序良俗原则在“暗刷流量”合同效力认定中的适用"
    assert case.case_name == "常某某诉许某网络服务合同案"
    assert case.category == "民法典"
    assert case.facts.startswith("原被告双方就暗刷流量需求达成一致")
    assert "欺诈性点击" in case.holding
    assert "社会公共利益和公序良俗" in case.reasoning
    assert "《民法典》第153条第2款" in case.cited_articles
    assert case.warnings == []


def test_labour_case_cites_full_names():
    root = require_corpus()
    case = parse_case(root / "案例/劳动人事/加班费的仲裁时效应当如何认定.md", root)
    assert case.case_name is None
    assert "《中华人民共和国劳动争议调解仲裁法》第二十七条" in case.cited_articles
    assert "《中华人民共和国劳动法》第四十四条" in case.cited_articles
    assert case.result.startswith("一审法院判决")


def test_unknown_section_is_reported():
    case = parse_case_text(
        "# 标题\n\n<!-- INFO END -->\n\n## 基本案情\n\n事实。\n\n## 奇怪\n\n内容。\n", "案例/x/标题.md"
    )
    assert case.facts == "事实。"
    assert [w.kind for w in case.warnings] == ["case-section"]
    assert case.sections["奇怪"] == "内容。"


def test_all_cases_parse():
    root = require_corpus()
    cases = list(iter_cases(root))
    assert len(cases) == 52
    assert sum(1 for c in cases if c.facts) >= 50
