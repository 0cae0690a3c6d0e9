// ketagraph explorer: one Streamlit component (Components v2) mounted in several roles.
//
//   role "boot":    no UI; mounted first on the page so that this script (vis-network bundled in
//                   front of it) loads while the rest of the page is still arriving; it puts the
//                   page's style sheet in the document's head before anything is drawn.
//   role "graph":   the vis-network drawing; clicks on nodes and edges go back to Python.
//   role "details": the detail panel, built here from every node and claim (sent once).
//   role "article": the source text with every evidence span marked; clicks on spans go back.
//   role "view":    no UI; carries the selection / highlighted path from Python to the others,
//                   so that their (large, unchanged) data is not re-sent on every rerun.
//
// Streamlit calls the default export again whenever a role's data changes, with the same
// parentElement, so every role keeps its state on its parentElement and updates in place: the
// network is created once, its data sets are diffed, and zoom and pan survive reruns.
// All text from the data is set with textContent / text nodes (tooltips: vis-network's innerText):
// nothing is parsed as HTML.

// (An element with id="ketagraph" would also answer to window.ketagraph: check it is ours.)
const KG = (globalThis.ketagraph =
  globalThis.ketagraph && globalThis.ketagraph.isKetagraph ? globalThis.ketagraph : {
  isKetagraph: true,
  network: null,
  nodes: null,
  edges: null,
  view: null,
  article: null,
  events: [],
  marks: {},
});

// The first time each step of the page load happened (performance.now()), for the benchmark.
function mark(name) {
  if (!(name in KG.marks)) KG.marks[name] = performance.now();
}
mark("module");

// Below-the-fold work of a page load (the article): after the graph's first frame (or at most
// FIRST_DRAW_WAIT_MS, should there be no graph), when the page is idle (at most IDLE_WAIT_MS later).
// The graph answers clicks first; laying out a long article took 0.1 s of the 5k page load.
const FIRST_DRAW_WAIT_MS = 3000;
const IDLE_WAIT_MS = 500;
const afterDraw = [];

function whenGraphShown(fn) {
  const idle = () =>
    globalThis.requestIdleCallback ? requestIdleCallback(fn, { timeout: IDLE_WAIT_MS }) : setTimeout(fn, 0);
  if (KG.firstDrawAt) {
    idle();
    return;
  }
  afterDraw.push(idle);
  if (afterDraw.length === 1) setTimeout(runAfterDraw, FIRST_DRAW_WAIT_MS);
}

function runAfterDraw() {
  for (const fn of afterDraw.splice(0)) fn();
}

function ensureRoot(parentElement, className) {
  let state = parentElement.__ketagraph;
  if (!state) {
    const root = document.createElement("div");
    root.className = className;
    parentElement.appendChild(root);
    state = parentElement.__ketagraph = { root };
  }
  return state;
}

// A click on the graph or the article: recorded, shown in the panel at once (before Python's rerun
// confirms it), and sent to Python.
function select(send, selection) {
  KG.events.push({ ...selection, at: performance.now() });
  showDetails(selection);
  send("select", selection);
}

// Let the click's rerun request leave before vis-network draws the selection. Streamlit sends a
// trigger from a setTimeout(0), which waited behind the redraw vis-network asks for the next frame
// (0.1-0.25 s at 5k claims): the server now reruns while the browser draws. The redraw is held
// until just after Streamlit's flush (timers run in order), then made.
function sendBeforeRedraw(network) {
  const renderer = network.renderer;
  if (!renderer || renderer.allowRedraw !== true) return;
  renderer.allowRedraw = false;
  setTimeout(() => {
    renderer.allowRedraw = true;
    renderer.redrawRequested = false;
    network.redraw();
  }, 0);
}

function syncDataSet(dataSet, items) {
  const wanted = new Set(items.map((i) => i.id));
  const stale = dataSet.getIds().filter((id) => !wanted.has(id));
  if (stale.length) dataSet.remove(stale);
  dataSet.update(items);
}

