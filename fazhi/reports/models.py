"""What staff select for the year's white paper (白皮书): typical cases and good practices (典型经验做法).

The white paper is the city's report on the plan (measure (三十)), so its selections are made and read by staff
whose role covers the whole city (the city office, leaders, evaluators, administrators): see :class:`CityWidePolicy`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import BaseModel
from fazhi.core.permissions import CityWidePolicy
from fazhi.reports.choices import SelectionKind

#: The plan runs 2021–2025; a white paper can be made for any year from its start to the current one.
FIRST_YEAR = 2021


def year_range() -> range:
    return range(FIRST_YEAR, timezone.localdate().year + 1)


def check_year(year: Any) -> int:
    """The year as an int, or a ValidationError saying which years are possible."""
    years = year_range()
    try:
        value = int(year)
    except (TypeError, ValueError):
        value = None
    if value not in years:
        raise ValidationError(
            _("Give a year from %(first)s to %(last)s.") % {"first": years[0], "last": years[-1]}, code="year"
        )
    return value


class Selection(BaseModel):
    """A typical case or a good practice chosen for one year's white paper, in the order it is printed."""

    year = models.PositiveSmallIntegerField(
        _("year"), db_index=True, validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(2100)]
    )
    kind = models.CharField(_("kind"), max_length=16, choices=SelectionKind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0, help_text=_("Printed in this order (1 first)."))
    case = models.ForeignKey(
        "laws.TypicalCase",
        null=True,
        blank=True,
        # A case that leaves the law library leaves the selection without it; the report skips it.
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("typical case"),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "orgs.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
        help_text=_("Good practices: the organisation whose practice it is."),
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        max_length=3000,
        help_text=_("Good practices: what was done and what it achieved. Typical cases: why it was chosen."),
    )
    task = models.ForeignKey(
        "supervision.Task",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("task"),
    )
    measure = models.ForeignKey(
        "supervision.Measure",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("measure"),
    )

    policy = CityWidePolicy()

    class Meta:
        ordering = ("year", "kind", "order", "pk")
        verbose_name = _("white paper selection")
        verbose_name_plural = _("white paper selections")
        constraints = (
            models.UniqueConstraint(
                fields=("year", "case"), condition=Q(case__isnull=False), name="unique_case_per_year"
            ),
        )

    def __str__(self) -> str:
        if self.kind == SelectionKind.CASE:
            return str(self.case) if self.case_id else str(_("(typical case removed from the library)"))
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports_console:selection_edit", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.year is not None:
            try:
                check_year(self.year)
            except ValidationError as exc:
                errors["year"] = exc.messages
        if self.kind == SelectionKind.CASE:
            if not self.case_id:
                errors["case"] = _("Choose the typical case.")
        elif self.kind == SelectionKind.PRACTICE:
            self.title = (self.title or "").strip()
            self.summary = (self.summary or "").strip()
            if not self.title:
                errors["title"] = _("Give the good practice a title.")
            if not self.organisation_id:
                errors["organisation"] = _("Name the organisation whose practice it is.")
            if not self.summary:
                errors["summary"] = _("Summarise the good practice.")
            if self.case_id:
                errors["case"] = _("A good practice is not a typical case: leave the case empty.")
        if self.task_id and self.measure_id and self.task.measure_id != self.measure_id:
            errors["task"] = _("The task carries out another measure than the one chosen.")
        if self.task_id and not self.measure_id:
            self.measure_id = self.task.measure_id
        if (
            self.case_id
            and self.year
            and Selection.objects.filter(year=self.year, case_id=self.case_id).exclude(pk=self.pk).exists()
        ):
            errors["case"] = _("This typical case is already selected for %(year)s.") % {"year": self.year}
        if errors:
            raise ValidationError(errors)
