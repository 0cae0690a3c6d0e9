// ketagraph's browser code shared by the explorer and the standalone HTML export: the detail panel,
// the legend, entity search, and the graph's focus + context (fading, relation labels).
//
// Plain functions and constants, no import or export: the explorer's component bundle puts this
// file in front of ui/assets/explorer.js (one ES module), the HTML export in front of
// assets/page.js (one inline script, wrapped in a function). Data comes from ketagraph.panel
// (details_data), ketagraph.style (legend_data) and ketagraph.query (search_index).
// All text from the data is set with textContent / text nodes: nothing is parsed as HTML.

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

// A link only for an http(s) URL; anything else stays text.
function webLink(text, url) {
  if (typeof url !== "string" || !/^https?:\/\//i.test(url)) return document.createTextNode(text);
  const a = el("a", null, text);
  a.href = url;
  a.target = "_blank";
  a.rel = "noopener noreferrer";
  return a;
}

// ---------------------------------------------------------------- the detail panel

// A node with more claims than this shows PANEL_CLAIMS_PER_GROUP of each relation (strongest
// first) until "Show all" is pressed: the biggest hub of a 20k-claim graph has 2,174. (The same
// numbers as ketagraph.panel's, which sends a big graph's hub with those claims alone.)
const PANEL_MAX_CLAIMS = 100;
const PANEL_CLAIMS_PER_GROUP = 20;

function certaintyBadge(certainty, polarity) {
  // Its colour is the certainty's hue (ketagraph.style.certainty_css: the class sets --kg-certainty).
  return el("span", `kg-badge kg-${certainty}`, certainty + (polarity === "negated" ? " · negated" : ""));
}

function claimBody(data, claim, box) {
  const meta = el("div", "kg-meta");
  meta.appendChild(el("i", null, claim.relation_text));
  for (const [k, v] of claim.qualifiers) meta.appendChild(document.createTextNode(` · ${k}: ${v}`));
  box.appendChild(meta);
  if (claim.note) box.appendChild(el("div", "kg-meta", `note: ${claim.note}`));
  for (const ev of claim.evidence) {
    // The quote inside its paragraph (or alone, when the page has no source texts).
    const para = data.paragraphs[ev.para] || "";
    const quote = el("blockquote", "kg-evidence");
    quote.appendChild(document.createTextNode(para.slice(0, ev.start - ev.offset)));
    quote.appendChild(el("mark", null, para.slice(ev.start - ev.offset, ev.end - ev.offset)));
    quote.appendChild(document.createTextNode(para.slice(ev.end - ev.offset)));
    quote.appendChild(
      el("div", "kg-cite", `— ${ev.section || "(no section)"}, ${ev.source_title} [chars ${ev.start}–${ev.end}]`),
    );
    box.appendChild(quote);
  }
}

// Build the panel for ``selection`` ({kind: "node"|"claim", id} or null) in ``root`` from the
// details data. ``actions.select(selection or null)`` is called by its buttons; with
// ``actions.dismiss(id)`` a node gets a "Hide from the graph" button; ``actions.showAll(id)`` is
// asked for the rest of a node whose data is ``partial`` (the panel shows it when it comes);
// ``actions.emptyHint`` is the text shown when nothing is selected.
function renderPanel(root, data, selection, actions) {
  const act = actions || {};
  const key = selection ? `${selection.kind}:${selection.id}` : "";
  root.replaceChildren();
  root.scrollTop = 0;
  const button = (label, target) => {
    const b = el("button", "kg-action", label);
    b.type = "button";
    b.addEventListener("click", () => act.select && act.select(target));
    return b;
  };
  const node = selection && selection.kind === "node" ? data.nodes[selection.id] : null;
  const claim = selection && selection.kind === "claim" ? data.claims[selection.id] : null;
  if (node) {
    const title = el("h3", "kg-title");
    const style = (data.types && data.types[node.type]) || ["●", "#999999"];
    const symbol = el("span", null, `${style[0]} `);
    symbol.style.color = style[1];
    title.append(symbol, document.createTextNode(node.label));
    root.appendChild(title);
    const meta = el("div", "kg-meta");
    meta.append(el("code", null, selection.id), document.createTextNode(` · ${node.type} · ${node.count} claims`));
    root.appendChild(meta);
    if (node.description) root.appendChild(el("p", null, node.description));
    if (node.aliases.length) root.appendChild(el("p", null, `Also called: ${node.aliases.join(", ")}`));
    if (node.xrefs.length) {
      const ids = el("p", null, "Identifiers: ");
      node.xrefs.forEach(([curie, url], i) => {
        if (i) ids.appendChild(document.createTextNode(", "));
        ids.appendChild(webLink(curie, url));
      });
      root.appendChild(ids);
    }
    const wantsAll = root.dataset.all === selection.id;
    const capped = node.count > PANEL_MAX_CLAIMS && (!wantsAll || node.partial);
    for (const { heading, direction, claims: ids } of node.groups) {
      root.appendChild(el("h5", "kg-group", heading));
      const outgoing = direction === "out";
      const shown = capped ? ids.slice(0, PANEL_CLAIMS_PER_GROUP) : ids;
      let row = null;
      let rowOther = null;
      for (const id of shown) {
        const c = data.claims[id];
        if (!c) continue;
        const other = outgoing ? c.object : c.subject;
        // One row per entity: a triple the article states at two hedge levels shows its evidence
        // at each level in the same row, strongest first (the order comes from the server).
        if (!row || other !== rowOther) {
          row = el("div", "kg-pair");
          rowOther = other;
          row.appendChild(el("b", "kg-pair-head", outgoing ? c.object_label : c.subject_label));
          root.appendChild(row);
        }
        const item = el("div", "kg-claim");
        item.dataset.claim = id;
        const head = el("div", "kg-claim-head");
        head.appendChild(certaintyBadge(c.certainty, c.polarity));
        item.appendChild(head);
        claimBody(data, c, item);
        item.appendChild(button("Select this claim", { kind: "claim", id }));
        row.appendChild(item);
      }
      if (shown.length < ids.length) root.appendChild(el("div", "kg-meta", `… and ${ids.length - shown.length} more`));
    }
    if (capped) {
      const loading = wantsAll && node.partial; // asked for, on its way
      const all = el("button", "kg-action", `${loading ? "Loading" : "Show"} all ${node.count} claims`);
      all.type = "button";
      all.disabled = loading;
      all.addEventListener("click", () => {
        root.dataset.all = selection.id;
        if (node.partial && act.showAll) act.showAll(selection.id);
        renderPanel(root, data, selection, actions);
      });
      root.appendChild(all);
    }
  } else if (claim) {
    root.appendChild(el("h3", "kg-title", "Claim"));
    const head = el("div", "kg-claim-head");
    head.append(el("b", null, claim.sentence), document.createTextNode(" "));
    head.appendChild(certaintyBadge(claim.certainty, claim.polarity));
    root.appendChild(head);
    claimBody(data, claim, root);
    const row = el("div", "kg-row");
    row.append(
      button(`Subject: ${claim.subject_label}`, { kind: "node", id: claim.subject }),
      button(`Object: ${claim.object_label}`, { kind: "node", id: claim.object }),
    );
    root.appendChild(row);
  } else {
    root.appendChild(el("h4", "kg-title", "Nothing selected"));
    root.appendChild(el("p", null, act.emptyHint || "Click a node or an edge in the graph."));
  }
  const row = el("div", "kg-row");
  if (node || claim) row.appendChild(button("Clear selection", null));
  if (node && act.dismiss) {
    // Bloom's Dismiss: take this node off the canvas.
    const hide = el("button", "kg-action", "Hide from the graph");
    hide.type = "button";
    hide.title = "Take this entity off the canvas (double-click a neighbour to expand it back)";
    hide.addEventListener("click", () => act.dismiss(selection.id));
    row.appendChild(hide);
  }
  if (node || claim) root.appendChild(row);
  root.setAttribute("data-shown", key);
}

// ---------------------------------------------------------------- the legend

// The legend (ketagraph.style.legend_data) in ``root``: the entity types (those in ``present``, a
// Set, when given), the certainty line styles, negation, and the faint claims.
function renderLegend(root, legend, present) {
  root.replaceChildren();
  for (const t of legend.types || []) {
    if (present && !present.has(t.type)) continue;
    const row = el("div", "kg-legend-row");
    row.title = t.meaning;
    const mark = el("span", "kg-legend-symbol", t.symbol);
    mark.style.color = t.color;
    row.append(mark, document.createTextNode(t.type));
    root.appendChild(row);
  }
  const line = (width, pattern, color) => {
    const sample = el("span", "kg-legend-line");
    sample.style.borderTop = `${Math.max(2, Math.round(width))}px ${pattern} ${color}`;
    return sample;
  };
  for (const c of legend.certainties || []) {
    const row = el("div", "kg-legend-row");
    row.title = c.meaning;
    row.append(line(c.width, c.pattern, c.color), document.createTextNode(c.certainty));
    root.appendChild(row);
  }
  if (legend.negated) {
    const row = el("div", "kg-legend-row kg-legend-note");
    row.append(line(2, "solid", legend.negated.color), document.createTextNode(legend.negated.text));
    root.appendChild(row);
  }
  if (legend.faint) root.appendChild(el("div", "kg-legend-row kg-legend-note", legend.faint));
}

// ---------------------------------------------------------------- search

// What Python's str.split() splits on (JavaScript's \s differs: it takes U+FEFF, not U+001C-1F, U+0085).
const SEARCH_SPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

// Python's str.casefold(): lower case, then the characters whose folding differs (index.fold).
function foldCase(text, fold) {
  let out = "";
  for (const ch of text.toLowerCase()) out += fold[ch] !== undefined ? fold[ch] : ch;
  return out;
}

// The ids of the entities matching ``query``, best first: exactly ketagraph.query.search's ranking
// (a name equal 0, a name starting with it 1, containing it 2, the description containing it 3;
// then by label) over ketagraph.query.search_index's data.
function searchEntities(index, query, limit) {
  const q = foldCase(String(query), index.fold)
    .split(SEARCH_SPACE)
    .filter((w) => w)
    .join(" ");
  if (!q) return [];
  const ranked = [];
  index.entries.forEach(([id, names, description], order) => {
    let rank;
    if (names.includes(q)) rank = 0;
    else if (names.some((n) => n.startsWith(q))) rank = 1;
    else if (names.some((n) => n.includes(q))) rank = 2;
    else if (description.includes(q)) rank = 3;
    else return;
    ranked.push([rank, order, id]);
  });
  ranked.sort((a, b) => a[0] - b[0] || a[1] - b[1]); // entries come in label order
  return ranked.slice(0, limit === undefined ? 20 : limit).map((r) => r[2]);
}

// ---------------------------------------------------------------- focus + context on the graph
//
// A graph ``state`` holds: network (vis.Network), nodes and edges (its vis.DataSets), base (Map of
// edge id -> the edge as sent), labelled (whether labels are drawn and fading applies), and
// ``record`` (an object the tests read: focus, edgeLabels). fade() and drawEdgeLabels() keep their
// caches on it (look, faded, labelEdges, placed).

// Up to this many nodes every label is drawn and hover/selection fade what is not connected
// (ketagraph.layout.LABELLED_MAX).
const LABELLED_MAX = 400;
const FADED_NODE = 0.22;
const FADED_EDGE = 0.08;

// The nodes and edges within one hop of ``ids`` (and the edges ``edgeIds``).
function neighbourhood(state, ids, edgeIds) {
  const nodes = new Set(ids);
  const edges = new Set(edgeIds);
  for (const id of ids) {
    for (const eid of state.network.getConnectedEdges(id)) {
      const e = state.edges.get(eid);
      if (!e) continue;
      edges.add(eid);
      nodes.add(e.from);
      nodes.add(e.to);
    }
  }
  for (const eid of edgeIds) {
    const e = state.edges.get(eid);
    if (e) {
      nodes.add(e.from);
      nodes.add(e.to);
    }
  }
  return { nodes, edges };
}

function sameIds(a, b) {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((id) => set.has(id));
}

function sameFocus(a, b) {
  if (!a || !b) return a === b;
  return sameIds([...a.nodes], [...b.nodes]) && sameIds([...a.edges], [...b.edges]);
}

// vis-network ends a hover only when the pointer moves on its canvas: a pointer that left the canvas
// from a node (for the panel, say) left the graph faded round that node. Leaving the canvas ends the
// hover (vis-network's own check, at a point far off the drawing: its blur events restore the view).
function endHoverOnLeave(network, element) {
  element.addEventListener("mouseleave", (event) => {
    const handler = network.selectionHandler;
    const hovered = handler && handler.hoverObj;
    if (!hovered || !handler.hoverObject) return;
    // (Nothing hovered, as always above LABELLED_MAX where hovering is off: no search of the drawing.)
    if (Object.keys(hovered.nodes).length || Object.keys(hovered.edges).length) handler.hoverObject(event, { x: -1e7, y: -1e7 });
  });
}

// What every item looks like as sent (no focus): fade()'s cache for data sets just made from the
// payload, so that the first fade() updates only what its focus changes (the first view's updated
// every node and edge to what it already was: 50 ms of the shipped graph's page load). After an
// update of existing data sets the look is unknown (an earlier opacity survives vis-data's merge of
// the new item), and ``state.look`` is null: fade() then sets every item.
function lookAsSent(state) {
  const look = new Map();
  for (const node of state.nodes.get()) look.set(node.id, node.opacity === undefined ? 1 : node.opacity);
  for (const [id, base] of state.base) look.set(`e:${id}`, `${opacityAsSent(base)}`);
  return look;
}

// An edge's opacity as sent (``base``: the edge in the payload): a faint one's, or 1.
function opacityAsSent(base) {
  return base.color && base.color.opacity !== undefined ? base.color.opacity : 1;
}

// Fade what is not in ``focus`` (labels kept, lower opacity), write the relation on the edges in
// it, and show a drug's faint column-skipping claims when they are in it; null restores the picture.
function fade(state, focus) {
  if (!state.labelled || !state.network) return;
  if (sameFocus(state.faded, focus) && state.faded !== null) return;
  state.faded = focus;
  // Only what changes is updated: each update makes vis-network redraw.
  const look = state.look || (state.look = new Map());
  const nodeUpdates = [];
  for (const id of state.nodes.getIds()) {
    const opacity = !focus || focus.nodes.has(id) ? 1 : FADED_NODE;
    if (look.get(id) !== opacity) {
      look.set(id, opacity);
      nodeUpdates.push({ id, opacity });
    }
  }
  const edgeUpdates = [];
  for (const [id, base] of state.base) {
    const on = focus && focus.edges.has(id);
    const off = focus && !on;
    const color = { ...(base.color || {}) };
    color.opacity = on ? 1 : off ? FADED_EDGE : opacityAsSent(base);
    const key = `${color.opacity}`;
    if (look.get(`e:${id}`) !== key) {
      look.set(`e:${id}`, key);
      edgeUpdates.push({ id, color });
    }
  }
  // The relations are written by drawEdgeLabels, where they do not collide (not by vis-network,
  // which writes each at its edge's middle: near a hub they piled up on each other).
  const hadLabels = state.labelEdges && state.labelEdges.length;
  state.labelEdges = focus ? [...focus.edges].filter((id) => state.base.get(id) && state.base.get(id).relation) : [];
  state.placed = null;
  if (nodeUpdates.length) state.nodes.update(nodeUpdates);
  if (edgeUpdates.length) state.edges.update(edgeUpdates);
  // (Nothing to draw again when no item and no relation label changes: the first view's case.)
  if (!nodeUpdates.length && !edgeUpdates.length && (hadLabels || state.labelEdges.length)) state.network.redraw();
  if (state.record) state.record.focus = focus ? { nodes: [...focus.nodes].sort(), edges: [...focus.edges].sort() } : null;
}

// The edge drawn nearest to a click. vis-network picks an edge within a few pixels, not the nearest:
// near a hub, where many edges meet, a click selected a neighbour of the edge under the pointer.
// The distance is vis-network's own, to the line or curve as drawn (as its hover uses), not to
// points sampled along it: on a long edge zoomed in, samples were further apart than its neighbours.
function nearestEdge(network, point) {
  let best = null;
  let bestDistance = Infinity;
  const edges = network.body.edges;
  for (const id of network.body.edgeIndices) {
    const edge = edges[id];
    if (!edge || !edge.connected || !edge.edgeType || !edge.edgeType.getDistanceToEdge) continue;
    const { from, to } = edge;
    const d = edge.edgeType.getDistanceToEdge(from.x, from.y, to.x, to.y, point.x, point.y);
    if (d < bestDistance) {
      bestDistance = d;
      best = String(id);
    }
  }
  return { id: best, distance: bestDistance };
}

// The claim a click on the graph meant (null for none). vis-network samples a curve coarsely, and
// takes any edge within a few pixels: the edge drawn nearest the pointer, within 5 screen pixels, is
// the one meant, and is selected instead. (Up to LABELLED_MAX nodes: a bigger graph keeps
// vis-network's pick, a click stays cheap.)
function clickedEdge(state, params) {
  const network = state.network;
  const near = state.labelled ? nearestEdge(network, params.pointer.canvas) : { id: null, distance: Infinity };
  const picked = params.edges && params.edges.length ? String(params.edges[0]) : null;
  const id = near.id !== null && near.distance * network.getScale() <= 5 ? near.id : picked;
  if (id !== null && id !== picked) network.setSelection({ nodes: [], edges: [id] }, { highlightEdges: false });
  return id;
}

// The relation labels' font: as the edges' font in ketagraph.render (canvas pixels), never under
// EDGE_LABEL_MIN_PX on screen.
const EDGE_FONT = 12;
const EDGE_LABEL_MIN_PX = 11;
const EDGE_LABEL_FACE = "system-ui, sans-serif";
// Where along an edge its label may go, in order of preference: the middle, then outwards (on a
// hub's fan the edges are furthest apart towards their far ends).
const LABEL_AT = [0.5];
for (let i = 1; i <= 18; i++) LABEL_AT.push(0.5 + i * 0.025, 0.5 - i * 0.025);
const LABEL_GAP = 2; // canvas pixels kept free around a label

// vis-network's shapes that draw their label under the shape (ketagraph.style uses only these).
const LABEL_BELOW = new Set(["dot", "star", "triangle", "triangleDown", "hexagon", "square", "diamond"]);

// A node's box as drawn: its shape and its label. vis-network's getBoundingBox adds the label's
// height under the shape but leaves out the gap between them, so its bottom stops about a line
// short ("system" of "Reward system" was under a relation label placed next to that box, and its
// fit cut the bottom row's label). The label's place is worked out as vis-network draws it
// (ShapeBase: hung half a font plus 4 px below the shape), so it is right before the first draw.
function nodeBox(network, id) {
  const b = network.getBoundingBox(id);
  const node = network.body.nodes[id];
  const label = node && node.labelModule;
  if (!b || !label || !LABEL_BELOW.has(node.options.shape) || !(label.size.width > 0) || !label.visible()) return b;
  const top = node.y + node.shape.height / 2 + label.fontOptions.size / 2 + 4;
  return {
    left: Math.min(b.left, node.x - label.size.width / 2),
    top: b.top,
    right: Math.max(b.right, node.x + label.size.width / 2),
    bottom: Math.max(b.bottom, top + label.size.height),
  };
}

// The union of the nodes' drawn boxes (canvas units, nodeBox), as their labels were last measured
// (vis-network's fit measures them; so does its "_resizeNodes" event); null without nodes.
function drawnRange(net) {
  const ids = net.body.nodeIndices;
  if (!ids.length) return null;
  let left = Infinity, top = Infinity, right = -Infinity, bottom = -Infinity;
  for (const id of ids) {
    const b = nodeBox(net, id);
    if (!b) continue;
    left = Math.min(left, b.left);
    top = Math.min(top, b.top);
    right = Math.max(right, b.right);
    bottom = Math.max(bottom, b.bottom);
  }
  return Number.isFinite(left + top + right + bottom) ? { left, top, right, bottom } : null;
}

function overlaps(a, b) {
  return a.l < b.r && b.l < a.r && a.t < b.b && b.t < a.b;
}

// Choose where each highlighted edge's relation is written: the first place along the edge (see
// LABEL_AT) where it overlaps no node, no node label and no other relation, inside the view. An
// edge with no such place is left unlabelled (its relation is in its tooltip and the panel).
// Cached until the focus, the view or a node's position changes.
function placeEdgeLabels(state, ctx) {
  const network = state.network;
  const size = Math.max(EDGE_FONT, EDGE_LABEL_MIN_PX / network.getScale());
  const canvas = network.body.container.getBoundingClientRect();
  const tl = network.DOMtoCanvas({ x: 0, y: 0 });
  const br = network.DOMtoCanvas({ x: canvas.width, y: canvas.height });
  const key = [size, tl.x, tl.y, br.x, br.y].map((v) => v.toFixed(1)).join(",");
  if (state.placed && state.placed.key === key) return state.placed;
  const obstacles = [];
  for (const id of network.body.nodeIndices) {
    const b = nodeBox(network, id);
    if (b) obstacles.push({ l: b.left, t: b.top, r: b.right, b: b.bottom });
  }
  const edges = network.body.edges;
  const length = (id) => {
    const e = edges[id];
    return e && e.from && e.to ? Math.hypot(e.from.x - e.to.x, e.from.y - e.to.y) : Infinity;
  };
  // The chain's claims first, then the faint column-skipping ones; shorter edges (fewer places) first.
  const order = state.labelEdges
    .filter((id) => edges[id] && edges[id].edgeType && edges[id].edgeType.getPoint)
    .map((id) => ({ id, faint: state.base.get(id).faint ? 1 : 0, length: length(id) }))
    .sort((a, b) => a.faint - b.faint || a.length - b.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  ctx.save();
  ctx.font = `${size}px ${EDGE_LABEL_FACE}`;
  // Parallel claims between two entities get one label on the pair: the relations, each once
  // (a triple the article states at two hedge levels; "interacts with, modulates").
  const pairs = new Map();
  for (const { id } of order) {
    const pair = `${edges[id].fromId}|${edges[id].toId}`;
    if (!pairs.has(pair)) pairs.set(pair, []);
    const relation = state.base.get(id).relation;
    if (!pairs.get(pair).includes(relation)) pairs.get(pair).push(relation);
  }
  const placed = [];
  const skipped = [];
  const written = new Set();
  for (const { id } of order) {
    const pair = `${edges[id].fromId}|${edges[id].toId}`;
    if (written.has(pair)) continue; // labelled on a parallel edge
    const text = pairs.get(pair).join(", ");
    const w = ctx.measureText(text).width + 2 * LABEL_GAP;
    const h = size * 1.25 + 2 * LABEL_GAP;
    let spot = null;
    // On the edge, else just above or below it (touching it), at each place along it in turn.
    for (const t of LABEL_AT) {
      const p = edges[id].edgeType.getPoint(t);
      for (const dy of [0, -h / 2, h / 2]) {
        const y = p.y + dy;
        const box = { l: p.x - w / 2, t: y - h / 2, r: p.x + w / 2, b: y + h / 2 };
        if (box.l < tl.x || box.t < tl.y || box.r > br.x || box.b > br.y) continue;
        if (obstacles.some((o) => overlaps(o, box))) continue;
        spot = { id, text, x: p.x, y, at: t, ...box };
        break;
      }
      if (spot) break;
    }
    if (spot) {
      placed.push(spot);
      obstacles.push(spot);
      written.add(pair);
    } else skipped.push(id);
  }
  ctx.restore();
  state.placed = { key, size, placed, skipped };
  if (state.record) state.record.edgeLabels = { size, face: EDGE_LABEL_FACE, gap: LABEL_GAP, placed, skipped };
  return state.placed;
}

// vis-network's "afterDrawing" handler: the relations of the edges in focus, where they fit.
function drawEdgeLabels(state, ctx) {
  if (!state.labelEdges || !state.labelEdges.length) {
    if (state.record) state.record.edgeLabels = { placed: [], skipped: [] };
    return;
  }
  const { size, placed } = placeEdgeLabels(state, ctx);
  ctx.save();
  ctx.font = `${size}px ${EDGE_LABEL_FACE}`;
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.lineJoin = "round";
  ctx.lineWidth = size / 3;
  ctx.strokeStyle = "#ffffff";
  ctx.fillStyle = "#222222";
  for (const label of placed) {
    ctx.strokeText(label.text, label.x, label.y);
    ctx.fillText(label.text, label.x, label.y);
  }
  ctx.restore();
}
