"""ketagraph.render: the vis-network payload the graph component draws.

The payload is data: labels and tooltips are the raw strings (the component sets them with
``textContent``), so nothing in it is HTML-escaped and nothing in it is HTML either.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import defaultdict
from typing import Any

import networkx as nx
import pytest

from ketagraph import render
from ketagraph.build import ALIASES, CERTAINTY, DESCRIPTION, EVIDENCE, LABEL, POLARITY, RELATION, TYPE
from ketagraph.layout import compute_layout, perspective_graph
from ketagraph.model import CERTAINTIES
from ketagraph.query import filter_graph, neighbourhood
from ketagraph.render import HUGE_GRAPH, LARGE_GRAPH, vis_options, vis_payload
from ketagraph.style import CERTAINTY_STYLES, NEGATED_COLOR, TYPE_STYLES, edge_label, wrap_label

MARKUP = '<img src=x onerror="alert(1)"> **bold** <script>alert(2)</script> & [x](javascript:alert(3))'
LONG_QUOTE = "A sentence that goes on.   " * 20


def claim_graph() -> nx.MultiDiGraph:
    """Three entities, one claim per certainty, a negated claim, parallel claims both ways, a loop."""
    G = nx.MultiDiGraph()
    nodes = {
        "drug": ("Ketamine " + MARKUP, "drug", "A drug. " + MARKUP),
        "receptor": ("NMDA receptor", "receptor", ""),
        "risk": ("Addiction", "risk", "Harm."),
    }
    for n, (label, kind, description) in nodes.items():
        G.add_node(n, **{LABEL: label, TYPE: kind, ALIASES: [], DESCRIPTION: description})

    def claim(key: str, u: str, v: str, certainty: str, polarity: str = "affirmed", quote: str = "Q.") -> None:
        evidence = [{"source": "s", "quote": quote, "start": 0, "end": len(quote), "section": ""}]
        G.add_edge(u, v, key=key, **{RELATION: "acts_on", CERTAINTY: certainty, POLARITY: polarity, EVIDENCE: evidence})

    claim("p1", "drug", "receptor", "established", quote="It acts " + MARKUP)
    claim("p2", "drug", "receptor", "reported")
    claim("p3", "receptor", "drug", "suggested")  # the same pair, the other way round
    claim("single", "drug", "risk", "speculative", quote=LONG_QUOTE)
    claim("negated", "risk", "receptor", "established", polarity="negated")
    claim("loop", "risk", "risk", "suggested")
    return G


def positions(G: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    return {n: (10.0 * i, -5.5 * i) for i, n in enumerate(sorted(G))}


@pytest.fixture
def G() -> nx.MultiDiGraph:
    return claim_graph()


@pytest.fixture
def payload(G: nx.MultiDiGraph) -> dict[str, Any]:
    return vis_payload(G, positions(G))


def by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in items}


# --- nodes ----------------------------------------------------------------------------------------


def test_every_node_once_sorted_with_its_position(G: nx.MultiDiGraph, payload: dict[str, Any]) -> None:
    pos = positions(G)
    assert [n["id"] for n in payload["nodes"]] == sorted(G)
    for node in payload["nodes"]:
        assert (node["x"], node["y"]) == pos[node["id"]]
        assert node["size"] > 0


def test_node_group_is_its_type_and_shape_comes_from_the_group(G: nx.MultiDiGraph, payload: dict[str, Any]) -> None:
    groups = payload["options"]["groups"]
    for node in payload["nodes"]:
        assert node["group"] == G.nodes[node["id"]][TYPE]
        assert "shape" not in node and "color" not in node
        style = TYPE_STYLES[node["group"]]
        assert groups[node["group"]]["shape"] == style.shape
        assert groups[node["group"]]["color"]["background"] == style.color
        assert groups[node["group"]]["color"]["border"] == style.border


def test_node_label_and_tooltip_are_the_raw_text(payload: dict[str, Any]) -> None:
    drug = by_id(payload["nodes"])["drug"]
    # Wrapped at spaces (never inside a word) and cut after three lines; the tooltip has it whole.
    assert drug["label"] == wrap_label("Ketamine " + MARKUP) == 'Ketamine <img\nsrc=x\nonerror="alert(1)">…'
    assert drug["title"] == "\n".join(["Ketamine " + MARKUP, "drug", "A drug. " + MARKUP])
    # No description: the tooltip is label and type only.
    assert by_id(payload["nodes"])["receptor"]["title"] == "NMDA receptor\nreceptor"


def test_nothing_in_the_payload_is_html_escaped(payload: dict[str, Any]) -> None:
    text = json.dumps(payload, ensure_ascii=False)
    for escaped in ("&lt;", "&gt;", "&amp;", "&quot;", "&#"):
        assert escaped not in text
    assert json.dumps(MARKUP, ensure_ascii=False)[1:-1] in text


def test_a_node_missing_from_the_positions_sits_at_the_origin(G: nx.MultiDiGraph) -> None:
    payload = vis_payload(G, {})
    assert all((n["x"], n["y"]) == (0.0, 0.0) for n in payload["nodes"])


# --- edges ----------------------------------------------------------------------------------------


def test_edges_are_keyed_by_claim_id_and_point_subject_to_object(G: nx.MultiDiGraph, payload: dict[str, Any]) -> None:
    assert [e["id"] for e in payload["edges"]] == sorted(k for _, _, k in G.edges(keys=True))
    for u, v, key in G.edges(keys=True):
        edge = by_id(payload["edges"])[key]
        assert (edge["from"], edge["to"]) == (u, v)


@pytest.mark.parametrize(
    ("key", "certainty"), [("p1", "established"), ("p2", "reported"), ("p3", "suggested"), ("single", "speculative")]
)
def test_edge_style_follows_its_certainty(payload: dict[str, Any], key: str, certainty: str) -> None:
    edge = by_id(payload["edges"])[key]
    style = CERTAINTY_STYLES[certainty]
    expected_dashes = list(style.dashes) if isinstance(style.dashes, tuple) else style.dashes
    assert edge["dashes"] == expected_dashes
    assert edge["width"] == style.width
    # The drug's claim on a risk skips columns: drawn faint until highlighted.
    opacity = {"opacity": 0.16} if key == "single" else {}
    assert edge["color"] == {"color": style.color, **opacity}
    assert edge.get("faint", False) is (key == "single")
    assert edge["certainty"] == certainty
    # The relation is written on the edge only while it is highlighted (set by the component).
    assert "label" not in edge
    assert edge["relation"] == edge_label("acts_on", "affirmed") == "acts on"
    assert edge["arrows"] == "to"  # pyvis's directed edge: the arrow head from the options


def test_every_certainty_is_drawn_differently(payload: dict[str, Any]) -> None:
    edges = by_id(payload["edges"])
    looks = {json.dumps([edges[k]["dashes"], edges[k]["width"]]) for k in ("p1", "p2", "p3", "single")}
    assert len(looks) == len(CERTAINTIES)


def test_negated_claim_has_a_bar_head_a_not_label_and_its_colour(payload: dict[str, Any]) -> None:
    edge = by_id(payload["edges"])["negated"]
    assert edge["arrows"] == {"to": {"enabled": True, "type": "bar"}}
    assert edge["relation"] == "not acts on"
    assert edge["color"] == {"color": NEGATED_COLOR}
    assert edge["dashes"] is False  # still drawn by its certainty (established)
    assert "negated" in edge["title"].splitlines()[1]
    assert "not acts on" in edge["title"].splitlines()[0]


def test_parallel_claims_get_distinct_curves(G: nx.MultiDiGraph, payload: dict[str, Any]) -> None:
    """Claims between the same two entities, either way round, are fanned out so each can be clicked."""
    groups: dict[frozenset[str], list[dict[str, Any]]] = defaultdict(list)
    for edge in payload["edges"]:
        if edge["from"] != edge["to"]:
            groups[frozenset((edge["from"], edge["to"]))].append(edge)
    fanned = groups[frozenset(("drug", "receptor"))]
    assert {e["id"] for e in fanned} == {"p1", "p2", "p3"}
    bends = []
    for edge in fanned:
        smooth = edge["smooth"]
        assert smooth["enabled"] is True and smooth["type"] == "curvedCW"
        # curvedCW bends relative to the edge's direction: measure every bend in one direction.
        bends.append(smooth["roundness"] if edge["from"] < edge["to"] else -smooth["roundness"])
    assert len(set(bends)) == len(bends)
    for pair, edges in groups.items():
        if len(edges) == 1:
            # A single claim flows left to right (a horizontal cubic Bezier), as in a pathway diagram.
            assert edges[0]["smooth"]["type"] == "cubicBezier", pair
            assert edges[0]["smooth"]["forceDirection"] == "horizontal", pair


def test_a_self_loop_is_drawn_as_a_loop(payload: dict[str, Any]) -> None:
    loop = by_id(payload["edges"])["loop"]
    assert (loop["from"], loop["to"]) == ("risk", "risk")
    assert loop["selfReference"]["size"] > 0
    assert "smooth" not in loop


def test_edge_tooltip_is_raw_text_with_a_shortened_quote(payload: dict[str, Any]) -> None:
    edges = by_id(payload["edges"])
    lines = edges["p1"]["title"].splitlines()
    assert lines[0] == f"Ketamine {MARKUP} — acts on → NMDA receptor"
    assert lines[1] == "established · 1 quote"
    assert lines[2] == f"“It acts {MARKUP}”"
    long_line = edges["single"]["title"].splitlines()[2]
    collapsed = " ".join(LONG_QUOTE.split())
    assert long_line.startswith("“" + collapsed[:100]) and long_line.endswith("…”")
    assert len(long_line) == 220 + 2  # the quote cut to 220 characters, in quotation marks
    assert "   " not in long_line


def test_large_graphs_drop_edge_labels_and_scale_node_labels() -> None:
    G = nx.MultiDiGraph()
    for i in range(LARGE_GRAPH + 1):
        G.add_node(f"n{i:04d}", **{LABEL: f"N{i}", TYPE: "effect", ALIASES: [], DESCRIPTION: ""})
    for i in range(LARGE_GRAPH):
        G.add_edge(
            f"n{i:04d}",
            f"n{i + 1:04d}",
            key=f"c{i:04d}",
            **{RELATION: "causes", CERTAINTY: "reported", POLARITY: "affirmed", EVIDENCE: []},
        )
    payload = vis_payload(G, {})
    assert all("label" not in e and "relation" not in e for e in payload["edges"])
    assert all(e["title"].splitlines()[1] == "reported · 0 quotes" for e in payload["edges"])
    assert payload["options"]["nodes"]["scaling"]["label"]["enabled"] is True
    assert payload["options"]["interaction"]["hideEdgesOnDrag"] is True
    small = vis_options(large=False)
    assert small["nodes"]["scaling"]["label"]["enabled"] is False
    assert small["interaction"]["hover"] is True


# --- options and version --------------------------------------------------------------------------


def test_options_keep_the_server_layout() -> None:
    options = vis_options()
    assert options["physics"] == {"enabled": False}
    assert options["layout"]["improvedLayout"] is False
    assert options["edges"]["smooth"] is False  # per edge: flowing curves in a labelled graph
    assert options["interaction"]["multiselect"] is False
    assert set(options["groups"]) == set(TYPE_STYLES)
    json.dumps(options)  # plain data


def test_version_is_stable_and_changes_iff_the_content_changes(G: nx.MultiDiGraph) -> None:
    pos = positions(G)
    first = vis_payload(G, pos)
    assert vis_payload(claim_graph(), dict(pos))["version"] == first["version"]
    assert vis_payload(G, pos) == first
    versions = {first["version"]}

    relabelled = claim_graph()
    relabelled.nodes["risk"][LABEL] = "Addiction!"
    versions.add(vis_payload(relabelled, pos)["version"])

    hedged = claim_graph()
    hedged.edges["drug", "risk", "single"][CERTAINTY] = "suggested"
    versions.add(vis_payload(hedged, pos)["version"])

    moved = {**pos, "drug": (pos["drug"][0] + 1, pos["drug"][1])}
    versions.add(vis_payload(G, moved)["version"])

    fewer = claim_graph()
    fewer.remove_edge("drug", "receptor", key="p2")
    versions.add(vis_payload(fewer, pos)["version"])
    assert len(versions) == 5


def test_version_is_the_digest_of_the_rest_of_the_payload(payload: dict[str, Any]) -> None:
    assert set(payload) == {"nodes", "edges", "options", "version"}
    rest = {k: v for k, v in payload.items() if k != "version"}
    # blake2b-64 of the canonical JSON of nodes, edges and options: the version names exactly them.
    expected = hashlib.blake2b(
        json.dumps(rest, sort_keys=True, ensure_ascii=False).encode("utf-8"), digest_size=8
    ).hexdigest()
    assert payload["version"] == expected
    assert re.fullmatch(r"[0-9a-f]{16}", payload["version"])
    # Not a digest of something else that happens to have the same shape: an option changes it too.
    changed = {**rest, "options": {**rest["options"], "extra": True}}
    assert (
        hashlib.blake2b(
            json.dumps(changed, sort_keys=True, ensure_ascii=False).encode("utf-8"), digest_size=8
        ).hexdigest()
        != payload["version"]
    )


# --- the shipped graph ----------------------------------------------------------------------------


def test_shipped_graph_payload(shipped_graph: nx.MultiDiGraph) -> None:
    G = shipped_graph
    pos = compute_layout(G, "mechanism")
    payload = vis_payload(G, pos)
    nodes, edges = by_id(payload["nodes"]), by_id(payload["edges"])
    assert set(nodes) == set(G) and len(payload["nodes"]) == G.number_of_nodes()
    assert set(edges) == {k for _, _, k in G.edges(keys=True)} and len(payload["edges"]) == G.number_of_edges()
    for n, node in nodes.items():
        assert (node["x"], node["y"]) == pos[n]
        assert node["label"] == wrap_label(G.nodes[n][LABEL])
        # Lines broken at spaces or after hyphens only; a long label is cut with "…" after 3 lines.
        shown = node["label"].replace("-\n", "-").replace("\n", " ")
        assert shown == G.nodes[n][LABEL] or (
            shown.endswith("…") and G.nodes[n][LABEL].startswith(shown[:-1]) and node["label"].count("\n") == 2
        )
        assert node["group"] == G.nodes[n][TYPE]
    for u, v, key, d in G.edges(keys=True, data=True):
        edge = edges[key]
        assert (edge["from"], edge["to"]) == (u, v)
        assert edge["certainty"] == d[CERTAINTY]
        assert edge["relation"] == edge_label(d[RELATION], d[POLARITY])
    json.dumps(payload)


def test_filtered_and_focused_payloads_keep_the_full_graph_positions(shipped_graph: nx.MultiDiGraph) -> None:
    """Positions come from the whole graph, so filtering shows a subset at the same places."""
    pos = compute_layout(shipped_graph, "mechanism")
    full = by_id(vis_payload(shipped_graph, pos)["nodes"])
    for shown in (
        filter_graph(shipped_graph, certainties={"speculative"}),
        filter_graph(shipped_graph, types={"drug", "receptor", "brain-system"}),
        neighbourhood(shipped_graph, "nmda-receptor", 1),
    ):
        payload = vis_payload(shown, pos)
        assert 0 < len(payload["nodes"]) < len(full)
        for node in payload["nodes"]:
            assert (node["x"], node["y"]) == (full[node["id"]]["x"], full[node["id"]]["y"])


def test_huge_graphs_draw_a_cheap_overview_with_hub_labels() -> None:
    G = nx.MultiDiGraph()
    for i in range(HUGE_GRAPH + 1):
        G.add_node(f"n{i:05d}", **{LABEL: f"N{i}", TYPE: "effect", ALIASES: [], DESCRIPTION: ""})
    evidence = [{"source": "s", "quote": "Q.", "start": 0, "end": 2, "section": ""}]
    for i in range(1, HUGE_GRAPH + 1):  # a star: n00000 is the hub
        G.add_edge(
            "n00000",
            f"n{i:05d}",
            key=f"c{i:05d}",
            **{RELATION: "causes", CERTAINTY: "suggested", POLARITY: "affirmed", EVIDENCE: evidence},
        )
    payload = vis_payload(G, {n: (float(i), float(i % 7)) for i, n in enumerate(G)})
    nodes = {n["id"]: n for n in payload["nodes"]}
    assert all(e["dashes"] is False and e["color"]["opacity"] < 1 for e in payload["edges"])
    assert all(len(e["title"].splitlines()) == 2 for e in payload["edges"])  # no quote line
    assert nodes["n00000"]["size"] > 10 * nodes["n00001"]["size"] / 2
    assert nodes["n00000"]["font"]["size"] > 16 and "font" not in nodes["n00001"]
    assert payload["options"]["nodes"]["scaling"]["label"]["maxVisible"] == 20
    # Below the threshold nothing of this applies.
    G.remove_node(f"n{HUGE_GRAPH:05d}")
    small = vis_payload(G, {})
    assert all(e["dashes"] == list(CERTAINTY_STYLES["suggested"].dashes) for e in small["edges"])
    assert all("opacity" not in e["color"] and len(e["title"].splitlines()) == 3 for e in small["edges"])
    assert not any("font" in n for n in small["nodes"])


def test_a_missing_vis_network_is_a_render_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    from ketagraph.errors import KetagraphError, RenderError

    render.vis_network_js.cache_clear()
    monkeypatch.setattr(render, "VIS_NETWORK_JS", tmp_path / "vis-network.min.js")
    try:
        with pytest.raises(RenderError, match=r"^cannot read vis-network from the installed pyvis \(") as info:
            render.vis_network_js()
        assert isinstance(info.value, KetagraphError)
    finally:
        render.vis_network_js.cache_clear()


def _curve_point(
    a: tuple[float, float], b: tuple[float, float], smooth: dict[str, Any], t: float
) -> tuple[float, float]:
    """A point of vis-network's curvedCW / curvedCCW edge (its ``_getViaCoordinates``, a quadratic curve)."""
    dx, dy = b[0] - a[0], a[1] - b[1]
    length, r = math.hypot(dx, dy), smooth["roundness"]
    sign = 1 if smooth["type"] == "curvedCW" else -1
    angle = (math.atan2(dy, dx) + (0.5 * sign * r + 0.5) * math.pi) % (2 * math.pi)
    via = (a[0] + (0.5 * r + 0.5) * length * math.sin(angle), a[1] + (0.5 * r + 0.5) * length * math.cos(angle))
    return tuple((1 - t) ** 2 * p + 2 * t * (1 - t) * q + t**2 * s for p, q, s in zip(a, via, b, strict=True))  # type: ignore[return-value]


