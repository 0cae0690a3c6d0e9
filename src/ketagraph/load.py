"""Read a graph folder into records (phase one of three), collecting every problem on the way.

A graph folder holds YAML files (``*.yaml`` or ``*.yml``, at any depth, read in sorted order) and
the source texts they point to. Each YAML file is a mapping with any of the top-level lists
``sources``, ``entities`` and ``claims`` (see :mod:`ketagraph.schema`), so a curator can keep one
folder per article or split a large graph as they like.

The phases, each a function that returns a new value and changes nothing it is given:

1. :func:`read_folder`: files -> records (:class:`~ketagraph.corpus.Corpus`), each checked alone;
2. :func:`ketagraph.validate.check`: records checked against each other, quotes located;
3. :func:`ketagraph.build.build_graph`: a checked corpus -> ``networkx.MultiDiGraph``.

:func:`load_corpus` runs the first two. None raises for bad input: the corpus's ``issues`` say what
is wrong, where, and how to fix it.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from ketagraph.corpus import Corpus
from ketagraph.errors import Issue
from ketagraph.model import Claim, Entity, Evidence, Location, Source
from ketagraph.schema import CONTROL_CHARS, EVIDENCE_FIELDS, RECORDS, TOP_LEVEL_KEYS, Field, describe_type, did_you_mean
from ketagraph.text import Document
from ketagraph.validate import check
from ketagraph.yamlsafe import LineDict, LineList, read_yaml, size_issue

__all__ = ["MAX_FILES", "MAX_SOURCE_BYTES", "Corpus", "load", "load_corpus", "read_folder", "validate_folder"]

MAX_SOURCE_BYTES = 16 * 1024 * 1024
MAX_FILES = 10_000
YAML_SUFFIXES = (".yaml", ".yml")


def load_corpus(root: str | os.PathLike[str]) -> Corpus:
    """Read and check the graph folder ``root`` (phases one and two); problems are in ``.issues``."""
    return check(read_folder(root))


def validate_folder(root: str | os.PathLike[str]) -> list[Issue]:
    """Every problem of the graph folder ``root`` (empty when it is valid), errors first, by place."""
    return load_corpus(root).issues


def read_folder(root: str | os.PathLike[str]) -> Corpus:
    """Read every YAML file of the graph folder ``root`` into records (no cross-checks)."""
    root_path = Path(root)
    corpus = Corpus(root=root_path)
    if not root_path.is_dir():
        corpus.issues.append(
            Issue(str(root_path), None, "not a folder: give the folder that holds the graph's YAML files")
        )
        return corpus
    files = _yaml_files(root_path, corpus)
    if not files and not corpus.issues:
        corpus.issues.append(Issue(str(root_path), None, "no YAML files (*.yaml) found: the graph is empty"))
    for path in files:
        rel = _display(path, root_path)
        corpus.files.append(rel)
        try:
            too_large = size_issue(path.stat().st_size, rel)
            if too_large is not None:
                corpus.issues.append(too_large)
                corpus.unreadable.append(rel)
                continue
            data = path.read_bytes()
        except OSError as e:
            corpus.issues.append(Issue(rel, None, f"cannot read the file: {e.strerror or e}"))
            corpus.unreadable.append(rel)
            continue
        doc, problems = read_yaml(data, rel)
        corpus.issues.extend(problems)
        if doc is not None or not problems:
            _read_document(doc, path, rel, corpus)
        else:
            corpus.unreadable.append(rel)
    return corpus


#: The first phase's former name.
load = read_folder


def _yaml_files(root: Path, corpus: Corpus) -> list[Path]:
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or not name.endswith(YAML_SUFFIXES):
                continue
            path = Path(dirpath) / name
            if path.is_symlink():
                corpus.issues.append(
                    Issue(
                        _display(path, root),
                        None,
                        "is a symbolic link: graph files must be real files inside the folder",
                    )
                )
                continue
            found.append(path)
            if len(found) > MAX_FILES:
                corpus.issues.append(Issue(str(root), None, f"more than {MAX_FILES:,} YAML files"))
                return found[:MAX_FILES]
    return found


def _display(path: Path, root: Path) -> str:
    """``path`` as shown in messages: relative to the current folder when it is below it
    (``graph/claims.yaml``), otherwise relative to the graph folder's parent (an upload unpacked
    into a temporary folder shows as ``my-graph/claims.yaml``)."""
    absolute = path.absolute()
    if absolute.is_relative_to(Path.cwd()):
        return os.path.relpath(absolute)
    try:
        return str(absolute.relative_to(root.absolute().parent))
    except ValueError:
        return str(path)


def _read_document(doc: Any, path: Path, rel: str, corpus: Corpus) -> None:
    if doc is None:
        corpus.issues.append(
            Issue(rel, None, f"the file is empty; expected a mapping with {', '.join(TOP_LEVEL_KEYS)}", "warning")
        )
        return
    if not isinstance(doc, LineDict):
        corpus.issues.append(
            Issue(rel, 1, f"expected a mapping with the keys {', '.join(TOP_LEVEL_KEYS)}, got {describe_type(doc)}")
        )
        corpus.unreadable.append(rel)
        return
    for key, value in doc.items():
        line = doc.key_lines.get(key)
        if key not in RECORDS:
            corpus.issues.append(Issue(rel, line, _unknown_key(key, TOP_LEVEL_KEYS, "top-level key")))
            continue
        if value is None:
            continue
        if not isinstance(value, list):
            corpus.issues.append(
                Issue(rel, line, f"'{key}' must be a list of records (each starting with '- id: ...')")
            )
            corpus.unreadable.append(rel)
            continue
        for i, item in enumerate(value):
            item_line = _item_line(value, i, line)
            if not isinstance(item, LineDict):
                corpus.issues.append(Issue(rel, item_line, f"each item of '{key}' must be a mapping (id: ..., ...)"))
                corpus.unreadable.append(rel)
                continue
            if _check_fields(item, RECORDS[key], key[:-1] if key != "entities" else "entity", rel, corpus):
                _make_record(key, item, path, rel, corpus)
                continue
            if isinstance(item.get("id"), str):
                corpus.rejected.add((key, item["id"]))
            if key == "claims":
                _mention(item, corpus)


def _item_line(items: list[Any], i: int, default: int | None) -> int | None:
    return items.item_lines[i] if isinstance(items, LineList) else default


def _unknown_key(key: Any, allowed: Any, what: str) -> str:
    return f"unknown {what} {key!r}{did_you_mean(key, allowed)}; allowed: {', '.join(allowed)}"


def _mention(claim: LineDict, corpus: Corpus) -> None:
    """Remember the entities and sources a rejected claim names: they are not unused."""
    for role in ("subject", "object"):
        if isinstance(claim.get(role), str):
            corpus.mentioned.add(("entities", claim[role]))
    evidence = claim.get("evidence")
    for ev in evidence if isinstance(evidence, list) else ():
        if isinstance(ev, dict) and isinstance(ev.get("source"), str):
            corpus.mentioned.add(("sources", ev["source"]))


def _where(rel: str, item: LineDict) -> Location:
    """The record's place, with the line of each of its keys."""
    return Location(rel, item.line, tuple((k, n) for k, n in item.key_lines.items() if isinstance(k, str)))


