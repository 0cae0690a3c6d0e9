"""ketagraph.present: what the explorer shows of a node or a claim, as plain records."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from graph_helpers import MakeGraph
from ketagraph.build import CERTAINTY, EVIDENCE, build
from ketagraph.load import Corpus, load_corpus
from ketagraph.model import CERTAINTY_RANK, RELATIONS
from ketagraph.present import claim_index, claim_view, node_view, xref_url

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
    headings = [g.heading for g in view.groups]
    assert [g.direction for g in view.groups] == ["out" if h.endswith("→") else "in" for h in headings]
    assert "acts on →" in headings and "used for →" in headings
    outgoing = [h for h in headings if h.endswith("→")]
    assert headings[: len(outgoing)] == sorted(outgoing)  # outgoing first, each side sorted
    assert headings[len(outgoing) :] == sorted(headings[len(outgoing) :])
    groups = {g.heading: g.claims for g in view.groups}
    acts_on = groups["acts on →"]
    assert {c.object for c in acts_on} >= {"nmda-receptor", "glutamate-system"}
    assert all(c.subject == "ketamine" for c in acts_on)
    # The shipped article's claims all start from the drug (a therapy does not point back at it).
    assert headings == outgoing
    assert {c.object for c in groups["used for →"]} >= {"ketamine-infusion-therapy", "recreational-use"}


@pytest.mark.parametrize("node", ["ketamine", "nmda-receptor", "treatment-resistant-depression", "calvin-stevens"])
def test_node_view_lists_each_claim_once_strongest_first(
    node: str, shipped_graph: nx.MultiDiGraph, shipped_corpus: Corpus
) -> None:
    G = shipped_graph
    view = node_view(G, shipped_corpus, node, claim_index(G))
    listed = [c.id for g in view.groups for c in g.claims]
    expected = {k for _, _, k in G.out_edges(node, keys=True)} | {k for _, _, k in G.in_edges(node, keys=True)}
    assert Counter(listed) == Counter(expected)
    assert view.claim_count == len(expected)
    for group in view.groups:
        heading, claims = group.heading, group.claims
        # The node is the subject of an outgoing group's claims, the object of an incoming one's.
        assert all((c.subject if group.direction == "out" else c.object) == node for c in claims), heading
        # Strongest first, by entity: the claims on one entity (a triple at two hedge levels) are
        # next to each other, strongest first, at the place of the strongest.
        other = [group.other(c) for c in claims]
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
        assert all(c.relation == group.relation for c in claims)
        assert heading == (
            f"{group.relation.replace('_', ' ')} →"
            if group.direction == "out"
            else f"← {group.relation.replace('_', ' ')}"
        )
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
    assert [(g.heading, g.direction, [c.id for c in g.claims]) for g in view.groups] == [
        ("modulates →", "out", ["ketamine-modulates-ketamine"])
    ]
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


def test_a_triple_at_two_hedge_levels_is_one_row_strongest_first(
    shipped_graph: nx.MultiDiGraph, shipped_corpus: Corpus
) -> None:
    G = shipped_graph
    view = node_view(G, shipped_corpus, "ketamine", claim_index(G))
    for group in view.groups:
        heading, claims = group.heading, group.claims
        objects = [c.object for c in claims]
        for o in set(objects):
            at = [i for i, x in enumerate(objects) if x == o]
            assert at == list(range(at[0], at[0] + len(at))), (heading, o)
            ranks = [CERTAINTY_RANK[claims[i].certainty] for i in at]
            assert ranks == sorted(ranks)
    # The shipped graph has such twins (ketamine acts on the NMDA receptor): one row in the panel.
    acts = {g.heading: g.claims for g in view.groups}["acts on →"]
    nmda = [c for c in acts if c.object == "nmda-receptor"]
    assert len(nmda) >= 2 and len({c.certainty for c in nmda}) == len(nmda)
