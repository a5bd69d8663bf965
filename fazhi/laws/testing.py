"""A small real corpus for tests: a handful of files copied from data/laws, imported like the full one."""

from __future__ import annotations

import shutil
from pathlib import Path

from django.conf import settings

SAMPLE_FILES = (
    "民法典",  # the whole split code
    "刑法/刑法.md",
    "社会法/劳动合同法(2012-12-28).md",
    "社会法/劳动法(2018-12-29).md",
    "民法商法/公司法(2018-10-26).md",
    "民法商法/公司法(2023-12-29).md",
    "DLC/上海地方法规/地方性法规/上海/上海市人民建议征集若干规定(2021-06-23).md",
    "行政法规/重大行政决策程序暂行条例(2019-04-20).md",  # cited by the consultation's feedback clock
    "案例/劳动人事",
    "SOURCE.json",  # the corpus's source and date (收录截至)
    "行政法/治安管理处罚法(2012-10-26).md",  # currency: amended in 2012, nothing later in the corpus
    "DLC/上海地方法规/地方性法规/上海/上海市房屋租赁条例.md",  # currency: no date at all
    "DLC/上海地方法规/地方性法规/上海/上海市不动产登记若干规定(2020-11-27).md",  # repeals 上海市房地产登记条例
    "DLC/上海地方法规/地方性法规/上海/上海市房地产登记条例(2008-12-25).md",
    # Enforcement: the penalty law, the no-penalty list's regulation and the articles of the demo matters.
    "行政法/行政处罚法(2021-01-22).md",
    "DLC/上海地方法规/地方性法规/上海/上海市优化营商环境条例(2024-09-27).md",
    "DLC/上海地方法规/地方性法规/上海/上海市社会信用条例(2017-06-23).md",  # the credit clocks (fazhi/credit/clocks.py)
    "DLC/上海地方法规/地方性法规/上海/上海市生活垃圾管理条例(2019-01-31).md",
    "DLC/上海地方法规/地方性法规/上海/上海市市容环境卫生管理条例(2018-12-20).md",
    "DLC/上海地方法规/地方性法规/上海/上海市城市管理行政执法条例(2018-05-24).md",
    "行政法/食品安全法(2021-04-29).md",
    # penalty cases: the clocks' articles (行政处罚法, 行政强制法, 行政诉讼法) and the demo matters' articles
    "行政法/行政强制法(2011-06-30).md",
    "诉讼与非诉讼程序法/行政诉讼法(2017-06-27).md",
    "行政法/广告法(2021-04-29).md",
    # publicity of enforcement decisions: the clocks' and rules' articles, and bases the tests cite
    "部门规章/市场监督管理总局/市场监督管理行政处罚信息公示规定(2021-07-30).md",
)


def sample_corpus(target: Path) -> Path:
    """Copy the sample files (keeping their folders) under ``target``; returns the corpus root."""
    source = Path(settings.DATA_DIR) / "laws"
    for relative in SAMPLE_FILES:
        src, dst = source / relative, target / relative
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True)
        else:
            shutil.copy2(src, dst)
    return target


def load_sample_corpus() -> None:
    from fazhi.laws.models import Work
    from fazhi.laws.services import import_corpus

    if not Work.objects.exists():
        import_corpus(sample_corpus(Path(settings.VAR_DIR) / "sample-laws"))
