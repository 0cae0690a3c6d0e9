"""The explorer in a real Chromium: click nodes, edges and highlights, search, paths, and nothing jumps.

Clicks on the canvas go where vis-network draws the node or edge (``canvasToDOM`` of its position,
or of the middle of the drawn edge), checked with ``getNodeAt``/``getEdgeAt`` before clicking.
Times from click to quote and the bytes a click's rerun sends are printed (and recorded as test
properties, so they appear in a JUnit report).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from bench import generate
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from graph_helpers import write_graph
from ketagraph import Corpus, load_corpus
from ketagraph.build import build_graph as build
from ketagraph.present import claim_index, claim_view
from ketagraph.query import find_paths
from ketagraph.render import VIS_NETWORK_JS

from .conftest import DRAWN_BOX, ROOT, AppServer, PageWatch

pytestmark = pytest.mark.browser

#: The detail panel's highlighted quotes and heading (the panel is built by the component, in its
#: shadow root; Playwright's CSS selectors pierce open shadow roots).
PANEL_MARK = "[data-testid=kg-details] mark"
PANEL_HEADING = "[data-testid=kg-details] h3"
#: The library the component loads (ketagraph.ui.component itself is not imported here: imported
#: outside a Streamlit runtime it registers its inline fallback for the whole test session).
VIS_SOURCE = VIS_NETWORK_JS
#: A click must show its quote within this time (measured: well under a second here).
CLICK_BUDGET_S = 3.0
#: The messages of a click's rerun must stay below this many bytes.
RERUN_BUDGET = 5_000


@functools.cache
def shipped() -> tuple[nx.MultiDiGraph, Corpus, dict[str, tuple[str, str]]]:
    """The shipped graph the server shows, its corpus and its claim index (loaded once, when needed)."""
    corpus = load_corpus(ROOT / "graph")
    G = build(corpus)
    return G, corpus, claim_index(G)


def quote_of(claim: str) -> str:
    G, corpus, index = shipped()
    return claim_view(G, corpus, claim, index).evidence[0].quote


class Explorer:
    """The app open in a watched page, with every websocket message it receives recorded and parsed."""

    def __init__(self, watch: PageWatch, server: AppServer, query: str = ""):
        self.watch = watch
        self.page = page = watch.page
        self.frames: list[tuple[float, bytes]] = []
        self.sent: list[bytes] = []
        self.requests: list[str] = []
        self.runs = 0  # script runs (or fragment runs) finished
        self.running = False
        page.on("websocket", self._on_websocket)
        page.on("request", lambda r: self.requests.append(r.url))
        page.goto(f"{server.url}/{'?' + query if query else ''}")
        page.wait_for_function(
            "window.ketagraph && window.ketagraph.firstDrawAt && window.ketagraph.article && window.ketagraph.view",
            timeout=60_000,
        )
        self.wait_runs(1)
        # The canvas settles to the window and is fitted to it once more: wait until it stays put.
        page.wait_for_function("performance.now() - (window.ketagraph.fitAt || 0) > 400", timeout=15_000)
        page.evaluate("window.ketagraph.network.stopSimulation()")

    def _on_websocket(self, ws: Any) -> None:
        ws.on("framereceived", self._received)
        ws.on("framesent", lambda f: self.sent.append(f.encode() if isinstance(f, str) else f))

    def _received(self, payload: str | bytes) -> None:
        data = payload.encode() if isinstance(payload, str) else payload
        self.frames.append((time.monotonic(), data))
        msg = ForwardMsg.FromString(data)
        kind = msg.WhichOneof("type")
        if kind == "script_finished":
            self.runs += 1
        elif kind == "session_status_changed":
            self.running = msg.session_status_changed.script_is_running

    def wait_runs(self, count: int, timeout: float = 30.0) -> None:
        """Wait until ``count`` runs have finished and the script is idle."""
        deadline = time.monotonic() + timeout
        while self.runs < count or self.running or time.monotonic() - self.frames[-1][0] < 0.15:
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.runs} of {count} runs finished (running: {self.running})")
            self.page.wait_for_timeout(50)

    def js(self, script: str, arg: Any = None) -> Any:
        return self.page.evaluate(script, arg)

    def move_camera(self, script: str, arg: Any = None) -> None:
        """Zoom or pan from a script (``n`` is the network) the way a person's wheel or drag does: the
        explorer then stops fitting the drawing to the canvas's size, as after a real zoom or pan."""
        self.js(
            f"(arg) => {{ const n = window.ketagraph.network; {script}; window.ketagraph.graphState.userMoved = true; }}",
            arg,
        )

    def node_point(self, node: str) -> tuple[float, float]:
        p = self.js(
            """(id) => { const n = window.ketagraph.network; const c = n.canvasToDOM(n.getPositions([id])[id]);
               const r = n.body.container.getBoundingClientRect();
               return {x: r.left + c.x, y: r.top + c.y, hit: n.getNodeAt(c) ?? null}; }""",
            node,
        )
        assert p["hit"] == node, f"another node is drawn over {node}: {p['hit']}"
        return p["x"], p["y"]

    def edge_point(self, edge: str, zoom_at: tuple[float, ...] = (0.5, 0.35, 0.65, 0.25, 0.75)) -> tuple[float, float]:
        """A point on the edge as drawn (straight or curved), as near its middle as possible, inside
        the visible canvas, where this edge is the nearest one within 2 pixels in every direction (so
        rounding cannot pick a neighbour) and no node or node label is hit."""
        p = self.clean_edge_point(edge)
        # Where the edge runs among its neighbours at this zoom, zoom in on it as a person would.
        for t in zoom_at:
            if p is not None:
                break
            self.move_camera(
                "n.moveTo({position: n.body.edges[arg[0]].edgeType.getPoint(arg[1]), scale: 1.5})", [edge, t]
            )
            p = self.clean_edge_point(edge)
        assert p is not None, f"no point of {edge} can be clicked without hitting a neighbour"
        return p

    def clean_edge_point(self, edge: str) -> tuple[float, float] | None:
        """:meth:`edge_point`, or ``None`` when the current view has no such point."""
        p = self.js(
            """(id) => { const n = window.ketagraph.network; const r = n.body.container.getBoundingClientRect();
               const ts = [0.5];  // from the middle outwards, in small steps along the edge
               for (let d = 0.025; d <= 0.4; d += 0.025) ts.push(0.5 - d, 0.5 + d);
               for (const t of ts) {
                 const c = n.canvasToDOM(n.body.edges[id].edgeType.getPoint(t));
                 if (c.x < 4 || c.y < 4 || c.x > r.width - 4 || c.y > r.height - 4) continue;  // off screen
                 let ok = true;
                 for (const dx of [-2, 0, 2]) for (const dy of [-2, 0, 2]) {
                   const q = {x: c.x + dx, y: c.y + dy};
                   if ((n.getNodeAt(q) ?? null) !== null || n.getEdgeAt(q) !== id) ok = false;
                 }
                 if (ok) return {x: r.left + c.x, y: r.top + c.y};
               }
               return null; }""",
            edge,
        )
        return None if p is None else (p["x"], p["y"])

    def click_until(self, target: tuple[float, float] | Any, *shown: Any) -> float:
        """Click ``target`` (a point, or a locator); return the seconds until every locator in
        ``shown`` is visible, then wait for the rerun to end."""
        runs = self.runs
        start = time.perf_counter()
        if isinstance(target, tuple):
            self.page.mouse.click(*target)
        else:
            target.click()
        for locator in shown:
            locator.wait_for(state="visible", timeout=15_000)
        seconds = time.perf_counter() - start
        self.wait_runs(runs + 1)
        return seconds

    def selection(self) -> tuple[list[str], list[str]]:
        nodes, edges = self.js(
            "[window.ketagraph.network.getSelectedNodes(), window.ketagraph.network.getSelectedEdges()]"
        )
        return sorted(nodes), sorted(edges)

    def camera(self) -> dict[str, Any]:
        return self.js(
            """() => { const n = window.ketagraph.network;
               return {positions: n.getPositions(), scale: n.getScale(), view: n.getViewPosition()}; }"""
        )

    def panel_mark(self, quote: str) -> Any:
        return self.page.locator(PANEL_MARK, has_text=quote[:80]).first

    def heading(self, text: str) -> Any:
        return self.page.locator(PANEL_HEADING, has_text=text).first

    def assert_clean(self) -> None:
        assert self.watch.errors == []
        assert self.watch.remote == []
        assert self.page.locator("[data-testid=stException]").count() == 0


