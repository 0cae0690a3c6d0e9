"""The shipped graph's readings of the article (issue 11): each fixed claim pinned, the README's
certainty rules checked on every claim, and the mechanism paths a reader clicks through.

A pinned claim is ``(id, subject, relation, object, certainty, quotes)``: the quotes must be exactly
its evidence, in order, so a changed quote or certainty fails here and has to be argued anew.
"""

from __future__ import annotations

import re

import networkx as nx
import pytest

from graph_helpers import SHIPPED_GRAPH
from ketagraph.build import RELATION, TYPE
from ketagraph.load import Corpus
from ketagraph.model import Claim
from ketagraph.query import find_paths
from ketagraph.stats import compute_stats

ARTICLE = (SHIPPED_GRAPH / "reyou-ketamine-brain" / "article.txt").read_text(encoding="utf-8")
README = (SHIPPED_GRAPH.parent / "README.md").read_text(encoding="utf-8")

# --- sentences of the article that the pins quote -------------------------------------------------
NMDA_DISCOVERY = (
    "They discovered that ketamine acts on the brain’s glutamate system, specifically the NMDA receptors, "
    "which play a crucial role in learning, memory, and mood regulation."
)
NEW_AVENUES = "This finding opened up new avenues for the use of ketamine in treating various mental health conditions."
DOPAMINE = (
    "It affects the release and reuptake of various neurotransmitters, including dopamine and serotonin, "
    "which are involved in regulating mood and emotion."
)
GABA_NE = (
    "It has been found to affect the release and reuptake of other neurotransmitters, such as "
    "gamma-aminobutyric acid (GABA) and norepinephrine."
)
BELIEVE = (
    "They believe that its effects on the NMDA receptor and other neurotransmitter systems may contribute "
    "to its unique therapeutic potential."
)
GABA_MAY = "Ketamine’s influence on GABAergic transmission may contribute to its sedative and anxiolytic effects."
NE_MAY = (
    "Ketamine’s impact on norepinephrine release and reuptake may explain its ability to induce a dissociative "
    "state and alter perception."
)
CRUCIAL = (
    "Understanding the intricate interplay between ketamine and neurotransmitters is crucial for developing "
    "targeted therapies that can harness its potential benefits while minimizing potential side effects."
)
DISSOCIATIVE_STATE = (
    "Ketamine use often results in a dissociative state, where the user feels detached from their body and "
    "experiences an altered sense of reality."
)
IMAGINE = "Imagine a scenario where an individual consumes ketamine in a controlled environment."
REALM = "As the drug takes effect, their perception begins to shift, and they may find themselves transported to a different realm."
MOOD_REPORTED = "Ketamine has been reported to induce mood changes, ranging from euphoria to dysphoria."
MOOD_VARY = "These mood alterations can be unpredictable and may vary from person to person and dose to dose."
FEELINGS = "Feelings of sadness, anxiety, and confusion can arise, leaving individuals in a state of emotional turmoil."
SOME_STUDIES = (
    "Some studies have suggested that chronic ketamine use may result in cognitive impairments and memory loss."
)
NOT_DEFINITIVE = (
    "However, it is crucial to note that these findings are not definitive, and more research is needed to "
    "clarify the long-term cognitive consequences of ketamine use."
)
LOW_DOSES = (
    "Research has shown that ketamine administered at low doses can have rapid and significant antidepressant "
    "effects, even in individuals who have not responded to traditional antidepressant medications."
)
PROGRAMS = (
    "These findings have paved the way for the development of ketamine-assisted therapy programs, where ketamine "
    "is used under medical supervision to treat treatment-resistant depression."
)
STILL_STUDIED = (
    "While ketamine holds great promise in the field of mental health, its long-term effects and optimal dosing "
    "strategies are still being studied."
)
OTHER_PSYCHIATRIC = (
    "Furthermore, ongoing research is exploring the potential of ketamine in other psychiatric conditions, such "
    "as anxiety disorders, obsessive-compulsive disorder (OCD), and substance use disorders."
)