// ---------------------------------------------------------------- graph

function renderGraph({ data, parentElement, setTriggerValue }) {
  mark("graphData");
  const state = ensureRoot(parentElement, "kg-graph-root");
  state.send = setTriggerValue;
  state.record = KG; // what fade() and the relation labels record for the tests
  const payload = data.payload;
  state.minHeight = data.height || 420;
  state.minScale = data.minScale || 0;
  if (data.pageCss) adoptPageCss(data.pageCss); // the page the graph is sized to
  sizeToWindow(state);
  const vis = globalThis.vis; // the bundle's first part
  if (!vis || !vis.Network) {
    state.root.textContent = "The graph could not be drawn: vis-network did not load.";
    return;
  }
  let refit = false;
  const created = !state.network;
  if (created) {
    createNetwork(vis, state, payload);
    refit = true;
  } else if (state.version !== payload.version) {
    syncDataSet(state.nodes, payload.nodes);
    syncDataSet(state.edges, payload.edges);
    const optionsJson = JSON.stringify(payload.options);
    if (optionsJson !== state.optionsJson) {
      state.network.setOptions(payload.options);
      state.optionsJson = optionsJson;
    }
    refit = true; // another perspective, filter or focus: show all of it
  }
  state.legend = data.legend || {};
  if (state.legendBox) drawLegend(state);
  state.version = payload.version;
  state.base = new Map(payload.edges.map((e) => [e.id, e]));
  state.labelled = payload.nodes.length <= LABELLED_MAX;
  state.faded = null;
  // Data sets just made hold every item as sent; updated ones may hold an earlier fade's opacity.
  // (Above LABELLED_MAX nothing fades: no cache to make.)
  state.look = created && state.labelled ? lookAsSent(state) : null;
  if (refit) {
    state.userMoved = false;
    fitView(state, false);
  }
  state.root.setAttribute("data-version", payload.version);
  KG.graphVersion = payload.version;
  applyView(KG.view);
}

// The graph takes the window's height below its top (at least minHeight): the graph is the page.
function sizeToWindow(state) {
  const top = state.root.getBoundingClientRect().top + pageScroll();
  const height = isFullScreen(state) ? window.innerHeight : Math.max(state.minHeight, Math.round(window.innerHeight - Math.max(top, 0) - 12));
  const value = `${height}px`;
  if (state.root.style.height === value) return false;
  state.root.style.height = value;
  return true;
}

// Whether the graph is on the whole screen. (Inside the component's shadow root, the document's
// fullscreenElement is the shadow host, never the graph's root: the root's own tree says.)
function isFullScreen(state) {
  const tree = state.root.getRootNode();
  const shown = tree && "fullscreenElement" in tree ? tree.fullscreenElement : document.fullscreenElement;
  return shown === state.root;
}

// How far the page is scrolled: Streamlit scrolls its main area, not the window.
function pageScroll() {
  const main = document.querySelector('[data-testid="stMain"]');
  return window.scrollY + (main ? main.scrollTop : 0);
}

// What is above the graph (the note, the caption) may grow after the graph was sized (fonts
// arriving, a rerun): size it again then, so that its bottom stays above the fold.
function followPage(state) {
  const main = document.querySelector('[data-testid="stMainBlockContainer"]');
  if (!main || state.pageObserver) return;
  state.pageObserver = new ResizeObserver(() => {
    sizeToWindow(state);
    if (KG.details) sizeDetails(KG.details);
  });
  state.pageObserver.observe(main);
}

// The space kept free around a fitted drawing and under the buttons, in screen pixels.
const FIT_MARGIN = 8;
const TOOLBAR_GAP = 6;

