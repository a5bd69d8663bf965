"""A year of 12345 tickets for the demo (``fazhi setup --demo``), so the white paper's hotline indicators and the
handlers' lists have something to show.

Residents (:func:`fazhi.casework.demo.demo_residents`) report problems in the streets of six districts through the
year, on the portal or by phone to an operator, through the hotline services as the demo accounts: the catalogue
routes each ticket to its street or district (the 12345 centre dispatches the rest by hand and answers policy
questions itself); the demo account whose scope covers the handling organisation replies (Nanjing East Road's
handler, Huangpu's and Xuhui's reviewers, the administrator elsewhere); the reporter confirms and rates the
reply. A few replies come late, a few reporters reopen their ticket and are answered again, a few reports are
merged into an earlier one about the same problem, and a few tickets are re-dispatched by a street to its
district. Everything is then moved into the demo year by :class:`fazhi.casework.demo.Backdating` (the services stamp
"now"), and whether each reply was on time is judged again on the moved dates, by the service's own rule: the
reply came before the deadline the last step set.

Idempotent: nothing is made once residents' tickets exist. Indicator values are left to the formulas, as in
``fazhi.reports.demo``: one transaction, and the white paper computes the year's values from the records.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any

from django.db import transaction
from django.utils import timezone

from fazhi.accounts.models import User
from fazhi.casework.demo import Backdating, demo_residents, demo_staff_for, demo_time
from fazhi.casework.models import MatterEvent
from fazhi.core.context import acting
from fazhi.hotline.choices import Channel, Responsible, TicketStatus
from fazhi.hotline.models import Dispatch, ServiceCategory, Ticket
from fazhi.hotline.services import (
    ticket_confirm,
    ticket_dispatch,
    ticket_merge,
    ticket_reopen,
    ticket_reply,
    ticket_submit,
)
from fazhi.notifications.models import Notification
from fazhi.orgs.choices import OrganisationKind
from fazhi.orgs.models import Organisation

DEMO_YEAR = 2025
TICKETS_PER_MONTH = 4
#: Who handles (closest scope first on a tie); the administrator stands in for districts without a demo account.
HANDLERS = ("njdl_handler", "hp_justice", "xh_justice", "admin")
OPERATOR = "admin"  # takes phone calls and dispatches for the 12345 centre
TRACKED = (MatterEvent, Notification, Dispatch)
NANJING_ROAD = "310101002"

# district, weight, roads of the district
DISTRICTS = (
    ("310101", 26, ("南京东路", "福州路", "河南中路", "西藏南路", "复兴中路", "瞿溪路")),
    ("310104", 20, ("天钥桥路", "漕溪北路", "肇嘉浜路", "宜山路", "龙华中路", "田林路")),
    ("310115", 16, ("张杨路", "浦东南路", "东方路", "锦绣路", "川沙路")),
    ("310106", 14, ("南京西路", "延安中路", "共和新路", "大统路")),
    ("310105", 12, ("天山路", "仙霞路", "虹桥路", "愚园路")),
    ("310112", 12, ("七莘路", "沪闵路", "莘松路", "都市路")),
)

# category → (weight, problems, replies)
PROBLEMS: dict[str, tuple[int, tuple[str, ...], tuple[str, ...]]] = {
    "city-appearance": (
        14,
        (
            "小区门口的垃圾箱房满溢，已经三天没有清运，气味很大，影响居民出行。",
            "人行道上共享单车乱停乱放，堵住了盲道和小区出入口，希望及时清理。",
            "沿街商铺在人行道上堆放杂物和纸箱，占道经营，行人只能走机动车道。",
        ),
        (
            "经街道城管中队现场核查，已督促保洁公司完成清运，并将该点位纳入每日巡查。",
            "已联系共享单车运营企业清理车辆，并在出入口设置禁停标识，城管中队将加强巡查。",
            "城管中队已约谈相关商户，责令清除占道物品，后续将定期复查。",
        ),
    ),
    "noise": (
        12,
        (
            "楼下餐饮店的排风机和冷却塔夜间运转噪声很大，晚上十一点以后仍不停，影响休息。",
            "附近工地夜间施工，凌晨一两点仍有机械作业声，没有看到夜间施工许可公示。",
            "小区广场每天晚上跳广场舞的音响声音过大，一直持续到九点半以后。",
        ),
        (
            "经现场检测，已责令商户对排风设备加装减振降噪装置，夜间十点后停止运行。",
            "经核查该工地未取得夜间施工许可，已责令停止夜间作业并依法立案调查。",
            "居委会已与舞蹈队协商，调低音量并将活动结束时间提前到晚上八点半。",
        ),
    ),
    "property": (
        10,
        (
            "小区电梯近一个月频繁故障停运，物业维修不及时，楼里老人上下楼非常困难。",
            "物业公司未经业主大会表决擅自上调停车管理费，业主多次询问没有答复。",
            "小区地下车库照明损坏很久没有修，晚上进出存在安全隐患。",
        ),
        (
            "房管办已约谈物业公司，电梯已由维保单位全面检修，并要求物业公示维保记录。",
            "经核查，收费调整未履行法定程序，已责令物业公司暂停执行并向业主说明情况。",
            "物业公司已更换车库照明灯具，房管办将跟踪督促做好日常维护。",
        ),
    ),
    "housing": (
        7,
        (
            "隔壁一套两居室疑似群租，居住十多人，人员进出频繁，存在消防安全隐患。",
            "楼上住户卫生间漏水渗到我家天花板，多次协商没有结果，希望有关部门协调。",
        ),
        (
            "经联合检查确认存在群租，已责令房东限期整改，并告知租客搬离，将跟踪复查。",
            "居委会已组织双方协商，楼上住户同意请专业单位维修并承担修复费用。",
        ),
    ),
    "traffic": (
        8,
        (
            "路口人行横道信号灯绿灯时间太短，老人和孩子早高峰过街非常困难。",
            "公交站台候车亭顶棚破损，雨天无法避雨，希望尽快维修。",
            "学校门口上下学时段车辆乱停，经常拥堵，希望增加交通疏导。",
        ),
        (
            "交警部门已调整该路口信号配时，早高峰行人绿灯时间延长十秒。",
            "已通知候车亭养护单位，顶棚已于一周内修复。",
            "交警部门将在上下学时段安排警力疏导，并增设临时停车提示标志。",
        ),
    ),
    "labour": (
        5,
        (
            "所在公司已拖欠两个月工资，多次向公司讨要没有结果，希望劳动监察部门介入。",
            "公司没有依法为员工缴纳社会保险，入职半年仍未签订书面劳动合同。",
        ),
        (
            "劳动保障监察大队已立案调查，公司已承诺在十五日内结清拖欠工资。",
            "经调查情况属实，已责令公司补签劳动合同并补缴社会保险费。",
        ),
    ),
    "market": (
        8,
        (
            "在小区附近超市购买的牛奶已过保质期，和商家交涉没有结果，要求依法处理。",
            "健身房突然停业，会员卡里两千多元余额无法退还，联系不上经营者。",
            "菜场部分摊位电子秤短斤缺两，希望市场监管部门检查。",
        ),
        (
            "市场监管所已现场检查并下架过期商品，商家已按规定向您退款并赔偿。",
            "已对该经营者立案调查，并引导您通过消费纠纷调解和诉讼途径维护权益。",
            "市场监管所已对菜场电子秤开展专项检定，对作弊摊位依法处罚。",
        ),
    ),
    "ecology": (
        6,
        (
            "底楼餐馆油烟直排，没有安装油烟净化装置，楼上住户无法开窗。",
            "小区旁边的河道近期有异味，水面漂浮垃圾，怀疑有污水直排。",
        ),
        (
            "生态环境部门已责令餐馆安装油烟净化设施，整改完成前暂停使用明火灶具。",
            "河道养护单位已清理水面垃圾，排查发现一处雨污混接点，已完成改造。",
        ),
    ),
    "water-power": (
        5,
        (
            "小区今天上午突然停水，没有看到停水通知，请问什么时候恢复供水？",
            "楼道公共照明线路老化，经常跳闸，担心有用电安全隐患。",
        ),
        (
            "供水企业答复：因管道抢修临时停水，已于当日下午恢复供水，今后将提前张贴通知。",
            "供电部门已派员检修楼道线路并更换老化开关，隐患已排除。",
        ),
    ),
    "public-security": (
        5,
        (
            "小区周边近期有人挨家挨户推销所谓保健品，疑似诈骗，请加强巡查。",
            "小区非机动车棚有人私拉电线给电动自行车充电，存在火灾隐患。",
        ),
        (
            "派出所已加强小区周边巡逻，并在社区开展防范诈骗宣传。",
            "消防和居委会已拆除私拉电线，小区将增设集中充电设施。",
        ),
    ),
    "elderly": (
        5,
        (
            "希望社区增设老年助餐点，目前最近的助餐点步行要二十多分钟。",
            "家中老人申请长护险评估已一个多月，还没有安排上门评估。",
        ),
        (
            "街道已将该小区纳入助餐点布点计划，年内将在社区睦邻点开设助餐服务。",
            "评估机构已安排上门评估，结果将在十个工作日内告知。",
        ),
    ),
    "legal-aid": (
        5,
        (
            "想申请法律援助，咨询需要准备哪些材料、到哪里办理。",
            "和装修公司发生合同纠纷，咨询可以通过哪些途径调解解决。",
        ),
        (
            "已告知申请法律援助所需材料，可到区公共法律服务中心或通过“12348上海法网”在线申请。",
            "已为您联系街道人民调解委员会，调解员将约双方进行调解。",
        ),
    ),
    "health": (
        4,
        ("社区卫生服务中心的疫苗预约号源紧张，每次都约不上，希望增加号源。",),
        ("社区卫生服务中心已增加每周两个半天的接种门诊，号源增加三成。",),
    ),
    "consultation": (
        6,
        ("咨询居住证积分申请的办理流程和所需材料。", "咨询新生儿医保参保登记的办理渠道。"),
        ("已告知办理流程和材料清单，可通过“一网通办”在线提交申请。",),
    ),
}

CENTRE_ANSWERS = ("consultation",)  # the centre answers itself; its other categories it dispatches
REDISPATCH_REASON = "该事项属区级职能部门职责，按规定转派区里办理。"
REOPEN_REASONS = ("问题没有解决，现场情况和答复说的不一样，请再次核查。", "答复后问题又出现了，希望彻底解决。")
SECOND_REPLIES = ("已再次派员现场核查并完成整改，后续将加强跟踪回访。",)
COMMENTS = {
    5: ("处理很及时，非常满意。", "工作人员上门核实，态度很好。", ""),
    4: ("问题已经解决，谢谢。", ""),
    3: ("问题基本解决，但处理时间有点长。",),
    2: ("只解决了一部分。",),
}
PHONE_NAMES = ("陈先生", "李女士", "王阿姨", "张先生", "刘女士")


def create_demo_tickets(year: int = DEMO_YEAR, stdout: Any = None) -> dict[str, int]:
    """Create the demo year's tickets if there are none yet; returns what was created (all zero on a second run)."""
    counts = {"tickets": 0, "reopened": 0, "merged": 0, "late_replies": 0}
    staff = {u.username: u for u in User.objects.filter(username__in=(*HANDLERS, OPERATOR))}
    categories = {c.code: c for c in ServiceCategory.objects.filter(code__in=PROBLEMS, is_active=True)}
    if OPERATOR not in staff or not categories:
        return counts  # no demo accounts or catalogue to build on
    residents = demo_residents()
    if Ticket.objects.filter(submitter__in=residents).exists():
        return counts
    started = time.perf_counter()
    rng = random.Random(year * 12345)  # the same demo every time
    streets = {  # streets and towns (not the farms and development zones that count as streets)
        code: [
            street
            for street in Organisation.objects.filter(parent__code=code, kind=OrganisationKind.STREET, is_active=True)
            if street.name.endswith(("街道", "镇"))
        ]
        for code, _weight, _roads in DISTRICTS
    }
    clock = Backdating()
    year_ = _Year(year, rng, residents, staff, categories, streets, clock, counts)
    with transaction.atomic(), acting(source="cli", action="demo.hotline"):
        for month in range(1, 13):
            for _ in range(TICKETS_PER_MONTH):
                year_.ticket(month)
        clock.apply()
    if stdout is not None:
        stdout.write(
            f"demo year {year}: {counts['tickets']} hotline tickets ({counts['late_replies']} answered late, "
            f"{counts['reopened']} reopened, {counts['merged']} merged) ({time.perf_counter() - started:.1f} s)"
        )
    return counts


