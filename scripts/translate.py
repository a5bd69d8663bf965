"""Refresh the message catalogues and fill in Chinese translations, under a lock (helpers may run it at once).

    .venv/bin/python scripts/translate.py [TRANSLATIONS.json]

Runs `make messages`' extraction, applies the given {English msgid: Chinese msgstr} pairs to
fazhi/locale/zh_Hans, compiles, and lists the msgids still untranslated.
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


def main(argv: list[str]) -> int:
    pairs = json.loads(Path(argv[0]).read_text(encoding="utf-8")) if argv else {}
    with open("/tmp/fazhi-translate.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        subprocess.run(["make", "-s", "messages"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        catalogue = polib.pofile(str(CATALOGUE))
        for entry in catalogue:
            if entry.msgid in pairs:
                if entry.msgid_plural:
                    entry.msgstr_plural = {0: pairs[entry.msgid]}
                else:
                    entry.msgstr = pairs[entry.msgid]
                entry.flags = [f for f in entry.flags if f != "fuzzy"]
        catalogue.save()
        subprocess.run(["make", "-s", "messages"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    missing = [e.msgid for e in polib.pofile(str(CATALOGUE)).untranslated_entries()]
    missing += [e.msgid for e in polib.pofile(str(CATALOGUE)).fuzzy_entries()]
    print(json.dumps(missing, ensure_ascii=False, indent=1) if missing else "zh_Hans: all translated")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
