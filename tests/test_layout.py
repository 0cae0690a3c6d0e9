"""ketagraph.layout: positions computed once on the server, the same every time."""

from __future__ import annotations

import itertools
import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from ketagraph.build import ALIASES, DESCRIPTION, LABEL, TYPE
from ketagraph.layout import LAYOUTS, compute_layout, perspective_graph
from ketagraph.style import LAYERS

TYPES = list(LAYERS)
SRC = Path(__file__).resolve().parents[1] / "src"

#: Builds a graph of 90 entities of every type; ``make(reverse)`` inserts nodes and edges in
#: reverse order. Kept as source so that a subprocess (another hash seed) can build the same graph.
SYNTHETIC = """
import networkx as nx
from ketagraph.build import ALIASES, CERTAINTY, DESCRIPTION, LABEL, POLARITY, RELATION, TYPE
from ketagraph.style import LAYERS

def make(reverse=False):
    types = list(LAYERS)
    nodes = [(f"e{i:03d}", types[(i * 7) % len(types)]) for i in range(90)]
    edges = [(f"e{i:03d}", f"e{(i * 13 + 5) % 90:03d}", f"c{i:03d}") for i in range(90)]
    edges += [(f"e{i:03d}", f"e{(i + 1) % 90:03d}", f"d{i:03d}") for i in range(0, 90, 3)]
    edges.append(("e001", "e001", "loop"))
    edges.append(("e002", "e003", "parallel"))
    if reverse:
        nodes.reverse()
        edges.reverse()
    G = nx.MultiDiGraph()
    for n, kind in nodes:
        G.add_node(n, **{LABEL: n.upper(), TYPE: kind, ALIASES: [], DESCRIPTION: ""})
    for u, v, k in edges:
        G.add_edge(u, v, key=k, **{RELATION: "causes", CERTAINTY: "reported", POLARITY: "affirmed"})
    return G
"""
_namespace: dict[str, object] = {}
exec(SYNTHETIC, _namespace)


def synthetic(reverse: bool = False) -> nx.MultiDiGraph:
    G: nx.MultiDiGraph = _namespace["make"](reverse)  # type: ignore[operator]
    return G


def entity_graph(types: list[str]) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    for i, kind in enumerate(types):
        G.add_node(f"n{i:03d}", **{LABEL: f"N{i}", TYPE: kind, ALIASES: [], DESCRIPTION: ""})
    return G


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_every_node_gets_a_distinct_finite_position(name: str, shipped_graph: nx.MultiDiGraph) -> None:
    pos = compute_layout(shipped_graph, name)
    assert set(pos) == set(shipped_graph)
    for x, y in pos.values():
        assert isinstance(x, float) and isinstance(y, float)
        assert math.isfinite(x) and math.isfinite(y)
        assert round(x, 1) == x and round(y, 1) == y
    assert len(set(pos.values())) == len(pos)


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_layouts_are_deterministic(name: str, shipped_graph: nx.MultiDiGraph) -> None:
    first = compute_layout(shipped_graph, name)
    assert compute_layout(shipped_graph, name) == first
    assert compute_layout(shipped_graph.copy(), name) == first


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_layouts_do_not_depend_on_insertion_order(name: str) -> None:
    assert compute_layout(synthetic(), name) == compute_layout(synthetic(reverse=True), name)


def test_layouts_are_the_same_in_another_process() -> None:
    """No dependence on the hash seed (set order) or on global random state."""
    script = SYNTHETIC + (
        "\nimport json, random\nfrom ketagraph.layout import LAYOUTS, compute_layout\n"
        "random.seed(12345)\n"
        "print(json.dumps({n: compute_layout(make(), n) for n in LAYOUTS}))\n"
    )
    here = {n: compute_layout(synthetic(), n) for n in LAYOUTS}
    expected = json.loads(json.dumps(here))
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(SRC)}
        out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
        assert json.loads(out.stdout) == expected


