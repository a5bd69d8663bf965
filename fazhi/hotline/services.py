"""Every step of a 12345 ticket, with its rules: submit, dispatch and re-dispatch, reply, confirm and rate, reopen,
link and merge. The steps are declared in ``hotline/workflow.py``; each service runs inside
:func:`fazhi.workflow.engine.transition`, which locks the ticket, checks its state and who may act, moves it to the
step's state, drives its clock and writes the history (and the reporter's notification). A refused step raises
ValidationError/PermissionDenied with nothing written, and the refusal is in the audit trail.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator, validate_email
from django.db import models, transaction
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task as background_task

from fazhi.accounts.services import staff_holding
from fazhi.attachments.models import Attachment
from fazhi.attachments.services import ALLOWED_TYPES, attachment_create, clean_file_name, validate_upload
from fazhi.casework.abuse import normalise_for_duplicates, refuse_markup, screen_or_refuse
from fazhi.casework.services import record_event
from fazhi.casework.similarity import rank, signature
from fazhi.core.context import acting
from fazhi.core.permissions import CHANGE, VIEW, perm_codename
from fazhi.core.pii import normalise_phone, validate_phone
from fazhi.hotline.choices import REOPENABLE_CLOSED, Channel, Responsible, TicketStatus
from fazhi.hotline.conf import setting
from fazhi.hotline.geo import locate
from fazhi.hotline.models import DESCRIPTION_MAX_LENGTH, Dispatch, ServiceCategory, Ticket, TicketLink
from fazhi.notifications.services import notify
from fazhi.orgs.choices import BodyType, OrganisationKind
from fazhi.orgs.models import Organisation
from fazhi.workflow.clocks import clock_named
from fazhi.workflow.engine import Transition, amount_in_force, begin, start_clock, transition

HOTLINE_CENTRE_BODY = BodyType.HOTLINE


def hotline_centre() -> Organisation | None:
    """The city's 12345 centre (dispatches by hand what the catalogue cannot place)."""
    return Organisation.objects.filter(body_type=HOTLINE_CENTRE_BODY, is_active=True).order_by("depth").first()


def route(
    category: ServiceCategory, street: Organisation | None, district: Organisation | None = None
) -> Organisation | None:
    """Where a new ticket goes first: the category's responsible level for the location, else the centre. Where
    only the district is known (chosen, or found from the coordinates), a street's matter goes to the district,
    which passes it on to its street."""
    if category.responsible == Responsible.CENTRE:
        return hotline_centre()
    if street is not None and category.responsible == Responsible.STREET:
        return street
    if street is not None and street.kind == OrganisationKind.STREET and street.parent_id:
        return street.parent
    return street or district or hotline_centre()


def place_of(
    *, street: Organisation | None, district: Organisation | None, lat: Decimal | None, long: Decimal | None
) -> tuple[Organisation | None, Organisation | None, int | None]:
    """The street, the district and the district's pk of a report: the street chosen (its district follows, by
    pk: not read), else the district chosen, else what the coordinates fall in (``hotline.geo.locate``: the
    district from its boundaries; the street where street boundaries are loaded). Coordinates that fall in
    another district than the one chosen are refused."""
    if district is not None and (district.kind != OrganisationKind.DISTRICT or not district.is_active):
        raise ValidationError({"district": _("Choose a district.")})
    if street is not None:
        if district is not None and street.parent_id != district.pk:
            raise ValidationError(
                {"street": _("%(street)s is not in %(district)s.") % {"street": street.name, "district": district}}
            )
        if district is None and street.parent_id and Organisation.parent.is_cached(street):  # type: ignore[attr-defined]
            district = street.parent  # loaded with the street: no query
        return street, district, street.parent_id
    if lat is None or long is None:
        return None, district, district.pk if district else None
    found = locate(lat, long)
    codes = [code for code in (found.street, found.district) if code]
    by_code = {o.code: o for o in Organisation.objects.filter(code__in=codes, is_active=True)} if codes else {}
    located = by_code.get(found.district)
    if located is not None and located.kind != OrganisationKind.DISTRICT:
        located = None
    if district is not None and located is not None and located.pk != district.pk:
        raise ValidationError(
            {
                "lat": _("These coordinates lie in %(found)s, not in %(chosen)s: check the place or the district.")
                % {"found": located.name, "chosen": district.name}
            }
        )
    district = district or located
    located_street = by_code.get(found.street)
    if located_street is not None and (
        located_street.kind != OrganisationKind.STREET or (district and located_street.parent_id != district.pk)
    ):
        located_street = None
    return located_street, district, district.pk if district else None


