"""Curation mode: ``streamlit run app.py -- --edit`` (the app is read-only without it, and always
for uploaded graphs, which this page never opens).

The article with its draft sentences marked (``assets/curate.js``); a review panel for the current
draft (accept as proposed, accept edited, reject with a reason, skip, undo: buttons, or the keys
a, x, space, backspace); a selection in the article becomes a new claim (the quote checked on the
server, UTF-16 offsets converted); entities picked from a searchable list or created on the spot;
the graph below shows each saved claim at once. Every decision goes through
:class:`ketagraph.curate.writeback.CuratedFile`: validated, atomic, refused when the file changed
on disk, journalled.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import streamlit as st

from ketagraph.curate.cues import read_certainty
from ketagraph.curate.draft import DRAFTS_FILE, Draft, draft_source, find_mentions, read_drafts, write_drafts
from ketagraph.curate.draft import _entity_automaton as entity_automaton
from ketagraph.curate.spans import browser_span, claim_dict, unique_id
from ketagraph.curate.writeback import CuratedFile, blocking
from ketagraph.errors import KetagraphError
from ketagraph.load import Corpus
from ketagraph.model import CERTAINTIES, ENTITY_TYPES, POLARITIES, RELATIONS, Source
from ketagraph.style import certainty_css

__all__ = ["edit_requested", "page"]

ASSETS = Path(__file__).parent / "assets"
ARTICLE_HEIGHT = 520
GRAPH_HEIGHT = 460
NEW_ENTITY = "+ new entity"
#: Why a draft is wrong (after INDRA's curation tags).
REASONS = (
    "no relation stated",
    "wrong relation",
    "wrong subject or object",
    "wrong certainty",
    "wrong polarity",
    "hypothesis, not a claim",
    "already covered by a claim",
    "other",
)

_mount = st.components.v2.component(
    "ketagraph_curate",
    js=(ASSETS / "curate.js").read_text("utf-8"),
    css=certainty_css("kgc") + (ASSETS / "curate.css").read_text("utf-8"),
    isolate_styles=False,  # document.getSelection() does not see into a shadow root
)


def edit_requested(argv: list[str] | None = None, env: Mapping[str, str] | None = None) -> bool:
    """Whether the app was started with ``--edit`` (after ``--`` on the streamlit command line) or
    with ``KETAGRAPH_EDIT=1`` (as ``KETAGRAPH_GRAPH`` stands for ``--graph``)."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--edit", action="store_true")
    args, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    return bool(args.edit) or (os.environ if env is None else env).get("KETAGRAPH_EDIT") == "1"


def _utf16(text: str) -> list[int] | None:
    """Code point -> UTF-16 offset table, or None when the two agree (no character beyond U+FFFF)."""
    if all(ord(c) < 0x10000 for c in text):
        return None
    table = [0]
    for c in text:
        table.append(table[-1] + (2 if ord(c) >= 0x10000 else 1))
    return table


def _who() -> str:
    name = str(st.session_state.get("kgc_who") or "").strip()
    return name or "unknown"


def _flash(kind: str, text: str, diff: str = "") -> None:
    st.session_state.kgc_flash = {"kind": kind, "text": text, "diff": diff}


def _refused(e: KetagraphError) -> None:
    _flash("error", str(e), getattr(e, "diff", ""))


class _Session:
    """What one run of the page works on: the source, its claims file, its drafts and their states."""

    def __init__(self, root: Path, corpus: Corpus, source: Source):
        self.root, self.corpus, self.source = root, corpus, source
        folder = (root / source.file).parent
        self.claims_path = folder / "claims.yaml"
        self.drafts_path = folder / DRAFTS_FILE
        files: dict[str, CuratedFile] = st.session_state.setdefault("kgc_files", {})
        key = str(self.claims_path.resolve())
        if key not in files:
            files[key] = CuratedFile(root, self.claims_path)
        self.file = files[key]
        self.drafts: list[Draft] = []
        if self.drafts_path.is_file():
            try:
                self.drafts = [d for d in read_drafts(self.drafts_path, source) if d.source == source.id]
            except KetagraphError as e:
                st.warning(f"{e} (press Draft claims)")
        self.states = self.file.journal.draft_states()

    def draft(self, draft_id: str | None) -> Draft | None:
        return next((d for d in self.drafts if d.id == draft_id), None)

    def pending(self) -> list[Draft]:
        return [d for d in self.drafts if d.id not in self.states]

    def next_pending(self, after: str | None) -> str | None:
        pending = self.pending()
        if not pending:
            return None
        ids = [d.id for d in self.drafts]
        at = ids.index(after) if after in ids else -1
        later = [d for d in pending if ids.index(d.id) > at]
        return (later or pending)[0].id

    def taken_ids(self) -> set[str]:
        return {c.id for c in self.corpus.claims} | set(self.file.claim_ids())