PINNED: list[tuple[str, str, str, str, str, tuple[str, ...]]] = [
    # 1. "Some studies have suggested that ... may result in" and "not definitive": speculative.
    ("ketamine-causes-cognitive-impairment", "ketamine", "causes", "cognitive-impairment", "speculative",
     (SOME_STUDIES, NOT_DEFINITIVE)),
    ("ketamine-causes-memory-loss", "ketamine", "causes", "memory-loss", "speculative",
     (SOME_STUDIES, NOT_DEFINITIVE)),
    # 2. The sentence's subject is ketamine.
    ("ketamine-treats-treatment-resistant-depression", "ketamine", "treats", "treatment-resistant-depression",
     "reported", (LOW_DOSES,)),
    # 3. "may contribute to its unique therapeutic potential": what the text names.
    ("nmda-receptor-contributes-to-therapeutic-potential", "nmda-receptor", "contributes_to",
     "therapeutic-potential", "speculative", (BELIEVE,)),
    ("neurotransmitter-systems-contribute-to-therapeutic-potential", "neurotransmitter-systems", "contributes_to",
     "therapeutic-potential", "speculative", (BELIEVE,)),
    # 4. "opened up new avenues": the psychiatric use, a possibility.
    ("glutamate-mechanism-discovery-led-to-psychiatric-treatment", "glutamate-mechanism-discovery", "led_to",
     "psychiatric-treatment", "suggested", (NEW_AVENUES,)),
    # 5. "is crucial for developing": a prerequisite, stated plainly.
    ("mechanisms-of-action-contribute-to-targeted-therapies", "mechanisms-of-action", "contributes_to",
     "targeted-therapies", "established", (CRUCIAL,)),
    # 6. The neurotransmitters are part of the other neurotransmitter systems.
    ("dopamine-part-of-neurotransmitter-systems", "dopamine", "part_of", "neurotransmitter-systems",
     "established", (DOPAMINE,)),
    ("serotonin-part-of-neurotransmitter-systems", "serotonin", "part_of", "neurotransmitter-systems",
     "established", (DOPAMINE,)),
    ("gaba-part-of-neurotransmitter-systems", "gaba", "part_of", "neurotransmitter-systems", "established",
     (GABA_NE,)),
    ("norepinephrine-part-of-neurotransmitter-systems", "norepinephrine", "part_of", "neurotransmitter-systems",
     "established", (GABA_NE,)),
    # Presupposition: the effects are taken for granted, the "may" governs the mechanism.
    ("ketamine-causes-sedation", "ketamine", "causes", "sedation", "established",
     ("its sedative and anxiolytic effects",)),
    ("ketamine-causes-anxiolysis", "ketamine", "causes", "anxiolysis", "established",
     ("its sedative and anxiolytic effects",)),
    ("gaba-contributes-to-sedation", "gaba", "contributes_to", "sedation", "suggested", (GABA_MAY,)),
    ("ketamine-modulates-gaba-asserted", "ketamine", "modulates", "gaba", "established",
     ("Ketamine’s influence on GABAergic transmission",)),
    ("ketamine-modulates-norepinephrine-asserted", "ketamine", "modulates", "norepinephrine", "established",
     ("Ketamine’s impact on norepinephrine release and reuptake",)),
    ("norepinephrine-contributes-to-dissociation", "norepinephrine", "contributes_to", "dissociation",
     "suggested", (NE_MAY,)),
    # The author's own clause inside an attribution.
    ("ketamine-acts-on-nmda-receptor", "ketamine", "acts_on", "nmda-receptor", "reported", (NMDA_DISCOVERY,)),
    ("nmda-receptor-regulates-learning", "nmda-receptor", "regulates", "learning", "established", (NMDA_DISCOVERY,)),
    ("nmda-receptor-regulates-memory", "nmda-receptor", "regulates", "memory", "established", (NMDA_DISCOVERY,)),
    ("nmda-receptor-regulates-mood", "nmda-receptor", "regulates", "mood", "established", (NMDA_DISCOVERY,)),
    # Stacked hedges: "Imagine ... may".
    ("ketamine-causes-altered-reality", "ketamine", "causes", "altered-reality", "speculative", (IMAGINE, REALM)),
    # What a hedge governs: the variability is a qualifier of the reported claim.
    ("ketamine-causes-mood-changes-reported", "ketamine", "causes", "mood-changes", "reported",
     (MOOD_REPORTED, MOOD_VARY)),
    # Composition, not causation.
    ("detachment-part-of-dissociation", "detachment", "part_of", "dissociation", "established",
     (DISSOCIATIVE_STATE,)),
    ("altered-reality-part-of-dissociation", "altered-reality", "part_of", "dissociation", "established",
     (DISSOCIATIVE_STATE,)),
    ("sadness-part-of-dysphoria", "sadness", "part_of", "dysphoria", "established", (FEELINGS,)),
    ("anxiety-part-of-dysphoria", "anxiety", "part_of", "dysphoria", "established", (FEELINGS,)),
    ("confusion-part-of-dysphoria", "confusion", "part_of", "dysphoria", "established", (FEELINGS,)),
    # Euphoria and dysphoria, the two ends of one range.
    ("euphoria-part-of-mood-changes", "euphoria", "part_of", "mood-changes", "established", (MOOD_REPORTED,)),
    ("dysphoria-part-of-mood-changes", "dysphoria", "part_of", "mood-changes", "established", (MOOD_REPORTED,)),
    # Weak second quotes dropped, missing ones added.
    ("ketamine-studied-for-long-term-effects", "ketamine", "studied_for", "long-term-effects", "speculative",
     (STILL_STUDIED,)),
    ("ketamine-studied-for-mechanisms-of-action", "ketamine", "studied_for", "mechanisms-of-action", "speculative",
     ("Researchers are still investigating the precise mechanisms through which ketamine influences the brain’s "
      "chemical balance.",)),
    ("ketamine-treats-mental-health-conditions-hedged", "ketamine", "treats", "mental-health-conditions",
     "suggested", (NEW_AVENUES, STILL_STUDIED)),
    ("ketamine-causes-dissociation", "ketamine", "causes", "dissociation", "established",
     ("ketamine’s ability to induce dissociation and alter perception",
      "its ability to induce a dissociative state and alter perception", DISSOCIATIVE_STATE)),
    # Structure: ketamine -> therapy -> condition, and the condition hierarchy.
    ("ketamine-used-for-ketamine-assisted-therapy-programs", "ketamine", "used_for",
     "ketamine-assisted-therapy-programs", "established", (PROGRAMS,)),
    ("ketamine-assisted-therapy-programs-used-for-treatment-resistant-depression", "ketamine-assisted-therapy-programs",
     "used_for", "treatment-resistant-depression", "established", (PROGRAMS,)),
    ("treatment-resistant-depression-is-a-depression", "treatment-resistant-depression", "is_a", "depression",
     "established", (PROGRAMS,)),
    ("ptsd-is-a-mental-health-condition", "ptsd", "is_a", "mental-health-conditions", "established",
     (OTHER_PSYCHIATRIC,)),
    ("mood-disorders-is-a-mental-health-condition", "mood-disorders", "is_a", "mental-health-conditions",
     "established", (OTHER_PSYCHIATRIC,)),
    ("nmda-receptor-part-of-glutamate-mechanism-discovery", "nmda-receptor", "part_of",
     "glutamate-mechanism-discovery", "reported", (NMDA_DISCOVERY,)),
    # A presupposition quotes just the phrase taken for granted, not the sentence that asserts something else.
    ("ketamine-causes-antidepressant-effect", "ketamine", "causes", "antidepressant-effect", "established",
     ("its antidepressant effects",)),
    ("ketamine-causes-hallucinations", "ketamine", "causes", "hallucinations", "established",
     ("its hallucinogenic properties",)),
    ("ketamine-acts-on-reward-system", "ketamine", "acts_on", "reward-system", "established",
     ("like other drugs that act on the brain’s reward system",)),
]  # fmt: skip