@pytest.fixture
def app(watched_page: PageWatch, app_server: AppServer) -> Iterator[Explorer]:
    """The whole graph (the "everything" perspective): far-off entities such as Calvin Stevens and
    Parke-Davis are on the canvas, fitted whole."""
    explorer = Explorer(watched_page, app_server, "view=everything")
    yield explorer
    explorer.assert_clean()


def report(record_property: Any, capsys: Any, name: str, value: Any) -> None:
    record_property(name, value)
    with capsys.disabled():
        print(f"\n[explorer] {name}: {value}")


# --- clicks ---------------------------------------------------------------------------------------


def test_click_ketamine_then_the_nmda_receptor_and_read_their_sentences(
    app: Explorer, record_property: Any, capsys: Any
) -> None:
    timings = {}
    for node, title, claim in (
        ("ketamine", "★ Ketamine", "ketamine-acts-on-glutamate-system"),
        ("nmda-receptor", "▲ NMDA receptor", "nmda-receptor-part-of-glutamate-system"),
    ):
        heading, quote = app.heading(title), app.panel_mark(quote_of(claim))
        seconds = app.click_until(app.node_point(node), heading, quote)
        timings[node] = round(seconds * 1000)
        assert heading.inner_text() == title
        assert app.selection() == ([node], [])
        # Its passages are marked in the article, and the article scrolled to the first of them.
        G = shipped()[0]
        claims = {c for _, _, c in G.in_edges(node, keys=True)} | {c for _, _, c in G.out_edges(node, keys=True)}
        active = app.js(
            """() => { const root = window.ketagraph.article.root; const box = root.getBoundingClientRect();
               const active = [...root.querySelectorAll('mark.kg-active')];
               const top = Math.min(...active.map((m) => m.getBoundingClientRect().top));
               return {claims: [...new Set(active.flatMap((m) => m.dataset.claims.split(' ')))],
                       inView: top >= box.top && top <= box.bottom}; }"""
        )
        marked = set(active["claims"])
        assert marked & claims and active["inView"]
        assert seconds < CLICK_BUDGET_S
    report(record_property, capsys, "node click->quote ms", timings)
    # The NMDA receptor's panel reads the article's sentence on ketamine and the receptor too.
    assert app.panel_mark(quote_of("ketamine-acts-on-nmda-receptor")).is_visible()


def test_click_an_edge_shows_its_claim(app: Explorer, record_property: Any, capsys: Any) -> None:
    timings = {}
    for claim in ("calvin-stevens-affiliated-with-parke-davis", "ketamine-used-for-treatment-resistant-depression"):
        seconds = app.click_until(app.edge_point(claim), app.heading("Claim"), app.panel_mark(quote_of(claim)))
        timings[claim] = round(seconds * 1000)
        u, v = shipped()[2][claim]
        assert app.selection() == (sorted([u, v]), [claim])
        assert app.page.url.endswith(f"/?claim={claim}&view=everything")  # the URL follows a click too
        assert seconds < CLICK_BUDGET_S
    report(record_property, capsys, "edge click->quote ms", timings)


def test_parallel_claims_are_each_clickable(app: Explorer) -> None:
    pair = {"ketamine", "antidepressant-effect"}
    claims = sorted(k for k, (u, v) in shipped()[2].items() if {u, v} == pair)
    assert len(claims) >= 2
    for claim in claims:
        # Zoom in on the curve where it fans out from its parallels (they all cross at the middle),
        # among the other edges: the curves are pixels apart there.
        point = app.edge_point(claim, zoom_at=(0.35, 0.65, 0.3, 0.7, 0.4, 0.6))
        app.click_until(point, app.panel_mark(quote_of(claim)))
        assert app.selection()[1] == [claim]


def test_click_a_highlight_in_the_article(app: Explorer) -> None:
    mark = app.page.locator("mark.kg-ev").filter(has_text="first synthesized in 1962").first
    claim = mark.get_attribute("data-claims").split(" ")[0]
    app.click_until(mark, app.heading("Claim"), app.panel_mark(quote_of(claim)))
    assert app.selection()[1] == [claim]
    assert "kg-active" in (mark.get_attribute("class") or "").split()


def test_a_click_neither_moves_the_layout_nor_the_camera(app: Explorer) -> None:
    # Zoom and pan first, so that a reset to the initial view would show.
    app.move_camera("n.moveTo({position: {x: -250, y: 40}, scale: 0.55})")
    app.js("window.ketagraph.network.__sameInstance = true")
    version = app.js("window.ketagraph.graphVersion")
    before = app.camera()
    inside = """(id) => { const n = window.ketagraph.network; const c = n.canvasToDOM(n.getPositions([id])[id]);
                const r = n.body.container.getBoundingClientRect();
                return c.x > 20 && c.y > 20 && c.x < r.width - 20 && c.y < r.height - 20; }"""
    G = shipped()[0]
    node = next(n for n in sorted(G) if app.js(inside, n))
    app.click_until(app.node_point(node), app.heading(G.nodes[node]["label"]))
    after = app.camera()
    assert after["positions"] == before["positions"]
    assert after["scale"] == pytest.approx(before["scale"], abs=1e-9)
    assert after["view"] == pytest.approx(before["view"], abs=1e-6)
    assert app.js("window.ketagraph.network.__sameInstance === true")  # not rebuilt
    assert app.js("window.ketagraph.graphVersion") == version


def test_a_click_on_the_background_keeps_the_selection(watched_page: PageWatch, app_server: AppServer) -> None:
    """vis-network unselects on a background click; the graph keeps showing what the panel shows."""
    app = Explorer(watched_page, app_server, "node=ketamine")
    assert app.selection() == (["ketamine"], [])
    empty = app.js(
        """() => { const n = window.ketagraph.network; const box = n.body.container;
           const r = box.getBoundingClientRect(); const canvas = box.querySelector('canvas');
           for (let y = 10; y < r.height; y += 10) for (let x = 10; x < r.width; x += 10) {
             const p = {x, y};
             if ((n.getNodeAt(p) ?? null) === null && (n.getEdgeAt(p) ?? null) === null &&
                 box.getRootNode().elementFromPoint(r.left + x, r.top + y) === canvas) return {x: r.left + x, y: r.top + y};
           }
           return null; }"""
    )
    runs = app.runs
    app.page.mouse.click(empty["x"], empty["y"])
    app.page.wait_for_timeout(500)
    assert app.selection() == (["ketamine"], [])
    assert app.runs == runs  # nothing was sent to Python
    assert app.heading("Ketamine").inner_text() == "★ Ketamine"
    app.assert_clean()


