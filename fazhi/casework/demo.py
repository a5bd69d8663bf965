"""What the modules' demo years share (``fazhi setup --demo``): the demo's residents and staff, the demo clock,
and :class:`Backdating`, which moves what the services wrote today into the demo year. Each module's demo loader
(``<app>/demo.py``) uses these; the demo accounts themselves are made by ``fazhi.platform.demo``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.utils import timezone

from fazhi.accounts.models import RoleAssignment, User
from fazhi.casework.models import MatterEvent
from fazhi.core.context import acting
from fazhi.notifications.models import Notification
from fazhi.orgs.models import Organisation

#: Residents who report problems, make suggestions and answer surveys in the demo year. They cannot log in (no
#: password, no phone, no e-mail): they only give the demo's records their authors.
RESIDENT_NAMES = (
    "王建国", "李秀英", "张伟", "刘芳", "陈志强", "杨丽", "赵敏", "黄海涛", "周静", "吴磊",
    "徐慧", "孙立新", "胡雪梅", "朱明", "高翔", "林晓燕", "何军", "郭琳", "马超", "罗佳",
    "梁宏", "宋雨婷", "郑国华", "谢婷", "韩冰", "唐文", "冯晓东", "于洁", "董浩", "萧雅",
    "程刚", "曹颖", "袁斌", "邓丽君", "许文博", "傅敏", "沈一鸣", "曾倩", "彭涛", "吕佳琪",
    "苏建华", "卢燕", "蒋晨", "蔡文静", "贾亮", "丁晓梅", "魏东", "薛红", "叶子豪", "阎蕾",
    "余伟", "潘婷", "杜永刚", "戴珊", "夏天", "钟诚", "汪琴", "田野", "任洁", "姜涛",
)  # fmt: skip


def demo_residents() -> list[User]:
    """The demo's residents (``resident01`` …), created once; in order."""
    return demo_people("resident", [f"市民 {name}" for name in RESIDENT_NAMES])


def demo_people(prefix: str, display_names: Sequence[str]) -> list[User]:
    """Accounts ``<prefix>01`` … with these display names that cannot log in, created once; in order."""
    usernames = [f"{prefix}{n:02d}" for n in range(1, len(display_names) + 1)]
    existing = {u.username: u for u in User.objects.filter(username__in=usernames)}
    if len(existing) < len(usernames):
        with acting(source="cli", action="demo.people"), transaction.atomic():
            for username, name in zip(usernames, display_names, strict=True):
                if username not in existing:
                    user = User(username=username, display_name=name)
                    user.set_unusable_password()
                    user.save()
                    existing[username] = user
    return [existing[username] for username in usernames]


def _dated_fields(model: type[models.Model], when: dt.datetime) -> dict[str, Any]:
    values: dict[str, Any] = {name: when for name in ("created_at", "updated_at", "at") if _has_field(model, name)}
    if model is Notification:
        values["read_at"] = when  # last year's news: read back then, not waiting in today's inbox
    return values


def _has_field(model: type[models.Model], name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


@dataclass
class Backdating:
    """The demo's one shortcut. The services stamp "now", so a demo year is built today through them and what
    they wrote is then moved to when it should have happened, by updates (audited for business records, with the
    message below) at the end of the demo's transaction.

    ``with clock.at(when, Model, …):`` around a service call dates the rows of those models it creates (their
    ``created_at``/``updated_at``/``at``; notifications also count as read then); :meth:`move` sets given fields
    of given records; :meth:`renumber` gives a matter the tracking number of the day it was submitted (and
    rewrites it in the notifications and history written meanwhile).
    """

    moves: list[tuple[type[models.Model], dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    created: dict[type[models.Model], tuple[int, int]] = field(default_factory=dict)  # pk range the blocks made
    numbers: list[tuple[type[models.Model], int, str, str]] = field(default_factory=list)

    @contextmanager
    def at(self, when: dt.datetime, *models_: type[models.Model]) -> Iterator[None]:
        before = {model: _last_pk(model) for model in models_}
        yield
        for model, first in before.items():
            last = _last_pk(model)
            if last > first:
                self.moves.append((model, {"pk__gt": first, "pk__lte": last}, _dated_fields(model, when)))
                low, high = self.created.get(model, (first, last))
                self.created[model] = (min(low, first), max(high, last))

    def move(self, record: models.Model, **values: Any) -> None:
        self.moves.append((type(record), {"pk": record.pk}, values))

    def renumber(self, matter: Any, day: dt.date) -> None:
        """``GD20261128-4F7K2Q`` submitted on 3 March 2025 becomes ``GD20250303-4F7K2Q``."""
        old = matter.tracking_number
        new = f"{matter.tracking_prefix}{day:%Y%m%d}-{old.rsplit('-', 1)[-1]}"
        self.numbers.append((type(matter), matter.pk, old, new))

    def apply(self) -> None:
        from django.db.models import Value
        from django.db.models.functions import Replace

        with acting(source="cli", action="demo.backdate", message="demo data: dated into the demo year"):
            for model, lookup, values in self.moves:
                model._default_manager.filter(**lookup).update(**values)
            for model, pk, old, new in self.numbers:
                model._default_manager.filter(pk=pk).update(tracking_number=new)
                for written, columns in ((Notification, ("title", "body", "url")), (MatterEvent, ("note",))):
                    if written not in self.created:
                        continue
                    low, high = self.created[written]
                    rows = written._default_manager.filter(pk__gt=low, pk__lte=high)
                    for column in columns:
                        rows.filter(**{f"{column}__contains": old}).update(
                            **{column: Replace(column, Value(old), Value(new))}
                        )


def _last_pk(model: type[models.Model]) -> int:
    return model._default_manager.order_by("-pk").values_list("pk", flat=True).first() or 0


def demo_time(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    """A moment of a demo day, in the platform's time zone."""
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, minute))


def demo_staff_for(organisation: Organisation, usernames: tuple[str, ...]) -> User | None:
    """The demo account among ``usernames`` whose role assignment lies closest above ``organisation`` (the first
    named wins a tie): who handles its matters in the demo."""
    best: tuple[int, int, User] | None = None
    assignments = RoleAssignment.objects.filter(user__username__in=usernames).select_related("user", "organisation")
    for assignment in assignments:
        path = assignment.organisation.path
        if organisation.path.startswith(path):
            key = (len(path), -usernames.index(assignment.user.username))
            if best is None or key > best[:2]:
                best = (*key, assignment.user)
    return best[2] if best else None
