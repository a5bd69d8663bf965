"""Who enforces what (事前公示, 行政处罚法 第三十九条): each enforcement body's powers — the violation, the article it
violates and the article that sets the penalty — and its officers, as the law lets them be published.

An enforcement body is an organisation of the directory (a city or district working department, a street's or
town's 综合行政执法队); its staff manage its records through the scoped policy, and the public sees what is
published. Discretion standards and no-penalty lists hang off these matters (``fazhi.enforcement.rules``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import BaseModel
from fazhi.core.permissions import VIEW, ScopedPolicy
from fazhi.enforcement.choices import BasisRole, PowerKind
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
