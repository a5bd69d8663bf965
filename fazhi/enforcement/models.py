"""Who enforces what (事前公示, 行政处罚法 第三十九条): each enforcement body's powers — the violation, the article it
violates and the article that sets the penalty — and its officers, as the law lets them be published.

An enforcement body is an organisation of the directory (a city or district working department, a street's or
town's 综合行政执法队); its staff manage its records through the scoped policy, and the public sees what is
published. Discretion standards and no-penalty lists hang off these matters (``fazhi.enforcement.rules``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.casework.models import Matter
from fazhi.core.models import BaseModel
from fazhi.core.permissions import VIEW, ScopedPolicy
from fazhi.core.pii import EncryptedCharField
from fazhi.enforcement.choices import (
    BasisRole,
    Circumstance,
    ConditionKind,
    FactorEffect,
    FactorKind,
    PowerKind,
    RatedKind,
    ReportStatus,
)
from fazhi.laws.refs import CITATION_MAX_LENGTH


class EnforcementMatter(BaseModel):
    """One power of one body (执法事项): "未按规定分类投放生活垃圾" for a street's enforcement team."""

    body = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="enforcement_matters", verbose_name=_("body")
    )
    code = models.CharField(_("code"), max_length=40, help_text=_("The matter's code in the body's catalogue."))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=PowerKind.choices, default=PowerKind.PENALTY)
    violation = models.TextField(
        _("violation"), blank=True, max_length=2000, help_text=_("The act that is forbidden, as the law describes it.")
    )
    is_published = models.BooleanField(_("published"), default=True)

    policy = ScopedPolicy(org_field="body", public=Q(is_published=True), public_actions=(VIEW,))

    class Meta:
        ordering = ("body__path", "code")
        verbose_name = _("enforcement matter")
        verbose_name_plural = _("enforcement matters")
        constraints = (models.UniqueConstraint(fields=("body", "code"), name="unique_enforcement_matter_code"),)

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("enforcement:matter", kwargs={"pk": self.pk})


class MatterBasis(BaseModel):
    """An article behind a matter, resolved in the law library when it is written (``laws.refs.resolve_article``)."""

    matter = models.ForeignKey(EnforcementMatter, on_delete=models.CASCADE, related_name="bases")
    role = models.CharField(_("role"), max_length=12, choices=BasisRole.choices)
    work = models.ForeignKey("laws.Work", on_delete=models.PROTECT, related_name="+", verbose_name=_("law"))
    number = models.PositiveIntegerField(_("article"))
    suffix = models.PositiveSmallIntegerField(default=0)
    citation = models.CharField(
        _("citation"), max_length=CITATION_MAX_LENGTH, help_text=_("As the catalogue wrote it.")
    )

    policy = ScopedPolicy(org_field="matter__body", public=Q(matter__is_published=True), public_actions=(VIEW,))

    class Meta:
        ordering = ("matter", "role", "work", "number")
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        indexes = (models.Index(fields=("work", "number"), name="enf_basis_article"),)

    def __str__(self) -> str:
        return self.citation


