"""The credit platform's records (上海市社会信用条例; docs/credit.md).

A *subject* (信息主体) is an organisation by its unified social credit code or a natural person by the blind index
of their ID number; its ``key`` is the same entity key publicity uses, so a published decision finds its subject in
one indexed query. A *record* is one piece of public credit information under one item of the published
*catalogue* (第十一条: nothing outside it is taken). Lists, commitments and the application list of joint measures
sit on records; objections and repairs are the subject's matters on the shared workflow; every look at a natural
person's record is logged (``QueryLog``), and every report carries a verification code.

Nothing here is deleted by the platform's users: a record leaves the public view (repaired), ends its query period
(expired) or is deleted on the provider's notice that the act was revoked (第三十七条) — by status, audited.
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
from fazhi.core.permissions import VIEW, Policy, ScopedPolicy, perm_codename
from fazhi.core.pii import EncryptedCharField
from fazhi.credit.choices import (
    FAILING_CATEGORIES,
    CatalogueStatus,
    Category,
    CheckMatter,
    CodeCheck,
    Disclosure,
    ListKind,
    MeasureKind,
    MeasureTarget,
    ObjectionStatus,
    QueryChannel,
    RecordStatus,
    RepairStatus,
    ReportKind,
    SubjectKind,
)
from fazhi.laws.refs import CITATION_MAX_LENGTH

NAME_MAX = 200
TEXT_MAX = 2000
SOURCE_MAX = 40
REF_MAX = 100
KEY_MAX = 40


class Subject(BaseModel):
    """One 信息主体. Organisations by credit code; natural persons by ID number, stored encrypted, found by its
    blind index, never shown unmasked on a public surface."""

    kind = models.CharField(_("kind of subject"), max_length=12, choices=SubjectKind.choices)
    name = models.CharField(_("name"), max_length=NAME_MAX, db_index=True)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    id_number = EncryptedCharField(_("ID number"), blank=True, mask="id_number")
    id_index = models.CharField(max_length=64, blank=True, editable=False)
    #: ``"c" + credit code`` for an organisation, ``"p" + blind index[:32]`` for a person: publicity's entity key.
    key = models.CharField(max_length=KEY_MAX, unique=True, editable=False)
    code_check = models.CharField(_("identifier check"), max_length=8, choices=CodeCheck.choices)

    class Meta:
        ordering = ("name", "pk")
        verbose_name = _("credit subject")
        verbose_name_plural = _("credit subjects")
        indexes = (
            models.Index(fields=("credit_code",), name="credit_subject_code"),
            models.Index(fields=("id_index",), name="credit_subject_id_index"),
            models.Index(fields=("kind", "name"), name="credit_subject_kind_name"),
        )

    def __str__(self) -> str:
        return self.public_name

    @property
    def is_person(self) -> bool:
        return self.kind == SubjectKind.PERSON

    @property
    def public_name(self) -> str:
        """The name as any list shows it: a person's surname and asterisks (as publicity publishes it)."""
        from fazhi.publicity.models import masked_name

        return masked_name(self.kind, self.name)

    def get_absolute_url(self) -> str:
        return reverse("credit:subject", kwargs={"key": self.key})


class SubjectName(models.Model):
    """A subject's earlier names (name history): written when the name changes, never edited."""

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(_("name"), max_length=NAME_MAX, db_index=True)
    used_until = models.DateField(_("used until"))

    class Meta:
        ordering = ("subject", "-used_until")

    def __str__(self) -> str:
        return self.name


class PilotCode(BaseModel):
    """An early pilot credit code that fails the GB 32100 check digit but was reviewed and is accepted."""

    code = models.CharField(_("code"), max_length=18, unique=True)
    note = models.CharField(_("why it is accepted"), max_length=TEXT_MAX)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("code",)
        verbose_name = _("reviewed pilot code")
        verbose_name_plural = _("reviewed pilot codes")

    def __str__(self) -> str:
        return self.code


