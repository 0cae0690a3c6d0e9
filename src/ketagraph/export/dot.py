"""Graphviz DOT with ketagraph's visual grammar: ``dot -Tsvg graph.dot -o graph.svg`` for a slide.

Left to right, one column per layer of :data:`ketagraph.style.LAYERS` (drug -> targets ->
neurotransmitters -> functions -> effects and therapies -> conditions and risks): the explorer's
layered layout (:func:`ketagraph.layout.compute_layout`), pinned, so that ``dot`` hands it to
``neato`` (``layout=neato``), which draws the edges; a landscape that fits a slide. A drug's claims
that skip columns are drawn faint, their relation in the tooltip (as in the explorer). Each
entity filled with its type's colour and drawn with its type's Graphviz shape; each claim drawn
solid, dashed or dotted by certainty (with its line width and grey), and a negated claim red with a
bar head (``arrowhead=tee``) and "not" in its label. A legend and a note on the source sit under the
graph.

What it keeps: entity ids (the DOT node ids and the SVG ``id`` ``entity:<id>``), labels, types (the
SVG ``class``), and in each node's ``tooltip`` its description, aliases and identifiers; claim ids
(SVG ``id`` ``claim:<id>``), relations, certainty and polarity (edge label and SVG ``class``), and in
each claim's ``tooltip`` (shown on hover in SVG) its certainty, qualifiers, note and every quote
with its source, section and character offsets.

What it cannot represent: DOT is for drawing, so the evidence lives only in tooltip text, not in
fields a program would parse back (use JSON, GraphML or CSV for that). Text is escaped for DOT
(``\\\\``, ``\\"``, newlines as ``\\n``) and for Graphviz's own entity handling (``&`` as ``&amp;``),
so labels and quotes render exactly as written; control characters other than newline and tab
are dropped.
"""

from __future__ import annotations

import html
import os
import re
import textwrap
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any, BinaryIO

import networkx as nx

from ketagraph.build import (
    ALIASES,
    CERTAINTY,
    EVIDENCE,
    LABEL,
    NOTE,
    POLARITY,
    QUALIFIERS,
    RELATION,
    SOURCES,
    TYPE,
    XREFS,
)
from ketagraph.build import DESCRIPTION as DESCRIPTION_ATTR
from ketagraph.export._flatten import sorted_edges, sorted_nodes
from ketagraph.export._write import write_bytes
from ketagraph.layout import compute_layout
from ketagraph.model import SOURCE_KINDS
from ketagraph.style import CERTAINTY_STYLES, LAYERS, NEGATED_COLOR, edge_label, legend_data, skips_columns, type_style

__all__ = ["dot_string", "generate_dot", "write_dot"]

SUFFIXES = (".dot", ".gv")
MEDIA_TYPE = "text/vnd.graphviz"
DESCRIPTION = "Graphviz DOT with the visual grammar (dot -Tsvg for a figure)"

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_FONT = "Helvetica"
_WRAP = 24


def dot_string(text: object) -> str:
    """``text`` as a quoted DOT string that Graphviz shows exactly as written.

    Backslashes and double quotes are escaped, newlines become ``\\n`` (a centred line break in a
    label), ``&`` becomes ``&amp;`` (Graphviz reads entities in labels), and control characters
    other than newline and tab are dropped.

    Examples
    --------
    >>> print(dot_string('say "hi" \\\\ & bye\\n'))
    "say \\"hi\\" \\\\ &amp; bye\\n"
    """
    s = _CONTROL.sub("", str(text).replace("\r\n", "\n").replace("\r", "\n"))
    s = s.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;").replace("\n", "\\n")
    return f'"{s}"'


def _attrs(pairs: Mapping[str, object], html_label: str | None = None) -> str:
    """A DOT attribute list; ``html_label`` is an HTML-like label, already escaped."""
    parts = []
    for k, v in pairs.items():
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            parts.append(f"{k}={v}")
        else:
            parts.append(f"{k}={dot_string(v)}")
    if html_label is not None:
        parts.append(f"label=<{html_label}>")
    return "[" + ", ".join(parts) + "]"


def _font_colour(fill: str) -> str:
    h = fill.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#FFFFFF" if luminance < 0.45 else "#000000"


def _wrap(label: str, shape: str) -> str:
    """Long labels on two or more lines; narrower in round and pointed shapes, which grow fast."""
    width = _WRAP if shape in ("box", "hexagon", "diamond", "ellipse") else _WRAP // 2
    if len(label) <= width or "\n" in label:
        return label
    return "\n".join(textwrap.wrap(label, width, break_long_words=False, break_on_hyphens=False))


