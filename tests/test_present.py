"""ketagraph.present: what the explorer shows, as plain data, and the one escape into HTML."""

from __future__ import annotations

import html
import itertools
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph_helpers import MakeGraph
from ketagraph.build import CERTAINTY, EVIDENCE, build
from ketagraph.load import Corpus, load_corpus
from ketagraph.model import CERTAINTY_RANK, RELATIONS
from ketagraph.present import article_data, claim_index, claim_view, details_data, html_text, node_view, xref_url
from ketagraph.stats import compute_stats

#: Everything HTML, Markdown or Streamlit's Markdown extensions (:color[], :emoji:, $math$) may act on.
ACTIVE = set("<>&\"'`*_[](){}#+-.!|~:$=^\\")
CHARACTER_REFERENCE = re.compile(r"&#\d+;")

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<img src=x onerror=alert(1)>",
    "*emphasis* **strong** _under_ __dunder__",
    "[x](javascript:alert(1))",
    "![img](http://example.com/x.png)",
    ":red[x] :material/home: :smile:",
    "$x$ and $$y$$",
    "# heading",
    "1. not a list",
    "- not a list either",
    "> not a quote",
    "`code` ~~strike~~ | table |",
    "a\\*b &amp; &lt; &#60; {curly} <br>",
    "line one\nline two",
    "plain text, 100% ok",
]


def visible(markup: str) -> str:
    """What a browser shows for ``markup`` made by :func:`html_text`."""
    return html.unescape(markup.replace("<br>", "\n"))


def assert_inert(markup: str) -> None:
    """No markup and no Markdown is left: only text, character references and line breaks."""
    rest = CHARACTER_REFERENCE.sub("", markup.replace("<br>", ""))
    assert not (set(rest) & ACTIVE), sorted(set(rest) & ACTIVE)


# --- html_text ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
def test_html_text_shows_text_exactly_and_leaves_nothing_active(text: str) -> None:
    out = html_text(text)
    assert visible(out) == text
    assert_inert(out)


def test_html_text_examples() -> None:
    assert html_text("<script>") == "&#60;script&#62;"
    assert html_text("a*b") == "a&#42;b"
    assert html_text(":red[x]") == "&#58;red&#91;x&#93;"
    assert html_text("$x$") == "&#36;x&#36;"
    assert html_text("one\ntwo") == "one<br>two"
    assert html_text("Ketamine acts on NMDA receptors") == "Ketamine acts on NMDA receptors"
    assert html_text(42) == "42"


@given(st.text())
def test_html_text_round_trips_any_text(text: str) -> None:
    out = html_text(text)
    assert visible(out) == text
    assert_inert(out)


# --- xref_url, claim_index ------------------------------------------------------------------------


def test_xref_urls() -> None:
    assert xref_url("CHEBI:6121") == "https://www.ebi.ac.uk/chebi/searchId.do?chebiId=CHEBI:6121"
    assert xref_url("MESH:D007649") == "https://meshb.nlm.nih.gov/record/ui?ui=D007649"
    assert xref_url("DOID:1596") == "http://purl.obolibrary.org/obo/DOID_1596"
    assert xref_url("NOPE:1") is None
    assert xref_url("CHEBI:") is None
    assert xref_url('CHEBI:1" onmouseover="alert(1)') is None
    assert xref_url("CHEBI:1/../../x") is None


def test_claim_index_maps_every_claim_to_its_ends(shipped_graph: nx.MultiDiGraph) -> None:
    index = claim_index(shipped_graph)
    assert len(index) == shipped_graph.number_of_edges()
    for u, v, key in shipped_graph.edges(keys=True):
        assert index[key] == (u, v)


# --- claim_view -----------------------------------------------------------------------------------


def test_every_quote_is_shown_inside_its_paragraph(shipped_graph: nx.MultiDiGraph, shipped_corpus: Corpus) -> None:
    G, corpus = shipped_graph, shipped_corpus
    index = claim_index(G)
    count = 0
    for key in index:
        view = claim_view(G, corpus, key, index)
        assert len(view.evidence) == len(G.edges[(*index[key], key)][EVIDENCE]) > 0
        for ev in view.evidence:
            doc = corpus.documents[ev.source]
            para = doc.paragraph_at(ev.start)
            assert para is not None
            assert ev.before + ev.quote + ev.after == para.text
            assert doc.text[ev.start : ev.end] == ev.quote
            assert ev.section == doc.section_at(ev.start)
            assert ev.source_title == corpus.sources[ev.source].title
            count += 1
    assert count == sum(len(d[EVIDENCE]) for _, _, d in G.edges(data=True))