def claims_by_id(corpus: Corpus) -> dict[str, Claim]:
    return {c.id: c for c in corpus.claims}


@pytest.mark.parametrize(("claim_id", "subject", "relation", "obj", "certainty", "quotes"), PINNED)
def test_a_fixed_reading_is_pinned(
    shipped_corpus: Corpus,
    claim_id: str,
    subject: str,
    relation: str,
    obj: str,
    certainty: str,
    quotes: tuple[str, ...],
) -> None:
    claim = claims_by_id(shipped_corpus)[claim_id]
    assert (claim.subject, claim.relation, claim.object, claim.certainty) == (subject, relation, obj, certainty)
    assert tuple(ev.quote for ev in claim.evidence) == quotes
    assert claim.polarity == "affirmed"
    for quote in quotes:
        assert quote in ARTICLE


def test_the_ketamine_treats_trd_claim_keeps_dose_and_population(shipped_corpus: Corpus) -> None:
    qualifiers = dict(claims_by_id(shipped_corpus)["ketamine-treats-treatment-resistant-depression"].qualifiers)
    assert qualifiers["dose"] == "low doses"
    assert "not responded to traditional antidepressant medications" in str(qualifiers["population"])


def test_the_mood_variability_is_a_qualifier_with_its_hedge(shipped_corpus: Corpus) -> None:
    claims = claims_by_id(shipped_corpus)
    assert "ketamine-causes-mood-changes-hedged" not in claims
    assert "may vary from person to person and dose to dose" in str(
        dict(claims["ketamine-causes-mood-changes-reported"].qualifiers)["context"]
    )


