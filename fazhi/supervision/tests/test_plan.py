"""The plan as data: the parser on the real plan and on a synthetic one, the idempotent import, the portal."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from fazhi.audit.models import AuditEntry
from fazhi.supervision.models import Chapter, Measure, Plan
from fazhi.supervision.plan_parser import chinese_number, chinese_numeral, parse_plan
from fazhi.supervision.services import import_plan
from fazhi.testing.factories import TaskFactory

PLAN_TEXT = (settings.DATA_DIR / "plan" / "plan.txt").read_text(encoding="utf-8")

SYNTHETIC = """\ufeff　　某区法治社会建设实施方案（2022-2025年）

　　为落实规划，制定本方案。

一、总体要求
　　（一）指导思想。坚持依法治区。

　　（二）工作目标。到2025年基本建成。
二、重点任务
　　本章提出两项重点任务。
(三)加强普法。开展宣传活动。
  其余内容另行部署。
(四)强化督办。每年评估一次
三、组织保障
(五)加强领导。建立工作机制。

各街道、各部门要抓好落实。
"""


def test_chinese_numerals():
    assert [chinese_number(t) for t in ("一", "十", "十五", "二十", "三十", "九十九")] == [1, 10, 15, 20, 30, 99]
    assert [chinese_numeral(n) for n in (1, 10, 15, 20, 30)] == ["一", "十", "十五", "二十", "三十"]
    with pytest.raises(ValueError):
        chinese_number("A")


def test_parser_reads_the_real_plan():
    plan = parse_plan(PLAN_TEXT)
    assert plan.problems == []
    assert plan.title == "上海法治社会建设规划(2021-2025年)"
    assert plan.preamble.startswith("法治社会是构筑法治国家的基础。")
    assert [c.title for c in plan.chapters][:2] == ["总体要求", "进一步增强全社会法治观念"]
    assert len(plan.chapters) == 7 and plan.chapters[6].title == "加强组织保障"
    measures = plan.measures
    assert [m.number for m in measures] == list(range(1, 31))
    assert [m.number for m in plan.chapters[6].measures] == [26, 27, 28, 29, 30]
    fifteen = measures[14]
    assert fifteen.label == "(十五)" and fifteen.title == "为群众提供便捷高效的公共法律服务"
    assert "2022年建成现代公共法律服务体系" in fifteen.text
    assert fifteen.text.startswith("为群众提供便捷高效的公共法律服务。完善公共法律服务管理体制")
    assert measures[0].title == "指导思想" and measures[29].title == "加强理论研究和舆论引导"
    assert "各区、各部门" not in measures[29].text  # the closing paragraph is not part of measure (三十)
    assert plan.closing.startswith("各区、各部门要全面准确贯彻")


def test_parser_reads_another_plan_in_the_same_style():
    plan = parse_plan(SYNTHETIC)
    assert plan.title == "某区法治社会建设实施方案（2022-2025年）"
    assert plan.preamble == "为落实规划，制定本方案。"
    assert [(c.label, c.title) for c in plan.chapters] == [("一", "总体要求"), ("二", "重点任务"), ("三", "组织保障")]
    assert plan.chapters[1].intro == "本章提出两项重点任务。"
    assert [(m.label, m.title) for m in plan.measures] == [
        ("(一)", "指导思想"),
        ("(二)", "工作目标"),
        ("(三)", "加强普法"),
        ("(四)", "强化督办"),
        ("(五)", "加强领导"),
    ]
    assert plan.measures[2].text == "加强普法。开展宣传活动。\n其余内容另行部署。"  # a second paragraph continues it
    assert plan.closing == "各街道、各部门要抓好落实。"
    assert plan.problems == []


def test_parser_reports_what_it_cannot_place():
    plan = parse_plan("标题\n(一)孤立的措施。\n一、第一章\n(二)跳号的措施。\n二、空章\n")
    assert any("before any chapter" in p for p in plan.problems)
    assert any("out of sequence" in p for p in plan.problems)
    assert any("has no measures" in p for p in plan.problems)
    assert parse_plan("").problems == ["the document is empty"]


@pytest.mark.django_db
def test_reference_plan_is_loaded_and_reimport_changes_nothing():
    plan = Plan.objects.main()
    assert plan.chapters.count() == 7 and plan.measures.count() == 30
    assert Measure.objects.get(plan=plan, number=15).chapter.number == 4
    entries = AuditEntry.objects.count()
    out = StringIO()
    call_command("import_plan", settings.DATA_DIR / "plan" / "plan.txt", stdout=out)
    assert "unchanged 38" in out.getvalue() and "created 0" in out.getvalue()
    assert Plan.objects.count() == 1 and AuditEntry.objects.count() == entries


@pytest.mark.django_db
def test_a_second_plan_imports_alongside_and_updates_in_place(tmp_path):
    path = tmp_path / "district-plan.txt"
    path.write_text(SYNTHETIC, encoding="utf-8")
    out = StringIO()
    call_command("import_plan", path, stdout=out)
    plan = Plan.objects.get(key="district-plan")
    assert plan.measures.count() == 5 and "created 9" in out.getvalue()
    assert Plan.objects.main().measures.count() == 30  # the portal's plan is still the Shanghai one

    changed = SYNTHETIC.replace("每年评估一次", "每半年评估一次").replace(
        "三、组织保障\n(五)加强领导。建立工作机制。\n", ""
    )
    report = import_plan(text=changed, source="district-plan.txt")
    assert report.plan == plan and report.updated == 1  # measure (四)
    assert plan.measures.count() == 4 and not Chapter.objects.filter(plan=plan, number=3).exists()
    assert "每半年" in plan.measures.get(number=4).text


@pytest.mark.django_db
def test_a_measure_with_tasks_is_kept_when_it_leaves_the_text(tmp_path):
    report = import_plan(text=SYNTHETIC, key="district")
    measure = report.plan.measures.get(number=5)
    TaskFactory(measure=measure)
    report = import_plan(text=SYNTHETIC.replace("(五)加强领导。建立工作机制。\n", ""), key="district")
    assert any("has tasks: kept" in line for line in report.skipped)
    assert Measure.objects.filter(pk=measure.pk).exists()


@pytest.mark.django_db
def test_unparseable_file_imports_nothing(tmp_path):
    report = import_plan(text="只是一段文字,没有章节。", key="nothing")
    assert report.plan is None and report.skipped and not Plan.objects.filter(key="nothing").exists()


@pytest.mark.django_db
def test_public_plan_pages(client):
    TaskFactory(measure=Plan.objects.main().measures.get(number=29), title="年度法治建设考核", percent=40)
    page = client.get("/plan/").content.decode()
    assert "上海法治社会建设规划" in page and "加强组织保障" in page and "健全责任落实和考核评价机制" in page
    measure = client.get("/plan/measures/29/").content.decode()
    assert "年度法治建设考核" in measure and "40%" in measure
    fifteen = client.get("/plan/measures/15/").content.decode()
    assert "2022年建成现代公共法律服务体系" in fifteen
    assert client.get("/plan/measures/31/").status_code == 404
    data = client.get("/api/v1/plan/").json()
    assert len(data["chapters"]) == 7 and data["chapters"][6]["measures"][0]["label"] == "(二十六)"
    assert client.get("/api/v1/measures/15/").json()["title"] == "为群众提供便捷高效的公共法律服务"
