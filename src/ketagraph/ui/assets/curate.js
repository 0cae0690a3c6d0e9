// ketagraph curation: the article with draft sentences and claim quotes marked (Components v2).
//
// Sends one-off "action" triggers to Python:
//   {kind: "goto", draft}            a click on a draft sentence makes it the current draft
//   {kind: "accept"|"reject"|"skip"|"undo", draft}   keys a, x, space, backspace (ignored while a
//                                    text field, list or button has the focus)
//   {kind: "span", start, end, text} a selection in the article: UTF-16 offsets into the article
//                                    text and the selected text, checked again on the server
// The article's text is set with text nodes only: nothing from the data is parsed as HTML.
// Mounted without style isolation (no shadow root), so document.getSelection() sees the article.

const KGC = (globalThis.ketagraphCurate = globalThis.ketagraphCurate || { send: null, current: null, n: 0 });

function isTyping(el) {
  if (!el) return false;
  const tag = (el.tagName || "").toLowerCase();
  return tag === "input" || tag === "textarea" || tag === "select" || tag === "button" || el.isContentEditable;
}

function onKey(e) {
  if (!KGC.send || e.ctrlKey || e.metaKey || e.altKey || isTyping(document.activeElement)) return;
  const kinds = { a: "accept", x: "reject", " ": "skip", Backspace: "undo" };
  const kind = kinds[e.key];
  if (!kind) return;
  e.preventDefault();
  KGC.n += 1;
  KGC.send("action", { kind, draft: KGC.current, n: KGC.n });
}

if (!KGC.keysInstalled) {
  document.addEventListener("keydown", onKey);
  KGC.keysInstalled = true;
}

function segments(length, spans) {
  const cuts = new Set([0, length]);
  for (const s of spans) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  return [...cuts].sort((a, b) => a - b);
}

function render(container, data) {
  const text = data.text;
  const spans = [
    ...data.claims.map((c) => ({ ...c, kind: "claim" })),
    ...data.drafts.map((d) => ({ ...d, kind: "draft" })),
  ];
  const cuts = segments(text.length, spans);
  container.replaceChildren();
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i];
    const b = cuts[i + 1];
    const covering = spans.filter((s) => s.start <= a && b <= s.end);
    if (!covering.length) {
      container.appendChild(document.createTextNode(text.slice(a, b)));
      continue;
    }
    const el = document.createElement("span");
    el.textContent = text.slice(a, b);
    for (const s of covering) {
      if (s.kind === "claim") el.classList.add("kgc-claim", `kgc-${s.certainty}`);
      else {
        el.classList.add("kgc-draft", `kgc-${s.state}`);
        el.dataset.draft = s.id;
        if (s.id === data.current) el.classList.add("kgc-current");
      }
    }
    container.appendChild(el);
  }
}

function selectionIn(container) {
  const sel = document.getSelection();
  if (!sel || sel.isCollapsed || !sel.rangeCount) return null;
  const range = sel.getRangeAt(0);
  if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) return null;
  const before = document.createRange();
  before.setStart(container, 0);
  before.setEnd(range.startContainer, range.startOffset);
  const start = before.toString().length; // UTF-16 units, as the server expects
  const selected = range.toString();
  return { start, end: start + selected.length, text: selected };
}

export default function ({ data, parentElement, setTriggerValue }) {
  KGC.send = setTriggerValue;
  KGC.current = data.current;
  let root = parentElement.querySelector(".kgc-article");
  if (!root) {
    root = document.createElement("div");
    root.className = "kgc-article";
    root.style.height = `${data.height}px`;
    const body = document.createElement("div");
    body.className = "kgc-text";
    root.appendChild(body);
    parentElement.appendChild(root);
    body.addEventListener("mouseup", () => {
      const span = selectionIn(body);
      if (span && span.text.trim()) {
        KGC.n += 1;
        KGC.send("action", { kind: "span", ...span, n: KGC.n });
        return;
      }
    });
    body.addEventListener("click", (e) => {
      const sel = document.getSelection();
      if (sel && !sel.isCollapsed) return;
      const mark = e.target.closest && e.target.closest("[data-draft]");
      if (mark) {
        KGC.n += 1;
        KGC.send("action", { kind: "goto", draft: mark.dataset.draft, n: KGC.n });
      }
    });
  }
  const body = root.querySelector(".kgc-text");
  if (body.__version !== data.version) {
    render(body, data);
    body.__version = data.version;
  }
  const current = data.current && body.querySelector(`[data-draft="${CSS.escape(data.current)}"]`);
  if (current) current.scrollIntoView({ block: "center" });
}