def _apply(s: _Session, action: dict[str, Any]) -> bool:
    """Carry out one action from a key, a button or the article; True when the YAML changed."""
    ss = st.session_state
    kind = action.get("kind")
    draft = s.draft(action.get("draft") or ss.get("kgc_current"))
    try:
        if kind == "goto" and draft is not None:
            ss.kgc_current = draft.id
            ss.kgc_span = None
        elif kind == "skip":
            ss.kgc_current = s.next_pending(draft.id if draft else None)
        elif kind == "undo":
            entry = s.file.undo(who=_who())
            if entry is None:
                _flash("info", "Nothing to undo.")
                return False
            what = entry.get("claim", {}).get("id") or entry.get("draft")
            _flash("success", f"Undid decision {entry['undoes']} ({what}).")
            if entry.get("draft"):
                ss.kgc_current = entry["draft"]
            return True
        elif kind in ("accept", "edit") and draft is not None:
            if draft.id in s.states:
                _flash("info", f"That draft is already {s.states[draft.id]}; undo first to decide again.")
                return False
            fields = _draft_fields(draft)
            edited = any(fields[k] != getattr(draft, k) for k in fields)
            claim = claim_dict(
                claim_id=unique_id(f"{fields['subject']}-{fields['relation']}-{fields['object']}", s.taken_ids()),
                source=s.source.id,
                text=s.source.text,
                start=draft.start,
                quote=draft.quote,
                note=str(ss.get(f"kgc_note_{draft.id}") or ""),
                **fields,
            )
            s.file.add_claim(claim, who=_who(), action="edit" if edited else "accept", draft=draft.id)
            _flash("success", f"Saved claim {claim['id']!r}" + (" (edited)." if edited else "."))
            ss.kgc_last_claim = claim["id"]
            ss.kgc_current = s.next_pending(draft.id)
            return True
        elif kind == "reject" and draft is not None:
            if draft.id in s.states:
                _flash("info", f"That draft is already {s.states[draft.id]}; undo first to decide again.")
                return False
            reason = ss.get(f"kgc_reason_{draft.id}")
            if not reason:
                _flash("error", "Choose a reason before rejecting (the list under the draft).")
                return False
            note = " ".join(str(ss.get(f"kgc_note_{draft.id}") or "").split())
            s.file.reject(draft.id, f"{reason}: {note}" if note else str(reason), who=_who())
            _flash("success", f"Rejected the draft ({reason}).")
            ss.kgc_current = s.next_pending(draft.id)
        elif kind == "span":
            start, end, quote = browser_span(
                s.source.text,
                action.get("start"),
                action.get("end"),
                action.get("text"),
            )
            ss.kgc_span = {"start": start, "end": end, "quote": quote, "n": action.get("n")}
        elif kind == "save-span":
            return _save_span(s)
    except KetagraphError as e:
        _refused(e)
    return False


def _draft_fields(d: Draft) -> dict[str, str]:
    ss = st.session_state
    return {
        "subject": str(ss.get(f"kgc_subject_{d.id}", d.subject)),
        "relation": str(ss.get(f"kgc_relation_{d.id}", d.relation)),
        "object": str(ss.get(f"kgc_object_{d.id}", d.object)),
        "certainty": str(ss.get(f"kgc_certainty_{d.id}", d.certainty)),
        "polarity": str(ss.get(f"kgc_polarity_{d.id}", d.polarity)),
    }