def test_a_filter_shows_fewer_nodes_at_the_same_places(app: Explorer) -> None:
    page = app.page
    before = app.camera()
    runs = app.runs
    page.get_by_test_id("stMultiSelect").filter(has_text="Certainty").click()
    page.get_by_role("option", name="speculative", exact=True).click()
    page.keyboard.press("Escape")
    app.wait_runs(runs + 1)
    page.wait_for_function(f"window.ketagraph.nodes.length < {len(before['positions'])}", timeout=15_000)
    after = app.camera()
    assert 0 < len(after["positions"]) < len(before["positions"])
    assert all(after["positions"][n] == before["positions"][n] for n in after["positions"])
    certainties = app.js("window.ketagraph.edges.get().map((e) => e.certainty)")
    assert certainties and set(certainties) == {"speculative"}
    # What is left is fitted to the canvas again (the issue: "the view re-fits after filters").
    page.wait_for_timeout(300)
    box = app.js(MEASURE)
    assert legibility(box)["cut"] == []
    assert app.camera()["scale"] >= before["scale"]
    assert "certainty=speculative" in page.url


def test_the_graph_fits_its_element(app: Explorer) -> None:
    """The graph's box (its border included) lies inside the element Streamlit gives it."""
    inner, outer = app.js(
        """() => { const root = window.ketagraph.network.body.container.parentElement;
           const host = root.getRootNode().host;
           const box = (e) => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
           return [box(root), box(host)]; }"""
    )
    assert outer[0] <= inner[0] and outer[1] <= inner[1] and inner[2] <= outer[2] and inner[3] <= outer[3]
    assert inner[2] - inner[0] > 300 and inner[3] - inner[1] > 300


# --- search and paths -------------------------------------------------------------------------------


def test_search_selects_and_centres_a_node_once(app: Explorer) -> None:
    page = app.page
    box = page.get_by_role("textbox", name="Search entities")
    box.fill("NMDA")
    box.press("Enter")
    app.heading("NMDA receptor").wait_for(timeout=15_000)
    app.panel_mark(quote_of("ketamine-acts-on-nmda-receptor")).wait_for(timeout=15_000)
    page.wait_for_function(
        """() => { const n = window.ketagraph.network; const p = n.getPositions(['nmda-receptor'])['nmda-receptor'];
           const v = n.getViewPosition(); return Math.hypot(p.x - v.x, p.y - v.y) < 1 && n.getScale() > 0.9 - 1e-9; }""",
        timeout=10_000,
    )
    app.wait_runs(app.runs)
    assert app.selection() == (["nmda-receptor"], [])
    # Centred once per search: after panning away, a click does not bring the view back.
    app.move_camera("const v = n.getViewPosition(); n.moveTo({position: {x: v.x + 120, y: v.y}})")
    before = app.camera()
    app.click_until(app.node_point("nmda-receptor"), app.heading("NMDA receptor"))
    page.wait_for_timeout(500)  # longer than the centring animation
    after = app.camera()
    assert after["view"] == pytest.approx(before["view"], abs=1e-6)
    assert after["scale"] == pytest.approx(before["scale"])


def choose(app: Explorer, label: str, option: str) -> None:
    runs = app.runs
    app.page.get_by_test_id("stSelectbox").filter(has_text=label).click()
    app.page.keyboard.type(option.split(" (")[0])
    app.page.get_by_role("option", name=option, exact=True).click()
    app.wait_runs(runs + 1)


def test_paths_from_ketamine_to_treatment_resistant_depression(app: Explorer) -> None:
    page = app.page
    runs = app.runs
    page.get_by_text("Paths between two entities").click()  # the pickers are made when it opens
    app.wait_runs(runs + 1)
    choose(app, "From", "Ketamine (drug)")
    choose(app, "To", "Treatment-resistant depression (condition)")
    page.get_by_text("Paths: Ketamine (drug) → Treatment-resistant depression (condition)").wait_for(timeout=15_000)
    paths = find_paths(shipped()[0], "ketamine", "treatment-resistant-depression", max_hops=5, limit=12)
    assert paths[0].nodes == ("ketamine", "treatment-resistant-depression")
    radios = page.get_by_test_id("stRadio").filter(has_text="Paths")
    assert radios.get_by_role("radio").count() == len(paths)
    assert app.selection() == (sorted(paths[0].nodes), sorted(k for h in paths[0].hops for k, _, _ in h.claims))
    # A longer path: every hop listed with its quote, the whole path selected in the graph.
    i, path = next((i, p) for i, p in enumerate(paths) if len(p.hops) > 1)
    runs = app.runs
    radios.get_by_text(f"{i + 1}. ", exact=False).first.click()
    app.wait_runs(runs + 1)
    claims = [h.claims[0][0] for h in path.hops]
    for claim in claims:
        assert page.locator("blockquote", has_text=quote_of(claim)[:60]).first.is_visible()
    nodes, edges = app.selection()
    assert set(path.nodes) <= set(nodes)
    assert set(claims) <= set(edges)
    assert f"(weakest: {path.weakest})" in radios.inner_text()
    assert "from=ketamine" in page.url and "to=treatment-resistant-depression" in page.url
    # Everything off the path fades (the path's nodes and claims stay opaque).
    focus = app.js("window.ketagraph.focus")
    assert focus is not None and set(focus["nodes"]) == set(path.nodes)
    opaque = app.js(
        "window.ketagraph.nodes.get().filter((n) => n.opacity === undefined || n.opacity === 1).map((n) => n.id)"
    )
    assert set(opaque) == set(path.nodes)


def test_the_first_view_draws_the_data_as_sent_and_a_hover_fades_and_restores(app: Explorer) -> None:
    """Nothing selected, the first view leaves the graph's data sets as sent (it updated every node
    and edge to what it already was: 50 ms of the shipped page load); a hover fades what is not
    within one hop, and leaving the node restores every node and claim."""
    as_sent = """() => { const k = window.ketagraph, base = k.graphState.base;
      return { nodes: k.nodes.get().filter((n) => n.opacity !== undefined).map((n) => n.id),
               edges: k.edges.get().filter((e) => JSON.stringify(e.color) !== JSON.stringify(base.get(e.id).color))
                        .map((e) => e.id) }; }"""
    assert app.js(as_sent) == {"nodes": [], "edges": []}
    G = shipped()[0]
    x, y = app.node_point("nmda-receptor")
    app.page.mouse.move(x, y)
    app.page.wait_for_function(
        "(() => { const f = window.ketagraph.focus; return f && f.nodes.includes('nmda-receptor') })()", timeout=5_000
    )
    faded = app.js(
        "window.ketagraph.nodes.get().filter((n) => n.opacity !== undefined && n.opacity < 1).map((n) => n.id)"
    )
    assert set(faded) == set(G) - set(nx.all_neighbors(G, "nmda-receptor")) - {"nmda-receptor"}
    app.page.mouse.move(2, 2)
    app.page.wait_for_function("window.ketagraph.focus === null", timeout=5_000)
    restored = """() => { const k = window.ketagraph, base = k.graphState.base;
      const opacity = (c) => (c && c.opacity !== undefined ? c.opacity : 1);
      return { nodes: k.nodes.get().filter((n) => opacity(n) !== 1).map((n) => n.id),
               edges: k.edges.get().filter((e) => opacity(e.color) !== opacity(base.get(e.id).color)).map((e) => e.id) }; }"""
    assert app.js(restored) == {"nodes": [], "edges": []}


def test_the_url_reopens_a_selection(watched_page: PageWatch, app_server: AppServer) -> None:
    claim = "ketamine-acts-on-nmda-receptor"
    G, _, index = shipped()
    certainty = G.edges[(*index[claim], claim)]["certainty"]
    app = Explorer(watched_page, app_server, f"claim={claim}&certainty={certainty}")
    app.panel_mark(quote_of(claim)).wait_for(state="visible", timeout=15_000)
    assert app.selection()[1] == [claim]
    assert set(app.js("window.ketagraph.edges.get().map((e) => e.certainty)")) == {certainty}
    app.assert_clean()