HANDLE = "hotline.handle"  # the handling clock (hotline/workflow.py)


def handling_amount(ticket: Ticket) -> int:
    """Days to reply: the category's own limit where it has one (on the fast track, the shorter of it and the
    fast track's), else the handling clock's amount in force."""
    amount = amount_in_force(ticket, clock_named(HANDLE))
    own = ticket.category.time_limit_days
    if own:
        amount = min(own, amount) if ticket.is_emergency else own
    return amount


def start_handling(ticket: Ticket, now: dt.datetime | None = None) -> None:
    """Start the handling clock with the ticket's own amount (``handling_amount``)."""
    start_clock(ticket, clock_named(HANDLE), now or timezone.now(), amount=handling_amount(ticket))


def _handling_starts(step: Transition) -> None:
    """In a step that starts the handling clock: start it with the category's amount, in place of the declared
    one (the engine then leaves the clock as set)."""
    start_handling(step.matter)
    step.keep_clock = True


def _tell_handlers(ticket: Ticket, title: str) -> None:
    notify(
        staff_holding(ticket.organisation, perm_codename(Ticket, CHANGE)),
        title=title,
        body=ticket.title,
        url=ticket.get_console_url(),
    )


def _may(user: Any, action: str, ticket: Ticket) -> bool:
    return Ticket.policy.allows(user, action, ticket)


def _text(value: Any, field: str, *, required: bool, max_length: int) -> str:
    value = (value or "").strip() if isinstance(value, str) else ""
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    if len(value) > max_length:
        raise ValidationError(
            {field: _("At most %(max)d characters (this has %(n)d).") % {"max": max_length, "n": len(value)}}
        )
    return value


def _coordinate(value: Any, field: str, bound: int) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Enter a number in decimal degrees.")}) from None
    if not number.is_finite() or abs(number) > bound:
        raise ValidationError({field: _("Out of range (±%(bound)d degrees).") % {"bound": bound}})
    return number


def text_hash(text: str) -> str:
    return hashlib.sha1(normalise_for_duplicates(text).encode()).hexdigest()


# --- intake ------------------------------------------------------------------------------------------------------


