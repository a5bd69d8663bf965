"""The law library: works, their versions (expressions, in FRBR terms), articles, citations and typical cases.

Works, versions, articles and cases are reference data loaded from the corpus by ``fazhi import laws``; they are
public to read and changed only by the importer, which writes one audit entry per imported document rather than
one per article. Interpretations and must-know lists (later) are staff-authored business records on BaseModel.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import BaseModel
from fazhi.core.permissions import ADD, DELETE, VIEW, OwnerOnlyPolicy, Policy, RestrictedQuerySet, ScopedPolicy
from fazhi.laws.choices import ChangeKind, CitationProblem, CitationStatus, DocType, VersionStatus


class ReferencePolicy(Policy):
    """Reference data: everyone reads it; only the importer (and platform administrators) change it."""

    public_actions = frozenset({"view"})

    def filter(self, queryset: models.QuerySet, user: Any, action: str) -> models.QuerySet:
        if action == "view" or (user.is_authenticated and user.is_superuser):
            return queryset
        return queryset.none()

    def allows_any(self, user: Any, action: str) -> bool:
        return action == "view" or (user.is_authenticated and user.is_superuser)

    def allows_object(self, user: Any, action: str, obj: models.Model) -> bool:
        return self.allows_any(user, action)


class Work(models.Model):
    """A law as an abstract work (all its versions): 中华人民共和国民法典."""

    key = models.CharField(max_length=200, unique=True, help_text="normalised full title")
    title = models.CharField(_("title"), max_length=200)
    short_title = models.CharField(_("short title"), max_length=200, db_index=True)
    initial = models.CharField(
        _("initial"),
        max_length=1,
        db_index=True,
        default="#",
        help_text="first letter of the short title's pinyin, for A–Z browsing",
    )
    doc_type = models.CharField(_("type"), max_length=32, choices=DocType.choices, db_index=True)
    level = models.PositiveSmallIntegerField(_("level"), db_index=True)
    region = models.CharField(_("region"), max_length=20, db_index=True)
    category = models.CharField(_("category"), max_length=40, db_index=True)
    current_version = models.ForeignKey("Version", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    policy = ReferencePolicy()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ("level", "short_title")
        verbose_name = _("law")
        verbose_name_plural = _("laws")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("laws:work", kwargs={"key": self.key})

    def version_on(self, day: dt.date | None) -> Version | None:
        """The version in force on ``day`` (the latest dated on or before it); the current one without a day."""
        if day is None:
            return self.current_version
        return (
            self.versions.filter(models.Q(version_date__lte=day) | models.Q(version_date__isnull=True))
            .order_by("-version_date")
            .first()
        )

    @property
    def frbr_work(self) -> str:
        """Akoma Ntoso-style FRBR work identifier."""
        return f"/akn/cn{'' if self.region == 'national' else '-' + self.region}/{self.doc_type}/{self.key}"


class Version(models.Model):
    """One version (expression) of a work, from one source file: the text as it stood from ``version_date``."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="versions")
    path = models.CharField(max_length=300, unique=True, help_text="source file, relative to the corpus root")
    title = models.CharField(_("title"), max_length=200)
    subtitle = models.CharField(_("subtitle"), max_length=200, blank=True)
    version_date = models.DateField(_("version date"), null=True, blank=True, db_index=True)
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=VersionStatus.choices, db_index=True)
    change = models.CharField(
        _("change"), max_length=10, choices=ChangeKind.choices, default=ChangeKind.ENACTED, db_index=True
    )
    status_reason = models.CharField(
        _("status reason"), max_length=300, blank=True, help_text="what in the corpus says the version is not current"
    )
    issuing_body = models.CharField(_("issuing body"), max_length=200, blank=True)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    history = models.JSONField(_("history"), default=list)
    toc = models.JSONField(default=list, help_text="table of contents: nested headings with their article keys")
    preamble = models.TextField(blank=True)
    numbering = models.CharField(max_length=10, default="article")
    content_hash = models.CharField(max_length=64)
    cited_hash = models.CharField(
        max_length=64, blank=True, help_text="citation_mark(content_hash) when citations were resolved"
    )
    imported_at = models.DateTimeField(auto_now=True)

    policy = ReferencePolicy()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ("work", "-version_date")
        verbose_name = _("version")
        verbose_name_plural = _("versions")

    def __str__(self) -> str:
        return f"{self.title} ({self.version_date or '—'})"

    def get_absolute_url(self) -> str:
        return reverse("laws:version", kwargs={"key": self.work.key, "date": self.date_slug})

    @property
    def date_slug(self) -> str:
        return self.version_date.isoformat() if self.version_date else f"v{self.pk}"

    @property
    def frbr_expression(self) -> str:
        return f"{self.work.frbr_work}/zho@{self.date_slug}"