# --- offline, served assets, traffic ----------------------------------------------------------------


def test_offline_with_the_library_served_not_sent(app: Explorer, record_property: Any, capsys: Any) -> None:
    served = "/_stcore/bidi-components/ketagraph.explorer/"
    local = [u for u in app.requests if served in u]
    # One script, fetched over HTTP: vis-network from pyvis, then explorer.js.
    (bundle,) = {u for u in local if u.endswith(served + "explorer.bundle.js")}
    library = VIS_SOURCE.read_bytes()
    pieces = [library[i : i + 48] for i in (20_000, 200_000, 400_000)]
    script = app.page.request.get(bundle).body()
    own = (ROOT / "src" / "ketagraph" / "ui" / "assets" / "explorer.js").read_bytes()
    assert all(p in script for p in pieces) and script.endswith(own)
    assert app.js("typeof window.vis.Network === 'function' && window.ketagraph.isKetagraph")
    assert all(p not in f for _, f in app.frames for p in pieces), "vis-network travelled over the websocket"
    assert app.watch.remote == []
    report(record_property, capsys, "page load websocket bytes", sum(len(f) for _, f in app.frames))


def rerun_bytes(app: Explorer, point: tuple[float, float], *shown: Any) -> tuple[int, int, list[bytes]]:
    first, sent = len(app.frames), len(app.sent)
    app.click_until(point, *shown)
    frames = [f for _, f in app.frames[first:]]
    return sum(map(len, frames)), sum(map(len, app.sent[sent:])), frames


def test_a_click_sends_only_a_few_kilobytes(app: Explorer, record_property: Any, capsys: Any) -> None:
    library = VIS_SOURCE.read_bytes()
    measured = {}
    claim = "calvin-stevens-affiliated-with-parke-davis"
    received, sent, frames = rerun_bytes(
        app, app.edge_point(claim), app.heading("Claim"), app.panel_mark(quote_of(claim))
    )
    measured[f"edge {claim}"] = (received, sent)
    assert received < RERUN_BUDGET
    for node, title in (
        ("calvin-stevens", "Calvin Stevens"),
        ("nmda-receptor", "NMDA receptor"),
        ("ketamine", "Ketamine"),
    ):
        received, sent, more = rerun_bytes(app, app.node_point(node), app.heading(title))
        measured[f"node {node}"] = (received, sent)
        frames += more
    for frame in frames:
        assert library[20_000:20_048] not in frame
        # Neither the graph payload nor the article is sent again: only references to them.
        assert b'"role": "graph"' not in frame and b'"role": "article"' not in frame
        assert b'"paragraphs"' not in frame
    report(record_property, capsys, "websocket bytes per click (received, sent)", measured)


# --- markup in the data -----------------------------------------------------------------------------

PWN_IMG = '<img src=x onerror="window.__pwned=1">'
PWN_SCRIPT = "<script>window.__pwned=1</script>"
HOSTILE_LABEL = f"Ketamine {PWN_IMG} **bold** {PWN_SCRIPT}"
HOSTILE_DESCRIPTION = f"Desc {PWN_SCRIPT} and {PWN_IMG} [x](javascript:alert(1))"
HOSTILE_ALIAS = f"{PWN_SCRIPT}alias"
HOSTILE_QUOTE = (
    f"The {PWN_IMG} drug {PWN_SCRIPT} is **bold** and [x](javascript:window.__pwned=1) with :red[x] and $x$."
)


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    root = tmp_path_factory.mktemp("hostile") / "graph"
    write_graph(
        root,
        {
            "article.txt": f"Markup <i>section</i>\n\nKetamine acts on NMDA receptors. {HOSTILE_QUOTE}\n",
            "source.yaml": {
                "sources": [
                    {
                        "id": "article",
                        "title": f"Title {PWN_IMG} **bold**",
                        "publisher": f"Publisher {PWN_SCRIPT}",
                        "kind": "clinic-marketing",
                        "language": "en",
                        "file": "article.txt",
                    }
                ]
            },
            "entities.yaml": {
                "entities": [
                    {
                        "id": "ketamine",
                        "label": HOSTILE_LABEL,
                        "type": "drug",
                        "aliases": [HOSTILE_ALIAS],
                        "description": HOSTILE_DESCRIPTION,
                    },
                    {"id": "nmda-receptor", "label": f"NMDA {PWN_SCRIPT}", "type": "receptor"},
                ]
            },
            "claims.yaml": {
                "claims": [
                    {
                        "id": "ketamine-acts-on-nmda-receptor",
                        "subject": "ketamine",
                        "relation": "acts_on",
                        "object": "nmda-receptor",
                        "certainty": "suggested",
                        "note": f"note {PWN_IMG}",
                        "evidence": [{"source": "article", "quote": HOSTILE_QUOTE}],
                    }
                ]
            },
        },
    )
    corpus = load_corpus(root)
    assert corpus.errors == []
    server = AppServer(graph=root)
    yield server
    server.stop()


INJECTED = """() => {
  const roots = [document];
  for (let i = 0; i < roots.length; i++) {
    for (const el of roots[i].querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
  }
  const bad = [];
  for (const root of roots) {
    for (const img of root.querySelectorAll('img')) {
      if (img.getAttribute('src') === 'x' || img.hasAttribute('onerror')) bad.push(img.outerHTML);
    }
    for (const script of root.querySelectorAll('script')) {
      if ((script.textContent || '').includes('__pwned')) bad.push(script.outerHTML);
    }
    for (const strong of root.querySelectorAll('strong, b, em, i, a[href^="javascript"]')) {
      if (/^(bold|section|x)$/.test(strong.textContent || '')) bad.push(strong.outerHTML);
    }
  }
  return bad;
}"""


def test_markup_in_the_data_shows_as_text(watched_page: PageWatch, hostile_server: AppServer) -> None:
    app = Explorer(watched_page, hostile_server)
    page = app.page
    # The tooltip, as text.
    page.mouse.move(*app.node_point("ketamine"))
    tip = page.locator(".vis-tooltip")
    tip.wait_for(state="visible", timeout=10_000)
    assert tip.inner_text() == f"{HOSTILE_LABEL}\ndrug\n{HOSTILE_DESCRIPTION}"
    # Set as text: the line breaks are the only elements in it.
    assert tip.evaluate("(el) => [...el.querySelectorAll('*')].map((e) => e.tagName)") == ["BR", "BR"]
    # The detail panel, as text.
    heading = app.heading("Ketamine")
    app.click_until(app.node_point("ketamine"), heading, app.panel_mark(HOSTILE_QUOTE))
    assert heading.inner_text() == f"★ {HOSTILE_LABEL}"
    # (inner_text does not descend into the component's shadow root: read the panel on its own.)
    main = page.get_by_test_id("stMain").inner_text() + "\n" + page.locator("[data-testid=kg-details]").inner_text()
    for text in (
        HOSTILE_DESCRIPTION,
        f"Also called: {HOSTILE_ALIAS}",
        f"Title {PWN_IMG} **bold**",
        f"Publisher {PWN_SCRIPT}",
    ):
        assert text in main, text
    assert app.panel_mark(HOSTILE_QUOTE).text_content() == HOSTILE_QUOTE
    # The article, as text; clicking the quote there selects its claim, shown as text too.
    mark = page.locator("mark.kg-ev").filter(has_text="is **bold** and [x](javascript:").first
    assert mark.text_content() == HOSTILE_QUOTE
    assert page.locator("h4", has_text="Markup <i>section</i>").count() == 1
    app.click_until(mark, app.heading("Claim"))
    panel = page.locator("[data-testid=kg-details]").inner_text()
    assert f"note: note {PWN_IMG}" in panel
    assert page.locator("[data-testid=kg-details] button.kg-action", has_text="Subject:").inner_text() == (
        f"Subject: {HOSTILE_LABEL}"
    )
    assert app.js(INJECTED) == []
    assert app.js("window.__pwned") is None
    app.assert_clean()


