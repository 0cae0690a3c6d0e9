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

import ketagraph
from export_helpers import ODD_ID, XSS_LABEL, XSS_QUOTE, hostile_graph
from ketagraph.export import htmlpage

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


def open_page(watch: Any, G: nx.MultiDiGraph, tmp_path: Path) -> list[str]:
    """Write ``G``'s page, open it from file:// and return the list every request is added to."""
    path = tmp_path / "graph.html"
    htmlpage.write_html(G, path)
    requests: list[str] = []
    watch.page.on("request", lambda r: requests.append(r.url))
    watch.page.goto(path.as_uri())
    wait_for(watch.page, "() => Boolean(window.ketagraph && window.ketagraph.network)")
    return requests


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
            heading: (d.querySelector("h2") || {}).textContent || "",
            quotes: Array.from(d.querySelectorAll(".kg-quote")).map(q => q.textContent),
            text: d.textContent,
            markup: d.querySelectorAll("img, script, b, i").length,
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
    wait_for(page, "() => document.querySelector('#kg-details h2')?.textContent === 'NMDA receptor'")
    shown = panel(page)
    expected = {ev["quote"] for *_, d in G.in_edges("nmda-receptor", data=True) for ev in d["evidence"]}
    assert expected and expected <= set(shown["quotes"])
    assert "established" in shown["text"] or "reported" in shown["text"]
    assert_clean(watched_page, requests, (tmp_path / "graph.html").as_uri())


def test_clicking_a_claim_shows_its_certainty_and_quotes(watched_page: Any, tmp_path: Path) -> None:
    G = ketagraph.load_graph(REPO / "graph")
    requests = open_page(watched_page, G, tmp_path)
    page = watched_page.page
    # A claim whose middle lies on no node and on no other claim, so a click there is unambiguous.
    hit = page.evaluate(
        """() => {
          const net = window.ketagraph.network;
          net.stopSimulation();
          const r = net.body.container.getBoundingClientRect();
          for (const id of net.body.edgeIndices) {
            const e = net.body.edges[id];
            if (e.fromId === e.toId) continue;
            const pos = net.getPositions([e.fromId, e.toId]);
            const mid = net.canvasToDOM({x: (pos[e.fromId].x + pos[e.toId].x) / 2,
                                         y: (pos[e.fromId].y + pos[e.toId].y) / 2});
            if (mid.x < 5 || mid.y < 5 || mid.x > r.width - 5 || mid.y > r.height - 5) continue;
            if (net.getNodeAt(mid) !== undefined || net.getEdgeAt(mid) !== id) continue;
            return {id, x: mid.x + r.left, y: mid.y + r.top};
          }
          return null;
        }"""
    )
    assert hit, "no claim could be clicked on its own"
    page.mouse.click(hit["x"], hit["y"])
    wait_for(page, "() => document.querySelector('#kg-details h2')?.textContent === 'Claim'")
    data = next(d for _, _, k, d in G.edges(keys=True, data=True) if k == hit["id"])
    shown = panel(page)
    assert shown["quotes"] == [ev["quote"] for ev in data["evidence"]]
    assert data["certainty"] in shown["text"] and f"claim {hit['id']}" in shown["text"]
    assert_clean(watched_page, requests, (tmp_path / "graph.html").as_uri())


def test_markup_in_labels_and_quotes_shows_as_text_and_never_runs(watched_page: Any, tmp_path: Path) -> None:
    G = hostile_graph()
    requests = open_page(watched_page, G, tmp_path)
    page = watched_page.page
    click_node(page, ODD_ID)
    wait_for(page, "(label) => document.querySelector('#kg-details h2')?.textContent === label", XSS_LABEL)
    shown = panel(page)
    assert shown["heading"] == XSS_LABEL
    assert XSS_QUOTE in shown["quotes"]
    assert shown["markup"] == 0
    assert page.evaluate("() => [typeof window.__xss, document.querySelectorAll('img').length]") == ["undefined", 0]
    assert_clean(watched_page, requests, (tmp_path / "graph.html").as_uri())


def test_search_selects_an_entity_by_alias(watched_page: Any, tmp_path: Path) -> None:
    G = ketagraph.load_graph(REPO / "graph")
    requests = open_page(watched_page, G, tmp_path)
    page = watched_page.page
    page.fill("#kg-search", "hallucinogenic properties")  # an alias of hallucinations
    page.press("#kg-search", "Enter")
    wait_for(page, "() => document.querySelector('#kg-details h2')?.textContent === 'Hallucinations'")
    assert page.evaluate("() => window.ketagraph.network.getSelectedNodes()") == ["hallucinations"]
    page.fill("#kg-search", "no such thing")
    page.press("#kg-search", "Enter")
    wait_for(page, "() => document.getElementById('kg-details').textContent.includes('No entity is called')")
    assert_clean(watched_page, requests, (tmp_path / "graph.html").as_uri())


def test_the_shipped_graph_opens_with_readable_labels_and_fades_on_hover(watched_page: Any, tmp_path: Path) -> None:
    """Labels at 11 px or more at the first zoom (a bigger graph is panned, not shrunk to
    illegibility), and hovering a node fades what is not within one hop, as in the explorer."""
    G = ketagraph.build_graph(ketagraph.load_corpus(REPO / "graph"))
    requests = open_page(watched_page, G, tmp_path)
    page = watched_page.page
    time.sleep(0.5)
    font = page.evaluate(
        """() => { const n = window.ketagraph.network;
           return Math.min(...n.body.nodeIndices.map((id) => n.body.nodes[id].options.font.size)) * n.getScale(); }"""
    )
    assert font >= 11
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
    assert_clean(watched_page, requests, page.url)
