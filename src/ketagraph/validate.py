"""Cross-checks between records (phase two of three): references, quotes located, duplicates.

:func:`check` takes the corpus :func:`ketagraph.load.read_folder` made and returns a new one: the
claims that passed, each with located evidence (character offsets and section heading), and every
problem, errors first. The corpus it is given is left as it was. Linear in the size of the graph:
each distinct quote is searched once per source, however many claims share it.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping

from ketagraph.corpus import Corpus
from ketagraph.curate.cues import hedge_warning
from ketagraph.errors import Issue, plural, sort_issues
from ketagraph.model import Claim, Entity, Evidence, Source
from ketagraph.schema import did_you_mean
from ketagraph.text import clip, quote_hint

__all__ = ["MAX_HINTS", "check"]

#: Closest-passage hints are computed for this many unfound quotes; the rest get a short message.
MAX_HINTS = 50


def check(corpus: Corpus) -> Corpus:
    """``corpus`` checked: a new corpus with the claims that passed (evidence located) and every
    problem, errors first, then by place."""
    issues = list(corpus.issues)
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
            issues.append(Issue(path, line, f"duplicate claim id {claim.id!r} (first defined at {first.where})"))
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
                at = claim.where.at(role)
                issues.append(Issue(at.path, at.line, f"{name}: unknown {role} entity {ref!r}{lookup.hint(ref)}"))
                ok = False
        evidence: list[Evidence] = []
        for ev in claim.evidence:
            ev_path = ev.where.path
            doc = corpus.documents.get(ev.source)
            if doc is None and ("sources", ev.source) in corpus.rejected:
                ok = False  # the source's own problem is reported where it is defined
                continue
            if doc is None:
                hint = did_you_mean(ev.source, corpus.sources)
                known = f"; known sources: {', '.join(sorted(corpus.sources))}" if corpus.sources else ""
                at_line = ev.where.at("source").line
                issues.append(Issue(ev_path, at_line, f"{name}: unknown source {ev.source!r}{hint}{known}"))
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
                issues.append(
                    Issue(
                        ev_path,
                        ev.where.at("quote").line,
                        f"{name}: quote not found verbatim in source {ev.source!r}: {clip(ev.quote, 80, fold=True)!r}; {hint}",
                    )
                )
                ok = False
                continue
            if ev.occurrence == 0 and len(hits) > 1:
                issues.append(
                    Issue(
                        ev_path,
                        ev.where.at("quote").line,
                        f"{name}: quote occurs {len(hits)} times in source {ev.source!r}; quote more of the "
                        f"passage, or add 'occurrence: N' (1 to {len(hits)}) to pick one",
                    )
                )
                ok = False
                continue
            if ev.occurrence > len(hits):
                issues.append(
                    Issue(
                        ev_path,
                        ev.where.at("occurrence").line,
                        f"{name}: 'occurrence: {ev.occurrence}' but the quote occurs only {plural(len(hits), 'time')} "
                        f"in source {ev.source!r}",
                    )
                )
                ok = False
                continue
            start = hits[max(ev.occurrence, 1) - 1]
            end = start + len(ev.quote)
            evidence.append(dataclasses.replace(ev, start=start, end=end, section=doc.section_at(start)))
        for n in Counter((e.source, e.start) for e in evidence).values():
            if n > 1:
                issues.append(
                    Issue(
                        path, line, f"{name}: the same quote is listed {n} times as evidence; list it once", "warning"
                    )
                )
        if not ok:
            continue
        triple = (claim.subject, claim.relation, claim.object, claim.certainty, claim.polarity)
        twin = seen_triples.get(triple)
        if twin is not None:
            issues.append(
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
            issues.append(hedged)
        located.append(dataclasses.replace(claim, evidence=tuple(evidence)))
    # A file that could not be read may hold the claims that use them: say nothing rather than
    # bury its error under a warning for every entity and source.
    if not corpus.unreadable:
        unused: list[tuple[str, Mapping[str, Entity | Source], set[str], str]] = [
            ("entities", corpus.entities, used_entities, "entity {!r} is not used by any claim"),
            ("sources", corpus.sources, used_sources, "source {!r} is not quoted by any claim"),
        ]
        for kind, records, used, message in unused:
            for record in records.values():
                if record.id not in used and (kind, record.id) not in corpus.mentioned:
                    issues.append(Issue(record.where.path, record.where.line, message.format(record.id), "warning"))
    # Only when nothing else is wrong: claims that were rejected, or sit in a file that could not
    # be read, are not "no claims".
    if not claim_ids and corpus.files and not any(i.severity == "error" for i in issues):
        issues.append(Issue(str(corpus.root), None, "the graph has no claims: add a 'claims:' list to a YAML file"))
    return dataclasses.replace(corpus, claims=located, issues=sort_issues(issues))


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
        return did_you_mean(ref, self.ids, near=self.by_name.get(ref.replace("-", " ").casefold()))
