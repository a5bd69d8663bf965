"""12345 citizen service hotline work orders (plan clause (十二)): a catalogue of matters, tickets that are
dispatched to the responsible street or department, replied to within a time limit, confirmed and rated by the
citizen, reopened when the citizen is not satisfied, and linked or merged when several people report one problem.

A ticket belongs to the organisation handling it now (``organisation``, from the shared ``Matter``); its staff
(and staff above it) handle it, its reporter follows it in 我的办件. Tickets are never shown publicly.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.casework.models import Matter
from fazhi.core.models import BaseModel
from fazhi.core.permissions import CityWidePolicy, ScopedPolicy
from fazhi.core.pii import EncryptedCharField
from fazhi.hotline.choices import RATING_CHOICES, Channel, Responsible, TicketStatus

DESCRIPTION_MAX_LENGTH = 2000


class ServiceCategory(BaseModel):
    """One kind of matter the hotline takes (市容环境, 噪声扰民 …): where it goes first and how long it may take."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    group = models.CharField(_("group"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    keywords = models.CharField(_("keywords"), max_length=300, blank=True)
    responsible = models.CharField(
        _("dispatched first to"), max_length=12, choices=Responsible.choices, default=Responsible.STREET
    )
    time_limit_days = models.PositiveSmallIntegerField(
        _("days to reply"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("Empty: the hotline's general time limit."),
    )
    allow_anonymous = models.BooleanField(
        _("anonymous reports allowed"), default=True, help_text=_("Anonymous reporters get no personal reply.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    policy = CityWidePolicy(public_view=True)

    class Meta:
        ordering = ("position", "code")
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")

    def __str__(self) -> str:
        return self.name


class CategoryDepartment(BaseModel):
    """A working department that handles a category's matters (市场监管局 for 市场监管, 劳动监察大队 for 劳动保障):
    dispatch suggests the ones in the ticket's district, then the city's. Loaded from
    ``data/orgs/department_categories.csv`` by ``fazhi setup``; staff add or remove pairs in the admin data."""

    category = models.ForeignKey(
        ServiceCategory, on_delete=models.CASCADE, related_name="department_links", verbose_name=_("category")
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+", verbose_name=_("department")
    )

    policy = CityWidePolicy(public_view=True)

    class Meta:
        ordering = ("category", "organisation__path")
        verbose_name = _("department handling a category")
        verbose_name_plural = _("departments handling categories")
        constraints = (models.UniqueConstraint(fields=("category", "organisation"), name="unique_category_department"),)

    def __str__(self) -> str:
        return f"{self.category} → {self.organisation}"


class Ticket(Matter, BaseModel):
    """A 12345 work order: what is wrong and where, who reported it, who handles it, the reply and the rating."""

    tracking_prefix = "GD"

    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX_LENGTH)
    category = models.ForeignKey(
        ServiceCategory, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("category")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=TicketStatus.choices, default=TicketStatus.REGISTERED, db_index=True
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.PORTAL)
    # Where: the address as told, the street it lies in (dispatch and duplicate narrowing), optional coordinates.
    address = models.CharField(_("address"), max_length=200)
    street = models.ForeignKey(
        "orgs.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("street or town"),
    )
    # The district it lies in: the street's, the reporter's choice, or found from the coordinates (hotline/geo.py).
    district = models.ForeignKey(
        "orgs.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("district"),
    )
    # Open311 ``media_url``: a photo the client keeps elsewhere (stored, never fetched; shown only to those who see
    # the ticket in full). Uploaded photos are attachments of the ticket (``hotline.services.ticket_photos``).
    media_url = models.URLField(_("photo link"), max_length=500, blank=True)
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    long = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    # Who: for a reply by phone; encrypted at rest, masked wherever listed.
    contact_name = EncryptedCharField(_("contact name"), blank=True, mask="text")
    contact_phone = EncryptedCharField(_("contact phone"), blank=True, mask="phone")
    contact_email = EncryptedCharField(_("contact e-mail"), blank=True, mask="email")
    # What an Open311 client says about itself (GeoReport v2 ``device_id``, ``account_id``): identifiers of a person
    # in the client's system, so encrypted, never listed; ``account_id`` is answered to the client that sent it.
    device_id = EncryptedCharField(_("client's device id"), blank=True, mask="text")
    account_id = EncryptedCharField(_("client's account id"), blank=True, mask="text")
    consent_at = models.DateTimeField(_("consent to the use of contact details"), null=True, blank=True)
    flagged_words = models.CharField(_("flagged words"), max_length=500, blank=True, editable=False)
    # Duplicate detection: the jieba signature, and a hash of the normalised text for exact repeats.
    signature = models.TextField(blank=True, editable=False)
    text_hash = models.CharField(max_length=40, blank=True, editable=False, db_index=True)
    # The reply and what the reporter made of it.
    reply = models.TextField(_("reply"), blank=True, max_length=DESCRIPTION_MAX_LENGTH)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replied_on_time = models.BooleanField(_("replied on time"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True, choices=RATING_CHOICES)
    rating_comment = models.CharField(_("comment on the handling"), max_length=500, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
        verbose_name=_("merged into"),
    )

    # The handling organisation's subtree handles it; its reporter sees it (and acts on it through services).
    policy = ScopedPolicy(org_field="organisation", owner="submitter")

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("hotline ticket")
        verbose_name_plural = _("hotline tickets")
        indexes = (
            # Duplicate narrowing: same street and category, recent; or a box around the coordinates.
            models.Index(fields=("street", "category", "created_at"), name="hotline_dup_place"),
            models.Index(fields=("lat", "long"), name="hotline_dup_coords"),
            # The public list of recent reports by district.
            models.Index(fields=("district", "created_at"), name="hotline_recent_district"),
            models.Index(fields=("submitter", "updated_at"), name="hotline_by_submitter"),
            models.Index(fields=("organisation", "closed_at", "due_at"), name="hotline_queue"),
        )
        constraints = (
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="hotline_rating_range"
            ),
        )

    def __str__(self) -> str:
        return f"{self.tracking_number} {self.description[:30]}"

    def get_absolute_url(self) -> str:
        return reverse("hotline:detail", kwargs={"number": self.tracking_number})

    def get_console_url(self) -> str:
        return reverse("hotline_console:detail", kwargs={"pk": self.pk})

    @property
    def title(self) -> str:
        """The first words of the description: the ticket's subject in lists and notifications."""
        first = self.description.strip().splitlines()[0] if self.description.strip() else ""
        return first[:60] + ("…" if len(first) > 60 else "")

    @property
    def is_anonymous(self) -> bool:
        return self.submitter_id is None and not self.contact_phone and not self.contact_email

    def masked_phone(self) -> str:
        return type(self)._meta.get_field("contact_phone").masked(self.contact_phone) if self.contact_phone else ""

    def masked_email(self) -> str:
        return type(self)._meta.get_field("contact_email").masked(self.contact_email) if self.contact_email else ""

    def masked_name(self) -> str:
        return type(self)._meta.get_field("contact_name").masked(self.contact_name) if self.contact_name else ""


class Dispatch(BaseModel):
    """One routing of a ticket: to whom, from whom, and why (a re-dispatch always says why)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="dispatches")
    from_organisation = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    to_organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    #: 退回: the organisation sent the ticket back to the hotline centre (``to_organisation``), saying why.
    returned = models.BooleanField(_("returned to the hotline centre"), default=False)

    policy = ScopedPolicy(org_field="ticket__organisation")

    class Meta:
        ordering = ("created_at", "pk")
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")

    def __str__(self) -> str:
        return f"{self.ticket.tracking_number} → {self.to_organisation}"


class TicketLink(BaseModel):
    """Two tickets about related problems, shown on both (``first`` is always the one with the smaller pk)."""

    first = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="+")
    note = models.CharField(_("note"), max_length=300, blank=True)

    policy = ScopedPolicy(org_field="first__organisation")

    class Meta:
        ordering = ("created_at", "pk")
        verbose_name = _("ticket link")
        verbose_name_plural = _("ticket links")
        constraints = (
            models.UniqueConstraint(fields=("first", "second"), name="unique_ticket_link"),
            models.CheckConstraint(condition=Q(first__lt=models.F("second")), name="ticket_link_ordered"),
        )

    def __str__(self) -> str:
        return f"{self.first_id} ↔ {self.second_id}"