class SubjectAccount(BaseModel):
    """A platform account that acts for a subject: the person themself, or an organisation's representative.
    Only a linked account sees the subject's own records, objects and applies for repair (第十七条)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="credit_subjects")
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="accounts")
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("account acting for a subject")
        verbose_name_plural = _("accounts acting for subjects")
        constraints = (models.UniqueConstraint(fields=("user", "subject"), name="credit_unique_account"),)

    def __str__(self) -> str:
        return f"{self.user_id} → {self.subject_id}"


class Catalogue(BaseModel):
    """One version of the 公共信用信息目录 (第九条–第十一条): drafted, put out for public comment (a consultation
    of the consultation module), then published; publishing a version supersedes the one in force."""

    version = models.CharField(_("version"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=NAME_MAX)
    status = models.CharField(
        _("status"), max_length=12, choices=CatalogueStatus.choices, default=CatalogueStatus.DRAFT
    )
    consultation = models.ForeignKey(
        "consultation.Consultation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("public consultation"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("note"), blank=True, max_length=TEXT_MAX)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("credit information catalogue")
        verbose_name_plural = _("credit information catalogues")

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"


class CatalogueItem(BaseModel):
    """One item of the catalogue: what information, which kind, who provides it, on what legal basis, how far
    and how long it is disclosed, who may query it. Items carry no free-form attributes: a record of an item has
    the record's fixed fields only, so the data 第十四条 forbids cannot be collected."""

    catalogue = models.ForeignKey(Catalogue, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("item code"), max_length=30)
    name = models.CharField(_("name"), max_length=NAME_MAX)
    category = models.CharField(_("category"), max_length=24, choices=Category.choices)
    subject_kinds = models.CharField(
        _("subjects"), max_length=30, default="organisation,person", help_text=_("Comma-separated subject kinds.")
    )
    provider = models.ForeignKey(
        "orgs.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("providing body"),
        help_text=_("Empty: every body with the power provides it."),
    )
    provider_description = models.CharField(_("providing bodies"), max_length=NAME_MAX, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=CITATION_MAX_LENGTH)
    basis_work = models.ForeignKey("laws.Work", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    basis_article = models.PositiveIntegerField(null=True, blank=True)
    disclosure = models.CharField(_("disclosure"), max_length=12, choices=Disclosure.choices)
    disclosure_months = models.PositiveSmallIntegerField(
        _("disclosed for (months)"), null=True, blank=True, help_text=_("Empty: as long as it may be queried.")
    )
    queryable_by = models.CharField(_("who may query"), max_length=NAME_MAX, blank=True)

    class Meta:
        ordering = ("catalogue", "code")
        verbose_name = _("catalogue item")
        verbose_name_plural = _("catalogue items")
        constraints = (models.UniqueConstraint(fields=("catalogue", "code"), name="credit_unique_item_code"),)

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_failing(self) -> bool:
        return self.category in FAILING_CATEGORIES


def record_public_q() -> Q:
    """What anyone may see of a record: an organisation's, disclosed to the public, on record and within its
    disclosure period (a natural person's records are never public, 第十五条 and PIPL)."""
    today = timezone.localdate()
    return Q(
        subject__kind=SubjectKind.ORGANISATION,
        item__disclosure=Disclosure.PUBLIC,
        status=RecordStatus.ACTIVE,
        hidden=False,
    ) & (Q(public_until__isnull=True) | Q(public_until__gte=today))


class CreditRecord(BaseModel):
    """One piece of public credit information about one subject, under one catalogue item, from one provider.

    Keyed by where it came from (``source_system`` + ``source_ref``) so a re-import or a re-published decision
    updates it. ``act_ended_on`` starts the five-year query period of 第三十五条 (``queryable_until``);
    ``public_until`` ends its public disclosure (a penalty's publication period, 沪营商条例 第六十五条)."""

    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="records")
    item = models.ForeignKey(CatalogueItem, on_delete=models.PROTECT, related_name="records")
    provider = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="credit_records")
    source_system = models.CharField(_("source system"), max_length=SOURCE_MAX)
    source_ref = models.CharField(_("reference at the source"), max_length=REF_MAX)
    decision = models.ForeignKey(
        "publicity.PublishedDecision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credit_records",
        verbose_name=_("published decision"),
    )
    title = models.CharField(_("title"), max_length=NAME_MAX)
    summary = models.TextField(_("summary"), max_length=TEXT_MAX)
    legal_basis = models.TextField(_("legal basis"), max_length=TEXT_MAX)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    decided_on = models.DateField(_("date of the decision"))
    act_ended_on = models.DateField(_("date the act ended"))
    queryable_until = models.DateField(_("queryable until"))
    public_until = models.DateField(_("disclosed until"), null=True, blank=True)
    earliest_repair = models.DateField(_("repair possible from"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RecordStatus.choices, default=RecordStatus.ACTIVE, db_index=True
    )
    #: Withdrawn from the public query view after repair (第三十八条); staff and the subject still see it.
    hidden = models.BooleanField(_("withdrawn from the public view"), default=False)
    under_objection = models.BooleanField(_("under objection"), default=False)
    severe = models.BooleanField(
        _("severe"),
        default=False,
        help_text=_("Food, drugs, special equipment, work safety or fire: one year before repair (第六十七条)."),
    )
    revoked_at = models.DateTimeField(_("underlying act revoked at"), null=True, blank=True)
    deletion_due = models.DateField(_("to be deleted by"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    status_reason = models.TextField(_("reason for the status"), blank=True, max_length=TEXT_MAX)

    policy = ScopedPolicy(org_field="provider", public=record_public_q, public_actions=(VIEW,))

    class Meta:
        ordering = ("-decided_on", "-pk")
        verbose_name = _("credit record")
        verbose_name_plural = _("credit records")
        constraints = (
            models.UniqueConstraint(fields=("source_system", "source_ref"), name="credit_unique_record_source"),
        )
        indexes = (
            models.Index(fields=("subject", "status", "-decided_on"), name="credit_record_subject"),
            models.Index(fields=("status", "queryable_until"), name="credit_record_queryable"),
            models.Index(fields=("provider", "-decided_on"), name="credit_record_provider"),
        )

    def __str__(self) -> str:
        return f"{self.source_ref} {self.title}"

    @property
    def is_failing(self) -> bool:
        return self.item.category in FAILING_CATEGORIES

    def get_absolute_url(self) -> str:
        return reverse("credit:record", kwargs={"pk": self.pk})


class ListDefinition(BaseModel):
    """A published list (名单): its entry and exit conditions and the remedies, published with it (第二十五条)."""

    kind = models.CharField(_("kind of list"), max_length=12, choices=ListKind.choices)
    name = models.CharField(_("name"), max_length=NAME_MAX)
    body = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("body"))
    entry_conditions = models.TextField(_("entry conditions"), max_length=TEXT_MAX)
    exit_conditions = models.TextField(_("exit conditions"), max_length=TEXT_MAX)
    remedies = models.TextField(_("remedies"), max_length=TEXT_MAX)
    legal_basis = models.CharField(_("legal basis"), max_length=CITATION_MAX_LENGTH)
    published = models.BooleanField(_("published"), default=False)

    class Meta:
        ordering = ("kind", "name")
        verbose_name = _("credit list")
        verbose_name_plural = _("credit lists")

    def __str__(self) -> str:
        return self.name


class ListEntry(BaseModel):
    """A subject on a list, for a reason (a record), from a day until it leaves under the exit conditions."""

    listing = models.ForeignKey(ListDefinition, on_delete=models.PROTECT, related_name="entries")
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="list_entries")
    record = models.ForeignKey(CreditRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"), max_length=TEXT_MAX)
    entered_on = models.DateField(_("listed on"))
    exits_on = models.DateField(_("to leave the list on"), null=True, blank=True)
    exited_on = models.DateField(_("left the list on"), null=True, blank=True)
    exit_reason = models.TextField(_("why it left"), blank=True, max_length=TEXT_MAX)

    policy = ScopedPolicy(org_field="listing__body")

    class Meta:
        ordering = ("-entered_on", "-pk")
        verbose_name = _("list entry")
        verbose_name_plural = _("list entries")
        indexes = (models.Index(fields=("subject", "exited_on"), name="credit_entry_subject"),)

    def __str__(self) -> str:
        return f"{self.listing_id}: {self.subject_id}"


class Commitment(BaseModel):
    """A credit commitment (信用承诺) a subject made to a body for a matter, and whether it was kept."""

    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="commitments")
    body = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("body"))
    matter = models.CharField(_("matter"), max_length=NAME_MAX)
    content = models.TextField(_("what was committed"), max_length=TEXT_MAX)
    made_on = models.DateField(_("made on"))
    kept = models.BooleanField(_("kept"), null=True, blank=True)
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)
    #: The record a broken (or kept) commitment produced.
    record = models.ForeignKey(CreditRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    policy = ScopedPolicy(org_field="body")

    class Meta:
        ordering = ("-made_on", "-pk")
        verbose_name = _("credit commitment")
        verbose_name_plural = _("credit commitments")

    def __str__(self) -> str:
        return self.matter


class MeasurePolicy(Policy):
    """The application list is drafted and published by the credit centre (第二十二条): writing needs a grant
    that covers the centre. Anyone sees the published lines; staff who may write see drafts."""

    public_actions = frozenset({VIEW})

    def _covers_centre(self, user: object, action: str) -> bool:
        from fazhi.credit.access import is_centre_staff

        return is_centre_staff(user, perm_codename(self.model, action))

    def filter(self, queryset: models.QuerySet, user: object, action: str) -> models.QuerySet:
        if self._covers_centre(user, action if action != VIEW else "change"):
            return queryset
        return queryset.filter(published_at__lte=timezone.now()) if action == VIEW else queryset.none()

    def allows_any(self, user: object, action: str) -> bool:
        return action == VIEW or self._covers_centre(user, action)

    def allows_object(self, user: object, action: str, obj: models.Model) -> bool:
        published_at = getattr(obj, "published_at", None)
        if action == VIEW and published_at is not None and published_at <= timezone.now():
            return True
        return self._covers_centre(user, action if action != VIEW else "change")


class Measure(BaseModel):
    """One line of the application list of joint incentives and sanctions (应用清单, 第二十二条): the matter, whom
    it targets, the means, the implementing body and the legal basis. Unpublished, it never applies (第三十二条)."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=MeasureKind.choices)
    matter = models.CharField(_("matter"), max_length=20, choices=CheckMatter.choices)
    target = models.CharField(_("target"), max_length=20, choices=MeasureTarget.choices)
    target_list = models.ForeignKey(
        ListDefinition, null=True, blank=True, on_delete=models.PROTECT, related_name="measures"
    )
    target_category = models.CharField(_("record category"), max_length=24, choices=Category.choices, blank=True)
    means = models.TextField(_("means"), max_length=TEXT_MAX)
    body = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("implementing body")
    )
    legal_basis = models.CharField(_("legal basis"), max_length=CITATION_MAX_LENGTH)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    policy = MeasurePolicy()

    class Meta:
        ordering = ("matter", "code")
        verbose_name = _("joint measure")
        verbose_name_plural = _("joint measures")
        indexes = (models.Index(fields=("matter", "published_at"), name="credit_measure_matter"),)

    def __str__(self) -> str:
        return f"{self.code} {self.get_matter_display()}"


class MeasureCheck(models.Model):
    """One check run (第三十二条: the basis and reasons are told): who ran it, for what purpose, about whom, for
    which matter, and what it found (the measures that apply, each with the records and the list that make it)."""

    checked_at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.ForeignKey("orgs.Organisation", null=True, on_delete=models.SET_NULL, related_name="+")
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="checks")
    matter = models.CharField(_("matter"), max_length=20, choices=CheckMatter.choices)
    purpose = models.CharField(_("purpose"), max_length=NAME_MAX)
    batch = models.CharField(max_length=40, blank=True, db_index=True)
    result = models.JSONField(default=dict)

    policy = ScopedPolicy(org_field="body")

    class Meta:
        ordering = ("-checked_at",)
        verbose_name = _("measures check")
        verbose_name_plural = _("measures checks")

    def __str__(self) -> str:
        return f"{self.subject_id} {self.matter}"


class QueryLog(models.Model):
    """One look at a subject's records (every natural person's; 第三十四条, PIPL): who, why, what was seen. The
    subject sees these. Written by the query itself, never edited."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.ForeignKey("orgs.Organisation", null=True, on_delete=models.SET_NULL, related_name="+")
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="queries")
    channel = models.CharField(_("channel"), max_length=10, choices=QueryChannel.choices)
    purpose = models.CharField(_("purpose"), max_length=NAME_MAX)
    seen = models.TextField(_("what was seen"), max_length=TEXT_MAX)

    class Meta:
        ordering = ("-at",)
        verbose_name = _("query of a credit record")
        verbose_name_plural = _("queries of credit records")
        indexes = (models.Index(fields=("subject", "-at"), name="credit_query_subject"),)

    def __str__(self) -> str:
        return f"{self.subject_id} {self.at:%Y-%m-%d}"