# --- the detail panel, built in the browser ----------------------------------------------------------


def test_the_panel_shows_a_click_at_once_measured_in_the_page(app: Explorer, record_property: Any, capsys: Any) -> None:
    timings = {}
    for node in ("ketamine", "nmda-receptor", "calvin-stevens"):
        point = app.node_point(node)
        start = app.js("performance.now()")
        app.click_until(point, app.page.locator(f"[data-testid=kg-details][data-shown='node:{node}']"))
        shown_at = app.js("window.ketagraph.detailsShownAt")
        timings[node] = round(shown_at - start, 1)
        # the panel is built before Python's rerun could have answered: no server round trip
        assert shown_at - start < 150, timings
    report(record_property, capsys, "in-page click->panel ms", timings)


def test_the_panel_buttons_select_and_clear(app: Explorer) -> None:
    claim = "ketamine-acts-on-nmda-receptor"
    app.click_until(app.node_point("ketamine"), app.heading("Ketamine"))
    item = app.page.locator(f"[data-testid=kg-details] .kg-claim[data-claim='{claim}']")
    runs = app.runs
    item.get_by_role("button", name="Select this claim").click()
    app.heading("Claim").wait_for(timeout=15_000)
    app.wait_runs(runs + 1)
    assert app.selection() == (["ketamine", "nmda-receptor"], [claim])
    app.page.wait_for_url(f"**/?claim={claim}&view=everything", timeout=15_000)
    runs = app.runs
    app.page.locator("[data-testid=kg-details] button.kg-action", has_text="Object: NMDA receptor").click()
    app.heading("NMDA receptor").wait_for(timeout=15_000)
    app.wait_runs(runs + 1)
    app.page.wait_for_url("**/?node=nmda-receptor&view=everything", timeout=15_000)
    runs = app.runs
    app.page.locator("[data-testid=kg-details] button.kg-action", has_text="Clear selection").click()
    app.page.locator("[data-testid=kg-details] h4", has_text="Nothing selected").wait_for(timeout=15_000)
    app.wait_runs(runs + 1)
    app.page.wait_for_function("location.search === '?view=everything'", timeout=15_000)
    assert app.selection() == ([], [])


# --- legibility at first sight -----------------------------------------------------------------------

#: What a person sees in the first view, measured with the boxes nodes are drawn in (a node's shape and
#: label, DRAWN_BOX) turned into screen pixels (``canvasToDOM``).
MEASURE = (
    """() => {
  const n = window.ketagraph.network, drawnBox = """
    + DRAWN_BOX
    + """;
  const box = n.body.container.getBoundingClientRect();
  const scale = n.getScale();
  const nodes = n.body.nodeIndices.map((id) => {
    const b = drawnBox(n, id);
    const tl = n.canvasToDOM({x: b.left, y: b.top});
    const br = n.canvasToDOM({x: b.right, y: b.bottom});
    const o = n.body.nodes[id].options;
    return {id, label: o.label || "", font: o.font.size * scale, l: tl.x, t: tl.y, r: br.x, b: br.y};
  });
  const bar = n.body.container.getRootNode().querySelector(".kg-toolbar").getBoundingClientRect();
  return {nodes, left: box.left, top: box.top, width: box.width, height: box.height,
          vw: window.innerWidth, vh: window.innerHeight,
          bar: {l: bar.left - box.left, t: bar.top - box.top, r: bar.right - box.left, b: bar.bottom - box.top}};
}"""
)


def legibility(m: dict[str, Any]) -> dict[str, Any]:
    nodes = m["nodes"]
    overlaps = [
        (a["id"], b["id"])
        for i, a in enumerate(nodes)
        for b in nodes[i + 1 :]
        if min(a["r"], b["r"]) - max(a["l"], b["l"]) > 1 and min(a["b"], b["b"]) - max(a["t"], b["t"]) > 1
    ]
    cut = [x["id"] for x in nodes if x["l"] < 0 or x["t"] < 0 or x["r"] > m["width"] or x["b"] > m["height"]]
    bar = m["bar"]  # the buttons in the canvas's corner
    under_toolbar = [
        x["id"]
        for x in nodes
        if min(x["r"], bar["r"]) > max(x["l"], bar["l"]) and min(x["b"], bar["b"]) > max(x["t"], bar["t"])
    ]
    return {
        "nodes": len(nodes),
        "overlaps": overlaps,
        "cut": cut,
        "under_toolbar": under_toolbar,
        "unlabelled": [x["id"] for x in nodes if not x["label"].strip()],
        "smallest_font": round(min(x["font"] for x in nodes), 2),
        "width_share": round(m["width"] / m["vw"], 3),
        "height_share": round(m["height"] / m["vh"], 3),
        "bottom": m["top"] + m["height"],
    }


def open_legible(
    watched_page: PageWatch,
    app_server: AppServer,
    size: tuple[int, int],
    query: str,
    name: str,
    record_property: Any,
    capsys: Any,
) -> tuple[Explorer, dict[str, Any]]:
    """The app at ``size`` opened on ``query``, measured once the canvas has settled to the window and
    been fitted again, and reported as ``name``: no two labels overlap, none is cut off by the
    canvas's edge or lies under its buttons, every node is labelled, no label under 11 px."""
    watched_page.page.set_viewport_size({"width": size[0], "height": size[1]})
    app = Explorer(watched_page, app_server, query)
    app.page.wait_for_timeout(600)
    found = legibility(app.js(MEASURE))
    report(record_property, capsys, name, found)
    assert found["overlaps"] == []
    assert found["cut"] == []
    assert found["under_toolbar"] == []
    assert found["unlabelled"] == []
    assert found["smallest_font"] >= 11
    return app, found


@pytest.mark.parametrize("size", [(1440, 900), (1280, 720)], ids=["1440x900", "1280x720"])
def test_the_first_view_is_legible(
    watched_page: PageWatch, app_server: AppServer, size: tuple[int, int], record_property: Any, capsys: Any
) -> None:
    """The mechanism scene at first sight: the canvas is most of the first screen; no two labels
    overlap, none is cut off by the canvas's edge, every node is labelled, no label under 11 px."""
    app, found = open_legible(
        watched_page, app_server, size, "", f"first view {size[0]}x{size[1]}", record_property, capsys
    )
    G, _, _ = shipped()
    assert 10 <= found["nodes"] < G.number_of_nodes()  # a first scene, not everything
    assert found["width_share"] > 0.59 and found["height_share"] > 0.68
    assert found["bottom"] <= size[1]  # above the fold
    app.assert_clean()


#: Installed before the page's scripts: every frame vis-network draws records where the canvas is and
#: what part of the drawing it shows, from the first frame on (the network is caught as the explorer
#: stores it, before its first draw).
RECORD_FRAMES = """(() => {
window.__frames = [];
window.ketagraph = { isKetagraph: true, network: null, nodes: null, edges: null, view: null, article: null,
                     events: [], marks: {} };
let net = null;
Object.defineProperty(window.ketagraph, "network", { configurable: true, get: () => net, set: (n) => {
  net = n;
  if (!n) return;
  n.on("afterDrawing", () => {
    const r = n.body.container.getBoundingClientRect(), v = n.getViewPosition();
    const frame = [r.left, r.top, r.width, r.height, n.getScale(), v.x, v.y].map((x) => Math.round(x * 100) / 100);
    const last = window.__frames[window.__frames.length - 1];
    if (!last || JSON.stringify(last) !== JSON.stringify(frame)) window.__frames.push(frame);
  });
} });
})();
"""