def _node_tooltip(n: Any, d: Mapping[str, Any]) -> str:
    lines = [f"{d.get(LABEL, n)} ({d.get(TYPE, '')})"]
    if d.get(DESCRIPTION_ATTR):
        lines.append(str(d[DESCRIPTION_ATTR]))
    if d.get(ALIASES):
        lines.append("also: " + "; ".join(str(a) for a in d[ALIASES]))
    if d.get(XREFS):
        lines.append("identifiers: " + " ".join(str(x) for x in d[XREFS]))
    lines.append(f"id: {n}")
    return "\n".join(lines)


def _edge_tooltip(G: nx.MultiDiGraph, u: Any, v: Any, key: Any, d: Mapping[str, Any]) -> str:
    label = edge_label(str(d.get(RELATION, "")), str(d.get(POLARITY, "")))
    lines = [
        f"{G.nodes[u].get(LABEL, u)} — {label} → {G.nodes[v].get(LABEL, v)}",
        f"{d.get(CERTAINTY, '')} · {d.get(POLARITY, '')} · claim {key}",
    ]
    qualifiers = d.get(QUALIFIERS) or {}
    if qualifiers:
        lines.append("; ".join(f"{k}: {qualifiers[k]}" for k in sorted(qualifiers)))
    if d.get(NOTE):
        lines.append(f"note: {d[NOTE]}")
    for ev in d.get(EVIDENCE) or []:
        where = ", ".join(
            str(x)
            for x in (ev.get("source", ""), ev.get("section", ""), f"{ev.get('start', '')}–{ev.get('end', '')}")
            if x
        )
        lines.append(f"“{ev.get('quote', '')}” ({where})")
    return "\n".join(lines)


def _html(text: str) -> str:
    """Text for an HTML-like label: escaped, control characters dropped, newlines as breaks."""
    return html.escape(_CONTROL.sub("", text.replace("\r", ""))).replace("\n", "<BR/>")


def _legend(G: nx.MultiDiGraph) -> str:
    """The graph's HTML-like label: the source note, then the legend of every view
    (:func:`ketagraph.style.legend_data`) for the graph's types: swatches, line styles, negation."""
    legend = legend_data({str(d.get(TYPE, "")) for _, d in G.nodes(data=True)})
    span = max(len(legend["types"]), 1)
    rows = []
    sources: Mapping[str, Mapping[str, Any]] = G.graph.get(SOURCES) or {}
    for sid in sorted(sources, key=str):
        meta = sources[sid]
        kind = SOURCE_KINDS.get(str(meta.get("kind", "")), str(meta.get("kind", "")))
        text = (
            f"Claims of “{meta.get('title', sid)}” ({meta.get('publisher', '')}; {kind}), "
            "recorded as the article states them, with its own certainty. Not medical advice."
        )
        rows.append(f'<TR><TD ALIGN="LEFT" COLSPAN="{span}">{_html(text)}</TD></TR>')
    cells = [
        f'<TD BGCOLOR="{t["color"]}" BORDER="1" COLOR="{t["border"]}">'
        f'<FONT COLOR="{_font_colour(t["color"])}" POINT-SIZE="9">{_html(t["type"])}</FONT></TD>'
        for t in legend["types"]
    ]
    if cells:
        rows.append("<TR>" + "".join(cells) + "</TR>")
    lines = [f"{c['certainty']}: {c['pattern']} {c['width']:g} pt" for c in legend["certainties"]]
    lines.append(legend["negated"]["text"])
    rows.append(f'<TR><TD ALIGN="LEFT" COLSPAN="{span}">{_html(" · ".join(lines))}</TD></TR>')
    return '<TABLE BORDER="0" CELLSPACING="2" CELLPADDING="3">' + "".join(rows) + "</TABLE>"


#: Canvas pixels of the layout to points, and the colour of a drug's column-skipping claims.
_SCALE = 1.5
_FAINT = "#C8C8C8"


