"""ketagraph.errors and the package's public names: how issues print, sort, and travel inside
ValidationFailed; the exception tree; what ``import ketagraph`` offers."""

from __future__ import annotations

import importlib
import importlib.metadata
import re
import subprocess
import sys
from pathlib import Path

import pytest

import ketagraph
from ketagraph.errors import (
    ArchiveError,
    ExportError,
    Issue,
    KetagraphError,
    RenderError,
    UnknownFormatError,
    UnknownLayoutError,
    ValidationFailed,
    plural,
    sort_issues,
)

SHIPPED = Path(__file__).resolve().parents[1] / "graph"


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


def test_errors_sort_before_warnings_each_by_place() -> None:
    issues = [
        Issue("a.yaml", 1, "unused", "warning"),
        Issue("b.yaml", 5, "bad"),
        Issue("a.yaml", None, "file-wide", "warning"),
        Issue("a.yaml", 9, "worse"),
    ]
    assert [str(i) for i in sort_issues(issues)] == [
        "a.yaml:9: worse",
        "b.yaml:5: bad",
        "a.yaml: warning: file-wide",
        "a.yaml:1: warning: unused",
    ]


def test_sorted_works_on_issues_with_and_without_a_line() -> None:
    # A plain dataclass ordering compared None with an int and raised TypeError.
    issues = [Issue("a.yaml", 3, "x"), Issue("a.yaml", None, "y"), Issue("a.yaml", 1, "z")]
    assert sorted(issues) == sort_issues(issues) == [issues[1], issues[2], issues[0]]
    assert min(issues) == issues[1] and max(issues) == issues[0]
    assert issues[1] < issues[2] <= issues[2] and issues[0] > issues[2] >= issues[2]


def test_validation_failed_carries_every_issue_sorted_and_counts_the_errors() -> None:
    issues = [Issue("b.yaml", 1, "second"), Issue("a.yaml", 4, "unused", "warning"), Issue("a.yaml", 9, "first")]
    e = ValidationFailed(issues)
    assert e.issues == [issues[2], issues[0], issues[1]]
    assert str(e) == "2 problems found:\na.yaml:9: first\nb.yaml:1: second"
    assert str(ValidationFailed([Issue("a.yaml", 1, "only")])) == "1 problem found:\na.yaml:1: only"


def test_validation_failed_accepts_any_iterable() -> None:
    e = ValidationFailed(i for i in [Issue("a.yaml", 1, "x")])
    assert e.issues == [Issue("a.yaml", 1, "x")]


@pytest.mark.parametrize(
    "cls", [ValidationFailed, UnknownFormatError, ExportError, ArchiveError, UnknownLayoutError, RenderError]
)
def test_every_error_is_a_ketagraph_error(cls: type[Exception]) -> None:
    assert issubclass(cls, KetagraphError)
    assert cls.__name__ in (ketagraph.errors.__doc__ or "")  # the tree drawn in the docstring


def test_the_archive_and_layout_modules_raise_errors_of_the_tree() -> None:
    from ketagraph import archive, layout

    assert archive.ArchiveError is ArchiveError
    with pytest.raises(ArchiveError):
        archive.extract_graph_zip(b"not a zip", Path("/nonexistent-ketagraph-dir-for-test") / "x")
    with pytest.raises(UnknownLayoutError) as info:
        layout.compute_layout(ketagraph.load_graph(SHIPPED), "circle")
    assert isinstance(info.value, ValueError)  # as before: callers catching ValueError still do


@pytest.mark.parametrize(
    ("n", "word", "words", "expected"),
    [(0, "source", None, "0 sources"), (1, "source", None, "1 source"), (2, "entity", "entities", "2 entities")],
)
def test_plural_agrees_with_the_count(n: int, word: str, words: str | None, expected: str) -> None:
    assert plural(n, word, words) == expected


def test_issues_are_frozen() -> None:
    issue = Issue("a.yaml", 1, "x")
    with pytest.raises(AttributeError):
        issue.line = 2  # type: ignore[misc]


def test_the_public_api_names_what_a_notebook_needs() -> None:
    from ketagraph import build, corpus, errors, export, load, query

    assert sorted(ketagraph.__all__) == sorted(
        [
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
    )
    # Each public name is the object of the module that defines it, not a copy or a wrapper.
    homes = {
        "Corpus": corpus,
        "load_corpus": load,
        "validate_folder": load,
        "load_graph": build,
        "build_graph": build,
        "filter_graph": query,
        "find_paths": query,
        "neighbourhood": query,
        "search": query,
        "FORMATS": export,
        "generate": export,
        "write": export,
    }
    for name in ketagraph.__all__:
        if name == "__version__":
            continue
        home = homes.get(name, errors)
        assert getattr(ketagraph, name) is getattr(home, name), name


def test_a_notebook_loads_finds_paths_and_exports_from_the_package(tmp_path: Path) -> None:
    from ketagraph import find_paths, load_graph, write

    G = load_graph(SHIPPED)
    paths = find_paths(G, "ketamine", "depression", directed=False, max_hops=3)
    assert paths and paths[0].nodes[0] == "ketamine" and paths[0].nodes[-1] == "depression"
    write(G, tmp_path / "g.graphml")
    assert (tmp_path / "g.graphml").read_bytes() == ketagraph.generate(G, "graphml")


@pytest.mark.parametrize("name", ["validate", "build", "load", "query", "export"])
def test_no_function_shadows_its_module(name: str) -> None:
    module = importlib.import_module(f"ketagraph.{name}")
    assert getattr(ketagraph, name) is module
    namespace: dict[str, object] = {}
    exec(f"import ketagraph.{name} as m", namespace)
    assert namespace["m"] is module


def test_importing_the_package_leaves_the_exporters_unloaded() -> None:
    code = "import sys, ketagraph; print('ketagraph.export' in sys.modules, 'rdflib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_the_version_is_the_installed_distributions() -> None:
    assert ketagraph.__version__ == importlib.metadata.version("ketagraph")
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = ketagraph.nope  # type: ignore[attr-defined]


def test_the_readme_module_map_matches_the_package() -> None:
    readme = (SHIPPED.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Development") :]
    block = section[section.index("src/ketagraph/\n") : section.index("```", section.index("src/ketagraph/\n"))]
    listed = {m.group(1) for m in re.finditer(r"^  (\S+)", block, re.MULTILINE)}
    package = Path(ketagraph.__file__).parent
    modules = {p.name for p in package.glob("*.py") if p.name != "__main__.py"}
    # Every folder: the subpackages and the data ones (the browser code, the schema).
    folders = {f"{p.name}/" for p in package.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert {"assets/", "schemas/", "ui/"} <= folders
    assert listed == modules | folders


def test_every_module_says_its_job_in_a_docstring() -> None:
    package = Path(ketagraph.__file__).parent
    for path in sorted(package.rglob("*.py")):
        module = ".".join(path.relative_to(package.parent).with_suffix("").parts).removesuffix(".__init__")
        if module.startswith("ketagraph.ui") or module == "ketagraph.__main__":
            continue  # needs a Streamlit runtime to import; the UI keeps its own docs
        doc = importlib.import_module(module).__doc__
        assert doc and doc.strip(), module
