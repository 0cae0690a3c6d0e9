"""Node-link JSON: ketagraph's interchange format.

The JSON that ``networkx.node_link_data(G, edges="edges")`` makes, made deterministic: nodes
sorted by id, edges by (source, target, key), keys sorted, UTF-8, two-space indent, final newline.
Nothing is lost: every attribute, the evidence lists and the sources' metadata are kept as they are,
and ``networkx.node_link_graph(data, edges="edges")`` reads it back into an equal graph.
"""

from __future__ import annotations

import json
import os
from typing import Any, BinaryIO

import networkx as nx

from ketagraph.export._write import write_bytes

__all__ = ["generate_json", "read_json", "to_json", "write_json"]

SUFFIXES = (".json",)
MEDIA_TYPE = "application/json"
DESCRIPTION = "node-link JSON (networkx, D3, ketagraph's interchange format)"


def to_json(G: nx.MultiDiGraph) -> dict[str, Any]:
    """The node-link data of ``G``, sorted for reproducible output."""
    data: dict[str, Any] = nx.node_link_data(G, edges="edges")
    data["nodes"] = sorted(data["nodes"], key=lambda n: str(n["id"]))
    data["edges"] = sorted(data["edges"], key=lambda e: (str(e["source"]), str(e["target"]), str(e["key"])))
    return data


def generate_json(G: nx.MultiDiGraph) -> bytes:
    """``G`` as node-link JSON bytes (UTF-8), deterministic."""
    return (json.dumps(to_json(G), indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def write_json(G: nx.MultiDiGraph, dest: str | os.PathLike[str] | BinaryIO) -> None:
    """Write ``G`` as node-link JSON to a path (atomically) or a binary stream."""
    write_bytes(dest, generate_json(G))


def read_json(path: str | os.PathLike[str]) -> nx.MultiDiGraph:
    """Read a file written by :func:`write_json` back into an equal graph."""
    with open(path, encoding="utf-8") as f:
        return nx.node_link_graph(json.load(f), edges="edges")
