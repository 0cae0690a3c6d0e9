"""Problems and errors.

Problems with a graph folder are collected, never raised one by one: every check appends an
:class:`Issue` and the caller sees them all at once, each printed as ``path:line: message``.

The exception tree::

    KetagraphError                 base of everything ketagraph raises on purpose
    ├── ValidationFailed           a graph folder has problems; ``.issues`` lists them all
    ├── UnknownFormatError         an export format nobody registered
    ├── ExportError                an export could not be written (nothing half-written is left)
    ├── ArchiveError               an uploaded zip that will not be unpacked, and why
    ├── UnknownLayoutError         a layout name that does not exist (also a ``ValueError``)
    └── RenderError                the drawing cannot be made (vis-network missing from pyvis)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "ArchiveError",
    "ExportError",
    "Issue",
    "KetagraphError",
    "RenderError",
    "UnknownFormatError",
    "UnknownLayoutError",
    "ValidationFailed",
    "plural",
    "sort_issues",
]

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem: where it is and what to do about it.

    Issues order as :func:`sort_issues` does: errors before warnings, then by file, line (an issue
    about a whole file, ``line=None``, first) and message.
    """

    path: str
    line: int | None
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}: {prefix}{self.message}"

    def _key(self) -> tuple[bool, str, int, str]:
        return (self.severity != "error", self.path, self.line if self.line is not None else 0, self.message)

    def __lt__(self, other: Issue) -> bool:
        return self._key() < other._key()

    def __le__(self, other: Issue) -> bool:
        return self._key() <= other._key()

    def __gt__(self, other: Issue) -> bool:
        return self._key() > other._key()

    def __ge__(self, other: Issue) -> bool:
        return self._key() >= other._key()


class KetagraphError(Exception):
    """Base class of the errors ketagraph raises on purpose."""


class ValidationFailed(KetagraphError):
    """A graph folder has problems; ``issues`` holds every one of them, errors first, by place."""

    def __init__(self, issues: Iterable[Issue]):
        self.issues = sort_issues(issues)
        errors = [i for i in self.issues if i.severity == "error"]
        super().__init__(f"{plural(len(errors), 'problem')} found:\n" + "\n".join(str(i) for i in errors))


class UnknownFormatError(KetagraphError):
    """An export format that is not in the registry."""


class ExportError(KetagraphError):
    """An export could not be written."""


class ArchiveError(KetagraphError):
    """An uploaded archive that ketagraph will not unpack, and why."""


class UnknownLayoutError(KetagraphError, ValueError):
    """A layout name that :data:`ketagraph.layout.LAYOUTS` does not hold."""


class RenderError(KetagraphError):
    """The graph cannot be drawn: what the drawing needs is missing."""


def sort_issues(issues: Iterable[Issue]) -> list[Issue]:
    """Errors first, then warnings; each by file, then line, then message: the order a curator
    fixes them in (a warning is often a consequence of an error above it)."""
    return sorted(issues)


def plural(n: int, word: str, words: str | None = None) -> str:
    """``n`` and the noun that agrees with it: ``1 source``, ``2 sources``, ``0 entities``.

    >>> plural(1, "source"), plural(3, "entity", "entities")
    ('1 source', '3 entities')
    """
    return f"{n} {word if n == 1 else (words or word + 's')}"
