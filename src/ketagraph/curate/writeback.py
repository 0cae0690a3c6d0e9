"""Write curation decisions back into a graph's YAML, safely.

:class:`CuratedFile` holds one YAML file being curated (a source's ``claims.yaml``) and the hash of
the bytes it read. Every change goes the same way:

1. under a lock (:mod:`filelock`, one per file: app sessions, the CLI and other processes queue);
2. the file on disk must still be the bytes read, else the save is refused with the difference
   (:class:`FileChanged`);
3. the edit is made on a round-trip YAML tree (ruamel.yaml) of a file that the safe reader has
   accepted first; the new text must differ from the old by added lines only (removed lines only,
   for an undo), so comments, order and quoting of everything else stay byte for byte;
4. the graph with the new text is validated with the same ``path:line`` checks as ``ketagraph
   validate``; any error refuses the save (:class:`SaveRefused`);
5. the text is written to a temporary file in the same folder, flushed, fsynced and renamed over
   the old file (``os.replace``), so a crash leaves the old file or the new one, never half of one;
6. the decision is appended to the journal (:mod:`ketagraph.curate.journal`).

New claims and the entities made with them go into the curated file itself (a graph file may hold
any of the three lists), so one decision changes one file.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ketagraph.curate.journal import JOURNAL_FILE, Journal
from ketagraph.errors import Issue, KetagraphError
from ketagraph.load import load_corpus
from ketagraph.yamlsafe import read_yaml

__all__ = ["CuratedFile", "FileChanged", "SaveRefused", "blocking", "claim_record", "entity_record"]

LOCK_TIMEOUT = 15.0
CLAIM_KEYS = ("id", "subject", "relation", "object", "certainty", "polarity", "qualifiers", "evidence", "note")
ENTITY_KEYS = ("id", "label", "type", "aliases", "description", "xrefs")


#: The one error a graph being curated may have: a first article has no claims yet.
NO_CLAIMS_YET = "the graph has no claims"


def blocking(issues: Sequence[Issue]) -> list[Issue]:
    """The errors that stop curation: all but "the graph has no claims" (a first article's start)."""
    return [i for i in issues if i.severity == "error" and not i.message.startswith(NO_CLAIMS_YET)]


class SaveRefused(KetagraphError):
    """A save that was not made; the file is unchanged. ``issues`` say why, ``diff`` shows a difference."""

    def __init__(self, message: str, *, issues: Sequence[Issue] = (), diff: str = ""):
        self.issues = list(issues)
        self.diff = diff
        super().__init__(message)


class FileChanged(SaveRefused):
    """The file changed on disk since it was read; ``diff`` is what changed (read -> on disk)."""


#: Round-trip layouts tried in turn (mapping indent, sequence indent, dash offset): the README's
#: ``  - id:`` under ``claims:`` first, then ``- id:`` flush with its key.
LAYOUTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4))


def _yaml(layout: tuple[int, int, int] = LAYOUTS[0]) -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.indent(mapping=layout[0], sequence=layout[1], offset=layout[2])
    y.width = 4096
    return y


def _layout(text: str) -> tuple[int, int, int]:
    """The first layout in which ``text`` comes back byte for byte (else the README's)."""
    for layout in LAYOUTS:
        y = _yaml(layout)
        buf = io.StringIO()
        y.dump(y.load(text), buf)
        if buf.getvalue() == text:
            return layout
    return LAYOUTS[0]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _diff(old: str, new: str, old_name: str, new_name: str) -> str:
    return "".join(
        difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True), old_name, new_name)
    )


def claim_record(claim: Mapping[str, Any]) -> CommentedMap:
    """A claim as a YAML mapping in the README's key order, quotes double-quoted."""
    out = CommentedMap()
    for key in CLAIM_KEYS:
        value = claim.get(key)
        if value in (None, "", {}, []) or (key == "polarity" and value == "affirmed"):
            continue
        if key == "evidence":
            seq = CommentedSeq()
            for ev in value:
                item = CommentedMap()
                item["source"] = ev["source"]
                item["quote"] = DoubleQuotedScalarString(ev["quote"])
                if ev.get("occurrence"):
                    item["occurrence"] = int(ev["occurrence"])
                seq.append(item)
            out[key] = seq
        elif key == "qualifiers":
            q = CommentedMap(value)
            q.fa.set_flow_style()
            out[key] = q
        else:
            out[key] = value
    for key in claim:
        if key not in CLAIM_KEYS:
            out[key] = claim[key]  # unknown keys reach the validator, which names them
    return out


