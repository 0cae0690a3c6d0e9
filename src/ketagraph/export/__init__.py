"""Exporters: one module per format, one contract, one registry.

Every format module ``m`` for format ``x`` has ``DESCRIPTION``, ``SUFFIXES``, ``MEDIA_TYPE`` and:

- ``generate_x(G) -> bytes``: the whole file, deterministic (the same graph, the same bytes);
- ``write_x(G, dest)``: those bytes to a path, atomically (:func:`ketagraph.export._write.write_bytes`:
  a temporary file, then a rename), or to an open binary stream;
- ``read_x(path)``, where networkx or rdflib can read the format back (``json``, ``cytoscape``,
  ``graphml``, ``gexf``, ``ttl``).

A format that can use the source texts (``USES_TEXTS = True``: ``html``, whose panel shows each
quote inside its paragraph) also takes ``corpus`` as a last argument: :func:`generate` and
:func:`write` pass it on to those formats only, so a caller that has the corpus (the CLI, the app)
hands it to every format alike.

``FORMATS`` maps a format name to its :class:`ExportFormat`, built from the module by that
contract; the CLI, the app and the tests all loop over it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, BinaryIO

import networkx as nx

from ketagraph.corpus import Corpus
from ketagraph.errors import UnknownFormatError
from ketagraph.export import csvzip, cypher, cytoscape, dot, gexf, graphml, htmlpage, nodelink, ttl

__all__ = ["FORMATS", "ExportFormat", "format_for_path", "generate", "get_format", "read", "write"]

Destination = str | os.PathLike[str] | BinaryIO


@dataclass(frozen=True)
class ExportFormat:
    name: str
    description: str
    suffixes: tuple[str, ...]
    media_type: str
    generate: Callable[..., bytes]  # (G) -> bytes, or (G, corpus) -> bytes where uses_texts
    write: Callable[..., None]  # (G, dest), or (G, dest, corpus) where uses_texts
    #: Reads a written file back (a networkx graph, or an ``rdflib.Graph`` for ``ttl``); ``None``
    #: when no library here reads the format.
    read: Callable[[str | os.PathLike[str]], Any] | None = None
    #: Whether ``generate`` and ``write`` take the source texts (a ``corpus``) as a last argument.
    uses_texts: bool = False

    @property
    def suffix(self) -> str:
        return self.suffixes[0]

    @classmethod
    def from_module(cls, name: str, module: ModuleType) -> ExportFormat:
        """The format ``name`` from its module's constants and ``generate_/write_/read_<name>``."""
        return cls(
            name=name,
            description=module.DESCRIPTION,
            suffixes=tuple(module.SUFFIXES),
            media_type=module.MEDIA_TYPE,
            generate=getattr(module, f"generate_{name}"),
            write=getattr(module, f"write_{name}"),
            read=getattr(module, f"read_{name}", None),
            uses_texts=getattr(module, "USES_TEXTS", False),
        )

    def make(self, G: nx.MultiDiGraph, corpus: Corpus | None = None) -> bytes:
        """The file's bytes; ``corpus`` (the source texts) is used where the format can."""
        return self.generate(G, corpus) if self.uses_texts else self.generate(G)

    def save(self, G: nx.MultiDiGraph, dest: Destination, corpus: Corpus | None = None) -> None:
        """Write the file, atomically to a path; ``corpus`` is used where the format can."""
        if self.uses_texts:
            self.write(G, dest, corpus)
        else:
            self.write(G, dest)


FORMATS: dict[str, ExportFormat] = {
    name: ExportFormat.from_module(name, module)
    for name, module in (
        ("json", nodelink),
        ("cytoscape", cytoscape),
        ("graphml", graphml),
        ("gexf", gexf),
        ("csv", csvzip),
        ("html", htmlpage),
        ("dot", dot),
        ("ttl", ttl),
        ("cypher", cypher),
    )
}


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


def write(G: nx.MultiDiGraph, dest: Destination, fmt: str | None = None, corpus: Corpus | None = None) -> None:
    """Write ``G`` in format ``fmt`` (or the one ``dest``'s suffix names), atomically to a path;
    ``corpus`` gives the source texts to a format that uses them."""
    if fmt is None:
        if not isinstance(dest, (str, os.PathLike)):
            raise UnknownFormatError("a format is needed to write to a stream")
        spec = format_for_path(dest)
    else:
        spec = get_format(fmt)
    spec.save(G, dest, corpus)


def generate(G: nx.MultiDiGraph, fmt: str, corpus: Corpus | None = None) -> bytes:
    """``G`` in format ``fmt``, as the bytes :func:`write` would write."""
    return get_format(fmt).make(G, corpus)


def read(path: str | os.PathLike[str], fmt: str | None = None) -> Any:
    """Read back a file written in format ``fmt`` (or the one ``path``'s suffix names)."""
    spec = get_format(fmt) if fmt is not None else format_for_path(path)
    if spec.read is None:
        readable = ", ".join(f.name for f in FORMATS.values() if f.read is not None)
        raise UnknownFormatError(f"format {spec.name!r} cannot be read back; these can: {readable}")
    return spec.read(path)
