"""Organisations: Shanghai's administrative hierarchy plus the functional bodies that work in it.

The tree is stored as a materialised path (``/31/310101/310101002/``) so that "this organisation and
everything under it" — the unit of every permission scope — is one indexed ``startswith`` on any database.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import AuditedQuerySet, BaseModel
from fazhi.core.permissions import EVERYWHERE, VIEW, ScopedPolicy, scopes_for
from fazhi.orgs.choices import BodyType, OrganisationKind
from fazhi.orgs.pinyin import initials


class OrganisationQuerySet(AuditedQuerySet):
    def where(self, user, perm: str) -> OrganisationQuerySet:
        """Organisations in whose subtree ``user`` holds ``perm`` ("where may I grant roles?")."""
        scopes = scopes_for(user, perm)
        if scopes is EVERYWHERE:
            return self
        condition = Q(pk__in=[])
        for path in scopes:
            condition |= Q(path__startswith=path)
        return self.filter(condition)


class Organisation(BaseModel):
    """A division (city, district, street/town, community) or a functional body placed under one."""

    code = models.CharField(
        _("code"), max_length=32, unique=True, help_text=_("Statistical division code, or an assigned body code.")
    )
    name = models.CharField(_("name"), max_length=100, db_index=True)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=OrganisationKind.choices, db_index=True)
    body_type = models.CharField(_("body type"), max_length=32, choices=BodyType.choices, blank=True, db_index=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("parent")
    )
    #: Pinyin initials of the name and the short name (``hpqscjgj hpqscjgj``), for the picker; set on save.
    initials = models.CharField(_("pinyin initials"), max_length=200, blank=True, editable=False, db_index=True)
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    description = models.TextField(_("description"), blank=True)
    address = models.CharField(_("office address"), max_length=200, blank=True)
    phone = models.CharField(_("office phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = OrganisationQuerySet.as_manager()

    # The directory is public; changes need the permission within the organisation's subtree.
    policy = ScopedPolicy(org_field="", public=Q(is_active=True), public_actions=(VIEW,))

    class Meta:
        ordering = ("path",)
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("orgs:detail", kwargs={"code": self.code})

    def clean(self) -> None:
        if self.parent_id and self.pk and self.parent.path.startswith(self.path or "\0"):
            raise ValidationError({"parent": _("An organisation cannot be placed under itself or its own subtree.")})
        if self.kind == OrganisationKind.BODY and not self.body_type:
            raise ValidationError({"body_type": _("A functional body needs a body type.")})
        if self.kind != OrganisationKind.BODY and self.body_type:
            raise ValidationError({"body_type": _("Only functional bodies have a body type.")})

    def save(self, *args, **kwargs) -> None:
        old_path = self.path
        self.path = f"{self.parent.path if self.parent_id else '/'}{self.code}/"
        self.depth = self.path.count("/") - 2
        self.initials = initials(self.name, self.short_name)
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            for child in self.children.all():
                child.save()  # re-derives its path from ours, recursively (audited)

    @property
    def division(self) -> Organisation:
        """The nearest administrative division: a body's jurisdiction, or the division itself."""
        node = self
        while node.kind == OrganisationKind.BODY and node.parent_id:
            node = node.parent
        return node

    def ancestors(self) -> models.QuerySet[Organisation]:
        codes = [code for code in self.path.strip("/").split("/")[:-1]]
        return Organisation.objects.filter(code__in=codes).order_by("depth")

    def descendants(self) -> models.QuerySet[Organisation]:
        return Organisation.objects.filter(path__startswith=self.path).exclude(pk=self.pk)
