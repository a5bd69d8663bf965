"""Published enforcement decisions (事后公示) and the parties' requests to correct them.

A decision is published once, keyed by the system it came from and its reference there (``source_system`` +
``source_ref``: the penalty case's 案号 on this platform, another system's id on import), so publishing again
updates instead of duplicating. Publication ends without deleting anything: a withdrawn or expired decision leaves
the public search (``public_q``) and stays for the body's staff and the case file.

The party of a decision is an *entity*: an organisation by its unified social credit code, a natural person by
the blind index of their ID number (``entity_key``): one entity's history is one indexed query, and a natural
person's name and ID number never leave the platform unmasked on a public surface (PIPL; ``public_party``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.casework.models import Matter
from fazhi.core.models import BaseModel
from fazhi.core.permissions import VIEW, ScopedPolicy
from fazhi.core.pii import EncryptedCharField, mask_id_number
from fazhi.laws.refs import CITATION_MAX_LENGTH
from fazhi.publicity.choices import CorrectionStatus, DecisionKind, DecisionStatus, PartyKind, Procedure

SOURCE_MAX = 40
REF_MAX = 100


def public_q() -> Q:
    """What anyone may see: published and within its publication period (the daily sweep marks the expiry; until
    it runs, the date alone already hides the record)."""
    return Q(status=DecisionStatus.PUBLISHED, period_ends__gte=timezone.localdate())


def mask_person_name(name: str) -> str:
    """A natural person's name as published: the surname and asterisks (张** for 张三丰)."""
    name = (name or "").strip()
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""