@pytest.mark.parametrize("size", [(1440, 900), (1280, 720)], ids=["1440x900", "1280x720"])
def test_the_first_frame_is_where_the_graph_stays(
    watched_page: PageWatch, app_server: AppServer, size: tuple[int, int]
) -> None:
    """The graph's first frame already has the canvas's final place, size and fit: nothing jumps
    under a pointer about to click. (The page's style sheet, sent as ``st.html``, sometimes came after
    the first frame: the canvas then grew by 114 px and was fitted again, and a click aimed at the
    first frame's Ketamine missed it.)"""
    page = watched_page.page
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.add_init_script(RECORD_FRAMES)
    app = Explorer(watched_page, app_server)
    app.page.wait_for_timeout(600)
    frames = app.js("window.__frames")
    assert len(frames) >= 1
    assert frames == frames[:1], (
        f"the graph moved after its first frame (left, top, width, height, scale, view x, y): {frames}"
    )
    app.assert_clean()


def test_styled_where_style_sheets_cannot_be_adopted(watched_page: PageWatch, app_server: AppServer) -> None:
    """A browser without constructable style sheets (Safari before 16.4) gets the component's styles
    as a <style> in each of its roots: the canvas positioned in its box and drawn in one frame."""
    page = watched_page.page
    page.set_viewport_size({"width": 1440, "height": 900})
    page.add_init_script(
        "delete ShadowRoot.prototype.adoptedStyleSheets; delete Document.prototype.adoptedStyleSheets;"
    )
    page.add_init_script(RECORD_FRAMES)
    app = Explorer(watched_page, app_server)
    app.page.wait_for_timeout(600)
    assert app.js("'adoptedStyleSheets' in document") is False
    found = app.js(
        """() => { const st = window.ketagraph.graphState; const box = st.network.body.container;
           return {canvas: getComputedStyle(box).position, root: getComputedStyle(st.root).position,
                   height: box.clientHeight, styles: st.root.getRootNode().querySelectorAll('style').length}; }"""
    )
    assert found["canvas"] == "absolute" and found["root"] == "relative", found
    assert found["height"] > 600 and found["styles"] >= 1, found
    assert len(app.js("window.__frames")) == 1
    app.assert_clean()


@pytest.mark.parametrize("perspective", ["uses", "risks", "history", "research"])
def test_other_perspectives_are_legible_too(
    watched_page: PageWatch, app_server: AppServer, perspective: str, record_property: Any, capsys: Any
) -> None:
    app, found = open_legible(
        watched_page,
        app_server,
        (1440, 900),
        f"view={perspective}",
        f"perspective {perspective}",
        record_property,
        capsys,
    )
    assert found["nodes"] >= 2
    assert f"view={perspective}" in app.page.url
    app.assert_clean()


@pytest.mark.parametrize("size", [(1440, 900), (1280, 720)], ids=["1440x900", "1280x720"])
def test_the_force_layout_is_legible_too(
    watched_page: PageWatch, app_server: AppServer, size: tuple[int, int], record_property: Any, capsys: Any
) -> None:
    """The mechanism scene in the force layout (a hub in a knot of labels, 8 pairs overlapping, cut at
    the canvas's top and bottom at 1280x720): no two labels overlap, none is cut off, none under 11 px."""
    app, found = open_legible(
        watched_page, app_server, size, "layout=force", f"force layout {size[0]}x{size[1]}", record_property, capsys
    )
    assert found["nodes"] >= 10
    assert "layout=force" in app.page.url
    app.assert_clean()


def test_a_narrow_window_starts_the_story_at_its_left_edge(watched_page: PageWatch, app_server: AppServer) -> None:
    """At 1024x768 the mechanism scene is wider than the canvas even at the 11 px floor: it starts at
    its left edge, the drug in view, rather than centred and cut at both ends (Ketamine was cut in
    half); the rest is a pan away. The title keeps to one line (it broke as "ketagrap / h")."""
    watched_page.page.set_viewport_size({"width": 1024, "height": 768})
    app = Explorer(watched_page, app_server)
    app.page.wait_for_timeout(600)
    measured = app.js(MEASURE)
    found = legibility(measured)
    nodes = {n["id"]: n for n in measured["nodes"]}
    assert found["cut"], "the scene fits a 1024 px window: this test no longer shows a panned view"
    assert min(n["l"] for n in nodes.values()) >= 0  # nothing cut on the left
    assert nodes["ketamine"]["l"] >= 0 and nodes["ketamine"]["r"] <= measured["width"]
    assert found["overlaps"] == [] and found["under_toolbar"] == [] and found["smallest_font"] >= 11
    lines = app.js(
        """() => { const h = document.querySelector('.st-key-kg_title h4'); const s = getComputedStyle(h);
           const text = h.getBoundingClientRect().height - parseFloat(s.paddingTop) - parseFloat(s.paddingBottom);
           return text / parseFloat(s.lineHeight); }"""
    )
    assert 0.5 < lines < 1.5, f"the title takes {lines:.2f} lines"
    app.assert_clean()


# --- what a new user hit ----------------------------------------------------------------------------


def test_the_url_holds_the_node_just_clicked(watched_page: PageWatch, app_server: AppServer) -> None:
    """Not the one before: a link copied right after a click opens what is on screen."""
    app = Explorer(watched_page, app_server)
    for node in ("serotonin", "dopamine"):
        app.click_until(app.node_point(node), app.page.locator(f"[data-testid=kg-details][data-shown='node:{node}']"))
        app.page.wait_for_timeout(200)
        assert app.page.url.endswith(f"/?node={node}"), app.page.url
    app.assert_clean()


def test_the_article_reads_as_an_article(app: Explorer) -> None:
    """Serif, 15 px, near-black: not the panel's 12 px grey citation style (a class name clash)."""
    style = app.js(
        """() => { const p = window.ketagraph.article.root.querySelector('p'); const s = getComputedStyle(p);
           return {size: s.fontSize, color: s.color, family: s.fontFamily}; }"""
    )
    assert style["size"] == "15px"
    assert style["color"] == "rgb(31, 31, 31)"
    assert "Georgia" in style["family"] or "serif" in style["family"]


def test_the_article_scrolls_to_a_quote_near_its_end(app: Explorer) -> None:
    """Quotes far down (Sadness, treatment-resistant depression) are scrolled into the article's view."""
    for node in ("sadness", "treatment-resistant-depression"):
        app.click_until(app.node_point(node), app.page.locator(f"[data-testid=kg-details][data-shown='node:{node}']"))
        app.page.wait_for_function(
            """() => { const root = window.ketagraph.article.root; const box = root.getBoundingClientRect();
               const marks = [...root.querySelectorAll('mark.kg-active')];
               return marks.length && marks.some((m) => { const r = m.getBoundingClientRect();
                 return r.top >= box.top && r.bottom <= box.bottom; }); }""",
            timeout=5_000,
        )
        assert app.js("window.ketagraph.article.root.scrollTop") > 0


def test_a_click_in_the_article_brings_the_panel_into_view(app: Explorer) -> None:
    mark = app.page.locator("mark.kg-ev").last
    mark.scroll_into_view_if_needed()
    claim = mark.get_attribute("data-claims").split(" ")[0]
    app.click_until(mark, app.heading("Claim"))
    app.page.wait_for_timeout(800)  # the smooth scroll
    top = app.js("""() => window.ketagraph.details.root.querySelector('h3').getBoundingClientRect().top""")
    assert 0 <= top < app.page.viewport_size["height"] - 40
    assert app.selection()[1] == [claim]


