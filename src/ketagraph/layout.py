"""Node positions, computed once on the server so the browser draws a settled graph.

Two layouts:

- ``force``: force-directed (Fruchterman-Reingold, by python-igraph: about 0.5 s at 5k nodes where
  ``networkx.spring_layout`` takes about a minute), started from positions derived from the node ids
  so the same graph always gets the same picture;
- ``mechanism``: layered left to right by entity type (:data:`ketagraph.style.LAYERS`: drug ->
  targets -> neurotransmitters -> functions -> effects -> conditions and risks), nodes ordered
  within a column by the barycentre of their neighbours to keep edges short and uncrossed.

Positions are computed on the whole graph; filtering or focusing shows a subset at the same
places, so nothing jumps.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections import defaultdict

import networkx as nx

from ketagraph.attrs import TYPE
from ketagraph.errors import UnknownLayoutError
from ketagraph.style import LAYERS

__all__ = ["LAYOUTS", "compute_layout"]

Positions = dict[str, tuple[float, float]]

LAYOUTS = {
    "mechanism": "layered, left to right: drug → targets → neurotransmitters → effects → conditions",
    "force": "force-directed: related entities close together",
}

_SPACING = 110.0  # pixels between neighbouring nodes, roughly


def compute_layout(G: nx.MultiDiGraph, name: str = "mechanism") -> Positions:
    """Positions (in pixels, centred on 0) for every node of ``G``; deterministic."""
    if name == "force":
        return _force(G)
    if name == "mechanism":
        return _layered(G)
    raise UnknownLayoutError(f"unknown layout {name!r}; choose one of {', '.join(LAYOUTS)}")


def _stable_unit(node: str) -> tuple[float, float]:
    digest = hashlib.blake2b(str(node).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest[:4], "big") / 2**32, int.from_bytes(digest[4:], "big") / 2**32


def _force(G: nx.MultiDiGraph) -> Positions:
    nodes = sorted(G.nodes, key=str)
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    import igraph  # imported here: only the force layout needs it

    index = {node: i for i, node in enumerate(nodes)}
    edges = sorted({(index[u], index[v]) for u, v in G.edges() if u != v})
    g = igraph.Graph(n=n, edges=edges, directed=False)
    radius = math.sqrt(n)
    seed = [[(a - 0.5) * radius, (b - 0.5) * radius] for a, b in map(_stable_unit, nodes)]
    # igraph draws from its global generator (for coinciding nodes): give it a fixed one.
    igraph.set_random_number_generator(random.Random(0))
    try:
        layout = g.layout_fruchterman_reingold(seed=seed, niter=500 if n <= 2000 else 200, grid="auto")
    finally:
        igraph.set_random_number_generator(random)
    coords = layout.coords
    return _normalise({node: (coords[i][0], coords[i][1]) for i, node in enumerate(nodes)}, n)


def _normalise(pos: dict[str, tuple[float, float]], n: int) -> Positions:
    """Centre on 0 and scale so the average nearest spacing is about ``_SPACING`` pixels."""
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    scale = _SPACING * math.sqrt(n) * 1.2 / span
    return {node: (round((x - cx) * scale, 1), round((y - cy) * scale, 1)) for node, (x, y) in pos.items()}


def _layered(G: nx.MultiDiGraph) -> Positions:
    columns: dict[int, list[str]] = defaultdict(list)
    for node in sorted(G.nodes, key=str):
        columns[LAYERS.get(G.nodes[node].get(TYPE, ""), max(LAYERS.values()) + 1)].append(node)
    if not columns:
        return {}
    neighbours: dict[str, set[str]] = defaultdict(set)
    for u, v in G.edges():
        if u != v:
            neighbours[u].add(v)
            neighbours[v].add(u)
    # Start each column in a stable order: most connected first, then by id.
    order = {c: sorted(ns, key=lambda x: (-len(neighbours[x]), str(x))) for c, ns in columns.items()}
    rank: dict[str, float] = {}

    def reindex() -> None:
        for ns in order.values():
            for i, x in enumerate(ns):
                rank[x] = i - (len(ns) - 1) / 2

    reindex()
    cols = sorted(order)
    column_of = {x: c for c, ns in order.items() for x in ns}

    def barycentre(x: str) -> float:
        near = [rank[y] for y in neighbours[x] if column_of[y] != column_of[x]]
        return sum(near) / len(near) if near else rank[x]

    for _ in range(4):  # a few barycentre sweeps, left to right then right to left
        for sweep in (cols, cols[::-1]):
            for c in sweep:
                order[c] = sorted(order[c], key=lambda x: (barycentre(x), str(x)))
                reindex()
    # A very tall column is folded into staggered sub-columns, and the picture is stretched to
    # roughly the canvas's proportions so that zooming in on any part of it reads well.
    max_rows = max(12, math.ceil(math.sqrt(G.number_of_nodes()) * 2.2))
    row_gap, col_gap, sub_gap = _SPACING * 0.6, _SPACING * 2.6, _SPACING * 1.3
    pos: Positions = {}
    x = 0.0
    tallest = 1
    for c in cols:
        ns = order[c]
        folds = math.ceil(len(ns) / max_rows)
        rows = math.ceil(len(ns) / folds)
        tallest = max(tallest, rows)
        for i, node in enumerate(ns):
            row, sub = divmod(i, folds)
            pos[node] = (x + sub * sub_gap, (row - (rows - 1) / 2) + (sub - (folds - 1) / 2) / folds)
        x += (folds - 1) * sub_gap + col_gap
    width = x - col_gap
    row_gap = max(row_gap, width / tallest)  # about as tall as wide, like the canvas
    return {node: (round(px - width / 2, 1), round(py * row_gap, 1)) for node, (px, py) in pos.items()}
