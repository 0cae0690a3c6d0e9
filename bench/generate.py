"""Synthetic claim graphs for the benchmark: a valid graph folder in the real YAML schema.

``python bench/generate.py --claims 5000 --out bench/graphs/5k`` writes::

    DIR/source.yaml        one source (kind "review") pointing at article.txt
    DIR/article.txt        the synthetic article: headed sections of paragraphs of sentences
    DIR/entities.yaml      entities of every type in ketagraph.model.ENTITY_TYPES
    DIR/claims-NNN.yaml    the claims, at most --per-file to a file

What it imitates of a curated graph:

- **verbatim, unique quotes**: every claim cites the sentence of the article that states it, word
  for word, and that sentence occurs exactly once in the article (checked here, by construction:
  a sentence that ends in the only full stop it holds can only reoccur as the tail of another
  sentence, and those tails are looked up). About 12% of claims cite a second sentence, some of
  them the sentence of another claim about the same subject (shared quotes), and about 1% cite a
  stock sentence that recurs in the article, with ``occurrence: N``;
- **hedged certainty**: established 45%, reported 20%, suggested 25%, speculative 10%, each with
  the article's own hedge ("may", "research has shown that", "researchers believe ... might"); 5%
  negated;
- **degree skew**: endpoints are drawn with Zipf-like weights (rank ** -0.95), so a few entities
  (drugs and receptors first) are hubs with hundreds of claims and most have one to three; every
  entity is used at least once, so validation reports no warning either;
- sentences no claim cites (the coverage statistics' to-do list), section headings, a few
  qualifiers, aliases, cross-references and non-ASCII punctuation.

Deterministic: the same ``--claims`` and ``--seed`` write byte-identical files.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ketagraph.model import CERTAINTIES, ENTITY_TYPES, RELATIONS
from ketagraph.style import LAYERS

__all__ = ["SIZES", "generate", "main"]

#: Named benchmark sizes (claims).
SIZES = {"1k": 1_000, "5k": 5_000, "20k": 20_000}
SOURCE_ID = "synthetic-review"
CLAIMS_PER_FILE = 2_500
ENTITIES_PER_CLAIM = 0.5
ZIPF_EXPONENT = 0.95

_CERTAINTY_MIX = {"established": 0.45, "reported": 0.20, "suggested": 0.25, "speculative": 0.10}
_NEGATED = 0.05
_SECOND_QUOTE = 0.12
_SHARED_QUOTE = 0.4  # of the second quotes: the sentence of another claim about the same subject
_STOCK_QUOTE = 0.01
_QUALIFIED = 0.10
_FILLER = 0.2  # uncited sentences per claim sentence

_SYLLABLES = [
    "ka",
    "ve",
    "lo",
    "mi",
    "tra",
    "zen",
    "dor",
    "pha",
    "ri",
    "nu",
    "sol",
    "qua",
    "bex",
    "tio",
    "mar",
    "gen",
    "sa",
    "ro",
    "li",
    "den",
    "vax",
    "cor",
    "mo",
    "pel",
    "thi",
    "ran",
    "fu",
    "sev",
    "o",
    "lin",
    "ta",
    "dre",
]

# Per type: how a label is made from a generated base name, and how often the type occurs.
_TYPE_LABELS = {
    "drug": ("{B}amine", 6),
    "receptor": ("{B} receptor", 5),
    "neurotransmitter": ("{B}onin", 3),
    "brain-system": ("{B} system", 4),
    "brain-function": ("{B} processing", 6),
    "effect": ("{B} dissociation", 9),
    "condition": ("{B} syndrome", 10),
    "risk": ("{B} toxicity", 7),
    "therapy": ("{B} infusion therapy", 6),
    "use": ("{B} microdosing", 3),
    "practice": ("{B} dose awareness", 3),
    "organization": ("{B} Laboratories", 3),
    "person": ("Dana {B}", 3),
    "regulation": ("{B} Schedule III status", 2),
    "research": ("{B} trial", 7),
    "population": ("{B} non-responders", 4),
}
_DESCRIPTIONS = {
    "drug": "A synthetic compound studied for its effects on the brain.",
    "receptor": "A binding site through which drugs change neural signalling.",
    "neurotransmitter": "A chemical messenger between neurons.",
    "brain-system": "A circuit of the brain named in the article.",
    "brain-function": "A function of the brain the article discusses.",
    "effect": "An acute effect reported after dosing.",
    "condition": "A disorder the article says is treated or studied.",
    "risk": "A harm the article associates with use.",
    "therapy": "A treatment the article describes.",
    "use": "A way of using a drug outside therapy.",
    "practice": "A precaution the article recommends.",
    "organization": "A company or clinic named in the article.",
    "person": "A researcher named in the article.",
    "regulation": "A legal status named in the article.",
    "research": "A line of research the article cites.",
    "population": "A group of people the article speaks about.",
}
# Relation: (third person, base form) of the verb phrase the article uses.
_VERBS = {
    "acts_on": ("acts on", "act on"),
    "modulates": ("modulates", "modulate"),
    "interacts_with": ("interacts with", "interact with"),
    "part_of": ("is part of", "be part of"),
    "is_a": ("is a form of", "be a form of"),
    "regulates": ("helps regulate", "help regulate"),
    "causes": ("can lead to", "lead to"),
    "contributes_to": ("contributes to", "contribute to"),
    "treats": ("relieves", "relieve"),
    "used_for": ("is used for", "be used for"),
    "uses": ("relies on", "rely on"),
    "studied_for": ("is being studied for", "be studied for"),
    "led_to": ("led to", "have led to"),
    "mitigates": ("reduces the risk of", "reduce the risk of"),
    "classified_as": ("is classified under", "be classified under"),
    "synthesized_by": ("was first synthesized by", "have been first synthesized by"),
    "affiliated_with": ("works with", "work with"),
    "provides": ("provides", "provide"),
}
# Relations that fit an object type; anything else draws from _GENERIC.
_BY_OBJECT_TYPE = {
    "receptor": ("acts_on", "modulates", "interacts_with"),
    "brain-system": ("acts_on", "modulates", "part_of"),
    "neurotransmitter": ("modulates", "interacts_with"),
    "brain-function": ("regulates", "contributes_to", "modulates"),
    "effect": ("causes", "contributes_to"),
    "condition": ("treats", "studied_for", "causes"),
    "risk": ("causes", "mitigates", "contributes_to"),
    "therapy": ("used_for", "led_to", "is_a"),
    "use": ("used_for", "causes"),
    "person": ("synthesized_by", "affiliated_with"),
    "organization": ("affiliated_with", "provides"),
    "regulation": ("classified_as",),
    "research": ("led_to", "contributes_to"),
    "population": ("provides", "treats"),
}
_GENERIC = ("interacts_with", "regulates", "contributes_to", "uses", "provides", "is_a")
assert set(_TYPE_LABELS) == set(_DESCRIPTIONS) == set(ENTITY_TYPES), "cover every entity type"
assert set(_VERBS) == set(RELATIONS), "cover every relation"
assert set(_CERTAINTY_MIX) == set(CERTAINTIES), "cover every certainty"

_HEDGES = {
    "established": ("{S} {v3} {O}", "{S} {neg} {O}"),
    "reported": ("Research has shown that {s} {v3} {O}", "Studies have found that {s} {neg} {O}"),
    "suggested": ("{S} may {vb} {O}", "{S} may not {vb} {O}"),
    "speculative": (
        "Researchers believe that {s} might {vb} {O}",
        "Some researchers believe that {s} might not {vb} {O}",
    ),
}
_TAILS = (
    "",
    " in some patients",
    " at low doses",
    " within hours of a single dose",
    " over several weeks of treatment",
    ", according to clinicians",
    " in people with a history of heavy use",
    " — a finding that is still debated",
    " under medical supervision",
    " in animal models",
    " when it is combined with psychotherapy",
    " in the long term",
)
_QUALIFIER_FOR_TAIL = {
    " at low doses": ("dose", "low"),
    " in the long term": ("time", "long term"),
    " under medical supervision": ("setting", "medical supervision"),
    " in people with a history of heavy use": ("use", "heavy"),
}
_SECOND = (
    "The effect of {s} on {o} was described again in a later report",
    "A second account links {s} with {o}",
    "Clinicians also connect {s} to {o}",
)
_FILLERS = (
    "The evidence for this is mixed.",
    "These observations come from small samples.",
    "Larger trials are under way.",
    "Clinicians continue to discuss the implications for everyday care.",
    "The mechanisms behind these observations are complex.",
    "Follow-up periods in these reports were short.",
    "Patients’ experiences vary widely.",
    "More work is needed before firm conclusions can be drawn.",
)
#: A sentence that recurs in the article; a few claims cite one of its occurrences.
_STOCK = "The effect was dose-dependent."


@dataclass
class _Entity:
    id: str
    label: str
    type: str
    aliases: list[str] = field(default_factory=list)
    xrefs: list[str] = field(default_factory=list)


@dataclass
class _Claim:
    id: str
    subject: str
    relation: str
    object: str
    certainty: str
    polarity: str
    sentence: str
    qualifiers: dict[str, str] = field(default_factory=dict)
    extra: list[tuple[str, int]] = field(default_factory=list)  # (quote, occurrence or 0)


def _base_name(i: int) -> str:
    """A pronounceable name, different for every ``i`` (a bijection onto 3-4 syllables)."""
    n = len(_SYLLABLES)
    x = (i * 7_919 + 13) % n**3  # scramble, still one-to-one on [0, n**3)
    parts = [_SYLLABLES[x // n**2], _SYLLABLES[(x // n) % n], _SYLLABLES[x % n]]
    if i >= n**3:
        parts.insert(0, _SYLLABLES[(i // n**3) % n])
    return "".join(parts)


def _kebab(label: str) -> str:
    out = "".join(c if c.isascii() and c.isalnum() else "-" for c in label.lower())
    return "-".join(p for p in out.split("-") if p)


def _entities(rng: random.Random, n: int) -> list[_Entity]:
    types = list(ENTITY_TYPES)
    # One of each type first (the hubs are drawn from the front), then by frequency.
    front = ["drug", "receptor", "brain-system", "neurotransmitter", "drug", "condition", "therapy", "effect"]
    chosen = front + [t for t in types if t not in front]
    weights = [_TYPE_LABELS[t][1] for t in types]
    chosen += rng.choices(types, weights=weights, k=max(0, n - len(chosen)))
    out = []
    for i, t in enumerate(chosen[:n]):
        base = _base_name(i).capitalize()
        label = _TYPE_LABELS[t][0].format(B=base)
        e = _Entity(_kebab(label), label, t)
        if rng.random() < 0.15:
            e.aliases.append(f"{base} ({t.replace('-', ' ')})")
        if rng.random() < 0.1:
            e.xrefs.append(f"MESH:D{rng.randrange(10**6):06d}")
        out.append(e)
    return out


class _Zipf:
    def __init__(self, n: int, exponent: float):
        self.cum = list(itertools.accumulate((r + 1) ** -exponent for r in range(n)))

    def __call__(self, rng: random.Random) -> int:
        return min(bisect.bisect_left(self.cum, rng.random() * self.cum[-1]), len(self.cum) - 1)


def _orient(rng: random.Random, a: _Entity, b: _Entity) -> tuple[_Entity, _Entity]:
    """Mostly "upstream" subject -> "downstream" object, as the mechanism layout reads."""
    forward = LAYERS[a.type] <= LAYERS[b.type]
    return (a, b) if forward == (rng.random() < 0.85) else (b, a)


def _negated(v3: str, vb: str) -> str:
    """``is used for`` -> ``is not used for``, ``can lead to`` -> ``cannot lead to``, else ``does not``."""
    first, _, rest = v3.partition(" ")
    if first in ("is", "was"):
        return f"{first} not {rest}"
    if first == "can":
        return f"cannot {rest}"
    return f"does not {vb}"


def _sentence(c: _Claim, s: _Entity, o: _Entity, tail: str) -> str:
    v3, vb = _VERBS[c.relation]
    template = _HEDGES[c.certainty][c.polarity == "negated"]
    text = template.format(S=s.label, s=s.label, O=o.label, v3=v3, vb=vb, neg=_negated(v3, vb))
    return text[0].upper() + text[1:] + tail + "."


def _claims(rng: random.Random, entities: list[_Entity], n_claims: int) -> list[_Claim]:
    pick = _Zipf(len(entities), ZIPF_EXPONENT)
    must = list(range(len(entities)))
    rng.shuffle(must)
    triples: set[tuple[str, str, str, str, str]] = set()
    ids: set[str] = set()
    certainties, cweights = list(_CERTAINTY_MIX), list(_CERTAINTY_MIX.values())
    out: list[_Claim] = []
    while len(out) < n_claims:
        i = len(out)
        a = must[i] if i < len(must) else pick(rng)
        b = pick(rng)
        if a == b:
            continue
        s, o = _orient(rng, entities[a], entities[b])
        relation = rng.choice(_BY_OBJECT_TYPE.get(o.type, _GENERIC))
        certainty = rng.choices(certainties, weights=cweights)[0]
        polarity = "negated" if rng.random() < _NEGATED else "affirmed"
        triple = (s.id, relation, o.id, certainty, polarity)
        if triple in triples:
            continue
        triples.add(triple)
        base = f"{s.id}-{relation.replace('_', '-')}-{o.id}"[:90].strip("-")
        cid = base if base not in ids else next(f"{base}-{k}" for k in itertools.count(2) if f"{base}-{k}" not in ids)
        ids.add(cid)
        c = _Claim(cid, s.id, relation, o.id, certainty, polarity, sentence="")
        tail = rng.choice(_TAILS)
        c.sentence = _sentence(c, s, o, tail)
        if tail in _QUALIFIER_FOR_TAIL and rng.random() < 0.7:
            k, v = _QUALIFIER_FOR_TAIL[tail]
            c.qualifiers[k] = v
        elif rng.random() < _QUALIFIED:
            c.qualifiers["context"] = rng.choice(("single study", "case report", "review"))
        out.append(c)
    return out


def _make_unique(claims: list[_Claim], units: list[list[str]], rng: random.Random) -> None:
    """Rewrite claim sentences that also occur elsewhere in the article until each occurs once.

    A quoted sentence holds one full stop, its last character, so it can only occur again as the
    whole or the tail of another sentence (sentences are joined by spaces and line breaks). Second
    quotes that turn out not to be unique are dropped (their sentence stays, uncited).
    """
    for round_ in itertools.count(1):
        quoted = {c.sentence for c in claims} | {q for c in claims for q, occ in c.extra if not occ}
        seen: dict[str, int] = {}
        for (t,) in units:
            if t in quoted:
                seen[t] = seen.get(t, 0) + 1
            for p in range(1, len(t)):
                if t[p:] in quoted:
                    seen[t[p:]] = seen.get(t[p:], 0) + 1
        for c in claims:
            c.extra = [(q, occ) for q, occ in c.extra if occ or seen.get(q, 0) == 1]
        clashes = [c for c in claims if seen.get(c.sentence, 0) > 1]
        if not clashes:
            return
        renamed: dict[str, str] = {}
        for c in clashes:
            renamed[c.sentence] = c.sentence[:-1] + f" (report {round_}-{rng.randrange(10**6)})."
            c.sentence = renamed[c.sentence]
        for unit in units:
            unit[0] = renamed.get(unit[0], unit[0])
        for c in claims:
            c.extra = [(renamed.get(q, q), occ) for q, occ in c.extra]


def _article(rng: random.Random, claims: list[_Claim], entities: dict[str, _Entity]) -> str:
    """The article: a title, then sections of ~25 claims, each a heading and paragraphs."""
    by_subject: dict[str, list[_Claim]] = {}
    units: list[list[str]] = []  # [sentence], mutable so that _make_unique can rewrite it
    starts: list[int] = []  # index in units of each claim's sentence
    for c in claims:
        starts.append(len(units))
        units.append([c.sentence])
        by_subject.setdefault(c.subject, []).append(c)
        if rng.random() < _SECOND_QUOTE:
            s, o = entities[c.subject], entities[c.object]
            second = rng.choice(_SECOND).format(s=s.label, o=o.label) + rng.choice(_TAILS) + "."
            units.append([second])
            c.extra.append((second, 0))
        if rng.random() < _FILLER:
            units.append([rng.choice(_FILLERS)])
        if rng.random() < 0.03:
            units.append([_STOCK])
    # Shared quotes: a claim also cites the sentence of an earlier claim about the same subject.
    for group in by_subject.values():
        for prev, c in itertools.pairwise(group):
            if rng.random() < _SECOND_QUOTE * _SHARED_QUOTE:
                c.extra.append((prev.sentence, 0))
    stock_count = sum(1 for (s,) in units if s == _STOCK)
    if stock_count > 1:
        for c in claims:
            if rng.random() < _STOCK_QUOTE:
                c.extra.append((_STOCK, rng.randrange(1, stock_count + 1)))
    _make_unique(claims, units, rng)
    section_at = {starts[k]: k // 25 for k in range(0, len(claims), 25)}
    paragraphs: list[str] = []
    chunk: list[str] = []
    target = rng.randint(3, 6)
    for i, (sentence,) in enumerate(units):
        if i in section_at:
            if chunk:
                paragraphs.append(" ".join(chunk))
                chunk = []
            topic = entities[claims[section_at[i] * 25].subject].label
            paragraphs.append(f"Section {section_at[i] + 1}: {topic} and what the research says")
        chunk.append(sentence)
        if len(chunk) >= target:
            paragraphs.append(" ".join(chunk))
            chunk, target = [], rng.randint(3, 6)
    if chunk:
        paragraphs.append(" ".join(chunk))
    return "A synthetic review of dissociative drugs and the brain\n\n" + "\n\n".join(paragraphs) + "\n"


def _q(s: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


def _write_entities(path: Path, entities: list[_Entity]) -> None:
    lines = ["# Synthetic entities (bench/generate.py).", "entities:"]
    for e in sorted(entities, key=lambda e: e.id):
        lines += [f"  - id: {e.id}", f"    label: {_q(e.label)}", f"    type: {e.type}"]
        lines.append(f"    description: {_q(_DESCRIPTIONS[e.type])}")
        if e.aliases:
            lines.append(f"    aliases: [{', '.join(_q(a) for a in e.aliases)}]")
        if e.xrefs:
            lines.append(f"    xrefs: [{', '.join(_q(x) for x in e.xrefs)}]")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _write_claims(path: Path, claims: list[_Claim]) -> None:
    lines = ["# Synthetic claims (bench/generate.py).", "claims:"]
    for c in claims:
        lines += [
            f"  - id: {c.id}",
            f"    subject: {c.subject}",
            f"    relation: {c.relation}",
            f"    object: {c.object}",
            f"    certainty: {c.certainty}",
        ]
        if c.polarity != "affirmed":
            lines.append(f"    polarity: {c.polarity}")
        if c.qualifiers:
            lines.append("    qualifiers: {" + ", ".join(f"{k}: {_q(v)}" for k, v in c.qualifiers.items()) + "}")
        lines.append("    evidence:")
        for quote, occurrence in [(c.sentence, 0), *c.extra]:
            lines += [f"      - source: {SOURCE_ID}", f"        quote: {_q(quote)}"]
            if occurrence:
                lines.append(f"        occurrence: {occurrence}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def generate(n_claims: int, out: str | Path, *, seed: int = 0, per_file: int = CLAIMS_PER_FILE) -> Path:
    """Write a synthetic graph folder of ``n_claims`` claims into ``out`` (created; old YAML removed)."""
    if n_claims < 1:
        raise ValueError("n_claims must be at least 1")
    rng = random.Random(f"ketagraph-bench-{seed}-{n_claims}")
    n_entities = max(len(ENTITY_TYPES), round(n_claims * ENTITIES_PER_CLAIM))
    n_entities = min(n_entities, n_claims + 1)  # every entity must be usable by some claim
    entities = _entities(rng, n_entities)
    claims = _claims(rng, entities, max(n_claims, (n_entities + 1) // 2))
    text = _article(rng, claims, {e.id: e for e in entities})
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for old in [*out.glob("*.yaml"), *out.glob("*.yml")]:
        old.unlink()
    (out / "article.txt").write_text(text, encoding="utf-8")
    (out / "source.yaml").write_text(
        "sources:\n"
        f"  - id: {SOURCE_ID}\n"
        f"    title: {_q('A synthetic review of dissociative drugs and the brain')}\n"
        "    publisher: ketagraph benchmark\n"
        "    kind: review\n"
        "    language: en\n"
        "    file: article.txt\n"
        f"    description: {_q(f'Generated by bench/generate.py: {len(claims)} claims, seed {seed}.')}\n",
        encoding="utf-8",
    )
    _write_entities(out / "entities.yaml", entities)
    for k, start in enumerate(range(0, len(claims), per_file)):
        _write_claims(out / f"claims-{k + 1:03d}.yaml", claims[start : start + per_file])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=1_000, help="number of claims (default 1000)")
    parser.add_argument("--out", required=True, help="the graph folder to write")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--per-file", type=int, default=CLAIMS_PER_FILE, help="claims per YAML file")
    args = parser.parse_args(argv)
    out = generate(args.claims, args.out, seed=args.seed, per_file=args.per_file)
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
