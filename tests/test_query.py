"""ketagraph.query: search, filter, neighbourhood and paths, all pure functions."""

from __future__ import annotations

import networkx as nx
import pytest

from ketagraph.build import ALIASES, CERTAINTY, DESCRIPTION, EVIDENCE, LABEL, POLARITY, RELATION, TYPE
from ketagraph.query import Hop, Path, filter_graph, find_paths, neighbourhood, search, search_index


def make(edges: list[tuple[str, str, str, str]], nodes: dict[str, tuple[str, str]] | None = None) -> nx.MultiDiGraph:
    """A claim graph from ``(claim id, subject, object, certainty)``; nodes as ``id: (label, type)``."""
    G = nx.MultiDiGraph()
    for node, (label, kind) in (nodes or {}).items():
        G.add_node(node, **{LABEL: label, TYPE: kind, ALIASES: [], DESCRIPTION: ""})
    for key, u, v, certainty in edges:
        for n in (u, v):
            if n not in G:
                G.add_node(n, **{LABEL: n.upper(), TYPE: "drug", ALIASES: [], DESCRIPTION: ""})
        G.add_edge(
            u,
            v,
            key=key,
            **{RELATION: "causes", CERTAINTY: certainty, POLARITY: "affirmed", EVIDENCE: [{"source": "s"}]},
        )
    return G


@pytest.fixture
def chain() -> nx.MultiDiGraph:
    """a -> b -> c -> d, a shortcut a -> c, d -> a back, a self-loop on b, and an isolated e."""
    G = make(
        [
            ("ab", "a", "b", "established"),
            ("ab-hedged", "a", "b", "suggested"),
            ("bc", "b", "c", "reported"),
            ("cd", "c", "d", "established"),
            ("ac", "a", "c", "speculative"),
            ("da", "d", "a", "established"),
            ("bb", "b", "b", "established"),
        ]
    )
    G.add_node("e", **{LABEL: "E", TYPE: "risk", ALIASES: [], DESCRIPTION: ""})
    return G


# --- search ---------------------------------------------------------------------------------------


def test_search_ranks_exact_then_prefix_then_substring_then_description(tiny_graph: nx.MultiDiGraph) -> None:
    assert search(tiny_graph, "ketamine") == ["ketamine"]
    assert search(tiny_graph, "NMDA") == ["nmda-receptor"]
    assert search(tiny_graph, "recep") == ["nmda-receptor"]
    assert search(tiny_graph, "hydrochloride") == ["ketamine"]
    assert search(tiny_graph, "anaesthetic") == ["ketamine"]  # description only


def test_search_ranking_order() -> None:
    G = nx.MultiDiGraph()
    G.add_node("x1", **{LABEL: "Pain relief", ALIASES: [], DESCRIPTION: ""})
    G.add_node("x2", **{LABEL: "Pain", ALIASES: [], DESCRIPTION: ""})
    G.add_node("x3", **{LABEL: "Chronic pain", ALIASES: [], DESCRIPTION: ""})
    G.add_node("x4", **{LABEL: "Ketamine", ALIASES: [], DESCRIPTION: "Used against pain"})
    G.add_node("x5", **{LABEL: "Anxiety", ALIASES: ["PAIN"], DESCRIPTION: ""})
    assert search(G, "pain") == ["x5", "x2", "x1", "x3", "x4"]
    assert search(G, "pain", limit=2) == ["x5", "x2"]


def test_search_normalises_case_and_spaces(tiny_graph: nx.MultiDiGraph) -> None:
    assert search(tiny_graph, "  nmda   RECEPTOR ") == ["nmda-receptor"]


def test_search_for_nothing(tiny_graph: nx.MultiDiGraph) -> None:
    assert search(tiny_graph, "") == []
    assert search(tiny_graph, "   ") == []
    assert search(tiny_graph, "serotonin") == []


def test_search_matches_ids(tiny_graph: nx.MultiDiGraph) -> None:
    assert search(tiny_graph, "nmda-receptor") == ["nmda-receptor"]


# --- filter -------------------------------------------------------------------------------------


