"""The kinds of matter the platform knows, so that 我的办件, the staff queues and the sweep can span them all.

A module registers its matter model in ``AppConfig.ready()``::

    register_matter(MatterType(
        model=Suggestion,
        label=_("People's suggestion"),
        title_field="theme",
        status_field="status",
        closed_statuses={"closed"},
        citizen_url=lambda s: reverse("suggestions:mine", args=[s.tracking_number]),
        staff_url=lambda s: reverse("suggestions_console:detail", args=[s.pk]),
    ))

Its steps and clocks are declared in the module's ``workflow.py`` (``fazhi.workflow``), built with
:func:`fazhi.casework.services.matter_workflow` so that each step's history and notification are written here.

The model inherits :class:`fazhi.casework.models.Matter`; if it also inherits ``Moderated`` its pending items
appear in the moderation queue.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models

from fazhi.core.permissions import policy_of

if TYPE_CHECKING:
    from fazhi.casework.models import Matter


@dataclass(frozen=True)
class MatterType:
    model: type[Matter]
    label: Any
    title_field: str
    status_field: str = "status"
    closed_statuses: frozenset[str] | set[str] = frozenset()
    citizen_url: Callable[[Any], str] | None = None
    staff_url: Callable[[Any], str] | None = None
    #: For steps not yet taken through a declared workflow: the clock each status starts (``record_event``).
    status_clocks: dict[str, str] = field(default_factory=dict)
    #: Statuses in which the matter waits for its submitter (a reply awaiting the citizen's confirmation), not for
    #: staff: they carry no staff deadline — no clock runs in them — so they are never overdue,
    #: alerted or escalated. The module closes them itself if the citizen never answers.
    waiting_statuses: frozenset[str] | set[str] = frozenset()
    #: the module's own moderation step ``(item, *, approve, user, note)``, when approving or refusing an item is
    #: a step of its story (history, notification); the shared moderation queue calls it instead of the default.
    moderate: Callable[..., Any] | None = None
    #: The fields 我的办件 needs (with those the title and status derive from); empty: all. Loading only these keeps
    #: the page quick for a citizen with hundreds of matters.
    list_fields: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        return self.model._meta.label_lower

    @property
    def moderated(self) -> bool:
        from fazhi.casework.models import Moderated

        return issubclass(self.model, Moderated)

    def records(self) -> models.QuerySet[Matter]:
        """Every record of this kind, through the model's default manager."""
        return self.model._default_manager.all()

    def restricted(self, user: Any, action: str) -> models.QuerySet[Matter]:
        """The records ``user`` may take ``action`` on, by the model's policy (what ``objects.restrict()`` gives)."""
        return policy_of(self.model).filter(self.records(), user, action)

    def status_label(self, status: str) -> str:
        choices = dict(status_field(self.model, self.status_field).flatchoices)
        return str(choices.get(status, status))


def status_field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    """A matter model's status field (a column with choices, not a relation)."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model._meta.label}.{name} is not a field with choices")
    return field


MATTER_TYPES: dict[str, MatterType] = {}


def register_matter(matter_type: MatterType) -> None:
    MATTER_TYPES[matter_type.kind] = matter_type


def matter_type_of(obj_or_model: Any) -> MatterType:
    model: type[models.Model] = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    return MATTER_TYPES[model._meta.label_lower]


# --- what else belongs in 我的办件 ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CitizenRecord:
    """One thing a citizen did that is not a matter (no tracking number, nobody handles it) but is theirs to find
    again in 我的办件: a survey answered, say. ``details`` are (label, value) pairs shown folded under it."""

    title: str
    when: Any  # a datetime
    status: Any = ""
    url: str = ""
    details: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class CitizenRecordKind:
    """A module's records of that kind: ``rows(user)`` gives the user's own, newest first."""

    key: str
    label: Any
    rows: Callable[[Any], list[CitizenRecord]]


#: Registered from each module's ``registrations.py`` (surveys: the answers a person gave).
CITIZEN_RECORDS: dict[str, CitizenRecordKind] = {}


def register_citizen_records(kind: CitizenRecordKind) -> None:
    CITIZEN_RECORDS[kind.key] = kind