// Fit the drawing to the canvas, between the zoom floor (minScale, from the server: labels at 11 px
// or more; a bigger scene is panned instead) and 1.5. A labelled graph is fitted to the boxes its
// nodes are drawn in (nodeBox): vis-network's own fit measures getBoundingBox, which stops short of
// a label under its shape, and cut the bottom row's label at 1280x720 ("Sedation").
function fitView(state, animate) {
  const net = state.network;
  if (!net) return;
  const options = { maxZoomLevel: 1.5 };
  if (state.minScale > 0) options.minZoomLevel = Math.min(state.minScale, 1.5);
  if (state.labelled) net.body.emitter.emit("_resizeNodes"); // the labels measured, as vis-network's fit does
  const range = state.labelled ? drawnRange(net) : null;
  const box = net.body.container;
  const width = box.clientWidth - 2 * FIT_MARGIN, height = box.clientHeight - 2 * FIT_MARGIN;
  // (A large graph is an overview, panned anyway: vis-network's fit, no room kept under the buttons.)
  if (!range || !(width > 0) || !(height > 0)) {
    net.fit(animate ? { ...options, animation: { duration: 300 } } : options);
    KG.fitAt = performance.now();
    return;
  }
  // The view is worked out in place, then (for the Fit button) animated to from where it was.
  const from = { position: net.getViewPosition(), scale: net.getScale() };
  const fits = Math.min(width / Math.max(range.right - range.left, 1), height / Math.max(range.bottom - range.top, 1));
  const scale = Math.min(options.maxZoomLevel, Math.max(options.minZoomLevel || 0, fits));
  // Wider than the canvas even at the floor (a narrow window): the drawing starts at its left edge,
  // where the story starts (the drug), rather than being cut at both ends; the rest is a pan away.
  const x =
    (range.right - range.left) * scale > width
      ? range.left + (box.clientWidth / 2 - FIT_MARGIN) / scale
      : (range.left + range.right) / 2;
  net.moveTo({ position: { x, y: (range.top + range.bottom) / 2 }, scale });
  clearToolbar(state, options, range);
  if (animate) {
    const to = { position: net.getViewPosition(), scale: net.getScale() };
    net.moveTo(from);
    net.moveTo({ ...to, animation: { duration: 300 } });
  }
  KG.fitAt = performance.now();
}

// The fitted drawing (``range``: the union of its drawn boxes, from fitView) may lie under the
// buttons in the canvas's corner: then move it down (and shrink it if it must, never below the
// floor). At the floor, a drawing taller than the room left under the buttons goes only as far down
// as it must, closer to them, so its bottom row stays in.
function clearToolbar(state, options, range) {
  const net = state.network;
  const bar = state.root.querySelector(".kg-toolbar");
  if (!bar) return;
  const box = net.body.container.getBoundingClientRect();
  const b = bar.getBoundingClientRect();
  const barLeft = b.left - box.left - TOOLBAR_GAP, barRight = b.right - box.left, barEnd = b.bottom - box.top;
  const barBottom = barEnd + TOOLBAR_GAP;
  const hidden = net.body.nodeIndices.some((id) => {
    const bb = nodeBox(net, id);
    if (!bb) return false;
    const tl = net.canvasToDOM({ x: bb.left, y: bb.top }), br = net.canvasToDOM({ x: bb.right, y: bb.bottom });
    return br.x > barLeft && tl.x < barRight && tl.y < barBottom;
  });
  const height = box.height, floor = options.minZoomLevel || 0;
  // Not on a canvas too small to hold the buttons and a drawing (one still being laid out).
  if (!hidden || !(height > 3 * barBottom)) return;
  const { top, bottom } = range;
  const tall = Math.max(bottom - top, 1);
  const scale = Math.min(net.getScale(), Math.max(floor, (height - barBottom - FIT_MARGIN) / tall));
  const at = Math.max(barEnd + 1, Math.min(barBottom, height - FIT_MARGIN / 2 - tall * scale));
  const position = { x: net.getViewPosition().x, y: top - (at - height / 2) / scale };
  if (!(scale > 0) || !Number.isFinite(position.x) || !Number.isFinite(position.y)) return;
  net.moveTo({ position, scale });
}

