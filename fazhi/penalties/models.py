"""A penalty case (行政处罚案件) from filing to closing, recorded as a whole (执法全过程记录, 行政处罚法 第四十七条).

A case belongs to the enforcement body that filed it (``body``); that body's staff (and staff above it) handle it
through the steps of ``penalties/workflow.py``. Nothing here is public: publicity publishes decisions from it.
Each step leaves a ``CaseEvent`` (what, who, when, the deadline then running) besides the audit trail's entry.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import BaseModel
from fazhi.core.permissions import ScopedPolicy
from fazhi.core.pii import EncryptedCharField, blind_index
from fazhi.penalties.choices import (
    CaseStatus,
    DecisionKind,
    MajorReason,
    PartyKind,
    Procedure,
    RemedyKind,
    RemedyOutcome,
    ReviewOutcome,
)
from fazhi.workflow.models import ClockedModel

TEXT_MAX = 5000


class CaseCounter(models.Model):
    """The last number given to a body's cases in a year (案号), taken under a row lock."""

    body = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = (models.UniqueConstraint(fields=("body", "year"), name="unique_penalty_counter"),)

    def __str__(self) -> str:
        return f"{self.body_id}/{self.year}: {self.last}"


class PenaltyCase(BaseModel, ClockedModel):
    number = models.CharField(_("case number"), max_length=60, unique=True, editable=False)
    body = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="penalty_cases", verbose_name=_("body")
    )
    matter = models.ForeignKey(
        "enforcement.EnforcementMatter", on_delete=models.PROTECT, related_name="cases", verbose_name=_("matter")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.FILED, db_index=True
    )
    procedure = models.CharField(_("procedure"), max_length=10, choices=Procedure.choices, default=Procedure.GENERAL)
    # The party (当事人): a credit code for organisations, an ID number (encrypted, blind-indexed) for persons.
    party_kind = models.CharField(_("party"), max_length=12, choices=PartyKind.choices)
    party_name = models.CharField(_("party's name"), max_length=200)
    party_credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True, db_index=True)
    party_id_number = EncryptedCharField(_("ID number"), blank=True, mask="id_number")
    party_id_index = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    party_address = models.CharField(_("party's address"), max_length=200, blank=True)
    # The act: its date (or the day a continuing act ended) starts the limitation of 第三十六条.
    act_date = models.DateField(_("date of the act"))
    act_place = models.CharField(_("place of the act"), max_length=200, blank=True)
    facts = models.TextField(_("facts"), max_length=TEXT_MAX)
    grave_harm = models.BooleanField(
        _("life, health or financial safety involved, with harm"),
        default=False,
        help_text=_("The limitation is then five years instead of two (行政处罚法 第三十六条)."),
    )
    filed_on = models.DateField(_("filed on"))
    # Who: at least two officers investigate (第四十二条); the hearing chair did not investigate (第六十四条);
    # the legal reviewer holds the legal profession qualification (第五十八条第二款).
    officers = models.ManyToManyField(
        "enforcement.Officer", related_name="penalty_cases", blank=True, verbose_name=_("investigating officers")
    )
    investigated_on = models.DateField(_("investigation concluded on"), null=True, blank=True)
    investigation_report = models.TextField(_("investigation report"), blank=True, max_length=TEXT_MAX)
    major_reason = models.CharField(
        _("situation requiring legal review"), max_length=20, choices=MajorReason.choices, blank=True, default=""
    )
    is_complex = models.BooleanField(
        _("complex or major case (collective discussion)"), default=False, help_text=_("行政处罚法 第五十七条第二款.")
    )
    # Discretion (裁量): the officer's answers, the standard's proposal as it was (the version kept), the intention.
    discretion_answers = models.JSONField(_("answers to the standard's factors"), default=dict, blank=True)
    discretion = models.JSONField(_("discretion proposal"), null=True, blank=True)
    exemption_checks = models.JSONField(_("no-penalty list checks"), default=list, blank=True)
    intended_kind = models.CharField(
        _("intended penalty"), max_length=20, choices=DecisionKind.choices, blank=True, default=""
    )
    intended_fine = models.DecimalField(_("intended fine"), max_digits=14, decimal_places=2, null=True, blank=True)
    outside_band_reason = models.TextField(_("reason for a fine outside the band"), blank=True, max_length=TEXT_MAX)
    # Prior notice and hearing (第四十四条, 第六十二条, 第六十四条).
    notified_on = models.DateField(_("prior notice served on"), null=True, blank=True)
    hearing_request_due = models.DateField(_("hearing may be requested until"), null=True, blank=True)
    statement = models.TextField(_("party's statement and defence"), blank=True, max_length=TEXT_MAX)
    hearing_waived = models.BooleanField(_("party waived the hearing"), default=False)
    hearing_requested_on = models.DateField(_("hearing requested on"), null=True, blank=True)
    hearing_notice_on = models.DateField(_("hearing notice served on"), null=True, blank=True)
    hearing_date = models.DateField(_("hearing date"), null=True, blank=True)
    hearing_chair = models.ForeignKey(
        "enforcement.Officer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("hearing chair"),
    )
    hearing_record = models.TextField(_("hearing record"), blank=True, max_length=TEXT_MAX)
    # Legal review (法制审核, 第五十八条) and collective discussion (第五十七条).
    legal_reviewer = models.ForeignKey(
        "enforcement.Officer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("legal reviewer"),
    )
    review_outcome = models.CharField(
        _("legal review"), max_length=10, choices=ReviewOutcome.choices, blank=True, default=""
    )
    review_opinion = models.TextField(_("legal review opinion"), blank=True, max_length=TEXT_MAX)
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    discussion_record = models.TextField(_("collective discussion record"), blank=True, max_length=TEXT_MAX)
    discussed_on = models.DateField(_("discussed on"), null=True, blank=True)
    # The decision.
    decision_kind = models.CharField(_("decision"), max_length=20, choices=DecisionKind.choices, blank=True, default="")
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    fine_amount = models.DecimalField(_("fine"), max_digits=14, decimal_places=2, default=Decimal("0"))
    confiscation_amount = models.DecimalField(
        _("illegal gains confiscated"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    decision_text = models.TextField(_("decision"), blank=True, max_length=TEXT_MAX)
    legal_bases = models.JSONField(
        _("legal bases of the decision"), default=list, blank=True, help_text=_("Citations, each resolved.")
    )
    education = models.TextField(_("education given"), blank=True, max_length=TEXT_MAX)
    decided_on_time = models.BooleanField(_("decided within the time limit"), null=True, blank=True)
    exempted = models.BooleanField(_("exempted under a no-penalty list"), default=False)
    # Service, performance, enforcement.
    served_on = models.DateField(_("decision served on"), null=True, blank=True)
    service_method = models.CharField(_("manner of service"), max_length=100, blank=True)
    payment_due = models.DateField(_("fine payable by"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_amount = models.DecimalField(_("amount paid"), max_digits=14, decimal_places=2, null=True, blank=True)
    surcharge = models.DecimalField(_("surcharge (加处罚款)"), max_digits=14, decimal_places=2, default=Decimal("0"))
    reminded_on = models.DateField(_("reminder (催告) served on"), null=True, blank=True)
    court_applied_on = models.DateField(_("court enforcement applied for on"), null=True, blank=True)
    court = models.CharField(_("court"), max_length=100, blank=True)
    enforcement_note = models.TextField(_("enforcement"), blank=True, max_length=TEXT_MAX)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_note = models.TextField(_("closing report"), blank=True, max_length=TEXT_MAX)
    # Remedies: the latest 复议/诉讼 outcome (every one is a CaseEvent and audited).
    remedy_kind = models.CharField(_("remedy"), max_length=20, choices=RemedyKind.choices, blank=True, default="")
    remedy_outcome = models.CharField(
        _("remedy outcome"), max_length=12, choices=RemedyOutcome.choices, blank=True, default=""
    )
    remedy_note = models.TextField(_("remedy"), blank=True, max_length=TEXT_MAX)

    policy = ScopedPolicy(org_field="body")

    class Meta:
        ordering = ("-filed_on", "-pk")
        verbose_name = _("penalty case")
        verbose_name_plural = _("penalty cases")
        indexes = (models.Index(fields=("body", "status", "due_at"), name="penalty_queue"),)
        constraints = (
            models.CheckConstraint(condition=Q(fine_amount__gte=0), name="penalty_fine_not_negative"),
            models.CheckConstraint(condition=Q(surcharge__lte=models.F("fine_amount")), name="penalty_surcharge_cap"),
        )

    def __str__(self) -> str:
        return f"{self.number} {self.party_name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.party_id_index = blind_index(self.party_id_number) if self.party_id_number else ""
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("penalties_console:detail", kwargs={"pk": self.pk})

    get_staff_url = get_absolute_url

    def masked_id_number(self) -> str:
        field: Any = type(self)._meta.get_field("party_id_number")
        return field.masked(self.party_id_number) if self.party_id_number else ""

    @property
    def fine_band(self) -> tuple[Decimal | None, Decimal | None] | None:
        if not self.discretion:
            return None
        low, high = self.discretion.get("fine_min"), self.discretion.get("fine_max")
        return (Decimal(low) if low is not None else None, Decimal(high) if high is not None else None)


class CaseEvent(BaseModel):
    """One step taken on a case: the whole-process record (全过程记录) the reviewer reads on one page."""

    case = models.ForeignKey(PenaltyCase, on_delete=models.CASCADE, related_name="events")
    step = models.CharField(_("step"), max_length=40)
    label = models.CharField(_("step"), max_length=200)
    status = models.CharField(_("status after"), max_length=20, choices=CaseStatus.choices)
    note = models.TextField(_("note"), blank=True, max_length=TEXT_MAX)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"))
    clock = models.CharField(_("clock"), max_length=48, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)

    policy = ScopedPolicy(org_field="case__body")

    class Meta:
        ordering = ("at", "pk")
        verbose_name = _("case step")
        verbose_name_plural = _("case steps")

    def __str__(self) -> str:
        return f"{self.case_id} {self.step}"
