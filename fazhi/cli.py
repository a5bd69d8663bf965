"""The ``fazhi`` command: Django's management commands under friendlier names.

``fazhi import orgs FILE`` runs the ``import_orgs`` command, ``fazhi audit verify`` runs ``audit_verify``:
two words are joined with an underscore when such a command exists. Anything else is passed to Django as is
(``fazhi migrate``, ``fazhi shell``, ``fazhi createsuperuser`` …).
"""

from __future__ import annotations

import os
import sys

ALIASES = {"serve": "runserver", "worker": "db_worker"}


def resolve(argv: list[str], commands: set[str]) -> list[str]:
    if len(argv) >= 2 and f"{argv[0]}_{argv[1]}".replace("-", "_") in commands:  # import-matters: import_matters
        return [f"{argv[0]}_{argv[1]}".replace("-", "_"), *argv[2:]]
    if argv and argv[0] in ALIASES:
        return [ALIASES[argv[0]], *argv[1:]]
    return argv


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings.base")
    import django
    from django.core.management import execute_from_command_line, get_commands

    django.setup()
    args = resolve(list(sys.argv[1:] if argv is None else argv), set(get_commands()))
    execute_from_command_line(["fazhi", *args])


if __name__ == "__main__":
    main()
