"""The one permission mechanism of the platform.

A user's power is a set of grants: (permission codename, organisation subtree). Grants come from role
assignments (accounts.RoleAssignment): a role carries Django permissions, the assignment carries the scope.
Every model declares a :class:`Policy` that turns "may this user do ACTION?" into a QuerySet filter, so the
list, detail, API, export and search all ask the same question the same way::

    Suggestion.objects.restrict(request.user, "view")
    Suggestion.policy.allows(request.user, "change", suggestion)

Views and API endpoints never check permissions any other way; tests walk every URL with every role.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol, Self, cast

from django.db import models
from django.db.models import Q

from fazhi.core import hooks

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"


class _Everywhere:
    """Scope sentinel: the grant covers every organisation (platform administrators, city-wide roles)."""

    def __bool__(self) -> bool:
        return True

    def __repr__(self) -> str:
        return "EVERYWHERE"


EVERYWHERE = _Everywhere()
Scopes = list[str] | _Everywhere  # organisation paths, or everywhere


def perm_codename(model: type[models.Model], action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def _grants(user: Any) -> dict[str, list[str]]:
    """Permission → scope paths, computed once per user object (i.e. once per request)."""
    cached = getattr(user, "_fazhi_grants", None)
    if cached is None:
        cached = hooks.grants_for(user)
        user._fazhi_grants = cached
    return cached


def scopes_for(user: Any, perm: str) -> Scopes:
    """The organisation subtrees in which ``user`` holds ``perm`` (``[]`` when none)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return EVERYWHERE
    paths = _grants(user).get(perm, [])
    if "" in paths:  # a grant scoped to the root organisation covers everything
        return EVERYWHERE
    return paths


def is_staff_member(user: Any) -> bool:
    """Whether the user holds any role at all — the test for entering the staff console."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(_grants(user))


def path_in_scopes(path: str | None, scopes: Scopes) -> bool:
    if isinstance(scopes, _Everywhere):
        return True
    return path is not None and any(path.startswith(scope) for scope in scopes)


class _Organisational(Protocol):
    path: str


def _follow(obj: Any, dotted: str) -> Any:
    for part in dotted.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, part)
    return obj


class Policy:
    """Who may do what with one model's records. Subclasses override :meth:`filter` and :meth:`allows_object`."""

    #: Actions that anyone, even anonymous, may take on the records matching :meth:`public_q`.
    public_actions: frozenset[str] = frozenset()
    model: type[models.Model]

    def __set_name__(self, owner: type[models.Model], name: str) -> None:
        # Declared as ``policy = ScopedPolicy(...)`` in a model body: remember the model it guards.
        self.model = owner

    def public_q(self) -> Q:
        return Q()

    def filter(self, queryset: models.QuerySet, user: Any, action: str) -> models.QuerySet:
        raise NotImplementedError

    def allows(self, user: Any, action: str, obj: models.Model | None = None) -> bool:
        """Model-level when ``obj`` is None (may the user do this to *any* record?), else for that record."""
        if obj is None:
            return self.allows_any(user, action)
        if obj.pk is None:  # an unsaved record: adding it
            return self.allows_object(user, action, obj)
        return self.filter(obj._meta.model._default_manager.filter(pk=obj.pk), user, action).exists()

    def allows_any(self, user: Any, action: str) -> bool:
        raise NotImplementedError

    def allows_object(self, user: Any, action: str, obj: models.Model) -> bool:
        raise NotImplementedError

    def granted(self, queryset: models.QuerySet, user: Any, action: str) -> models.QuerySet:
        """The records ``user`` may take ``action`` on through a grant or as their owner — not merely because they
        are open to anyone (:meth:`public_q`). What a record's dependent files follow: a public organisation's
        page does not make its private documents public."""
        if action in self.public_actions:
            raise NotImplementedError(f"{type(self).__name__} cannot tell granted from public records")
        return self.filter(queryset, user, action)


