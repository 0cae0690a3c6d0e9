"""ketagraph.ui.payloads: the data the browser builds the article and the detail panel from."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import networkx as nx

from graph_helpers import MakeGraph
from ketagraph.build import CERTAINTY, EVIDENCE, build
from ketagraph.load import Corpus, load_corpus
from ketagraph.model import CERTAINTY_RANK
from ketagraph.panel import details_of
from ketagraph.present import claim_index, claim_view, node_view
from ketagraph.query import find_paths
from ketagraph.stats import compute_stats
from ketagraph.ui.payloads import article_data, details_data, view_message
from ketagraph.ui.state import Selection

# --- article_data ---------------------------------------------------------------------------------


def absolute_parts(corpus: Corpus, data: dict[str, Any]) -> list[tuple[str, int, int, dict[str, Any]]]:
    """``(source, start, end, part)`` for every part, with offsets into the source text."""
    out = []
    for source in data["sources"]:
        doc = corpus.documents[source["id"]]
        assert len(source["paragraphs"]) == len(doc.paragraphs)
        for para, span in zip(source["paragraphs"], doc.paragraphs, strict=True):
            assert para["kind"] == span.kind
            pos = span.start
            for part in para["parts"]:
                out.append((source["id"], pos, pos + len(part["text"]), part))
                pos += len(part["text"])
    return out


def test_article_parts_concatenate_to_each_paragraph(shipped_graph: nx.MultiDiGraph, shipped_corpus: Corpus) -> None:
    data = article_data(shipped_graph, shipped_corpus)
    (source,) = data["sources"]
    doc = shipped_corpus.documents[source["id"]]
    assert source["title"] == shipped_corpus.sources[source["id"]].title
    for para, span in zip(source["paragraphs"], doc.paragraphs, strict=True):
        assert "".join(p["text"] for p in para["parts"]) == span.text
        assert all(p["text"] for p in para["parts"])
        plain = [not ({"claims", "uncovered"} & set(p)) for p in para["parts"]]
        assert not any(a and b for a, b in itertools.pairwise(plain)), "plain parts are merged"


def test_every_evidence_span_is_marked(shipped_graph: nx.MultiDiGraph, shipped_corpus: Corpus) -> None:
    G, corpus = shipped_graph, shipped_corpus
    parts = absolute_parts(corpus, article_data(G, corpus))
    checked = 0
    for _, _, key, d in G.edges(keys=True, data=True):
        for ev in d[EVIDENCE]:
            inside = [
                (s, e, p) for src, s, e, p in parts if src == ev["source"] and ev["start"] <= s and e <= ev["end"]
            ]
            # The span is cut into marked parts at other spans' ends: they tile it exactly, and
            # each piece is part of the quote and names this claim.
            assert inside and inside[0][0] == ev["start"] and inside[-1][1] == ev["end"]
            assert all(a[1] == b[0] for a, b in itertools.pairwise(inside))
            assert "".join(p["text"] for _, _, p in inside) == ev["quote"]
            for _, _, p in inside:
                assert key in p["claims"] and p["text"] in ev["quote"]
                assert "uncovered" not in p
            checked += 1
    assert checked == sum(len(d[EVIDENCE]) for _, _, d in G.edges(data=True)) > 100


def test_marked_parts_name_only_covering_claims_strongest_colour(
    shipped_graph: nx.MultiDiGraph, shipped_corpus: Corpus
) -> None:
    G, corpus = shipped_graph, shipped_corpus
    index = claim_index(G)
    for src, start, end, part in absolute_parts(corpus, article_data(G, corpus)):
        if "claims" not in part:
            continue
        spans = {}
        for key in part["claims"]:
            u, v = index[key]
            d = G.edges[u, v, key]
            covering = [ev for ev in d[EVIDENCE] if ev["source"] == src and ev["start"] <= start and end <= ev["end"]]
            assert covering, (key, part["text"])
            spans[key] = min(ev["end"] - ev["start"] for ev in covering)
        assert len(part["claims"]) == len(set(part["claims"]))
        assert [spans[k] for k in part["claims"]] == sorted(spans[k] for k in part["claims"])  # shortest first
        certainties = [G.edges[(*index[k], k)][CERTAINTY] for k in part["claims"]]
        assert part["certainty"] == min(certainties, key=CERTAINTY_RANK.__getitem__)


def test_uncovered_sentences_are_flagged(shipped_graph: nx.MultiDiGraph, shipped_corpus: Corpus) -> None:
    parts = absolute_parts(shipped_corpus, article_data(shipped_graph, shipped_corpus))
    flagged = [(s, e) for _, s, e, p in parts if p.get("uncovered")]
    (coverage,) = compute_stats(shipped_corpus).coverage
    assert flagged == [(u.start, u.end) for u in coverage.uncovered]
    assert flagged, "the shipped article has sentences no claim cites"
    assert all("claims" not in p for _, _, _, p in parts if p.get("uncovered"))


def test_article_of_the_tiny_graph(tiny_graph: nx.MultiDiGraph, tiny_corpus: Corpus) -> None:
    data = article_data(tiny_graph, tiny_corpus)
    (source,) = data["sources"]
    assert [p["kind"] for p in source["paragraphs"]] == ["heading", "paragraph", "heading", "paragraph"]
    risks = source["paragraphs"][3]["parts"]
    assert risks == [
        {"text": "Ketamine can lead to addiction.", "uncovered": True},  # occurrence 1: not the quoted one
        {"text": " "},
        {"text": "A naïve user may feel dissociation.", "uncovered": True},
        {"text": " "},
        {
            "text": "Ketamine can lead to addiction.",
            "claims": ["ketamine-causes-addiction"],
            "certainty": "established",
        },
    ]


def test_article_version_is_stable_and_follows_the_content(tiny_graph: nx.MultiDiGraph, tiny_corpus: Corpus) -> None:
    first = article_data(tiny_graph, tiny_corpus)
    assert article_data(tiny_graph, tiny_corpus) == first
    hedged = tiny_graph.copy()
    hedged.edges["ketamine", "addiction", "ketamine-causes-addiction"][CERTAINTY] = "suggested"
    assert article_data(hedged, tiny_corpus)["version"] != first["version"]
    json.dumps(first)


def test_article_keeps_markup_as_text(make_graph: MakeGraph) -> None:
    sentence = 'The <img src=x onerror="alert(1)"> drug <script>alert(2)</script> is **bold** and :red[x].'
    root = make_graph()
    article = Path("graph/article.txt")
    article.write_text(article.read_text(encoding="utf-8") + "\n" + sentence + "\n", encoding="utf-8")
    corpus = load_corpus(root)
    assert corpus.errors == []
    data = article_data(build(corpus), corpus)
    last = data["sources"][0]["paragraphs"][-1]["parts"]
    assert last == [{"text": sentence, "uncovered": True}]


# --- details_data: what the browser builds the detail panel from ------------------------------------


def test_details_hold_every_node_and_claim_as_the_views_do(
    shipped_graph: nx.MultiDiGraph, shipped_corpus: Corpus
) -> None:
    G, corpus = shipped_graph, shipped_corpus
    index = claim_index(G)
    data = details_data(G, corpus)
    assert set(data["nodes"]) == set(G.nodes) and set(data["claims"]) == set(index)
    for key, claim in data["claims"].items():
        view = claim_view(G, corpus, key, index)
        assert (claim["sentence"], claim["certainty"], claim["polarity"]) == (
            view.sentence,
            view.certainty,
            view.polarity,
        )
        assert claim["qualifiers"] == [[k, str(v)] for k, v in sorted(view.qualifiers.items())]
        assert len(claim["evidence"]) == len(view.evidence)
        for ev, ev_view in zip(claim["evidence"], view.evidence, strict=True):
            para = data["paragraphs"][ev["para"]]
            # The paragraph is stored once; offsets into it give the quote and its context.
            assert para[: ev["start"] - ev["offset"]] == ev_view.before
            assert para[ev["start"] - ev["offset"] : ev["end"] - ev["offset"]] == ev_view.quote
            assert para[ev["end"] - ev["offset"] :] == ev_view.after
            assert (ev["section"], ev["source_title"]) == (ev_view.section, ev_view.source_title)
    for node, entry in data["nodes"].items():
        view = node_view(G, None, node, index)
        # The direction is a field of its own; the heading is only display text.
        assert entry["groups"] == [
            {"heading": g.heading, "direction": g.direction, "claims": [c.id for c in g.claims]} for g in view.groups
        ]
        for g in entry["groups"]:
            ends = [data["claims"][c]["subject" if g["direction"] == "out" else "object"] for c in g["claims"]]
            assert set(ends) == {node}, (node, g["heading"])
        assert entry["count"] == G.degree(node) - G.number_of_edges(node, node)  # a self-loop is listed once
    # Each paragraph appears once however many claims quote it.
    quoted_paragraphs = {ev["para"] for c in data["claims"].values() for ev in c["evidence"]}
    assert set(data["paragraphs"]) == quoted_paragraphs
    assert len(data["paragraphs"]) < sum(len(c["evidence"]) for c in data["claims"].values())


def test_details_of_one_selection_are_the_whole_graphs_for_it(
    shipped_graph: nx.MultiDiGraph, shipped_corpus: Corpus
) -> None:
    G, corpus = shipped_graph, shipped_corpus
    everything = details_data(G, corpus)
    node = details_of(G, corpus, "node", "nmda-receptor")
    assert node["nodes"] == {"nmda-receptor": everything["nodes"]["nmda-receptor"]}
    mine = {k for _, _, k in G.in_edges("nmda-receptor", keys=True)} | {
        k for _, _, k in G.out_edges("nmda-receptor", keys=True)
    }
    assert node["claims"] == {k: everything["claims"][k] for k in mine}
    assert node["paragraphs"] == {
        p: everything["paragraphs"][p] for c in node["claims"].values() for p in [e["para"] for e in c["evidence"]]
    }
    claim = details_of(G, corpus, "claim", "ketamine-acts-on-nmda-receptor")
    assert claim["nodes"] == {} and list(claim["claims"]) == ["ketamine-acts-on-nmda-receptor"]
    for nothing in (details_of(G, corpus, "none", ""), details_of(G, corpus, "node", "no-such-node")):
        assert (nothing["nodes"], nothing["claims"], nothing["paragraphs"]) == ({}, {}, {})
    assert node["types"] == everything["types"] and len({node["version"], claim["version"]}) == 2


def test_details_without_the_texts_show_each_quote_alone(shipped_graph: nx.MultiDiGraph) -> None:
    data = details_data(shipped_graph, None)
    for key, claim in data["claims"].items():
        quotes = [ev["quote"] for ev in shipped_graph.edges[(*claim_index(shipped_graph)[key], key)][EVIDENCE]]
        shown = [data["paragraphs"][ev["para"]] for ev in claim["evidence"]]
        assert shown == quotes and all(ev["offset"] == ev["start"] for ev in claim["evidence"])


def test_details_version_follows_the_content(shipped_graph: nx.MultiDiGraph, shipped_corpus: Corpus) -> None:
    first = details_data(shipped_graph, shipped_corpus)
    assert details_data(shipped_graph, shipped_corpus) == first
    G = shipped_graph.copy()
    G.nodes["ketamine"]["label"] = "Ketamine!"
    assert details_data(G, shipped_corpus)["version"] != first["version"]


# --- view_message: what the browser highlights, selects and centres on each rerun ------------------


def test_the_view_message_of_a_selection(shipped_graph: nx.MultiDiGraph) -> None:
    G, index = shipped_graph, claim_index(shipped_graph)
    assert view_message(G, index, None, None, client_details=True) == {
        "nodes": [],
        "edges": [],
        "claims": [],
        "center": None,
        "selected": None,
    }
    claim = "ketamine-acts-on-nmda-receptor"
    message = view_message(G, index, Selection("claim", claim), None, client_details=True, center={"id": "x", "n": 1})
    assert message["nodes"] == list(index[claim]) and message["edges"] == message["claims"] == [claim]
    assert (message["scroll"], message["center"]) == (f"claim:{claim}", {"id": "x", "n": 1})
    # A node: the browser finds its claims in the details data, or (the Python panel) is told them.
    in_browser = view_message(G, index, Selection("node", "ketamine"), None, client_details=True)
    assert in_browser["claims_of"] == "ketamine" and in_browser["claims"] == []
    told = view_message(G, index, Selection("node", "ketamine"), None, client_details=False)
    assert "claims_of" not in told
    assert sorted(told["claims"]) == sorted(k for _, _, k in G.edges("ketamine", keys=True))


def test_the_view_message_of_a_path_keeps_the_selected_node(shipped_graph: nx.MultiDiGraph) -> None:
    G, index = shipped_graph, claim_index(shipped_graph)
    (path, *_) = find_paths(G, "ketamine", "treatment-resistant-depression", max_hops=3)
    hops = [k for hop in path.hops for k, _, _ in hop.claims]
    message = view_message(G, index, Selection("node", "ketamine"), path, client_details=True)
    assert message["path"] == {"nodes": list(path.nodes), "edges": hops}
    assert message["nodes"] == [*path.nodes, "ketamine"] and message["edges"] == hops
