"""The curation journal: an append-only record of every decision (who, when, what).

One JSON object per line in ``curation-journal.jsonl`` next to the file being curated (the loader
reads only ``*.yaml``, so the journal is never part of the graph). A decision is ``accept`` or
``edit`` (a draft became a claim), ``new`` (a claim made from a selected span), ``reject`` (a draft
refused, with a reason); ``undo`` entries name the decision they undid. Replaying the journal gives
each draft's state and the decision an undo should reverse.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ketagraph.errors import KetagraphError

__all__ = ["DECISIONS", "JOURNAL_FILE", "Journal"]

JOURNAL_FILE = "curation-journal.jsonl"
#: The actions that are decisions (an undo reverses the last one still standing).
DECISIONS = ("accept", "edit", "new", "reject")


@dataclass
class Journal:
    """The journal of one curated file."""

    path: Path

    def entries(self) -> list[dict[str, Any]]:
        """Every entry, oldest first."""
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []
        except OSError as e:
            raise KetagraphError(f"{self.path}: cannot read the journal: {e.strerror or e}") from None
        out = []
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except ValueError:
                raise KetagraphError(f"{self.path}:{n}: not a journal entry (one JSON object per line)") from None
            if not isinstance(entry, dict):
                raise KetagraphError(f"{self.path}:{n}: not a journal entry (one JSON object per line)")
            out.append(entry)
        return out

    def append(self, entry: dict[str, Any]) -> dict[str, Any]:
        """Add ``entry`` with its sequence number and UTC time; flushed to disk before returning."""
        entries = self.entries()
        full = {"seq": (entries[-1]["seq"] + 1) if entries else 1, "time": _now(), **entry}
        line = json.dumps(full, ensure_ascii=False, sort_keys=True) + "\n"
        with open(self.path, "a", encoding="utf-8") as f:
            f.write(line)
            f.flush()
            os.fsync(f.fileno())
        return full

    def standing(self) -> list[dict[str, Any]]:
        """The decisions not undone, oldest first."""
        entries = self.entries()
        undone = {e.get("undoes") for e in entries if e.get("action") == "undo"}
        return [e for e in entries if e.get("action") in DECISIONS and e["seq"] not in undone]

    def draft_states(self) -> dict[str, str]:
        """``draft id -> accepted / edited / rejected`` for the standing decisions on drafts."""
        states = {"accept": "accepted", "edit": "edited", "reject": "rejected"}
        return {e["draft"]: states[e["action"]] for e in self.standing() if e.get("draft") and e["action"] in states}


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