class CorpusSource(models.Model):
    """Where the imported corpus comes from (data/laws/SOURCE.json, read by the importer): the source repository,
    its commit and that commit's date — the library is complete up to that date at best ("收录截至")."""

    repository = models.CharField(max_length=300)
    commit = models.CharField(max_length=64)
    commit_date = models.CharField(max_length=40, help_text="the commit's own date (ISO 8601, as git gives it)")
    collected_on = models.DateField(help_text="the commit date's calendar day in its own time zone")
    imported_at = models.DateTimeField(auto_now=True)

    policy = ReferencePolicy()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("corpus source")
        verbose_name_plural = _("corpus sources")

    def __str__(self) -> str:
        return f"{self.repository}@{self.commit[:12]}"


class Article(models.Model):
    """A 条 of one version. (number, suffix) — 第一百二十条之一 is (120, 1) — is unique within the version."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="articles")
    number = models.PositiveIntegerField(_("article number"))
    suffix = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(_("label"), max_length=40)
    heading = models.CharField(_("chapter"), max_length=300, blank=True)
    text = models.TextField(_("text"))
    paragraphs = models.JSONField(default=list, help_text="款 with their 项: [{'text': ..., 'items': [[label, text]]}]")
    position = models.PositiveIntegerField()

    policy = ReferencePolicy()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ("version", "position")
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = (
            models.UniqueConstraint(fields=("version", "number", "suffix"), name="unique_article_in_version"),
        )

    def __str__(self) -> str:
        return f"{self.version.work.short_title}{self.label}"

    def get_absolute_url(self) -> str:
        return reverse("laws:article", kwargs={"key": self.version.work.key, "number": self.slug})

    @property
    def anchor(self) -> str:
        return f"art-{self.number}" + (f"-{self.suffix}" if self.suffix else "")

    @property
    def slug(self) -> str:
        return f"{self.number}" + (f"-{self.suffix}" if self.suffix else "")

    @property
    def frbr_uri(self) -> str:
        return f"{self.version.frbr_expression}/!main~art_{self.slug}"


class TypicalCase(models.Model):
    """A typical case (典型案例) from the corpus, with the articles it cites."""

    path = models.CharField(max_length=300, unique=True)
    title = models.CharField(_("title"), max_length=300)
    category = models.CharField(_("category"), max_length=100, blank=True, db_index=True)
    facts = models.TextField(_("facts"), blank=True)
    holding = models.TextField(_("holding"), blank=True)
    reasoning = models.TextField(_("reasoning"), blank=True)
    full_text = models.TextField()
    content_hash = models.CharField(max_length=64)
    cited_hash = models.CharField(
        max_length=64, blank=True, help_text="citation_mark(content_hash) when citations were resolved"
    )

    policy = ReferencePolicy()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ("category", "title")
        verbose_name = _("typical case")
        verbose_name_plural = _("typical cases")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("laws:case", kwargs={"pk": self.pk})


class Citation(models.Model):
    """A reference found in an article's or a case's text, resolved to a work and article (or not, with why)."""

    source_article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="citations"
    )
    source_case = models.ForeignKey(
        TypicalCase, null=True, blank=True, on_delete=models.CASCADE, related_name="citations"
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.CharField(max_length=300)
    status = models.CharField(max_length=10, choices=CitationStatus.choices, db_index=True)
    target_work = models.ForeignKey(Work, null=True, blank=True, on_delete=models.SET_NULL, related_name="cited_by")
    target_number = models.PositiveIntegerField(null=True, blank=True)
    target_suffix = models.PositiveSmallIntegerField(default=0)
    paragraph = models.PositiveSmallIntegerField(null=True, blank=True)
    item = models.PositiveSmallIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True, help_text="the resolver's reason (for developers)")
    problem = models.CharField(
        max_length=20, choices=CitationProblem.choices, blank=True, help_text="why it is not linked, for readers"
    )

    policy = ReferencePolicy()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ("source_article", "source_case", "start")
        indexes = (models.Index(fields=("target_work", "target_number", "target_suffix")),)
        verbose_name = _("citation")
        verbose_name_plural = _("citations")

    def __str__(self) -> str:
        return self.text


def parse_article_slug(slug: str) -> tuple[int, int] | None:
    """'1165' → (1165, 0); '120-1' → (120, 1); anything else → None."""
    number, _sep, suffix = slug.partition("-")
    if not number.isdigit() or (suffix and not suffix.isdigit()) or len(slug) > 12:
        return None
    return int(number), int(suffix or 0)


def parse_date_slug(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


# --- staff-authored records (audited, scoped) ------------------------------------------------------------------


class Interpretation(BaseModel):
    """A 解读 of a law or one of its articles, published together with it (plan measure (六))."""

    work = models.ForeignKey(Work, on_delete=models.PROTECT, related_name="interpretations", verbose_name=_("law"))
    article_number = models.PositiveIntegerField(
        _("article number"), null=True, blank=True, help_text=_("Leave empty for the law as a whole.")
    )
    article_suffix = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("interpretation"), max_length=50000)
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("published by")
    )
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    policy = ScopedPolicy(org_field="organisation", public=Q(is_published=True), public_actions=(VIEW,))

    class Meta:
        ordering = ("-published_at", "-created_at")
        verbose_name = _("interpretation")
        verbose_name_plural = _("interpretations")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("laws:interpretation", kwargs={"pk": self.pk})


class MustKnowList(BaseModel):
    """应知应会清单: the articles leading officials of one level must know (plan measure (五))."""

    title = models.CharField(_("title"), max_length=200)
    level = models.CharField(
        _("for officials at"),
        max_length=16,
        choices=[("city", _("City level")), ("district", _("District level")), ("street", _("Street and town level"))],
    )
    year = models.PositiveSmallIntegerField(_("year"))
    description = models.TextField(_("description"), blank=True, max_length=5000)
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("compiled by")
    )
    is_published = models.BooleanField(_("published"), default=False)

    policy = ScopedPolicy(org_field="organisation", public=Q(is_published=True), public_actions=(VIEW,))

    class Meta:
        ordering = ("-year", "level", "title")
        verbose_name = _("must-know list")
        verbose_name_plural = _("must-know lists")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("laws:mustknow", kwargs={"pk": self.pk})


class MustKnowItem(BaseModel):
    must_know_list = models.ForeignKey(MustKnowList, on_delete=models.CASCADE, related_name="items")
    work = models.ForeignKey(Work, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField()
    suffix = models.PositiveSmallIntegerField(default=0)
    citation = models.CharField(max_length=200, help_text="as the compiler wrote it")
    position = models.PositiveIntegerField(default=0)

    policy = ScopedPolicy(
        org_field="must_know_list__organisation", public=Q(must_know_list__is_published=True), public_actions=(VIEW,)
    )

    class Meta:
        ordering = ("must_know_list", "position")
        verbose_name = _("must-know article")
        verbose_name_plural = _("must-know articles")

    def __str__(self) -> str:
        return self.citation


class Follow(BaseModel):
    """A person follows a law (or one article) and hears of new versions and interpretations."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="law_follows")
    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="followers")
    article_number = models.PositiveIntegerField(null=True, blank=True)

    policy = OwnerOnlyPolicy(owner="user", owner_actions=(VIEW, ADD, DELETE))

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = (models.UniqueConstraint(fields=("user", "work", "article_number"), name="unique_follow"),)

    def __str__(self) -> str:
        return f"{self.user} → {self.work}"