window.addEventListener("resize", () => {
  const state = KG.graphState;
  if (state) sizeToWindow(state); // the canvas's ResizeObserver fits it again
  if (KG.details) sizeDetails(KG.details);
});

function createNetwork(vis, state, payload) {
  const canvasBox = document.createElement("div");
  canvasBox.className = "kg-graph";
  canvasBox.setAttribute("data-testid", "kg-graph");
  state.root.appendChild(canvasBox);
  // Tooltips (title) stay strings: this vis-network (9.1.2, pinned by ketagraph.render) sets a
  // string title with innerText, as text. (Making a text element per item cost 20 ms at 5k claims.)
  state.nodes = new vis.DataSet(payload.nodes);
  state.edges = new vis.DataSet(payload.edges);
  const network = new vis.Network(canvasBox, { nodes: state.nodes, edges: state.edges }, payload.options);
  mark("network");
  // vis-network focuses its canvas when the pointer moves over it (keyboard navigation): a canvas
  // whose edge was a few pixels below the fold then scrolled the page, the title row off the top.
  const frame = network.canvas && network.canvas.frame;
  if (frame && frame.focus) {
    const focus = frame.focus.bind(frame);
    frame.focus = (options) => focus({ ...(options || {}), preventScroll: true });
  }
  followPage(state);
  // vis-network hides a tooltip only when the pointer moves on the canvas: one left behind when the
  // pointer went elsewhere covered the drawing (and the relation labels) until the next hover.
  canvasBox.addEventListener("mouseleave", () => {
    const handler = network.interactionHandler;
    if (handler) clearTimeout(handler.popupTimer);
    if (handler && handler.popup) {
      handler.popupObj = undefined;
      handler.popup.hide();
    }
  });
  state.root.appendChild(toolbar(network, canvasBox, state));
  state.network = network;
  state.optionsJson = JSON.stringify(payload.options);
  network.on("click", (params) => {
    let selection = null;
    if (params.nodes && params.nodes.length) selection = { kind: "node", id: String(params.nodes[0]) };
    else {
      const id = clickedEdge(state, params);
      if (id !== null) selection = { kind: "claim", id };
    }
    // A click on the background unselects everything in vis-network; the page still shows
    // the selection, so the graph shows it again (the panel's button clears it).
    clearTimeout(state.hoverTimer);
    if (!selection) {
      applyGraphView(KG.view);
      return;
    }
    select(state.send, selection);
    sendBeforeRedraw(network);
  });
  // Bloom's Expand: a double-click shows the node's neighbours that the scene leaves out, or hides
  // them again (Python keeps the list, and the URL).
  // (Detected here from two clicks: a "doubleClick" listener made vis-network hold every single
  // click back until a double click was ruled out, 0.3 s.)
  network.on("click", (params) => {
    const id = params.nodes && params.nodes.length ? String(params.nodes[0]) : null;
    const now = performance.now();
    if (id && state.lastClick && state.lastClick.id === id && now - state.lastClick.at < DOUBLE_CLICK_MS) {
      state.lastClick = null;
      state.send("select", { kind: "expand", id });
    } else {
      state.lastClick = id ? { id, at: now } : null;
    }
  });
  // Focus + context: resting on a node (or an edge) shows its neighbourhood; leaving it, the
  // selection's again. After a short rest, so that passing over nodes or clicking does not redraw.
  const later = (fn) => {
    clearTimeout(state.hoverTimer);
    state.hoverTimer = setTimeout(fn, HOVER_MS);
  };
  network.on("hoverNode", (params) => later(() => fade(state, neighbourhood(state, [String(params.node)], []))));
  network.on("hoverEdge", (params) => {
    const e = state.edges.get(params.edge);
    if (e) later(() => fade(state, { nodes: new Set([e.from, e.to]), edges: new Set([e.id]) }));
  });
  const restore = () => later(() => fade(state, viewFocus(state, KG.view)));
  network.on("blurNode", restore);
  network.on("blurEdge", restore);
  endHoverOnLeave(network, canvasBox);
  network.on("afterDrawing", (ctx) => drawEdgeLabels(state, ctx));
  // A node dragged elsewhere: place the labels again (a zoom or pan changes the cache's key).
  const replace = () => (state.placed = null);
  network.on("dragging", replace);
  network.on("dragEnd", replace);
  network.once("afterDrawing", () => {
    KG.firstDrawAt = performance.now();
    state.root.setAttribute("data-drawn", "1");
    setTimeout(runAfterDraw, 0); // once this frame is on screen
  });
  // Until the user zooms or pans, the drawing follows the canvas's size (the page settling, the
  // window resized, full screen): fitted again, never stretched by vis-network's own resize.
  state.userMoved = false;
  network.on("zoom", () => (state.userMoved = true));
  network.on("dragEnd", (params) => {
    if (!params.nodes || !params.nodes.length) state.userMoved = true;
  });
  // The size the network was made at (renderGraph fits it to that): the observer's first call,
  // for the same size, must not draw the graph again (each draw took 0.15 s at 5k claims).
  let lastSize = `${canvasBox.clientWidth}x${canvasBox.clientHeight}`;
  new ResizeObserver(() => {
    const size = `${canvasBox.clientWidth}x${canvasBox.clientHeight}`;
    if (size === lastSize) return;
    lastSize = size;
    if (state.userMoved) return;
    // vis-network notices a new size on its own, later, and then rescales the view: make it take
    // the size now (without drawing), then fit, which draws once, on the next frame.
    network.canvas.setSize();
    fitView(state, false);
  }).observe(canvasBox);
  KG.network = network;
  KG.nodes = state.nodes;
  KG.edges = state.edges;
  KG.graphState = state;
}

