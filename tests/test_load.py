"""ketagraph.load: a graph folder read into records; one small broken graph per reading rule.

Every test of a broken graph asserts the whole list of errors, each as printed (``path:line:
message``), so a message that changes, a line that drifts or a problem reported twice shows up.
Cross-checks between records (references, quotes, duplicate claims) are in ``test_validate.py``.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from graph_helpers import (
    ARTICLE,
    CLAIMS_YAML,
    ENTITIES_YAML,
    SOURCE_YAML,
    MakeGraph,
    errors,
    messages,
    one_claim,
    yaml_text,
)
from ketagraph import load as load_module
from ketagraph import yamlsafe
from ketagraph.load import Corpus, load, load_corpus, read_folder
from ketagraph.model import Claim, Entity, Evidence, Location, Source

ALLOWED_CLAIM_KEYS = "id, subject, relation, object, certainty, polarity, qualifiers, evidence, note"
ALLOWED_TYPES = (
    "drug, receptor, neurotransmitter, brain-system, brain-function, effect, condition, risk, therapy, use, "
    "practice, organization, person, regulation, research, population"
)
ALLOWED_RELATIONS = (
    "acts_on, modulates, interacts_with, part_of, is_a, regulates, causes, contributes_to, treats, used_for, "
    "uses, studied_for, led_to, mitigates, classified_as, synthesized_by, affiliated_with, provides"
)


# --- what a valid folder becomes -------------------------------------------------------------------


def test_the_tiny_graph_loads_without_issues(tiny_corpus: Corpus) -> None:
    assert tiny_corpus.ok
    assert tiny_corpus.files == ["graph/claims.yaml", "graph/entities.yaml", "graph/source.yaml"]
    assert sorted(tiny_corpus.entities) == ["addiction", "depression", "ketamine", "nmda-receptor"]
    assert [c.id for c in tiny_corpus.claims] == [
        "ketamine-acts-on-nmda-receptor",
        "ketamine-treats-depression",
        "ketamine-causes-addiction",
    ]


def test_records_are_frozen_and_know_where_they_came_from(tiny_corpus: Corpus) -> None:
    ketamine = tiny_corpus.entities["ketamine"]
    assert ketamine == Entity(
        id="ketamine",
        label="Ketamine",
        type="drug",
        description="A dissociative anaesthetic.",
        aliases=("ketamine hydrochloride",),
        xrefs=("CHEBI:6121",),
    )
    assert ketamine.where == Location("graph/entities.yaml", 2)
    assert str(ketamine.where) == "graph/entities.yaml:2"
    assert tiny_corpus.entities["addiction"].where == Location("graph/entities.yaml", 15)
    with pytest.raises(AttributeError):
        ketamine.label = "K"  # type: ignore[misc]


def test_source_record(tiny_corpus: Corpus) -> None:
    source = tiny_corpus.sources["article"]
    assert source == Source(
        id="article",
        title="Ketamine and the brain",
        publisher="Test Clinic",
        kind="clinic-marketing",
        language="en",
        file="article.txt",
        text=ARTICLE,
        sha256=hashlib.sha256(ARTICLE.encode("utf-8")).hexdigest(),
    )
    assert source.where == Location("graph/source.yaml", 2)
    assert tiny_corpus.documents["article"].text == ARTICLE


def test_claim_records_carry_located_evidence(tiny_corpus: Corpus) -> None:
    claim = tiny_corpus.claims[2]
    quote = "Ketamine can lead to addiction."
    second = ARTICLE.index(quote, ARTICLE.index(quote) + 1)
    assert claim == Claim(
        id="ketamine-causes-addiction",
        subject="ketamine",
        relation="causes",
        object="addiction",
        certainty="established",
        polarity="affirmed",
        evidence=(Evidence("article", quote, occurrence=2, start=second, end=second + len(quote), section="Risks"),),
    )
    assert claim.where == Location("graph/claims.yaml", 19)
    assert claim.evidence[0].where == Location("graph/claims.yaml", 25)
    assert tiny_corpus.claims[1].qualifiers == (("context", "researchers believe"),)


def test_reading_alone_does_not_cross_check(make_graph: MakeGraph) -> None:
    root = make_graph({"claims.yaml": one_claim(subject="subject: ketamin")})
    corpus = read_folder(root)
    assert corpus.issues == []
    assert [c.evidence[0].start for c in corpus.claims] == [-1]
    assert load is read_folder  # the phase's former name still works


def test_records_remember_the_line_of_each_key(make_graph: MakeGraph) -> None:
    root = make_graph({"claims.yaml": one_claim()})
    (claim,) = read_folder(root).claims
    assert [claim.where.at(key).line for key in ("id", "subject", "relation", "object", "certainty")] == [2, 3, 4, 5, 6]
    assert (claim.evidence[0].where.at("source").line, claim.evidence[0].where.at("quote").line) == (8, 9)
    # A key the record does not have: the record's own line.
    assert claim.where.at("note") == Location("graph/claims.yaml", 2) == claim.where


def test_the_phases_read_check_build_each_return_a_new_value(make_graph: MakeGraph) -> None:
    from ketagraph.build import build_graph
    from ketagraph.validate import check

    root = make_graph({"more.yaml": "entities:\n  - {id: spare, label: Spare, type: drug}\n"})
    read = read_folder(root)
    claims_before, issues_before = list(read.claims), list(read.issues)
    checked = check(read)
    # The corpus that was read is as it was: no located offsets, no cross-check issues.
    assert read.claims == claims_before and read.issues == issues_before == []
    assert all(ev.start == -1 for c in read.claims for ev in c.evidence)
    assert checked is not read and all(ev.start >= 0 for c in checked.claims for ev in c.evidence)
    assert [str(i) for i in checked.issues] == ["graph/more.yaml:2: warning: entity 'spare' is not used by any claim"]
    assert checked.issues == load_corpus(root).issues
    G = build_graph(checked)
    assert sorted(k for _, _, k in G.edges(keys=True)) == sorted(c.id for c in checked.claims)


def test_source_file_is_relative_to_the_graph_folder_whatever_the_current_folder(
    make_graph: MakeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_graph(
        {"source.yaml": None, "article.txt": None, "texts/source.yaml": SOURCE_YAML, "texts/article.txt": ARTICLE}
    )
    absolute = root.resolve()
    assert load_corpus(root).sources["article"].file == "texts/article.txt"
    monkeypatch.chdir(absolute / "texts")
    assert load_corpus("..").sources["article"].file == "texts/article.txt"
    assert load_corpus(absolute).sources["article"].file == "texts/article.txt"


def test_yaml_files_are_read_at_any_depth_in_sorted_order_and_hidden_ones_skipped(make_graph: MakeGraph) -> None:
    root = make_graph(
        {
            "entities.yaml": None,
            "b/entities.yml": ENTITIES_YAML,
            "a/more.yaml": "entities:\n  - {id: unused, label: Unused, type: drug}\n",
            ".hidden.yaml": "this: is not read\n",
            ".git/x.yaml": "neither: is this\n",
            "notes.txt": "not YAML",
        }
    )
    corpus = load_corpus(root)
    # Top-down: a folder's files (sorted), then its subfolders (sorted).
    assert corpus.files == ["graph/claims.yaml", "graph/source.yaml", "graph/a/more.yaml", "graph/b/entities.yml"]
    assert [str(i) for i in corpus.issues] == ["graph/a/more.yaml:2: warning: entity 'unused' is not used by any claim"]


def test_a_bom_and_crlf_line_ends_are_accepted_in_yaml_and_in_the_source(make_graph: MakeGraph) -> None:
    crlf = {name: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode() for name, text in _base_texts().items()}
    root = make_graph(crlf)
    corpus = load_corpus(root)
    assert corpus.issues == []
    source = corpus.sources["article"]
    assert source.text == ARTICLE  # offsets count characters of the text with LF line ends
    assert source.sha256 == hashlib.sha256(crlf["article.txt"]).hexdigest()
    assert corpus.entities["addiction"].where.line == 15
    ev = corpus.claims[0].evidence[0]
    assert ARTICLE[ev.start : ev.end] == ev.quote


def _base_texts() -> dict[str, str]:
    return {
        "article.txt": ARTICLE,
        "source.yaml": SOURCE_YAML,
        "entities.yaml": ENTITIES_YAML,
        "claims.yaml": CLAIMS_YAML,
    }


def test_a_graph_folder_reached_through_a_symlink_is_fine(make_graph: MakeGraph) -> None:
    root = make_graph()
    os.symlink(root.resolve(), "link", target_is_directory=True)
    assert messages("link") == []


# --- the folder ---------------------------------------------------------------------------------


def test_not_a_folder(make_graph: MakeGraph) -> None:
    make_graph()
    assert errors("nowhere") == ["nowhere: not a folder: give the folder that holds the graph's YAML files"]
    assert errors("graph/article.txt") == [
        "graph/article.txt: not a folder: give the folder that holds the graph's YAML files"
    ]


def test_empty_folder(make_graph: MakeGraph) -> None:
    root = make_graph(base=False)
    assert messages(root) == ["graph: no YAML files (*.yaml) found: the graph is empty"]


def test_folder_with_yaml_but_no_claims(make_graph: MakeGraph) -> None:
    root = make_graph({"claims.yaml": None, "article.txt": None, "source.yaml": None})
    assert errors(root) == ["graph: the graph has no claims: add a 'claims:' list to a YAML file"]


def test_empty_yaml_file_is_a_warning(make_graph: MakeGraph) -> None:
    root = make_graph({"empty.yaml": "# nothing yet\n"})
    assert messages(root) == [
        "graph/empty.yaml: warning: the file is empty; expected a mapping with sources, entities, claims"
    ]


def test_too_many_yaml_files(make_graph: MakeGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load_module, "MAX_FILES", 3)
    root = make_graph({"zz.yaml": "claims: oops\n"})
    corpus = load_corpus(root)
    assert [str(i) for i in corpus.issues] == ["graph: more than 3 YAML files"]
    assert corpus.files == ["graph/claims.yaml", "graph/entities.yaml", "graph/source.yaml"]


def test_a_symlinked_yaml_file_is_refused(make_graph: MakeGraph) -> None:
    root = make_graph({"real/more.txt": "entities: []\n"})
    os.symlink("real/more.txt", root / "more.yaml")
    assert messages(root) == ["graph/more.yaml: is a symbolic link: graph files must be real files inside the folder"]


# --- YAML ---------------------------------------------------------------------------------------


def test_yaml_syntax_error(make_graph: MakeGraph) -> None:
    root = make_graph({"claims.yaml": one_claim(object="object: [nmda-receptor")})
    assert errors(root) == [
        "graph/claims.yaml:6: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence)"
    ]


def test_one_broken_file_does_not_hide_the_problems_of_the_others(make_graph: MakeGraph) -> None:
    root = make_graph({"claims.yaml": "claims: [\n", "entities.yaml": ENTITIES_YAML.replace("type: risk", "type: rsk")})
    assert errors(root) == [
        "graph/claims.yaml:2: YAML syntax error: did not find expected node content (while parsing a flow node)",
        f"graph/entities.yaml:17: entity 'addiction': 'type' unknown entity type 'rsk' (did you mean 'risk'?); allowed: {ALLOWED_TYPES}",
    ]


def test_tabs(make_graph: MakeGraph) -> None:
    root = make_graph({"claims.yaml": one_claim(relation="\trelation: acts_on")})
    assert errors(root) == [
        "graph/claims.yaml:4: YAML syntax error: found a tab character that violates indentation "
        "(while scanning a plain scalar); indent with spaces, not tabs"
    ]


def test_a_tab_at_the_start_of_a_line(make_graph: MakeGraph) -> None:
    root = make_graph({"extra.yaml": "entities:\n\t- id: ketamine\n"})
    assert errors(root) == [
        "graph/extra.yaml:2: YAML syntax error: found character that cannot start any token "
        "(while scanning for the next token); indent with spaces, not tabs"
    ]


def test_duplicate_key(make_graph: MakeGraph) -> None:
    root = make_graph({"claims.yaml": one_claim(certainty="certainty: established\n    relation: causes")})
    assert errors(root) == ["graph/claims.yaml:7: duplicate key 'relation' (first at line 4)"]


def test_invalid_utf8_in_yaml(make_graph: MakeGraph) -> None:
    more = "entities:\n  - id: spare\n    label: Addicti\xf3n\n".encode("latin-1")
    root = make_graph({"more.yaml": more})
    assert errors(root) == ["graph/more.yaml:3: not valid UTF-8 (byte 0xf3); save the file as UTF-8"]


def test_a_language_specific_tag_is_refused_and_never_run(make_graph: MakeGraph, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    root = make_graph(
        {"evil.yaml": f"entities: !!python/object/apply:os.system ['touch {marker}']\n"},
    )
    assert errors(root) == [
        "graph/evil.yaml:1: tag '!!python/object/apply:os.system' is not allowed: graph files hold plain YAML values only"
    ]
    assert not marker.exists()


def test_alias_bomb(make_graph: MakeGraph) -> None:
    lines = ["a: &a [" + ", ".join(['"lol"'] * 9) + "]"]
    for prev, cur in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    root = make_graph({"bomb.yaml": "\n".join(lines) + "\n"})
    assert errors(root) == ["graph/bomb.yaml:7: the document expands to more than 2,000,000 values (alias bomb?)"]


def test_deep_nesting(make_graph: MakeGraph) -> None:
    root = make_graph({"deep.yaml": "claims: " + "[" * 50 + "]" * 50 + "\n"})
    assert errors(root) == ["graph/deep.yaml:1: nested more than 32 levels deep"]


def test_a_yaml_file_over_the_size_cap(make_graph: MakeGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlsafe, "MAX_FILE_BYTES", 300)
    root = make_graph()
    assert errors(root) == [
        f"graph/claims.yaml: file is {len(CLAIMS_YAML.encode())} bytes, over the 300-byte limit",
        f"graph/entities.yaml: file is {len(ENTITIES_YAML.encode())} bytes, over the 300-byte limit",
    ]


def test_an_oversized_yaml_file_is_not_read_into_memory(make_graph: MakeGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlsafe, "MAX_FILE_BYTES", 300)
    root = make_graph()

    real_read_bytes = Path.read_bytes

    def guarded(self: Path) -> bytes:
        assert self.name not in ("claims.yaml", "entities.yaml"), f"read the oversized {self}"
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", guarded)
    assert len(errors(root)) == 2


def test_more_than_one_document(make_graph: MakeGraph) -> None:
    root = make_graph({"extra.yaml": "entities: []\n---\nclaims: []\n"})
    assert errors(root) == ["graph/extra.yaml:2: more than one YAML document in the file ('---'); use one"]


def test_a_control_character_typed_into_yaml(make_graph: MakeGraph) -> None:
    root = make_graph({"more.yaml": "entities:\n  - id: spare\n    label: Spa\x08re\n"})
    assert errors(root) == [
        "graph/more.yaml:3: contains the control character U+0008, which YAML does not allow; remove it"
    ]


# --- the shape of a file ------------------------------------------------------------------------


def test_the_top_level_must_be_a_mapping(make_graph: MakeGraph) -> None:
    root = make_graph({"list.yaml": "- id: ketamine\n"})
    assert errors(root) == ["graph/list.yaml:1: expected a mapping with the keys sources, entities, claims, got a list"]


def test_unknown_top_level_key_with_a_hint(make_graph: MakeGraph) -> None:
    root = make_graph({"extra.yaml": "# more\nclaim:\n  - id: x\ncomments: hi\n"})
    assert errors(root) == [
        "graph/extra.yaml:2: unknown top-level key 'claim' (did you mean 'claims'?); allowed: sources, entities, claims",
        "graph/extra.yaml:4: unknown top-level key 'comments'; allowed: sources, entities, claims",
    ]


def test_records_must_be_a_list(make_graph: MakeGraph) -> None:
    root = make_graph({"extra.yaml": "entities:\n  id: x\n"})
    assert errors(root) == ["graph/extra.yaml:1: 'entities' must be a list of records (each starting with '- id: ...')"]


def test_an_empty_record_list_is_fine(make_graph: MakeGraph) -> None:
    root = make_graph({"extra.yaml": "entities:\nclaims: []\n"})
    assert messages(root) == []


def test_each_record_must_be_a_mapping_reported_at_its_own_line(make_graph: MakeGraph) -> None:
    root = make_graph({"extra.yaml": "entities:\n  - id: x\n    label: X\n    type: drug\n  - just-an-id\n  - [a]\n"})
    assert errors(root) == [
        "graph/extra.yaml:5: each item of 'entities' must be a mapping (id: ..., ...)",
        "graph/extra.yaml:6: each item of 'entities' must be a mapping (id: ..., ...)",
    ]


def test_unknown_key_with_a_hint(make_graph: MakeGraph) -> None:
    root = make_graph({"claims.yaml": one_claim(certainty="certainity: established")})
    assert errors(root) == [
        "graph/claims.yaml:2: claim 'a': missing required key 'certainty'",
        f"graph/claims.yaml:6: claim 'a': unknown key 'certainity' (did you mean 'certainty'?); allowed: {ALLOWED_CLAIM_KEYS}",
    ]


def test_unknown_key_without_a_close_match(make_graph: MakeGraph) -> None:
    root = make_graph({"claims.yaml": one_claim(extra="comment: hmm")})
    assert errors(root) == [f"graph/claims.yaml:7: claim 'a': unknown key 'comment'; allowed: {ALLOWED_CLAIM_KEYS}"]


def test_unknown_key_in_an_entity_and_a_source(make_graph: MakeGraph) -> None:
    root = make_graph(
        {
            "entities.yaml": ENTITIES_YAML.replace("    aliases: [NMDA", "    alias: [NMDA"),
            "source.yaml": SOURCE_YAML + "    author: Someone\n",
        }
    )
    assert errors(root) == [
        "graph/entities.yaml:11: entity 'nmda-receptor': unknown key 'alias' (did you mean 'aliases'?); "
        "allowed: id, label, type, description, aliases, xrefs",
        "graph/source.yaml:8: source 'article': unknown key 'author'; "
        "allowed: id, title, publisher, kind, language, file, url, description",
    ]


def test_missing_required_keys(make_graph: MakeGraph) -> None:
    root = make_graph({"claims.yaml": one_claim(relation="", object="")})
    assert errors(root) == [
        "graph/claims.yaml:2: claim 'a': missing required key 'object'",
        "graph/claims.yaml:2: claim 'a': missing required key 'relation'",
    ]


def test_missing_id(make_graph: MakeGraph) -> None:
    root = make_graph({"claims.yaml": one_claim(id="")})
    assert errors(root) == ["graph/claims.yaml:2: claim: missing required key 'id'"]


def test_wrong_types(make_graph: MakeGraph) -> None:
    root = make_graph(
        {
            "extra.yaml": yaml_text(
                """
                entities:
                  - id: [a, b]
                    label: 42
                    type: drug
                  - id: b
                    label: B
                    type: [drug]
                    aliases: B
                """
            )
        }
    )
    assert errors(root) == [
        "graph/extra.yaml:2: entity: 'id' expected an id (text), got a list",
        "graph/extra.yaml:3: entity: 'label' expected text, got a number (42)",
        f"graph/extra.yaml:7: entity 'b': 'type' expected a entity type, got a list; allowed: {ALLOWED_TYPES}",
        "graph/extra.yaml:8: entity 'b': 'aliases' expected a list of text, got text",
    ]


def test_a_yes_no_value_where_text_is_expected(make_graph: MakeGraph) -> None:
    root = make_graph({"extra.yaml": "entities:\n  - id: b\n    label: yes\n    type: drug\n"})
    assert errors(root) == ["graph/extra.yaml:3: entity 'b': 'label' expected text, got a boolean (true)"]


@pytest.mark.parametrize(
    ("key", "field", "expected"),
    [
        (
            "relation",
            "relation: cause",
            f"graph/claims.yaml:4: claim 'a': 'relation' unknown relation 'cause' (did you mean 'causes'?); "
            f"allowed: {ALLOWED_RELATIONS}",
        ),
        (
            "certainty",
            "certainty: sugested",
            "graph/claims.yaml:6: claim 'a': 'certainty' unknown certainty 'sugested' (did you mean 'suggested'?); "
            "allowed: established, reported, suggested, speculative",
        ),
        (
            "polarity",
            "polarity: negative",
            "graph/claims.yaml:7: claim 'a': 'polarity' unknown polarity 'negative' (did you mean 'negated'?); "
            "allowed: affirmed, negated",
        ),
        (
            "qualifiers",
            "qualifiers: {doze: low}",
            "graph/claims.yaml:7: claim 'a': 'qualifiers' unknown qualifier 'doze' (did you mean 'dose'?); "
            "allowed: dose, use, population, setting, time, year, context",
        ),
    ],
)
def test_claim_value_outside_its_vocabulary(make_graph: MakeGraph, key: str, field: str, expected: str) -> None:
    root = make_graph({"claims.yaml": one_claim(**{key: field})})
    assert errors(root) == [expected]


def test_entity_type_outside_its_vocabulary(make_graph: MakeGraph) -> None:
    root = make_graph({"entities.yaml": ENTITIES_YAML.replace("type: receptor", "type: Receptor")})
    assert errors(root) == [
        f"graph/entities.yaml:10: entity 'nmda-receptor': 'type' unknown entity type 'Receptor' "
        f"(did you mean 'receptor'?); allowed: {ALLOWED_TYPES}"
    ]


def test_source_kind_outside_its_vocabulary(make_graph: MakeGraph) -> None:
    root = make_graph({"source.yaml": SOURCE_YAML.replace("kind: clinic-marketing", "kind: marketing")})
    assert errors(root) == [
        "graph/source.yaml:5: source 'article': 'kind' unknown source kind 'marketing' "
        "(did you mean 'clinic-marketing'?); allowed: clinic-marketing, news, review, study, guideline, other"
    ]


def test_bad_id_format(make_graph: MakeGraph) -> None:
    root = make_graph({"claims.yaml": one_claim(id="id: Ketamine_NMDA")})
    assert errors(root) == [
        "graph/claims.yaml:2: claim 'Ketamine_NMDA': 'id' 'Ketamine_NMDA' is not a kebab-case id: "
        "lower-case letters, digits and single hyphens (e.g. 'ketamine-nmda')"
    ]


def test_bad_xref_prefix(make_graph: MakeGraph) -> None:
    root = make_graph({"entities.yaml": ENTITIES_YAML.replace('"CHEBI:6121"', '"ChEBI:6121"')})
    assert errors(root) == [
        "graph/entities.yaml:7: entity 'ketamine': 'xrefs' unknown identifier prefix 'ChEBI' (did you mean 'CHEBI'?); "
        "allowed: CHEBI, MESH, DOID, MONDO, HP, GO, PUBCHEM.COMPOUND, DRUGBANK, WIKIDATA"
    ]


def test_control_characters_in_a_label(make_graph: MakeGraph) -> None:
    root = make_graph({"entities.yaml": ENTITIES_YAML.replace("label: Depression", 'label: "Depres\\u202Esion"')})
    assert errors(root) == [
        "graph/entities.yaml:13: entity 'depression': 'label' contains the control character U+202E; remove it"
    ]


def test_evidence_item_problems(make_graph: MakeGraph) -> None:
    root = make_graph(
        {
            "claims.yaml": yaml_text(
                """
                claims:
                  - id: a
                    subject: ketamine
                    relation: acts_on
                    object: nmda-receptor
                    certainty: established
                    evidence:
                      - Ketamine acts on NMDA receptors.
                      - source: article
                      - source: article
                        qoute: Ketamine acts on NMDA receptors.
                        occurrence: 0
                """
            )
        }
    )
    assert errors(root) == [
        "graph/claims.yaml:8: claim 'a': evidence 1 must be a mapping with 'source' and 'quote'",
        "graph/claims.yaml:9: claim 'a': evidence 2: missing required key 'quote'",
        "graph/claims.yaml:10: claim 'a': evidence 3: missing required key 'quote'",
        "graph/claims.yaml:11: claim 'a': evidence 3: unknown key 'qoute' (did you mean 'quote'?); "
        "allowed: source, quote, occurrence",
        "graph/claims.yaml:12: claim 'a': evidence 3: 'occurrence' expected a whole number from 1, got a number (0)",
    ]


def test_a_claim_without_evidence(make_graph: MakeGraph) -> None:
    root = make_graph({"claims.yaml": one_claim().split("    evidence:")[0] + "    evidence: []\n"})
    assert errors(root) == [
        "graph/claims.yaml:7: claim 'a': 'evidence' must list at least one {source, quote}: "
        "every claim needs a verbatim quote"
    ]


def test_all_problems_in_one_file_are_reported_at_once(make_graph: MakeGraph) -> None:
    broken = (
        one_claim(id="id: a", relation="relation: cause")
        + one_claim(id="id: b", certainty="certainty: sure").removeprefix("claims:\n")
        + one_claim(id="id: c", subject="subject: Ketamine").removeprefix("claims:\n")
    )
    root = make_graph({"claims.yaml": broken})
    assert errors(root) == [
        f"graph/claims.yaml:4: claim 'a': 'relation' unknown relation 'cause' (did you mean 'causes'?); allowed: {ALLOWED_RELATIONS}",
        "graph/claims.yaml:14: claim 'b': 'certainty' unknown certainty 'sure'; "
        "allowed: established, reported, suggested, speculative",
        "graph/claims.yaml:19: claim 'c': 'subject' 'Ketamine' is not a kebab-case id: "
        "lower-case letters, digits and single hyphens (e.g. 'ketamine')",
    ]


# --- duplicate ids --------------------------------------------------------------------------------


def test_duplicate_entity_id_across_two_files(make_graph: MakeGraph) -> None:
    root = make_graph(
        {"more/entities.yaml": "entities:\n  - id: ketamine\n    label: Ketamine again\n    type: drug\n"}
    )
    assert errors(root) == [
        "graph/more/entities.yaml:2: duplicate entity id 'ketamine' (first defined at graph/entities.yaml:2)"
    ]


def test_duplicate_source_id_across_two_files(make_graph: MakeGraph) -> None:
    root = make_graph({"other/source.yaml": SOURCE_YAML, "other/article.txt": "Another text.\n"})
    corpus = load_corpus(root)
    assert [str(i) for i in corpus.errors] == [
        "graph/other/source.yaml:2: duplicate source id 'article' (first defined at graph/source.yaml:2)"
    ]
    assert corpus.documents["article"].text == ARTICLE  # the first definition wins


# --- source texts -------------------------------------------------------------------------------


def test_source_file_missing(make_graph: MakeGraph) -> None:
    root = make_graph({"article.txt": None})
    assert messages(root) == [
        "graph/source.yaml:7: source 'article': source text 'article.txt' not found next to graph/source.yaml"
    ]


def test_source_file_outside_the_folder(make_graph: MakeGraph, tmp_path: Path) -> None:
    (tmp_path / "outside.txt").write_text(ARTICLE, encoding="utf-8")
    root = make_graph({"source.yaml": SOURCE_YAML.replace("file: article.txt", "file: ../outside.txt")})
    assert messages(root) == [
        "graph/source.yaml:7: source 'article': 'file' '../outside.txt' points outside the graph folder; "
        "keep source texts inside it"
    ]


def test_source_file_through_dot_dot_that_stays_inside_is_fine(make_graph: MakeGraph) -> None:
    root = make_graph(
        {"sub/x.yaml": SOURCE_YAML.replace("file: article.txt", "file: ../article.txt"), "source.yaml": None}
    )
    assert messages(root) == []


@pytest.mark.parametrize("path", ["/etc/passwd", "C:/Windows/win.ini", "\\\\server\\share\\a.txt"])
def test_source_file_absolute_path(make_graph: MakeGraph, path: str) -> None:
    root = make_graph({"source.yaml": SOURCE_YAML.replace("file: article.txt", f"file: '{path}'")})
    assert messages(root) == [
        f"graph/source.yaml:7: source 'article': 'file' must be a path relative to this YAML file, not {path!r}"
    ]


def test_symlinked_source_file(make_graph: MakeGraph) -> None:
    root = make_graph({"article.txt": None, "texts/real.txt": ARTICLE})
    os.symlink("texts/real.txt", root / "article.txt")
    assert messages(root) == [
        "graph/source.yaml:7: source 'article': 'file' 'article.txt' is or passes through a symbolic link; "
        "copy the text into the graph folder"
    ]


def test_source_file_in_a_symlinked_folder(make_graph: MakeGraph) -> None:
    root = make_graph({"article.txt": None, "texts/article.txt": ARTICLE})
    os.symlink("texts", root / "linked", target_is_directory=True)
    root = make_graph({"source.yaml": SOURCE_YAML.replace("file: article.txt", "file: linked/article.txt")})
    assert messages(root) == [
        "graph/source.yaml:7: source 'article': 'file' 'linked/article.txt' is or passes through a symbolic link; "
        "copy the text into the graph folder"
    ]


def test_source_symlink_pointing_outside(make_graph: MakeGraph, tmp_path: Path) -> None:
    (tmp_path / "outside.txt").write_text(ARTICLE, encoding="utf-8")
    root = make_graph({"article.txt": None})
    os.symlink(tmp_path / "outside.txt", root / "article.txt")
    assert messages(root) == [
        "graph/source.yaml:7: source 'article': 'file' 'article.txt' points outside the graph folder; "
        "keep source texts inside it"
    ]


def test_source_file_is_a_folder(make_graph: MakeGraph) -> None:
    root = make_graph({"article.txt": None, "article.txt/x": "x"})
    assert messages(root) == [
        "graph/source.yaml:7: source 'article': source text 'article.txt' not found next to graph/source.yaml"
    ]


def test_source_file_name_the_file_system_refuses(make_graph: MakeGraph) -> None:
    long_name = "a" * 300  # over NAME_MAX (255) on every common file system
    root = make_graph({"source.yaml": SOURCE_YAML.replace("file: article.txt", f"file: {long_name}")})
    assert messages(root) == [f"graph/source.yaml:7: source 'article': cannot read {long_name!r}: File name too long"]


def test_invalid_utf8_in_source(make_graph: MakeGraph) -> None:
    root = make_graph({"article.txt": ARTICLE.encode("utf-8").replace("naïve".encode(), "naïve".encode("latin-1"))})
    assert messages(root) == [
        "graph/source.yaml:7: source 'article': source text 'article.txt' is not valid UTF-8 (line 7 of it)"
    ]


def test_control_character_in_source(make_graph: MakeGraph) -> None:
    root = make_graph({"article.txt": ARTICLE.replace("Risks", "Ri\x0csks")})
    assert messages(root) == [
        "graph/source.yaml:7: source 'article': source text 'article.txt' contains the control character U+000C "
        "(line 5 of it)"
    ]


def test_source_file_over_the_size_cap(make_graph: MakeGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load_module, "MAX_SOURCE_BYTES", 100)
    root = make_graph()
    size = len(ARTICLE.encode())
    assert messages(root) == [
        f"graph/source.yaml:7: source 'article': source text 'article.txt' is {size:,} bytes, over the 100-byte limit"
    ]


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root reads any file")
def test_unreadable_source_file(make_graph: MakeGraph) -> None:
    root = make_graph()
    (root / "article.txt").chmod(0)
    assert messages(root) == ["graph/source.yaml:7: source 'article': cannot read 'article.txt': Permission denied"]


def test_a_rejected_source_does_not_make_every_quote_an_unknown_source(make_graph: MakeGraph) -> None:
    root = make_graph({"source.yaml": SOURCE_YAML.replace("language: en", "language: English")})
    assert messages(root) == [
        "graph/source.yaml:6: source 'article': 'language' 'English' is not a language tag such as 'en'"
    ]


def test_a_rejected_entity_does_not_make_every_reference_unknown(make_graph: MakeGraph) -> None:
    root = make_graph({"entities.yaml": ENTITIES_YAML.replace("type: drug", "type: medicine")})
    assert messages(root) == [
        f"graph/entities.yaml:4: entity 'ketamine': 'type' unknown entity type 'medicine'; allowed: {ALLOWED_TYPES}"
    ]


# --- never a traceback ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        "claims: 3\n",
        "claims:\n  - 3\n  - null\n  - []\n",
        "claims:\n  - id: a\n    evidence: {source: article}\n",
        "claims:\n  - id: a\n    evidence: [null, 1, [], {}]\n",
        "claims:\n  - {1: 2, null: 3, 1.5: x, true: y}\n",
        "claims:\n  - {id: a, qualifiers: {1: 2}}\n",
        "entities:\n  - {id: a, aliases: [[1]], xrefs: [{a: 1}]}\n",
        "sources:\n  - {id: s, title: t, publisher: p, kind: news, language: en, file: .}\n",
        "sources:\n  - {id: s, title: t, publisher: p, kind: news, language: en, file: '\\0'}\n",
        "sources:\n  - {id: s, title: t, publisher: p, kind: news, language: en, file: " + "a/" * 200 + "}\n",
        "claims:\n  - id: a\n    evidence:\n      - {source: [x], quote: {a: 1}, occurrence: []}\n",
        "claims:\n  - &a {id: a}\n  - *a\n",
        "null: 1\n",
        "'': ''\n",
        "[1, 2]\n",
        "just a string\n",
        "123\n",
    ],
)
def test_odd_files_give_issues_not_tracebacks(make_graph: MakeGraph, content: str) -> None:
    root = make_graph({"odd.yaml": content})
    corpus = load_corpus(root)
    assert corpus.errors
    assert all(i.path.startswith("graph") for i in corpus.issues)