def test_a_click_near_the_hub_selects_the_edge_under_the_pointer(app: Explorer) -> None:
    """Where ketamine's claims meet, a click selects the edge drawn nearest to it (vis-network alone
    picked any edge within a few pixels: a neighbour)."""
    found = app.js(
        """() => { const n = window.ketagraph.network; const r = n.body.container.getBoundingClientRect();
           const ids = n.body.edgeIndices; const out = [];
           const dist = (e, q) => { let m = Infinity; for (let i = 0; i <= 200; i++) {
             const p = n.body.edges[e].edgeType.getPoint(i / 200); m = Math.min(m, Math.hypot(p.x - q.x, p.y - q.y)); }
             return m; };
           for (const id of ids) {
             const e = n.body.edges[id]; if (e.fromId !== 'ketamine' || e.toId === 'ketamine') continue;
             const q = e.edgeType.getPoint(0.12);
             const others = ids.filter((o) => o !== id).map((o) => dist(o, q));
             const dom = n.canvasToDOM(q);
             // Unambiguous to a person: the next edge at least 2 screen px away, no node under it.
             if (Math.min(...others) * n.getScale() < 2 || n.getNodeAt(dom) !== undefined) continue;
             if (dom.x < 0 || dom.y < 0 || dom.x > r.width || dom.y > r.height) continue;
             out.push({id, x: r.left + dom.x, y: r.top + dom.y});
           }
           return out; }"""
    )
    assert len(found) >= 3
    for target in found[:8]:
        app.click_until((target["x"], target["y"]), app.heading("Claim"))
        assert app.selection()[1] == [target["id"]]


# --- expand, dismiss ------------------------------------------------------------------------------


def scene(app: Explorer) -> set[str]:
    return set(app.js("window.ketagraph.nodes.getIds()"))


def wait_for_scene(app: Explorer, version: str) -> None:
    """Wait until the graph drawn is not ``version`` any more and has been fitted and settled."""
    app.page.wait_for_function("(v) => window.ketagraph.graphVersion !== v", arg=version, timeout=30_000)
    app.page.wait_for_function("performance.now() - (window.ketagraph.fitAt || 0) > 400", timeout=15_000)


def test_a_double_click_expands_a_node_and_a_second_collapses_it(
    watched_page: PageWatch, app_server: AppServer
) -> None:
    """Bloom's Expand, with a real double-click on the canvas: the node's neighbours that the first
    scene leaves out appear (and the URL keeps them), a second double-click takes them away again."""
    app = Explorer(watched_page, app_server)
    G, _, _ = shipped()
    before = scene(app)
    # The scene's first entity (not the drug: its neighbours are everything) with neighbours left out.
    node, hidden = next(
        (n, set(nx.all_neighbors(G, n)) - before)
        for n in sorted(before)
        if G.nodes[n].get("type") != "drug" and set(nx.all_neighbors(G, n)) - before
    )
    version = app.js("window.ketagraph.graphVersion")
    runs = app.runs
    app.page.mouse.dblclick(*app.node_point(node))
    wait_for_scene(app, version)
    app.wait_runs(runs + 1)
    assert scene(app) == before | hidden
    assert f"expand={node}" in app.page.url
    assert app.selection()[0] == [node]

    version = app.js("window.ketagraph.graphVersion")
    runs = app.runs
    app.page.mouse.dblclick(*app.node_point(node))  # where it is drawn now
    wait_for_scene(app, version)
    app.wait_runs(runs + 1)
    assert scene(app) == before
    app.page.wait_for_function("!location.search.includes('expand=')", timeout=15_000)
    app.assert_clean()


def test_hide_takes_a_node_off_the_canvas(watched_page: PageWatch, app_server: AppServer) -> None:
    """Bloom's Dismiss, from the panel's button: the node leaves the canvas and the URL keeps it hidden."""
    app = Explorer(watched_page, app_server)
    before = scene(app)
    node = "dopamine"
    assert node in before
    app.click_until(app.node_point(node), app.heading("Dopamine"))
    version = app.js("window.ketagraph.graphVersion")
    runs = app.runs
    app.page.locator("[data-testid=kg-details] button.kg-action", has_text="Hide from the graph").click()
    wait_for_scene(app, version)
    app.wait_runs(runs + 1)
    assert scene(app) == before - {node}
    app.page.locator("[data-testid=kg-details] h4", has_text="Nothing selected").wait_for(timeout=15_000)
    app.page.wait_for_function(f"location.search.includes('hide={node}')", timeout=15_000)
    # A link keeps it hidden.
    app.page.goto(app.page.url)
    app.page.wait_for_function("window.ketagraph && window.ketagraph.graphVersion && window.ketagraph.firstDrawAt")
    assert node not in scene(app) and len(scene(app)) == len(before) - 1
    app.assert_clean()


# --- the hub's relations, the page still ------------------------------------------------------------

#: The relation labels drawn on the highlighted edges, measured on screen: each label's box from its
#: text measured again at its font, where it is drawn; the nodes' boxes (shape and label).
EDGE_LABELS = (
    """() => {
  const k = window.ketagraph, n = k.network, L = k.edgeLabels, scale = n.getScale(), drawnBox = """
    + DRAWN_BOX
    + """;
  const ctx = document.createElement('canvas').getContext('2d');
  ctx.font = `${L.size}px ${L.face}`;
  const labels = L.placed.map((p) => {
    const w = ctx.measureText(p.text).width * scale, h = L.size * scale;
    const c = n.canvasToDOM({x: p.x, y: p.y});
    let off = Infinity;  // from the edge as drawn
    for (let i = 0; i <= 400; i++) {
      const q = n.body.edges[p.id].edgeType.getPoint(i / 400);
      off = Math.min(off, Math.hypot(q.x - p.x, q.y - p.y) * scale);
    }
    // on the edge, or touching it from above or below
    const near = ((L.size * 1.25) / 2 + L.gap) * scale + 1;
    return {id: p.id, text: p.text, l: c.x - w / 2, r: c.x + w / 2, t: c.y - h / 2, b: c.y + h / 2,
            off: off > near, font: L.size * scale};
  });
  // Parallel claims between two entities are labelled once, on one of them.
  const pair = (id) => `${n.body.edges[id].fromId}|${n.body.edges[id].toId}`;
  const labelled = new Set(L.placed.map((p) => pair(p.id)));
  const nodes = n.body.nodeIndices.map((id) => {
    const b = drawnBox(n, id);
    const tl = n.canvasToDOM({x: b.left, y: b.top}), br = n.canvasToDOM({x: b.right, y: b.bottom});
    return {id, l: tl.x, t: tl.y, r: br.x, b: br.y};
  });
  const box = n.body.container.getBoundingClientRect();
  const base = k.graphState.base;
  const related = k.focus.edges.filter((id) => base.get(id) && base.get(id).relation);
  const chain = related.filter((id) => !base.get(id).faint);
  const unlabelled = related.filter((id) => !labelled.has(pair(id)));
  // A chain claim left unlabelled must have had no room: every place on or touching its edge
  // (sampled finely) overlaps a node's shape or label, another chain claim's relation, or the
  // canvas's edge.
  // (A relation keeps a gap of L.gap around its text, as the explorer places it.)
  const hit = (a, b) => Math.min(a.r, b.r) > Math.max(a.l, b.l) && Math.min(a.b, b.b) > Math.max(a.t, b.t);
  const chainLabels = labels.filter((a) => chain.includes(a.id));
  const roomFor = (id) => {
    const text = [...new Set(related.filter((e) => pair(e) === pair(id)).map((e) => base.get(e).relation))].join(", ");
    const w = (ctx.measureText(text).width + 2 * L.gap) * scale, h = (L.size * 1.25 + 2 * L.gap) * scale;
    for (let i = 0; i <= 180; i++) {
      const p = n.canvasToDOM(n.body.edges[id].edgeType.getPoint(0.05 + (0.9 * i) / 180));
      for (const dy of [0, -h / 2, h / 2]) {
        const a = {l: p.x - w / 2, r: p.x + w / 2, t: p.y + dy - h / 2, b: p.y + dy + h / 2};
        if (a.l < 0 || a.t < 0 || a.r > box.width || a.b > box.height) continue;
        if (!nodes.some((x) => hit(a, x)) && !chainLabels.some((x) => hit(a, x))) return true;
      }
    }
    return false;
  };
  return {labels, nodes, width: box.width, height: box.height, related, chain, unlabelled,
          missed: chain.filter((id) => unlabelled.includes(id) && roomFor(id)),
          byVis: n.body.edgeIndices.filter((id) => n.body.edges[id].options.label)};
}"""
)


