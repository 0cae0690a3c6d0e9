"""Cytoscape JSON (``.cyjs``): elements for Cytoscape.js and Cytoscape desktop.

The layout is ``{"format_version", "generated_by", "target_cytoscapejs_version", "data", "directed",
"multigraph", "elements": {"nodes": [{"data": {...}, "position": {...}}], "edges": [{"data":
{...}}]}}``, what Cytoscape desktop writes and reads (File > Import > Network from File), what
``cytoscape(...)`` in Cytoscape.js takes as ``elements`` and what ``networkx.cytoscape_graph``
reads back (hence the node's ``value``, the edge's ``key`` and the ``directed``/``multigraph``
flags, networkx's conventions).

Nodes: ``id`` (the entity id), ``name`` and ``label`` (its label), ``type``, ``description`` and the
lists ``aliases`` and ``xrefs``; ``position`` is the ``mechanism`` layout. Edges: ``id`` (the claim
id, or ``claim:<id>`` if an entity has the same id, since Cytoscape.js needs ids unique across
nodes and edges), ``source``, ``target``, ``interaction`` (Cytoscape's name for the relation) and
``relation``, ``certainty``, ``polarity``, ``note``, ``label`` (the relation as drawn) and the
evidence as parallel lists of scalars that Cytoscape desktop keeps as List columns: ``quotes``,
``quote_sources``, ``quote_starts``, ``quote_ends``, ``quote_sections`` (item *i* of each is the
*i*-th quote), with ``quote`` (the first) and ``evidence_count``.

What it cannot represent: mappings inside a table cell, so ``qualifiers`` and the graph's
``sources`` are JSON text (:mod:`ketagraph.export._flatten`), and no style: Cytoscape's own style
applies (map ``type`` and ``certainty`` there).
"""

from __future__ import annotations

import json
import os
from typing import Any, BinaryIO

import networkx as nx

from ketagraph.attrs import EVIDENCE, LABEL, QUALIFIERS, RELATION
from ketagraph.export._flatten import (
    evidence_columns,
    evidence_lists,
    flat_graph_attributes,
    json_text,
    sorted_edges,
    sorted_nodes,
)
from ketagraph.export._write import write_bytes
from ketagraph.layout import compute_layout

__all__ = ["generate_cytoscape", "read_cytoscape", "to_cytoscape", "write_cytoscape"]

SUFFIXES = (".cyjs",)
MEDIA_TYPE = "application/json"
DESCRIPTION = "Cytoscape JSON elements (Cytoscape desktop, Cytoscape.js)"


def _plain(value: Any) -> Any:
    """Scalars and lists of scalars as they are; mappings and nested lists as JSON text."""
    if isinstance(value, (list, tuple)):
        if all(v is None or isinstance(v, (str, int, float, bool)) for v in value):
            return list(value)
        return json_text(list(value))
    if isinstance(value, dict):
        return json_text(value)
    return value


def to_cytoscape(G: nx.MultiDiGraph) -> dict[str, Any]:
    """The Cytoscape JSON of ``G`` as a dict, nodes and edges in sorted order."""
    positions = compute_layout(G, "mechanism")
    node_ids = {str(n) for n in G.nodes}
    nodes = []
    for n in sorted_nodes(G):
        data: dict[str, Any] = {k: _plain(v) for k, v in G.nodes[n].items()}
        data["id"] = str(n)
        data["value"] = str(n)
        data["name"] = str(G.nodes[n].get(LABEL, n))
        x, y = positions.get(n, (0.0, 0.0))
        nodes.append({"data": data, "position": {"x": x, "y": y}})
    edges = []
    for u, v, key in sorted_edges(G):
        d = G.edges[u, v, key]
        data = {k: _plain(val) for k, val in d.items() if k not in (EVIDENCE, QUALIFIERS)}
        if QUALIFIERS in d:
            data[QUALIFIERS] = json_text(d[QUALIFIERS])
        columns = evidence_columns(key, d)
        data.update(
            {
                "id": f"claim:{key}" if str(key) in node_ids else str(key),
                "key": str(key),
                "source": str(u),
                "target": str(v),
                "interaction": str(d.get(RELATION, "")),
                "label": columns["label"],
                "quote": columns["quote"],
                "evidence_count": columns["evidence_count"],
                **evidence_lists(d),
            }
        )
        edges.append({"data": data})
    return {
        "format_version": "1.0",
        "generated_by": "ketagraph",
        "target_cytoscapejs_version": "~3",
        "data": dict(flat_graph_attributes(G)),
        "directed": True,
        "multigraph": True,
        "elements": {"nodes": nodes, "edges": edges},
    }


def generate_cytoscape(G: nx.MultiDiGraph) -> bytes:
    """``G`` as Cytoscape JSON bytes: keys sorted, UTF-8, two-space indent, final newline.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", key="a-causes-b", relation="causes", evidence=[{"quote": "A causes B."}])
    'a-causes-b'
    >>> data = json.loads(generate_cytoscape(G))
    >>> data["elements"]["edges"][0]["data"]["quotes"]
    ['A causes B.']
    """
    return (json.dumps(to_cytoscape(G), indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def write_cytoscape(G: nx.MultiDiGraph, dest: str | os.PathLike[str] | BinaryIO) -> None:
    """Write ``G`` as Cytoscape JSON to a path (atomically) or a binary stream."""
    write_bytes(dest, generate_cytoscape(G))


def read_cytoscape(path: str | os.PathLike[str]) -> nx.MultiDiGraph:
    """Read a file written by :func:`write_cytoscape` with ``networkx.cytoscape_graph``."""
    with open(path, encoding="utf-8") as f:
        return nx.cytoscape_graph(json.load(f))