@transaction.atomic
def ticket_submit(
    *,
    description: str,
    category: ServiceCategory,
    address: str,
    channel: str = Channel.PORTAL,
    street: Organisation | None = None,
    district: Organisation | None = None,
    lat: Any = None,
    long: Any = None,
    submitter: Any = None,
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    device_id: str = "",
    account_id: str = "",
    consent: bool = False,
    is_emergency: bool = False,
    actor: Any = None,
) -> Ticket:
    """Register a ticket from any channel and send it to where its category goes first.

    Where it is: the street chosen, else the district chosen, else what the coordinates fall in (``place_of``).
    Without an account, a phone number or an e-mail address the report is anonymous: allowed where the category
    allows it, and answered by no personal reply. Contact details need the reporter's consent (PIPL). The same text
    from the same reporter (or, anonymously, at the same place) within a day is refused as a repeat, with its
    number.
    """
    description = _text(description, "description", required=True, max_length=DESCRIPTION_MAX_LENGTH)
    address = _text(address, "address", required=True, max_length=200)
    contact_name = _text(contact_name, "contact_name", required=False, max_length=50)
    contact_phone = normalise_phone(_text(contact_phone, "contact_phone", required=False, max_length=30))
    contact_email = _text(contact_email, "contact_email", required=False, max_length=254)
    device_id = _text(device_id, "device_id", required=False, max_length=100)
    account_id = _text(account_id, "account_id", required=False, max_length=100)
    refuse_markup(description=description, address=address, contact_name=contact_name)
    if contact_email:
        try:
            validate_email(contact_email)
        except ValidationError:
            raise ValidationError({"contact_email": _("Enter a valid e-mail address.")}) from None
    if not isinstance(category, ServiceCategory) or not category.is_active:
        raise ValidationError({"category": _("Choose one of the hotline's categories.")})
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Unknown channel.")})
    if street is not None and (street.kind != OrganisationKind.STREET or not street.is_active):
        raise ValidationError({"street": _("Choose a street or town.")})
    lat, long = _coordinate(lat, "lat", 90), _coordinate(long, "long", 180)
    if (lat is None) != (long is None):
        raise ValidationError(
            {"long" if lat is not None else "lat": _("Give both latitude and longitude, or neither.")}
        )
    if contact_phone:
        try:
            validate_phone(contact_phone)
        except ValidationError as exc:
            raise ValidationError({"contact_phone": exc.messages}) from None
    street, district, district_id = place_of(street=street, district=district, lat=lat, long=long)
    if (contact_phone or contact_name or contact_email) and not consent:
        raise ValidationError(
            {"consent": _("Agree to the use of your contact details for handling this ticket, or leave them empty.")}
        )
    submitter = submitter if getattr(submitter, "is_authenticated", False) else None
    if submitter is None and not contact_phone and not contact_email and not category.allow_anonymous:
        raise ValidationError(
            _("Reports about “%(category)s” need a way to reach you: sign in or give a phone number.")
            % {"category": category.name}
        )
    flagged = screen_or_refuse(description, address)
    digest = text_hash(description)
    repeat = Ticket.objects.filter(text_hash=digest, created_at__gte=timezone.now() - dt.timedelta(days=1))
    repeat = repeat.filter(submitter=submitter) if submitter else repeat.filter(submitter__isnull=True, address=address)
    earlier = repeat.values_list("tracking_number", flat=True).first()
    if earlier:
        raise ValidationError(
            _("You reported this already today: follow it under %(number)s.") % {"number": earlier},
            code="repeat",
        )
    organisation = route(category, street, district)
    # Placed by the catalogue and the location: dispatched at once; otherwise the centre dispatches by hand.
    status = (
        TicketStatus.DISPATCHED
        if (street is not None or district is not None) and category.responsible != Responsible.CENTRE
        else (TicketStatus.REGISTERED)
    )
    ticket = Ticket(
        description=description,
        category=category,
        status=status,
        channel=channel,
        address=address,
        street=street,
        district_id=district_id,
        lat=lat,
        long=long,
        submitter=submitter,
        contact_name=contact_name,
        contact_phone=contact_phone,
        contact_email=contact_email,
        device_id=device_id,
        account_id=account_id,
        consent_at=timezone.now() if (contact_phone or contact_name or contact_email) else None,
        is_emergency=bool(is_emergency),
        flagged_words="、".join(flagged)[:500],
        signature=signature(description),
        text_hash=digest,
        organisation=organisation,
    )
    if district is not None and district.pk == district_id:
        ticket.district = district  # the answer reads it: no query when it is at hand
    # The first clock, stored with the first save (one audit entry): dispatch, or the handling clock at once.
    if status == TicketStatus.DISPATCHED:
        start_handling(ticket)
    else:
        begin(ticket)
    ticket.save()
    if status == TicketStatus.DISPATCHED:
        Dispatch.objects.create(ticket=ticket, to_organisation=organisation)
        # The catalogue dispatched it, not the reporter nor the operator who took the call: no person is the actor.
        note = _("Dispatched automatically by the service catalogue to %(organisation)s.") % {
            "organisation": organisation
        }
        record_event(ticket, status=status, actor=None, note=note, saved=True)
        _tell_handlers(ticket, _("New hotline ticket %(number)s") % {"number": ticket.tracking_number})
    else:
        record_event(ticket, status=status, actor=actor or submitter, saved=True)
    return ticket


# --- handling: each step's own part; the guard, the state, the clock and the history come from workflow.py ------


def may_handle(user: Any, ticket: Ticket) -> bool:
    """Staff over the organisation handling the ticket now."""
    return _may(user, CHANGE, ticket)


