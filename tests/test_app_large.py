"""The explorer on a generated graph bigger than the shipped one (bench/generate.py), through AppTest:
the paths only large graphs take."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from bench import generate
from streamlit.testing.v1 import AppTest

from ketagraph.build import build_graph
from ketagraph.load import load_corpus
from ketagraph.panel import PANEL_CLAIMS_PER_GROUP, PANEL_MAX_CLAIMS, details_of
from ketagraph.ui import wire

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def large_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out: Path = generate.generate(1500, tmp_path_factory.mktemp("large") / "graph")
    return out


def test_a_hubs_panel_data_is_sent_with_its_selection(large_graph: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Above CLIENT_DETAILS_MAX_CLAIMS the browser gets the panel's data of the selection alone, and
    builds the panel with the same code as on a small graph (a hub's long groups are cut there, until
    "Show all": tests/browser/test_export_html.py, whose page shares that code)."""
    monkeypatch.setattr(sys, "argv", ["app.py", "--graph", str(large_graph)])
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    # Imported only now: the component registers itself when the app first runs under Streamlit.
    import ketagraph.ui.page

    monkeypatch.setattr(ketagraph.ui.page, "CLIENT_DETAILS_MAX_CLAIMS", 0)
    corpus = load_corpus(large_graph)
    G = build_graph(corpus)
    hub = max(G.nodes, key=G.degree)
    at.session_state["kg_sel"] = {"kind": "node", "id": hub}
    at.run()
    assert not at.exception
    (sent,) = [el for el in at.get("bidi_component") if _data(el)["role"] == "details"]
    data = {k: v for k, v in _data(sent).items() if k not in {"role", "height"}}
    assert data == details_of(G, corpus, "node", hub)
    count = G.degree(hub) - G.number_of_edges(hub, hub)
    node = data["nodes"][hub]
    assert list(data["nodes"]) == [hub] and node["count"] == count > PANEL_MAX_CLAIMS
    # The claims the panel shows first (20 a relation, strongest first), not the hub's hundreds;
    # each group still lists every id, for its "… and N more".
    assert node["partial"] is True
    assert sum(len(g["claims"]) for g in node["groups"]) == count
    first = {k for g in node["groups"] for k in g["claims"][:PANEL_CLAIMS_PER_GROUP]}
    assert set(data["claims"]) == first and len(first) < count
    assert {ev["para"] for c in data["claims"].values() for ev in c["evidence"]} == set(data["paragraphs"])
    # "Show all" (the browser's pick): the rerun sends every claim.
    at.session_state["kg_panel_all"] = hub
    at.run()
    assert not at.exception
    (sent,) = [el for el in at.get("bidi_component") if _data(el)["role"] == "details"]
    full = {k: v for k, v in _data(sent).items() if k not in {"role", "height"}}
    assert full == details_of(G, corpus, "node", hub, everything=True)
    assert len(full["claims"]) == count and "partial" not in full["nodes"][hub]
    assert len(json.dumps(data)) < len(json.dumps(full))  # 0.6 MB instead of 2.5 at 20k claims (bench)


def _data(element: Any) -> dict[str, Any]:
    """A component's data as explorer.js reads it."""
    proto = element.proto
    if proto.WhichOneof("data") == "json":
        data: dict[str, Any] = json.loads(proto.json)
        return data
    return wire.read(bytes(proto.bytes))