class PublishedDecision(BaseModel):
    """One decision as made public: who decided, about whom, for what, under which articles, with what result."""

    body = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="published_decisions", verbose_name=_("body")
    )
    # The district the body belongs to (from its path), for the district facet without a join.
    district = models.ForeignKey(
        "orgs.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("district"),
    )
    kind = models.CharField(_("kind of decision"), max_length=12, choices=DecisionKind.choices)
    source_system = models.CharField(_("source system"), max_length=SOURCE_MAX)
    source_ref = models.CharField(_("decision number"), max_length=REF_MAX, help_text=_("文书号 or 案号."))
    party_kind = models.CharField(_("party"), max_length=12, choices=PartyKind.choices)
    party_name = models.CharField(_("party name"), max_length=200)
    #: What the public sees of the party's name (a natural person's masked), searched by the public name search.
    public_name = models.CharField(_("name as published"), max_length=200, db_index=True)
    party_credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True, db_index=True)
    party_id_number = EncryptedCharField(_("ID number"), blank=True, mask="id_number")
    party_id_index = models.CharField(max_length=64, blank=True, editable=False)
    entity_key = models.CharField(max_length=40, editable=False)
    violation = models.TextField(_("violation"), max_length=2000)
    legal_bases = models.TextField(
        _("legal bases"), max_length=2000, help_text=_("The citations as the decision states them, one per line.")
    )
    content = models.TextField(_("decision content"), max_length=2000)
    penalty_types = models.CharField(_("penalty types"), max_length=100, blank=True)
    fine_amount = models.DecimalField(_("fine (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    procedure = models.CharField(_("procedure"), max_length=8, choices=Procedure.choices, default=Procedure.GENERAL)
    decision_date = models.DateField(_("decision date"))
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    publish_due = models.DateField(_("to be published by"), null=True, blank=True)
    published_on_time = models.BooleanField(_("published on time"), default=True)
    period_ends = models.DateField(_("publication ends"))
    status = models.CharField(
        _("status"), max_length=12, choices=DecisionStatus.choices, default=DecisionStatus.PUBLISHED
    )
    expired_at = models.DateTimeField(_("publication ended at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True, max_length=2000)
    withdraw_due = models.DateField(_("to be withdrawn by"), null=True, blank=True)
    withdrawn_on_time = models.BooleanField(_("withdrawn on time"), null=True, blank=True)
    corrected_at = models.DateTimeField(_("corrected at"), null=True, blank=True)
    correction_note = models.TextField(_("correction"), blank=True, max_length=2000)

    policy = ScopedPolicy(org_field="body", public=public_q, public_actions=(VIEW,))

    class Meta:
        ordering = ("-decision_date", "-pk")
        verbose_name = _("published decision")
        verbose_name_plural = _("published decisions")
        constraints = (models.UniqueConstraint(fields=("source_system", "source_ref"), name="publicity_unique_source"),)
        indexes = (
            # the public list: published, newest first (the period check is a filter on the few near the end)
            models.Index(fields=("status", "-decision_date", "-id"), name="pub_status_date"),
            models.Index(fields=("entity_key", "-decision_date"), name="pub_entity_date"),
            models.Index(fields=("body", "status", "-decision_date"), name="pub_body_date"),
            models.Index(fields=("district", "status", "-decision_date"), name="pub_district_date"),
            models.Index(fields=("status", "period_ends"), name="pub_status_period"),
            models.Index(fields=("party_id_index",), name="pub_id_index"),
            models.Index(fields=("status", "-published_at"), name="pub_status_published"),  # the feed
        )

    def __str__(self) -> str:
        return f"{self.source_ref} {self.public_name}"

    def get_absolute_url(self) -> str:
        return reverse("publicity:decision", kwargs={"pk": self.pk})

    @property
    def is_person(self) -> bool:
        return self.party_kind == PartyKind.PERSON

    @property
    def public_id_number(self) -> str:
        return mask_id_number(self.party_id_number) if self.party_id_number else ""

    def public_party(self) -> dict[str, str]:
        """The party as every public surface shows it."""
        return {
            "kind": str(self.get_party_kind_display()),
            "name": self.public_name,
            "credit_code": self.party_credit_code,
            "id_number": self.public_id_number,
        }

    @property
    def is_public(self) -> bool:
        return self.status == DecisionStatus.PUBLISHED and self.period_ends >= timezone.localdate()

    def penalty_type_labels(self) -> list[str]:
        from fazhi.publicity.choices import PenaltyType

        labels = dict(PenaltyType.choices)
        return [str(labels.get(code, code)) for code in self.penalty_types.split(",") if code]


class DecisionBasis(models.Model):
    """One article a decision cites, resolved in the law library when it was published (``work`` empty when it
    did not resolve: the citation is kept as written). Derived from the audited ``legal_bases`` text and rewritten
    with it — an index for the search by legal basis, not a record of its own."""

    decision = models.ForeignKey(PublishedDecision, on_delete=models.CASCADE, related_name="bases")
    work = models.ForeignKey("laws.Work", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(null=True, blank=True)
    citation = models.CharField(max_length=CITATION_MAX_LENGTH)

    class Meta:
        ordering = ("decision", "pk")
        indexes = (models.Index(fields=("work", "number", "decision"), name="pub_basis_article"),)

    def __str__(self) -> str:
        return self.citation


class CorrectionRequest(Matter, BaseModel):
    """The party asks the body to correct a published decision it shows wrongly (公示规定 第十二条)."""

    tracking_prefix = "GZ"

    decision = models.ForeignKey(
        PublishedDecision, on_delete=models.PROTECT, related_name="corrections", verbose_name=_("decision")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=CorrectionStatus.choices, default=CorrectionStatus.SUBMITTED
    )
    what_is_wrong = models.TextField(_("what is inaccurate"), max_length=2000)
    evidence = models.TextField(
        _("evidence"), max_length=2000, help_text=_("What shows the published information is inaccurate.")
    )
    answer = models.TextField(_("answer"), blank=True, max_length=2000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_on_time = models.BooleanField(null=True, blank=True)

    policy = ScopedPolicy(org_field="decision__body", owner="submitter", owner_actions=(VIEW,))

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")

    def __str__(self) -> str:
        return self.tracking_number

    @property
    def title(self) -> str:
        return str(self.decision.source_ref)

    def get_absolute_url(self) -> str:
        return reverse("publicity:correction", kwargs={"number": self.tracking_number})


def masked_name(kind: str, name: str) -> str:
    return mask_person_name(name) if kind == PartyKind.PERSON else name