class _Year:
    """One ticket at a time, from the report to the rating, each step at its moment of the demo year."""

    def __init__(
        self,
        year: int,
        rng: random.Random,
        residents: list[User],
        staff: dict[str, User],
        categories: dict[str, ServiceCategory],
        streets: dict[str, list[Organisation]],
        clock: Backdating,
        counts: dict[str, int],
    ) -> None:
        self.year, self.rng, self.residents, self.staff = year, rng, residents, staff
        self.categories, self.streets, self.clock, self.counts = categories, streets, clock, counts
        self.handlers: dict[int, User] = {}
        self.numbers: dict[str, int] = {}  # an address's next house number (addresses differ, texts too)
        # Every so often the next ticket that can be is merged into / reopened (a steady few, whatever the dice).
        self.serial, self.merge_next, self.reopen_next = 0, False, False

    def handler(self, organisation: Organisation) -> User:
        if organisation.pk not in self.handlers:
            found = demo_staff_for(organisation, HANDLERS)
            self.handlers[organisation.pk] = found or self.staff[OPERATOR]
        return self.handlers[organisation.pk]

    def place(self) -> tuple[Organisation, str]:
        code, _weight, roads = self.rng.choices(DISTRICTS, weights=[d[1] for d in DISTRICTS])[0]
        streets = self.streets[code]
        nanjing = [s for s in streets if s.code == NANJING_ROAD]
        # Half of Huangpu's tickets are Nanjing East Road's, whose handler is a demo account.
        street = nanjing[0] if nanjing and self.rng.random() < 0.5 else self.rng.choice(streets)
        road = self.rng.choice(roads)
        number = self.numbers.get(road, self.rng.randint(8, 60))
        self.numbers[road] = number + self.rng.randint(7, 40)
        return street, f"{road}{number}号"

    def step(self, when: dt.datetime, func: Any, **kwargs: Any) -> tuple[Any, dt.timedelta | None]:
        """Run one service call, its rows dated ``when``; also the time limit it set (its deadline − now)."""
        actor = kwargs.get("user") or kwargs.get("actor") or kwargs.get("submitter")  # the audit trail's "who"
        with self.clock.at(when, *TRACKED), acting(user=actor):
            now = timezone.now()
            ticket = func(**kwargs)
        due = ticket.due_at if isinstance(ticket, Ticket) else None
        return ticket, (dt.timedelta(days=round((due - now).total_seconds() / 86400)) if due else None)

    def ticket(self, month: int) -> None:
        rng = self.rng
        self.serial += 1
        self.merge_next |= self.serial % 16 == 8
        self.reopen_next |= self.serial % 11 == 6
        code = rng.choices(list(self.categories), weights=[PROBLEMS[c][0] for c in self.categories])[0]
        category = self.categories[code]
        _weight, problems, replies = PROBLEMS[code]
        problem_index = rng.randrange(len(problems))
        street, address = self.place()
        day = dt.date(self.year, month, rng.randint(1, 26 if month < 12 else 12))
        created = demo_time(day, rng.randint(8, 20), rng.randint(0, 59))
        by_phone = rng.random() < 0.15
        reporter = None if by_phone else rng.choice(self.residents)
        details: dict[str, Any] = {
            "description": f"{street.name}{address}附近：{problems[problem_index]}",
            "category": category,
            "address": address,
            "street": street,
            "channel": Channel.PHONE if by_phone else rng.choice((Channel.PORTAL, Channel.PORTAL, Channel.API)),
            "submitter": reporter,
        }
        if by_phone:  # an operator takes the call; the caller leaves a number for the reply
            details.update(
                contact_name=rng.choice(PHONE_NAMES),
                contact_phone=f"139{rng.randint(10_000_000, 99_999_999)}",
                consent=True,
                actor=self.staff[OPERATOR],
            )
        ticket, limit = self.step(created, ticket_submit, **details)
        self.counts["tickets"] += 1
        moves: dict[str, Any] = {"consent_at": created} if by_phone else {}
        handling_from, at = created, created
        if ticket.status == TicketStatus.REGISTERED and code not in CENTRE_ANSWERS:
            # The centre dispatches what the catalogue cannot place: to the district of the place.
            at = created + dt.timedelta(hours=rng.randint(1, 5))
            ticket, limit = self.step(
                at, ticket_dispatch, ticket=ticket, organisation=street.parent, user=self.staff[OPERATOR]
            )
            handling_from = at
        elif ticket.organisation_id == street.pk and rng.random() < 0.06:
            # Now and then a street finds a matter is its district's and sends it on, saying why.
            at = created + dt.timedelta(hours=rng.randint(2, 20))
            ticket, limit = self.step(
                at,
                ticket_dispatch,
                ticket=ticket,
                organisation=street.parent,
                user=self.handler(street),
                reason=REDISPATCH_REASON,
            )
            handling_from = at
        duplicate = None
        if reporter is not None and category.responsible != Responsible.CENTRE and self.merge_next:
            self.merge_next = False
            duplicate = self.duplicate(ticket, problems[problem_index], created)
            at = max(at, duplicate[1])
        reply_text = replies[min(problem_index, len(replies) - 1)]
        replied, on_time = self.reply(ticket, reply_text, handling_from, limit, after=at)
        if duplicate is not None:
            self.clock.move(duplicate[0], updated_at=replied, replied_at=replied, closed_at=replied)
        if reporter is None:  # no one to confirm: the reply closes it
            last = closed = replied
            confirmed = None
        else:
            reopen, self.reopen_next = self.reopen_next, False
            if reopen:
                reopened = replied + dt.timedelta(hours=rng.randint(10, 40))
                ticket, limit = self.step(
                    reopened, ticket_reopen, ticket=ticket, user=reporter, reason=rng.choice(REOPEN_REASONS)
                )
                self.counts["reopened"] += 1
                replied, on_time = self.reply(ticket, rng.choice(SECOND_REPLIES), reopened, limit, after=reopened)
            # Who had to reopen is less pleased with the outcome.
            rating = rng.choice((4, 3)) if reopen else rng.choices((5, 4, 3, 2), weights=(52, 30, 12, 6))[0]
            confirmed = replied + dt.timedelta(hours=rng.randint(3, 60))
            self.step(
                confirmed,
                ticket_confirm,
                ticket=ticket,
                user=reporter,
                rating=rating,
                comment=rng.choice(COMMENTS[rating]),
            )
            last = closed = confirmed
        self.counts["late_replies"] += not on_time
        self.clock.move(
            ticket,
            created_at=created,
            updated_at=last,
            replied_at=replied,
            replied_on_time=on_time,
            confirmed_at=confirmed,
            closed_at=closed,
            due_at=None,
            **moves,
        )
        self.clock.renumber(ticket, created.date())

    def reply(
        self, ticket: Ticket, text: str, handling_from: dt.datetime, limit: dt.timedelta | None, *, after: dt.datetime
    ) -> tuple[dt.datetime, bool]:
        """The handler's reply: mostly well within the limit, now and then a day or more after it."""
        rng = self.rng
        allowed = limit or dt.timedelta(days=5)
        late = rng.random() < 0.09
        delay = allowed + dt.timedelta(hours=rng.randint(6, 72)) if late else allowed * rng.uniform(0.15, 0.9)
        replied = max(handling_from + delay, after + dt.timedelta(hours=1))
        replied = replied.replace(minute=rng.randint(0, 59), second=0, microsecond=0)
        self.step(replied, ticket_reply, ticket=ticket, user=self.handler(ticket.organisation), text=text)
        return replied, limit is None or replied <= handling_from + limit

    def duplicate(self, ticket: Ticket, problem: str, created: dt.datetime) -> tuple[Ticket, dt.datetime]:
        """A neighbour reports the same problem the next day; the handler merges it into the first ticket."""
        neighbour = self.rng.choice([r for r in self.residents if r.pk != ticket.submitter_id])
        reported = created + dt.timedelta(hours=self.rng.randint(14, 30))
        copy, _limit = self.step(
            reported,
            ticket_submit,
            description=f"{ticket.address}这里{problem}邻居也反映过，希望尽快处理。",
            category=ticket.category,
            address=ticket.address,
            street=ticket.street,
            submitter=neighbour,
        )
        merged = reported + dt.timedelta(hours=self.rng.randint(1, 6))
        self.step(merged, ticket_merge, duplicate=copy, into=ticket, user=self.handler(ticket.organisation))
        self.clock.move(copy, created_at=reported)
        self.clock.renumber(copy, reported.date())
        self.counts["tickets"] += 1
        self.counts["merged"] += 1
        return copy, merged


