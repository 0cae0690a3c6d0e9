"""The component's data as bytes (ketagraph.ui.wire): exact round trips, the header, the cache."""

from __future__ import annotations

import hashlib
import json

import pytest

from ketagraph.ui import wire as wire_module
from ketagraph.ui.wire import MAGIC, WIRE_CACHE, read, wire

HOSTILE = "</script><img src=x onerror=alert(1)> « ketamine » \u2028 \U0001f9e0 \x00"


def test_round_trip_keeps_every_character() -> None:
    data = {"role": "article", "height": 460, "text": HOSTILE, "nested": [{"a": 1.5, "b": None, "c": [True]}]}
    raw = wire(data, "v-roundtrip")
    assert read(raw) == data


def test_header_names_the_content() -> None:
    data = {"role": "graph", "height": 620, "payload": {"nodes": [], "edges": [], "version": "abc"}}
    raw = wire(data, "v-header")
    header, _, body = raw.partition(b"\n")
    assert header == f"{MAGIC} {hashlib.blake2b(body, digest_size=12).hexdigest()}".encode("ascii")
    # Compact UTF-8 JSON, non-ASCII text as itself (not \\u escapes: fewer bytes to send).
    assert body == json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def test_the_same_data_is_encoded_once() -> None:
    data = {"role": "details", "height": 610, "x": 1}
    first = wire(data, "v-once")
    assert wire(data, "v-once") is first
    assert wire({**data, "height": 300}, "v-once") is not first  # another height, another encoding
    assert read(wire({"role": "details", "height": 610, "x": 2}, "v-once-2"))["x"] == 2


def test_the_cache_is_bounded() -> None:
    data = {"role": "graph", "height": 1}
    first = wire(data, "v-evicted")
    for i in range(WIRE_CACHE):
        wire({"role": "graph", "height": 1, "i": i}, f"v-fill-{i}")
    again = wire(data, "v-evicted")
    assert again == first and again is not first  # it was evicted and encoded anew


@pytest.mark.parametrize(
    "raw",
    [
        b'{"role": "graph"}',  # plain JSON, no header
        b"KG2 00\n{}",  # another format
        b"KG1 " + b"0" * 24 + b"\n{}",  # digest of other content
        b"KG1\n{}",
    ],
)
def test_read_rejects_what_wire_did_not_write(raw: bytes) -> None:
    with pytest.raises(ValueError):
        read(raw)


def test_the_cache_keeps_to_its_byte_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wire_module, "WIRE_CACHE_BYTES", 10_000)
    big = {"role": "graph", "height": 2, "text": "x" * 6_000}
    first = wire(big, "v-big-1")
    wire({**big, "n": 2}, "v-big-2")  # 12 KB together: the first goes
    assert wire(big, "v-big-1") is not first
    huge = {"role": "graph", "height": 2, "text": "y" * 20_000}
    assert wire(huge, "v-huge") is wire(huge, "v-huge")  # one data set over the budget is still kept


def test_encode_is_read_back_and_not_kept() -> None:
    before = len(wire_module._cache)
    data = {"role": "view", "view": {"selected": {"kind": "node", "id": "ketamine"}, "path": []}}
    assert read(wire_module.encode(data)) == data
    assert len(wire_module._cache) == before  # a click's message is not kept among the large data sets
