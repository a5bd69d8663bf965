"""The registries of reference data every installation loads and of demo data (``fazhi setup [--demo]``, run by
``fazhi.platform``); each module adds its loaders from its registry module, in ``INSTALLED_APPS`` order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ReferenceLoader:
    name: str
    load: Callable[..., None]  # called with the command's stdout; must be idempotent and quick when up to date


REFERENCE_LOADERS: list[ReferenceLoader] = []


#: Demo data (``fazhi setup --demo``, so ``make run``), after the demo accounts: each module adds its loader from
#: its registry module; loaders must be idempotent.
DEMO_LOADERS: list[ReferenceLoader] = []
