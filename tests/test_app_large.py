"""The explorer on a generated graph bigger than the shipped one (bench/generate.py), through AppTest:
the paths only large graphs take."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from bench import generate
from streamlit.testing.v1 import AppTest

from ketagraph.build import load_graph

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def large_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out: Path = generate.generate(1500, tmp_path_factory.mktemp("large") / "graph")
    return out


def test_a_hubs_python_panel_lists_the_strongest_claims_per_relation_then_all(
    large_graph: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "argv", ["app.py", "--graph", str(large_graph)])
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    # Imported only now: the component registers itself when the app first runs under Streamlit.
    import ketagraph.ui.page
    import ketagraph.ui.panels

    monkeypatch.setattr(ketagraph.ui.page, "CLIENT_DETAILS_MAX_CLAIMS", 0)  # the panel Python renders
    G = load_graph(large_graph)
    hub = max(G.nodes, key=G.degree)
    assert G.degree(hub) > ketagraph.ui.panels.PANEL_MAX_CLAIMS
    at.session_state["kg_sel"] = {"kind": "node", "id": hub}
    at.run()
    assert not at.exception

    def picks() -> set[str]:
        prefix = f"kg_pick_{hub}_"
        return {b.key.removeprefix(prefix) for b in at.button if b.key and b.key.startswith(prefix)}

    per_group = ketagraph.ui.panels.PANEL_CLAIMS_PER_GROUP
    groups: dict[tuple[bool, str], int] = {}
    for u, _, d in [*G.out_edges(hub, data=True), *G.in_edges(hub, data=True)]:
        groups[(u == hub, d["relation"])] = groups.get((u == hub, d["relation"]), 0) + 1
    assert max(groups.values()) > per_group
    assert len(picks()) == sum(min(n, per_group) for n in groups.values())
    assert any("… and " in c.value for c in at.caption), [c.value for c in at.caption]
    at.button(key="kg_panel_all_button").click()
    at.run()
    assert len(picks()) == G.degree(hub)
    assert not [b for b in at.button if b.key == "kg_panel_all_button"]
