"""Cross-checks between records: references, quotes located in their sources, duplicates.

Runs after :func:`ketagraph.load.load`; appends to ``corpus.issues`` and replaces each claim's
evidence with located evidence (character offsets and section heading). Linear in the size of the
graph: each distinct quote is searched once per source, however many claims share it.
"""

from __future__ import annotations

import dataclasses
import os
from collections import Counter
from pathlib import Path

from ketagraph.curate.cues import hedge_warning
from ketagraph.errors import Issue
from ketagraph.load import Corpus, load_corpus
from ketagraph.model import Claim, Entity, Evidence
from ketagraph.schema import closest
from ketagraph.text import quote_hint

__all__ = ["MAX_HINTS", "cross_check", "validate"]

#: Closest-passage hints are computed for this many unfound quotes; the rest get a short message.
MAX_HINTS = 50


def validate(root: str | os.PathLike[str]) -> list[Issue]:
    """Every problem of the graph folder ``root`` (empty when it is valid), sorted by place."""
    return load_corpus(Path(root)).issues


def cross_check(corpus: Corpus) -> None:
    """Check claims against entities and sources; locate every quote."""
    lookup = _EntityLookup(corpus.entities)
    hints_left = MAX_HINTS
    seen_triples: dict[tuple[str, str, str, str, str], Claim] = {}
    claim_ids: dict[str, Claim] = {}
    located: list[Claim] = []
    used_entities: set[str] = set()
    used_sources: set[str] = set()
    _locate_quotes(corpus)
    for claim in corpus.claims:
        path, line = claim.where.path, claim.where.line
        name = f"claim {claim.id!r}"
        first = claim_ids.get(claim.id)
        if first is not None:
            corpus.issues.append(Issue(path, line, f"duplicate claim id {claim.id!r} (first defined at {first.where})"))
            continue
        claim_ids[claim.id] = claim
        ok = True
        for role in ("subject", "object"):
            ref = getattr(claim, role)
            if ref in corpus.entities:
                used_entities.add(ref)
            elif ("entities", ref) in corpus.rejected:
                ok = False  # the entity's own problem is reported where it is defined
            else:
                corpus.issues.append(Issue(path, line, f"{name}: unknown {role} entity {ref!r}{lookup.hint(ref)}"))
                ok = False
        evidence: list[Evidence] = []
        for ev in claim.evidence:
            ev_path, ev_line = ev.where.path, ev.where.line
            doc = corpus.documents.get(ev.source)
            if doc is None and ("sources", ev.source) in corpus.rejected:
                ok = False  # the source's own problem is reported where it is defined
                continue
            if doc is None:
                near = closest(ev.source, corpus.sources)
                hint = f" (did you mean {near!r}?)" if near else ""
                known = f"; known sources: {', '.join(sorted(corpus.sources))}" if corpus.sources else ""
                corpus.issues.append(Issue(ev_path, ev_line, f"{name}: unknown source {ev.source!r}{hint}{known}"))
                ok = False
                continue
            used_sources.add(ev.source)
            hits = doc.find_all(ev.quote)
            if not hits:
                if hints_left > 0:
                    hints_left -= 1
                    hint = quote_hint(doc, ev.quote)
                else:
                    hint = "check it against the source text"
                corpus.issues.append(
                    Issue(
                        ev_path,
                        ev_line,
                        f"{name}: quote not found verbatim in source {ev.source!r}: {_clip(ev.quote)!r}; {hint}",
                    )
                )
                ok = False
                continue
            if ev.occurrence == 0 and len(hits) > 1:
                corpus.issues.append(
                    Issue(
                        ev_path,
                        ev_line,
                        f"{name}: quote occurs {len(hits)} times in source {ev.source!r}; quote more of the "
                        f"passage, or add 'occurrence: N' (1 to {len(hits)}) to pick one",
                    )
                )
                ok = False
                continue
            if ev.occurrence > len(hits):
                corpus.issues.append(
                    Issue(
                        ev_path,
                        ev_line,
                        f"{name}: 'occurrence: {ev.occurrence}' but the quote occurs only {len(hits)} "
                        f"time{'s' if len(hits) != 1 else ''} in source {ev.source!r}",
                    )
                )
                ok = False
                continue
            start = hits[max(ev.occurrence, 1) - 1]
            end = start + len(ev.quote)
            evidence.append(dataclasses.replace(ev, start=start, end=end, section=doc.section_at(start)))
        for n in Counter((e.source, e.start) for e in evidence).values():
            if n > 1:
                corpus.issues.append(
                    Issue(
                        path, line, f"{name}: the same quote is listed {n} times as evidence; list it once", "warning"
                    )
                )
        if not ok:
            continue
        triple = (claim.subject, claim.relation, claim.object, claim.certainty, claim.polarity)
        twin = seen_triples.get(triple)
        if twin is not None:
            corpus.issues.append(
                Issue(
                    path,
                    line,
                    f"{name}: states the same {claim.subject} {claim.relation} {claim.object} "
                    f"({claim.certainty}, {claim.polarity}) as claim {twin.id!r} ({twin.where}); "
                    "merge their evidence into one claim",
                )
            )
            continue
        seen_triples[triple] = claim
        hedged = hedge_warning(claim, evidence, corpus.documents)  # the cue table: quote more hedged than claim
        if hedged is not None:
            corpus.issues.append(hedged)
        located.append(dataclasses.replace(claim, evidence=tuple(evidence)))
    corpus.claims = located
    for entity in corpus.entities.values():
        if entity.id not in used_entities:
            corpus.issues.append(
                Issue(entity.where.path, entity.where.line, f"entity {entity.id!r} is not used by any claim", "warning")
            )
    for source in corpus.sources.values():
        if source.id not in used_sources:
            corpus.issues.append(
                Issue(
                    source.where.path, source.where.line, f"source {source.id!r} is not quoted by any claim", "warning"
                )
            )
    # Only when nothing else is wrong: claims that were rejected, or sit in a file that could not
    # be read, are not "no claims".
    if not claim_ids and corpus.files and not corpus.errors:
        corpus.issues.append(
            Issue(str(corpus.root), None, "the graph has no claims: add a 'claims:' list to a YAML file")
        )


def _locate_quotes(corpus: Corpus) -> None:
    """Find all quotes of each source in one pass over its text (see ``Document.locate``)."""
    quotes: dict[str, set[str]] = {}
    for claim in corpus.claims:
        for ev in claim.evidence:
            quotes.setdefault(ev.source, set()).add(ev.quote)
    for sid, wanted in quotes.items():
        doc = corpus.documents.get(sid)
        if doc is not None:
            doc.locate(wanted)


class _EntityLookup:
    """Suggests the entity a curator most likely meant, by id, label or alias."""

    def __init__(self, entities: dict[str, Entity]):
        self.ids = list(entities)
        self.by_name: dict[str, str] = {}
        for e in entities.values():
            for name in (e.label, *e.aliases):
                self.by_name.setdefault(name.casefold(), e.id)

    def hint(self, ref: str) -> str:
        by_name = self.by_name.get(ref.replace("-", " ").casefold())
        near = by_name or closest(ref, self.ids)
        return f" (did you mean {near!r}?)" if near else ""


def _clip(s: str, n: int = 80) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"
