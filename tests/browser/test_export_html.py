"""The standalone HTML export in a real Chromium: opened from file://, offline, click to read.

The page's Content-Security-Policy forbids evaluating strings, so Playwright's ``wait_for_function``
(which evaluates its predicate in the page) cannot be used: :func:`wait_for` polls with
``page.evaluate`` instead, which runs through the DevTools protocol.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from bench import generate

import ketagraph
from export_helpers import ODD_ID, XSS_LABEL, XSS_QUOTE, hostile_graph
from ketagraph import Corpus
from ketagraph.export import htmlpage
from ketagraph.query import search
from ketagraph.style import legend_data

from .conftest import DRAWN_BOX, AppServer, PageWatch
from .test_explorer import EDGE_LABELS, Explorer, boxes_overlap

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]


def wait_for(page: Any, js: str, arg: Any = None, timeout: float = 15.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(js, arg)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {js}")
        time.sleep(0.05)


def open_page(watch: Any, G: nx.MultiDiGraph, tmp_path: Path, corpus: Corpus | None = None) -> list[str]:
    """Write ``G``'s page, open it from file:// and return the list every request is added to."""
    path = tmp_path / "graph.html"
    htmlpage.write_html(G, path, corpus)
    requests: list[str] = []
    watch.page.on("request", lambda r: requests.append(r.url))
    watch.page.goto(path.as_uri())
    wait_for(watch.page, "() => Boolean(window.ketagraph && window.ketagraph.network)")
    return requests


def shown(page: Any, key: str) -> None:
    """Wait until the panel shows ``key`` (``node:<id>``, ``claim:<id>`` or "" for nothing)."""
    wait_for(page, "(key) => document.getElementById('kg-details').getAttribute('data-shown') === key", key)


def click_node(page: Any, node: str) -> None:
    xy = page.evaluate(
        """(id) => {
          const net = window.ketagraph.network;
          net.stopSimulation();
          const p = net.canvasToDOM(net.getPositions([id])[id]);
          const r = net.body.container.getBoundingClientRect();
          return [p.x + r.left, p.y + r.top];
        }""",
        node,
    )
    page.mouse.click(xy[0], xy[1])


def panel(page: Any) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(
        """() => {
          const d = document.getElementById("kg-details");
          return {
            heading: (d.querySelector(".kg-title") || {}).textContent || "",
            quotes: Array.from(d.querySelectorAll(".kg-evidence mark")).map(q => q.textContent),
            passages: Array.from(d.querySelectorAll(".kg-evidence")).map(q => q.firstChild.textContent),
            text: d.textContent,
            // Elements the panel never makes itself: markup from the data, had it been parsed.
            markup: d.querySelectorAll("img, script, iframe, svg, style, [onerror], [onload]").length,
          };
        }"""
    )
    return result


def assert_clean(watch: Any, requests: list[str], page_url: str) -> None:
    assert watch.errors == []
    assert watch.remote == []
    assert [u for u in requests if u != page_url and not u.startswith("data:")] == []


def test_page_opens_offline_and_a_click_shows_the_quotes(watched_page: Any, tmp_path: Path) -> None:
    G = ketagraph.load_graph(REPO / "graph")
    requests = open_page(watched_page, G, tmp_path)
    page = watched_page.page
    assert page.title().startswith("Claims of “What Does Ketamine Do to Your Brain?”")
    about = page.inner_text("#kg-about")
    assert "marketing article" in about and "nothing here is medical advice" in about
    legend = page.inner_text("#kg-legend")
    assert "drug" in legend and "speculative" in legend and "negated" in legend

    click_node(page, "nmda-receptor")
    shown(page, "node:nmda-receptor")
    seen = panel(page)
    assert seen["heading"] == "▲ NMDA receptor"
    expected = {ev["quote"] for *_, d in G.in_edges("nmda-receptor", data=True) for ev in d["evidence"]}
    assert expected and expected <= set(seen["quotes"])
    assert "established" in seen["text"] or "reported" in seen["text"]
    assert_clean(watched_page, requests, (tmp_path / "graph.html").as_uri())