def test_replaced_readings_are_gone(shipped_corpus: Corpus) -> None:
    claims = shipped_corpus.claims
    # No effect treats a condition; the antidepressant effect is not the end of the NMDA chain.
    assert [c.id for c in claims if c.relation == "treats" and c.subject == "antidepressant-effect"] == []
    assert [c.id for c in claims if c.relation == "contributes_to" and c.object == "antidepressant-effect"] == []
    # "is crucial for developing" is no development that happened.
    assert [c.id for c in claims if c.relation == "led_to" and any("crucial for" in e.quote for e in c.evidence)] == []
    # Composition is not causation.
    assert [c.id for c in claims if c.relation == "causes" and c.subject in {"dissociation", "dysphoria"}] == [
        "dissociation-causes-hallucinations",
        "dissociation-causes-out-of-body-experience",
        "dissociation-causes-time-space-distortion",
    ]
    # Therapies no longer point at the drug; the drug is used for them.
    assert [c.id for c in claims if c.relation == "uses" and c.object == "ketamine"] == []
    # Links the article does not state (the second reader's audit): "These interactions", not mood
    # regulation, lead to mood changes; "like other drugs that act on the brain's reward system" compares,
    # it does not say that the reward system is how dependence arises.
    ids = {c.id for c in claims}
    assert not ids & {"mood-contributes-to-mood-changes", "reward-system-contributes-to-dependence"}
    assert [c.id for c in claims if c.subject in {"mood", "reward-system"}] == []


def test_advice_is_not_a_stated_mitigation(shipped_corpus: Corpus) -> None:
    mitigations = [c for c in shipped_corpus.claims if c.relation == "mitigates"]
    assert [c.id for c in mitigations] == ["dose-awareness-mitigates-negative-psychological-consequences"]
    advice = ("approach ketamine use with caution", "should seek professional help")
    assert [c.id for c in shipped_corpus.claims for e in c.evidence if any(a in e.quote for a in advice)] == []


