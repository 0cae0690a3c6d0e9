"""ketagraph.build: records -> networkx.MultiDiGraph; load_graph raises ValidationFailed."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import networkx as nx
import pytest

import ketagraph
from graph_helpers import ARTICLE, CLAIMS_YAML, MakeGraph, one_claim
from ketagraph.build import (
    ALIASES,
    CERTAINTY,
    DESCRIPTION,
    EVIDENCE,
    LABEL,
    NOTE,
    POLARITY,
    QUALIFIERS,
    RELATION,
    SOURCES,
    TYPE,
    XREFS,
    build,
    load_graph,
)
from ketagraph.errors import KetagraphError, ValidationFailed
from ketagraph.load import load_corpus


def test_nodes_are_entities_in_sorted_order_with_their_attributes(tiny_graph: nx.MultiDiGraph) -> None:
    assert isinstance(tiny_graph, nx.MultiDiGraph)
    assert list(tiny_graph.nodes) == ["addiction", "depression", "ketamine", "nmda-receptor"]
    assert tiny_graph.nodes["ketamine"] == {
        LABEL: "Ketamine",
        TYPE: "drug",
        ALIASES: ["ketamine hydrochloride"],
        DESCRIPTION: "A dissociative anaesthetic.",
        XREFS: ["CHEBI:6121"],
    }
    assert tiny_graph.nodes["addiction"] == {LABEL: "Addiction", TYPE: "risk", ALIASES: [], DESCRIPTION: "", XREFS: []}


def test_claims_are_edges_keyed_by_claim_id_in_sorted_order(tiny_graph: nx.MultiDiGraph) -> None:
    assert list(tiny_graph.edges(keys=True)) == [
        ("ketamine", "nmda-receptor", "ketamine-acts-on-nmda-receptor"),
        ("ketamine", "addiction", "ketamine-causes-addiction"),
        ("ketamine", "depression", "ketamine-treats-depression"),
    ]
    quote = "Researchers believe it may help with depression."
    start = ARTICLE.index(quote)
    assert tiny_graph.edges["ketamine", "depression", "ketamine-treats-depression"] == {
        RELATION: "treats",
        CERTAINTY: "speculative",
        POLARITY: "affirmed",
        QUALIFIERS: {"context": "researchers believe"},
        EVIDENCE: [
            {
                "source": "article",
                "quote": quote,
                "start": start,
                "end": start + len(quote),
                "section": "Ketamine and the brain",
            }
        ],
        NOTE: "",
    }


def test_every_evidence_offset_points_at_its_quote(tiny_graph: nx.MultiDiGraph) -> None:
    for _, _, data in tiny_graph.edges(data=True):
        for ev in data[EVIDENCE]:
            assert ARTICLE[ev["start"] : ev["end"]] == ev["quote"]


def test_graph_attributes_hold_source_metadata_without_the_text(tiny_graph: nx.MultiDiGraph) -> None:
    assert tiny_graph.graph == {
        "name": "graph",
        SOURCES: {
            "article": {
                "title": "Ketamine and the brain",
                "publisher": "Test Clinic",
                "kind": "clinic-marketing",
                "language": "en",
                "file": "article.txt",
                "sha256": hashlib.sha256(ARTICLE.encode()).hexdigest(),
            }
        },
    }


def test_optional_source_metadata_is_kept(make_graph: MakeGraph) -> None:
    source = "sources:\n  - {id: article, title: T, publisher: P, kind: news, language: en, file: article.txt,\n"
    source += "     url: 'https://example.com/a', description: 'Two\n\n      lines'}\n"
    G = load_graph(make_graph({"source.yaml": source}))
    meta = G.graph[SOURCES]["article"]
    assert (meta["url"], meta["description"]) == ("https://example.com/a", "Two\nlines")


def test_the_graph_is_the_same_whatever_the_current_folder(
    make_graph: MakeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_graph(
        {
            "texts/article.txt": ARTICLE,
            "article.txt": None,
            "source.yaml": None,
            "texts/source.yaml": "sources:\n  - {id: article, title: T, publisher: P, kind: news, language: en, file: article.txt}\n",
        }
    )
    absolute = root.resolve()
    here = load_graph(root)
    monkeypatch.chdir(absolute)
    inside = load_graph(".")
    monkeypatch.chdir(absolute / "texts")
    below = load_graph(absolute)
    for G in (inside, below):
        assert G.graph == here.graph
        assert G.graph["name"] == "graph"
        assert G.graph[SOURCES]["article"]["file"] == "texts/article.txt"


def test_two_claims_between_the_same_entities_stay_two_edges(make_graph: MakeGraph) -> None:
    hedged = one_claim(id="id: ketamine-acts-on-nmda-receptor-hedged", certainty="certainty: suggested")
    G = load_graph(make_graph({"more.yaml": hedged}))
    assert G.number_of_edges("ketamine", "nmda-receptor") == 2
    assert {k: d[CERTAINTY] for k, d in G["ketamine"]["nmda-receptor"].items()} == {
        "ketamine-acts-on-nmda-receptor": "established",
        "ketamine-acts-on-nmda-receptor-hedged": "suggested",
    }


def test_a_self_loop_is_an_edge_like_any_other(make_graph: MakeGraph) -> None:
    loop = one_claim(id="id: ketamine-is-ketamine", relation="relation: is_a", object="object: ketamine")
    G = load_graph(make_graph({"more.yaml": loop}))
    assert G.has_edge("ketamine", "ketamine", "ketamine-is-ketamine")


def test_build_does_not_mutate_the_corpus(tiny: Path) -> None:
    corpus = load_corpus(tiny)
    before = (dict(corpus.entities), list(corpus.claims), dict(corpus.sources))
    G = build(corpus)
    G.nodes["ketamine"][ALIASES].append("changed")
    assert (dict(corpus.entities), list(corpus.claims), dict(corpus.sources)) == before
    assert corpus.entities["ketamine"].aliases == ("ketamine hydrochloride",)


def test_load_graph_raises_validation_failed_with_every_issue(make_graph: MakeGraph) -> None:
    broken = CLAIMS_YAML.replace("subject: ketamine\n    relation: acts_on", "subject: ketamin\n    relation: acts_on")
    broken = broken.replace("certainty: speculative", "certainty: hedged")
    root = make_graph({"claims.yaml": broken})
    with pytest.raises(ValidationFailed) as info:
        load_graph(root)
    assert [str(i) for i in info.value.issues] == [
        "graph/claims.yaml:3: claim 'ketamine-acts-on-nmda-receptor': unknown subject entity 'ketamin' "
        "(did you mean 'ketamine'?)",
        "graph/claims.yaml:14: claim 'ketamine-treats-depression': 'certainty' unknown certainty 'hedged'; "
        "allowed: established, reported, suggested, speculative",
    ]
    # The message lists the errors only; the warnings stay in ``issues``.
    assert str(info.value) == (
        "2 problems found:\n"
        "graph/claims.yaml:3: claim 'ketamine-acts-on-nmda-receptor': unknown subject entity 'ketamin' "
        "(did you mean 'ketamine'?)\n"
        "graph/claims.yaml:14: claim 'ketamine-treats-depression': 'certainty' unknown certainty 'hedged'; "
        "allowed: established, reported, suggested, speculative"
    )
    assert isinstance(info.value, KetagraphError)


def test_the_package_exports_load_graph(make_graph: MakeGraph) -> None:
    assert ketagraph.load_graph is load_graph
    root = make_graph({"article.txt": None})
    with pytest.raises(ketagraph.ValidationFailed) as info:
        ketagraph.load_graph(root)
    assert [str(i) for i in info.value.issues] == [
        "graph/source.yaml:7: source 'article': source text 'article.txt' not found next to graph/source.yaml"
    ]


def test_load_graph_with_only_warnings_succeeds(make_graph: MakeGraph) -> None:
    extra = "entities:\n  - {id: spare, label: Spare, type: drug}\n"
    G = load_graph(make_graph({"more.yaml": extra}))
    assert "spare" in G


def test_load_graph_accepts_str_and_path(tiny: Path) -> None:
    a, b = load_graph(tiny), load_graph(os.fspath(tiny))
    assert nx.utils.graphs_equal(a, b)
