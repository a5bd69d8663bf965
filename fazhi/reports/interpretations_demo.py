"""Interpretations (解读) published through the demo year (``fazhi setup --demo``), so the white paper's
"interpretations published" indicator and the library's interpretation pages have something to show.

Two district justice bureaus publish a few interpretations of laws people ask about, through the library's own
service as the demo accounts (the laws' followers are told, as always); the publication dates are then moved into
the demo year by :class:`fazhi.casework.demo.Backdating`. Idempotent: nothing is made once any of these titles exists.
A law missing from the corpus (a partial import) is skipped.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from fazhi.accounts.models import User
from fazhi.casework.demo import Backdating, demo_time
from fazhi.core.context import acting
from fazhi.laws.authoring import interpretation_save
from fazhi.laws.models import Interpretation, Work
from fazhi.notifications.models import Notification
from fazhi.orgs.models import Organisation

DEMO_YEAR = 2025

# (month, day, publisher's account, organisation code, law's short title, article, title, body)
INTERPRETATIONS = (
    (
        3,
        12,
        "hp_justice",
        "310101-SFJ",
        "民法典",
        1254,
        "高空抛物坠物，谁来担责？——民法典第一千二百五十四条解读",
        "从建筑物中抛掷物品或者从建筑物上坠落的物品造成他人损害的，由侵权人依法承担侵权责任；经调查难以确定"
        "具体侵权人的，除能够证明自己不是侵权人的外，由可能加害的建筑物使用人给予补偿。\n物业服务企业等建筑物"
        "管理人应当采取必要的安全保障措施防止此类情形的发生；未采取必要的安全保障措施的，应当依法承担未履行安全"
        "保障义务的侵权责任。发生此类情形的，公安等机关应当依法及时调查，查清责任人。",
    ),
    (
        6,
        18,
        "xh_justice",
        "310104-SFJ",
        "劳动合同法",
        82,
        "入职一个多月还没签劳动合同怎么办？——劳动合同法第八十二条解读",
        "用人单位自用工之日起超过一个月不满一年未与劳动者订立书面劳动合同的，应当向劳动者每月支付二倍的工资。"
        "\n劳动者可以保留工资支付记录、考勤记录、工作证等证据，先与用人单位协商；协商不成的，可以向劳动争议调解"
        "组织申请调解，或者向劳动人事争议仲裁委员会申请仲裁。",
    ),
    (
        9,
        9,
        "hp_justice",
        "310101-SFJ",
        "上海市生活垃圾管理条例",
        None,
        "《上海市生活垃圾管理条例》要点解读",
        "条例确立了生活垃圾分类投放、分类收集、分类运输、分类处置的全程分类体系，明确了个人和单位的分类投放"
        "义务以及管理责任人制度。\n居民应当将生活垃圾按照可回收物、有害垃圾、湿垃圾、干垃圾分别投放至相应的收集"
        "容器；违反分类投放规定的，由城管执法部门责令改正，拒不改正的依法处以罚款。",
    ),
    (
        11,
        20,
        "xh_justice",
        "310104-SFJ",
        "上海市人民建议征集若干规定",
        None,
        "人民建议怎么提、怎么办？——《上海市人民建议征集若干规定》解读",
        "规定明确了人民建议征集的渠道、建议的基本要素以及不作为人民建议处理的情形，规定了建议的受理、交办、"
        "办理、反馈和转化程序。\n市民可以通过人民建议征集信息系统等渠道提出建议；有关单位应当在规定期限内办理并"
        "反馈，被采纳的建议可以转化为政策措施，对有价值的建议予以褒扬。",
    ),
)


def create_demo_interpretations(year: int = DEMO_YEAR, stdout: Any = None) -> dict[str, int]:
    """Publish the demo year's interpretations if none of them exists yet; returns how many were published."""
    counts = {"interpretations": 0}
    if Interpretation.objects.filter(title__in=[item[6] for item in INTERPRETATIONS]).exists():
        return counts
    publishers = {u.username: u for u in User.objects.filter(username__in={item[2] for item in INTERPRETATIONS})}
    organisations = {o.code: o for o in Organisation.objects.filter(code__in={item[3] for item in INTERPRETATIONS})}
    works = {w.short_title: w for w in Work.objects.filter(short_title__in={item[4] for item in INTERPRETATIONS})}
    clock = Backdating()
    with transaction.atomic(), acting(source="cli", action="demo.laws"):
        for month, day, username, code, law, article, title, body in INTERPRETATIONS:
            user, organisation, work = publishers.get(username), organisations.get(code), works.get(law)
            if user is None or organisation is None or work is None:
                continue
            when = demo_time(dt.date(year, month, day), 10)
            with acting(user=user), clock.at(when, Interpretation, Notification):
                interpretation = interpretation_save(
                    interpretation=Interpretation(
                        work=work,
                        article_number=article,
                        title=title,
                        body=body,
                        organisation=organisation,
                        is_published=True,
                    )
                )
            clock.move(interpretation, published_at=when)
            counts["interpretations"] += 1
        clock.apply()
    if stdout is not None and counts["interpretations"]:
        stdout.write(f"demo year {year}: {counts['interpretations']} interpretations published\n")
    return counts
