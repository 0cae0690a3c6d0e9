// The standalone HTML export's page (ketagraph.export.htmlpage): the graph, the detail panel, the
// legend and entity search, built with shared.js (which the page's script holds in front of this
// file) from the page's JSON data block. The page makes no request: everything is in it.

const DATA = JSON.parse(document.getElementById("kg-data").textContent);
const DETAILS = DATA.details;
const KG = (window.ketagraph = { data: DATA });
const EMPTY_HINT =
  "Click an entity or a claim (an arrow) in the graph, or find an entity by name above, to read what the " +
  "article says, with its certainty and the verbatim quotes.";

// Header: the title and the note on what the source is.
document.title = `${DATA.title} · ketagraph`;
document.getElementById("kg-title").textContent = DATA.title;
const about = document.getElementById("kg-about");
for (const s of DATA.sources) {
  about.appendChild(el("strong", null, "About this source: "));
  about.appendChild(webLink(`“${s.title}”`, s.url));
  about.appendChild(
    document.createTextNode((s.publisher ? `, ${s.publisher}` : "") + (s.kindText ? ` — ${s.kindText}. ` : ". ")),
  );
}
about.appendChild(document.createTextNode(DATA.disclaimer));

renderLegend(document.getElementById("kg-legend"), DATA.legend, null);

// The network, where the app puts it (positions from the server, no physics).
const container = document.getElementById("kg-graph");
const nodes = new vis.DataSet(DATA.vis.nodes);
const edges = new vis.DataSet(DATA.vis.edges);
const network = new vis.Network(container, { nodes, edges }, DATA.vis.options);
const graph = {
  network,
  nodes,
  edges,
  base: new Map(DATA.vis.edges.map((e) => [e.id, e])),
  labelled: DATA.vis.nodes.length <= LABELLED_MAX,
  record: KG,
  faded: null,
};
graph.look = graph.labelled ? lookAsSent(graph) : null;
KG.network = network;
KG.graphState = graph;

// The first view fits, but never below the zoom at which labels are drawn at 11 px (a bigger graph
// is panned), as in the explorer.
function fitView() {
  const options = { maxZoomLevel: 1.5 };
  if (DATA.minScale > 0) options.minZoomLevel = Math.min(DATA.minScale, 1.5);
  network.fit(options);
  // A graph bigger than the window at that zoom opens on its left (and top) edge, where the story
  // starts (the drug, its history), not centred with the labels cut off on both sides.
  const range = drawnRange(network);
  if (!range) return;
  const { left, top, right, bottom } = range;
  const scale = network.getScale();
  const view = network.getViewPosition();
  const margin = 12 / scale;
  const width = container.clientWidth / scale, height = container.clientHeight / scale;
  const x = right - left + 2 * margin > width ? left - margin + width / 2 : view.x;
  const y = bottom - top + 2 * margin > height ? top - margin + height / 2 : view.y;
  if (Number.isFinite(x) && Number.isFinite(y) && (x !== view.x || y !== view.y)) {
    network.moveTo({ position: { x, y }, scale });
  }
}
network.once("afterDrawing", fitView);
window.addEventListener("resize", () => setTimeout(fitView, 50));

// Focus + context, as in the explorer: hovering or selecting fades what is not within one hop
// (labels kept) and writes the relations on the highlighted claims where they can be read.
let selection = null;
function selectionFocus() {
  if (!selection) return null;
  return selection.kind === "node" ? neighbourhood(graph, [selection.id], []) : neighbourhood(graph, [], [selection.id]);
}
network.on("hoverNode", (params) => fade(graph, neighbourhood(graph, [String(params.node)], [])));
network.on("hoverEdge", (params) => fade(graph, neighbourhood(graph, [], [String(params.edge)])));
network.on("blurNode", () => fade(graph, selectionFocus()));
network.on("blurEdge", () => fade(graph, selectionFocus()));
endHoverOnLeave(network, container);
network.on("afterDrawing", (ctx) => drawEdgeLabels(graph, ctx));
network.on("dragging", () => (graph.placed = null));
network.on("dragEnd", () => (graph.placed = null));

// The selection on the graph (vis-network's own, the fading).
function showOnGraph() {
  if (!selection) network.unselectAll();
  else if (selection.kind === "node") network.setSelection({ nodes: [selection.id], edges: [] }, { highlightEdges: false });
  else network.setSelection({ nodes: [], edges: [selection.id] }, { highlightEdges: false });
  fade(graph, selectionFocus());
}

// Select a node or a claim (or nothing): the graph and the panel show it; ``centre`` brings a node into view.
const panel = document.getElementById("kg-details");
function select(target, centre) {
  const known = target && (target.kind === "node" ? DETAILS.nodes : DETAILS.claims)[target.id];
  selection = known ? { kind: target.kind, id: String(target.id) } : null;
  showOnGraph();
  if (centre && selection && selection.kind === "node") {
    network.focus(selection.id, { scale: Math.max(network.getScale(), 0.9), animation: false });
  }
  renderPanel(panel, DETAILS, selection, { select: (t) => select(t, true), emptyHint: EMPTY_HINT });
}

network.on("click", (params) => {
  const claim = params.nodes.length ? null : clickedEdge(graph, params); // the edge nearest the pointer
  if (params.nodes.length) select({ kind: "node", id: params.nodes[0] }, false);
  else if (claim !== null) select({ kind: "claim", id: claim }, false);
  else showOnGraph(); // a click on the background keeps the selection (the panel's button clears it)
});

// Find an entity: the ranking of ketagraph.query.search (shared.js's searchEntities).
const input = document.getElementById("kg-search");
const list = document.getElementById("kg-entities");
for (const [id] of DATA.search.entries) {
  const option = document.createElement("option");
  option.value = DETAILS.nodes[id].label;
  list.appendChild(option);
}
function search() {
  const query = input.value.trim();
  if (!query) return;
  const [id] = searchEntities(DATA.search, query, 1);
  if (id !== undefined) {
    select({ kind: "node", id }, true);
    return;
  }
  renderPanel(panel, DETAILS, null, { emptyHint: EMPTY_HINT });
  panel.insertBefore(el("p", "kg-meta", `No entity matches “${query}”.`), panel.firstChild);
}
input.addEventListener("change", search);
input.addEventListener("keydown", (event) => {
  if (event.key === "Enter") {
    event.preventDefault();
    search();
  }
});

select(null, false);
KG.select = select;
KG.search = (query, limit) => searchEntities(DATA.search, query, limit);
