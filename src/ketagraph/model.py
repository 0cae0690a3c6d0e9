"""Records and vocabularies of a claim graph.

A graph folder holds three kinds of records, each defined in YAML:

- :class:`Source`: an article, its metadata and its verbatim text;
- :class:`Entity`: a thing the articles talk about (a drug, a receptor, a condition, ...);
- :class:`Claim`: ``subject --relation--> object`` as one article states it, with the article's own
  ``certainty`` and ``polarity`` and the verbatim ``evidence`` (:class:`Evidence`) behind it.

Records are frozen and remember the YAML file and line they came from (``where``), so every problem
found later can point back to the line a curator has to edit.

The vocabularies below are the single definition of what the YAML may say; the loader, the
validator, the README and the app's legend all read them from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from urllib.parse import quote as _percent_encode

__all__ = [
    "CERTAINTIES",
    "CERTAINTY_RANK",
    "ENTITY_TYPES",
    "POLARITIES",
    "QUALIFIER_KEYS",
    "RELATIONS",
    "SOURCE_KINDS",
    "XREF_PREFIXES",
    "Claim",
    "Entity",
    "Evidence",
    "Location",
    "Source",
    "weakest_certainty",
    "xref_iri",
]


def _frozen(d: dict[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(d))


#: Entity types, each with the one-line meaning shown in the README and the legend.
ENTITY_TYPES: Mapping[str, str] = _frozen(
    {
        "drug": "a pharmacological substance (ketamine)",
        "receptor": "a receptor or binding site a drug acts on (NMDA receptor)",
        "neurotransmitter": "a chemical messenger (dopamine, serotonin, GABA, ...)",
        "brain-system": "a system or circuit of the brain (glutamate system, reward system)",
        "brain-function": "a function the brain performs (learning, memory, mood regulation)",
        "effect": "an acute effect of a drug on mind or body (dissociation, euphoria, sedation)",
        "condition": "a disorder or symptom that is treated or studied (depression, PTSD, pain)",
        "risk": "a harm or adverse consequence (addiction, cognitive impairment, dysphoria)",
        "therapy": "a treatment, procedure or medical use (ketamine infusion therapy, anesthesia)",
        "use": "a way of using a drug outside a therapy (recreational use, chronic use)",
        "practice": "a behaviour or precaution (dose awareness, seeking professional help)",
        "organization": "a company, clinic or agency (Parke-Davis, ReYou)",
        "person": "a named person (Calvin Stevens)",
        "regulation": "a legal or regulatory status (Schedule III controlled substance)",
        "research": "a line of research or a finding as the article names it",
        "population": "a group of people the article speaks about (treatment non-responders)",
    }
)

#: Relations between entities: a small controlled vocabulary, each with its reading.
RELATIONS: Mapping[str, str] = _frozen(
    {
        "acts_on": "acts directly on a receptor or brain system",
        "modulates": "changes the release, reuptake or transmission of",
        "interacts_with": "interacts with (no direction of effect stated)",
        "part_of": "is a part or member of (a system, a state, what a finding is about)",
        "is_a": "is a kind of",
        "regulates": "has a role in / is involved in regulating",
        "causes": "leads to, induces or results in",
        "contributes_to": "contributes to or explains (as a mechanism, or as a prerequisite)",
        "treats": "relieves or treats (therapeutic claim)",
        "used_for": "is used for or in (a purpose, a use, a therapy)",
        "uses": "a therapy or practice that uses",
        "studied_for": "is being researched for (a condition) or as to (its dosing, effects, mechanisms)",
        "led_to": "led to the development or discovery of",
        "mitigates": "reduces or helps avoid",
        "classified_as": "has the legal or regulatory status",
        "synthesized_by": "was first synthesized or created by",
        "affiliated_with": "works for or belongs to",
        "provides": "offers or provides",
    }
)

#: How strongly the article states a claim, strongest first. Follows the article's own words.
CERTAINTIES: Mapping[str, str] = _frozen(
    {
        "established": 'plain assertion, including "can lead to" ("ketamine acts on ...")',
        "reported": 'attributed to research without a hedge ("research has shown", "has been found")',
        "suggested": 'one hedge ("may", "some studies have suggested", "has shown promise")',
        "speculative": 'stacked hedges or belief/exploration ("they believe ... may", "research is exploring")',
    }
)

#: ``CERTAINTY_RANK[c]``: 0 for the strongest; larger is weaker.
CERTAINTY_RANK: Mapping[str, int] = MappingProxyType({c: i for i, c in enumerate(CERTAINTIES)})

POLARITIES: Mapping[str, str] = _frozen(
    {
        "affirmed": "the article asserts the claim",
        "negated": "the article asserts the claim does not hold",
    }
)

#: Keys allowed in a claim's ``qualifiers`` (values are short strings or numbers).
QUALIFIER_KEYS: Mapping[str, str] = _frozen(
    {
        "dose": 'dose or amount ("low", "controlled dose")',
        "use": 'pattern of use ("chronic", "excessive", "regular")',
        "population": 'who the claim is about ("individuals who have not responded to ...")',
        "setting": 'where or how ("emergency situations", "medical supervision")',
        "time": 'when ("initially", "today", "post-treatment period")',
        "year": "a year (1962)",
        "context": "any other qualification the article attaches",
    }
)

#: Kinds of source, so the app can warn about what it is reading.
SOURCE_KINDS: Mapping[str, str] = _frozen(
    {
        "clinic-marketing": "a clinic's or company's marketing article",
        "news": "a news article",
        "review": "a peer-reviewed review article",
        "study": "a peer-reviewed primary study",
        "guideline": "a clinical guideline",
        "other": "anything else",
    }
)

#: Identifier prefixes allowed in ``xrefs`` (``PREFIX:LOCAL``) and the IRI each expands to.
XREF_PREFIXES: Mapping[str, str] = _frozen(
    {
        "CHEBI": "http://purl.obolibrary.org/obo/CHEBI_",
        "MESH": "http://id.nlm.nih.gov/mesh/",
        "DOID": "http://purl.obolibrary.org/obo/DOID_",
        "MONDO": "http://purl.obolibrary.org/obo/MONDO_",
        "HP": "http://purl.obolibrary.org/obo/HP_",
        "GO": "http://purl.obolibrary.org/obo/GO_",
        "PUBCHEM.COMPOUND": "https://pubchem.ncbi.nlm.nih.gov/compound/",
        "DRUGBANK": "https://go.drugbank.com/drugs/",
        "WIKIDATA": "http://www.wikidata.org/entity/",
    }
)


def xref_iri(curie: str) -> str | None:
    """The IRI of a ``PREFIX:LOCAL`` identifier whose prefix ketagraph knows, else ``None``.

    Examples
    --------
    >>> xref_iri("CHEBI:6121")
    'http://purl.obolibrary.org/obo/CHEBI_6121'
    >>> xref_iri("NOPE:1") is None
    True
    """
    prefix, sep, local = str(curie).partition(":")
    base = XREF_PREFIXES.get(prefix) or XREF_PREFIXES.get(prefix.upper())
    if not sep or not local or base is None:
        return None
    return base + _percent_encode(local, safe="")


def weakest_certainty(certainties: list[str] | tuple[str, ...]) -> str | None:
    """The weakest of ``certainties`` (``None`` for none), e.g. for a path of claims."""
    if not certainties:
        return None
    return max(certainties, key=lambda c: CERTAINTY_RANK[c])


@dataclass(frozen=True, slots=True)
class Location:
    """Where a record was defined: a file (relative to the graph folder when inside it) and line."""

    path: str
    line: int | None = None
    #: ``(key, line)`` of each key of the record, so a problem with one value points at its line.
    keys: tuple[tuple[str, int], ...] = field(default=(), compare=False, repr=False)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line is not None else self.path

    def at(self, key: str) -> Location:
        """Where the value of ``key`` is written; the record's own place when it has no such key."""
        for k, line in self.keys:
            if k == key:
                return Location(self.path, line)
        return Location(self.path, self.line)


