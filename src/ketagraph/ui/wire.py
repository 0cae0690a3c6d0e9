"""The component's large data sets as bytes: serialised once per content, parsed once per page.

Handed a dict, Streamlit runs ``json.dumps`` over it twice on every rerun (once for the message,
once sorted, for the element's identity): 0.3 s of every click at 20k claims. Handed bytes, it
forwards them and hashes them. The bytes are a one-line ASCII header, ``KG1 <digest>``, then the
data as UTF-8 JSON; the digest (of the JSON) names the content, so ``explorer.js`` parses a data set
once and skips it when a rerun delivers the same bytes again.

No Streamlit here: the encoding is plain data, tested on its own.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from typing import Any

__all__ = ["MAGIC", "WIRE_CACHE", "WIRE_CACHE_BYTES", "encode", "read", "wire"]

MAGIC = "KG1"
#: How many encoded data sets are kept (a few layouts and filtered views of a few graphs), and how
#: many bytes at most (a 20k-claim payload is 8 MB): the least recently used go first.
WIRE_CACHE = 24
WIRE_CACHE_BYTES = 96 * 1024 * 1024
_DIGEST_SIZE = 12

_cache: OrderedDict[tuple[str, int, str], bytes] = OrderedDict()
_cached_bytes = 0
_lock = threading.Lock()


def wire(data: dict[str, Any], version: str) -> bytes:
    """``data`` (a role's data, with ``role`` and ``height``) as the bytes the component reads.

    ``version`` is the digest the data set carries of its own content (``vis_payload``,
    ``article_data`` and ``details_data`` all make one): the encoding is kept per role, height and
    version, so a rerun with unchanged data costs a dictionary lookup. Anything else in ``data``
    must be fixed for a given version (the app adds only constants).
    """
    global _cached_bytes
    key = (str(data.get("role", "")), int(data.get("height") or 0), version)
    with _lock:
        cached = _cache.get(key)
        if cached is not None:
            _cache.move_to_end(key)
            return cached
    encoded = encode(data)
    with _lock:
        if key not in _cache:
            _cache[key] = encoded
            _cached_bytes += len(encoded)
        while len(_cache) > 1 and (len(_cache) > WIRE_CACHE or _cached_bytes > WIRE_CACHE_BYTES):
            _, evicted = _cache.popitem(last=False)
            _cached_bytes -= len(evicted)
    return encoded


def encode(data: dict[str, Any]) -> bytes:
    """``data`` as the bytes the component reads, not kept: for the small view message, new on
    every click. (Handed a dict with nested values, Streamlit imports pandas to ask whether one is a
    data frame: 2.5 s of a fresh server's first page, and its memory, for nothing.)"""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    digest = hashlib.blake2b(body, digest_size=_DIGEST_SIZE).hexdigest()
    return f"{MAGIC} {digest}\n".encode("ascii") + body


def read(raw: bytes) -> dict[str, Any]:
    """The data back from :func:`wire`'s bytes, checking the header (what ``explorer.js`` does)."""
    header, newline, body = raw.partition(b"\n")
    parts = header.decode("ascii", errors="replace").split(" ")
    if not newline or len(parts) != 2 or parts[0] != MAGIC:
        raise ValueError(f"not ketagraph component data: {header[:40]!r}")
    if hashlib.blake2b(body, digest_size=_DIGEST_SIZE).hexdigest() != parts[1]:
        raise ValueError("ketagraph component data: the digest does not match the content")
    data: dict[str, Any] = json.loads(body.decode("utf-8"))
    return data