def boxes_overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return min(a["r"], b["r"]) - max(a["l"], b["l"]) > 1 and min(a["b"], b["b"]) - max(a["t"], b["t"]) > 1


@pytest.mark.parametrize("size", [(1440, 900), (1280, 720)], ids=["1440x900", "1280x720"])
def test_the_hubs_relations_are_written_where_they_can_be_read(
    watched_page: PageWatch, app_server: AppServer, size: tuple[int, int], record_property: Any, capsys: Any
) -> None:
    """Ketamine selected in the first scene: its relations are written on its edges without
    overlapping each other or any node or label (vis-network wrote each at its edge's middle, where
    they piled up next to the hub), at 11 px or more, on the edge, inside the canvas; every claim of
    the chain is labelled where its edge has room, and most of the faint column-skipping ones."""
    watched_page.page.set_viewport_size({"width": size[0], "height": size[1]})
    app = Explorer(watched_page, app_server)
    app.click_until(app.node_point("ketamine"), app.heading("Ketamine"))
    app.page.mouse.move(2, 2)  # off the canvas: the selection's focus, not a hover's
    app.page.wait_for_function(
        "(() => { const f = window.ketagraph.focus; return f && f.nodes.includes('ketamine') && f.edges.length > 5 })()",
        timeout=5_000,
    )
    app.page.wait_for_timeout(400)
    m = app.js(EDGE_LABELS)
    labels = m["labels"]
    found = {
        "related": len(m["related"]),
        "labelled": len(labels),
        "unlabelled": m["unlabelled"],
        "chain": len(m["chain"]),
        "chain unlabelled with room": m["missed"],
        "overlapping labels": [
            (a["id"], b["id"]) for i, a in enumerate(labels) for b in labels[i + 1 :] if boxes_overlap(a, b)
        ],
        "labels over nodes": [(a["id"], x["id"]) for a in labels for x in m["nodes"] if boxes_overlap(a, x)],
        "cut": [a["id"] for a in labels if a["l"] < 0 or a["t"] < 0 or a["r"] > m["width"] or a["b"] > m["height"]],
        "off the edge": [a["id"] for a in labels if a["off"]],
        "smallest font": round(min(a["font"] for a in labels), 2),
    }
    report(record_property, capsys, f"hub relations {size[0]}x{size[1]}", found)
    assert m["byVis"] == []  # written by the explorer only, where they fit
    assert found["overlapping labels"] == []
    assert found["labels over nodes"] == []
    assert found["cut"] == [] and found["off the edge"] == []
    assert found["smallest font"] >= 11
    # Every claim of the chain is labelled where its edge has room; where it runs through other
    # nodes' labels all the way (ketamine -> dopamine under "NMDA receptor"), its relation is in
    # its tooltip and the panel rather than written over a label.
    assert m["missed"] == []
    assert len(set(m["chain"]) - set(m["unlabelled"])) >= 0.6 * len(m["chain"])
    assert len(m["unlabelled"]) <= 0.4 * len(m["related"])
    app.assert_clean()


def test_the_page_does_not_jump_when_the_graph_is_used(watched_page: PageWatch, app_server: AppServer) -> None:
    """A window too short for the whole canvas: moving over it and clicking a node leave the page
    where it was (vis-network focused its canvas on hover, which scrolled the title row away)."""
    watched_page.page.set_viewport_size({"width": 1280, "height": 520})
    app = Explorer(watched_page, app_server)
    scrolled = "document.querySelector('[data-testid=stMain]').scrollTop + window.scrollY"
    assert app.js(scrolled) == 0
    bottom = app.js("window.ketagraph.network.body.container.getBoundingClientRect().bottom")
    assert bottom > 520  # the canvas's least height reaches below the fold: the case that jumped
    x, y = app.node_point("ketamine")
    app.page.mouse.move(x + 40, y + 30)
    app.page.mouse.move(x, y)
    app.page.wait_for_timeout(300)
    assert app.js(scrolled) == 0
    app.click_until((x, y), app.heading("Ketamine"))
    app.page.wait_for_timeout(300)
    assert app.js(scrolled) == 0
    assert app.js("document.querySelector('h4, h1').getBoundingClientRect().top") >= 0
    # The tooltip shown while resting on ketamine goes with the pointer (it stayed over the drawing).
    tooltip = app.page.locator(".vis-tooltip").first
    app.page.mouse.move(x + 1, y)
    app.page.wait_for_function(
        "[...document.querySelectorAll('*')].some((e) => e.shadowRoot && [...e.shadowRoot.querySelectorAll('.vis-tooltip')]"
        ".some((t) => getComputedStyle(t).visibility === 'visible'))",
        timeout=5_000,
    )
    app.page.mouse.move(2, 2)
    tooltip.wait_for(state="hidden", timeout=2_000)
    app.assert_clean()


# --- a big graph's hub -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def big_graph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, AppServer]]:
    """A generated graph above ketagraph.ui.page.CLIENT_DETAILS_MAX_CLAIMS (3,000): the panel's
    data comes with each selection."""
    root = generate.generate(3200, tmp_path_factory.mktemp("big") / "graph")
    server = AppServer(graph=root)
    yield root, server
    server.stop()


def test_a_big_graphs_hub_gets_the_rest_of_its_claims_on_show_all(
    watched_page: PageWatch, big_graph: tuple[Path, AppServer]
) -> None:
    """The hub's panel data holds the claims its panel shows first (20 a relation, not the hundreds
    it has); "Show all" asks the server for the rest, and the panel then lists every claim."""
    root, server = big_graph
    G = build(load_corpus(root))
    hub = max(G.nodes, key=G.degree)
    count = G.degree(hub) - G.number_of_edges(hub, hub)
    assert count > 100
    app = Explorer(watched_page, server, f"node={hub}")
    claims = app.page.locator("[data-testid=kg-details] .kg-claim")
    claims.first.wait_for(timeout=30_000)
    groups = app.page.locator("[data-testid=kg-details] .kg-group").count()
    first = claims.count()
    assert 0 < first <= 20 * groups < count
    received = sum(len(data) for _, data in app.frames)
    runs = app.runs
    app.page.locator("[data-testid=kg-details] button.kg-action", has_text=f"Show all {count} claims").click()
    deadline = time.monotonic() + 30
    while claims.count() != count:
        assert time.monotonic() < deadline, f"{claims.count()} of {count} claims shown"
        app.page.wait_for_timeout(100)
    app.wait_runs(runs + 1)
    assert claims.count() == count
    # The rest came with that rerun, and only then.
    assert sum(len(data) for _, data in app.frames) - received > 1024 * (count - first) // 10
    app.assert_clean()