@pytest.mark.parametrize(
    ("weak", "relations"),
    [
        ("more research is needed", {"studied_for"}),
        ("still much to learn", {"studied_for"}),
        ("novel therapeutic approach", {"treats", "studied_for"}),
    ],
)
def test_weak_second_quotes_are_not_evidence(shipped_corpus: Corpus, weak: str, relations: set[str]) -> None:
    assert [
        c.id for c in shipped_corpus.claims if c.relation in relations and any(weak in e.quote for e in c.evidence)
    ] == []


# --- the README's hedge rules, on every claim -------------------------------------------------------

#: One hedge each (the README's "Counting hedges"); "some", "others", "often" and "can" are not hedges.
HEDGE_CUES = re.compile(
    r"\b(may|might|could|potential|promise|possibilities|avenues|hope|suggested)\b"
    r"|individuals report|\bImagine\b|not definitive",
)
#: Speculative on its own: a belief, or research still under way.
SPECULATIVE_CUES = re.compile(
    r"\bbelieved?\b|ongoing research|is exploring|began to explore|continue to explore|still being studied"
    r"|still investigating|continues to investigate",
)


def test_every_hedged_claim_quotes_its_hedges(shipped_corpus: Corpus) -> None:
    """A `suggested` claim quotes a hedge; a `speculative` one quotes two, a belief or research under way."""
    wrong = []
    for claim in shipped_corpus.claims:
        quotes = " | ".join(e.quote for e in claim.evidence)
        hedges = len(HEDGE_CUES.findall(quotes))
        if claim.certainty == "suggested" and hedges < 1:
            wrong.append((claim.id, quotes))
        if claim.certainty == "speculative" and hedges < 2 and not SPECULATIVE_CUES.search(quotes):
            wrong.append((claim.id, quotes))
    assert wrong == []


def test_research_under_way_and_belief_are_speculative(shipped_corpus: Corpus) -> None:
    assert {c.certainty for c in shipped_corpus.claims if c.relation == "studied_for"} == {"speculative"}
    believed = [c for c in shipped_corpus.claims if any(re.search(r"\bbelieved?\b", e.quote) for e in c.evidence)]
    assert len(believed) == 6
    assert {c.certainty for c in believed} == {"speculative"}


def test_a_presupposition_quote_carries_no_hedge(shipped_corpus: Corpus) -> None:
    """An established claim may quote a phrase out of a hedged sentence, never the hedge itself."""
    for claim in shipped_corpus.claims:
        if claim.certainty != "established":
            continue
        for ev in claim.evidence:
            if len(ev.quote) < 80:  # a phrase taken for granted, not a sentence
                assert not HEDGE_CUES.search(ev.quote) and not SPECULATIVE_CUES.search(ev.quote), claim.id


# --- entities -------------------------------------------------------------------------------------


def test_every_alias_is_a_word_of_the_article(shipped_corpus: Corpus) -> None:
    folded = ARTICLE.casefold()
    assert [(e.id, a) for e in shipped_corpus.entities.values() for a in e.aliases if a.casefold() not in folded] == []
    assert "ketamine hydrochloride" not in shipped_corpus.entities["ketamine"].aliases


def test_entity_fixes(shipped_corpus: Corpus) -> None:
    entities = shipped_corpus.entities
    assert "blocks" not in entities["ketamine"].description
    assert "acts on the brain's glutamate system" in entities["ketamine"].description
    assert entities["euphoria"].type == entities["dysphoria"].type == "effect"
    assert entities["long-term-effects"].type == "research" and "under study" in entities["long-term-effects"].label
    assert "ketamine-treatment" not in entities  # anaesthesia and psychiatric use are apart now
    assert entities["therapeutic-use"].type == entities["psychiatric-treatment"].type == "therapy"
    assert set(entities["ketamine"].xrefs) == {
        "CHEBI:6121",
        "MESH:D007649",
        "PUBCHEM.COMPOUND:3821",
        "DRUGBANK:DB01221",
    }
    assert entities["depression"].xrefs == ("MESH:D003866",)


# --- paths a reader clicks through ----------------------------------------------------------------


