"""The penalty case, declared once: states, steps and the clocks of 行政处罚法 and 行政强制法.

General procedure: filed (立案, ``services.case_file``: not a step, it creates the case and starts the 90 days of
第六十条) → investigate (two officers, 第四十二条) → assess (the discretion standard's band and the no-penalty
lists; a note) → either exempt (a decision not to punish, 第三十三条) or notify (告知, 第四十四条) → the party's
statement, and on request a hearing (5 日 to ask, notice ≥ 7 日 ahead, a chair who did not investigate, 第六十四条)
→ legal review (第五十八条) and collective discussion (第五十七条) where required → decide → serve (7 日, 第六十一条)
→ payment (15 日, 第六十七条; surcharge 第七十二条) or 催告 (行政强制法 第三十五条) and the court (第五十三条,
第五十四条) → close. Summary procedure (第五十一条): filed, then decided and handed over on the spot.

**Pauses.** 第六十条 sets 90 日 from filing "法律、法规、规章另有规定的，从其规定". The rules that count hearing
time out (e.g. 市场监督管理行政处罚程序规定) are not in the library; we read 第六十条's proviso with
第六十四条 (the hearing is the party's right and its dates are fixed by the law, not the body): the 90 days pause
from the hearing request to the hearing day. The pause is shown on the case with this reading.

**Parties' periods.** Five days to ask for a hearing, 15 days to pay, six months to sue are the party's, not the
body's: each is a declared clock whose date is kept on the case (``hearing_request_due``, ``payment_due``) and
checked by the steps; the running clock on the case is always what the body must do next.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.penalties import services
from fazhi.penalties.choices import CaseStatus, DecisionKind, MajorReason, RemedyKind, RemedyOutcome, ReviewOutcome
from fazhi.penalties.models import TEXT_MAX, PenaltyCase
from fazhi.workflow.clocks import Clock, Duration, Provision, Rule, Unit
from fazhi.workflow.declaration import ClockEffect, FieldKind, Step, StepField, Workflow

S = CaseStatus
LAW = "行政处罚法"
COERCION = "行政强制法"

CLOCKS = (
    Clock(
        services.DECIDE,
        _("decide the penalty case"),
        Duration(90),
        basis=Provision(LAW, 60),
        pause_basis=(Provision(LAW, 60), Provision(LAW, 64)),
    ),
    Clock(services.HEARING_REQUEST, _("the party asks for a hearing"), Duration(5), basis=Provision(LAW, 64)),
    Clock(
        services.HEARING_NOTICE, _("notify the party of the hearing beforehand"), Duration(7), basis=Provision(LAW, 64)
    ),
    Clock(services.SERVE, _("serve the penalty decision"), Duration(7), basis=Provision(LAW, 61)),
    Clock(services.PAY, _("the party pays the fine"), Duration(15), basis=Provision(LAW, 67)),
    Clock(
        services.LIMITATION,
        _("discover the violation (else it is no longer punished)"),
        Duration(24, Unit.MONTHS),
        basis=Provision(LAW, 36),
        competing=(
            Rule(
                Provision(LAW, 36),
                Duration(60, Unit.MONTHS),
                why=_("Five years only where life, health or financial safety is involved and harm resulted."),
            ),
        ),
    ),
    Clock(
        services.LIMITATION_GRAVE,
        _("discover a violation harming life, health or financial safety"),
        Duration(60, Unit.MONTHS),
        basis=Provision(LAW, 36),
    ),
    Clock(
        services.REMEDY_PERIOD,
        _("the party sues against the decision"),
        Duration(6, Unit.MONTHS),
        basis=Provision("行政诉讼法", 46),
    ),
    Clock(
        services.COURT_WAIT,
        _("wait after the reminder before asking the court"),
        Duration(10),
        basis=Provision(COERCION, 54),
    ),
    Clock(
        services.COURT,
        _("apply to the court for enforcement"),
        Duration(3, Unit.MONTHS),
        basis=Provision(COERCION, 53),
    ),
)

AFTER_DECISION = (S.DECIDED, S.SERVED, S.REMINDED, S.ENFORCING, S.PERFORMED, S.CLOSED)
BEFORE_DECISION = (S.NOTIFIED, S.HEARD)
OFFICERS_HELP = _("Enforcement certificate numbers, separated by commas.")


def _text(name: str, label: object, *, required: bool = True, help_text: object = "") -> StepField:
    return StepField(name, label, FieldKind.LONG_TEXT, required=required, max_length=TEXT_MAX, help_text=help_text)


def _date(name: str, label: object, *, required: bool = False) -> StepField:
    return StepField(name, label, FieldKind.DATE, required=required, help_text=_("Empty: today."))


DECISION_FIELDS = (
    StepField("decision_kind", pgettext_lazy("penalty case", "Decision"), FieldKind.CHOICE, choices=DecisionKind),
    StepField("fine_amount", _("Fine (元)"), FieldKind.DECIMAL, required=False),
    _text("legal_bases", _("Legal bases"), help_text=_("One article a line, e.g. 上海市生活垃圾管理条例第五十七条.")),
    _text("decision_text", pgettext_lazy("penalty case", "Decision text")),
)

PENALTY_WORKFLOW = Workflow(
    model=PenaltyCase,
    states=CaseStatus,
    matter_arg="case",
    final_states=frozenset({S.CLOSED}),
    initial_clock=services.DECIDE,
    clocks=CLOCKS,
    record=services.record_step,
    steps=(
        Step(
            "investigate",
            _("Conclude the investigation"),
            (S.FILED,),
            S.INVESTIGATED,
            perform=services.case_investigate,
            fields=(
                StepField("officers", _("Investigating officers"), max_length=200, help_text=OFFICERS_HELP),
                _text("report", _("Investigation report")),
                StepField(
                    "major_reason",
                    _("Situation requiring legal review"),
                    FieldKind.CHOICE,
                    required=False,
                    choices=MajorReason,
                    default="",
                ),
                StepField(
                    "is_complex", _("Complex or major case (collective discussion)"), FieldKind.BOOLEAN, required=False
                ),
                _date("concluded_on", _("Concluded on")),
            ),
            done=_("Investigation concluded."),
        ),
        Step(
            "assess",
            _("Apply the discretion standard"),
            (S.INVESTIGATED,),
            perform=services.case_assess,
            fields=(
                _text(
                    "answers",
                    _("Answers to the standard's factors"),
                    required=False,
                    help_text=_('A JSON object, e.g. {"first_violation": true, "corrected": true}.'),
                ),
                StepField("intended_kind", _("Intended penalty"), FieldKind.CHOICE, choices=DecisionKind),
                StepField("intended_fine", _("Intended fine (元)"), FieldKind.DECIMAL, required=False),
                _text(
                    "outside_band_reason",
                    _("Reason for a fine outside the band"),
                    required=False,
                    help_text=_("Required when the fine lies outside the standard's band; legal review follows."),
                ),
            ),
            done=_("Discretion recorded."),
        ),
        Step(
            "exempt",
            _("Decide not to punish (no-penalty list)"),
            (S.INVESTIGATED,),
            S.DECIDED,
            perform=services.case_exempt,
            fields=(_text("education", _("Education given")), _date("decision_date", _("Decision date"))),
            clock_effect=ClockEffect.START,  # the decision's service (services._decided)
            clock=services.SERVE,
            done=_("Decision not to punish recorded."),
        ),
        Step(
            "notify",
            _("Notify the intended penalty and the party's rights"),
            (S.INVESTIGATED,),
            S.NOTIFIED,
            perform=services.case_notify,
            fields=(
                _text(
                    "content",
                    _("What the party was told"),
                    help_text=_(
                        "The intended penalty, facts, reasons and basis; the rights to state a case, defend "
                        "and ask for a hearing (第四十四条)."
                    ),
                ),
                _date("notified_on", _("Notice served on")),
            ),
            done=_("Notice recorded."),
        ),
        Step(
            "statement",
            _("Record the party's statement"),
            (S.NOTIFIED, S.HEARING_REQUESTED, S.HEARING_SCHEDULED, S.HEARD),
            perform=services.case_statement,
            fields=(
                _text("statement", _("Statement and defence")),
                StepField("waives_hearing", _("The party waives the hearing"), FieldKind.BOOLEAN, required=False),
            ),
            done=_("Statement recorded."),
        ),
        Step(
            "request_hearing",
            _("Record a hearing request"),
            (S.NOTIFIED,),
            S.HEARING_REQUESTED,
            perform=services.case_request_hearing,
            fields=(_date("requested_on", _("Requested on")),),
            clock_effect=ClockEffect.PAUSE,
            done=_("Hearing request recorded."),
        ),
        Step(
            "schedule_hearing",
            _("Schedule the hearing"),
            (S.HEARING_REQUESTED,),
            S.HEARING_SCHEDULED,
            perform=services.case_schedule_hearing,
            fields=(
                _date("hearing_date", _("Hearing date"), required=True),
                StepField("chair", _("Chair"), max_length=40, help_text=_("The chair's certificate number.")),
                _date("notice_on", _("Hearing notice served on")),
            ),
            done=_("Hearing scheduled."),
        ),
        Step(
            "hold_hearing",
            _("Record the hearing"),
            (S.HEARING_SCHEDULED,),
            S.HEARD,
            perform=services.case_hold_hearing,
            fields=(_text("record", _("Hearing record")),),
            clock_effect=ClockEffect.RESUME,
            done=_("Hearing recorded."),
        ),
        Step(
            "review",
            _("Record the legal review"),
            BEFORE_DECISION,
            perform=services.case_review,
            fields=(
                StepField("reviewer", _("Reviewer"), max_length=40, help_text=_("The reviewer's certificate number.")),
                StepField("outcome", _("Outcome"), FieldKind.CHOICE, choices=ReviewOutcome),
                _text("opinion", _("Opinion")),
                _date("reviewed_on", _("Reviewed on")),
            ),
            done=_("Legal review recorded."),
        ),
        Step(
            "discuss",
            _("Record the collective discussion"),
            BEFORE_DECISION,
            perform=services.case_discuss,
            fields=(_text("record", _("Discussion record")), _date("discussed_on", _("Discussed on"))),
            done=_("Collective discussion recorded."),
        ),
        Step(
            "decide",
            _("Record the decision"),
            BEFORE_DECISION,
            S.DECIDED,
            perform=services.case_decide,
            fields=(
                *DECISION_FIELDS,
                _text("education", _("Education given (no penalty)"), required=False),
                _date("decision_date", _("Decision date")),
            ),
            clock_effect=ClockEffect.START,  # the decision's service (services._decided)
            clock=services.SERVE,
            done=_("Decision recorded."),
        ),
        Step(
            "decide_on_spot",
            _("Decide on the spot (summary procedure)"),
            (S.FILED,),
            S.SERVED,  # or performed, when there is nothing to pay (services._after_service)
            perform=services.case_decide_on_spot,
            fields=(
                StepField("officers", _("Officers"), max_length=200, help_text=OFFICERS_HELP),
                *DECISION_FIELDS,
            ),
            clock_effect=ClockEffect.START,
            clock=services.PAY,
            done=_("Decision recorded and handed over."),
        ),
        Step(
            "serve",
            _("Record the service of the decision"),
            (S.DECIDED,),
            S.SERVED,  # or performed, when there is nothing to pay
            perform=services.case_serve,
            fields=(
                _date("served_on", _("Served on"), required=True),
                StepField("method", _("Manner of service"), max_length=100),
            ),
            clock_effect=ClockEffect.START,
            clock=services.PAY,
            done=_("Service recorded."),
        ),
        Step(
            "record_payment",
            _("Record the payment"),
            (S.SERVED, S.REMINDED, S.ENFORCING),
            S.PERFORMED,
            perform=services.case_record_payment,
            fields=(
                StepField("amount", _("Amount paid (元)"), FieldKind.DECIMAL),
                _date("paid_on", _("Paid on")),
                StepField(
                    "impose_surcharge",
                    _("Impose the surcharge for late payment (加处罚款)"),
                    FieldKind.BOOLEAN,
                    required=False,
                    help_text=_(
                        "Three per cent of the fine a day after the due date, at most the fine: the body may impose it "
                        "(行政处罚法 第七十二条), it is not automatic."
                    ),
                ),
            ),
            clock_effect=ClockEffect.STOP,
            done=_("Payment recorded."),
        ),
        Step(
            "remind",
            _("Serve a reminder (催告)"),
            (S.SERVED,),
            S.REMINDED,
            perform=services.case_remind,
            fields=(_text("text", _("Reminder")), _date("reminded_on", _("Reminder served on"))),
            clock_effect=ClockEffect.START,
            clock=services.COURT,
            done=_("Reminder recorded."),
        ),
        Step(
            "apply_court",
            _("Apply to the court for enforcement"),
            (S.REMINDED,),
            S.ENFORCING,
            perform=services.case_apply_court,
            fields=(StepField("court", _("Court"), max_length=100), _date("applied_on", _("Applied on"))),
            clock_effect=ClockEffect.STOP,
            done=_("Application recorded."),
        ),
        Step(
            "record_enforcement",
            _("Record the enforcement"),
            (S.ENFORCING,),
            S.PERFORMED,
            perform=services.case_record_enforcement,
            fields=(_text("outcome", _("Ruling and enforcement")),),
            done=_("Enforcement recorded."),
        ),
        Step(
            "close",
            _("Close and archive"),
            (S.PERFORMED, S.SERVED, S.REMINDED, S.ENFORCING),  # the latter only once the decision was revoked
            S.CLOSED,
            perform=services.case_close,
            fields=(_text("report", _("Closing report")),),
            clock_effect=ClockEffect.STOP,
            done=_("Case closed and archived."),
        ),
        Step(
            "discontinue",
            _("End without a decision"),
            (S.FILED, S.INVESTIGATED, S.NOTIFIED, S.HEARD),
            S.CLOSED,
            perform=services.case_discontinue,
            fields=(_text("reason", _("Reason")),),
            clock_effect=ClockEffect.STOP,
            done=_("Case ended without a decision."),
        ),
        Step(
            "record_remedy",
            _("Record a reconsideration or lawsuit outcome"),
            AFTER_DECISION,
            perform=services.case_record_remedy,
            fields=(
                StepField("kind", _("Remedy"), FieldKind.CHOICE, choices=RemedyKind),
                StepField("outcome", _("Outcome"), FieldKind.CHOICE, choices=RemedyOutcome),
                _text("note", _("Outcome and reasons")),
            ),
            done=_("Outcome recorded."),
        ),
    ),
)