# --- the demo citizen's own ticket -----------------------------------------------------------------------------

#: The demo citizen (platform/demo.py): its 我的办件 opens on a suggestion, a 12345 ticket and a survey answer.
CITIZEN = "citizen"


def create_citizen_ticket(stdout: Any = None) -> int:
    """The demo citizen's own 12345 report in 南京东路街道 (the street of the demo handler), submitted through the
    service as the portal would, so the catalogue routes it; once (0 on a second run, or without the citizen)."""
    citizen = User.objects.filter(username=CITIZEN).first()
    category = ServiceCategory.objects.filter(code="city-appearance", is_active=True).first()
    street = Organisation.objects.filter(code="310101002").first()
    if citizen is None or category is None or street is None or Ticket.objects.filter(submitter=citizen).exists():
        return 0
    with acting(user=citizen, source="cli", action="demo.citizen"):
        ticket = ticket_submit(
            description="南京东路 300 号门口的垃圾箱房满溢，已经两天没有清运，气味很大。",
            category=category,
            address="南京东路 300 号",
            street=street,
            submitter=citizen,
            contact_name="张三",
            contact_phone="13800138000",
            consent=True,
            actor=citizen,
        )
    if stdout is not None:
        stdout.write(f"the demo citizen's 12345 ticket {ticket.tracking_number}")
    return 1