def _lines(G: nx.MultiDiGraph) -> Iterable[str]:
    yield "// ketagraph: claims as a figure. Render: dot -Tsvg graph.dot -o graph.svg"
    yield f"digraph {dot_string(G.graph.get('name') or 'ketagraph')} {{"
    graph_attrs = _attrs(
        {
            "layout": "neato",
            "inputscale": 72,
            "overlap": "true",
            "splines": "curved",  # (routing around nodes needs more room than a slide has)
            "outputorder": "edgesfirst",
            "fontname": _FONT,
            "fontsize": 10,
            "labelloc": "b",
            "labeljust": "l",
            "tooltip": "ketagraph",
        },
        html_label=_legend(G),
    )
    yield f"  graph {graph_attrs};"
    # The app's layered layout, pinned (neato keeps pinned nodes where they are and routes the
    # edges): the same picture as the explorer, a landscape that fits a slide. dot's own ranks
    # stacked the hub's 75 claims into a 2924 x 6777 px portrait.
    positions = compute_layout(G, "mechanism")
    yield (
        "  "
        + "node "
        + _attrs({"style": "filled", "fontname": _FONT, "fontsize": 11, "penwidth": 1.2, "margin": "0.08,0.04"})
        + ";"
    )
    yield "  edge " + _attrs({"fontname": _FONT, "fontsize": 9, "arrowsize": 0.7, "fontcolor": "#333333"}) + ";"
    layers: dict[int, list[str]] = defaultdict(list)
    for n in sorted_nodes(G):
        d = G.nodes[n]
        t = str(d.get(TYPE, ""))
        style = type_style(t)
        node_attrs = {
            "id": f"entity:{n}",
            "class": f"entity {t}",
            "label": _wrap(str(d.get(LABEL, n)), style.dot_shape),
            "shape": style.dot_shape,
            "fillcolor": style.color,
            "color": style.border,
            "fontcolor": _font_colour(style.color),
            "tooltip": _node_tooltip(n, d),
        }
        if n in positions:
            x, y = positions[n]
            node_attrs["pos"] = f"{x * _SCALE:.1f},{-y * _SCALE:.1f}!"
        yield f"  {dot_string(n)} {_attrs(node_attrs)};"
        if t in LAYERS:
            layers[LAYERS[t]].append(dot_string(n))
    for u, v, key in sorted_edges(G):
        d = G.edges[u, v, key]
        certainty = str(d.get(CERTAINTY, ""))
        polarity = str(d.get(POLARITY, ""))
        cs = CERTAINTY_STYLES.get(certainty)
        negated = polarity == "negated"
        colour = NEGATED_COLOR if negated else (cs.color if cs else "#999999")
        attrs: dict[str, object] = {
            "id": f"claim:{key}",
            "class": f"claim {certainty} {polarity} {d.get(RELATION, '')}",
            "label": edge_label(str(d.get(RELATION, "")), polarity),
            "style": cs.dot_style if cs else "solid",
            "penwidth": cs.width if cs else 1.0,
            "color": colour,
            "fontcolor": NEGATED_COLOR if negated else "#333333",
            "arrowhead": "tee" if negated else "normal",
            "tooltip": _edge_tooltip(G, u, v, key, d),
            "labeltooltip": _edge_tooltip(G, u, v, key, d),
        }
        lu, lv = LAYERS.get(str(G.nodes[u].get(TYPE, ""))), LAYERS.get(str(G.nodes[v].get(TYPE, "")))
        if lu is not None and lv is not None and lu >= lv:
            attrs["constraint"] = "false"
        if skips_columns(str(G.nodes[u].get(TYPE, "")), str(G.nodes[v].get(TYPE, ""))) and not negated:
            # As in the app: a drug's claim that skips columns is drawn faint and without its
            # relation (in its tooltip), or the hub's 75 labels stack into a portrait tower.
            attrs["color"] = _FAINT
            attrs["constraint"] = "false"
            del attrs["label"], attrs["labeltooltip"]
        if lu is not None and lu == lv and u != v:
            # A labelled edge inside a column trips dot's spline router ("Unable to reclaim box
            # space"); an external label draws the same text without the trouble.
            attrs["xlabel"] = attrs.pop("label")
            del attrs["labeltooltip"]
        yield f"  {dot_string(u)} -> {dot_string(v)} {_attrs(attrs)};"
    yield "}"


def generate_dot(G: nx.MultiDiGraph) -> bytes:
    """``G`` as DOT text (UTF-8 bytes), deterministic.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", label="A", type="drug")
    >>> G.add_node("b", label="B", type="receptor")
    >>> G.add_edge("a", "b", key="a-b", relation="acts_on", certainty="suggested", polarity="negated")
    'a-b'
    >>> b'arrowhead="tee"' in generate_dot(G)
    True
    """
    return ("\n".join(_lines(G)) + "\n").encode("utf-8")


def write_dot(G: nx.MultiDiGraph, dest: str | os.PathLike[str] | BinaryIO) -> None:
    """Write ``G`` as Graphviz DOT to a path (atomically) or a binary stream."""
    write_bytes(dest, generate_dot(G))