def test_mechanism_layout_runs_left_to_right_by_layer(shipped_graph: nx.MultiDiGraph) -> None:
    pos = compute_layout(shipped_graph, "mechanism")
    columns: dict[int, list[float]] = {}
    for n, (x, _) in pos.items():
        columns.setdefault(LAYERS[shipped_graph.nodes[n][TYPE]], []).append(x)
    layers = sorted(columns)
    for left, right in itertools.pairwise(layers):
        assert max(columns[left]) < min(columns[right]), (left, right)
    ketamine, nmda = pos["ketamine"], pos["nmda-receptor"]
    assert ketamine[0] < nmda[0]


def test_mechanism_layout_folds_a_tall_column_without_overlaps() -> None:
    G = entity_graph(["drug"] + ["effect"] * 150 + ["condition"] * 3)
    pos = compute_layout(G, "mechanism")
    assert len(set(pos.values())) == len(pos)
    effect_x = {pos[n][0] for n in G if G.nodes[n][TYPE] == "effect"}
    assert len(effect_x) > 1  # folded into sub-columns
    assert pos["n000"][0] < min(effect_x) <= max(effect_x) < min(pos[n][0] for n in ("n151", "n152", "n153"))


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_layouts_are_centred_on_the_origin(name: str, shipped_graph: nx.MultiDiGraph) -> None:
    pos = compute_layout(shipped_graph, name)
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    assert abs((max(xs) + min(xs)) / 2) <= 0.01 * width + 0.1
    assert abs((max(ys) + min(ys)) / 2) <= 0.01 * height + 0.1


def test_unknown_type_goes_to_a_last_column() -> None:
    G = entity_graph(["drug", "condition", "no-such-type"])
    pos = compute_layout(G, "mechanism")
    assert pos["n000"][0] < pos["n001"][0] < pos["n002"][0]


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_tiny_graphs(name: str) -> None:
    assert compute_layout(nx.MultiDiGraph(), name) == {}
    one = compute_layout(entity_graph(["drug"]), name)
    assert list(one) == ["n000"] and all(math.isfinite(c) for c in one["n000"])


def test_unknown_layout_names_the_choices() -> None:
    with pytest.raises(ValueError, match=r"^unknown layout 'circle'; choose one of mechanism, force$"):
        compute_layout(nx.MultiDiGraph(), "circle")


def test_the_mechanism_scene_ends_with_what_the_drug_plainly_causes_and_treats(shipped_graph: nx.MultiDiGraph) -> None:
    scene = set(perspective_graph(shipped_graph, "mechanism"))
    # The chain from the targets: NMDA receptor -> learning, memory, mood regulation; GABA -> sedation.
    assert {"nmda-receptor", "learning", "memory", "mood", "gaba", "sedation"} <= scene
    # The story's ends, as the article states them plainly or by research.
    assert {"antidepressant-effect", "treatment-resistant-depression", "depression", "pain"} <= scene
    # Only hedged ("has shown promise", "ongoing research is exploring"): left for the user to expand.
    assert not {"ocd", "ptsd", "anxiety-disorders", "substance-use-disorders"} & scene
    # Nor other perspectives' types.
    assert {shipped_graph.nodes[n]["type"] for n in scene} <= {
        "drug", "receptor", "neurotransmitter", "brain-system", "brain-function", "effect", "condition"
    }  # fmt: skip


def _drawn_boxes(
    G: nx.MultiDiGraph, pos: dict[str, tuple[float, float]]
) -> dict[str, tuple[float, float, float, float]]:
    """Each node's drawn box (left, top, right, bottom), modelled here on its own: the shape centred
    on the position, and the label, wrapped as the explorer wraps it, hanging 6 px below the shape."""
    from ketagraph.style import label_box, node_size, wrap_label

    boxes = {}
    for m in G.nodes:
        w, h = label_box(wrap_label(str(G.nodes[m][LABEL])))
        s = node_size(G.degree(m))
        x, y = pos[m]
        boxes[m] = (x - max(w, 2 * s) / 2, y - s, x + max(w, 2 * s) / 2, y + s + 6 + h)
    return boxes


