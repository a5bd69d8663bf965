"""A year of people's suggestions for the demo (``fazhi setup --demo``), so the white paper's suggestion indicators
and the portal's answered suggestions have something to show.

Residents (:func:`fazhi.casework.demo.demo_residents`) send suggestions to the city's and the districts' suggestion
offices through the year, through the services as the demo accounts: the office accepts each and routes it to the
organisation that leads the handling (now and then with co-handlers), the lead records its research or meeting,
answers — mostly within the 60 days, a few late — and closes it; some suggestions are put into effect (第十三条),
one or two commended (第十六条); most submitters rate the answer, and what they agreed to publish is approved for
the portal. One is declined as a personal dispute (第十条第二款). Everything is then moved into the demo year by
:class:`fazhi.casework.demo.Backdating` (the services stamp "now"), and whether each answer was on time is judged
again on the moved dates, by the service's rule: answered by the deadline the routing set.

Idempotent: nothing is made once residents' suggestions exist. Indicator values are left to the formulas, as in
``fazhi.reports.demo``: one transaction, and the white paper computes the year's values from the records.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from fazhi.accounts.models import User
from fazhi.casework.demo import Backdating, demo_residents, demo_staff_for, demo_time
from fazhi.casework.models import MatterEvent
from fazhi.casework.services import moderate
from fazhi.core.context import acting
from fazhi.notifications.models import Notification
from fazhi.orgs.models import Organisation
from fazhi.suggestions.choices import ConversionKind, NoteKind
from fazhi.suggestions.models import Conversion, Evaluation, HandlingNote, Suggestion, SuggestionRoute
from fazhi.suggestions.services import (
    conversion_add,
    suggestion_accept,
    suggestion_close,
    suggestion_commend,
    suggestion_decline,
    suggestion_evaluate,
    suggestion_note,
    suggestion_reply,
    suggestion_route,
    suggestion_submit,
)

DEMO_YEAR = 2025
#: Who handles (closest scope first on a tie): the city office for the city, the districts' reviewers, the
#: administrator for districts without a demo account.
HANDLERS = ("hp_justice", "xh_justice", "office", "admin")
TRACKED = (MatterEvent, Notification, SuggestionRoute, HandlingNote, Conversion, Evaluation)
CITY = "31"
DISTRICTS = ("310101", "310104", "310101", "310104", "310106", "310115")  # where district suggestions go, weighted


@dataclass(frozen=True)
class Item:
    theme: str
    facts: str
    proposal: str
    lead: str  # SFJ 司法局, YFZ 依法治市(区)办, GOV the district, FY the court, XYZX the credit centre
    reply: str
    city: bool = False  # sent to the city's office (else a district's)
    co: tuple[str, ...] = ()
    conversion: tuple[str, str] | None = None  # (ConversionKind, what was done)


ITEMS = (
    Item(
        "关于在地铁站点设置公共法律服务自助终端的建议",
        "目前公共法律服务中心多设在区级和街道，上班族工作日很难抽时间前往咨询。地铁站客流大、覆盖面广，"
        "是市民每天都要经过的地方。",
        "建议在客流较大的地铁换乘站设置公共法律服务自助终端，提供法律咨询、法律援助预约、公证预约等服务，"
        "并在晚高峰时段安排律师定期驻点。",
        "SFJ",
        "感谢您的建议。市司法局已会同地铁运营企业研究，拟在部分换乘站试点设置公共法律服务自助终端，"
        "同时通过“12348上海法网”提供全天候在线咨询。",
        city=True,
        conversion=(ConversionKind.MEASURE, "在人民广场、徐家汇等五个地铁换乘站试点设置公共法律服务自助终端。"),
    ),
    Item(
        "关于加强住宅小区电动自行车充电安全管理的建议",
        "小区内电动自行车“飞线充电”、楼道停放的现象仍然较多，近年来电动自行车引发的火灾时有发生，居民很担心。",
        "建议加快在住宅小区建设集中充电设施，明确物业和居委会的管理责任，对违规充电依法处理，同时加强安全宣传。",
        "GOV",
        "您的建议很有针对性。区里已将住宅小区集中充电设施建设列入年度民心工程，并部署开展专项整治。",
        conversion=(ConversionKind.WORK, "将集中充电设施建设纳入年度民心工程，全年新建充电端口三千余个。"),
    ),
    Item(
        "关于规范老旧小区加装电梯协商程序的建议",
        "加装电梯需要楼内业主协商一致，低楼层和高楼层住户意见分歧大，协商周期长，一些项目因个别住户反对而搁置。",
        "建议制定加装电梯协商工作指引，引入人民调解员参与协商，明确补偿参考标准，提高协商效率。",
        "SFJ",
        "感谢您的建议。区司法局将会同住房管理部门制定加装电梯矛盾纠纷调解工作指引，组织调解员提前介入。",
        co=("YFZ",),
        conversion=(ConversionKind.LEGISLATION, "建议内容被吸收进区加装电梯矛盾纠纷调解工作指引。"),
    ),
    Item(
        "关于开展“法治进楼宇”服务中小企业的建议",
        "中小企业普遍没有专职法务人员，在合同签订、劳动用工、知识产权方面的法律风险较大。",
        "建议组织律师、公证员定期走进商务楼宇，为中小企业提供免费“法治体检”和专题讲座。",
        "SFJ",
        "感谢您的建议。区司法局已组建“法治体检”服务团，分批走进商务楼宇开展服务。",
        conversion=(ConversionKind.MEASURE, "组建律师、公证员“法治体检”服务团，全年走进商务楼宇四十余场次。"),
    ),
    Item(
        "关于在社区普法中增加反诈骗内容的建议",
        "电信网络诈骗手段不断翻新，老年人受骗的案例较多，而社区普法的内容和形式都比较单一。",
        "建议社区普法结合真实案例开展反诈骗宣传，组织民警、律师进社区讲解，并利用楼道电子屏滚动播放提示。",
        "YFZ",
        "感谢您的建议。已将反诈骗内容列入本年度社区普法重点，由派出所和司法所联合开展进社区宣讲。",
    ),
    Item(
        "关于完善网络消费纠纷在线调解机制的建议",
        "网购纠纷金额小、数量多，消费者通过诉讼维权的成本高，很多人只好放弃。",
        "建议推动电商平台与人民调解组织对接，建立网络消费纠纷在线调解平台，实现在线申请、在线调解和在线司法确认。",
        "SFJ",
        "感谢您的建议。市司法局将会同市高院、市场监管部门研究在线调解与司法确认的衔接机制。",
        city=True,
        co=("FY",),
    ),
    Item(
        "关于在居民区推广噪声自动监测提示屏的建议",
        "夜间施工和商铺噪声的投诉较多，居民难以取证，执法人员到场时噪声往往已经停止。",
        "建议在投诉集中的居民区设置噪声自动监测提示屏，超标时自动提示并留存数据，作为执法依据。",
        "GOV",
        "感谢您的建议。区里将在噪声投诉较集中的三个街道试点设置噪声监测提示屏，视效果逐步推广。",
    ),
    Item(
        "关于为外卖骑手开展交通安全和劳动权益普法的建议",
        "外卖骑手闯红灯、逆行等交通违法行为较多，同时骑手对自身劳动权益了解不足，遇到纠纷不知道找谁。",
        "建议联合平台企业在骑手站点开展交通安全和劳动权益普法，设立骑手法律服务站。",
        "SFJ",
        "感谢您的建议。市司法局已联合交警、人社部门和平台企业开展“骑手普法”专项行动。",
        city=True,
        conversion=(ConversionKind.WORK, "联合平台企业在二十个骑手站点设立法律服务站，开展交通安全和劳动权益普法。"),
    ),
    Item(
        "关于定期发布行政执法典型案例的建议",
        "群众对一些行政执法决定的依据和标准不够了解，执法公开多停留在结果公示。",
        "建议定期发布行政执法典型案例，讲清执法依据和裁量标准，以案释法。",
        "YFZ",
        "感谢您的建议。市委依法治市办将把行政执法典型案例发布纳入年度工作要点，每半年发布一批。",
        city=True,
        conversion=(ConversionKind.DECISION, "纳入年度法治建设工作要点：每半年发布一批行政执法典型案例。"),
    ),
    Item(
        "关于在公园绿地设置法治文化主题景观的建议",
        "市民在公园休闲的时间长，而现有的法治宣传阵地大多在室内，吸引力不够。",
        "建议在部分公园绿地设置宪法、民法典主题景观小品和宣传栏，寓教于乐。",
        "GOV",
        "感谢您的建议。区里将结合公园改造，在两处公园试点建设法治文化主题景观。",
    ),
    Item(
        "关于规范小区业委会选举和运作的建议",
        "一些小区业委会选举程序不规范，财务不公开，业主意见较大，矛盾容易激化。",
        "建议街道加强对业委会选举的指导监督，推行业委会财务定期公开和第三方审计。",
        "GOV",
        "感谢您的建议。区房管部门将会同街道加强业委会选举指导，推行财务定期公开。",
        co=("SFJ",),
    ),
    Item(
        "关于为新就业形态劳动者开辟法律援助绿色通道的建议",
        "网约车司机、快递员等新就业形态劳动者遇到劳动争议时维权渠道不畅，申请法律援助的手续也比较繁琐。",
        "建议在法律援助中心开设新就业形态劳动者服务窗口，简化经济困难审查，优先受理。",
        "SFJ",
        "感谢您的建议。市司法局已在各区法律援助中心开设新就业形态劳动者服务窗口，实行“优先受理、简化审查”。",
        city=True,
        conversion=(ConversionKind.MEASURE, "各区法律援助中心开设新就业形态劳动者服务窗口。"),
    ),
    Item(
        "关于在中小学常态化开展模拟法庭活动的建议",
        "青少年法治教育多为课堂讲授，学生参与感不强。",
        "建议法院、检察院与中小学结对，常态化开展模拟法庭和庭审观摩活动。",
        "FY",
        "感谢您的建议。区法院将与辖区中小学结对，每学期开展模拟法庭和庭审观摩活动。",
        co=("SFJ",),
    ),
    Item(
        "关于提升人民调解员专业化水平的建议",
        "基层矛盾纠纷越来越复杂，涉及物业、婚姻家庭、劳动等多个领域，部分调解员专业能力不足。",
        "建议分领域开展人民调解员培训，吸收律师、退休法官等专业人士担任调解员，并建立调解案例库。",
        "SFJ",
        "感谢您的建议。区司法局将分领域开展调解员轮训，并建设人民调解案例库。",
    ),
    Item(
        "关于公共场所控烟执法常态化的建议",
        "部分餐饮场所和写字楼楼道仍有人吸烟，投诉后效果不持久。",
        "建议加强控烟执法检查，公布违法场所名单，并发动志愿者参与劝阻。",
        "GOV",
        "感谢您的建议。区里将把控烟执法纳入日常检查，并组建控烟志愿者队伍。",
    ),
    Item(
        "关于对社区“法律明白人”实行积分激励的建议",
        "社区“法律明白人”在调解邻里矛盾、宣传法律知识方面作用明显，但缺少激励，积极性难以持续。",
        "建议对“法律明白人”参与普法、调解等工作实行积分管理，积分可兑换服务或作为评优依据。",
        "YFZ",
        "感谢您的建议。区委依法治区办将会同司法局研究“法律明白人”积分激励办法。",
    ),
)
DECLINED = (
    "关于邻居长期占用楼道的问题",
    "我家邻居长期在楼道堆放杂物，和他沟通了好几次都发生矛盾，物业也管不了。",
    "要求有关部门责令邻居清理楼道。",
    "您反映的是邻里之间的具体纠纷，不属于人民建议征集的范围（《上海市人民建议征集若干规定》第十条第二款），"
    "建议向居委会人民调解委员会申请调解。",
)
NOTES = (
    (NoteKind.RESEARCH, "赴相关街道和单位实地调研，听取基层工作人员和居民代表的意见。"),
    (NoteKind.MEETING, "召开专题座谈会，邀请律师、人大代表和居民代表参加，研究建议的可行性。"),
    (NoteKind.NOTE, "会同相关部门梳理现行规定和工作现状，形成答复意见。"),
)
EVALUATIONS = {
    5: ("答复认真具体，已经看到了变化。", "很满意，谢谢！"),
    4: ("答复及时，希望尽快落实。", ""),
    3: ("答复比较原则，希望有具体措施。",),
}
COMMENDATION = "该建议针对性强，已转化为具体工作举措，特予表扬。"


def create_demo_suggestions(year: int = DEMO_YEAR, stdout: Any = None) -> dict[str, int]:
    """Create the demo year's suggestions if there are none yet; returns what was created (zero on a second run)."""
    counts = {"suggestions": 0, "conversions": 0, "evaluations": 0, "late_answers": 0}
    staff = {u.username: u for u in User.objects.filter(username__in=HANDLERS)}
    offices = {o.code: o for o in Organisation.objects.filter(code__in=[f"{c}-RMJY" for c in (CITY, *DISTRICTS)])}
    if "admin" not in staff or f"{CITY}-RMJY" not in offices:
        return counts  # no demo accounts or organisations to build on
    residents = demo_residents()
    if Suggestion.objects.filter(submitter__in=residents).exists():
        return counts
    started = time.perf_counter()
    rng = random.Random(year * 31)  # the same demo every time
    clock = Backdating()
    builder = _Builder(rng, residents, clock, counts)
    items = list(ITEMS)
    rng.shuffle(items)
    decline_at = len(items) // 2
    with transaction.atomic(), acting(source="cli", action="demo.suggestions"):
        for index, item in enumerate(items):
            # Submitted from January to September, so each is answered and closed within the year.
            day = dt.date(year, 1, 6) + dt.timedelta(days=index * 235 // len(items) + rng.randint(0, 8))
            district = CITY if item.city else rng.choice(DISTRICTS)
            office = offices.get(f"{district}-RMJY") or offices[f"{CITY}-RMJY"]
            builder.suggestion(item, office, day)
            if index == decline_at:
                builder.declined(offices[f"{CITY}-RMJY"], day + dt.timedelta(days=3))
        clock.apply()
    if stdout is not None:
        stdout.write(
            f"demo year {year}: {counts['suggestions']} people's suggestions ({counts['late_answers']} answered late, "
            f"{counts['conversions']} put into effect, {counts['evaluations']} rated) "
            f"({time.perf_counter() - started:.1f} s)"
        )
    return counts


class _Builder:
    """One suggestion at a time, from submission to closing, each step at its moment of the demo year."""

    def __init__(self, rng: random.Random, residents: list[User], clock: Backdating, counts: dict[str, int]) -> None:
        self.rng, self.residents, self.clock, self.counts = rng, residents, clock, counts

    def step(self, when: dt.datetime, func: Any, **kwargs: Any) -> Any:
        with self.clock.at(when, *TRACKED), acting(user=kwargs["user"]):  # the audit trail's "who"
            return func(**kwargs)

    @staticmethod
    def body(office: Organisation, key: str) -> Organisation | None:
        """The organisation ``key`` names at the office's level (the city's or the district's)."""
        district = office.parent
        code = {
            "SFJ": f"{district.code}-SFJ",
            "YFZ": f"{district.code}-YFZS" if district.code == CITY else f"{district.code}-YFZQ",
            "FY": "31-GY" if district.code == CITY else f"{district.code}-FY",
            "GOV": district.code,
        }[key]
        return Organisation.objects.filter(code=code, is_active=True).first()

    def suggestion(self, item: Item, office: Organisation, day: dt.date) -> None:
        rng = self.rng
        submitter = rng.choice(self.residents)
        handler = demo_staff_for(office, HANDLERS)
        submitted = demo_time(day, rng.randint(8, 22), rng.randint(0, 59))
        publish = rng.random() < 0.7
        suggestion = self.step(
            submitted,
            suggestion_submit,
            user=submitter,
            theme=item.theme,
            facts=item.facts,
            proposal=item.proposal,
            organisation=office,
            consent_publish=publish,
        )
        self.counts["suggestions"] += 1
        accepted = demo_time(day + dt.timedelta(days=rng.randint(1, 3)), rng.randint(9, 17))
        self.step(accepted, suggestion_accept, suggestion=suggestion, user=handler)
        lead = self.body(office, item.lead) or office.parent
        co = [org for org in (self.body(office, key) for key in item.co) if org is not None]
        routed = accepted + dt.timedelta(days=rng.randint(1, 3), hours=rng.randint(0, 5))
        with self.clock.at(routed, *TRACKED), acting(user=handler):
            now = timezone.now()
            suggestion = suggestion_route(suggestion=suggestion, user=handler, lead=lead, co_handlers=co)
        allowed = dt.timedelta(days=round((suggestion.answer_due_at - now).total_seconds() / 86400))
        answer_due = routed + allowed
        lead_handler = demo_staff_for(lead, HANDLERS)
        kind, text = rng.choice(NOTES)
        noted = routed + dt.timedelta(days=rng.randint(7, 25), hours=rng.randint(0, 6))
        self.step(noted, suggestion_note, suggestion=suggestion, user=lead_handler, text=text, kind=kind)
        late = self.counts["suggestions"] % 7 == 4  # two or three of the year's answers come late
        wait = allowed + dt.timedelta(days=rng.randint(3, 15)) if late else allowed * rng.uniform(0.4, 0.95)
        replied = max(routed + wait, noted + dt.timedelta(days=2)).replace(second=0, microsecond=0)
        self.step(replied, suggestion_reply, suggestion=suggestion, user=lead_handler, text=item.reply)
        on_time = replied <= answer_due
        self.counts["late_answers"] += not on_time
        moves: dict[str, Any] = {}
        last = replied
        if rng.random() < 0.8:  # most submitters rate the answer
            score = rng.choices((5, 4, 3), weights=(50, 35, 15))[0]
            rated = replied + dt.timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 8))
            self.step(
                rated,
                suggestion_evaluate,
                suggestion=suggestion,
                user=submitter,
                score=score,
                comment=rng.choice(EVALUATIONS[score]),
            )
            self.counts["evaluations"] += 1
            last = max(last, rated)
        if publish:  # approved for the portal once answered
            moderated = replied + dt.timedelta(days=rng.randint(1, 4))
            suggestion.refresh_from_db()  # the services work on locked copies; moderation saves this one
            self.step(moderated, moderate, item=suggestion, approve=True, user=lead_handler)
            moves["moderated_at"] = moderated
            last = max(last, moderated)
        if item.conversion is not None:  # put into effect while the answer is followed up, before closing
            kind, description = item.conversion
            converted = replied + dt.timedelta(days=rng.randint(5, 15), hours=rng.randint(0, 6))
            self.step(
                converted,
                conversion_add,
                suggestion=suggestion,
                user=lead_handler,
                kind=kind,
                description=description,
            )
            self.counts["conversions"] += 1
            last = max(last, converted)
            if self.counts["conversions"] <= 2:  # the first conversions are commended (第十六条)
                commended = converted + dt.timedelta(days=rng.randint(3, 10))
                self.step(commended, suggestion_commend, suggestion=suggestion, user=lead_handler, text=COMMENDATION)
                moves["commended_at"] = commended
                last = max(last, commended)
        closed = last + dt.timedelta(days=rng.randint(2, 10))
        self.step(closed, suggestion_close, suggestion=suggestion, user=lead_handler)
        self.clock.move(
            suggestion,
            created_at=submitted,
            updated_at=closed,
            answer_due_at=answer_due,
            replied_at=replied,
            replied_on_time=on_time,
            closed_at=closed,
            due_at=None,
            **moves,
        )
        self.clock.renumber(suggestion, submitted.date())

    def declined(self, office: Organisation, day: dt.date) -> None:
        """A personal dispute sent as a suggestion: declined, pointing to people's mediation."""
        theme, facts, proposal, reason = DECLINED
        submitted = demo_time(day, 20, 15)
        suggestion = self.step(
            submitted,
            suggestion_submit,
            user=self.rng.choice(self.residents),
            theme=theme,
            facts=facts,
            proposal=proposal,
            organisation=office,
        )
        declined = submitted + dt.timedelta(days=2, hours=14)
        handler = demo_staff_for(office, HANDLERS)
        self.step(declined, suggestion_decline, suggestion=suggestion, user=handler, reason=reason)
        self.clock.move(suggestion, created_at=submitted, updated_at=declined, closed_at=declined, due_at=None)
        self.clock.renumber(suggestion, submitted.date())
        self.counts["suggestions"] += 1