@dataclass(frozen=True, slots=True)
class Source:
    """An article: its metadata, its text (LF line ends) and ``file``, relative to the graph folder."""

    id: str
    title: str
    publisher: str
    kind: str
    language: str
    file: str
    text: str
    url: str | None = None
    description: str | None = None
    sha256: str = ""
    where: Location = field(default=Location("?"), compare=False)


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    label: str
    type: str
    description: str = ""
    aliases: tuple[str, ...] = ()
    xrefs: tuple[str, ...] = ()
    where: Location = field(default=Location("?"), compare=False)


@dataclass(frozen=True, slots=True)
class Evidence:
    """A verbatim quote from a source, located by character offsets ``[start, end)``.

    ``occurrence`` (1-based) picks one when the quote occurs more than once; 0 means "the only one".
    ``start``, ``end`` and ``section`` are filled in once the quote is found in its source.
    """

    source: str
    quote: str
    occurrence: int = 0
    start: int = -1
    end: int = -1
    section: str = ""
    where: Location = field(default=Location("?"), compare=False)


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    subject: str
    relation: str
    object: str
    certainty: str
    evidence: tuple[Evidence, ...]
    polarity: str = "affirmed"
    qualifiers: tuple[tuple[str, str | int | float], ...] = ()
    note: str = ""
    where: Location = field(default=Location("?"), compare=False)