// The legend on the canvas (ketagraph.style.legend_data): the types drawn now, the line styles.
function drawLegend(state) {
  renderLegend(state.legendBox, state.legend || {}, new Set(state.nodes ? state.nodes.get().map((n) => n.group) : []));
}

const HOVER_MS = 180;
const DOUBLE_CLICK_MS = 400;

// What the view (selection, path) puts in focus: a path alone (everything off it fades), or the
// selection's neighbourhood; null when nothing is selected.
function viewFocus(state, view) {
  if (!view || !state.network) return null;
  const path = view.path;
  if (path && path.nodes && path.nodes.length) return { nodes: new Set(path.nodes), edges: new Set(path.edges || []) };
  const sel = view.selected;
  if (!sel) return null;
  if (sel.kind === "node") return state.nodes.get(sel.id) ? neighbourhood(state, [sel.id], []) : null;
  return state.edges.get(sel.id) ? neighbourhood(state, [], [sel.id]) : null;
}

function toolbar(network, canvasBox, state) {
  const bar = document.createElement("div");
  bar.className = "kg-toolbar";
  const button = (label, title, action) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.title = title;
    b.addEventListener("click", action);
    bar.appendChild(b);
  };
  button("Fit", "Zoom to show the whole graph (labels stay readable: a bigger graph is panned)", () =>
    fitView(state, true),
  );
  button("Full screen", "Show the graph on the whole screen (Esc to leave)", () => {
    if (document.fullscreenElement) document.exitFullscreen();
    else if (state.root.requestFullscreen) state.root.requestFullscreen();
  });
  state.root.addEventListener("fullscreenchange", () => {
    state.userMoved = false;
    sizeToWindow(state);
  });
  button("Legend", "Show or hide what the shapes, colours and lines mean", () => {
    if (state.legendBox) {
      state.legendBox.remove();
      state.legendBox = null;
    } else {
      state.legendBox = el("div", "kg-legend");
      state.legendBox.setAttribute("data-testid", "kg-legend");
      state.root.appendChild(state.legendBox);
      drawLegend(state);
    }
  });
  button("Save PNG", "Save what is on screen as a PNG image", () => {
    const canvas = canvasBox.querySelector("canvas");
    const out = document.createElement("canvas");
    out.width = canvas.width;
    out.height = canvas.height;
    const ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff"; // the drawing itself is transparent
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(canvas, 0, 0);
    const link = document.createElement("a");
    link.href = out.toDataURL("image/png");
    link.download = "ketagraph.png";
    bar.appendChild(link);
    link.click();
    link.remove();
  });
  return bar;
}