def test_clicking_a_claim_shows_its_certainty_and_quotes(watched_page: Any, tmp_path: Path) -> None:
    G = ketagraph.load_graph(REPO / "graph")
    requests = open_page(watched_page, G, tmp_path)
    page = watched_page.page
    # A claim whose middle (as drawn) lies on no node and on no other claim, so a click there is
    # unambiguous (the page, like the explorer, takes the edge drawn nearest the pointer).
    hit = page.evaluate(
        """() => {
          const net = window.ketagraph.network;
          net.stopSimulation();
          const r = net.body.container.getBoundingClientRect();
          for (const id of net.body.edgeIndices) {
            const e = net.body.edges[id];
            if (e.fromId === e.toId) continue;
            const p = e.edgeType.getPoint(0.5);  // on the edge as drawn
            const mid = net.canvasToDOM(p);
            if (mid.x < 5 || mid.y < 5 || mid.x > r.width - 5 || mid.y > r.height - 5) continue;
            if (net.getNodeAt(mid) !== undefined || net.getEdgeAt(mid) !== id) continue;
            // and no other edge is drawn within 6 screen pixels of it
            const crowded = net.body.edgeIndices.some((o) => o !== id && Array.from({length: 121}, (_, i) =>
              net.body.edges[o].edgeType.getPoint(i / 120)).some((q) => Math.hypot(q.x - p.x, q.y - p.y) * net.getScale() < 6));
            if (crowded) continue;
            return {id, x: mid.x + r.left, y: mid.y + r.top};
          }
          return null;
        }"""
    )
    assert hit, "no claim could be clicked on its own"
    page.mouse.click(hit["x"], hit["y"])
    shown(page, f"claim:{hit['id']}")
    data = next(d for _, _, k, d in G.edges(keys=True, data=True) if k == hit["id"])
    seen = panel(page)
    assert seen["heading"] == "Claim"
    assert seen["quotes"] == [ev["quote"] for ev in data["evidence"]]
    assert page.evaluate("() => document.querySelector('#kg-details .kg-badge').textContent") == data["certainty"] + (
        " · negated" if data["polarity"] == "negated" else ""
    )
    assert_clean(watched_page, requests, (tmp_path / "graph.html").as_uri())


def test_markup_in_labels_and_quotes_shows_as_text_and_never_runs(watched_page: Any, tmp_path: Path) -> None:
    G = hostile_graph()
    requests = open_page(watched_page, G, tmp_path)
    page = watched_page.page
    click_node(page, ODD_ID)
    shown(page, f"node:{ODD_ID}")
    seen = panel(page)
    assert seen["heading"].split(" ", 1)[1] == XSS_LABEL  # after the type's symbol
    assert XSS_QUOTE in seen["quotes"]
    assert seen["markup"] == 0
    assert page.evaluate("() => [typeof window.__xss, document.querySelectorAll('img').length]") == ["undefined", 0]
    assert_clean(watched_page, requests, (tmp_path / "graph.html").as_uri())


def test_search_selects_an_entity_by_alias(watched_page: Any, tmp_path: Path) -> None:
    G = ketagraph.load_graph(REPO / "graph")
    requests = open_page(watched_page, G, tmp_path)
    page = watched_page.page
    page.fill("#kg-search", "hallucinogenic properties")  # an alias of hallucinations
    page.press("#kg-search", "Enter")
    shown(page, "node:hallucinations")
    assert page.evaluate("() => window.ketagraph.network.getSelectedNodes()") == ["hallucinations"]
    page.fill("#kg-search", "no such thing")
    page.press("#kg-search", "Enter")
    wait_for(
        page, "() => document.getElementById('kg-details').textContent.includes('No entity matches “no such thing”.')"
    )
    assert_clean(watched_page, requests, (tmp_path / "graph.html").as_uri())


