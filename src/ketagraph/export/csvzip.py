"""CSV tables for spreadsheets, pandas and R: a zip of four files, or a folder of them.

- ``nodes.csv``: one row per entity: ``id``, ``label``, ``type``, ``description``, ``aliases``,
  ``xrefs`` (then any other attribute);
- ``edges.csv``: one row per claim: ``id`` (the claim id), ``source`` and ``target`` (the subject and
  object entity ids; Gephi's spreadsheet import recognises these names), ``relation``,
  ``certainty``, ``polarity``, ``label``, ``quote`` (the first), ``evidence_count``,
  ``evidence_sources``, ``qualifiers``, ``note``, ``evidence`` (all quotes as JSON text);
- ``evidence.csv``: one row per quote: ``claim``, ``n`` (1-based, in the claim's order), ``source``,
  ``quote``, ``start``, ``end`` (character offsets in the source text, end excluded), ``section``;
- ``sources.csv``: one row per source: ``id``, ``title``, ``publisher``, ``kind``, ``language``,
  ``url``, ``description``, ``file``, ``sha256``.

UTF-8 without a byte-order mark, comma-separated, ``\\r\\n`` line ends, fields quoted where needed
(RFC 4180); rows sorted by id. Lists and mappings in a cell are JSON text
(:mod:`ketagraph.export._flatten`). Cells are written verbatim: a spreadsheet may read a cell that
starts with ``=``, ``+``, ``-`` or ``@`` as a formula, so import rather than double-click files
from graphs you did not curate.

What CSV cannot represent: lists and mappings in a cell (JSON text) and value types (every cell
is text; read ``start``, ``end``, ``n`` and ``evidence_count`` as integers).

The zip is reproducible (:func:`ketagraph.archive.reproducible_zip`): entries in name order, a
fixed 1980-01-01 timestamp, fixed permissions.
Written to a path that is an existing folder or has no suffix, the four files go into that folder
(created if missing, its parent must exist), each written atomically.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO

import networkx as nx

from ketagraph.archive import reproducible_zip
from ketagraph.attrs import ALIASES, EVIDENCE, LABEL, SOURCES, TYPE, XREFS
from ketagraph.attrs import DESCRIPTION as DESCRIPTION_ATTR
from ketagraph.errors import ExportError
from ketagraph.export._flatten import flat_edge, flat_node, flat_value, sorted_edges, sorted_nodes
from ketagraph.export._write import atomic_write, write_bytes

__all__ = ["TABLES", "generate_csv", "tables", "write_csv"]

SUFFIXES = (".csv.zip", ".zip")
MEDIA_TYPE = "application/zip"
DESCRIPTION = "CSV tables: nodes, edges, evidence, sources (a zip, or a folder)"

#: The files, in the order they are written.
TABLES = ("edges.csv", "evidence.csv", "nodes.csv", "sources.csv")

_NODE_COLUMNS = ("id", LABEL, TYPE, DESCRIPTION_ATTR, ALIASES, XREFS)
_EDGE_COLUMNS = (
    "id",
    "source",
    "target",
    "relation",
    "certainty",
    "polarity",
    "label",
    "quote",
    "evidence_count",
    "evidence_sources",
    "qualifiers",
    "note",
    EVIDENCE,
)
_EVIDENCE_COLUMNS = ("claim", "n", "source", "quote", "start", "end", "section")
_SOURCE_COLUMNS = ("id", "title", "publisher", "kind", "language", "url", "description", "file", "sha256")


def _table(first: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    rows = list(rows)
    extra = sorted({k for r in rows for k in r} - set(first))
    columns = [*first, *extra]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([flat_value(row.get(c)) for c in columns])
    return buf.getvalue()


def tables(G: nx.MultiDiGraph) -> dict[str, str]:
    """The four CSV tables of ``G`` as text, by file name."""
    nodes = [{"id": str(n), **flat_node(G, n)} for n in sorted_nodes(G)]
    edges = []
    evidence = []
    for u, v, key in sorted_edges(G):
        row = flat_edge(G, u, v, key)
        row.pop("claim", None)  # the same as ``id``
        edges.append({**row, "id": str(key), "source": str(u), "target": str(v)})
        for i, ev in enumerate(G.edges[u, v, key].get(EVIDENCE) or [], 1):
            evidence.append({"claim": str(key), "n": i, **ev})
    sources_meta: Mapping[str, Mapping[str, Any]] = G.graph.get(SOURCES) or {}
    sources = [{"id": str(sid), **sources_meta[sid]} for sid in sorted(sources_meta, key=str)]
    return {
        "edges.csv": _table(_EDGE_COLUMNS, edges),
        "evidence.csv": _table(_EVIDENCE_COLUMNS, evidence),
        "nodes.csv": _table(_NODE_COLUMNS, nodes),
        "sources.csv": _table(_SOURCE_COLUMNS, sources),
    }


def generate_csv(G: nx.MultiDiGraph) -> bytes:
    """The zip of the CSV tables of ``G``, byte-for-byte reproducible.

    Examples
    --------
    >>> import io, zipfile, networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", key="a-b", relation="causes", evidence=[{"source": "s", "quote": "A, B."}])
    'a-b'
    >>> zipfile.ZipFile(io.BytesIO(generate_csv(G))).namelist()
    ['edges.csv', 'evidence.csv', 'nodes.csv', 'sources.csv']
    """
    return reproducible_zip((name, text.encode("utf-8")) for name, text in sorted(tables(G).items()))


def _is_folder_target(dest: str | os.PathLike[str]) -> bool:
    path = Path(dest)
    return path.is_dir() or not path.suffix


def write_csv(G: nx.MultiDiGraph, dest: str | os.PathLike[str] | BinaryIO) -> None:
    """Write the CSV tables of ``G``: a zip to a file or stream, or four files into a folder.

    ``dest`` is a folder when it is an existing folder or a path without a suffix (``out/graph``).
    """
    if not isinstance(dest, (str, os.PathLike)) or not _is_folder_target(dest):
        write_bytes(dest, generate_csv(G))
        return
    folder = Path(dest)
    if not folder.is_dir():
        if not folder.parent.is_dir():
            raise ExportError(f"cannot write {folder}: folder {folder.parent} does not exist")
        try:
            folder.mkdir()
        except OSError as e:
            raise ExportError(f"cannot write {folder}: {e.strerror or e}") from None
    for name, text in sorted(tables(G).items()):
        atomic_write(folder / name, text.encode("utf-8"))