def test_claim_view_fields(shipped_graph: nx.MultiDiGraph, shipped_corpus: Corpus) -> None:
    index = claim_index(shipped_graph)
    view = claim_view(shipped_graph, shipped_corpus, "ketamine-acts-on-nmda-receptor", index)
    assert (view.subject, view.object, view.relation) == ("ketamine", "nmda-receptor", "acts_on")
    assert (view.subject_label, view.object_label) == ("Ketamine", "NMDA receptor")
    assert view.relation_text == RELATIONS["acts_on"]
    assert view.certainty == shipped_graph.edges["ketamine", "nmda-receptor", view.id][CERTAINTY]
    assert view.polarity == "affirmed"
    assert view.sentence == "Ketamine — acts on → NMDA receptor"


def test_claim_view_without_a_corpus_has_no_context(shipped_graph: nx.MultiDiGraph) -> None:
    index = claim_index(shipped_graph)
    view = claim_view(shipped_graph, None, "ketamine-acts-on-nmda-receptor", index)
    assert view.evidence and all(ev.before == ev.after == "" for ev in view.evidence)
    assert all(ev.quote for ev in view.evidence)


def test_negated_claims_read_as_not(make_graph: MakeGraph) -> None:
    claims = {
        "claims": [
            {
                "id": "ketamine-causes-addiction",
                "subject": "ketamine",
                "relation": "causes",
                "object": "addiction",
                "certainty": "established",
                "polarity": "negated",
                "qualifiers": {"dose": "low"},
                "note": "as the article says",
                "evidence": [{"source": "article", "quote": "Ketamine can lead to addiction.", "occurrence": 1}],
            }
        ]
    }
    corpus = load_corpus(make_graph({"claims.yaml": claims}))
    assert corpus.errors == []
    G = build(corpus)
    view = claim_view(G, corpus, "ketamine-causes-addiction", claim_index(G))
    assert view.sentence == "Ketamine — not causes → Addiction"
    assert view.qualifiers == {"dose": "low"}
    assert view.note == "as the article says"
    (ev,) = view.evidence
    assert ev.before == "" and ev.after == " A naïve user may feel dissociation. Ketamine can lead to addiction."
    assert ev.section == "Risks"


# --- node_view ------------------------------------------------------------------------------------


def test_node_view_of_ketamine(shipped_graph: nx.MultiDiGraph, shipped_corpus: Corpus) -> None:
    G = shipped_graph
    index = claim_index(G)
    view = node_view(G, shipped_corpus, "ketamine", index)
    assert (view.id, view.label, view.type) == ("ketamine", "Ketamine", "drug")
    assert view.description == G.nodes["ketamine"]["description"]
    assert view.aliases == ()
    assert dict(view.xrefs) == {
        "CHEBI:6121": "https://www.ebi.ac.uk/chebi/searchId.do?chebiId=CHEBI:6121",
        "MESH:D007649": "https://meshb.nlm.nih.gov/record/ui?ui=D007649",
        "PUBCHEM.COMPOUND:3821": "https://pubchem.ncbi.nlm.nih.gov/compound/3821",
        "DRUGBANK:DB01221": "https://go.drugbank.com/drugs/DB01221",
    }
    headings = [h for h, _ in view.groups]
    assert "acts on →" in headings and "used for →" in headings
    outgoing = [h for h in headings if h.endswith("→")]
    assert headings[: len(outgoing)] == sorted(outgoing)  # outgoing first, each side sorted
    assert headings[len(outgoing) :] == sorted(headings[len(outgoing) :])
    acts_on = dict(view.groups)["acts on →"]
    assert {c.object for c in acts_on} >= {"nmda-receptor", "glutamate-system"}
    assert all(c.subject == "ketamine" for c in acts_on)
    # The shipped article's claims all start from the drug (a therapy does not point back at it).
    assert headings == outgoing
    assert {c.object for c in dict(view.groups)["used for →"]} >= {"ketamine-infusion-therapy", "recreational-use"}


