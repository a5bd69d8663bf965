"""Refresh the message catalogues and fill in Chinese translations, under a lock (helpers may run it at once).

    .venv/bin/python scripts/translate.py [TRANSLATIONS.json]

Runs `make messages`' extraction, applies the given {English msgid: Chinese msgstr} pairs to
fazhi/locale/zh_Hans, compiles, and lists the msgids still untranslated. A contextual entry (``pgettext``,
``{% translate "closed" context "ticket status" %}``) is keyed ``"context\u0004msgid"`` (the separator gettext
itself uses in compiled catalogues), e.g. ``{"ticket status\u0004closed": "已办结"}``; it is listed so too.
"""

from __future__ import annotations

import fcntl
import json
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "fazhi" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


#: Between a contextual entry's context and its msgid in a pair's key (as in a compiled .mo catalogue).
CONTEXT_SEPARATOR = "\x04"


def _key(entry: polib.POEntry) -> str:
    """The pair key of a catalogue entry: its msgid, or ``context\x04msgid`` for a contextual one."""
    return f"{entry.msgctxt}{CONTEXT_SEPARATOR}{entry.msgid}" if entry.msgctxt else entry.msgid


def main(argv: list[str]) -> int:
    pairs = json.loads(Path(argv[0]).read_text(encoding="utf-8")) if argv else {}
    with open("/tmp/fazhi-translate.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        subprocess.run(["make", "-s", "messages"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        catalogue = polib.pofile(str(CATALOGUE))
        for entry in catalogue:
            key = _key(entry)
            if key in pairs:
                if entry.msgid_plural:
                    entry.msgstr_plural = {0: pairs[key]}
                else:
                    entry.msgstr = pairs[key]
                entry.flags = [f for f in entry.flags if f != "fuzzy"]
        catalogue.save()
        subprocess.run(["make", "-s", "messages"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    missing = [_key(e) for e in polib.pofile(str(CATALOGUE)).untranslated_entries()]
    missing += [_key(e) for e in polib.pofile(str(CATALOGUE)).fuzzy_entries()]
    print(json.dumps(missing, ensure_ascii=False, indent=1) if missing else "zh_Hans: all translated")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
