"""The YAML schema, declared as data: which keys each record has, and what their values may be.

Each field is checked by a small :class:`Field`; a failed check returns a message (with the allowed
values or the closest match as a hint) instead of raising, so every problem in a file is reported at
once. :mod:`ketagraph.load` walks YAML mappings against :data:`RECORDS`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ketagraph.model import (
    CERTAINTIES,
    ENTITY_TYPES,
    POLARITIES,
    QUALIFIER_KEYS,
    RELATIONS,
    SOURCE_KINDS,
    XREF_PREFIXES,
)

__all__ = ["RECORDS", "TOP_LEVEL_KEYS", "Field", "closest", "describe_type", "did_you_mean"]

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
XREF_PATTERN = re.compile(r"^([A-Za-z][A-Za-z0-9.]*):([A-Za-z0-9_.\-]+)$")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
URL_PATTERN = re.compile(r"^https?://[^\s<>\"']+$")
# C0 controls other than tab and newline, DEL, C1 controls, and Unicode bidi overrides.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

MAX_ID = 100
MAX_LABEL = 200
MAX_TEXT = 2_000
MAX_QUOTE = 5_000
MAX_LIST = 100


def closest(word: str, choices: Any) -> str | None:
    """The choice closest to ``word``, if one is close enough to be a likely typo."""
    found = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return found[0] if found else None


def did_you_mean(word: Any, choices: Any, *, near: str | None = None) -> str:
    """The hint that ends a message about an unknown ``word``: `` (did you mean 'x'?)``, or ``""``.

    ``near`` gives the suggestion when the caller found a better one than :func:`closest` would.

    >>> did_you_mean("recepter", ["receptor", "drug"]), did_you_mean("zzz", ["drug"])
    (" (did you mean 'receptor'?)", '')
    """
    found = near or closest(word, choices)
    return f" (did you mean {found!r}?)" if found else ""


def describe_type(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


Check = Callable[[Any], "str | None"]


@dataclass(frozen=True)
class Field:
    """One key of a record: whether it is required and how its value is checked."""

    check: Check
    required: bool = False


def _text(max_len: int, *, single_line: bool = True) -> Check:
    def check(v: Any) -> str | None:
        if not isinstance(v, str):
            return f"expected text, got {describe_type(v)}"
        if not v.strip():
            return "must not be empty"
        if len(v) > max_len:
            return f"is {len(v):,} characters long, over the limit of {max_len:,}"
        bad = CONTROL_CHARS.search(v)
        if bad:
            return f"contains the control character U+{ord(bad.group()):04X}; remove it"
        if single_line and "\n" in v.strip():
            return "must be one line"
        return None

    return check


def _ident(v: Any) -> str | None:
    if not isinstance(v, str):
        return f"expected an id (text), got {describe_type(v)}"
    if len(v) > MAX_ID:
        return f"is longer than {MAX_ID} characters"
    if not ID_PATTERN.match(v):
        suggestion = re.sub(r"[^a-z0-9]+", "-", v.lower()).strip("-")
        hint = f" (e.g. {suggestion!r})" if suggestion else ""
        return f"{v!r} is not a kebab-case id: lower-case letters, digits and single hyphens{hint}"
    return None


def _vocab(vocabulary: Mapping[str, str], what: str) -> Check:
    def check(v: Any) -> str | None:
        if not isinstance(v, str):
            return f"expected a {what}, got {describe_type(v)}; allowed: {', '.join(vocabulary)}"
        if v not in vocabulary:
            return f"unknown {what} {v!r}{did_you_mean(v, vocabulary)}; allowed: {', '.join(vocabulary)}"
        return None

    return check


def _text_list(max_len: int) -> Check:
    item = _text(max_len)

    def check(v: Any) -> str | None:
        if not isinstance(v, list):
            return f"expected a list of text, got {describe_type(v)}"
        if len(v) > MAX_LIST:
            return f"has {len(v)} items, over the limit of {MAX_LIST}"
        for i, x in enumerate(v):
            problem = item(x)
            if problem:
                return f"item {i + 1} {problem}"
        if len(set(v)) != len(v):
            dupes = sorted({x for x in v if v.count(x) > 1})
            return f"lists {dupes[0]!r} more than once"
        return None

    return check


def _xrefs(v: Any) -> str | None:
    if not isinstance(v, list):
        return f"expected a list of identifiers such as 'CHEBI:6121', got {describe_type(v)}"
    for x in v:
        if not isinstance(x, str):
            return f"expected identifiers as text such as 'CHEBI:6121', got {describe_type(x)}"
        m = XREF_PATTERN.match(x)
        if not m:
            return f"{x!r} is not an identifier of the form PREFIX:ID (e.g. 'CHEBI:6121')"
        if m.group(1) not in XREF_PREFIXES:
            hint = did_you_mean(m.group(1).upper(), XREF_PREFIXES)
            return f"unknown identifier prefix {m.group(1)!r}{hint}; allowed: {', '.join(XREF_PREFIXES)}"
    if len(set(v)) != len(v):
        return "lists an identifier more than once"
    return None


def _pattern(pattern: re.Pattern[str], what: str) -> Check:
    def check(v: Any) -> str | None:
        if not isinstance(v, str):
            return f"expected {what}, got {describe_type(v)}"
        if not pattern.match(v):
            return f"{v!r} is not {what}"
        return None

    return check


def _positive_int(v: Any) -> str | None:
    if isinstance(v, bool) or not isinstance(v, int) or v < 1:
        return f"expected a whole number from 1, got {describe_type(v)}"
    return None


def _qualifiers(v: Any) -> str | None:
    if not isinstance(v, dict):
        return f"expected a mapping such as {{dose: low}}, got {describe_type(v)}"
    for key, value in v.items():
        if key not in QUALIFIER_KEYS:
            return f"unknown qualifier {key!r}{did_you_mean(key, QUALIFIER_KEYS)}; allowed: {', '.join(QUALIFIER_KEYS)}"
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            return f"qualifier {key!r} must be text or a number, got {describe_type(value)}"
        if isinstance(value, str):
            problem = _text(MAX_LABEL)(value)
            if problem:
                return f"qualifier {key!r} {problem}"
    return None


def _evidence_list(v: Any) -> str | None:
    if not isinstance(v, list):
        return f"expected a list of {{source, quote}} items, got {describe_type(v)}"
    if not v:
        return "must list at least one {source, quote}: every claim needs a verbatim quote"
    return None  # items are checked one by one against EVIDENCE_FIELDS


SOURCE_FIELDS: dict[str, Field] = {
    "id": Field(_ident, required=True),
    "title": Field(_text(MAX_LABEL), required=True),
    "publisher": Field(_text(MAX_LABEL), required=True),
    "kind": Field(_vocab(SOURCE_KINDS, "source kind"), required=True),
    "language": Field(_pattern(LANGUAGE_PATTERN, "a language tag such as 'en'"), required=True),
    "file": Field(_text(500), required=True),
    "url": Field(_pattern(URL_PATTERN, "an http(s) URL")),
    "description": Field(_text(MAX_TEXT, single_line=False)),
}

ENTITY_FIELDS: dict[str, Field] = {
    "id": Field(_ident, required=True),
    "label": Field(_text(MAX_LABEL), required=True),
    "type": Field(_vocab(ENTITY_TYPES, "entity type"), required=True),
    "description": Field(_text(MAX_TEXT)),
    "aliases": Field(_text_list(MAX_LABEL)),
    "xrefs": Field(_xrefs),
}

CLAIM_FIELDS: dict[str, Field] = {
    "id": Field(_ident, required=True),
    "subject": Field(_ident, required=True),
    "relation": Field(_vocab(RELATIONS, "relation"), required=True),
    "object": Field(_ident, required=True),
    "certainty": Field(_vocab(CERTAINTIES, "certainty"), required=True),
    "polarity": Field(_vocab(POLARITIES, "polarity")),
    "qualifiers": Field(_qualifiers),
    "evidence": Field(_evidence_list, required=True),
    "note": Field(_text(MAX_TEXT)),
}

EVIDENCE_FIELDS: dict[str, Field] = {
    "source": Field(_ident, required=True),
    "quote": Field(_text(MAX_QUOTE, single_line=False), required=True),
    "occurrence": Field(_positive_int),
}

#: The record kinds a graph file may hold, as top-level lists.
RECORDS: dict[str, dict[str, Field]] = {
    "sources": SOURCE_FIELDS,
    "entities": ENTITY_FIELDS,
    "claims": CLAIM_FIELDS,
}
TOP_LEVEL_KEYS = tuple(RECORDS)