def is_reporter(user: Any, ticket: Ticket) -> bool:
    """The signed-in person who reported the ticket (confirms, rates, reopens)."""
    return getattr(user, "is_authenticated", False) and ticket.submitter_id == user.pk


def ticket_dispatch(*, ticket: Ticket, organisation: Organisation, user: Any, reason: str = "") -> Ticket:
    """Send the ticket to the organisation responsible. Re-dispatching one that was wrongly routed needs a reason
    (passing it down within the current organisation, e.g. a district to its labour inspectors, does not); the new
    organisation's clock starts afresh."""
    with transition(ticket, "dispatch", user) as step:
        ticket = step.matter
        if not isinstance(organisation, Organisation) or not organisation.is_active:
            raise ValidationError({"organisation": _("Choose an active organisation.")})
        if organisation.kind == OrganisationKind.COMMUNITY or organisation.pk == ticket.organisation_id:
            raise ValidationError(
                {"organisation": _("Choose a street, district or department other than the current one.")}
            )
        # passing it down to a street or department under the current organisation is no re-routing: no reason
        current = ticket.organisation
        down = current is not None and organisation.path.startswith(current.path)
        reason = _text(reason, "reason", required=ticket.dispatches.exists() and not down, max_length=500)
        refuse_markup(reason=reason)
        Dispatch.objects.create(
            ticket=ticket, from_organisation=ticket.organisation, to_organisation=organisation, reason=reason
        )
        ticket.organisation = organisation
        _handling_starts(step)
        step.note = str(organisation)
    _tell_handlers(ticket, _("Hotline ticket %(number)s dispatched to you") % {"number": ticket.tracking_number})
    return ticket


def ticket_return(*, ticket: Ticket, user: Any, reason: str) -> Ticket:
    """退回: the organisation it was dispatched to sends it back to the hotline centre, saying why (not ours, the
    address is outside our area …). The centre dispatches it again; its dispatch clock starts afresh. No regulation
    in the library governs returning a 12345 ticket: the step and its required reason are the centre's policy."""
    with transition(ticket, "return", user) as step:
        ticket = step.matter
        centre = hotline_centre()
        if centre is None:
            raise ValidationError(_("There is no active 12345 hotline centre to return the ticket to."))
        if ticket.organisation_id == centre.pk:
            raise ValidationError(_("The ticket is with the hotline centre already: dispatch it instead."))
        reason = _text(reason, "reason", required=True, max_length=500)
        refuse_markup(reason=reason)
        Dispatch.objects.create(
            ticket=ticket, from_organisation=ticket.organisation, to_organisation=centre, reason=reason, returned=True
        )
        step.note = _("Returned by %(org)s: %(reason)s") % {"org": ticket.organisation or "—", "reason": reason}
        ticket.organisation = centre
        # staff business: the reporter sees the ticket back at "awaiting dispatch", not the reason, and is not told
        step.public_note = step.notify = False
    _tell_handlers(ticket, _("Hotline ticket %(number)s returned to the centre") % {"number": ticket.tracking_number})
    return ticket


def dispatch_suggestions(ticket: Ticket, *, limit: int = 8) -> list[Organisation]:
    """Where the ticket could go, from the working departments linked to its category (``CategoryDepartment``):
    those of the ticket's district first, then the city's; the ticket's street leads for street-level categories.
    The organisation handling it now is left out."""
    from fazhi.hotline.models import CategoryDepartment

    district = None
    if ticket.street_id and ticket.street is not None:
        district = ticket.street.parent if ticket.street.kind == OrganisationKind.STREET else ticket.street
    links = CategoryDepartment.objects.filter(category_id=ticket.category_id, organisation__is_active=True)
    if district is not None:
        links = links.filter(Q(organisation__path__startswith=district.path) | Q(organisation__depth=1))
    else:
        links = links.filter(organisation__depth=1)
    found: list[Organisation] = []
    if ticket.street_id and ticket.category.responsible == Responsible.STREET and ticket.street is not None:
        found.append(ticket.street)
    ordered = sorted(
        (link.organisation for link in links.select_related("organisation")),
        key=lambda o: (district is None or not o.path.startswith(district.path), o.depth, o.path),
    )
    found.extend(ordered)
    return [o for o in dict.fromkeys(found) if o.pk != ticket.organisation_id][:limit]