def _check_fields(item: LineDict, fields: dict[str, Field], what: str, rel: str, corpus: Corpus) -> bool:
    """Check ``item`` against ``fields``; report every problem; True when it can become a record."""
    problems: list[tuple[int, str]] = []
    for key, value in item.items():
        line = item.key_lines.get(key, item.line)
        if key not in fields:
            problems.append((line, _unknown_key(key, fields, "key")))
            continue
        problem = fields[key].check(value)
        if problem:
            problems.append((line, f"'{key}' {problem}"))
    for key, spec in fields.items():
        if spec.required and key not in item:
            problems.append((item.line, f"missing required key '{key}'"))
    if problems:
        ident = item.get("id")
        name = f"{what} {ident!r}" if isinstance(ident, str) else what
        corpus.issues.extend(Issue(rel, line, f"{name}: {message}") for line, message in problems)
    return not problems


def _make_record(kind: str, item: LineDict, path: Path, rel: str, corpus: Corpus) -> None:
    if kind == "entities":
        corpus_add(
            corpus,
            "entity",
            corpus.entities,
            Entity(
                id=item["id"],
                label=item["label"].strip(),
                type=item["type"],
                description=item.get("description", "").strip(),
                aliases=tuple(a.strip() for a in item.get("aliases", ())),
                xrefs=tuple(item.get("xrefs", ())),
                where=_where(rel, item),
            ),
        )
    elif kind == "sources":
        source = _read_source(item, path, rel, corpus)
        if source is not None:
            corpus_add(corpus, "source", corpus.sources, source)
        else:
            corpus.rejected.add((kind, item["id"]))
    else:
        _make_claim(item, rel, corpus)


def corpus_add(corpus: Corpus, what: str, table: dict[str, Any], record: Any) -> None:
    first = table.get(record.id)
    if first is not None:
        corpus.issues.append(
            Issue(
                record.where.path,
                record.where.line,
                f"duplicate {what} id {record.id!r} (first defined at {first.where})",
            )
        )
        return
    table[record.id] = record


