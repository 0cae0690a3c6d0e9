"""Graph -> vis-network ``nodes``, ``edges`` and ``options``, following pyvis's conventions.

Node and edge records are made with pyvis's own :class:`pyvis.node.Node` and
:class:`pyvis.edge.Edge` and the options with a :class:`pyvis.network.Network`, but without
``Network.add_node``/``add_edge``/``from_nx``, which scan every existing node and edge on each call
(quadratic: 14 s at 5k nodes). Building the records directly is linear (tens of milliseconds).

Everything in the payload is data: labels and tooltips are plain strings that the component
turns into text nodes (``textContent``), never HTML. Positions come from :mod:`ketagraph.layout`
and browser physics stay off, so the graph is drawn settled and never re-laid out.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import networkx as nx
import pyvis
from pyvis.edge import Edge
from pyvis.network import Network
from pyvis.node import Node

from ketagraph.build import CERTAINTY, DESCRIPTION, EVIDENCE, LABEL, POLARITY, RELATION, TYPE
from ketagraph.errors import RenderError
from ketagraph.panel import data_version
from ketagraph.style import (
    CERTAINTY_STYLES,
    FLOW_ROUNDNESS,
    NEGATED_COLOR,
    NODE_FONT,
    TYPE_STYLES,
    edge_label,
    node_size,
    skips_columns,
    type_style,
    wrap_label,
)

__all__ = ["HUGE_GRAPH", "LARGE_GRAPH", "VIS_NETWORK_JS", "vis_network_js", "vis_options", "vis_payload"]

#: vis-network's standalone bundle, as the installed pyvis ships it (never a copy in this repository).
VIS_NETWORK_JS = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"
_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=[^\n]*$", re.MULTILINE)


@functools.lru_cache(maxsize=1)
def vis_network_js() -> str:
    """vis-network from the installed pyvis, without its source-map comment (the map is not shipped).

    The one place that reads it, for the app's component and the standalone HTML export alike.
    """
    try:
        text = VIS_NETWORK_JS.read_text(encoding="utf-8")
    except OSError as e:
        raise RenderError(
            f"cannot read vis-network from the installed pyvis ({VIS_NETWORK_JS}): {e.strerror or e}; "
            "reinstall it with: pip install --force-reinstall 'pyvis>=0.3.2'"
        ) from None
    # Not splitlines(): the bundle holds U+2028 and other characters it would split on.
    return _SOURCE_MAP.sub("", text).rstrip("\n") + "\n"


#: Above this many nodes, edges are drawn straight and without labels, and labels show on zoom.
LARGE_GRAPH = 400
#: Above this many nodes the drawing is an overview, kept cheap to redraw (vis-network redraws the
#: whole canvas on every selection, zoom and pan): edges without dash patterns, which cost about
#: 1.1 s of each frame at 20k claims in Chromium's software canvas (certainty stays in the line's
#: width and shade, the tooltip and the panel; a focused neighbourhood below this size shows the
#: patterns again); translucent edges; edge tooltips without the quote (a fifth of the payload); node
#: size growing with the square root of the degree, and the labels of the biggest hubs readable at the
#: zoom that fits the whole graph (the others appear on zooming in).
HUGE_GRAPH = 2000
_TOOLTIP_QUOTE = 220
_HUB_LABELS = 12
_HUGE_EDGE_OPACITY = 0.35  # lets nodes and hub labels show through thousands of edges
_HUB_LABEL_PX = 18  # on-screen font size of the biggest hub's label when the whole graph fits
_CANVAS_PX = (600, 600)  # roughly the graph component's canvas, to estimate the fitting zoom


def vis_payload(G: nx.MultiDiGraph, positions: dict[str, tuple[float, float]]) -> dict[str, Any]:
    """The ``{nodes, edges, options, version}`` the graph component draws.

    ``version`` is a digest of the rest: the component only rebuilds its data when it changes.
    """
    large = G.number_of_nodes() > LARGE_GRAPH
    huge = G.number_of_nodes() > HUGE_GRAPH
    fonts = _hub_fonts(G, positions) if huge else {}
    nodes = [_node(G, n, positions.get(n, (0.0, 0.0)), large, huge, fonts.get(n)) for n in sorted(G.nodes, key=str)]
    edges = _edges(G, large, huge)
    if not large:
        _bow_within_columns(edges, positions)
    payload: dict[str, Any] = {"nodes": nodes, "edges": edges, "options": vis_options(large)}
    payload["version"] = data_version(payload)
    return payload


def _node(
    G: nx.MultiDiGraph, n: str, xy: tuple[float, float], large: bool, huge: bool = False, font: float | None = None
) -> dict[str, Any]:
    data = G.nodes[n]
    style = type_style(data.get(TYPE, ""))
    label = str(data.get(LABEL, n))
    tip = [label, data.get(TYPE, "")]
    if not large:  # wrapped at spaces as the layout reserved room for it; the tooltip has it whole
        label = wrap_label(label)
    if data.get(DESCRIPTION):
        tip.append(str(data[DESCRIPTION]))
    degree = G.degree(n)
    if huge:  # hubs stand out in the overview
        size = 8 + 3 * degree**0.5
    elif large:
        size = 8 + min(degree, 20) * 0.5
    else:
        size = node_size(degree)
    # Shape and colours come from the type's group in the options (see ``_groups``).
    node = Node(
        n, style.shape, label, title="\n".join(tip), x=xy[0], y=xy[1], size=round(size, 1), group=data.get(TYPE, "")
    )
    del node.options["shape"]
    record: dict[str, Any] = node.options
    if font is not None:
        record["font"] = {"size": font}
    return record


def _hub_fonts(G: nx.MultiDiGraph, positions: dict[str, tuple[float, float]]) -> dict[str, float]:
    """Font sizes that make the biggest hubs' labels readable when the whole graph fits the canvas.

    vis-network skips a label whose on-screen size is under ``drawThreshold`` and caps it at
    ``maxVisible`` (20 px for large graphs) when zoomed in, so a large font only matters at overview
    zoom.
    """
    xs = [positions[n][0] for n in G if n in positions]
    ys = [positions[n][1] for n in G if n in positions]
    if not xs:
        return {}
    fit = min(_CANVAS_PX[0] / max(max(xs) - min(xs), 1.0), _CANVAS_PX[1] / max(max(ys) - min(ys), 1.0))
    hubs = sorted(G.nodes, key=lambda n: (-G.degree(n), str(n)))[:_HUB_LABELS]
    top = max(G.degree(hubs[0]), 1) if hubs else 1
    fonts = {}
    for n in hubs:
        if G.degree(n) < 3:
            break
        share = max((G.degree(n) / top) ** 0.5, 0.75)
        fonts[n] = round(max(_HUB_LABEL_PX * share / min(fit, 1.0), 16.0))
    return fonts


def _groups() -> dict[str, Any]:
    return {
        t: {
            "shape": s.shape,
            "color": {
                "background": s.color,
                "border": s.border,
                "highlight": {"background": s.color, "border": "#000000"},
                "hover": {"background": s.color, "border": "#000000"},
            },
        }
        for t, s in TYPE_STYLES.items()
    }


def _edges(G: nx.MultiDiGraph, large: bool, huge: bool = False) -> list[dict[str, Any]]:
    # Parallel claims between the same two entities are fanned out as curves so each can be clicked.
    pair_keys: dict[frozenset[str], list[tuple[str, str, str]]] = defaultdict(list)
    for u, v, key in sorted(G.edges(keys=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2]))):
        pair_keys[frozenset((u, v))].append((u, v, key))
    out = []
    for group in pair_keys.values():
        for i, (u, v, key) in enumerate(group):
            out.append(_edge(G, u, v, key, i, len(group), large, huge))
    out.sort(key=lambda e: e["id"])
    return out


def _edge(
    G: nx.MultiDiGraph, u: str, v: str, key: str, index: int, count: int, large: bool, huge: bool = False
) -> dict[str, Any]:
    d = G.edges[u, v, key]
    certainty = d[CERTAINTY]
    negated = d[POLARITY] == "negated"
    style = CERTAINTY_STYLES[certainty]
    label = edge_label(d[RELATION], d[POLARITY])
    ev = d.get(EVIDENCE) or []
    tip = [
        f"{G.nodes[u].get(LABEL, u)} — {label} → {G.nodes[v].get(LABEL, v)}",
        f"{certainty}{' · negated' if negated else ''} · {len(ev)} quote{'s' if len(ev) != 1 else ''}",
    ]
    if ev and not huge:
        quote = " ".join(str(ev[0]["quote"]).split())
        tip.append("“" + (quote if len(quote) <= _TOOLTIP_QUOTE else quote[: _TOOLTIP_QUOTE - 1] + "…") + "”")
    color = NEGATED_COLOR if negated else style.color
    options: dict[str, Any] = {
        "id": key,
        "title": "\n".join(tip),
        "dashes": False if huge else list(style.dashes) if isinstance(style.dashes, tuple) else style.dashes,
        "width": style.width,
        "color": {"color": color, "opacity": _HUGE_EDGE_OPACITY} if huge else {"color": color},
        "certainty": certainty,
    }
    if negated:
        options["arrows"] = {"to": {"enabled": True, "type": "bar"}}
    if not large:
        # The relation is written on an edge only while it is highlighted (the component sets
        # ``label`` from ``relation`` on hover and selection): written on every edge it buried the
        # picture.
        options["relation"] = label
        if skips_columns(G.nodes[u].get(TYPE, ""), G.nodes[v].get(TYPE, "")):
            # A drug's claim that skips columns (ketamine causes euphoria): faint until its node or
            # the claim is hovered or selected, so the chain through the columns stays readable.
            options["faint"] = True
            options["color"] = {"color": color, "opacity": _FAINT_OPACITY}
    if u == v:
        options["selfReference"] = {"size": 22, "angle": 0.8}
    elif count > 1:
        spread = (index - (count - 1) / 2) * 0.25
        flip = str(u) > str(v)  # curves are drawn relative to direction; keep them apart both ways
        options["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": -spread if flip else spread}
    elif not large:
        options["smooth"] = _FLOW
    else:
        options["smooth"] = False
    edge: dict[str, Any] = Edge(u, v, directed=True, **options).options
    return edge


def _bow_within_columns(edges: list[dict[str, Any]], positions: Mapping[str, tuple[float, float]]) -> None:
    """An edge between two entities of one column, with others between them, bows out to the
    column's right instead of running straight down through them (four effects that each make up
    "mood changes" read as a chain dissociation -> dysphoria -> euphoria -> hallucinations)."""
    columns: dict[float, list[float]] = defaultdict(list)
    for x, y in positions.values():
        columns[round(x, 1)].append(y)
    for edge in edges:
        if edge.get("smooth") != _FLOW or edge["from"] == edge["to"]:
            continue  # parallel claims are already fanned out as curves
        a, b = positions.get(edge["from"]), positions.get(edge["to"])
        if a is None or b is None or round(a[0], 1) != round(b[0], 1):
            continue
        low, high = sorted((a[1], b[1]))
        if not any(low < y < high for y in columns[round(a[0], 1)]):
            continue
        # vis-network's curves bend by direction: clockwise going down, counter-clockwise going up,
        # is to the right both ways.
        curve = "curvedCW" if b[1] > a[1] else "curvedCCW"
        edge["smooth"] = {"enabled": True, "type": curve, "roundness": _roundness_for(_BOW, high - low)}


#: How far (canvas pixels) an edge within a column bows out at its middle: clear of the labels
#: (wrapped at about 14 characters, drawn under their nodes) of the entities it passes.
_BOW = 62.0


def _roundness_for(bow: float, length: float) -> float:
    """The ``roundness`` of vis-network's ``curvedCW`` whose curve, over a straight line of
    ``length``, bends ``bow`` pixels out at its middle (as far as it can bend, for a short one).

    Its control point lies ``k * length`` from the start, at ``k * pi`` from the line's direction
    (``k = (1 + roundness) / 2``); a quadratic curve reaches half its control point's distance from
    the line, ``-k * cos(k * pi) * length / 2``, which grows with ``k``.
    """
    target = 2 * bow / max(length, 1.0)
    lo, hi = 0.5, 1.0
    for _ in range(30):
        k = (lo + hi) / 2
        lo, hi = (k, hi) if -k * math.cos(k * math.pi) < target else (lo, k)
    return round(2 * hi - 1, 3)


#: Edges of a labelled graph flow left to right, like a pathway diagram's arrows.
_FLOW = {"enabled": True, "type": "cubicBezier", "forceDirection": "horizontal", "roundness": FLOW_ROUNDNESS}
_FAINT_OPACITY = 0.16


def vis_options(large: bool = False) -> dict[str, Any]:
    """vis-network options: pyvis's defaults, physics off (positions come from the server)."""
    net = Network(directed=True)
    net.toggle_physics(False)
    options: dict[str, Any] = json.loads(net.options.to_json())
    options["physics"] = {"enabled": False}
    options["edges"] = {
        "smooth": False,
        "color": {"highlight": "#000000", "hover": "#000000", "inherit": False},
        "arrows": {"to": {"enabled": True, "type": "arrow", "scaleFactor": 0.7}},
        "font": {"size": 12, "align": "middle", "color": "#222222", "strokeWidth": 4, "strokeColor": "#ffffff"},
        "selectionWidth": 2,
        "hoverWidth": 1.5,
    }
    options["nodes"] = {
        "borderWidth": 1.5,
        "borderWidthSelected": 4,
        "font": {
            "size": NODE_FONT if not large else 16,
            "face": "system-ui, sans-serif",
            # A wide white halo: vis-network draws outside labels over the edges, and near a hub
            # a dozen edges run under the next column's labels.
            "strokeWidth": 5,
            "strokeColor": "#ffffff",
            "multi": False,
        },
        "scaling": {
            "label": {"enabled": large, "drawThreshold": 9, "min": 10, "max": 18, "maxVisible": 20 if large else 30}
        },
    }
    options["groups"] = _groups()
    options["interaction"] = {
        **options.get("interaction", {}),
        "hover": not large,
        "tooltipDelay": 250,
        "multiselect": False,
        # A node's claims are shown by fading the rest (ketagraph's fade), at their own width and
        # shade: vis-network's default drew all of a hub's edges black and 1.5-2 px wider on
        # hover and selection, a black fan across the labels of the next column.
        "hoverConnectedEdges": False,
        "selectConnectedEdges": False,
        "navigationButtons": False,
        "keyboard": {"enabled": True, "bindToWindow": False},
        "hideEdgesOnDrag": large,
        "hideEdgesOnZoom": large,
    }
    options["layout"] = {"improvedLayout": False, "randomSeed": 1}
    return options