def ticket_reply(*, ticket: Ticket, user: Any, text: str) -> Ticket:
    """The handling organisation's answer. A reporter who can be reached confirms it (the ticket then waits for
    them: no staff clock runs); an anonymous ticket closes with it. Every reporter of a ticket merged into this one
    hears the answer too."""
    with transition(ticket, "reply", user) as step:
        ticket = step.matter
        text = _text(text, "text", required=True, max_length=DESCRIPTION_MAX_LENGTH)
        refuse_markup(text=text)
        now = timezone.now()
        ticket.reply, ticket.replied_at, ticket.replied_by = text, now, user
        ticket.replied_on_time = ticket.due_at is None or now <= ticket.due_at
        if ticket.submitter_id is None:
            step.target = TicketStatus.CLOSED
        step.note = text
        for duplicate in ticket.merged.all():
            duplicate.reply, duplicate.replied_at = text, now
            # already closed as merged: only the history entry, and its reporter is told the outcome
            record_event(duplicate, status=TicketStatus.MERGED, actor=user, note=text, set_deadline=False)
    return ticket


def ticket_confirm(*, ticket: Ticket, user: Any, rating: Any, comment: str = "") -> Ticket:
    """The reporter confirms the reply and rates the handling (1–5), once; the ticket closes."""
    with transition(ticket, "confirm", user) as step:
        ticket = step.matter
        try:
            rating = int(rating)
        except (TypeError, ValueError):
            rating = 0
        if not 1 <= rating <= 5:
            raise ValidationError({"rating": _("Rate the handling from 1 (very dissatisfied) to 5 (very satisfied).")})
        comment = _text(comment, "comment", required=False, max_length=500)
        refuse_markup(comment=comment)
        ticket.rating, ticket.rating_comment, ticket.confirmed_at = rating, comment, timezone.now()
        step.note, step.notify = comment, False
    return ticket


def ticket_reopen(*, ticket: Ticket, user: Any, reason: str) -> Ticket:
    """A dissatisfied reporter sends the ticket back to its handlers: after the reply, or within
    ``HOTLINE_REOPEN_DAYS`` of closing, at most ``HOTLINE_MAX_REOPENS`` times. The handling clock starts again."""
    with transition(ticket, "reopen", user) as step:
        ticket = step.matter
        window = timezone.now() - dt.timedelta(days=setting("HOTLINE_REOPEN_DAYS"))
        if ticket.status in REOPENABLE_CLOSED and not (ticket.closed_at and ticket.closed_at >= window):
            raise ValidationError(
                _("A ticket can be reopened after its reply, or within %(days)d days of closing.")
                % {"days": setting("HOTLINE_REOPEN_DAYS")}
            )
        if ticket.reopen_count >= setting("HOTLINE_MAX_REOPENS"):
            raise ValidationError(_("This ticket was reopened as often as allowed; call 12345 to complain further."))
        reason = _text(reason, "reason", required=True, max_length=500)
        refuse_markup(reason=reason)
        ticket.reopen_count += 1
        ticket.rating = ticket.confirmed_at = None
        ticket.rating_comment = ""
        _handling_starts(step)
        step.note = reason
    _tell_handlers(ticket, _("Hotline ticket %(number)s reopened by its reporter") % {"number": ticket.tracking_number})
    return ticket


# --- duplicates: propose, link, merge ----------------------------------------------------------------------------


