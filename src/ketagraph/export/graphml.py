"""GraphML: the XML graph format yEd, Gephi and Cytoscape open.

Written by networkx from the flattened graph (:mod:`ketagraph.export._flatten`): nodes are entity
ids, each claim is an ``<edge>`` whose ``id`` is the claim id, and every attribute is a ``<data>``
value. GraphML holds only scalars, so lists and mappings are JSON text: a node's ``aliases`` and
``xrefs``, a claim's ``qualifiers`` and ``evidence`` (every quote with its source, offsets and
section) and the graph's ``sources``. Claims also carry the columns ``claim``, ``label``,
``quote`` (the first quote), ``evidence_count`` and ``evidence_sources``.

What GraphML cannot represent here: structured values (they are JSON text, ``json.loads`` them)
and characters XML 1.0 forbids (replaced by U+FFFD; the validated graph has none). No styling is
written: yEd's and Gephi's own styles apply (map ``type`` and ``certainty`` to colours there).

``networkx.read_graphml(path, force_multigraph=True)`` reads it back into a ``MultiDiGraph`` keyed
by claim id (without ``force_multigraph`` networkx makes a ``DiGraph`` when no two claims share
both ends, and the claim id is then only in the ``claim`` column).
"""

from __future__ import annotations

import io
import os
from typing import BinaryIO

import networkx as nx

from ketagraph.export._flatten import flat_graph
from ketagraph.export._write import write_bytes

__all__ = ["generate_graphml", "read_graphml", "write_graphml"]

SUFFIXES = (".graphml",)
MEDIA_TYPE = "application/graphml+xml"
DESCRIPTION = "GraphML for yEd, Gephi and Cytoscape (evidence as JSON text)"


def generate_graphml(G: nx.MultiDiGraph) -> bytes:
    """``G`` as GraphML bytes (UTF-8), deterministic.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", key="a-b", relation="causes", evidence=[{"quote": "A causes B."}])
    'a-b'
    >>> b"A causes B." in generate_graphml(G)
    True
    """
    buf = io.BytesIO()
    nx.write_graphml(flat_graph(G, xml=True), buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


def write_graphml(G: nx.MultiDiGraph, dest: str | os.PathLike[str] | BinaryIO) -> None:
    """Write ``G`` as GraphML to a path (atomically) or a binary stream."""
    write_bytes(dest, generate_graphml(G))


def read_graphml(path: str | os.PathLike[str]) -> nx.MultiDiGraph:
    """Read a file written by :func:`write_graphml` (networkx's reader): a ``MultiDiGraph`` keyed by
    claim id, lists and mappings still JSON text."""
    G: nx.MultiDiGraph = nx.read_graphml(path, force_multigraph=True)
    return G