def test_the_search_index_holds_what_search_reads_in_its_tie_order(shipped_graph: nx.MultiDiGraph) -> None:
    G = shipped_graph
    index = search_index(G)
    ids = [e[0] for e in index["entries"]]
    assert ids == sorted(G.nodes, key=lambda n: (G.nodes[n][LABEL].casefold(), n))
    for node, names, description in index["entries"]:
        d = G.nodes[node]
        assert names == [n.casefold() for n in (d[LABEL], *d.get(ALIASES, ()), node)]
        assert description == d.get(DESCRIPTION, "").casefold()


def test_the_search_index_fold_table_makes_lower_case_into_case_folding() -> None:
    # The browser lower-cases, then maps these characters: Python's casefold() for every character.
    fold = search_index(nx.MultiDiGraph())["fold"]
    assert fold["ß"] == "ss" and fold["ς"] == "σ" and "a" not in fold
    for code in range(0x110000):
        c = chr(code)
        assert "".join(fold.get(x, x) for x in c.lower()) == c.casefold(), hex(code)


def test_no_filter_keeps_everything_as_a_copy(chain: nx.MultiDiGraph) -> None:
    H = filter_graph(chain)
    assert nx.utils.graphs_equal(H, chain)
    assert H is not chain
    H.add_node("new")
    assert "new" not in chain


def test_filter_by_type_keeps_isolated_nodes_of_that_type(chain: nx.MultiDiGraph) -> None:
    H = filter_graph(chain, types={"risk"})
    assert list(H.nodes) == ["e"]
    H = filter_graph(chain, types={"drug"})
    assert sorted(H.nodes) == ["a", "b", "c", "d"]
    assert H.number_of_edges() == chain.number_of_edges()


def test_filter_by_certainty_drops_entities_left_without_claims(chain: nx.MultiDiGraph) -> None:
    H = filter_graph(chain, certainties={"suggested", "speculative"})
    assert sorted(H.edges(keys=True)) == [("a", "b", "ab-hedged"), ("a", "c", "ac")]
    assert sorted(H.nodes) == ["a", "b", "c"]


def test_filter_by_relation_polarity_and_source(chain: nx.MultiDiGraph) -> None:
    chain.edges["a", "b", "ab"][RELATION] = "treats"
    chain.edges["c", "d", "cd"][POLARITY] = "negated"
    chain.edges["d", "a", "da"][EVIDENCE] = [{"source": "t"}, {"source": "s"}]
    chain.edges["b", "c", "bc"][EVIDENCE] = [{"source": "t"}]
    assert list(filter_graph(chain, relations={"treats"}).edges(keys=True)) == [("a", "b", "ab")]
    assert list(filter_graph(chain, polarities={"negated"}).edges(keys=True)) == [("c", "d", "cd")]
    assert sorted(filter_graph(chain, sources={"t"}).edges(keys=True)) == [("b", "c", "bc"), ("d", "a", "da")]


def test_filters_combine(chain: nx.MultiDiGraph) -> None:
    H = filter_graph(chain, certainties={"established"}, types={"drug"}, relations={"causes"})
    assert sorted(H.edges(keys=True)) == [("a", "b", "ab"), ("b", "b", "bb"), ("c", "d", "cd"), ("d", "a", "da")]


def test_an_empty_filter_matches_nothing(chain: nx.MultiDiGraph) -> None:
    H = filter_graph(chain, certainties=set())
    assert H.number_of_nodes() == H.number_of_edges() == 0


def test_filter_keeps_graph_attributes(chain: nx.MultiDiGraph) -> None:
    chain.graph["name"] = "g"
    assert filter_graph(chain, types={"risk"}).graph == {"name": "g"}


# --- neighbourhood --------------------------------------------------------------------------------


def test_neighbourhood_follows_claims_in_both_directions(chain: nx.MultiDiGraph) -> None:
    H = neighbourhood(chain, "d")
    assert sorted(H.nodes) == ["a", "c", "d"]
    assert sorted(H.edges(keys=True)) == [("a", "c", "ac"), ("c", "d", "cd"), ("d", "a", "da")]


def test_neighbourhood_depth(chain: nx.MultiDiGraph) -> None:
    assert sorted(neighbourhood(chain, "d", depth=0).nodes) == ["d"]
    assert sorted(neighbourhood(chain, "d", depth=2).nodes) == ["a", "b", "c", "d"]
    assert sorted(neighbourhood(chain, "e", depth=3).nodes) == ["e"]


