"""Who is who in credit, in one place: the public credit information centre (市公共信用信息服务中心, which gathers
every provider's records, 上海市社会信用条例 第十一条, and so works on all of them) and the accounts that act for a
subject (the person themself, or an organisation's representative; 第十七条)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from fazhi.core.permissions import path_in_scopes, scopes_for
from fazhi.orgs.models import Organisation


def centre_code() -> str:
    return str(getattr(settings, "CREDIT_CENTRE_CODE", "31-XYZX"))  # data/orgs/bodies.csv


def centre() -> Organisation:
    found = Organisation.objects.filter(code=centre_code()).first()
    if found is None:
        raise ValidationError(_("The credit centre is not set up on this platform."))
    return found


def centre_path() -> str | None:
    return Organisation.objects.filter(code=centre_code()).values_list("path", flat=True).first()


def is_centre_staff(user: Any, perm: str) -> bool:
    """Whether ``user`` holds ``perm`` over the credit centre (its own staff, or a body above it)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    scopes = scopes_for(user, perm)
    if not scopes:
        return False
    return path_in_scopes(centre_path(), scopes)


def works_with_credit(user: Any, perm: str) -> bool:
    """The credit centre's staff, and the staff of the bodies that provide records (those with enforcement powers,
    whose decisions are most records) and apply the measures: whom the credit consoles are for."""
    from fazhi.enforcement.scope import covers_enforcement_body

    return is_centre_staff(user, perm) or covers_enforcement_body(user, perm)


def subjects_of(user: Any) -> QuerySet[Any]:
    """The subjects ``user`` acts for."""
    from fazhi.credit.models import Subject

    if user is None or not getattr(user, "is_authenticated", False):
        return Subject.objects.none()
    return Subject.objects.filter(accounts__user=user).distinct().order_by("name", "pk")


def acts_for(user: Any, subject: Any) -> bool:
    from fazhi.credit.models import SubjectAccount

    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and SubjectAccount.objects.filter(user=user, subject=subject).exists()
    )