def _save_span(s: _Session) -> bool:
    ss = st.session_state
    span = ss.get("kgc_span")
    if not span:
        return False
    new_entities: list[dict[str, str]] = []
    ends: dict[str, str] = {}
    taken_entities = set(s.corpus.entities)
    for role in ("subject", "object"):
        picked = ss.get(f"kgc_span_{role}")
        if picked == NEW_ENTITY:
            label = " ".join(str(ss.get(f"kgc_span_{role}_label") or "").split())
            if not label:
                raise KetagraphError(f"give the new {role} entity a label")
            same = next((e for e in new_entities if e["label"] == label), None)
            if same:
                ends[role] = same["id"]
                continue
            ident = unique_id(label, taken_entities)
            taken_entities.add(ident)
            new_entities.append({"id": ident, "label": label, "type": str(ss.get(f"kgc_span_{role}_type"))})
            ends[role] = ident
        elif picked:
            ends[role] = str(picked)
        else:
            raise KetagraphError(f"pick the claim's {role}")
    relation = str(ss.get("kgc_span_relation"))
    claim = claim_dict(
        claim_id=unique_id(f"{ends['subject']}-{relation}-{ends['object']}", s.taken_ids()),
        subject=ends["subject"],
        relation=relation,
        object=ends["object"],
        certainty=str(ss.get("kgc_span_certainty")),
        polarity=str(ss.get("kgc_span_polarity")),
        source=s.source.id,
        text=s.source.text,
        start=int(span["start"]),
        quote=str(span["quote"]),
        note=str(ss.get("kgc_span_note") or ""),
    )
    s.file.add_claim(claim, entities=new_entities, who=_who(), action="new")
    made = f" and {len(new_entities)} new entit{'y' if len(new_entities) == 1 else 'ies'}" if new_entities else ""
    _flash("success", f"Saved claim {claim['id']!r}{made}.")
    ss.kgc_last_claim = claim["id"]
    ss.kgc_span = None
    return True


def _on_action(action: dict[str, Any]) -> None:
    st.session_state.kgc_action = action


def _on_article() -> None:
    value = st.session_state.get("kgc_article") or {}
    action = value.get("action") if isinstance(value, dict) else None
    if isinstance(action, dict):
        _on_action(action)


# ------------------------------------------------------------------ the page


