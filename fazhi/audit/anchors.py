"""Anchors: the chain's head written down outside the database, so a rewrite of the whole chain is detected.

``fazhi audit anchor`` (cron) seals what is pending and appends one line to ``settings.AUDIT_ANCHOR_FILE`` — a JSON
object with the head's ``seq`` and ``hash``, the time, and an HMAC over them under the current audit key — and
prints the same line, so the operator can also ship it somewhere write-once (syslog on another host, a mail). The
file only grows. ``verify`` checks that every anchored entry still has the anchored hash and that the chain still
reaches the last anchor.

A restore rolls the database back to an older head on purpose: ``fazhi restore`` appends a ``restore`` line
(signed like the others) naming the head it restored, and anchors above that head written before it no longer
count (the entries they pinned were lost with the rollback, and the file keeps the record that they were).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from fazhi.audit.keys import UnknownAuditKey, current_key_id, digest


def anchor_file() -> Path:
    return Path(settings.AUDIT_ANCHOR_FILE)


def _signature(record: dict[str, Any]) -> str:
    body = {k: v for k, v in record.items() if k != "sig"}
    return digest(str(record.get("key_id", "")), json.dumps(body, sort_keys=True, separators=(",", ":")).encode())


def append(seq: int, hash_: str, *, kind: str = "anchor", path: Path | None = None) -> dict[str, Any]:
    """Append one signed line and make sure it reached the disk; returns the record."""
    record: dict[str, Any] = {
        "kind": kind,
        "seq": seq,
        "hash": hash_,
        "at": timezone.now().isoformat(timespec="seconds"),
        "key_id": current_key_id(),
    }
    record["sig"] = _signature(record)
    target = path or anchor_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(record, sort_keys=True) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return record


@dataclass
class Anchors:
    """What the anchor file expects of the chain: ``expected`` seq → hash, after restores are taken into account."""

    expected: dict[int, str] = field(default_factory=dict)
    when: dict[int, str] = field(default_factory=dict)
    lines: int = 0
    #: (line number, what is wrong): a line that does not parse, names an unknown key or whose signature fails.
    problem: tuple[int, str] | None = None

    @property
    def highest(self) -> int:
        return max(self.expected, default=0)

    def up_to(self, seq: int) -> Anchors:
        """Only the anchors at or below ``seq`` (checking a backup, which is older than the latest anchors)."""
        kept = {s: h for s, h in self.expected.items() if s <= seq}
        return Anchors(kept, {s: self.when[s] for s in kept}, self.lines, self.problem)


def read(path: Path | None = None) -> Anchors:
    """Read and check the anchor file (missing: no anchors)."""
    source = path or anchor_file()
    anchors = Anchors()
    if not source.exists():
        return anchors
    for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        anchors.lines += 1
        try:
            record = json.loads(line)
            seq, hash_, kind = int(record["seq"]), str(record["hash"]), record.get("kind", "anchor")
            valid = _signature(record) == record.get("sig")
        except UnknownAuditKey as exc:
            anchors.problem = anchors.problem or (number, f"it is signed with key {exc.key_id!r}, not configured")
            continue
        except (ValueError, KeyError, TypeError):
            anchors.problem = anchors.problem or (number, "it is not an anchor record")
            continue
        if not record.get("key_id") and current_key_id():
            anchors.problem = anchors.problem or (number, "it is not signed with an audit key")
            continue
        if not valid:
            anchors.problem = anchors.problem or (number, "its signature does not match (the line was edited)")
            continue
        if kind == "restore":
            for later in [s for s in anchors.expected if s > seq]:
                del anchors.expected[later], anchors.when[later]
        anchors.expected[seq] = hash_
        anchors.when[seq] = str(record.get("at", ""))
    return anchors