def duplicate_candidates(
    *,
    description: str,
    category_id: int | None,
    street_id: int | None = None,
    lat: Any = None,
    long: Any = None,
    exclude_pk: int | None = None,
    now: dt.datetime | None = None,
    limit: int = 5,
) -> list[tuple[Ticket, float]]:
    """Likely duplicates among recent tickets: narrowed in the database by indexed columns (same street and
    category, or within ``HOTLINE_DUPLICATE_RADIUS`` degrees of the coordinates; within the time window), then
    scored by text similarity. Best first."""
    since = (now or timezone.now()) - dt.timedelta(days=setting("HOTLINE_DUPLICATE_WINDOW_DAYS"))
    base = Ticket.objects.filter(created_at__gte=since).exclude(status=TicketStatus.MERGED)
    if exclude_pk:
        base = base.exclude(pk=exclude_pk)
    per_query = setting("HOTLINE_DUPLICATE_CANDIDATES")
    found: dict[int, str] = {}
    if street_id and category_id:
        place = base.filter(street_id=street_id, category_id=category_id).order_by("-created_at")
        found.update(place.values_list("pk", "signature")[:per_query])
    if lat not in (None, "") and long not in (None, ""):
        radius = Decimal(str(setting("HOTLINE_DUPLICATE_RADIUS")))
        lat, long = Decimal(str(lat)), Decimal(str(long))
        box = base.filter(lat__range=(lat - radius, lat + radius), long__range=(long - radius, long + radius))
        if category_id:
            box = box.filter(category_id=category_id)
        found.update(box.order_by("-created_at").values_list("pk", "signature")[:per_query])
    ranked = rank(signature(description), found.items(), limit=limit)
    if not ranked:
        return []
    tickets = Ticket.objects.select_related("organisation", "category").in_bulk([pk for pk, _score in ranked])
    return [(tickets[pk], value) for pk, value in ranked if pk in tickets]


def candidates_for(ticket: Ticket, *, user: Any, limit: int = 5) -> list[tuple[Ticket, float]]:
    """Duplicates of a ticket proposed to one member of staff (only tickets they may see)."""
    found = duplicate_candidates(
        description=ticket.description,
        category_id=ticket.category_id,
        street_id=ticket.street_id,
        lat=ticket.lat,
        long=ticket.long,
        exclude_pk=ticket.pk,
        limit=limit,
    )
    visible = set(
        Ticket.objects.restrict(user, VIEW).filter(pk__in=[t.pk for t, _s in found]).values_list("pk", flat=True)
    )
    linked = set(links_of(ticket).values_list("first_id", "second_id").distinct())
    linked_ids = {pk for pair in linked for pk in pair}
    return [(t, s) for t, s in found if t.pk in visible and t.pk not in linked_ids and t.merged_into_id != ticket.pk]


def links_of(ticket: Ticket):
    return TicketLink.objects.filter(Q(first=ticket) | Q(second=ticket)).select_related("first", "second")


def _other_ticket(other: Ticket | str, user: Any, field: str) -> Ticket:
    """The other ticket of a link or a merge: given, or by its tracking number among those ``user`` may see."""
    if isinstance(other, Ticket):
        return other
    number = (other or "").strip().upper() if isinstance(other, str) else ""
    found = Ticket.objects.restrict(user, VIEW).filter(tracking_number=number).first() if number else None
    if found is None:
        raise ValidationError({field: _("No ticket with this tracking number that you may see.")})
    return found


def handled_elsewhere(ticket: Ticket) -> str:
    return _("You cannot change ticket %(number)s: it is handled elsewhere.") % {"number": ticket.tracking_number}


def ticket_link(*, ticket: Ticket, other: Ticket | str, user: Any, note: str = "") -> TicketLink:
    """Link two tickets about related problems; the link shows on both. ``other``: a ticket, or its tracking
    number (among those the user may see)."""
    with transition(ticket, "link", user) as step:
        ticket = step.matter
        other = _other_ticket(other, user, "other")
        if ticket.pk == other.pk:
            raise ValidationError(_("A ticket cannot be linked to itself."))
        if not _may(user, VIEW, other):
            raise PermissionDenied(_("You cannot see ticket %(number)s.") % {"number": other.tracking_number})
        note = _text(note, "note", required=False, max_length=300)
        refuse_markup(note=note)
        first, second = sorted((ticket, other), key=lambda t: t.pk)
        if TicketLink.objects.filter(first=first, second=second).exists():
            raise ValidationError(_("These tickets are already linked."))
        link = TicketLink.objects.create(first=first, second=second, note=note)
        step.note = _("Linked with %(number)s.") % {"number": other.tracking_number} + (f" {note}" if note else "")
        step.public_note, step.notify = False, False
        step.result = link
    return link


