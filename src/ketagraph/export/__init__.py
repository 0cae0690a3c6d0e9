"""Exporters: one module per format, one registry.

``FORMATS`` maps a format name to an :class:`ExportFormat`; the CLI, the app and the tests all loop
over it. Every format writes with the same signature, ``write(G, dest)``, where ``dest`` is a path
(written atomically) or a binary stream, and ``generate(G)`` returns the bytes.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import networkx as nx

from ketagraph.errors import UnknownFormatError
from ketagraph.export import csvzip, cypher, cytoscape, dot, gexf, graphml, htmlpage, nodelink, ttl

__all__ = ["FORMATS", "ExportFormat", "format_for_path", "generate", "get_format", "write"]


@dataclass(frozen=True)
class ExportFormat:
    name: str
    description: str
    suffixes: tuple[str, ...]
    media_type: str
    write: Callable[[nx.MultiDiGraph, str | os.PathLike[str] | BinaryIO], None]

    @property
    def suffix(self) -> str:
        return self.suffixes[0]

    def generate(self, G: nx.MultiDiGraph) -> bytes:
        buf = io.BytesIO()
        self.write(G, buf)
        return buf.getvalue()


def _register(*formats: ExportFormat) -> dict[str, ExportFormat]:
    return {f.name: f for f in formats}


FORMATS: dict[str, ExportFormat] = _register(
    ExportFormat("json", nodelink.DESCRIPTION, nodelink.SUFFIXES, nodelink.MEDIA_TYPE, nodelink.write_json),
    ExportFormat(
        "cytoscape", cytoscape.DESCRIPTION, cytoscape.SUFFIXES, cytoscape.MEDIA_TYPE, cytoscape.write_cytoscape
    ),
    ExportFormat("graphml", graphml.DESCRIPTION, graphml.SUFFIXES, graphml.MEDIA_TYPE, graphml.write_graphml),
    ExportFormat("gexf", gexf.DESCRIPTION, gexf.SUFFIXES, gexf.MEDIA_TYPE, gexf.write_gexf),
    ExportFormat("csv", csvzip.DESCRIPTION, csvzip.SUFFIXES, csvzip.MEDIA_TYPE, csvzip.write_csv),
    ExportFormat("html", htmlpage.DESCRIPTION, htmlpage.SUFFIXES, htmlpage.MEDIA_TYPE, htmlpage.write_html),
    ExportFormat("dot", dot.DESCRIPTION, dot.SUFFIXES, dot.MEDIA_TYPE, dot.write_dot),
    ExportFormat("ttl", ttl.DESCRIPTION, ttl.SUFFIXES, ttl.MEDIA_TYPE, ttl.write_ttl),
    ExportFormat("cypher", cypher.DESCRIPTION, cypher.SUFFIXES, cypher.MEDIA_TYPE, cypher.write_cypher),
)


def get_format(name: str) -> ExportFormat:
    try:
        return FORMATS[name]
    except KeyError:
        raise UnknownFormatError(f"unknown export format {name!r}; available: {', '.join(FORMATS)}") from None


def format_for_path(path: str | os.PathLike[str]) -> ExportFormat:
    """The format whose suffix ``path`` ends with (``graph.graphml`` -> graphml)."""
    name = Path(path).name.lower()
    for fmt in sorted(FORMATS.values(), key=lambda f: -max(len(s) for s in f.suffixes)):
        if name.endswith(fmt.suffixes):
            return fmt
    suffixes = ", ".join(s for f in FORMATS.values() for s in f.suffixes)
    raise UnknownFormatError(f"cannot tell the format from {str(path)!r}; use --format, or one of: {suffixes}")


def write(G: nx.MultiDiGraph, dest: str | os.PathLike[str] | BinaryIO, fmt: str | None = None) -> None:
    """Write ``G`` in format ``fmt`` (or the one ``dest``'s suffix names)."""
    if fmt is None:
        if not isinstance(dest, (str, os.PathLike)):
            raise UnknownFormatError("a format is needed to write to a stream")
        spec = format_for_path(dest)
    else:
        spec = get_format(fmt)
    spec.write(G, dest)


def generate(G: nx.MultiDiGraph, fmt: str) -> bytes:
    return get_format(fmt).generate(G)
