"""The :class:`Corpus`: everything read from a graph folder, and the problems found so far.

Passed from phase to phase: :func:`ketagraph.load.read_folder` makes one from the files,
:func:`ketagraph.validate.check` returns a new, checked one (quotes located), and
:func:`ketagraph.build.build_graph` turns a checked one into the graph. No phase changes the
corpus it is given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ketagraph.errors import Issue, ValidationFailed
from ketagraph.model import Claim, Entity, Source
from ketagraph.text import Document

__all__ = ["Corpus"]


@dataclass
class Corpus:
    """Everything read from a graph folder: records, source documents and problems."""

    root: Path
    sources: dict[str, Source] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    #: ``(kind, id)`` of records defined but rejected for a problem already reported (``kind`` is
    #: ``sources``, ``entities`` or ``claims``): a reference to one is not also "unknown".
    rejected: set[tuple[str, str]] = field(default_factory=set)
    #: Files that could not be read or parsed at all: what they hold is unknown, so no record is
    #: called unused for want of a reference that may be in them.
    unreadable: list[str] = field(default_factory=list)
    #: ``(kind, id)`` of entities and sources that rejected claims refer to: used, though the claim
    #: itself has a problem.
    mentioned: set[tuple[str, str]] = field(default_factory=set)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def raise_for_errors(self) -> None:
        if self.errors:
            raise ValidationFailed(self.issues)