def page(root: Path) -> None:
    """The curation page for the graph folder ``root``."""
    from ketagraph.build import build
    from ketagraph.layout import compute_layout
    from ketagraph.render import vis_payload
    from ketagraph.ui import component, loading, panels, state

    ss = st.session_state
    component.boot(key="kgc_boot")
    st.title("ketagraph · curating")
    loaded = loading.load(str(root), loading.fingerprint(root))
    if blocking(loaded.corpus.issues):
        panels.show_issues(loaded.corpus.issues, root, uploaded=False)  # this page never opens uploads
        st.stop()
    corpus = loaded.corpus
    if not corpus.sources:
        st.error(f"{root} has no sources: start one with `ketagraph new-source FILE {root}`.")
        st.stop()

    with st.sidebar:
        st.header("Curation")
        ss.setdefault("kgc_who", os.environ.get("KETAGRAPH_CURATOR") or getpass.getuser())
        st.text_input("Curator (recorded in the journal)", key="kgc_who")
        source_id = st.selectbox(
            "Source", sorted(corpus.sources), key="kgc_source", format_func=lambda s: corpus.sources[s].title
        )
    source = corpus.sources[str(source_id)]
    try:
        s = _Session(root, corpus, source)
    except KetagraphError as e:
        st.error(str(e))
        st.stop()

    action = ss.pop("kgc_action", None)
    if isinstance(action, dict) and _apply(s, action):
        loaded = loading.load(str(root), loading.fingerprint(root))
        corpus = loaded.corpus
        if blocking(corpus.issues):  # changed behind our back: show it rather than a stale page
            panels.show_issues(corpus.issues, root, uploaded=False)
            st.stop()
        source = corpus.sources[source.id]
        s = _Session(root, corpus, source)
    s.states = s.file.journal.draft_states()  # a rejection changes the journal only
    if ss.get("kgc_current") not in {d.id for d in s.drafts} or ss.get("kgc_current") in s.states:
        ss.kgc_current = s.next_pending(ss.get("kgc_current"))

    with st.sidebar:
        if st.button("Draft claims", help="Propose claims from the text, the known entities and the cue table"):
            drafts = draft_source(source, corpus.entities)
            write_drafts(s.drafts_path, source, drafts)
            s.drafts = drafts
            ss.kgc_current = s.next_pending(None)
            _flash("success", f"{len(drafts)} drafts written to {s.drafts_path.name}.")
        done = len(s.drafts) - len(s.pending())
        st.caption(f"{len(s.drafts)} drafts, {done} decided, {len(s.pending())} to review.")
        st.button("Undo the last decision (backspace)", on_click=_on_action, args=({"kind": "undo"},))
        with st.expander("Journal"):
            for entry in reversed(s.file.journal.entries()[-30:]):
                what = entry.get("claim", {}).get("id") or entry.get("draft") or ""
                extra = f" — {entry['reason']}" if entry.get("reason") else ""
                st.text(f"{entry['seq']}. {entry['time']} {entry['who']}: {entry['action']} {what}{extra}")
        st.caption("Keys: a accept · x reject · space skip · backspace undo (not while typing in a field).")

    flash = ss.pop("kgc_flash", None)
    if flash:
        getattr(st, flash["kind"])(flash["text"])
        if flash.get("diff"):
            st.code(flash["diff"], language="diff")
            st.button("Reload the file from disk", on_click=s.file.reload)

    left, right = st.columns([3, 2], gap="medium")
    with left:
        st.caption(
            "Draft sentences are marked (yellow to review, green accepted, struck out rejected); quotes of "
            "saved claims are underlined by certainty. Select any passage to make a claim from it."
        )
        table = _utf16(source.text)

        def u16(i: int) -> int:
            return table[i] if table is not None else i

        data: dict[str, Any] = {
            "text": source.text,
            "height": ARTICLE_HEIGHT,
            "current": ss.get("kgc_current"),
            "drafts": [
                {"id": d.id, "start": u16(d.start), "end": u16(d.end), "state": s.states.get(d.id, "pending")}
                for d in s.drafts
            ],
            "claims": [
                {"id": c.id, "start": u16(ev.start), "end": u16(ev.end), "certainty": c.certainty}
                for c in corpus.claims
                for ev in c.evidence
                if ev.source == source.id
            ],
        }
        data["version"] = str(hash((loaded.fingerprint, tuple(d["state"] for d in data["drafts"]), len(s.drafts))))
        _mount(key="kgc_article", data=data, on_action_change=_on_article, height=ARTICLE_HEIGHT + 30)
    with right:
        if ss.get("kgc_span"):
            _span_panel(s)
        else:
            _draft_panel(s)

    st.subheader("The graph")
    G = loaded.graph if loaded.graph is not None else build(corpus)  # (None only while it has no claims)
    if loaded.graph is not None:
        payload = loading.payload(
            str(root), loaded.fingerprint, "mechanism", state.EVERYTHING
        )  # cached, as the explorer's
    else:
        payload = vis_payload(G, compute_layout(G, "mechanism"))
    component.graph_view(payload, key="kgc_graph", height=GRAPH_HEIGHT, on_select=lambda: None)
    last = ss.get("kgc_last_claim")
    view: dict[str, Any] = {"nodes": [], "edges": [], "claims": [], "center": None, "selected": None}
    if last and G.has_edge(*_ends(G, last), last):
        u, v = _ends(G, last)
        view.update(nodes=[u, v], edges=[last], claims=[last], selected={"kind": "claim", "id": last})
    component.view_state(view, key="kgc_view")


def _ends(G: Any, claim_id: str) -> tuple[str, str]:
    for u, v, k in G.edges(keys=True):
        if k == claim_id:
            return str(u), str(v)
    return "", ""


def _entity_options(corpus: Corpus) -> list[str]:
    return sorted(corpus.entities, key=lambda e: corpus.entities[e].label.casefold())


