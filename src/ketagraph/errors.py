"""Problems and errors.

Problems with a graph folder are collected, never raised one by one: every check appends an
:class:`Issue` and the caller sees them all at once, each printed as ``path:line: message``.

The exception tree::

    KetagraphError                 base of everything ketagraph raises on purpose
    ├── ValidationFailed           a graph folder has problems; ``.issues`` lists them all
    ├── UnknownFormatError         an export format nobody registered
    └── ExportError                an export could not be written (nothing half-written is left)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "ExportError",
    "Issue",
    "KetagraphError",
    "UnknownFormatError",
    "ValidationFailed",
]

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True, order=True)
class Issue:
    """One problem: where it is and what to do about it."""

    path: str
    line: int | None
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}: {prefix}{self.message}"


class KetagraphError(Exception):
    """Base class of the errors ketagraph raises on purpose."""


class ValidationFailed(KetagraphError):
    """A graph folder has problems; ``issues`` holds every one of them, sorted by place."""

    def __init__(self, issues: Iterable[Issue]):
        self.issues = sorted(issues, key=_issue_sort_key)
        errors = [i for i in self.issues if i.severity == "error"]
        super().__init__(
            f"{len(errors)} problem{'s' if len(errors) != 1 else ''} found:\n" + "\n".join(str(i) for i in errors)
        )


class UnknownFormatError(KetagraphError):
    """An export format that is not in the registry."""


class ExportError(KetagraphError):
    """An export could not be written."""


def _issue_sort_key(issue: Issue) -> tuple[str, int, str]:
    return (issue.path, issue.line if issue.line is not None else 0, issue.message)


def sort_issues(issues: Iterable[Issue]) -> list[Issue]:
    """Issues ordered by file, then line, then message: the order a curator fixes them in."""
    return sorted(issues, key=_issue_sort_key)
