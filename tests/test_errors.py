"""ketagraph.errors: how issues print, sort, and travel inside ValidationFailed."""

from __future__ import annotations

import pytest

import ketagraph
from ketagraph.errors import ExportError, Issue, KetagraphError, UnknownFormatError, ValidationFailed, sort_issues


def test_an_issue_prints_as_path_line_message() -> None:
    assert str(Issue("graph/claims.yaml", 7, "claim 'x': bad")) == "graph/claims.yaml:7: claim 'x': bad"


def test_an_issue_without_a_line_prints_the_path_only() -> None:
    assert str(Issue("graph", None, "no YAML files")) == "graph: no YAML files"


def test_a_warning_says_so() -> None:
    assert str(Issue("graph/e.yaml", 3, "unused", "warning")) == "graph/e.yaml:3: warning: unused"


def test_issues_sort_by_file_then_line_then_message() -> None:
    issues = [
        Issue("b.yaml", 1, "x"),
        Issue("a.yaml", 10, "y"),
        Issue("a.yaml", 2, "z"),
        Issue("a.yaml", None, "w"),
        Issue("a.yaml", 2, "a"),
    ]
    assert sort_issues(issues) == [
        Issue("a.yaml", None, "w"),
        Issue("a.yaml", 2, "a"),
        Issue("a.yaml", 2, "z"),
        Issue("a.yaml", 10, "y"),
        Issue("b.yaml", 1, "x"),
    ]


def test_validation_failed_carries_every_issue_sorted_and_counts_the_errors() -> None:
    issues = [Issue("b.yaml", 1, "second"), Issue("a.yaml", 4, "unused", "warning"), Issue("a.yaml", 9, "first")]
    e = ValidationFailed(issues)
    assert e.issues == [issues[1], issues[2], issues[0]]
    assert str(e) == "2 problems found:\na.yaml:9: first\nb.yaml:1: second"
    assert str(ValidationFailed([Issue("a.yaml", 1, "only")])) == "1 problem found:\na.yaml:1: only"


def test_validation_failed_accepts_any_iterable() -> None:
    e = ValidationFailed(i for i in [Issue("a.yaml", 1, "x")])
    assert e.issues == [Issue("a.yaml", 1, "x")]


@pytest.mark.parametrize("cls", [ValidationFailed, UnknownFormatError, ExportError])
def test_every_error_is_a_ketagraph_error(cls: type[Exception]) -> None:
    assert issubclass(cls, KetagraphError)


def test_issues_are_frozen() -> None:
    issue = Issue("a.yaml", 1, "x")
    with pytest.raises(AttributeError):
        issue.line = 2  # type: ignore[misc]


def test_the_public_api() -> None:
    assert set(ketagraph.__all__) == {
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
    }
    for name in ketagraph.__all__:
        assert getattr(ketagraph, name) is not None
