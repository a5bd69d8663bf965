"""The 12345 ticket's clocks. No regulation in the library sets 12345 time limits (Shanghai has no 12345
regulation; the State Council's guidance on hotlines sets none): they are the hotline centre's policy, and a
category's own limit (``ServiceCategory.time_limit_days``) replaces the handling clock's."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.hotline.choices import TicketStatus
from fazhi.workflow.clocks import Clock, Duration

POLICY = _("No regulation in the library sets 12345 time limits: the hotline centre's policy.")

CLOCKS = (
    Clock(
        "hotline.dispatch",
        _("dispatch the ticket to the organisation responsible"),
        Duration(1),
        policy_note=POLICY,
        emergency=Duration(1),
    ),
    Clock("hotline.handle", _("handle the ticket and reply"), Duration(5), policy_note=POLICY, emergency=Duration(1)),
)

#: The clock each status starts (registered: dispatch; dispatched or reopened: handle and reply).
STATUS_CLOCKS = {
    TicketStatus.REGISTERED: "hotline.dispatch",
    TicketStatus.DISPATCHED: "hotline.handle",
    TicketStatus.REOPENED: "hotline.handle",
}