@pytest.mark.parametrize("perspective", ["mechanism", "everything"])
def test_an_edge_within_a_column_bows_round_the_entities_between_its_ends(
    shipped_graph: nx.MultiDiGraph, perspective: str
) -> None:
    """Four effects that each make up "mood changes" drawn straight down their column read as a chain
    through one another: such an edge bows out to the column's right, clear of the labels it passes."""
    H = perspective_graph(shipped_graph, perspective)
    positions = compute_layout(H, "mechanism")
    payload = vis_payload(H, positions)
    bowed = 0
    for e in payload["edges"]:
        a, b = positions[e["from"]], positions[e["to"]]
        between = [n for n, (x, y) in positions.items() if x == a[0] == b[0] and min(a[1], b[1]) < y < max(a[1], b[1])]
        if not between or e["from"] == e["to"]:
            continue
        smooth = e["smooth"]
        assert smooth["type"] in {"curvedCW", "curvedCCW"}, e["id"]
        # At each entity it passes, the curve runs to the right of the column, clear of its symbol and label.
        for n in between:
            y = positions[n][1]
            t = min((i / 400 for i in range(401)), key=lambda t: abs(_curve_point(a, b, smooth, t)[1] - y))
            assert _curve_point(a, b, smooth, t)[0] - a[0] > 20, (e["id"], n)
        middle = _curve_point(a, b, smooth, 0.5)
        assert middle[0] - a[0] == pytest.approx(min(62.0, abs(b[1] - a[1]) / 2), abs=1.0)
        bowed += 1
    assert bowed >= 3 if perspective == "mechanism" else bowed >= 5