class Officer(BaseModel):
    """An enforcement officer (执法人员) and the certificate (执法证) that lets them act for a body.

    Public: name, certificate number, body and area — what enforcement publicity shows on the street; nothing else.
    ``legal_qualification`` records the 法律职业资格 that legal review needs (行政处罚法 第五十八条第二款).
    """

    body = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="enforcement_officers", verbose_name=_("body")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enforcement_officer",
        verbose_name=_("platform account"),
    )
    name = models.CharField(_("name"), max_length=50)
    certificate_number = models.CharField(_("enforcement certificate number"), max_length=40, unique=True)
    area = models.CharField(_("area of enforcement"), max_length=200, blank=True)
    certificate_valid_until = models.DateField(_("certificate valid until"), null=True, blank=True)
    legal_qualification = models.CharField(
        _("legal profession qualification certificate number"),
        max_length=40,
        blank=True,
        help_text=_("Needed to carry out legal review (行政处罚法 第五十八条)."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    policy = ScopedPolicy(org_field="body", public=Q(is_active=True), public_actions=(VIEW,))

    class Meta:
        ordering = ("body__path", "name")
        verbose_name = _("enforcement officer")
        verbose_name_plural = _("enforcement officers")

    def __str__(self) -> str:
        return f"{self.name} ({self.certificate_number})"

    @property
    def may_review(self) -> bool:
        return bool(self.legal_qualification)


class CitedArticle(models.Model):
    """A rule's article, resolved in the law library when written (``laws.refs.resolve_article``); the version
    applied is the one in force on the act's date."""

    citation = models.CharField(_("article"), max_length=CITATION_MAX_LENGTH, blank=True)
    work = models.ForeignKey("laws.Work", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(null=True, blank=True)
    suffix = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True


class FrozenWhenPublished(models.Model):
    """Rows of a published version (a standard's factors and bands, a list's items) never change: a change is a
    new version, so that a case keeps the version it used."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._refuse_if_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        self._refuse_if_frozen()
        return super().delete(*args, **kwargs)

    def frozen(self) -> bool:
        raise NotImplementedError

    def _refuse_if_frozen(self) -> None:
        if self.frozen():
            raise ValidationError(gettext("A published version never changes: make a new version instead."))


class DiscretionStandard(BaseModel):
    """The discretion standard (裁量基准) of one matter, published (行政处罚法 第三十四条); its rules are in
    versions."""

    matter = models.OneToOneField(
        EnforcementMatter, on_delete=models.CASCADE, related_name="standard", verbose_name=_("enforcement matter")
    )
    title = models.CharField(_("title"), max_length=200)
    is_published = models.BooleanField(_("published"), default=True)

    policy = ScopedPolicy(
        org_field="matter__body",
        public=Q(is_published=True, matter__is_published=True),
        public_actions=(VIEW,),
    )

    class Meta:
        ordering = ("matter__body__path", "matter__code")
        verbose_name = _("discretion standard")
        verbose_name_plural = _("discretion standards")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("enforcement:standard", kwargs={"pk": self.pk})

    def version_on(self, day: dt.date) -> DiscretionStandardVersion | None:
        """The published version in force on ``day``: the latest effective on or before it."""
        return (
            self.versions.filter(published_at__isnull=False, effective_from__lte=day)
            .order_by("-effective_from", "-number")
            .first()
        )


class DiscretionStandardVersion(BaseModel):
    """One version of a standard. A draft is edited; once published it never changes (a change is a new version)."""

    standard = models.ForeignKey(DiscretionStandard, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    effective_from = models.DateField(_("in force from"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    note = models.CharField(_("what changed"), max_length=500, blank=True)

    policy = ScopedPolicy(
        org_field="standard__matter__body",
        public=Q(published_at__isnull=False, standard__is_published=True, standard__matter__is_published=True),
        public_actions=(VIEW,),
    )

    class Meta:
        ordering = ("standard", "-number")
        verbose_name = _("standard version")
        verbose_name_plural = _("standard versions")
        constraints = (models.UniqueConstraint(fields=("standard", "number"), name="unique_standard_version"),)

    def __str__(self) -> str:
        return gettext("%(title)s, version %(number)s") % {"title": self.standard.title, "number": self.number}

    def get_absolute_url(self) -> str:
        return reverse("enforcement:standard", kwargs={"pk": self.standard_id}) + f"?version={self.number}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class DiscretionFactor(FrozenWhenPublished, CitedArticle, BaseModel):
    """A question the officer answers (yes/no or a number), the way it weighs, and the article it comes from."""

    version = models.ForeignKey(DiscretionStandardVersion, on_delete=models.CASCADE, related_name="factors")
    key = models.SlugField(_("key"), max_length=40, help_text=_("How answers name this factor (letters, digits, _)."))
    question = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("answer"), max_length=8, choices=FactorKind.choices, default=FactorKind.YES_NO)
    effect = models.CharField(_("effect"), max_length=12, choices=FactorEffect.choices, default=FactorEffect.NEUTRAL)
    position = models.PositiveSmallIntegerField(default=0)

    policy = ScopedPolicy(
        org_field="version__standard__matter__body",
        public=Q(version__published_at__isnull=False, version__standard__is_published=True),
        public_actions=(VIEW,),
    )

    class Meta:
        ordering = ("version", "position", "pk")
        verbose_name = _("discretion factor")
        verbose_name_plural = _("discretion factors")
        constraints = (models.UniqueConstraint(fields=("version", "key"), name="unique_factor_key"),)

    def __str__(self) -> str:
        return self.question

    def frozen(self) -> bool:
        return DiscretionStandardVersion.objects.filter(pk=self.version_id, published_at__isnull=False).exists()


class DiscretionBand(FrozenWhenPublished, CitedArticle, BaseModel):
    """The penalty for one circumstance, and when the circumstance applies: every clause of ``conditions``
    (``[{"factor": key, "op": ">=", "value": 2}]``) holds; a band without clauses is the default."""

    version = models.ForeignKey(DiscretionStandardVersion, on_delete=models.CASCADE, related_name="bands")
    circumstance = models.CharField(_("circumstance"), max_length=10, choices=Circumstance.choices)
    fine_min = models.DecimalField(_("lowest fine"), max_digits=14, decimal_places=2, null=True, blank=True)
    fine_max = models.DecimalField(_("highest fine"), max_digits=14, decimal_places=2, null=True, blank=True)
    other_penalties = models.TextField(_("other penalties"), max_length=1000, blank=True, help_text=_("One a line."))
    conditions = models.JSONField(_("conditions"), default=list, blank=True)
    description = models.CharField(_("description"), max_length=500, blank=True)

    policy = ScopedPolicy(
        org_field="version__standard__matter__body",
        public=Q(version__published_at__isnull=False, version__standard__is_published=True),
        public_actions=(VIEW,),
    )

    class Meta:
        ordering = ("version", "circumstance")
        verbose_name = _("discretion band")
        verbose_name_plural = _("discretion bands")
        constraints = (models.UniqueConstraint(fields=("version", "circumstance"), name="unique_band_circumstance"),)

    def __str__(self) -> str:
        return str(self.get_circumstance_display())

    def frozen(self) -> bool:
        return DiscretionStandardVersion.objects.filter(pk=self.version_id, published_at__isnull=False).exists()

    @property
    def other_penalty_list(self) -> list[str]:
        return [line.strip() for line in self.other_penalties.splitlines() if line.strip()]


class ExemptionList(BaseModel):
    """A body's or a city department's list of minor violations not punished (轻微违法行为免罚清单,
    上海市优化营商环境条例 第六十条). Versioned by date: a list is in force from ``effective_from`` until the day
    before ``effective_until``; a revised list is a new list that ends the old one."""

    body = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="exemption_lists", verbose_name=_("body")
    )
    title = models.CharField(_("title"), max_length=200)
    effective_from = models.DateField(_("in force from"))
    effective_until = models.DateField(_("in force until"), null=True, blank=True, help_text=_("Exclusive."))
    is_published = models.BooleanField(_("published"), default=True)

    policy = ScopedPolicy(org_field="body", public=Q(is_published=True), public_actions=(VIEW,))

    class Meta:
        ordering = ("body__path", "-effective_from")
        verbose_name = _("no-penalty list")
        verbose_name_plural = _("no-penalty lists")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("enforcement:list", kwargs={"pk": self.pk})

    def in_force_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_until is None or day < self.effective_until)


class ExemptionItem(BaseModel):
    """One entry of a list: the matters it covers, whether it is 不予处罚 (mandatory) or 可以不予处罚, its
    conditions, and the education to give (行政处罚法 第三十三条第三款)."""

    exemption_list = models.ForeignKey(ExemptionList, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("number"), default=0)
    title = models.CharField(_("violation"), max_length=300)
    matters = models.ManyToManyField(EnforcementMatter, related_name="exemption_items", verbose_name=_("matters"))
    mandatory = models.BooleanField(
        _("shall not be punished"),
        default=False,
        help_text=_("Unticked: may be left unpunished (可以不予处罚), at the body's discretion."),
    )
    education = models.TextField(_("education to give"), max_length=1000, blank=True)

    policy = ScopedPolicy(
        org_field="exemption_list__body",
        public=Q(exemption_list__is_published=True),
        public_actions=(VIEW,),
    )

    class Meta:
        ordering = ("exemption_list", "position", "pk")
        verbose_name = _("no-penalty list item")
        verbose_name_plural = _("no-penalty list items")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("enforcement:list", kwargs={"pk": self.exemption_list_id}) + f"#item-{self.pk}"


class ExemptionCondition(CitedArticle, BaseModel):
    """One condition of an item, with the article it comes from; ``days`` for "corrected within N days"."""

    item = models.ForeignKey(ExemptionItem, on_delete=models.CASCADE, related_name="conditions")
    kind = models.CharField(_("condition"), max_length=20, choices=ConditionKind.choices)
    days = models.PositiveSmallIntegerField(_("days to correct"), null=True, blank=True)

    policy = ScopedPolicy(
        org_field="item__exemption_list__body",
        public=Q(item__exemption_list__is_published=True),
        public_actions=(VIEW,),
    )

    class Meta:
        ordering = ("item", "pk")
        verbose_name = _("no-penalty condition")
        verbose_name_plural = _("no-penalty conditions")
        constraints = (models.UniqueConstraint(fields=("item", "kind"), name="unique_item_condition"),)

    def __str__(self) -> str:
        return str(self.get_kind_display())


# --- supervision by the public (plan clause (十三); 上海市城市管理行政执法条例 第二十六条) -------------------------


class EnforcementReport(Matter, BaseModel):
    """A report from the public about a violation, to an enforcement body (违法行为举报). The body checks it and
    tells the reporter the result within 5 工作日, or, when it is not its remit, says why and transfers it within
    3 工作日 (第二十六条第二款). The reporter is kept confidential (第二十六条第三款): nothing of this record is
    public, and staff lists show the contact masked."""

    tracking_prefix = "JB"

    status = models.CharField(_("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED)
    what = models.TextField(_("what happens"), max_length=2000)
    place = models.CharField(_("where"), max_length=200)
    district = models.ForeignKey(
        "orgs.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("district"),
    )
    street = models.ForeignKey(
        "orgs.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("street or town"),
    )
    occurred_at = models.DateTimeField(_("when"), null=True, blank=True)
    contact_name = EncryptedCharField(_("contact name"), blank=True, mask="text")
    contact_phone = EncryptedCharField(_("contact phone"), blank=True, mask="phone")
    result = models.TextField(_("result of the check"), blank=True, max_length=2000)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_on_time = models.BooleanField(_("answered on time"), null=True, blank=True)
    transferred_from = models.ForeignKey(
        "orgs.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("transferred from"),
    )
    transfer_reason = models.TextField(_("why it was transferred"), blank=True, max_length=2000)
    transferred_at = models.DateTimeField(_("transferred at"), null=True, blank=True)
    transferred_on_time = models.BooleanField(_("transferred on time"), null=True, blank=True)

    policy = ScopedPolicy(org_field="organisation", owner="submitter", owner_actions=(VIEW,))

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("report of a violation")
        verbose_name_plural = _("reports of violations")
        indexes = (models.Index(fields=("organisation", "status", "due_at"), name="enf_report_queue"),)

    def __str__(self) -> str:
        return self.tracking_number

    @property
    def title(self) -> str:
        return self.what[:40]

    @property
    def contact_masked(self) -> str:
        """The reporter as staff lists show them (第二十六条第三款): masked, or 匿名."""
        field = type(self)._meta.get_field("contact_phone")
        phone = field.masked(self.contact_phone) if self.contact_phone else ""
        if self.submitter_id is None and not phone:
            return gettext("anonymous")
        return phone or gettext("signed-in reporter")

    def get_absolute_url(self) -> str:
        return reverse("enforcement:report", kwargs={"number": self.tracking_number})


class ContactRating(BaseModel):
    """A rating of one enforcement contact (a report handled, a penalty case closed), 1–5 with an optional comment,
    one per contact. Only the body's average and count are public; the comments go to the body's staff and are
    never published (policy: they may name people; see docs/enforcement.md)."""

    body = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="contact_ratings", verbose_name=_("body")
    )
    kind = models.CharField(_("about"), max_length=8, choices=RatedKind.choices)
    subject_ref = models.CharField(_("reference"), max_length=100)
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True, max_length=500)

    policy = ScopedPolicy(org_field="body")

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("rating of an enforcement contact")
        verbose_name_plural = _("ratings of enforcement contacts")
        constraints = (
            models.UniqueConstraint(fields=("kind", "subject_ref"), name="one_rating_per_contact"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="rating_score_1_5"),
        )
        indexes = (models.Index(fields=("body", "score"), name="enf_rating_body"),)

    def __str__(self) -> str:
        return f"{self.subject_ref}: {self.score}"