def ticket_merge(*, duplicate: Ticket, into: Ticket | str, user: Any) -> Ticket:
    """Fold a duplicate into the ticket that goes on being handled. The duplicate closes as merged; its reporter
    is told now and hears the outcome when the surviving ticket is answered (at once, if it was already).
    ``into``: a ticket, or its tracking number (among those the user may see)."""
    with transition(duplicate, "merge", user) as step:
        duplicate = step.matter
        into = _other_ticket(into, user, "into")
        if duplicate.pk == into.pk:
            raise ValidationError(_("A ticket cannot be merged into itself."))
        if not may_handle(user, into):
            raise PermissionDenied(handled_elsewhere(into))
        if into.status == TicketStatus.MERGED:
            raise ValidationError(_("Ticket %(number)s was itself merged.") % {"number": into.tracking_number})
        # Tickets merged into the duplicate follow it into the survivor, so every reporter hears the one outcome.
        for earlier in duplicate.merged.all():
            earlier.merged_into = into
            earlier.save(update_fields=["merged_into", "updated_at"])
        duplicate.merged_into = into
        message = _("Merged into %(number)s, which reports the same problem; you will hear its outcome.") % {
            "number": into.tracking_number
        }
        if into.reply:
            duplicate.reply, duplicate.replied_at = into.reply, into.replied_at
            message = f"{message}\n{into.reply}"
        step.note = message
    return duplicate


def ticket_merge_into(*, ticket: Ticket, user: Any, into: Ticket | str) -> Ticket:
    """The ``merge`` step as the console and the API take it: this ticket (a duplicate) into ``into``."""
    return ticket_merge(duplicate=ticket, into=into, user=user)


# --- photos of the problem (portal, operator, API, Open311) -----------------------------------------------------

MEDIA_URL_MAX_LENGTH = 500


def photo_types() -> dict[str, tuple[str, ...]]:
    """The media types (with their extensions) a report's photos may be: ``HOTLINE_PHOTO_TYPES``."""
    return {t: ALLOWED_TYPES[t] for t in setting("HOTLINE_PHOTO_TYPES")}


def validate_photos(photos: Iterable[UploadedFile | None]) -> list[UploadedFile]:
    """The photos sent with a report, each checked before anything is stored: at most ``HOTLINE_MAX_PHOTOS``,
    each within ``HOTLINE_PHOTO_MAX_BYTES`` and, judged by its content (not its name), one of
    ``HOTLINE_PHOTO_TYPES``. A refusal names the file."""
    photos = [upload for upload in photos if upload]
    limit = setting("HOTLINE_MAX_PHOTOS")
    if len(photos) > limit:
        raise ValidationError({"photos": _("At most %(count)d photos.") % {"count": limit}})
    max_bytes = setting("HOTLINE_PHOTO_MAX_BYTES")
    for upload in photos:
        name = clean_file_name(upload.name)
        if upload.size > max_bytes:
            raise ValidationError(
                {
                    "photos": _("%(name)s is %(size)s; a photo may be at most %(limit)s.")
                    % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)}
                }
            )
        try:
            validate_upload(upload, accepted=photo_types())
        except ValidationError as exc:
            raise ValidationError({"photos": f"{name}: {' '.join(exc.messages)}"}) from None
    return photos


def clean_media_url(value: Any) -> str:
    """Open311's ``media_url``: an http(s) address of at most 500 characters, stored as given and never fetched
    (fetching it would let a client make the server call anywhere)."""
    value = value.strip() if isinstance(value, str) else ""
    if not value:
        return ""
    message = _("Give the photo's address as an http or https URL of at most %(max)d characters.") % {
        "max": MEDIA_URL_MAX_LENGTH
    }
    if len(value) > MEDIA_URL_MAX_LENGTH:
        raise ValidationError({"media_url": message})
    try:
        URLValidator(schemes=("http", "https"))(value)
    except ValidationError:
        raise ValidationError({"media_url": message}) from None
    return value