class Objection(Matter, BaseModel):
    """The subject's objection to a record (异议, 第三十六条): marked within 1 工作日, then decided by the centre
    within 5 工作日 or transferred within 2 工作日 to the provider, who decides within 5 工作日."""

    tracking_prefix = "YY"

    record = models.ForeignKey(CreditRecord, on_delete=models.PROTECT, related_name="objections")
    status = models.CharField(
        _("status"), max_length=12, choices=ObjectionStatus.choices, default=ObjectionStatus.SUBMITTED
    )
    grounds = models.TextField(_("what is wrong"), max_length=TEXT_MAX)
    evidence = models.TextField(_("evidence"), max_length=TEXT_MAX, blank=True)
    marked_at = models.DateTimeField(_("marked at"), null=True, blank=True)
    transferred_at = models.DateTimeField(_("transferred at"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True, max_length=TEXT_MAX)

    policy = ScopedPolicy(org_field="organisation", owner="submitter", owner_actions=(VIEW,))

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("credit objection")
        verbose_name_plural = _("credit objections")

    def __str__(self) -> str:
        return self.tracking_number

    @property
    def title(self) -> str:
        return str(self.record.title)

    def get_absolute_url(self) -> str:
        return reverse("credit:objection", kwargs={"number": self.tracking_number})


class RepairApplication(Matter, BaseModel):
    """The subject's application to repair a failing record (信用修复, 第三十八条; 沪营商条例 第六十七条): the
    conditions shown and checked at application, the provider's proof, then the record withdrawn from the public
    view within 3 工作日 and the result shared with the bodies concerned within 3 工作日."""

    tracking_prefix = "XF"

    record = models.ForeignKey(CreditRecord, on_delete=models.PROTECT, related_name="repairs")
    status = models.CharField(_("status"), max_length=12, choices=RepairStatus.choices, default=RepairStatus.SUBMITTED)
    obligation_performed = models.TextField(_("how the obligation was performed"), max_length=TEXT_MAX)
    commitment_signed = models.BooleanField(_("credit commitment signed"), default=False)
    #: The conditions as checked when the application was made: ``[{"code", "label", "met", "detail"}]``.
    conditions = models.JSONField(default=list)
    proof_received_at = models.DateTimeField(_("provider's proof received at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn from the public view at"), null=True, blank=True)
    shared_at = models.DateTimeField(_("result shared at"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True, max_length=TEXT_MAX)

    policy = ScopedPolicy(org_field="organisation", owner="submitter", owner_actions=(VIEW,))

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("credit repair application")
        verbose_name_plural = _("credit repair applications")

    def __str__(self) -> str:
        return self.tracking_number

    @property
    def title(self) -> str:
        return str(self.record.title)

    def get_absolute_url(self) -> str:
        return reverse("credit:repair", kwargs={"number": self.tracking_number})


class CreditReport(models.Model):
    """A report issued for a subject and a period, with the SHA-256 of the PDF as issued: anyone with the
    verification code sees that it is genuine, and a PDF whose hash differs is not the report."""

    code = models.CharField(_("verification code"), max_length=24, unique=True)
    kind = models.CharField(_("kind of report"), max_length=10, choices=ReportKind.choices)
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="reports")
    period_from = models.DateField(_("from"))
    period_to = models.DateField(_("to"))
    purpose = models.CharField(_("purpose"), max_length=NAME_MAX, blank=True)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_to = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    sha256 = models.CharField(max_length=64)
    records_count = models.PositiveIntegerField(default=0)
    failing_count = models.PositiveIntegerField(default=0)
    pdf = models.BinaryField(editable=False)

    class Meta:
        ordering = ("-issued_at",)
        verbose_name = _("credit report")
        verbose_name_plural = _("credit reports")
        indexes = (models.Index(fields=("subject", "kind", "-issued_at"), name="credit_report_subject"),)

    def __str__(self) -> str:
        return self.code