def _through_other_nodes(G: nx.MultiDiGraph, pos: dict[str, tuple[float, float]]) -> set[tuple[str, str, str]]:
    """The chain's edges between columns that run through another node's shape or label, as the
    explorer draws them (vis-network's horizontal cubic Bezier, roundness 0.45), sampled finely."""
    from ketagraph.style import skips_columns

    boxes = _drawn_boxes(G, pos)
    found = set()
    for u, v in G.edges():
        tu, tv = G.nodes[u][TYPE], G.nodes[v][TYPE]
        if u == v or LAYERS[tu] == LAYERS[tv] or skips_columns(tu, tv):
            continue
        (x0, y0), (x3, y3) = pos[u], pos[v]
        x1, x2 = x0 + 0.45 * (x3 - x0), x3 - 0.45 * (x3 - x0)
        for i in range(1, 400):
            t = i / 400
            a = 1 - t
            x = a**3 * x0 + 3 * a * a * t * x1 + 3 * a * t * t * x2 + t**3 * x3
            y = a**3 * y0 + 3 * a * a * t * y0 + 3 * a * t * t * y3 + t**3 * y3
            for m, (left, top, right, bottom) in boxes.items():
                if m not in (u, v) and left < x < right and top < y < bottom:
                    found.add((u, v, m))
    return found


def test_the_chain_runs_between_the_nodes_of_the_columns_it_crosses(
    shipped_graph: nx.MultiDiGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first scene's columns slide their nodes (in order, a little, within the drawing's height)
    so that fewer of the chain's edges run through another node's shape or label."""
    from ketagraph import layout

    G = perspective_graph(shipped_graph, "mechanism")
    pos = compute_layout(G, "mechanism")
    monkeypatch.setattr(layout, "_open_channels", lambda G, order, pos, boxes: pos)
    packed = compute_layout(G, "mechanism")
    assert len(_through_other_nodes(G, pos)) < 0.8 * len(_through_other_nodes(G, packed))
    ys = [y for _, y in pos.values()]
    packed_ys = [y for _, y in packed.values()]
    assert max(ys) - min(ys) <= max(packed_ys) - min(packed_ys) + 1e-6  # no taller
    for c in {LAYERS[G.nodes[n][TYPE]] for n in G}:
        column = [n for n in G if LAYERS[G.nodes[n][TYPE]] == c]
        # the same order, the same x, a short slide (layout._CHANNEL_SLIDE, and the drawing
        # centred again on the origin)
        assert sorted(column, key=lambda n: pos[n][1]) == sorted(column, key=lambda n: packed[n][1])
        for n in column:
            assert pos[n][0] == packed[n][0] and abs(pos[n][1] - packed[n][1]) <= 48


def _box_overlaps(G: nx.MultiDiGraph, pos: dict[str, tuple[float, float]]) -> list[tuple[str, str]]:
    """Pairs of nodes whose drawn boxes (:func:`_drawn_boxes`) overlap."""
    boxes = _drawn_boxes(G, pos)
    names = sorted(boxes)
    return [
        (a, b)
        for a, b in itertools.combinations(names, 2)
        if min(boxes[a][2], boxes[b][2]) > max(boxes[a][0], boxes[b][0])
        and min(boxes[a][3], boxes[b][3]) > max(boxes[a][1], boxes[b][1])
    ]


def _recording_spread(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Record whether each call of ``layout._spread`` settled."""
    from ketagraph import layout

    settled: list[bool] = []
    spread = layout._spread

    def recording(pos: dict[str, tuple[float, float]], boxes: Any) -> tuple[dict[str, tuple[float, float]], bool]:
        out = spread(pos, boxes)
        settled.append(out[1])
        return out

    monkeypatch.setattr(layout, "_spread", recording)
    return settled