def ticket_submit_with_photos(
    *, photos: Iterable[UploadedFile | None] = (), media_url: Any = "", **details: Any
) -> Ticket:
    """:func:`ticket_submit` with the photos of the problem (and an Open311 ``media_url``), all in one transaction:
    the photos are checked before anything is stored, and a failure on the way leaves neither ticket nor file."""
    photos = validate_photos(photos)
    media_url = clean_media_url(media_url)
    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            ticket = ticket_submit(**details)
            if media_url:
                ticket.media_url = media_url
                ticket.save(update_fields=["media_url", "updated_at"])
            uploader = details.get("actor") or details.get("submitter")
            for upload in photos:
                # The reporter (or the operator) may send photos with the report without rights over the ticket.
                stored.append(
                    attachment_create(
                        upload=upload,
                        target=ticket,
                        user=uploader,
                        description=_("Photo of the problem"),
                        authorised=True,
                    )
                )
    except BaseException:
        for attachment in stored:  # rolled back: the rows are gone, so remove their files too
            attachment.file.storage.delete(attachment.file.name)
        raise
    return ticket


def ticket_photos(ticket: Ticket) -> models.QuerySet[Attachment]:
    """The ticket's photos (images attached to it). Who may see the ticket may see them: callers check that."""
    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(Ticket),
        object_id=str(ticket.pk),
        media_type__in=setting("HOTLINE_PHOTO_TYPES"),
    ).order_by("created_at", "pk")


def first_photos(tickets: Iterable[Ticket]) -> dict[int, Attachment]:
    """Each ticket's first photo, in one query (Open311's ``media_url`` for a list of requests)."""
    pks = {str(t.pk): t.pk for t in tickets}
    found: dict[int, Attachment] = {}
    if not pks:
        return found
    photos = Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(Ticket),
        object_id__in=list(pks),
        media_type__in=setting("HOTLINE_PHOTO_TYPES"),
    ).order_by("created_at", "pk")
    for photo in photos.only("uid", "object_id", "media_type"):
        found.setdefault(pks[photo.object_id], photo)
    return found


# --- closing replied tickets nobody confirms ----------------------------------------------------------------------


def close_unconfirmed(*, now: dt.datetime | None = None) -> int:
    """Close every ticket replied to at least ``HOTLINE_CONFIRM_DAYS`` ago that its reporter neither confirmed nor
    reopened, as "closed without the citizen's confirmation" (no rating is recorded); the reporter sees the step
    and is told. Idempotent, one short transaction per ticket; returns how many were closed."""
    now = now or timezone.now()
    days = setting("HOTLINE_CONFIRM_DAYS")
    cutoff = now - dt.timedelta(days=days)
    due = Ticket.objects.filter(status=TicketStatus.REPLIED, replied_at__lte=cutoff)
    note = _(
        "Closed without confirmation: no rating or reopening within %(days)d days of the reply. "
        "You may still reopen it within %(reopen)d days."
    ) % {"days": days, "reopen": setting("HOTLINE_REOPEN_DAYS")}
    closed = 0
    with acting(source="task", message="hotline: close unconfirmed tickets"):
        for pk in due.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=500):
            with transaction.atomic():
                # Locked and re-checked: the reporter may have confirmed or reopened it a moment ago.
                ticket = (
                    Ticket.objects.select_for_update(of=("self",))
                    .select_related("submitter", "category")
                    .filter(pk=pk, status=TicketStatus.REPLIED, replied_at__lte=cutoff)
                    .first()
                )
                if ticket is None:
                    continue
                record_event(ticket, status=TicketStatus.UNCONFIRMED, actor=None, note=note)
                closed += 1
    return closed


def hotline_sweep(now: dt.datetime | None = None) -> dict[str, int]:
    """The hotline's scheduled work (``fazhi hotline sweep``, cron or systemd timer, like the casework sweep)."""
    return {"closed_unconfirmed": close_unconfirmed(now=now)}


@background_task()
def hotline_sweep_task() -> dict[str, int]:
    """The sweep as a background job (``hotline_sweep_task.enqueue()``, run by ``fazhi worker``)."""
    return hotline_sweep()
