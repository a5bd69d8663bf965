"""The hotline: reporting is open to all; a ticket is seen by its reporter and by staff over its handling
organisation (the sample is the citizen's, dispatched to 南京东路街道 in Huangpu), everyone else gets a 404. The
console is for staff; registering a phone call for those who may add tickets. POSTs without a body come back as
messages on a redirect (pages) or 400 (API): "ok" = let in. Every step of hotline/workflow.py needs input, so its
API action without a body is a 400 for whoever may see the ticket. Open311 answers everyone (tickets it shows in
full only to callers who may see them)."""

from fazhi.hotline.tests.factories import category, make_ticket
from fazhi.hotline.workflow import HOTLINE_WORKFLOW
from fazhi.testing.walk import (
    DENIED,
    GONE,
    HUANGPU_READERS,
    LOGIN,
    OK,
    by_role,
    everyone,
    only,
    signed_in,
    staff,
    workflow_step_samples,
    workflow_steps,
)

TICKET_READERS = (*HUANGPU_READERS, "njdl_handler")


def _reporter_or_handlers(role):
    if role is None:
        return GONE  # a public page: not found, whether it exists or not
    return OK if role in ("citizen", *TICKET_READERS) else GONE


def _signed_in_reporter_or_handlers(role):
    if role is None:
        return LOGIN
    return OK if role in ("citizen", *TICKET_READERS) else GONE


# Staff who reach the console but not this ticket: another district, the 12345 centre once it dispatched the ticket,
# Huangpu's manager (no hotline grant; the console's detail looks the ticket up in the person's scope).
staff_over_ticket = by_role(ok=TICKET_READERS, gone={"xh_justice", "hotline_operator", "hp_manager", "credit_officer"})


def _handlers(role):
    """Who may handle the sample ticket (南京东路街道 and above); its reporter and readers are refused."""
    if role is None:
        return LOGIN
    if role in ("admin", "office", "hp_justice", "njdl_handler"):
        return OK
    return DENIED if role in ("citizen", *TICKET_READERS) else GONE


EXPECT = {
    "hotline:submit": ("get", everyone),
    "hotline:recent": ("get", everyone),  # public: category, place, status and day only
    "hotline:locate": ("get", everyone),  # without coordinates a 400 (let in, then judged)
    "hotline:detail": ("get", _reporter_or_handlers),
    "hotline:confirm": ("post", _signed_in_reporter_or_handlers),
    "hotline:reopen": ("post", _signed_in_reporter_or_handlers),
    "hotline:photo": ("get", _reporter_or_handlers),
    "hotline_console:list": ("get", staff),
    "hotline_console:intake": ("get", only("admin", "hotline_operator")),  # calls: the 12345 centre's job
    "hotline_console:export": ("get", staff),  # their scope only; citizens 403
    "hotline_console:detail": ("get", staff_over_ticket),
    "hotline_console:step": ("post", staff_over_ticket),  # refusals come back as messages
    "api:hotline-category-list": ("get", everyone),
    "api:hotline-category-detail": ("get", everyone),
    "api:hotline-ticket-list": ("get", signed_in),
    "api:hotline-ticket-detail": ("get", _signed_in_reporter_or_handlers),
    **workflow_steps(HOTLINE_WORKFLOW, "hotline-ticket", takes=_handlers, sees=_signed_in_reporter_or_handlers),
    "api:hotline-ticket-candidates": ("get", _signed_in_reporter_or_handlers),
    "api:hotline-ticket-photos": ("get", _signed_in_reporter_or_handlers),
    "api:hotline-ticket-photo": ("get", _signed_in_reporter_or_handlers),
    "api:hotline-ticket-export": ("get", staff),
    "open311:services": ("get", everyone),
    "open311:service": ("get", everyone),
    "open311:requests": ("get", everyone),  # without api_key: 401 in Open311's format (the caller was let in)
    "open311:request": ("get", everyone),
    "open311:token": ("get", everyone),
    "open311:discovery": ("get", everyone),
    "open311:unknown": ("get", lambda role: GONE),  # a 404 for everyone, in Open311's error list
}


def samples(users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fazhi.attachments.services import attachment_create

    ticket = make_ticket(submitter=users["citizen"], description="walk: 南京东路路灯不亮")
    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
        b"\x00\x00\x00\nIDATx\x9cc\x00\x01\x00\x00\x05\x00\x01\r\n-\xb4\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    photo = attachment_create(
        upload=SimpleUploadedFile("路灯.png", png), target=ticket, user=users["citizen"], authorised=True
    )
    number = {"number": ticket.tracking_number}
    pk = {"pk": ticket.pk}
    return {
        "hotline:photo": {**number, "uid": photo.uid},
        "api:hotline-ticket-photos": pk,
        "api:hotline-ticket-photo": {**pk, "uid": photo.uid},
        "hotline:detail": number,
        "hotline:confirm": number,
        "hotline:reopen": number,
        "hotline_console:detail": pk,
        "hotline_console:step": {**pk, "step": "reply"},
        "api:hotline-category-detail": {"code": category().code},
        **{f"api:hotline-ticket-{name}": pk for name in ("detail", "candidates")},
        **workflow_step_samples(HOTLINE_WORKFLOW, "hotline-ticket", pk),
        "open311:services": {"fmt": "json"},
        "open311:service": {"code": category().code, "fmt": "json"},
        "open311:requests": {"fmt": "json"},
        "open311:request": {"request_id": ticket.tracking_number, "fmt": "xml"},
        "open311:token": {"token": ticket.tracking_number, "fmt": "json"},
        "open311:discovery": {"fmt": "json"},
        "open311:unknown": {"rest": "v2/nothing.json"},
    }