class ScopedPolicy(Policy):
    """Records belong to an organisation; grants on that organisation's ancestors reach them.

    ``org_field``: the lookup from the record to its organisation (``""`` when the record *is* an organisation).
    ``owner``: a lookup to the user who owns the record (a citizen's own submission), who may take
    ``owner_actions`` on it without any role. ``public``: a Q for the records anyone may take ``public_actions`` on.
    """

    def __init__(
        self,
        *,
        org_field: str = "organisation",
        owner: str | None = None,
        owner_actions: Iterable[str] = (VIEW,),
        public: Q | Callable[[], Q] | None = None,
        public_actions: Iterable[str] = (),
    ):
        self.org_field = org_field
        self.owner = owner
        self.owner_actions = frozenset(owner_actions)
        self._public = public
        self.public_actions = frozenset(public_actions)

    def public_q(self) -> Q:
        public = self._public
        if callable(public):
            return public()
        return public if public is not None else Q()

    def _path_lookup(self) -> str:
        return f"{self.org_field}__path" if self.org_field else "path"

    def _owner_q(self, user: Any) -> Q | None:
        if self.owner is None or not user.is_authenticated:
            return None
        return Q(**{self.owner: user})

    def filter(self, queryset: models.QuerySet, user: Any, action: str) -> models.QuerySet:
        return self._filter(queryset, user, action, public=True)

    def granted(self, queryset: models.QuerySet, user: Any, action: str) -> models.QuerySet:
        if action in self.public_actions and type(self).filter is not ScopedPolicy.filter:
            raise NotImplementedError(f"{type(self).__name__} cannot tell granted from public records")
        if action not in self.public_actions:
            return self.filter(queryset, user, action)  # a subclass's own filter (e.g. routes) applies
        return self._filter(queryset, user, action, public=False)

    def _filter(self, queryset: models.QuerySet, user: Any, action: str, *, public: bool) -> models.QuerySet:
        scopes = scopes_for(user, perm_codename(queryset.model, action))
        if isinstance(scopes, _Everywhere):
            return queryset
        conditions: list[Q] = [Q(**{f"{self._path_lookup()}__startswith": path}) for path in scopes]
        if public and action in self.public_actions:
            conditions.append(self.public_q())
        owner_q = self._owner_q(user) if action in self.owner_actions else None
        if owner_q is not None:
            conditions.append(owner_q)
        if not conditions:
            return queryset.none()
        combined = conditions[0]
        for condition in conditions[1:]:
            combined |= condition
        return queryset.filter(combined)

    def allows_any(self, user: Any, action: str) -> bool:
        if action in self.public_actions:
            return True
        if action in self.owner_actions and self.owner is not None and user.is_authenticated:
            return True
        return bool(scopes_for(user, perm_codename(self.model, action)))

    def allows_object(self, user: Any, action: str, obj: models.Model) -> bool:
        owner = self.owner if action in self.owner_actions and user.is_authenticated else None
        if owner is not None and _follow(obj, owner) == user:
            return True
        scopes = scopes_for(user, perm_codename(obj._meta.model, action))
        return path_in_scopes(self.path_of(obj), scopes)

    def path_of(self, obj: models.Model) -> str | None:
        """The organisation path a record sits under; a new organisation is judged by its parent."""
        if self.org_field:
            organisation = _follow(obj, self.org_field)
            return organisation.path if organisation is not None else None
        if obj.pk is None:
            parent = getattr(obj, "parent", None)
            return parent.path if parent is not None else None
        # An empty org_field means the record is itself an organisation, which has a path.
        return cast(_Organisational, obj).path


class OwnerOnlyPolicy(ScopedPolicy):
    """Personal records (notifications, tokens): only their owner, and platform administrators, see them."""

    owner: str  # always given (ScopedPolicy's may be None)

    def __init__(self, *, owner: str, owner_actions: Iterable[str] = (VIEW, CHANGE, DELETE)):
        super().__init__(org_field="", owner=owner, owner_actions=owner_actions)

    def filter(self, queryset: models.QuerySet, user: Any, action: str) -> models.QuerySet:
        if user.is_authenticated and user.is_superuser:
            return queryset
        owner_q = self._owner_q(user) if action in self.owner_actions else None
        return queryset.filter(owner_q) if owner_q is not None else queryset.none()

    def allows_any(self, user: Any, action: str) -> bool:
        return user.is_authenticated and (user.is_superuser or action in self.owner_actions)

    def allows_object(self, user: Any, action: str, obj: models.Model) -> bool:
        return user.is_authenticated and (user.is_superuser or _follow(obj, self.owner) == user)


class CityWidePolicy(Policy):
    """Platform configuration (time limits, sensitive words): only grants that cover the whole city reach it.

    A district handler holds ``change_*`` too, but within the district; settings that apply to every district are
    for the city office and administrators. ``public_view`` makes reading open to all (time limits are public;
    the list of sensitive words is not, or it would teach how to avoid it).
    """

    def __init__(self, *, public_view: bool = False):
        self.public_actions = frozenset({VIEW}) if public_view else frozenset()

    def _city_wide(self, user: Any, action: str) -> bool:
        return action in self.public_actions or scopes_for(user, perm_codename(self.model, action)) is EVERYWHERE

    def filter(self, queryset: models.QuerySet, user: Any, action: str) -> models.QuerySet:
        return queryset if self._city_wide(user, action) else queryset.none()

    def allows_any(self, user: Any, action: str) -> bool:
        return self._city_wide(user, action)

    def allows_object(self, user: Any, action: str, obj: models.Model) -> bool:
        return self._city_wide(user, action)


class RestrictedQuerySet(models.QuerySet):
    """The default QuerySet of every business model: ``.restrict(user, action)`` applies the model's policy."""

    def restrict(self, user: Any, action: str = VIEW) -> Self:
        # Every policy's filter() returns the queryset it is given, or one derived from it (filter(), none(), |),
        # which keeps its class.
        return cast(Self, policy_of(self.model).filter(self, user, action))


def policy_of(model: type[models.Model]) -> Policy:
    policy = getattr(model, "policy", None)
    if policy is None:
        raise TypeError(f"{model.__name__} declares no permission policy")
    return policy