def test_dopamine_leads_to_mood_changes(shipped_graph: nx.MultiDiGraph) -> None:
    paths = {p.nodes for p in find_paths(shipped_graph, "dopamine", "mood-changes", max_hops=2)}
    # The article's route: dopamine is one of the neurotransmitters whose interactions lead to mood changes.
    assert paths == {("dopamine", "neurotransmitter-systems", "mood-changes")}
    for n in ("serotonin", "gaba", "norepinephrine"):
        assert find_paths(shipped_graph, n, "mood-changes", max_hops=2), n


def test_ketamine_treats_treatment_resistant_depression_in_one_hop(shipped_graph: nx.MultiDiGraph) -> None:
    first = find_paths(shipped_graph, "ketamine", "treatment-resistant-depression")[0]
    assert first.nodes == ("ketamine", "treatment-resistant-depression")
    (hop,) = first.hops
    assert "ketamine-treats-treatment-resistant-depression" in {c for c, _, _ in hop.claims}


@pytest.mark.parametrize("function", ["learning", "memory", "mood"])
def test_ketamine_reaches_the_nmda_receptor_functions(shipped_graph: nx.MultiDiGraph, function: str) -> None:
    paths = {p.nodes for p in find_paths(shipped_graph, "ketamine", function, max_hops=2)}
    assert ("ketamine", "nmda-receptor", function) in paths


@pytest.mark.parametrize(
    ("therapy", "condition"),
    [
        ("ketamine-assisted-therapy-programs", "treatment-resistant-depression"),
        ("ketamine-infusion-therapy", "depression"),
        ("ketamine-assisted-psychotherapy", "ptsd"),
        ("procedural-pain-management", "pain"),
    ],
)
def test_ketamine_reaches_a_condition_through_a_therapy_directed(
    shipped_graph: nx.MultiDiGraph, therapy: str, condition: str
) -> None:
    paths = find_paths(shipped_graph, "ketamine", condition, max_hops=2, directed=True)
    through = [p for p in paths if p.nodes == ("ketamine", therapy, condition)]
    assert through and not any(h.reversed for h in through[0].hops)
    assert shipped_graph.nodes[therapy][TYPE] == "therapy"


def test_the_findings_are_on_the_mechanism_chain(shipped_graph: nx.MultiDiGraph) -> None:
    nodes = {p.nodes for p in find_paths(shipped_graph, "nmda-receptor", "mental-health-conditions", max_hops=3)}
    assert (
        "nmda-receptor",
        "glutamate-mechanism-discovery",
        "psychiatric-treatment",
        "mental-health-conditions",
    ) in nodes
    via_finding = {p.nodes for p in find_paths(shipped_graph, "antidepressant-effect", "depression", max_hops=3)}
    assert (
        "antidepressant-effect",
        "antidepressant-research",
        "ketamine-infusion-therapy",
        "depression",
    ) in via_finding


def test_the_condition_hierarchy(shipped_graph: nx.MultiDiGraph) -> None:
    is_a = nx.DiGraph((u, v) for u, v, d in shipped_graph.edges(data=True) if d[RELATION] == "is_a")
    assert nx.has_path(is_a, "treatment-resistant-depression", "depression")
    assert nx.has_path(is_a, "depression", "mental-health-conditions")
    for condition in ("ptsd", "anxiety-disorders", "ocd", "substance-use-disorders"):
        assert is_a.has_edge(condition, "mental-health-conditions"), condition


def test_the_only_uncited_sentences_are_the_ones_the_readme_lists(shipped_corpus: Corpus) -> None:
    (coverage,) = compute_stats(shipped_corpus).coverage
    lines = README.splitlines()
    start = next(i for i, line in enumerate(lines) if "state nothing checkable" in line)
    listed = []
    for line in lines[start + 1 :]:
        if line.startswith("- "):
            listed.append(line[2:])
        elif listed:
            break
    assert [s.text for s in coverage.uncovered] == listed