// ---------------------------------------------------------------- article

function renderArticle({ data, parentElement, setTriggerValue }) {
  const state = ensureRoot(parentElement, "kg-article-root");
  state.send = setTriggerValue;
  state.root.style.maxHeight = `${data.height || 520}px`;
  mark("articleData");
  if (state.version === data.version || (state.pending && state.pending.version === data.version)) return;
  if (state.version !== undefined) {
    buildArticle(state, data); // an update (another graph): at once
    return;
  }
  state.pending = data; // the page load's first article: once the graph is on screen
  whenGraphShown(() => {
    if (state.pending !== data) return; // newer data came meanwhile
    state.pending = null;
    buildArticle(state, data);
  });
}

function buildArticle(state, data) {
  state.version = data.version;
  state.root.replaceChildren();
  state.marks = new Map(); // claim id -> [mark elements]
  for (const source of data.sources) {
    const section = document.createElement("article");
    section.className = "kg-article"; // (not "kg-source": the panel's quote citations use that)
    section.dataset.source = source.id;
    for (const para of source.paragraphs) {
      const el = document.createElement(para.kind === "heading" ? "h4" : "p");
      for (const part of para.parts) {
        let node;
        if (part.claims && part.claims.length) {
          node = document.createElement("mark");
          node.className = `kg-ev kg-${part.certainty}`;
          node.dataset.claims = part.claims.join(" ");
          node.title = `${part.claims.length} claim${part.claims.length > 1 ? "s" : ""} (${part.certainty}); click to select`;
          node.appendChild(document.createTextNode(part.text));
          for (const id of part.claims) {
            if (!state.marks.has(id)) state.marks.set(id, []);
            state.marks.get(id).push(node);
          }
        } else if (part.uncovered) {
          node = document.createElement("span");
          node.className = "kg-nocl";
          node.title = "no claim cites this sentence yet";
          node.appendChild(document.createTextNode(part.text));
        } else {
          node = document.createTextNode(part.text);
        }
        el.appendChild(node);
      }
      section.appendChild(el);
    }
    state.root.appendChild(section);
  }
  if (!state.listening) {
    state.listening = true;
    state.root.addEventListener("click", (event) => {
      const mark = event.target.closest && event.target.closest("mark.kg-ev");
      if (!mark) return;
      select(state.send, { kind: "claim", id: mark.dataset.claims.split(" ")[0] });
      // The panel (and the graph beside it) are above the article: bring them into view.
      if (KG.details && KG.details.root) KG.details.root.scrollIntoView({ block: "start", behavior: "smooth" });
    });
  }
  KG.article = state;
  applyArticleView(KG.view);
  mark("article");
}

// ---------------------------------------------------------------- view

function applyView(view) {
  applyGraphView(view);
  applyArticleView(view);
}

