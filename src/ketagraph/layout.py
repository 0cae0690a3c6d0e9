"""Node positions, computed once on the server so the browser draws a settled graph.

Two layouts:

- ``force``: force-directed (Fruchterman-Reingold, by python-igraph: about 0.5 s at 5k nodes where
  ``networkx.spring_layout`` takes about a minute), started from positions derived from the node ids
  so the same graph always gets the same picture. Up to 200 nodes it is then turned along its
  principal axis, widened to the canvas's landscape shape, and spread until no two nodes' shapes
  and labels overlap (it was a hub in a knot of labels);
- ``mechanism``: layered left to right by entity type (:data:`ketagraph.style.LAYERS`: drug ->
  targets -> neurotransmitters -> functions -> effects -> conditions and risks). Up to
  :data:`LABELLED_MAX` nodes, nodes are ordered within a column to minimise crossings (igraph's
  Sugiyama, on the edges between neighbouring columns) and spaced by the real size of their shape
  and wrapped label (:func:`ketagraph.style.label_box`), a tall column folded when that lets the
  whole fit a :data:`CANVAS` at a larger scale; above it, by the barycentre of their neighbours.

:data:`PERSPECTIVES` cut a scene out of the graph (the first view is the mechanism story, see
:func:`perspective_graph`); the scene is laid out for itself, and filtering or focusing shows a
subset at the same places, so nothing jumps.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections import defaultdict
from collections.abc import Iterator

import networkx as nx

from ketagraph.attrs import CERTAINTY, LABEL, POLARITY, RELATION, TYPE
from ketagraph.errors import UnknownLayoutError
from ketagraph.style import FLOW_ROUNDNESS, LAYERS, NODE_FONT, label_box, node_size, skips_columns, wrap_label

__all__ = [
    "CANVAS",
    "LABELLED_MAX",
    "LAYOUTS",
    "MIN_SCALE",
    "PERSPECTIVES",
    "compute_layout",
    "default_perspective",
    "perspective_graph",
]

Positions = dict[str, tuple[float, float]]

LAYOUTS = {
    "mechanism": "layered, left to right by type: drug → targets → neurotransmitters → effects → conditions",
    "force": "force-directed: related entities close together",
}

#: Perspectives: the same graph seen through some of its entity types (Neo4j Bloom's idea), each a
#: scene small enough to read at first sight. ``None``: every type.
PERSPECTIVES: dict[str, tuple[str, frozenset[str] | None]] = {
    "mechanism": (
        "Mechanism: drug → targets → neurotransmitters and systems → functions → effects → conditions",
        frozenset(["drug", "receptor", "neurotransmitter", "brain-system", "brain-function", "effect", "condition"]),
    ),
    "uses": (
        "Uses and therapies: what the drug is used for, and how",
        frozenset(["drug", "use", "therapy", "condition", "practice", "population"]),
    ),
    "risks": ("Risks: what can go wrong, and what mitigates it", frozenset(["drug", "risk", "use", "practice"])),
    "history": (
        "History and regulation: people, organisations, rules",
        frozenset(["drug", "person", "organization", "regulation"]),
    ),
    "research": ("Research: what is being studied", frozenset(["drug", "research", "condition", "therapy"])),
    "everything": ("Everything: every entity and claim", None),
}


def default_perspective(G: nx.MultiDiGraph) -> str:
    """The mechanism story for a graph that can be read whole; everything for a large overview."""
    return "mechanism" if G.number_of_nodes() <= LABELLED_MAX else "everything"


def perspective_graph(G: nx.MultiDiGraph, name: str) -> nx.MultiDiGraph:
    """The part of ``G`` a perspective shows: its types' entities and the claims between them.

    A perspective that would show fewer than two entities of this graph (a graph of other types)
    shows everything instead.
    """
    if name not in PERSPECTIVES:
        raise UnknownLayoutError(f"unknown perspective {name!r}; choose one of {', '.join(PERSPECTIVES)}")
    types = PERSPECTIVES[name][1]
    if types is None:
        return G
    keep = [n for n, d in G.nodes(data=True) if d.get(TYPE, "") in types]
    if name == "mechanism":
        keep = _chain(G, set(keep))
    if len(keep) < 2:
        return G
    H: nx.MultiDiGraph = G.subgraph(keep).copy()
    return H


#: The drug's own claims that end the mechanism story: what it causes, what it treats.
_PLAIN_ENDS = frozenset({"causes", "treats"})


def _chain(G: nx.MultiDiGraph, allowed: set[str]) -> list[str]:
    """The mechanism story: each drug, its targets in the next columns, and what follows from them.

    From the drugs' neighbours among the targets, neurotransmitters and systems, follow the claims
    that lead to a later column (a target regulates a function, a function contributes to an
    effect, an effect treats a condition). The story's ends come from the drugs themselves too:
    the effects they cause and the conditions they treat, as the article states them plainly or
    by research (established or reported, affirmed). The drugs' hedged claims on effects and
    conditions, and claims within a column, are left for the user to expand: they are the crowd
    that hides the chain.
    """
    drugs = sorted(n for n in allowed if G.nodes[n].get(TYPE) == "drug")
    first = {LAYERS["receptor"], LAYERS["brain-system"], LAYERS["neurotransmitter"]}
    layer = {n: LAYERS.get(G.nodes[n].get(TYPE, ""), -1) for n in allowed}
    scene = set(drugs)
    todo = sorted({m for d in drugs for m in nx.all_neighbors(G, d) if m in allowed and layer[m] in first})
    while todo:
        node = todo.pop()
        if node in scene:
            continue
        scene.add(node)
        todo.extend(
            sorted(v for _, v in G.out_edges(node) if v in allowed and v not in scene and layer[v] > layer[node])
        )
    ends = {LAYERS["effect"], LAYERS["condition"]}
    scene.update(
        v
        for d in drugs
        for _, v, data in G.out_edges(d, data=True)
        if v in allowed
        and layer[v] in ends
        and data.get(RELATION) in _PLAIN_ENDS
        and data.get(CERTAINTY) in ("established", "reported")
        and data.get(POLARITY, "affirmed") == "affirmed"
    )
    return sorted(scene)


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
    pos = {node: (coords[i][0], coords[i][1]) for i, node in enumerate(nodes)}
    if n > _SPREAD_MAX:
        return _normalise(pos, n)
    return _legible_force(G, pos)


#: A labelled force layout is widened to at least this width-to-height ratio (the explorer's canvas
#: as drawn: about 770 x 510 px at 1280x720, 1125 x 730 at 1440x900), scaled to this many times the
#: room its nodes' boxes take (spreading then opens room only where labels need it), and spread until
#: no two boxes are closer than half this gap (a push sets a pair the whole gap apart).
_FORCE_ASPECT = 1.5
_FORCE_ROOM = 2.0
_BOX_GAP = 8.0
#: Rounds of pushes before a knot too dense to settle is given more room (x 1.25, up to
#: ``_SPREAD_TRIES`` times; after the last, the layout is taken as it is).
_SPREAD_ROUNDS = 300
_SPREAD_TRIES = 3
#: Spread up to this many nodes (the whole force layout, in pure Python, on eight random graphs with
#: hubs: about 0.1 s at 100 nodes, 0.3-0.9 s at 200; 2.8 s at 400); a bigger one is left as it comes.
_SPREAD_MAX = 200


def _legible_force(G: nx.MultiDiGraph, pos: dict[str, tuple[float, float]]) -> Positions:
    """A force layout whose labels can all be read: turned so that its principal axis (of greatest
    spread) is horizontal, widened to at least :data:`_FORCE_ASPECT`, scaled to the room its boxes
    need, then spread until no two drawn boxes (shape and label, :func:`_drawn_boxes`) come close.
    A layout along a line (a chain's) stays a line: widening cannot give it a height."""
    nodes = sorted(pos, key=str)
    n = len(nodes)
    mx = sum(pos[v][0] for v in nodes) / n
    my = sum(pos[v][1] for v in nodes) / n
    sxx = sum((pos[v][0] - mx) ** 2 for v in nodes)
    syy = sum((pos[v][1] - my) ** 2 for v in nodes)
    sxy = sum((pos[v][0] - mx) * (pos[v][1] - my) for v in nodes)
    turn = -0.5 * math.atan2(2 * sxy, sxx - syy)  # the principal axis made horizontal
    cos, sin = math.cos(turn), math.sin(turn)
    turned = {v: ((x - mx) * cos - (y - my) * sin, (x - mx) * sin + (y - my) * cos) for v, (x, y) in pos.items()}
    xs, ys = [turned[v][0] for v in nodes], [turned[v][1] for v in nodes]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    widen = math.sqrt(_FORCE_ASPECT * height / width) if 0 < width < _FORCE_ASPECT * height else 1.0
    boxes = _drawn_boxes(G)
    room = _FORCE_ROOM * sum((x1 - x0 + _BOX_GAP) * (y1 - y0 + _BOX_GAP) for x0, y0, x1, y1 in boxes.values())
    # (a line's room is that of a band a sixth as tall as it is long)
    drawn = width * widen * max(height / widen, width * widen / (4 * _FORCE_ASPECT))
    scale = math.sqrt(room / max(drawn, 1e-9))
    placed = {v: (x * scale * widen, y * scale / widen) for v, (x, y) in turned.items()}
    for _ in range(_SPREAD_TRIES):
        placed, settled = _spread(placed, boxes)
        if settled:
            break
        placed = {v: (x * 1.25, y * 1.25) for v, (x, y) in placed.items()}
    xs, ys = [placed[v][0] for v in nodes], [placed[v][1] for v in nodes]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    return {v: (round(x - cx, 1) + 0.0, round(y - cy, 1) + 0.0) for v, (x, y) in placed.items()}  # (no -0.0)


def _spread(pos: Positions, boxes: dict[str, tuple[float, float, float, float]]) -> tuple[Positions, bool]:
    """Push apart every two nodes whose boxes (``left, top, right, bottom`` around the node's
    position) come closer than :data:`_BOX_GAP`, along the axis they overlap less on (a label is
    wide: sideways counts 1.6 times less), each half the way, round after round, until no two are
    closer than half the gap; at most :data:`_SPREAD_ROUNDS` rounds. Returns the positions and
    whether they settled (checked on the positions returned). Pairs are found by a sweep along x;
    deterministic."""
    names = sorted(pos, key=str)
    xs = [pos[v][0] for v in names]
    ys = [pos[v][1] for v in names]
    left, top, right, bottom = ([boxes[v][k] for v in names] for k in range(4))

    def near(margin: float) -> Iterator[tuple[int, int, float, float]]:
        """Pairs whose boxes, grown by ``margin``, overlap, with the overlaps along x and y (read
        from the positions as they are when each pair is reached)."""
        order = sorted(range(len(names)), key=lambda i: (xs[i] + left[i], i))
        for k, a in enumerate(order):
            for j in range(k + 1, len(order)):
                b = order[j]
                a0, a2, b0 = xs[a] + left[a], xs[a] + right[a], xs[b] + left[b]
                if b0 >= a2 + margin:
                    break  # the rest start further right (while nothing has moved)
                over_x = min(a2, xs[b] + right[b]) - max(a0, b0) + margin
                over_y = min(ys[a] + bottom[a], ys[b] + bottom[b]) - max(ys[a] + top[a], ys[b] + top[b]) + margin
                if over_x > 0 and over_y > 0:
                    yield a, b, over_x, over_y

    def settled() -> bool:
        return next(near(_BOX_GAP / 2), None) is None

    def push(at: list[float], low: list[float], high: list[float], a: int, b: int, over: float) -> None:
        """``a`` and ``b`` each half of ``over`` apart along one axis, away from each other's middle."""
        d = over / 2 if (2 * at[b] + low[b] + high[b], b) >= (2 * at[a] + low[a] + high[a], a) else -over / 2
        at[a] -= d
        at[b] += d

    def positions() -> Positions:
        return {v: (xs[i], ys[i]) for i, v in enumerate(names)}

    for _ in range(_SPREAD_ROUNDS):
        if settled():
            return positions(), True
        for a, b, over_x, over_y in near(_BOX_GAP):
            if over_x < 1.6 * over_y:
                push(xs, left, right, a, b, over_x)
            else:
                push(ys, top, bottom, a, b, over_y)
    return positions(), settled()


def _normalise(pos: dict[str, tuple[float, float]], n: int) -> Positions:
    """Centre on 0 and scale so the average nearest spacing is about ``_SPACING`` pixels."""
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    scale = _SPACING * math.sqrt(n) * 1.2 / span
    return {node: (round((x - cx) * scale, 1), round((y - cy) * scale, 1)) for node, (x, y) in pos.items()}


def _columns(G: nx.MultiDiGraph) -> dict[int, list[str]]:
    columns: dict[int, list[str]] = defaultdict(list)
    for node in sorted(G.nodes, key=str):
        columns[LAYERS.get(G.nodes[node].get(TYPE, ""), max(LAYERS.values()) + 1)].append(node)
    return columns


def _layered(G: nx.MultiDiGraph) -> Positions:
    if G.number_of_nodes() <= LABELLED_MAX:
        return _layered_labelled(G)
    return _layered_overview(G)


def _order_in_layers(G: nx.MultiDiGraph, columns: dict[int, list[str]]) -> dict[int, list[str]]:
    """Each column's nodes, ordered to minimise edge crossings (igraph's Sugiyama layout).

    Only edges between neighbouring columns count: a hub's edges that skip columns would pull
    every column towards the hub and cross everything else (they are drawn faint, see
    :mod:`ketagraph.render`).
    """
    import igraph  # imported here: only these layouts need it

    cols = sorted(columns)
    layer_of = {node: i for i, c in enumerate(cols) for node in columns[c]}
    nodes = [node for c in cols for node in columns[c]]
    index = {node: i for i, node in enumerate(nodes)}
    edges = set()
    for u, v in G.edges():
        lu, lv = layer_of[u], layer_of[v]
        if abs(lu - lv) == 1:
            edges.add((index[u], index[v]) if lu < lv else (index[v], index[u]))
    g = igraph.Graph(n=len(nodes), edges=sorted(edges), directed=True)
    coords = g.layout_sugiyama(layers=[layer_of[n] for n in nodes], hgap=1, vgap=1, maxiter=100).coords
    return {c: sorted(columns[c], key=lambda n: (coords[index[n]][0], str(n))) for c in cols}


#: Up to this many nodes the layered layout spaces nodes by their labels' sizes, so that every label
#: is drawn and none overlaps (:mod:`ketagraph.render` labels these graphs in full).
LABELLED_MAX = 400
#: The canvas the layout is shaped for, in screen pixels (the explorer's graph at 1280x720), and
#: the smallest zoom the first view may use: labels of ``NODE_FONT`` px drawn at 11 px or more.
CANVAS = (680.0, 560.0)
MIN_SCALE = 11.0 / NODE_FONT
_COL_GAP = 44.0  # between columns: room for the edges' flow
_SUB_GAP = 24.0  # between the sub-columns of a folded column
_ROW_GAP = 10.0  # between a label and the next node below it


def _drawn_boxes(G: nx.MultiDiGraph) -> dict[str, tuple[float, float, float, float]]:
    """Where each node is drawn around its position (its shape's centre), as ``left, top, right,
    bottom`` offsets: its shape, and its label wrapped as the explorer wraps it, hanging below."""
    boxes = {}
    for node in sorted(G.nodes, key=str):
        w, h = label_box(wrap_label(str(G.nodes[node].get(LABEL, node))))
        size = node_size(G.degree(node))
        half = max(w, 2 * size) / 2
        boxes[node] = (-half, -size, half, size + 6 + h)
    return boxes


def _layered_labelled(G: nx.MultiDiGraph) -> Positions:
    """Columns by layer, spaced by each node's shape and label so that none overlap.

    A tall column is folded into side-by-side sub-columns when that lets the whole picture be
    drawn larger on a :data:`CANVAS`-shaped screen: the number of rows is chosen to maximise the
    scale at which everything fits.
    """
    columns = _columns(G)
    if not columns:
        return {}
    order = _order_in_layers(G, columns)
    boxes = {node: (right - left, bottom - top) for node, (left, top, right, bottom) in _drawn_boxes(G).items()}

    def place(max_rows: int) -> tuple[Positions, float, float]:
        pos: Positions = {}
        x = 0.0
        top, bottom = 0.0, 0.0
        for c in sorted(order):
            ns = order[c]
            folds = math.ceil(len(ns) / max_rows)
            width = max(boxes[n][0] for n in ns)
            rows = [ns[i : i + folds] for i in range(0, len(ns), folds)]
            heights = [max(boxes[n][1] for n in row) + _ROW_GAP for row in rows]
            y = -sum(heights) / 2
            for row, h in zip(rows, heights, strict=True):
                for sub, node in enumerate(row):
                    size = node_size(G.degree(node))
                    # A node's position is its shape's centre; its label hangs below it.
                    pos[node] = (x + width / 2 + sub * (width + _SUB_GAP), y + size)
                top = min(top, y)
                y += h
                bottom = max(bottom, y)
            x += folds * width + (folds - 1) * _SUB_GAP + _COL_GAP
        return pos, x - _COL_GAP, bottom - top

    tallest = max(len(ns) for ns in order.values())
    best: tuple[float, int, Positions] | None = None
    for max_rows in range(tallest, max(1, math.isqrt(tallest)) - 1, -1):
        pos, width, height = place(max_rows)
        scale = min(CANVAS[0] / max(width, 1.0), CANVAS[1] / max(height, 1.0))
        if best is None or scale > best[0] * 1.02:  # fold only for a real gain
            best = (scale, max_rows, pos)
    assert best is not None
    pos = best[2]
    if best[1] >= tallest:  # no column folded: every column is one x
        pos = _open_channels(G, order, pos, boxes)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    return {node: (round(px - cx, 1), round(py - cy, 1)) for node, (px, py) in pos.items()}


_CHANNEL_STEP = 2.0  # pixels between the places tried for a node
_CHANNEL_ROUNDS = 3
_CHANNEL_SLIDE = 36.0  # the farthest a node slides: the columns stay compact, the picture layered


def _flow_y_span(
    a: tuple[float, float], b: tuple[float, float], left: float, right: float
) -> tuple[float, float] | None:
    """The heights the edge drawn from ``a`` to ``b`` takes between x = ``left`` and ``right`` (as
    ketagraph.render draws it: vis-network's horizontal cubic Bezier of :data:`FLOW_ROUNDNESS`)."""
    (x0, y0), (x3, y3) = a, b
    x1, x2 = x0 + FLOW_ROUNDNESS * (x3 - x0), x3 - FLOW_ROUNDNESS * (x3 - x0)
    ys = []
    for i in range(65):
        t = i / 64
        u = 1 - t
        x = u * u * u * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t * t * t * x3
        if left <= x <= right:
            ys.append(u * u * u * y0 + 3 * u * u * t * y0 + 3 * u * t * t * y3 + t * t * t * y3)
    return (min(ys), max(ys)) if ys else None


def _open_channels(
    G: nx.MultiDiGraph, order: dict[int, list[str]], pos: Positions, boxes: dict[str, tuple[float, float]]
) -> Positions:
    """Slide each column's nodes up or down (keeping their order and spacing, within the drawing's
    height) so that the chain's edges from other columns pass between them rather than through their
    shapes and labels (nmda-receptor -> memory ran under "Serotonin" and "Norepinephrine").

    Per column, a dynamic programme over the places each node may take picks the fewest edge
    crossings, then the least movement; a few rounds, as moving one column moves the edges of the
    next. The tallest column has no room and stays; the drug's faint column-skipping claims are not
    counted (they are drawn faint until their node is in focus).
    """
    pos = dict(pos)
    size = {n: node_size(G.degree(n)) for n in G.nodes}
    column_of = {n: c for c, ns in order.items() for n in ns}
    top = min(pos[n][1] - size[n] for n in G.nodes)
    bottom = max(pos[n][1] - size[n] + boxes[n][1] for n in G.nodes)
    edges = sorted(
        {
            (u, v)
            for u, v in G.edges()
            if u != v
            and column_of[u] != column_of[v]
            and not skips_columns(str(G.nodes[u].get(TYPE, "")), str(G.nodes[v].get(TYPE, "")))
        }
    )
    for _ in range(_CHANNEL_ROUNDS):
        moved = False
        for c in sorted(order):
            ns = order[c]
            x = pos[ns[0]][0]
            passing = [
                (u, v)
                for u, v in edges
                if column_of[u] != c and column_of[v] != c and min(pos[u][0], pos[v][0]) < x < max(pos[u][0], pos[v][0])
            ]
            if not passing:
                continue
            spans: dict[str, list[tuple[float, float]]] = {}
            for n in ns:
                half = boxes[n][0] / 2 + 2
                found = (_flow_y_span(pos[u], pos[v], x - half, x + half) for u, v in passing)
                spans[n] = [(lo - 2, hi + 2) for lo, hi in (f for f in found if f is not None)]
            tops = _place_column(ns, [pos[n][1] - size[n] for n in ns], [boxes[n][1] for n in ns], spans, top, bottom)
            for n, t in zip(ns, tops, strict=True):
                y = t + size[n]
                if abs(y - pos[n][1]) > 1e-6:
                    moved = True
                    pos[n] = (pos[n][0], y)
        if not moved:
            break
    return pos


def _place_column(
    ns: list[str],
    tops: list[float],
    heights: list[float],
    spans: dict[str, list[tuple[float, float]]],
    top: float,
    bottom: float,
) -> list[float]:
    """The tops for ``ns`` (in order, each box ``heights[i]`` tall plus the row gap, inside
    [``top``, ``bottom``], each at most :data:`_CHANNEL_SLIDE` from where it was) that overlap the
    fewest of their ``spans``, then move the least; ``tops`` itself when nothing overlaps there."""

    def crossings(i: int, t: float) -> int:
        return sum(1 for lo, hi in spans[ns[i]] if lo < t + heights[i] and t < hi)

    if not any(crossings(i, t) for i, t in enumerate(tops)):
        return tops
    steps = int(_CHANNEL_SLIDE / _CHANNEL_STEP)
    # Each node's places (its own top among them), and per place the least total for nodes 0..i.
    places = [
        [
            t
            for t in (tops[i] + j * _CHANNEL_STEP for j in range(-steps, steps + 1))
            if top - 1e-6 <= t and t + heights[i] <= bottom + 1e-6
        ]
        for i in range(len(ns))
    ]
    best: list[list[float]] = []
    choice: list[list[int]] = []
    inf = float("inf")
    for i, here in enumerate(places):
        cost = [1000.0 * crossings(i, t) + 10.0 * abs(t - tops[i]) for t in here]
        if i == 0:
            best.append(cost)
            choice.append([-1] * len(here))
            continue
        before, gap = places[i - 1], heights[i - 1] + _ROW_GAP
        row, back = [inf] * len(here), [-1] * len(here)
        run, arg, j = inf, -1, 0  # the least of best[i - 1] over the places that leave room
        for g, t in enumerate(here):
            while j < len(before) and before[j] + gap <= t + 1e-6:
                if best[i - 1][j] < run:
                    run, arg = best[i - 1][j], j
                j += 1
            if arg >= 0:
                row[g], back[g] = cost[g] + run, arg
        best.append(row)
        choice.append(back)
    if not best[-1] or min(best[-1]) == inf:
        return tops
    g = min(range(len(best[-1])), key=lambda j: (best[-1][j], j))
    out = list(tops)
    for i in range(len(ns) - 1, -1, -1):
        out[i] = places[i][g]
        g = choice[i][g]
    return out


def _layered_overview(G: nx.MultiDiGraph) -> Positions:
    columns = _columns(G)
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
