"""GEXF 1.2: Gephi's own format, with the visual grammar as Gephi's ``viz`` attributes.

Open it in Gephi (File > Open); the claim id is each edge's Id.

Written by networkx from the flattened graph (:mod:`ketagraph.export._flatten`, the same columns
as GraphML: lists and mappings as JSON text, the claim's quotes, sources, offsets and sections in
``evidence``, the first quote in ``quote``), plus what Gephi draws with: each node's colour (its
type's colour) and position (the ``mechanism`` layout, y pointing up as in Gephi), each claim's
colour, thickness and line shape (solid, dashed or dotted by certainty; red when negated) and its
label (the relation, "not ..." when negated).

networkx's writer puts a ``lastmodifieddate`` of today into ``<meta>``; it is taken out before the
document is written, so the same graph always gives the same bytes. networkx writes no graph
attribute but the name, so the sources' metadata (JSON text) goes into ``<meta><description>``.

What GEXF cannot represent here: structured values (JSON text), the vis-network shapes (Gephi draws
discs), arrow heads per edge (a negated claim is told by colour and its "not" label) and
characters XML 1.0 forbids (replaced by U+FFFD). ``networkx.read_gexf(path)`` reads it back: a
``MultiDiGraph`` keyed by claim id when two claims share both ends, else a ``DiGraph`` (the claim
id is in every edge's ``id`` and ``claim``).
"""

from __future__ import annotations

import io
import os
from typing import Any, BinaryIO
from xml.etree.ElementTree import SubElement

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from ketagraph.attrs import CERTAINTY, POLARITY, SOURCES, TYPE
from ketagraph.export._flatten import flat_graph
from ketagraph.export._write import write_bytes
from ketagraph.layout import compute_layout
from ketagraph.style import CERTAINTY_STYLES, NEGATED_COLOR, type_style

__all__ = ["generate_gexf", "read_gexf", "write_gexf"]

SUFFIXES = (".gexf",)
MEDIA_TYPE = "application/gexf+xml"
DESCRIPTION = "GEXF for Gephi, with colours, line styles and positions"


def _rgb(color: str) -> dict[str, Any]:
    h = color.lstrip("#")
    return {"r": int(h[0:2], 16), "g": int(h[2:4], 16), "b": int(h[4:6], 16), "a": 1.0}


def gexf_graph(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The flattened copy of ``G`` with Gephi's ``viz`` attributes added."""
    H = flat_graph(G, xml=True)
    positions = compute_layout(G, "mechanism")
    for n in G.nodes:
        x, y = positions.get(n, (0.0, 0.0))
        H.nodes[str(n)]["viz"] = {
            "color": _rgb(type_style(str(G.nodes[n].get(TYPE, ""))).color),
            "size": round(10 + 2 * min(G.degree(n), 10), 1),
            "position": {"x": x, "y": -y, "z": 0.0},
        }
    for u, v, key, d in G.edges(keys=True, data=True):
        style = CERTAINTY_STYLES.get(str(d.get(CERTAINTY)))
        color = NEGATED_COLOR if d.get(POLARITY) == "negated" else (style.color if style else "#999999")
        h = H.edges[str(u), str(v), str(key)]
        h["id"] = str(key)  # the GEXF edge id (Gephi's Id column): the claim id
        h["viz"] = {
            "color": _rgb(color),
            "thickness": style.width if style else 1.0,
            "shape": style.dot_style if style else "solid",
        }
    return H


def generate_gexf(G: nx.MultiDiGraph) -> bytes:
    """``G`` as GEXF 1.2 bytes (UTF-8), deterministic (no ``lastmodifieddate``).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", key="a-b", relation="causes", certainty="reported", evidence=[])
    'a-b'
    >>> b"lastmodifieddate" in generate_gexf(G)
    False
    """
    H = gexf_graph(G)
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.add_graph(H)
    meta = writer.xml.find("meta")
    assert meta is not None  # GEXFWriter always makes one
    meta.attrib.pop("lastmodifieddate", None)
    # networkx writes only the graph's name: the sources' metadata goes into <meta><description>.
    SubElement(meta, "description").text = str(H.graph[SOURCES])
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def write_gexf(G: nx.MultiDiGraph, dest: str | os.PathLike[str] | BinaryIO) -> None:
    """Write ``G`` as GEXF to a path (atomically) or a binary stream."""
    write_bytes(dest, generate_gexf(G))


def read_gexf(path: str | os.PathLike[str]) -> nx.Graph:
    """Read a file written by :func:`write_gexf` (networkx's reader; see above for the graph type)."""
    G: nx.Graph = nx.read_gexf(path)
    return G