def test_the_shipped_graph_opens_with_readable_labels_and_fades_on_hover(watched_page: Any, tmp_path: Path) -> None:
    """Labels at 11 px or more at the first zoom (a bigger graph is panned, not shrunk to
    illegibility), and hovering a node fades what is not within one hop, as in the explorer, until
    the pointer leaves it (for the panel, say)."""
    G = ketagraph.build_graph(ketagraph.load_corpus(REPO / "graph"))
    requests = open_page(watched_page, G, tmp_path)
    page = watched_page.page
    time.sleep(0.5)
    font = page.evaluate(
        """() => { const n = window.ketagraph.network;
           return Math.min(...n.body.nodeIndices.map((id) => n.body.nodes[id].options.font.size)) * n.getScale(); }"""
    )
    assert font >= 11
    # Bigger than the window at that zoom, it opens on its left and top edges (the drug, its
    # history), not centred with labels cut off on both sides: nothing is cut at the left or top,
    # and the drawing does run on past the right edge (it is panned, not shrunk).
    edges = page.evaluate(
        "() => { const drawnBox = "
        + DRAWN_BOX
        + """; const n = window.ketagraph.network; const ids = n.body.nodeIndices;
           const boxes = ids.map((id) => drawnBox(n, id));
           const tl = n.canvasToDOM({x: Math.min(...boxes.map((b) => b.left)), y: Math.min(...boxes.map((b) => b.top))});
           const br = n.canvasToDOM({x: Math.max(...boxes.map((b) => b.right)), y: Math.max(...boxes.map((b) => b.bottom))});
           return {left: tl.x, top: tl.y, right: br.x, bottom: br.y,
                   width: n.body.container.clientWidth, height: n.body.container.clientHeight}; }"""
    )
    assert 0 <= edges["left"] <= 40 and edges["top"] >= 0, edges
    assert edges["right"] > edges["width"], edges
    if edges["bottom"] > edges["height"]:  # taller than the canvas too: it opens on its top edge
        assert edges["top"] <= 40, edges
    xy = page.evaluate(
        """(id) => { const n = window.ketagraph.network; n.focus(id, {scale: n.getScale()});
           const p = n.canvasToDOM(n.getPositions([id])[id]); const r = n.body.container.getBoundingClientRect();
           return [p.x + r.left, p.y + r.top]; }""",
        "nmda-receptor",
    )
    page.mouse.move(xy[0], xy[1])
    faded = wait_for(
        page,
        """() => { const nodes = window.ketagraph.network.body.data.nodes;
           const faded = nodes.get().filter((n) => n.opacity !== undefined && n.opacity < 1).map((n) => n.id);
           return faded.length ? faded : null; }""",
    )
    near = set(nx.all_neighbors(G, "nmda-receptor")) | {"nmda-receptor"}
    assert set(faded) == set(G) - near
    # Straight off the canvas to the panel: the hover ends there, and nothing stays faded.
    page.hover("#kg-details")
    wait_for(
        page,
        """() => window.ketagraph.network.body.data.nodes.get().every((n) => n.opacity === undefined || n.opacity === 1)""",
    )
    assert_clean(watched_page, requests, page.url)


# --- the explorer's own panel, search, legend and focus, in the page ---------------------------------


