"""The two statutory time limits of publication itself (see workflow.py for why each applies)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.workflow.clocks import Clock, Duration, Provision, Rule, Unit, deadline, effective_amount

PUBLISH = Clock(
    "publicity.publish",
    _("publish the decision"),
    Duration(20, Unit.WORKING_DAYS),
    basis=Provision("市场监督管理行政处罚信息公示规定", 9),
)
WITHDRAW = Clock(
    "publicity.withdraw",
    _("withdraw a changed or revoked decision, stating the reason"),
    Duration(3),
    basis=Provision("行政处罚法", 48, 2),
    competing=(
        Rule(
            Provision("市场监督管理行政处罚信息公示规定", 11),
            Duration(3, Unit.WORKING_DAYS),
            why=_("The law's 3 days are never longer than 3 working days, and a law prevails over a rule."),
        ),
    ),
)


def due_date(clock: Clock, start: dt.date, *, amount: int | None = None) -> dt.date:
    """The last day of ``clock`` started on ``start`` (the start day not counted), with the amount in force."""
    started = dt.datetime.combine(start, dt.time(12), tzinfo=timezone.get_current_timezone())
    end, _estimated = deadline(clock, started, amount=effective_amount(clock) if amount is None else amount)
    return timezone.localdate(end)