def _draft_panel(s: _Session) -> None:
    ss = st.session_state
    d = s.draft(ss.get("kgc_current"))
    if d is None:
        if not s.drafts:
            st.info("No drafts yet: press **Draft claims** in the sidebar, or select a passage of the article.")
        else:
            st.success("Every draft is decided. Select a passage of the article to add a claim.")
        return
    st.markdown("#### Draft")
    st.text(d.quote)
    st.caption("Because: " + "; ".join(d.because))
    options = _entity_options(s.corpus)

    def label(e: str) -> str:
        ent = s.corpus.entities.get(e)
        return f"{ent.label} ({ent.type})" if ent else e

    c1, c2, c3 = st.columns(3)
    c1.selectbox("Subject", options, index=_index(options, d.subject), key=f"kgc_subject_{d.id}", format_func=label)
    c2.selectbox("Relation", list(RELATIONS), index=_index(list(RELATIONS), d.relation), key=f"kgc_relation_{d.id}")
    c3.selectbox("Object", options, index=_index(options, d.object), key=f"kgc_object_{d.id}", format_func=label)
    c4, c5 = st.columns(2)
    c4.selectbox(
        "Certainty", list(CERTAINTIES), index=_index(list(CERTAINTIES), d.certainty), key=f"kgc_certainty_{d.id}"
    )
    c5.selectbox("Polarity", list(POLARITIES), index=_index(list(POLARITIES), d.polarity), key=f"kgc_polarity_{d.id}")
    st.text_input("Note (why this certainty or reading; also kept with a rejection)", key=f"kgc_note_{d.id}")
    row = st.columns(4)
    row[0].button(
        "Accept (a)", type="primary", key="kgc_accept", on_click=_on_action, args=({"kind": "accept", "draft": d.id},)
    )
    row[1].button("Reject (x)", key="kgc_reject", on_click=_on_action, args=({"kind": "reject", "draft": d.id},))
    row[2].button("Skip (space)", key="kgc_skip", on_click=_on_action, args=({"kind": "skip", "draft": d.id},))
    row[3].button("Undo (⌫)", key="kgc_undo", on_click=_on_action, args=({"kind": "undo"},))
    st.selectbox("Reason, when rejecting", REASONS, index=None, key=f"kgc_reason_{d.id}", placeholder="Choose a reason")


def _index(options: list[str], value: str) -> int | None:
    return options.index(value) if value in options else None


def _span_panel(s: _Session) -> None:
    ss = st.session_state
    span = ss.kgc_span
    st.markdown("#### New claim from the selection")
    st.text(span["quote"])
    st.caption(f"characters {span['start']}–{span['end']} of {s.source.id}, checked against the text")
    reading = read_certainty(span["quote"])
    mentions = list(dict.fromkeys(m.entity for m in find_mentions(span["quote"], entity_automaton(s.corpus.entities))))
    options = [NEW_ENTITY, *_entity_options(s.corpus)]

    def label(e: str) -> str:
        ent = s.corpus.entities.get(e)
        return f"{ent.label} ({ent.type})" if ent else e

    n = span.get("n")
    for role, guess in (
        ("subject", mentions[0] if mentions else None),
        ("object", mentions[1] if len(mentions) > 1 else None),
    ):
        key = f"kgc_span_{role}"
        if ss.get(f"{key}_for") != n:  # a new selection: new guesses
            ss[f"{key}_for"] = n
            ss[key] = guess
        st.selectbox(role.capitalize(), options, key=key, format_func=label, placeholder="Type to search entities")
        if ss.get(key) == NEW_ENTITY:
            c1, c2 = st.columns(2)
            c1.text_input(f"New {role}: label", key=f"{key}_label")
            c2.selectbox(f"New {role}: type", list(ENTITY_TYPES), key=f"{key}_type")
    if ss.get("kgc_span_for") != n:
        ss.kgc_span_for = n
        ss.kgc_span_certainty = reading.certainty
        ss.kgc_span_polarity = "negated" if reading.negations else "affirmed"
    st.selectbox("Relation", list(RELATIONS), key="kgc_span_relation")
    c4, c5 = st.columns(2)
    c4.selectbox("Certainty", list(CERTAINTIES), key="kgc_span_certainty")
    c5.selectbox("Polarity", list(POLARITIES), key="kgc_span_polarity")
    st.caption(
        "Cues: "
        + reading.because
        + (f"; negation {', '.join(c.phrase for c in reading.negations)!s}" if reading.negations else "")
    )
    st.text_input("Note", key="kgc_span_note")
    row = st.columns(2)
    row[0].button("Save claim", type="primary", key="kgc_span_save", on_click=_on_action, args=({"kind": "save-span"},))
    row[1].button("Cancel", key="kgc_span_cancel", on_click=lambda: ss.update(kgc_span=None))
