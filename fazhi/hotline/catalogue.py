"""The seed catalogue of matters (loaded by ``fazhi setup``; staff adjust it afterwards).

Modelled on the classification Shanghai's 12345 hotline publishes in its annual reports: the matters citizens
call about most, each with where it goes first and how many days the handling organisation has to reply.
"""

from __future__ import annotations

from typing import Any

from fazhi.hotline.choices import Responsible

STREET, DISTRICT, CENTRE = Responsible.STREET, Responsible.DISTRICT, Responsible.CENTRE

# code, name, group, where first, days (None: the general limit), anonymous allowed, keywords
CATALOGUE: list[tuple[str, str, str, str, int | None, bool, str]] = [
    ("city-appearance", "市容环境", "城市管理", STREET, None, True, "垃圾 乱堆 乱贴 占道 绿化 环境卫生"),
    ("noise", "噪声扰民", "城市管理", STREET, 3, True, "噪声 噪音 施工 广场舞 夜间"),
    ("property", "物业管理", "住房保障", STREET, None, False, "物业 小区 电梯 维修资金 业委会"),
    ("housing", "房屋管理", "住房保障", DISTRICT, None, False, "房屋 租赁 群租 违建 漏水"),
    ("traffic", "交通出行", "交通运输", DISTRICT, None, True, "公交 地铁 停车 道路 红绿灯 出租车"),
    ("labour", "劳动保障", "人力资源和社会保障", DISTRICT, None, False, "工资 欠薪 社保 劳动合同 加班"),
    ("market", "市场监管", "市场监管", DISTRICT, None, True, "消费 退款 食品安全 价格 假冒"),
    ("ecology", "生态环境", "生态环境", DISTRICT, None, True, "油烟 污水 异味 废气 排放"),
    ("water-power", "水电燃气", "公用事业", CENTRE, 2, True, "停水 停电 燃气 水压 供暖"),
    ("public-security", "社会治安", "公共安全", DISTRICT, 2, True, "治安 诈骗 盗窃 安全隐患"),
    ("education", "教育服务", "教育", DISTRICT, None, False, "入学 学校 培训机构 校外"),
    ("health", "医疗卫生", "卫生健康", DISTRICT, None, False, "医院 挂号 医保 疫苗"),
    ("elderly", "养老服务", "民政", STREET, None, False, "养老 助餐 长护险 老年人"),
    ("legal-aid", "法律服务", "司法行政", DISTRICT, None, False, "法律援助 公证 调解 律师"),
    ("consultation", "政策咨询", "综合", CENTRE, 1, True, "咨询 政策 办事指南"),
    ("other", "其他", "综合", CENTRE, None, True, ""),
]


def load_catalogue(stdout: Any = None) -> None:
    """Create the categories that do not exist yet; categories staff changed are left as they are."""
    from fazhi.core.context import acting
    from fazhi.hotline.models import ServiceCategory

    with acting(source="cli", action="hotline.catalogue"):
        for position, (code, name, group, responsible, days, anonymous, keywords) in enumerate(CATALOGUE):
            ServiceCategory.objects.get_or_create(
                code=code,
                defaults={
                    "name": name,
                    "group": group,
                    "responsible": responsible,
                    "time_limit_days": days,
                    "allow_anonymous": anonymous,
                    "keywords": keywords,
                    "position": position,
                },
            )


def load_departments(stdout: Any = None) -> None:
    """Link each category to the working departments that handle it (``data/orgs/department_categories.csv``:
    a department suffix such as ``SCJG`` and the category codes), in the city and in every district; idempotent.
    Run after the organisations and the catalogue; links staff added stay."""
    import csv

    from django.conf import settings

    from fazhi.core.context import acting
    from fazhi.hotline.models import CategoryDepartment, ServiceCategory
    from fazhi.orgs.models import Organisation

    categories = {c.code: c for c in ServiceCategory.objects.all()}
    created = 0
    with (settings.DATA_DIR / "orgs" / "department_categories.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with acting(source="cli", action="hotline.departments"):
        for row in rows:
            orgs = list(Organisation.objects.filter(code__endswith="-" + row["suffix"], kind="body", is_active=True))
            for code in row["hotline_categories"].split():
                category = categories.get(code)
                if category is None:
                    continue
                for org in orgs:
                    _, made = CategoryDepartment.objects.get_or_create(category=category, organisation=org)
                    created += made
    if stdout is not None and created:
        stdout.write(f"linked {created} departments to hotline categories\n")
