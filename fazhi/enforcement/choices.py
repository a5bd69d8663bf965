from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PowerKind(models.TextChoices):
    """Kinds of enforcement power (执法事项类别) a body publishes (行政处罚法 第三十九条, 行政许可法 第三十条)."""

    PENALTY = "penalty", pgettext_lazy("enforcement power", "administrative penalty")
    PERMIT = "permit", pgettext_lazy("enforcement power", "administrative permit")
    COERCION = "coercion", pgettext_lazy("enforcement power", "administrative coercion")
    LEVY = "levy", pgettext_lazy("enforcement power", "administrative levy")
    INSPECTION = "inspection", pgettext_lazy("enforcement power", "administrative inspection")


class BasisRole(models.TextChoices):
    """What an article does for an enforcement matter."""

    FORBIDS = "forbids", _("the article that the act violates")
    PENALISES = "penalises", _("the article that sets the penalty")
    EMPOWERS = "empowers", _("the article that grants the power")
