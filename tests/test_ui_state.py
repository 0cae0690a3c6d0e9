"""ketagraph.ui.state: the session keys' registry, the view and its URL, as pure functions."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from ketagraph.ui import state
from ketagraph.ui.state import Allowed, Scene, Selection, ViewKey, ViewState

UI = Path(__file__).resolve().parents[1] / "src" / "ketagraph" / "ui"

ALLOWED = Allowed(
    nodes={"ketamine", "nmda-receptor", "glutamate", "depression"},
    claims={"ketamine-acts-on-nmda-receptor": ("ketamine", "nmda-receptor")},
    types=("drug", "receptor", "condition"),
    relations=("acts_on", "treats"),
    sources=("article", "second"),
    default_perspective="mechanism",
)


# --- the registry ---------------------------------------------------------------------------------


def test_every_session_key_the_ui_names_is_registered() -> None:
    """A key missing from the registry would survive a new graph: every ``kg_`` literal is in it."""
    named: set[str] = set()
    for module in sorted(UI.glob("*.py")):
        named.update(m.group(1) for m in re.finditer(r"[\"'](kg_[A-Za-z0-9_]*)", module.read_text(encoding="utf-8")))
    assert len(named) > 10  # the scan finds the keys (the upload's, the exports')
    assert {k for k in named if not state.is_registered(k)} == set()


def test_a_family_of_keys_is_registered_by_its_prefix() -> None:
    assert state.registered("kg_hit_nmda-receptor") == state.KEYS[state.HIT]
    assert state.registered("kg_dl_graphml") == state.KEYS[state.DOWNLOAD]
    assert state.registered("kg_sel") == state.KEYS[state.SEL]
    assert state.registered("kgc_who") is None  # the curation page's own keys are not the explorer's
    assert state.registered("kg_") is None


def test_a_new_graph_forgets_the_view_and_keeps_the_upload() -> None:
    session: dict[str, Any] = {
        state.SEL: {"kind": "node", "id": "ketamine"},
        state.TYPES: ["drug"],
        state.INIT: True,
        state.SHOWN: {"key": None},
        "kg_hit_ketamine": False,
        "kg_dl_graphml": False,
        state.EXPORT_OPEN: True,
        state.UPLOAD_ROOT: "/tmp/x/graph",
        state.UPLOAD_DIR: "/tmp/x",
        state.UPLOAD_NAME: "x.zip",
        state.UPLOAD_OPEN: True,
        "kgc_who": "someone",  # not ours
    }
    gone = state.reset_for_new_graph(session)
    assert gone == sorted(
        [
            state.SEL,
            state.TYPES,
            state.INIT,
            state.SHOWN,
            state.EXPORT_OPEN,
            "kg_hit_ketamine",
            "kg_dl_graphml",
        ]
    )
    assert set(session) == {state.UPLOAD_ROOT, state.UPLOAD_DIR, state.UPLOAD_NAME, state.UPLOAD_OPEN, "kgc_who"}


# --- the view and its URL -------------------------------------------------------------------------


def test_the_plain_page_has_an_empty_url() -> None:
    view = ViewState.from_query({}, ALLOWED)
    assert view == ViewState(perspective="mechanism", filters={k: () for k in state.FILTER_PARAMS.values()})
    assert view.to_query("mechanism") == {}


def test_a_url_keeps_only_what_the_graph_has() -> None:
    query = {
        "node": "no-such-entity",
        "claim": "ketamine-acts-on-nmda-receptor",
        "types": "drug,bogus,receptor",
        "relations": "treats",
        "certainty": "sure,established",
        "sources": "second,third",
        "layout": "spiral",
        "view": "risks",
        "expand": "glutamate,nowhere",
        "hide": "depression",
        "focus": "9",
        "from": "ketamine",
        "to": "elsewhere",
        "undirected": "1",
    }
    view = ViewState.from_query(query, ALLOWED)
    assert view.selection == Selection("claim", "ketamine-acts-on-nmda-receptor")  # the node is unknown
    assert dict(view.filters) == {
        state.TYPES: ("drug", "receptor"),  # in the URL's order
        state.RELATIONS_KEY: ("treats",),
        state.CERTAINTY: ("established",),
        state.SOURCES: ("second",),
    }
    assert (view.layout, view.perspective) == ("mechanism", "risks")
    assert (view.expanded, view.dismissed) == (("glutamate",), ("depression",))
    assert (view.focus, view.depth) == (False, 1)
    assert (view.paths_open, view.path_from, view.path_to, view.directed) == (True, "ketamine", None, False)
    assert view.path_ends() is None  # one end only
    assert view.to_query("mechanism") == {
        "claim": "ketamine-acts-on-nmda-receptor",
        "types": "drug,receptor",
        "relations": "treats",
        "certainty": "established",
        "sources": "second",
        "view": "risks",
        "expand": "glutamate",
        "hide": "depression",
        "from": "ketamine",
        "undirected": "1",
    }


@pytest.mark.parametrize(
    "query",
    [
        {"node": "ketamine"},
        {"claim": "ketamine-acts-on-nmda-receptor", "focus": "2", "layout": "force"},
        {"types": "receptor,drug", "certainty": "established"},
        {"view": "everything", "expand": "glutamate,ketamine", "hide": "depression"},
        {"from": "ketamine", "to": "depression"},
        {"from": "ketamine", "to": "depression", "undirected": "1", "focus": "1", "node": "glutamate"},
    ],
)
def test_a_url_of_known_values_round_trips(query: dict[str, str]) -> None:
    view = ViewState.from_query(query, ALLOWED)
    assert view.to_query("mechanism") == query
    # Through the session and back (the page's widgets hold it in between).
    assert ViewState.from_session(view.to_session(), ALLOWED) == view


def test_the_default_perspective_is_the_graphs() -> None:
    big = Allowed(ALLOWED.nodes, ALLOWED.claims, (), (), (), default_perspective="everything")
    view = ViewState.from_query({}, big)
    assert view.perspective == "everything" and view.to_query("everything") == {}
    assert ViewState.from_query({"view": "mechanism"}, big).to_query("everything") == {"view": "mechanism"}


def test_the_session_may_hold_what_the_graph_no_longer_has() -> None:
    session = {
        state.SEL: {"kind": "node", "id": "gone"},
        state.TYPES: ["drug", "gone-type"],
        state.PERSPECTIVE: "no-such-perspective",
        state.LAYOUT: "force",
        state.EXPANDED: ["ketamine", "gone"],
        state.FOCUS: True,
        state.DEPTH: 7,
        state.PATHS_OPEN: True,
        state.PATH_FROM: "ketamine",
        state.PATH_TO: "depression",
    }
    view = ViewState.from_session(session, ALLOWED)
    assert view.selection is None
    assert view.filters[state.TYPES] == ("drug",)
    assert (view.perspective, view.layout, view.expanded, view.depth) == ("mechanism", "force", ("ketamine",), 1)
    assert view.path_ends() == ("ketamine", "depression") and view.directed is True


def test_the_view_key_names_the_shown_graph() -> None:
    view = ViewState.from_query(
        {"claim": "ketamine-acts-on-nmda-receptor", "focus": "3", "types": "receptor,drug", "expand": "glutamate"},
        ALLOWED,
    )
    key = view.view_key(ALLOWED.claims)  # type: ignore[arg-type]
    assert key == ViewKey(
        Scene("mechanism", ("glutamate",)), types=("drug", "receptor"), focus="ketamine", depth=3
    )  # a claim is focused at its subject; filters sorted, so the same view hits the same cache entry
    same = ViewState.from_query(
        {"types": "drug,receptor", "claim": "ketamine-acts-on-nmda-receptor", "focus": "3", "expand": "glutamate"},
        ALLOWED,
    )
    assert same.view_key(ALLOWED.claims) == key and hash(same.view_key(ALLOWED.claims)) == hash(key)  # type: ignore[arg-type]
    assert ViewState.from_query({"node": "ketamine"}, ALLOWED).view_key({}).focus is None  # focus off


def test_allowed_of_a_graph_lists_what_it_has(shipped_graph: nx.MultiDiGraph) -> None:
    allowed = Allowed.of(shipped_graph, {"c"}, ["b", "a"])
    assert set(allowed.types) == {d["type"] for _, d in shipped_graph.nodes(data=True)}
    assert set(allowed.relations) == {d["relation"] for _, _, d in shipped_graph.edges(data=True)}
    assert allowed.sources == ("a", "b") and "ketamine" in allowed.nodes


def test_the_url_is_read_once_per_session() -> None:
    session: dict[str, Any] = {}
    state.init_session(session, {"node": "ketamine", "layout": "force"}, ALLOWED)
    assert session[state.SEL] == {"kind": "node", "id": "ketamine"} and session[state.LAYOUT] == "force"
    assert (session[state.QUERY], session[state.CENTER], session[state.NONCE]) == ("", None, 0)
    session[state.LAYOUT] = "mechanism"
    state.init_session(session, {"layout": "force"}, ALLOWED)
    assert session[state.LAYOUT] == "mechanism"


# --- events ---------------------------------------------------------------------------------------


def test_selecting_with_centre_asks_the_canvas_each_time() -> None:
    session: dict[str, Any] = {}
    state.select(session, "node", "ketamine", center=True)
    state.select(session, "node", "ketamine", center=True)
    assert session[state.SEL] == {"kind": "node", "id": "ketamine"}
    assert session[state.CENTER] == {"id": "ketamine", "n": 2}
    state.select(session, "claim", "c")
    assert session[state.CENTER] == {"id": "ketamine", "n": 2}  # a plain selection does not move the canvas


def test_component_picks_change_the_state() -> None:
    session: dict[str, Any] = {state.SEL: {"kind": "node", "id": "depression"}}
    state.apply_pick(session, {"kind": "expand", "id": "ketamine"})
    # A double-click expands the node and selects it (its first click's selection may be overtaken).
    assert session[state.EXPANDED] == ["ketamine"] and session[state.SEL] == {"kind": "node", "id": "ketamine"}
    state.apply_pick(session, {"kind": "expand", "id": "ketamine"})  # a second double-click collapses it
    assert session[state.EXPANDED] == []
    state.apply_pick(session, {"kind": "dismiss", "id": "depression"})  # dismissing another keeps the selection
    assert session[state.DISMISSED] == ["depression"] and session[state.SEL] == {"kind": "node", "id": "ketamine"}
    state.apply_pick(session, {"kind": "dismiss", "id": "ketamine"})  # dismissing the selection drops it
    assert session[state.DISMISSED] == ["depression", "ketamine"] and session[state.SEL] is None
    state.apply_pick(session, {"kind": "claim", "id": "c"})
    assert session[state.SEL] == {"kind": "claim", "id": "c"}
    for junk in (None, "node", {"kind": "node", "id": 3}, {"kind": "explode", "id": "x"}):
        state.apply_pick(session, junk)
    assert session[state.SEL] == {"kind": "claim", "id": "c"}
    state.apply_pick(session, {"kind": "none"})
    assert session[state.SEL] is None
    # "Show all" on a big graph's hub: its panel data comes whole from now on; the selection stays.
    state.apply_pick(session, {"kind": "all", "id": "ketamine"})
    assert session[state.PANEL_ALL] == "ketamine" and session[state.SEL] is None


def test_the_pure_ui_modules_do_not_import_streamlit() -> None:
    code = (
        "import sys; import ketagraph.ui.state, ketagraph.ui.payloads, ketagraph.ui.markup, ketagraph.ui.wire; "
        "print('streamlit' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
