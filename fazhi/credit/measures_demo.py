"""Demo application list (应用清单): eight lines citing 上海市社会信用条例 第二十九条–第三十一条 and 政府采购法
第二十二条, published. Idempotent: a line whose code exists is left as it is. The lists a line targets come from the
records part's demo (the serious list); without it, those lines are skipped and said so."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from fazhi.core.context import acting
from fazhi.credit.choices import Category, CheckMatter, ListKind, MeasureKind, MeasureTarget
from fazhi.credit.models import ListDefinition, Measure

INC, SAN = MeasureKind.INCENTIVE, MeasureKind.SANCTION
CREDIT = "上海市社会信用条例"

#: code, kind, matter, target, category or list kind, means, implementing body, legal basis
DEMO_MEASURES: tuple[tuple[str, str, str, str, str, str, str, str], ...] = (
    (
        "HJ-XK-01", INC, CheckMatter.PERMIT, MeasureTarget.NO_FAILING, "",
        "行政许可中根据实际情况给予优先办理、容缺受理等简化程序的便利服务措施",
        "31-SCJG", f"{CREDIT}第二十九条",
    ),
    (
        "CJ-XK-01", SAN, CheckMatter.PERMIT, MeasureTarget.FAILING_CATEGORY, Category.PENALTY,
        "在实施行政许可中列为重点审查对象，不适用告知承诺等简化程序",
        "31-SCJG", f"{CREDIT}第三十条",
    ),
    (
        "CJ-CN-01", SAN, CheckMatter.NOTICE_COMMITMENT, MeasureTarget.BROKEN_COMMITMENT, "",
        "曾作出虚假承诺或者未履行承诺的，不适用告知承诺审批，按一般程序办理",
        "31-SCJG", f"{CREDIT}第三十条",
    ),
    (
        "CJ-CG-01", SAN, CheckMatter.TENDER, MeasureTarget.FAILING_CATEGORY, Category.PENALTY,
        "审查供应商参加政府采购活动前三年内在经营活动中有无重大违法记录；在公共资源交易中给予信用减分",
        "31-CZJ", "中华人民共和国政府采购法第二十二条；" + f"{CREDIT}第三十条",
    ),
    (
        "CJ-CG-02", SAN, CheckMatter.TENDER, MeasureTarget.LISTED, ListKind.SERIOUS,
        "严重失信主体依法限制进入相关市场，限制参加政府采购活动",
        "31-CZJ", f"{CREDIT}第三十一条",
    ),
    (
        "HJ-CG-01", INC, CheckMatter.TENDER, MeasureTarget.NO_FAILING, "",
        "在公共资源交易中给予信用加分、提升信用等次",
        "31-FGW", f"{CREDIT}第二十九条",
    ),
    (
        "CJ-BT-01", SAN, CheckMatter.SUBSIDY, MeasureTarget.FAILING_CATEGORY, Category.TAX_ARREARS,
        "欠缴依法应缴税款、社会保险费的，在财政资金资助等政策扶持中作相应限制",
        "31-CZJ", f"{CREDIT}第三十条",
    ),
    (
        "HJ-BT-01", INC, CheckMatter.SUBSIDY, MeasureTarget.NO_FAILING, "",
        "在财政性资金和项目支持中，同等条件下列为优先选择对象",
        "31-JXW", f"{CREDIT}第二十九条",
    ),
    (
        "CJ-RY-01", SAN, CheckMatter.HONOUR, MeasureTarget.LISTED, ListKind.SERIOUS,
        "严重失信主体限制获得相关荣誉称号",
        "31-RSJ", f"{CREDIT}第三十一条",
    ),
)  # fmt: skip


def load_demo_measures(stdout: Any = None) -> None:
    from django.core.exceptions import ValidationError

    from fazhi.credit.measures import save_draft
    from fazhi.orgs.models import Organisation

    created, skipped = 0, []
    with acting(source="cli", action="demo.setup"):
        for code, kind, matter, target, aim, means, body_code, basis in DEMO_MEASURES:
            if Measure.objects.filter(code=code).exists():
                continue
            body = Organisation.objects.filter(code=body_code).first()
            listing = None
            if target == MeasureTarget.LISTED:
                listing = ListDefinition.objects.filter(kind=aim, published=True).order_by("pk").first()
            if body is None or (target == MeasureTarget.LISTED and listing is None):
                skipped.append(f"{code}: " + ("no published list of that kind" if body else f"no body {body_code}"))
                continue
            values = {
                "code": code,
                "kind": kind,
                "matter": matter,
                "target": target,
                "target_list": listing,
                "target_category": aim if target == MeasureTarget.FAILING_CATEGORY else "",
                "means": means,
                "body": body,
                "legal_basis": basis,
            }
            try:
                measure = save_draft(Measure(), values)
            except ValidationError as exc:  # the law library is not loaded (e.g. a bare database)
                skipped.append(f"{code}: {' '.join(exc.messages)}")
                continue
            measure.published_at = timezone.now()
            measure.save()
            created += 1
    if stdout is not None:
        stdout.write(f"  joint measures: {created} published")
        for line in skipped:
            stdout.write(f"  joint measure skipped: {line}")
