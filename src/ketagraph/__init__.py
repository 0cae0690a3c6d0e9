"""ketagraph: an article's claims as a traceable knowledge graph.

>>> import ketagraph
>>> G = ketagraph.load_graph("graph")                # a networkx.MultiDiGraph; raises ValidationFailed
>>> issues = ketagraph.validate_folder("graph")      # every problem, as path:line: message
>>> paths = ketagraph.find_paths(G, "ketamine", "depression", directed=False)
>>> ketagraph.write(G, "ketamine.graphml")           # any export format, from the suffix

The modules behind these names (``ketagraph.load``, ``ketagraph.validate``, ``ketagraph.build``,
``ketagraph.query``, ``ketagraph.export``, ...) are modules: no function here shadows one.
The export registry loads on first use (rdflib is slow to import).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _version
from typing import TYPE_CHECKING, Any

from ketagraph.build import build_graph, load_graph
from ketagraph.corpus import Corpus
from ketagraph.errors import (
    ArchiveError,
    ExportError,
    Issue,
    KetagraphError,
    RenderError,
    UnknownFormatError,
    UnknownLayoutError,
    ValidationFailed,
)
from ketagraph.load import load_corpus, validate_folder
from ketagraph.query import filter_graph, find_paths, neighbourhood, search

if TYPE_CHECKING:
    from ketagraph.export import FORMATS, generate, write

__all__ = [
    "FORMATS",
    "ArchiveError",
    "Corpus",
    "ExportError",
    "Issue",
    "KetagraphError",
    "RenderError",
    "UnknownFormatError",
    "UnknownLayoutError",
    "ValidationFailed",
    "__version__",
    "build_graph",
    "filter_graph",
    "find_paths",
    "generate",
    "load_corpus",
    "load_graph",
    "neighbourhood",
    "search",
    "validate_folder",
    "write",
]

try:
    #: The installed distribution's version: pyproject.toml is the one place it is written.
    __version__ = _version("ketagraph")
except PackageNotFoundError:  # pragma: no cover - running from a source tree that is not installed
    __version__ = "0+unknown"

_EXPORTS = ("FORMATS", "generate", "write")


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        from ketagraph import export

        return getattr(export, name)
    raise AttributeError(f"module 'ketagraph' has no attribute {name!r}")
