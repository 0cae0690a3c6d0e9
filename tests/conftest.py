"""Fixtures: ``make_graph`` writes a small graph folder into ``tmp_path``; the shipped graph."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import networkx as nx
import pytest

from graph_helpers import BASE_FILES, SHIPPED_GRAPH, FileContent, MakeGraph, write_graph
from ketagraph.build import build_graph as build
from ketagraph.load import Corpus, load_corpus


@pytest.fixture
def make_graph(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MakeGraph:
    """``make_graph({"claims.yaml": "..."})`` writes the tiny graph with those files replaced.

    Pass ``base=False`` to write only the given files; a ``None`` value leaves a base file out.
    Returns the folder as the relative path ``graph`` (the current folder is ``tmp_path``).
    """
    monkeypatch.chdir(tmp_path)

    def make(files: Mapping[str, FileContent] | None = None, *, base: bool = True, name: str = "graph") -> Path:
        contents: dict[str, FileContent] = dict(BASE_FILES) if base else {}
        contents.update(files or {})
        write_graph(tmp_path / name, contents)
        return Path(name)

    return make


@pytest.fixture
def tiny(make_graph: MakeGraph) -> Path:
    """The valid tiny graph, as ``graph`` relative to the current folder."""
    return make_graph()


@pytest.fixture
def tiny_corpus(tiny: Path) -> Corpus:
    corpus = load_corpus(tiny)
    assert corpus.issues == []
    return corpus


@pytest.fixture
def tiny_graph(tiny_corpus: Corpus) -> nx.MultiDiGraph:
    return build(tiny_corpus)


@pytest.fixture(scope="session")
def shipped_corpus() -> Corpus:
    """The shipped graph, loaded and cross-checked once per test session."""
    return load_corpus(SHIPPED_GRAPH)


@pytest.fixture(scope="session")
def shipped_graph(shipped_corpus: Corpus) -> nx.MultiDiGraph:
    return build(shipped_corpus)