def entity_record(entity: Mapping[str, Any]) -> CommentedMap:
    """An entity as a YAML mapping in the README's key order."""
    out = CommentedMap()
    for key in ENTITY_KEYS:
        value = entity.get(key)
        if value in (None, "", []):
            continue
        if key in ("aliases", "xrefs"):
            seq = CommentedSeq(value)
            seq.fa.set_flow_style()
            out[key] = seq
        else:
            out[key] = value
    return out


@dataclass
class CuratedFile:
    """One YAML file of a graph under curation, with the hash of what was read.

    ``root`` is the graph folder; ``path`` the file inside it (typically ``<source>/claims.yaml``).
    """

    root: Path
    path: Path
    text: str = ""
    sha256: str = ""
    journal: Journal = field(init=False)

    def __post_init__(self) -> None:
        self.journal = Journal(self.path.parent / JOURNAL_FILE)
        self.reload()

    # --- reading -------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the file again (after a refused save, to start from what is on disk)."""
        data = self._read_bytes()
        _, problems = read_yaml(data, str(self.path))
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            raise SaveRefused(f"{self.path}: cannot curate a file with problems; fix them first", issues=errors)
        self.text = data.decode("utf-8-sig")
        self.sha256 = _sha(data)

    def _read_bytes(self) -> bytes:
        try:
            return self.path.read_bytes()
        except OSError as e:
            raise SaveRefused(f"{self.path}: cannot read the file: {e.strerror or e}") from None

    @property
    def lock(self) -> FileLock:
        return FileLock(str(self.path.parent / f".{self.path.name}.lock"), timeout=LOCK_TIMEOUT)

    def claim_ids(self) -> list[str]:
        doc = _yaml().load(self.text) or {}
        return [str(c.get("id")) for c in (doc.get("claims") or []) if isinstance(c, Mapping)]

    # --- decisions -----------------------------------------------------------------------------

    def add_claim(
        self,
        claim: Mapping[str, Any],
        *,
        who: str,
        action: str,
        entities: Sequence[Mapping[str, Any]] = (),
        draft: str | None = None,
    ) -> dict[str, Any]:
        """Append ``claim`` (and new ``entities``) to the file; journal it as ``action``.

        ``action`` is ``accept``, ``edit`` or ``new``. Returns the journal entry.
        """
        if action not in ("accept", "edit", "new"):
            raise ValueError(f"not an action that adds a claim: {action!r}")

        def edit(doc: CommentedMap) -> None:
            if entities:
                if doc.get("entities") is None:
                    doc["entities"] = CommentedSeq()
                for e in entities:
                    doc["entities"].append(entity_record(e))
            if doc.get("claims") is None:
                doc["claims"] = CommentedSeq()
            doc["claims"].append(claim_record(claim))

        return self._change(
            edit,
            "insert",
            {
                "action": action,
                "who": who,
                "draft": draft,
                "claim": dict(claim),
                "entities": [dict(e) for e in entities],
            },
        )

    def reject(self, draft: str, reason: str, *, who: str) -> dict[str, Any]:
        """Journal a rejected draft with its reason (the YAML is not touched)."""
        if not reason.strip():
            raise SaveRefused("give a reason when rejecting a draft")
        with self._locked():
            return self.journal.append(
                {"action": "reject", "who": who, "draft": draft, "reason": reason.strip(), "file": self.path.name}
            )

    def undo(self, *, who: str) -> dict[str, Any] | None:
        """Reverse the last decision still standing; ``None`` when there is nothing to undo."""
        standing = self.journal.standing()
        if not standing:
            return None
        last = standing[-1]
        if last["action"] == "reject":
            with self._locked():
                return self.journal.append(
                    {"action": "undo", "who": who, "undoes": last["seq"], "draft": last["draft"]}
                )
        claim_id = last["claim"]["id"]
        entity_ids = {e["id"] for e in last.get("entities") or ()}

        def edit(doc: CommentedMap) -> None:
            claims = doc.get("claims") or []
            for i in reversed(range(len(claims))):
                if isinstance(claims[i], Mapping) and claims[i].get("id") == claim_id:
                    del claims[i]
                    break
            else:
                raise SaveRefused(f"claim {claim_id!r} is no longer in {self.path.name}: nothing to undo")
            if not claims:
                doc["claims"] = None  # back to the bare 'claims:' a new source starts with
            ents = doc.get("entities") or []
            for i in reversed(range(len(ents))):
                if isinstance(ents[i], Mapping) and ents[i].get("id") in entity_ids:
                    del ents[i]
            if entity_ids and "entities" in doc and not ents:
                del doc["entities"]  # the list this decision started

        return self._change(
            edit,
            "delete",
            {"action": "undo", "who": who, "undoes": last["seq"], "draft": last.get("draft"), "claim": last["claim"]},
        )

    # --- the one way a change is made -----------------------------------------------------------

    def _locked(self) -> _LockContext:
        return _LockContext(self.lock)

    def _change(self, edit: Any, kind: str, entry: dict[str, Any]) -> dict[str, Any]:
        with self._locked():
            on_disk = self._read_bytes()
            if _sha(on_disk) != self.sha256:
                now = on_disk.decode("utf-8", errors="replace")
                raise FileChanged(
                    f"{self.path}: changed on disk since it was read; nothing saved. Reload to see the change, "
                    "then decide again",
                    diff=_diff(self.text, now, f"{self.path.name} (as read)", f"{self.path.name} (on disk now)"),
                )
            y = _yaml(_layout(self.text))
            doc = y.load(self.text)
            if doc is None:
                doc = CommentedMap()
            if not isinstance(doc, CommentedMap):
                raise SaveRefused(f"{self.path}: expected a mapping with sources, entities, claims")
            edit(doc)
            buf = io.StringIO()
            y.dump(doc, buf)
            new = buf.getvalue()
            self._check_only(kind, new)
            self._validate(new)
            _atomic_write(self.path, new.encode("utf-8"))
            before = self.sha256
            self.text, self.sha256 = new, _sha(new.encode("utf-8"))
            return self.journal.append(
                {**entry, "file": self.path.name, "before_sha256": before, "after_sha256": self.sha256}
            )

    def _check_only(self, kind: str, new: str) -> None:
        """Refuse unless ``new`` differs from the file by added (or, for ``delete``, removed) lines only."""
        old_lines, new_lines = self.text.splitlines(keepends=True), new.splitlines(keepends=True)
        ops = {tag for tag, *_ in difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes()}
        if ops - {"equal", kind}:
            raise SaveRefused(
                f"{self.path}: the YAML writer would also change lines it should keep (the file's indentation or "
                "quoting differs from the round-trip layout); nothing saved",
                diff=_diff(self.text, new, f"{self.path.name} (now)", f"{self.path.name} (would be)"),
            )

    def _validate(self, new: str) -> None:
        """Validate the graph with ``new`` in place of the file, in a temporary copy."""
        rel = self.path.resolve().relative_to(self.root.resolve())
        with tempfile.TemporaryDirectory(prefix="ketagraph-check-") as tmp:
            copy = Path(tmp) / self.root.resolve().name
            shutil.copytree(self.root, copy, copy_function=_link_or_copy, ignore=shutil.ignore_patterns(".*"))
            target = copy / rel
            target.unlink()
            target.write_text(new, encoding="utf-8")
            corpus = load_corpus(copy)
            errors = blocking(corpus.issues)
        if errors:
            shown = os.path.relpath(self.root) if self.root.resolve().is_relative_to(Path.cwd()) else str(self.root)
            prefix = self.root.resolve().name
            issues = [
                Issue(shown + i.path[len(prefix) :] if i.path.startswith(prefix) else i.path, i.line, i.message)
                for i in errors
            ]
            raise SaveRefused(
                f"{self.path}: the change does not validate; nothing saved:\n" + "\n".join(str(i) for i in issues),
                issues=issues,
            )


class _LockContext:
    def __init__(self, lock: FileLock):
        self.lock = lock

    def __enter__(self) -> None:
        try:
            self.lock.acquire()
        except Timeout:
            raise SaveRefused("another session is saving this file; try again in a moment") from None

    def __exit__(self, *exc: object) -> None:
        self.lock.release()


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