@pytest.mark.parametrize("perspective", ["mechanism", "uses", "risks", "history", "research", "everything"])
def test_the_force_layout_keeps_every_label_clear(
    shipped_graph: nx.MultiDiGraph, perspective: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fruchterman-Reingold alone knotted the labels round the hub (8 overlapping pairs in the
    mechanism scene, 60 in everything): the force layout of a labelled graph is spread until no two
    nodes' shapes and labels overlap, and laid along its longest axis, landscape like the canvas."""
    G = perspective_graph(shipped_graph, perspective)
    settled = _recording_spread(monkeypatch)
    pos = compute_layout(G, "force")
    assert settled == [True]  # settled in one go, without being given more room
    assert _box_overlaps(G, pos) == []
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    assert max(xs) - min(xs) >= 1.4 * (max(ys) - min(ys))  # (1.01-1.54 before: now 1.48-1.6)


def test_the_force_layout_spreads_a_synthetic_graph_too() -> None:
    G = synthetic()
    pos = compute_layout(G, "force")
    assert _box_overlaps(G, pos) == []
    assert len(set(pos.values())) == len(pos)


@pytest.mark.parametrize("perspective", ["mechanism", "uses", "research", "everything"])
def test_spreading_keeps_who_is_next_to_whom(
    shipped_graph: nx.MultiDiGraph, monkeypatch: pytest.MonkeyPatch, perspective: str
) -> None:
    """Spreading opens room where labels need it, and keeps the force layout's neighbourhoods: for at
    least four entities in five, the nearest neighbour before spreading is among the five nearest
    after (by chance, about one in sixteen in the whole graph)."""
    from ketagraph import layout

    G = perspective_graph(shipped_graph, perspective)
    spread = compute_layout(G, "force")
    monkeypatch.setattr(layout, "_spread", lambda pos, boxes: (pos, True))
    knotted = compute_layout(G, "force")
    assert _box_overlaps(G, knotted)  # (there was something to spread)

    def nearest(pos: dict[str, tuple[float, float]], n: str, k: int) -> list[str]:
        return sorted((m for m in pos if m != n), key=lambda m: (math.dist(pos[n], pos[m]), m))[:k]

    kept = [n for n in G if nearest(knotted, n, 1)[0] in nearest(spread, n, 5)]
    assert len(kept) >= 0.8 * G.number_of_nodes()


@pytest.mark.parametrize(
    "start",
    [
        {f"n{i:03d}": (0.0, 0.0) for i in range(12)},  # all on one point
        {f"n{i:03d}": (float(i), 0.0) for i in range(12)},  # on a line
        {f"n{i:03d}": (float(i), float(i)) for i in range(12)},  # on a diagonal
        {f"n{i:03d}": (float(i % 3), float(i % 2)) for i in range(12)},  # pairs on the same places
    ],
    ids=["one-point", "line", "diagonal", "duplicates"],
)
def test_spreading_from_degenerate_layouts(start: dict[str, tuple[float, float]]) -> None:
    """Whatever the force layout hands over, the spread positions are distinct, finite and clear."""
    from ketagraph import layout

    G = entity_graph(["effect"] * 12)
    pos = layout._legible_force(G, start)
    assert set(pos) == set(G) and len(set(pos.values())) == len(pos)
    assert all(math.isfinite(c) for p in pos.values() for c in p)
    assert _box_overlaps(G, pos) == []


def test_a_knot_too_dense_to_settle_is_given_more_room(monkeypatch: pytest.MonkeyPatch) -> None:
    """Spreading stops after its rounds; a layout that has not settled by then is scaled up and
    spread again, up to ``_SPREAD_TRIES`` times."""
    from ketagraph import layout

    monkeypatch.setattr(layout, "_SPREAD_ROUNDS", 2)
    G = entity_graph(["effect"] * 30)
    settled = _recording_spread(monkeypatch)
    layout._legible_force(G, {n: (0.0, 0.0) for n in G})
    assert settled[0] is False and len(settled) == layout._SPREAD_TRIES