function applyGraphView(view) {
  const net = KG.network;
  if (!view || !net || !KG.nodes) return;
  const nodes = (view.nodes || []).filter((id) => KG.nodes.get(id));
  const edges = (view.edges || []).filter((id) => KG.edges.get(id));
  // setSelection redraws the whole canvas (~0.1 s at 5k claims): only when the selection changes.
  const current = net.getSelection();
  if (!sameIds(current.nodes, nodes) || !sameIds(current.edges, edges)) {
    net.setSelection({ nodes, edges }, { unselectAll: true, highlightEdges: false });
  }
  if (KG.graphState) fade(KG.graphState, viewFocus(KG.graphState, view));
  // view.center is {id, n}: n grows with each search, so a node is centred once per search
  // (and not again on every later rerun, which would undo the user's zoom and pan).
  const center = view.center;
  const centreKey = center ? `${center.n}:${center.id}` : null;
  if (center && centreKey !== KG.centred && KG.nodes.get(center.id)) {
    KG.centred = centreKey;
    net.focus(center.id, { scale: Math.max(net.getScale(), 0.9), animation: { duration: 350 } });
  }
}

function applyArticleView(view) {
  const article = KG.article;
  if (!view || !article || !article.marks) return;
  for (const el of article.root.querySelectorAll("mark.kg-active")) el.classList.remove("kg-active");
  let first = null;
  let claims = view.claims || [];
  const details = KG.details && KG.details.data;
  if (view.claims_of && details && details.nodes[view.claims_of]) {
    claims = claims.concat(...details.nodes[view.claims_of].groups.map((group) => group.claims));
  }
  for (const id of claims) {
    for (const el of article.marks.get(id) || []) {
      el.classList.add("kg-active");
      // The first in reading order (offsetTop is relative to each paragraph, which
      // content-visibility makes a containing block).
      if (!first || el.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING) first = el;
    }
  }
  if (first && view.scroll && view.scroll !== article.scrolled) {
    article.scrolled = view.scroll;
    scrollArticleTo(article.root, first, 3);
  }
}

// Scroll the article box so that ``mark`` sits a third of the way down. Paragraphs out of view are
// laid out only when near (content-visibility), so their sizes are estimates until then: measure
// again after each step until the mark stays put.
function scrollArticleTo(box, mark, steps) {
  const delta = mark.getBoundingClientRect().top - box.getBoundingClientRect().top - box.clientHeight / 3;
  if (Math.abs(delta) < 2 || steps <= 0) return;
  box.scrollTop += delta;
  requestAnimationFrame(() => scrollArticleTo(box, mark, steps - 1));
}

function renderView({ data, parentElement }) {
  ensureRoot(parentElement, "kg-view-root");
  KG.view = data.view || {};
  KG.viewAt = performance.now();
  applyView(KG.view);
  // Only a selection Python changed is shown here: re-delivering the same view (as Streamlit may
  // while a rerun is on its way) must not undo a click the panel has already shown.
  const selected = KG.view.selected || null;
  const key = selected ? `${selected.kind}:${selected.id}` : "";
  if (key !== KG.viewSelection) {
    KG.viewSelection = key;
    showDetails(selected);
  }
}

// ---------------------------------------------------------------- details

// The panel for ``selection``, built by renderPanel (shared.js) from the details data: for a graph
// above the page's limit that data holds the selection alone, sent with it.
function showDetails(selection) {
  const state = KG.details;
  if (!state || !state.data) return;
  const key = selection ? `${selection.kind}:${selection.id}` : "";
  if (state.shown === key && state.shownVersion === state.data.version) return;
  const known = !selection || (selection.kind === "node" ? state.data.nodes : state.data.claims)[selection.id];
  if (!known) return; // (not in this data: the selection's own data is on its way)
  state.shown = key;
  state.shownVersion = state.data.version;
  const pick = (target) => {
    showDetails(target);
    if (state.send) state.send("select", target || { kind: "none", id: "" });
  };
  renderPanel(state.root, state.data, selection, {
    select: pick,
    // Bloom's Dismiss: the URL keeps the node hidden; the perspective radio brings everything back.
    dismiss: (id) => state.send && state.send("select", { kind: "dismiss", id }),
    // A big graph's hub comes with the claims its panel shows first: the rest on "Show all".
    showAll: (id) => state.send && state.send("select", { kind: "all", id }),
    emptyHint:
      "Click a node or an edge in the graph, a highlighted passage in the article, or search for an entity in the sidebar.",
  });
  KG.detailsShownAt = performance.now();
}