@pytest.mark.parametrize("node", ["ketamine", "nmda-receptor", "treatment-resistant-depression", "calvin-stevens"])
def test_node_view_lists_each_claim_once_strongest_first(
    node: str, shipped_graph: nx.MultiDiGraph, shipped_corpus: Corpus
) -> None:
    G = shipped_graph
    view = node_view(G, shipped_corpus, node, claim_index(G))
    listed = [c.id for _, claims in view.groups for c in claims]
    expected = {k for _, _, k in G.out_edges(node, keys=True)} | {k for _, _, k in G.in_edges(node, keys=True)}
    assert Counter(listed) == Counter(expected)
    assert view.claim_count == len(expected)
    for heading, claims in view.groups:
        # Strongest first, by entity: the claims on one entity (a triple at two hedge levels) are
        # next to each other, strongest first, at the place of the strongest.
        other = [c.object if heading.endswith("→") else c.subject for c in claims]
        rows = [o for i, o in enumerate(other) if i == 0 or other[i - 1] != o]
        assert len(rows) == len(set(rows)), heading  # each entity's claims together
        best = {
            o: min(CERTAINTY_RANK[c.certainty] for c, oc in zip(claims, other, strict=True) if oc == o) for o in rows
        }
        assert [best[o] for o in rows] == sorted(best[o] for o in rows), heading
        ranks = [(o, CERTAINTY_RANK[c.certainty], c.id) for c, o in zip(claims, other, strict=True)]
        for o in rows:
            mine = [r for r in ranks if r[0] == o]
            assert mine == sorted(mine), heading
        relation = heading.strip("←→ ").replace(" ", "_")
        assert all(c.relation == relation for c in claims)
        for c in claims:
            assert all(ev.before + ev.quote + ev.after for ev in c.evidence)


def test_a_self_loop_is_listed_once(make_graph: MakeGraph) -> None:
    claims = {
        "claims": [
            {
                "id": "ketamine-modulates-ketamine",
                "subject": "ketamine",
                "relation": "modulates",
                "object": "ketamine",
                "certainty": "suggested",
                "evidence": [{"source": "article", "quote": "The drug’s effects are rapid."}],
            }
        ]
    }
    corpus = load_corpus(make_graph({"claims.yaml": claims}))
    assert corpus.errors == []
    G = build(corpus)
    view = node_view(G, corpus, "ketamine", claim_index(G))
    assert [(h, [c.id for c in cs]) for h, cs in view.groups] == [("modulates →", ["ketamine-modulates-ketamine"])]
    assert view.claim_count == 1


def test_node_view_keeps_markup_as_text(make_graph: MakeGraph) -> None:
    label = "<img src=x onerror=alert(1)> **bold**"
    entities = Path("graph/entities.yaml")
    root = make_graph()
    text = entities.read_text(encoding="utf-8").replace("label: Ketamine\n", f"label: {json.dumps(label)}\n")
    entities.write_text(text, encoding="utf-8")
    corpus = load_corpus(root)
    assert corpus.issues == []
    G = build(corpus)
    view = node_view(G, corpus, "ketamine", claim_index(G))
    assert view.label == label  # present.py returns text; escaping is the page's job (html_text)
    assert claim_view(G, corpus, "ketamine-treats-depression", claim_index(G)).subject_label == label


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
        assert entry["groups"] == [[heading, [c.id for c in group]] for heading, group in view.groups]
        assert entry["count"] == G.degree(node) - G.number_of_edges(node, node)  # a self-loop is listed once
    # Each paragraph appears once however many claims quote it.
    quoted_paragraphs = {ev["para"] for c in data["claims"].values() for ev in c["evidence"]}
    assert set(data["paragraphs"]) == quoted_paragraphs
    assert len(data["paragraphs"]) < sum(len(c["evidence"]) for c in data["claims"].values())


def test_details_version_follows_the_content(shipped_graph: nx.MultiDiGraph, shipped_corpus: Corpus) -> None:
    first = details_data(shipped_graph, shipped_corpus)
    assert details_data(shipped_graph, shipped_corpus) == first
    G = shipped_graph.copy()
    G.nodes["ketamine"]["label"] = "Ketamine!"
    assert details_data(G, shipped_corpus)["version"] != first["version"]


def test_a_triple_at_two_hedge_levels_is_one_row_strongest_first(
    shipped_graph: nx.MultiDiGraph, shipped_corpus: Corpus
) -> None:
    G = shipped_graph
    view = node_view(G, shipped_corpus, "ketamine", claim_index(G))
    for heading, claims in view.groups:
        objects = [c.object for c in claims]
        for o in set(objects):
            at = [i for i, x in enumerate(objects) if x == o]
            assert at == list(range(at[0], at[0] + len(at))), (heading, o)
            ranks = [CERTAINTY_RANK[claims[i].certainty] for i in at]
            assert ranks == sorted(ranks)
    # The shipped graph has such twins (ketamine acts on the NMDA receptor): one row in the panel.
    acts = dict(view.groups)["acts on →"]
    nmda = [c for c in acts if c.object == "nmda-receptor"]
    assert len(nmda) >= 2 and len({c.certainty for c in nmda}) == len(nmda)