# --- the demo citizen's own suggestion -------------------------------------------------------------------------

#: The demo citizen (platform/demo.py): its 我的办件 opens on a suggestion, a 12345 ticket and a survey answer.
CITIZEN = "citizen"


def create_citizen_suggestion(stdout: Any = None) -> int:
    """The demo citizen's own suggestion to Huangpu, submitted through the service as the portal would; once (0 on a
    second run, or without the demo citizen)."""
    citizen = User.objects.filter(username=CITIZEN).first()
    office = Organisation.objects.filter(code="310101-RMJY").first()
    if citizen is None or office is None or Suggestion.objects.filter(submitter=citizen).exists():
        return 0
    with acting(user=citizen, source="cli", action="demo.citizen"):
        suggestion = suggestion_submit(
            user=citizen,
            theme="建议在南京东路步行街增设公共法律服务咨询点",
            facts="南京东路步行街游客和商户多，遇到消费纠纷时不知道去哪里咨询，只能拨打热线排队等候。",
            proposal="建议在步行街服务中心设置公共法律服务咨询点，周末安排律师值班，并张贴扫码咨询的二维码。",
            organisation=office,
            contact_phone="13800138000",
        )
    if stdout is not None:
        stdout.write(f"the demo citizen's suggestion {suggestion.tracking_number}")
    return 1
