"""Demo data of the credit platform (``fazhi setup --demo``), after the penalties and publicity loaders (INSTALLED_APPS
order: penalties, publicity, credit): catalogue v1 in force, the list definitions, the records drawn from the demo
published decisions (through ``from_decisions``, as the signal would), a few commitments, and the subjects the demo
accounts act for — ``company`` for 上海示范贸易有限公司 (two records), ``citizen`` for a person with one record.

Idempotent: every piece is looked up by its key before it is made. Codes and ID numbers are generated with valid
check characters and belong to nobody.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from fazhi.core.context import acting
from fazhi.credit.catalogue import ItemData, current_catalogue, draft_catalogue, publish_catalogue, save_item
from fazhi.credit.choices import Category, Disclosure, ListKind, SubjectKind
from fazhi.credit.from_decisions import take_decisions
from fazhi.credit.lists import assess_commitment, record_commitment
from fazhi.credit.models import Catalogue, Commitment, CreditRecord, ListDefinition, SubjectAccount
from fazhi.credit.records import RecordData, submit_record
from fazhi.credit.subjects import subject_for
from fazhi.orgs.models import Organisation

SOURCE = "demo-credit"
CENTRE = "31-XYZX"
DEMO_COMPANY = "上海示范贸易有限公司"

# (code, name, category, provider code or "", provider description, legal basis, disclosure, months, kinds)
ITEMS: tuple[tuple[str, str, str, str, str, str, str, int | None, str], ...] = (
    (
        "JC01",
        "登记注册基本信息",
        Category.BASIC,
        "31-SCJG",
        "市场监督管理部门",
        "上海市社会信用条例第八条",
        Disclosure.PUBLIC,
        None,
        "organisation",
    ),
    (
        "XZXK",
        "行政许可信息",
        Category.BASIC,
        "",
        "各行政许可机关",
        "上海市社会信用条例第八条",
        Disclosure.PUBLIC,
        36,
        "organisation,person",
    ),
    (
        "SF01",
        "欠缴税款信息",
        Category.TAX_ARREARS,
        "",
        "税务机关",
        "上海市社会信用条例第九条",
        Disclosure.AUTHORISED,
        None,
        "organisation,person",
    ),
    (
        "SB01",
        "欠缴社会保险费信息",
        Category.TAX_ARREARS,
        "31-RSJ",
        "人力资源和社会保障部门",
        "上海市社会信用条例第九条",
        Disclosure.AUTHORISED,
        None,
        "organisation",
    ),
    (
        "XJ01",
        "提供虚假材料、隐瞒事实真相信息",
        Category.FALSE_MATERIALS,
        "",
        "各行政机关",
        "上海市社会信用条例第九条",
        Disclosure.PUBLIC,
        None,
        "organisation,person",
    ),
    (
        "SX01",
        "拒不履行生效法律文书信息",
        Category.REFUSED_JUDGMENT,
        "31-GY",
        "人民法院",
        "上海市社会信用条例第九条",
        Disclosure.PUBLIC,
        None,
        "organisation,person",
    ),
    (
        "XZCF",
        "适用一般程序作出的行政处罚信息",
        Category.PENALTY,
        "",
        "各行政执法机关",
        "上海市优化营商环境条例第六十五条",
        Disclosure.PUBLIC,
        36,
        "organisation,person",
    ),
    (
        "JR01",
        "被监管部门处以市场禁入或者行业禁入信息",
        Category.MARKET_BAN,
        "",
        "各监管部门",
        "上海市社会信用条例第九条",
        Disclosure.PUBLIC,
        None,
        "organisation,person",
    ),
    (
        "CN01",
        "违反信用承诺信息",
        Category.OTHER_FAILING,
        "",
        "接受承诺的行政机关",
        "上海市社会信用条例第九条",
        Disclosure.GOVERNMENT,
        None,
        "organisation,person",
    ),
    (
        "RY01",
        "表彰奖励信息",
        Category.HONOUR,
        "",
        "作出表彰的机关",
        "上海市社会信用条例第二十九条",
        Disclosure.PUBLIC,
        36,
        "organisation,person",
    ),
    (
        "ZY01",
        "志愿服务、慈善捐赠信息",
        Category.VOLUNTEERING,
        "",
        "民政部门、志愿服务组织",
        "上海市社会信用条例第八条",
        Disclosure.AUTHORISED,
        None,
        "person",
    ),
    (
        "CN02",
        "履行信用承诺信息",
        Category.KEPT_COMMITMENT,
        "",
        "接受承诺的行政机关",
        "上海市社会信用条例第二十九条",
        Disclosure.GOVERNMENT,
        None,
        "organisation,person",
    ),
)

LISTS = (
    (
        ListKind.SERIOUS,
        "上海市严重失信主体名单",
        "有《上海市社会信用条例》第二十五条所列严重危害人民群众身体健康和生命安全、严重破坏市场公平竞争秩序和社会"
        "正常秩序、有履行能力但拒不履行法定义务、拒不履行国防义务等行为，经认定单位依法认定的。",
        "列入期限届满（一般为三年）；或者已纠正失信行为、消除不良影响，经认定单位依法修复的；或者列入依据被撤销的。",
        "对列入有异议的，可以向认定单位提出异议或者申请信用修复；对认定决定不服的，可以依法申请行政复议或者提起"
        "行政诉讼（上海市社会信用条例第二十五条）。",
        "上海市社会信用条例第二十五条",
    ),
    (
        ListKind.ABNORMAL,
        "经营异常名录",
        "未按期报送年度报告、未按规定公示即时信息、公示信息隐瞒真实情况或者弄虚作假、通过登记的住所无法联系的企业"
        "（企业信息公示暂行条例第十七条）。",
        "依照规定履行公示义务、更正公示信息或者恢复联系后，申请移出；列入满三年仍未履行的，列入严重违法企业名单。",
        "对列入决定不服的，可以依法申请行政复议或者提起行政诉讼（企业信息公示暂行条例第二十一条）。",
        "企业信息公示暂行条例第十七条",
    ),
)


def uscc(rng: random.Random, area: str = "310101") -> str:
    from fazhi.publicity.demo import uscc as publicity_uscc

    return publicity_uscc(rng, area)


def demo_company_code() -> str:
    return uscc(random.Random(1414))


def demo_citizen_number() -> str:
    from fazhi.publicity.demo import id_number

    return id_number(random.Random(1415), "310101")


def _catalogue(stdout: Any) -> Catalogue | None:
    catalogue = current_catalogue()
    if catalogue is not None:
        return catalogue
    if Catalogue.objects.filter(version="2025-v1").exists():
        return None  # a draft the staff are working on: left alone
    catalogue = draft_catalogue(version="2025-v1", title="上海市公共信用信息目录（2025年版）", note="演示数据")
    bodies = {o.code: o for o in Organisation.objects.filter(code__in=[i[3] for i in ITEMS if i[3]])}
    for code, name, category, provider, description, basis, disclosure, months, kinds in ITEMS:
        save_item(
            catalogue,
            ItemData(
                code=code,
                name=name,
                category=category,
                legal_basis=basis,
                disclosure=disclosure,
                disclosure_months=months,
                subject_kinds=kinds,
                provider=bodies.get(provider),
                provider_description=description,
                queryable_by="信息主体本人；经授权的查询人；依法履职的行政机关"
                if disclosure != Disclosure.PUBLIC
                else "",
            ),
        )
    publish_catalogue(catalogue, user=None)
    if stdout is not None:
        stdout.write(f"  credit catalogue: {catalogue.version}, {len(ITEMS)} items\n")
    return catalogue


def _lists() -> None:
    centre = Organisation.objects.get(code=CENTRE)
    for kind, name, entry, exit_, remedies, basis in LISTS:
        body = centre if kind == ListKind.SERIOUS else Organisation.objects.filter(code="31-SCJG").first() or centre
        ListDefinition.objects.get_or_create(
            kind=kind,
            name=name,
            defaults={
                "body": body,
                "entry_conditions": entry,
                "exit_conditions": exit_,
                "remedies": remedies,
                "legal_basis": basis,
                "published": True,
            },
        )


def _account(username: str, subject: Any) -> None:
    user = get_user_model().objects.filter(username=username).first()
    if user is not None:
        SubjectAccount.objects.get_or_create(user=user, subject=subject)


def _own_subjects(today: dt.date) -> None:
    body = Organisation.objects.get(code="310101-SCJG")
    company_code = demo_company_code()
    company = subject_for(SubjectKind.ORGANISATION, DEMO_COMPANY, credit_code=company_code)
    records = (
        (
            "SFMY-1",
            "XZCF",
            "沪黄市监处〔2026〕0901号 销售标签不符合规定的预包装商品",
            "罚款人民币8,000元",
            "产品质量法第五十四条",
            200,
            False,
        ),
        (
            "SFMY-2",
            "XZCF",
            "沪黄市监处〔2026〕0902号 经营超过保质期的食品",
            "罚款人民币50,000元；没收违法所得",
            "食品安全法第一百二十四条",
            40,
            True,
        ),
    )
    for ref, item, title, summary, basis, days_ago, severe in records:
        submit_record(
            RecordData(
                source_system=SOURCE,
                source_ref=ref,
                item=item,
                provider=body,
                subject_kind=SubjectKind.ORGANISATION,
                subject_name=DEMO_COMPANY,
                credit_code=company_code,
                title=title,
                summary=summary,
                legal_basis=basis,
                decided_on=today - dt.timedelta(days=days_ago),
                severe=severe,
            )
        )
    _account("company", company)
    person = subject_for(SubjectKind.PERSON, "张三", id_number=demo_citizen_number())
    submit_record(
        RecordData(
            source_system=SOURCE,
            source_ref="ZS-1",
            item="XZCF",
            provider=Organisation.objects.get(code="310101-CGZF"),
            subject_kind=SubjectKind.PERSON,
            subject_name="张三",
            id_number=demo_citizen_number(),
            title="沪黄城管处〔2026〕0903号 擅自从事湿垃圾经营性收集、运输",
            summary="罚款人民币10,000元",
            legal_basis="上海市生活垃圾管理条例第五十九条",
            decided_on=today - dt.timedelta(days=150),
        )
    )
    _account("citizen", person)
    if not Commitment.objects.filter(subject=company).exists():
        kept = record_commitment(
            company,
            body=body,
            matter="食品经营许可告知承诺",
            content="承诺经营场所符合食品安全要求",
            made_on=today - dt.timedelta(days=120),
            user=None,
        )
        assess_commitment(kept, kept=True, note="现场核查：符合承诺内容。", user=None)
        broken = record_commitment(
            company,
            body=body,
            matter="广告发布登记告知承诺",
            content="承诺广告内容真实合法",
            made_on=today - dt.timedelta(days=90),
            user=None,
        )
        assess_commitment(broken, kept=False, note="核查发现发布虚假广告，违反承诺。", user=None)
        record_commitment(
            company,
            body=body,
            matter="道路运输经营许可告知承诺",
            content="承诺六个月内补交相关材料",
            made_on=today - dt.timedelta(days=10),
            user=None,
        )


def create_demo_credit(stdout: Any = None, today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    if not Organisation.objects.filter(code=CENTRE).exists():
        return 0  # the directory is not loaded
    with acting(source="cli", action="demo.credit"), transaction.atomic():
        if _catalogue(stdout) is None:
            return 0
        _lists()
        from fazhi.publicity.models import PublishedDecision

        counts = take_decisions(PublishedDecision.objects.select_related("body").order_by("pk"))
        from fazhi.credit.from_decisions import revoke_for

        for decision in PublishedDecision.objects.filter(status="withdrawn"):
            revoke_for(decision, decision.withdrawal_reason)
        _own_subjects(today)
    made = CreditRecord.objects.count()
    if stdout is not None:
        stdout.write(f"  credit records: {made} ({dict(counts)})\n")
    return made
