"""Spans selected in a browser, checked against the source text; claims built from them.

A browser counts offsets in UTF-16 code units, Python in code points: an emoji or any character
beyond U+FFFF is two units in JavaScript and one in Python. :func:`browser_span` converts, then
checks that the text at the converted offsets is exactly the text the browser says was selected.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

from ketagraph.errors import KetagraphError
from ketagraph.schema import MAX_ID, MAX_QUOTE

__all__ = ["browser_span", "claim_dict", "occurrence", "unique_id", "utf16_to_index"]


def utf16_to_index(text: str, offset16: int) -> int:
    """The code-point index of the UTF-16 offset ``offset16`` into ``text``."""
    encoded = text.encode("utf-16-le")
    if not 0 <= offset16 <= len(encoded) // 2:
        raise KetagraphError(f"offset {offset16} is outside the text (0 to {len(encoded) // 2} UTF-16 units)")
    try:
        return len(encoded[: 2 * offset16].decode("utf-16-le"))
    except UnicodeDecodeError:
        raise KetagraphError(f"offset {offset16} falls inside a character (between two UTF-16 halves)") from None


def browser_span(text: str, start16: Any, end16: Any, selected: Any) -> tuple[int, int, str]:
    """``(start, end, quote)`` in code points for a browser selection; white space at the ends trimmed.

    Raises :class:`KetagraphError` when the offsets do not hold ``selected`` verbatim.
    """
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in (start16, end16)) or not isinstance(
        selected, str
    ):
        raise KetagraphError("a selection needs integer offsets and its text")
    start, end = utf16_to_index(text, start16), utf16_to_index(text, end16)
    if end <= start:
        raise KetagraphError("the selection is empty")
    if text[start:end] != selected:
        raise KetagraphError("the selection does not match the article at its offsets; select the text again")
    lead = len(selected) - len(selected.lstrip())
    trail = len(selected) - len(selected.rstrip())
    start, end = start + lead, end - trail
    if end <= start:
        raise KetagraphError("the selection is only white space")
    if end - start > MAX_QUOTE:
        raise KetagraphError(f"the selection is {end - start:,} characters long, over the {MAX_QUOTE:,} of a quote")
    return start, end, text[start:end]


def occurrence(text: str, quote: str, start: int) -> int:
    """0 when ``quote`` occurs once in ``text``; else which occurrence (from 1) starts at ``start``."""
    # Overlapping occurrences count too, as the loader counts them.
    hits = []
    i = text.find(quote)
    while i != -1:
        hits.append(i)
        i = text.find(quote, i + 1)
    if start not in hits:
        raise KetagraphError(f"the quote does not start at {start}")
    return 0 if len(hits) == 1 else hits.index(start) + 1


def unique_id(base: str, taken: Collection[str]) -> str:
    """``base`` as a kebab-case id not in ``taken`` (``-2``, ``-3``, ... appended when needed)."""
    base = re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-")[: MAX_ID - 4].strip("-") or "claim"
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def claim_dict(
    *,
    claim_id: str,
    subject: str,
    relation: str,
    object: str,
    certainty: str,
    polarity: str,
    source: str,
    text: str,
    start: int,
    quote: str,
    note: str = "",
) -> dict[str, Any]:
    """A claim record (as the YAML holds it) quoting ``text[start:start+len(quote)]``."""
    evidence: dict[str, Any] = {"source": source, "quote": quote}
    n = occurrence(text, quote, start)
    if n:
        evidence["occurrence"] = n
    return {
        "id": claim_id,
        "subject": subject,
        "relation": relation,
        "object": object,
        "certainty": certainty,
        "polarity": polarity,
        "evidence": [evidence],
        "note": " ".join(note.split()),
    }
