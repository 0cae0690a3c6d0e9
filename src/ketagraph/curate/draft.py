"""Proposed claims ("drafts") for a source, from its sentences, the known entities and the cue table.

A draft is a suggestion for a person to accept, edit or reject; it is never written to the graph
by itself. Drafts live apart from accepted claims, in ``drafts.json`` next to the source text (the
loader reads only ``*.yaml`` files), with what produced them: the generator, the cue table's hash
and the source text's hash.

For each sentence that names at least two known entities (by label or alias, whole words, any
case; "it"/"its"/"they" stand for the previous sentence's subject when only one entity is named):

- subject: the first entity named; object: the first other entity after the relation word;
- relation: the relation word nearest the subject (:data:`~ketagraph.curate.cues.RELATION_CUES`),
  ``interacts_with`` when there is none (and the draft says so);
- certainty: :func:`~ketagraph.curate.cues.read_certainty` of the sentence, its cues named;
- polarity: ``negated`` when a negation cue stands between subject and object.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import ahocorasick

from ketagraph.curate.cues import CUES, RELATION_CUES, find_relation_cues, read_certainty
from ketagraph.curate.sentences import Sentence, split_sentences
from ketagraph.errors import KetagraphError
from ketagraph.model import Entity, Source

__all__ = [
    "DRAFTS_FILE",
    "GENERATOR",
    "Draft",
    "Mention",
    "cue_table_hash",
    "draft_source",
    "drafts_document",
    "find_mentions",
    "read_drafts",
    "write_drafts",
]

DRAFTS_FILE = "drafts.json"
GENERATOR = "ketagraph draft 1 (syntok sentences, entity labels and aliases, cue table)"
_PRONOUN = re.compile(r"\b(?:it|its|they|their|this)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity named in the text: ``text[start:end]``."""

    entity: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Draft:
    """A proposed claim, anchored to one sentence of the source (offsets in code points)."""

    id: str
    source: str
    start: int
    end: int
    quote: str
    subject: str
    relation: str
    object: str
    certainty: str
    polarity: str
    because: list[str] = field(default_factory=list)
    relation_cue: str | None = None
    negation_cues: list[str] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def claim_id(self) -> str:
        """A kebab-case id for the claim this draft would become."""
        return _kebab(f"{self.subject}-{self.relation}-{self.object}")

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _kebab(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")[:100].strip("-")


def _entity_automaton(entities: Mapping[str, Entity]) -> ahocorasick.Automaton:
    a = ahocorasick.Automaton()
    names: dict[str, set[str]] = {}
    for e in entities.values():
        for name in (e.label, *e.aliases, e.id.replace("-", " ")):
            key = name.casefold().strip()
            if len(key) >= 2:
                names.setdefault(key, set()).add(e.id)
    for key, ids in names.items():
        if len(ids) == 1:  # a name two entities share proposes neither
            a.add_word(key, (key, next(iter(ids))))
    if len(a):
        a.make_automaton()
    return a


def find_mentions(text: str, automaton: ahocorasick.Automaton) -> list[Mention]:
    """Known entities named in ``text``: whole words, longest first where names overlap."""
    if not len(automaton):
        return []
    folded = text.lower()
    if len(folded) != len(text):
        folded = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    found: list[tuple[int, int, str]] = []
    for end_idx, (key, eid) in automaton.iter(folded):
        start = end_idx - len(key) + 1
        end = end_idx + 1
        if start > 0 and folded[start - 1].isalnum():
            continue
        if end < len(folded) and folded[end].isalnum():
            continue
        found.append((start, end, eid))
    found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    kept: list[tuple[int, int, str]] = []
    for m in found:
        if kept and m[0] < kept[-1][1]:
            continue
        kept.append(m)
    return [Mention(eid, s, e, text[s:e]) for s, e, eid in kept]


def cue_table_hash() -> str:
    """A short hash of the cue table, so a drafts file says which cues produced it."""
    data = json.dumps([[c.phrase, c.tier] for c in CUES] + sorted(RELATION_CUES.items()), ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()[:12]


def draft_source(source: Source, entities: Mapping[str, Entity]) -> list[Draft]:
    """Proposed claims for every sentence of ``source`` that names two known entities."""
    automaton = _entity_automaton(entities)
    drafts: list[Draft] = []
    last_subject: str | None = None
    for sentence in split_sentences(source.text):
        if sentence.heading:
            continue
        draft = _draft_sentence(source.id, sentence, automaton, last_subject, len(drafts) + 1)
        mentions = find_mentions(sentence.text, automaton)
        if mentions:
            last_subject = mentions[0].entity
        if draft is not None:
            drafts.append(draft)
            last_subject = draft.subject
    return drafts


def _draft_sentence(
    source_id: str, sentence: Sentence, automaton: ahocorasick.Automaton, last_subject: str | None, n: int
) -> Draft | None:
    text = sentence.text
    mentions = find_mentions(text, automaton)
    distinct = list(dict.fromkeys(m.entity for m in mentions))
    subject_at = 0
    if len(distinct) >= 2:
        subject = distinct[0]
        subject_at = mentions[0].end
    elif len(distinct) == 1 and last_subject and last_subject != distinct[0]:
        pronoun = _PRONOUN.search(text, 0, mentions[0].start)
        if pronoun is None:
            return None
        subject = last_subject
        subject_at = pronoun.end()
    else:
        return None
    relations = [r for r in find_relation_cues(text) if r[0] >= subject_at] or find_relation_cues(text)
    relation_cue = relations[0] if relations else None
    after = relation_cue[1] if relation_cue else subject_at
    others = [m for m in mentions if m.entity != subject]
    target = next((m for m in others if m.start >= after), others[0] if others else None)
    if target is None:
        return None
    reading = read_certainty(text)
    lo, hi = min(subject_at, target.start), max(subject_at, target.end)
    negations = [c for c in reading.negations if lo <= c.start < hi]
    because = [f"{c.tier} {c.phrase!r}" for c in reading.cues] or ["no hedge or attribution cue: a plain assertion"]
    return Draft(
        id=f"{source_id}-at-{sentence.start}",  # stable while the text is: the journal refers to it
        source=source_id,
        start=sentence.start,
        end=sentence.end,
        quote=text,
        subject=subject,
        relation=relation_cue[3] if relation_cue else "interacts_with",
        object=target.entity,
        certainty=reading.certainty,
        polarity="negated" if negations else "affirmed",
        because=because if relation_cue else [*because, "no relation word found: interacts_with proposed"],
        relation_cue=relation_cue[2] if relation_cue else None,
        negation_cues=[c.phrase for c in negations],
        mentions=[{"entity": m.entity, "start": m.start, "end": m.end, "text": m.text} for m in mentions],
    )


def drafts_document(source: Source, drafts: list[Draft]) -> dict[str, Any]:
    """The content of ``drafts.json``: the drafts and what produced them (no time stamp)."""
    return {
        "generator": GENERATOR,
        "cue_table": cue_table_hash(),
        "source": source.id,
        "source_sha256": source.sha256,
        "note": "Proposed claims, not accepted ones: nothing here is in the graph until a person accepts it.",
        "drafts": [d.to_json() for d in drafts],
    }


def write_drafts(path: Path, source: Source, drafts: list[Draft]) -> None:
    """Write ``drafts.json`` atomically (a temporary file, then a rename)."""
    data = json.dumps(drafts_document(source, drafts), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(data, encoding="utf-8")
    os.replace(tmp, path)


def read_drafts(path: Path, source: Source | None = None) -> list[Draft]:
    """The drafts of a ``drafts.json`` written by :func:`write_drafts`.

    With ``source``, drafts made from another version of its text (their offsets would be wrong)
    are refused.
    """
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        drafts = [Draft(**d) for d in doc["drafts"]]
        made_from = doc["source_sha256"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise KetagraphError(f"{path}: not a drafts file written by 'ketagraph draft': {e}") from None
    if source is not None and made_from != source.sha256:
        raise KetagraphError(f"{path}: made from another version of the text of source {source.id!r}; draft again")
    return drafts
