"""ketagraph: an article's claims as a traceable knowledge graph.

>>> import ketagraph
>>> G = ketagraph.load_graph("graph")      # a networkx.MultiDiGraph; raises ValidationFailed
>>> issues = ketagraph.validate("graph")   # every problem, as path:line: message
"""

from ketagraph.build import build, load_graph
from ketagraph.errors import (
    ExportError,
    Issue,
    KetagraphError,
    UnknownFormatError,
    ValidationFailed,
)
from ketagraph.load import Corpus, load_corpus
from ketagraph.validate import validate

__all__ = [
    "Corpus",
    "ExportError",
    "Issue",
    "KetagraphError",
    "UnknownFormatError",
    "ValidationFailed",
    "build",
    "load_corpus",
    "load_graph",
    "validate",
]
__version__ = "0.1.0"
