from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TicketStatus(models.TextChoices):
    REGISTERED = "registered", pgettext_lazy("ticket status", "registered, awaiting dispatch")
    DISPATCHED = "dispatched", pgettext_lazy("ticket status", "dispatched to the responsible organisation")
    REPLIED = "replied", pgettext_lazy("ticket status", "replied, awaiting the citizen's confirmation")
    REOPENED = "reopened", pgettext_lazy("ticket status", "reopened after the citizen was not satisfied")
    CLOSED = "closed", pgettext_lazy("ticket status", "closed")
    # The reporter neither confirmed nor reopened within HOTLINE_CONFIRM_DAYS of the reply; no rating is recorded.
    UNCONFIRMED = "unconfirmed", pgettext_lazy("ticket status", "closed without the citizen's confirmation")
    MERGED = "merged", pgettext_lazy("ticket status", "merged into another ticket")


#: Statuses in which the handling organisation owes a reply.
AWAITING_REPLY = (TicketStatus.REGISTERED, TicketStatus.DISPATCHED, TicketStatus.REOPENED)
#: The reply awaits the citizen's confirmation: no staff deadline (``fazhi hotline sweep`` closes it if unanswered).
WAITING_STATUSES = frozenset({TicketStatus.REPLIED})
CLOSED_STATUSES = frozenset({TicketStatus.CLOSED, TicketStatus.UNCONFIRMED, TicketStatus.MERGED})
#: Closed tickets their reporter may still reopen (within HOTLINE_REOPEN_DAYS).
REOPENABLE_CLOSED = (TicketStatus.CLOSED, TicketStatus.UNCONFIRMED)


class Channel(models.TextChoices):
    PHONE = "phone", _("phone call (operator)")
    PORTAL = "portal", _("portal")
    API = "api", _("platform API")
    OPEN311 = "open311", _("Open311 client")


class Responsible(models.TextChoices):
    """Who a category's tickets go to first; the hotline centre dispatches what it cannot place."""

    STREET = "street", _("the street or town of the location")
    DISTRICT = "district", _("the district of the location")
    CENTRE = "centre", _("the 12345 hotline centre (dispatched by hand)")


RATING_CHOICES = [(n, str(n)) for n in range(1, 6)]
SATISFIED_FROM = 4  # ratings 4 and 5 count as satisfied