def _make_claim(item: LineDict, rel: str, corpus: Corpus) -> None:
    evidence = []
    ok = True
    for i, ev in enumerate(item["evidence"]):
        name = f"claim {item['id']!r}: evidence {i + 1}"
        ev_line = _item_line(item["evidence"], i, item.key_lines.get("evidence", item.line))
        if not isinstance(ev, LineDict):
            corpus.issues.append(Issue(rel, ev_line, f"{name} must be a mapping with 'source' and 'quote'"))
            ok = False
            continue
        if not _check_fields(ev, EVIDENCE_FIELDS, name, rel, corpus):
            ok = False
            continue
        evidence.append(
            Evidence(
                source=ev["source"],
                quote=ev["quote"],
                occurrence=ev.get("occurrence", 0),
                where=_where(rel, ev),
            )
        )
    if not ok:
        _mention(item, corpus)
        return
    qualifiers = item.get("qualifiers") or {}
    claim = Claim(
        id=item["id"],
        subject=item["subject"],
        relation=item["relation"],
        object=item["object"],
        certainty=item["certainty"],
        polarity=item.get("polarity", "affirmed"),
        qualifiers=tuple(sorted((k, v.strip() if isinstance(v, str) else v) for k, v in qualifiers.items())),
        evidence=tuple(evidence),
        note=item.get("note", "").strip(),
        where=_where(rel, item),
    )
    corpus.claims.append(claim)


def _read_source(item: LineDict, path: Path, rel: str, corpus: Corpus) -> Source | None:
    line = item.key_lines.get("file", item.line)
    name = f"source {item['id']!r}"
    file = item["file"]
    if os.path.isabs(file) or file.startswith(("/", "\\")) or (len(file) > 1 and file[1] == ":"):
        corpus.issues.append(
            Issue(rel, line, f"{name}: 'file' must be a path relative to this YAML file, not {file!r}")
        )
        return None
    target = path.parent / file
    root = corpus.root.resolve()
    try:
        resolved = target.resolve()
    except (OSError, RuntimeError) as e:
        corpus.issues.append(Issue(rel, line, f"{name}: cannot resolve {file!r}: {e}"))
        return None
    if not resolved.is_relative_to(root):
        corpus.issues.append(
            Issue(rel, line, f"{name}: 'file' {file!r} points outside the graph folder; keep source texts inside it")
        )
        return None
    try:  # lstat/stat raise for a name the file system refuses (too long, ...)
        if _has_symlink(target, corpus.root):
            corpus.issues.append(
                Issue(
                    rel,
                    line,
                    f"{name}: 'file' {file!r} is or passes through a symbolic link; copy the text into the graph folder",
                )
            )
            return None
        if not target.is_file():
            corpus.issues.append(Issue(rel, line, f"{name}: source text {file!r} not found next to {rel}"))
            return None
    except OSError as e:
        corpus.issues.append(Issue(rel, line, f"{name}: cannot read {file!r}: {e.strerror or e}"))
        return None
    try:
        size = target.stat().st_size
        if size > MAX_SOURCE_BYTES:
            corpus.issues.append(
                Issue(
                    rel,
                    line,
                    f"{name}: source text {file!r} is {size:,} bytes, over the {MAX_SOURCE_BYTES:,}-byte limit",
                )
            )
            return None
        data = target.read_bytes()
    except OSError as e:
        corpus.issues.append(Issue(rel, line, f"{name}: cannot read {file!r}: {e.strerror or e}"))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        at = data[: e.start].count(b"\n") + 1
        corpus.issues.append(Issue(rel, line, f"{name}: source text {file!r} is not valid UTF-8 (line {at} of it)"))
        return None
    # Offsets count characters of the text with LF line ends, whatever the file uses.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = CONTROL_CHARS.search(text.replace("\t", " "))
    if bad:
        at = text.count("\n", 0, bad.start()) + 1
        corpus.issues.append(
            Issue(
                rel,
                line,
                f"{name}: source text {file!r} contains the control character U+{ord(bad.group()):04X} (line {at} of it)",
            )
        )
        return None
    source = Source(
        id=item["id"],
        title=item["title"].strip(),
        publisher=item["publisher"].strip(),
        kind=item["kind"],
        language=item["language"],
        file=resolved.relative_to(root).as_posix(),
        text=text,
        url=item.get("url"),
        description=(item.get("description") or "").strip() or None,
        sha256=hashlib.sha256(data).hexdigest(),
        where=Location(rel, item.line),
    )
    corpus.documents.setdefault(source.id, Document(text))
    return source


def _has_symlink(target: Path, root: Path) -> bool:
    """Whether ``target`` or a folder between ``root`` and it is a symbolic link."""
    p = target
    root_abs = root.absolute()
    while True:
        # Stop at the root before asking: a graph folder reached through a symlink is fine.
        if p.absolute() == root_abs:
            return False
        if p.is_symlink():
            return True
        parent = p.parent
        if parent == p:
            return False
        p = parent
