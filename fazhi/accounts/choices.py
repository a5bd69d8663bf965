from django.db import models
from django.utils.translation import gettext_lazy as _


class RoleCode(models.TextChoices):
    ADMIN = "admin", _("Platform administrator")
    MANAGER = "manager", _("Organisation manager")
    HANDLER = "handler", _("Case handler")
    REVIEWER = "reviewer", _("Reviewer")
    LEADER = "leader", _("Leader")
    EVALUATOR = "evaluator", _("Third-party evaluator")
    OPERATOR = "operator", _("12345 hotline operator")
    EDITOR = "editor", _("Legal-education editor")
