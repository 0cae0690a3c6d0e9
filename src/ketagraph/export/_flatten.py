"""Flatten once: the rich attributes of the claim graph as the scalars that tabular formats hold.

GraphML, GEXF and CSV hold only strings and numbers per cell (networkx's GraphML writer refuses
lists; its GEXF writer silently reads a short list as ``(value, start, end)``). This module is the
one place that turns lists and mappings into text, the same way for every such format:

- a list or a mapping becomes its JSON text (keys sorted, non-ASCII kept), so
  ``json.loads(attr)`` gives back exactly what the graph held: ``aliases``, ``xrefs``,
  ``qualifiers``, ``evidence`` and the graph's ``sources``;
- ``None`` becomes the empty string; strings, integers, floats and booleans are kept as they are;
- each claim also gets convenience columns a spreadsheet or Gephi can filter on without parsing
  JSON (:func:`evidence_columns`): ``claim`` (the claim id, for tools that drop edge ids),
  ``label`` (the relation as drawn, "not ..." when negated), ``quote`` (the first quote),
  ``evidence_count`` and ``evidence_sources`` (the distinct source ids, ``"; "``-separated).

With ``xml=True`` characters that XML 1.0 cannot hold (C0 controls other than tab, newline and
carriage return; lone surrogates; U+FFFE and U+FFFF) are replaced by U+FFFD, the only thing this
module loses. The validated graph never contains them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import networkx as nx

from ketagraph.attrs import EVIDENCE, POLARITY, RELATION, SOURCES
from ketagraph.style import edge_label

__all__ = [
    "CLAIM_COLUMNS",
    "evidence_columns",
    "evidence_lists",
    "flat_edge",
    "flat_graph",
    "flat_graph_attributes",
    "flat_node",
    "flat_value",
    "json_text",
    "sorted_edges",
    "sorted_nodes",
]

Scalar = str | int | float | bool

#: Convenience columns added to every claim, in this order, after its own attributes.
CLAIM_COLUMNS = ("claim", "label", "quote", "evidence_count", "evidence_sources")

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def json_text(value: Any) -> str:
    """``value`` as compact, deterministic JSON text (keys sorted, non-ASCII kept)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def flat_value(value: Any, *, xml: bool = False) -> Scalar:
    """One attribute value as a scalar: lists and mappings as JSON text, ``None`` as ``""``."""
    if value is None:
        out: Scalar = ""
    elif isinstance(value, (bool, int, float, str)):
        out = value
    elif isinstance(value, (list, tuple, dict, Mapping)):
        out = json_text(value if not isinstance(value, Mapping) else dict(value))
    else:
        out = str(value)
    if xml and isinstance(out, str):
        out = _NOT_XML.sub("\ufffd", out)
    return out


def _flat_dict(data: Mapping[str, Any], xml: bool) -> dict[str, Scalar]:
    return {str(k): flat_value(data[k], xml=xml) for k in sorted(data, key=str)}


def sorted_nodes(G: nx.MultiDiGraph) -> list[Any]:
    return sorted(G.nodes, key=str)


def sorted_edges(G: nx.MultiDiGraph) -> list[tuple[Any, Any, Any]]:
    """Edges as ``(u, v, key)`` sorted by subject, object and claim id (as node-link JSON does)."""
    return sorted(G.edges(keys=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2])))


def evidence_columns(key: Any, data: Mapping[str, Any]) -> dict[str, Scalar]:
    """The convenience columns of one claim (see :data:`CLAIM_COLUMNS`)."""
    evidence = list(data.get(EVIDENCE) or [])
    sources: list[str] = []
    for ev in evidence:
        s = str(ev.get("source", ""))
        if s not in sources:
            sources.append(s)
    return {
        "claim": str(key),
        "label": edge_label(str(data.get(RELATION, "")), str(data.get(POLARITY, ""))),
        "quote": str(evidence[0].get("quote", "")) if evidence else "",
        "evidence_count": len(evidence),
        "evidence_sources": "; ".join(sources),
    }


def evidence_lists(data: Mapping[str, Any]) -> dict[str, list[Any]]:
    """A claim's evidence as parallel lists of scalars, item *i* of each the *i*-th quote: what
    Cytoscape's List columns and Neo4j's list properties hold (``quotes``, ``quote_sources``,
    ``quote_starts``, ``quote_ends``, ``quote_sections``)."""
    evidence = list(data.get(EVIDENCE) or [])
    return {
        "quotes": [str(ev.get("quote", "")) for ev in evidence],
        "quote_sources": [str(ev.get("source", "")) for ev in evidence],
        "quote_starts": [int(ev.get("start", -1)) for ev in evidence],
        "quote_ends": [int(ev.get("end", -1)) for ev in evidence],
        "quote_sections": [str(ev.get("section", "")) for ev in evidence],
    }


def flat_node(G: nx.MultiDiGraph, n: Any, *, xml: bool = False) -> dict[str, Scalar]:
    """The node's attributes, flattened, keys sorted."""
    return _flat_dict(G.nodes[n], xml)


def flat_edge(G: nx.MultiDiGraph, u: Any, v: Any, key: Any, *, xml: bool = False) -> dict[str, Scalar]:
    """The claim's attributes flattened, then the convenience columns it does not already have."""
    data = G.edges[u, v, key]
    out = _flat_dict(data, xml)
    for name, value in evidence_columns(key, data).items():
        out.setdefault(name, flat_value(value, xml=xml))
    return out


def flat_graph_attributes(G: nx.MultiDiGraph, *, xml: bool = False) -> dict[str, Scalar]:
    """``G.graph`` flattened (``sources`` as JSON text)."""
    attrs = dict(G.graph)
    attrs.setdefault(SOURCES, {})
    return _flat_dict(attrs, xml)


def flat_graph(G: nx.MultiDiGraph, *, xml: bool = False) -> nx.MultiDiGraph:
    """A copy of ``G`` whose every attribute is a scalar, nodes and edges in sorted order.

    Node ids and edge keys become strings (every format here writes them as text).
    """
    H = nx.MultiDiGraph()
    H.graph.update(flat_graph_attributes(G, xml=xml))
    for n in sorted_nodes(G):
        H.add_node(_xml_id(n, xml), **flat_node(G, n, xml=xml))
    for u, v, key in sorted_edges(G):
        H.add_edge(_xml_id(u, xml), _xml_id(v, xml), key=_xml_id(key, xml), **flat_edge(G, u, v, key, xml=xml))
    return H


def _xml_id(value: Any, xml: bool) -> str:
    text = str(value)
    return _NOT_XML.sub("\ufffd", text) if xml else text