def search_queries(G: nx.MultiDiGraph) -> list[str]:
    """Every label, alias and id; their 3-letter prefixes and inner substrings; description words;
    case, spacing and Unicode variants (folding, other spaces)."""
    queries: set[str] = set()
    for node, d in G.nodes(data=True):
        for name in (d["label"], *d.get("aliases", ()), node):
            queries.update({name, name[:3], name[1:5], name[len(name) // 2 :], name.upper(), f"  {name}\t"})
            queries.add(name.replace(" ", "\u00a0 \u2003"))
        queries.update(d.get("description", "").split()[:6])
    queries.update(
        ["", " ", "x", "-", "zzz no such", "STRASSE", "straße", "ΣΑΣ", "ﬁ", "İ", "ǰ", "\u1e9e", "NMDA\u3000"]
    )
    return sorted(queries)


def test_search_ranks_exactly_as_the_app_does(watched_page: Any, tmp_path: Path) -> None:
    """The page's search (shared.js's searchEntities, which its box uses) gives the same ranked ids
    as ketagraph.query.search, for every kind of query, at the default limit and unlimited."""
    G = ketagraph.load_graph(REPO / "graph")
    G.add_node("strasse", label="Straße", type="drug", aliases=["ΣΑΣ", "ﬁne"], description="İstanbul ǰ")
    requests = open_page(watched_page, G, tmp_path)
    queries = search_queries(G)
    assert len(queries) > 800
    for limit in (20, 10_000):
        found = watched_page.page.evaluate(
            "([qs, limit]) => qs.map((q) => window.ketagraph.search(q, limit))", [queries, limit]
        )
        expected = [search(G, q, limit=limit) for q in queries]
        differ = [(q, f, e) for q, f, e in zip(queries, found, expected, strict=True) if f != e]
        assert differ == []
    assert sum(1 for q in queries if search(G, q)) > 700  # most queries find something
    assert_clean(watched_page, requests, (tmp_path / "graph.html").as_uri())


def test_the_page_shows_the_apps_panel(watched_page: PageWatch, app_server: AppServer, tmp_path: Path) -> None:
    """The same selection gives the same panel text in the app and in the page exported with the
    source texts: each quote inside its paragraph, twins in one row, badges, identifier links."""
    corpus = ketagraph.load_corpus(REPO / "graph")
    G = ketagraph.build_graph(corpus)
    app = Explorer(watched_page, app_server, "view=everything")
    app.click_until(
        app.node_point("ketamine"), app.page.locator("[data-testid=kg-details][data-shown='node:ketamine']")
    )
    claim = "ketamine-acts-on-nmda-receptor"
    in_app = {"node": app.page.locator("[data-testid=kg-details]").inner_text()}
    links = app.page.locator("[data-testid=kg-details] a").evaluate_all("(as) => as.map((a) => a.href)")
    app.click_until(
        app.page.locator(f"[data-testid=kg-details] .kg-claim[data-claim='{claim}'] button"),
        app.page.locator(f"[data-testid=kg-details][data-shown='claim:{claim}']"),
    )
    in_app["claim"] = app.page.locator("[data-testid=kg-details]").inner_text()
    app.assert_clean()

    export = PageWatch(watched_page.page.context.new_page())
    requests = open_page(export, G, tmp_path, corpus)
    page = export.page
    click_node(page, "ketamine")
    shown(page, "node:ketamine")
    in_page = {"node": page.locator("#kg-details").inner_text()}
    assert page.locator("#kg-details a").evaluate_all("(as) => as.map((a) => a.href)") == links
    page.locator(f"#kg-details .kg-claim[data-claim='{claim}'] button").click()
    shown(page, f"claim:{claim}")
    in_page["claim"] = page.locator("#kg-details").inner_text()

    # The app's panel also offers to take the node off the canvas (the page has no perspectives).
    assert in_app["node"].replace("Hide from the graph", "").rstrip() == in_page["node"].rstrip()
    assert in_app["claim"] == in_page["claim"]
    # Paragraph context: the quote's paragraph is around it; the twins sit in one row.
    passage = page.evaluate("(id) => document.querySelector(`#kg-details .kg-evidence`).textContent", claim)
    quote = G.edges["ketamine", "nmda-receptor", claim]["evidence"][0]["quote"]
    assert quote in passage and len(passage) > len(quote) + 40
    click_node(page, "ketamine")
    shown(page, "node:ketamine")
    rows = page.evaluate(
        """() => Array.from(document.querySelectorAll('#kg-details .kg-pair'))
             .filter((r) => r.querySelector('.kg-pair-head').textContent === 'NMDA receptor')
             .map((r) => Array.from(r.querySelectorAll('.kg-badge')).map((b) => b.textContent))"""
    )
    twins = sorted(
        d["certainty"] for *_, d in G.get_edge_data("ketamine", "nmda-receptor").items() if d["relation"] == "acts_on"
    )
    assert len(twins) == 2 and sorted(rows[0]) == twins  # one row, both hedge levels
    assert_clean(export, requests, (tmp_path / "graph.html").as_uri())


def test_a_selection_fades_the_rest_and_writes_its_relations_where_they_fit(watched_page: Any, tmp_path: Path) -> None:
    """As in the explorer: ketamine selected, what is not within one hop fades, and its relations
    are written on its edges (shared.js's placeEdgeLabels) without overlapping each other or a node."""
    G = ketagraph.load_graph(REPO / "graph")
    requests = open_page(watched_page, G, tmp_path)
    page = watched_page.page
    time.sleep(0.3)
    click_node(page, "ketamine")
    shown(page, "node:ketamine")
    page.mouse.move(2, 2)
    wait_for(page, "() => window.ketagraph.focus && window.ketagraph.focus.nodes.includes('ketamine')")
    time.sleep(0.3)
    page.evaluate("() => window.ketagraph.network.redraw()")
    m = wait_for(page, f"() => {{ const m = ({EDGE_LABELS})(); return m.labels.length ? m : null; }}")
    near = set(nx.all_neighbors(G, "ketamine")) | {"ketamine"}
    faded = page.evaluate(
        "() => window.ketagraph.network.body.data.nodes.get().filter((n) => n.opacity < 1).map((n) => n.id)"
    )
    assert set(faded) == set(G) - near
    labels = m["labels"]
    assert m["byVis"] == []
    assert [(a["id"], b["id"]) for i, a in enumerate(labels) for b in labels[i + 1 :] if boxes_overlap(a, b)] == []
    assert [(a["id"], x["id"]) for a in labels for x in m["nodes"] if boxes_overlap(a, x)] == []
    assert min(a["font"] for a in labels) >= 11
    assert_clean(watched_page, requests, (tmp_path / "graph.html").as_uri())


def test_a_hubs_long_groups_are_cut_until_show_all(watched_page: Any, tmp_path: Path) -> None:
    """The shared panel on a hub of a generated graph (as the app's for its biggest graphs): 20
    claims a relation, "… and N more", and every claim after "Show all"."""
    corpus = ketagraph.load_corpus(generate.generate(1500, tmp_path / "large"))
    G = ketagraph.build_graph(corpus)
    hub = max(G.nodes, key=G.degree)
    count = G.degree(hub) - G.number_of_edges(hub, hub)
    assert count > 100
    requests = open_page(watched_page, G, tmp_path, corpus)
    page = watched_page.page
    page.evaluate("(id) => window.ketagraph.select({kind: 'node', id}, true)", hub)
    shown(page, f"node:{hub}")
    groups = page.evaluate("""() => Array.from(document.querySelectorAll('#kg-details .kg-group')).length""")
    claims = page.locator("#kg-details .kg-claim").count()
    assert claims < count and claims <= 20 * groups
    assert page.locator("#kg-details .kg-meta", has_text="more").count() > 0
    page.locator("#kg-details button", has_text=f"Show all {count} claims").click()
    wait_for(page, "(n) => document.querySelectorAll('#kg-details .kg-claim').length === n", count)
    assert_clean(watched_page, requests, (tmp_path / "graph.html").as_uri())


def test_the_page_and_the_apps_canvas_draw_the_same_legend(
    watched_page: PageWatch, app_server: AppServer, tmp_path: Path
) -> None:
    """One legend (style.legend_data, drawn by shared.js's renderLegend): the app's canvas legend on
    the whole graph says what the exported page's does, and both say what the sidebar says."""
    G = ketagraph.load_graph(REPO / "graph")
    app = Explorer(watched_page, app_server, "view=everything")
    app.page.locator(".kg-toolbar button", has_text="Legend").click()
    canvas = app.page.locator("[data-testid=kg-legend]")
    canvas.wait_for(timeout=10_000)
    in_app = canvas.inner_text()
    sidebar = app.page.locator("[data-testid=stSidebar]").inner_text()
    app.assert_clean()

    export = PageWatch(watched_page.page.context.new_page())
    requests = open_page(export, G, tmp_path)
    in_page = export.page.locator("#kg-legend").inner_text()
    assert in_app == in_page
    legend = legend_data({d["type"] for _, d in G.nodes(data=True)})
    rows = in_page.splitlines()
    assert rows == [
        *(f"{t['symbol']}{t['type']}" for t in legend["types"]),
        *(c["certainty"] for c in legend["certainties"]),
        legend["negated"]["text"],
        legend["faint"],
    ]
    for t in legend["types"]:
        assert t["type"] in sidebar
    assert legend["negated"]["text"] in sidebar
    assert_clean(export, requests, (tmp_path / "graph.html").as_uri())