// The panel beside the graph scrolls within the window's height, like the graph beside it.
function sizeDetails(state) {
  const top = state.root.getBoundingClientRect().top + pageScroll();
  state.root.style.maxHeight = `${Math.max(state.minHeight, Math.round(window.innerHeight - Math.max(top, 0) - 12))}px`;
}

function renderDetails({ data, parentElement, setTriggerValue }) {
  const state = ensureRoot(parentElement, "kg-details-root kg-panel");
  state.send = setTriggerValue;
  state.minHeight = data.height || 400;
  sizeDetails(state);
  state.root.setAttribute("data-testid", "kg-details");
  if (state.data && state.data.version === data.version) return;
  state.data = data;
  KG.details = state;
  showDetails((KG.view && KG.view.selected) || null);
}

// Large data comes as bytes (see ketagraph/ui/wire.py): a header line "KG1 <digest>",
// then JSON. A rerun that delivers the same bytes again reuses what was parsed.
const decoder = new TextDecoder();

function readData(component) {
  const raw = component.data;
  if (!(raw instanceof Uint8Array)) return raw;
  const end = raw.indexOf(10);
  if (end < 0) throw new Error("ketagraph: component data without a header line");
  const header = decoder.decode(raw.subarray(0, end));
  const host = component.parentElement;
  if (host.__ketagraphWire && host.__ketagraphWire.header === header) return host.__ketagraphWire.data;
  if (!header.startsWith("KG1 ")) throw new Error("ketagraph: unknown data encoding");
  const data = JSON.parse(decoder.decode(raw.subarray(end + 1)));
  host.__ketagraphWire = { header, data };
  return data;
}

// The page's own style sheet (ketagraph.ui.page.PAGE_CSS, sent with the boot and graph roles), in
// the document's head before the graph is sized and drawn: the compact page it is fitted to.
const PAGE_STYLE_ID = "kg-page-style";

function adoptPageCss(css) {
  let style = document.getElementById(PAGE_STYLE_ID);
  if (!style) {
    if (!css) return;
    style = document.createElement("style");
    style.id = PAGE_STYLE_ID;
    document.head.appendChild(style);
  }
  if (style.textContent !== css) style.textContent = css;
}

// The component's style sheet (KG_COMPONENT_CSS, put in front of this script by
// ketagraph.ui.bundle.component_js), parsed once and adopted by each root (shadow root or document)
// a role renders into, before it renders: the graph is sized and fitted to the styled page.
let componentSheet = null;

function adoptComponentCss(element) {
  const root = element.getRootNode();
  if (!root) return;
  if (!("adoptedStyleSheets" in root) || typeof CSSStyleSheet.prototype.replaceSync !== "function") {
    // A browser without constructable style sheets (Safari before 16.4): a <style> of its own.
    if (root.__kgStyled) return;
    root.__kgStyled = true;
    const style = document.createElement("style");
    style.textContent = KG_COMPONENT_CSS;
    (root.nodeType === Node.DOCUMENT_NODE ? document.head : root.nodeType === Node.DOCUMENT_FRAGMENT_NODE ? root : element).appendChild(style);
    return;
  }
  if (!componentSheet) {
    componentSheet = new CSSStyleSheet();
    componentSheet.replaceSync(KG_COMPONENT_CSS);
  }
  if (!root.adoptedStyleSheets.includes(componentSheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, componentSheet];
}

export default function (component) {
  adoptComponentCss(component.parentElement);
  const data = readData(component);
  const role = data && data.role;
  const args = { ...component, data };
  if (role === "graph") return renderGraph(args);
  if (role === "article") return renderArticle(args);
  if (role === "view") return renderView(args);
  if (role === "details") return renderDetails(args);
  if (role === "boot") adoptPageCss(data.pageCss || "");
  return undefined; // "boot": otherwise, loading this script was its purpose
}