def test_neighbourhood_is_a_copy(chain: nx.MultiDiGraph) -> None:
    H = neighbourhood(chain, "a")
    H.remove_node("b")
    assert "b" in chain


def test_neighbourhood_of_an_unknown_entity(chain: nx.MultiDiGraph) -> None:
    with pytest.raises(KeyError):
        neighbourhood(chain, "zzz")


# --- paths ----------------------------------------------------------------------------------------


def test_paths_shortest_first_following_claim_direction(chain: nx.MultiDiGraph) -> None:
    paths = find_paths(chain, "a", "d")
    assert [p.nodes for p in paths] == [("a", "c", "d"), ("a", "b", "c", "d")]
    assert paths[0].hops == (
        Hop("a", "c", (("ac", "a", "c"),), "speculative", False),
        Hop("c", "d", (("cd", "c", "d"),), "established", False),
    )
    assert paths[0].weakest == "speculative"


def test_a_hop_lists_its_claims_strongest_first(chain: nx.MultiDiGraph) -> None:
    path = find_paths(chain, "a", "d")[1]
    assert path.hops[0] == Hop("a", "b", (("ab", "a", "b"), ("ab-hedged", "a", "b")), "established", False)
    assert path.weakest == "reported"


def test_paths_respect_max_hops_and_limit(chain: nx.MultiDiGraph) -> None:
    assert [p.nodes for p in find_paths(chain, "a", "d", max_hops=2)] == [("a", "c", "d")]
    assert find_paths(chain, "a", "d", max_hops=1) == []
    assert [p.nodes for p in find_paths(chain, "a", "d", limit=1)] == [("a", "c", "d")]


def test_no_directed_path_against_the_claims(chain: nx.MultiDiGraph) -> None:
    chain.remove_edge("d", "a", "da")
    assert find_paths(chain, "d", "a") == []


def test_undirected_paths_mark_hops_against_a_claim(chain: nx.MultiDiGraph) -> None:
    chain.remove_edge("d", "a", "da")
    paths = find_paths(chain, "d", "a", directed=False)
    assert paths[0] == Path(
        ("d", "c", "a"),
        (
            Hop("d", "c", (("cd", "c", "d"),), "established", True),
            Hop("c", "a", (("ac", "a", "c"),), "speculative", True),
        ),
    )


def test_undirected_hop_with_claims_both_ways_is_not_reversed() -> None:
    G = make([("xy", "x", "y", "suggested"), ("yx", "y", "x", "established")])
    (path,) = find_paths(G, "x", "y", directed=False)
    assert path.hops == (Hop("x", "y", (("yx", "y", "x"), ("xy", "x", "y")), "established", False),)


def test_no_path_between_disconnected_entities(chain: nx.MultiDiGraph) -> None:
    assert find_paths(chain, "a", "e") == []
    assert find_paths(chain, "a", "e", directed=False) == []


def test_a_path_to_itself_is_empty_even_with_a_self_loop(chain: nx.MultiDiGraph) -> None:
    assert find_paths(chain, "b", "b") == []


@pytest.mark.parametrize(("source", "target"), [("zzz", "a"), ("a", "zzz")])
def test_paths_with_an_unknown_entity(chain: nx.MultiDiGraph, source: str, target: str) -> None:
    with pytest.raises(KeyError):
        find_paths(chain, source, target)


def test_paths_on_the_tiny_graph(tiny_graph: nx.MultiDiGraph) -> None:
    (path,) = find_paths(tiny_graph, "ketamine", "depression")
    assert path.weakest == "speculative"
    assert find_paths(tiny_graph, "depression", "addiction") == []
    assert [p.nodes for p in find_paths(tiny_graph, "depression", "addiction", directed=False)] == [
        ("depression", "ketamine", "addiction")
    ]


def test_queries_do_not_change_the_graph(chain: nx.MultiDiGraph) -> None:
    before = nx.node_link_data(chain, edges="edges")
    search(chain, "a")
    filter_graph(chain, certainties={"established"})
    neighbourhood(chain, "a", depth=2)
    find_paths(chain, "a", "d", directed=False)
    assert nx.node_link_data(chain, edges="edges") == before
