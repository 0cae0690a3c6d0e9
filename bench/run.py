"""The ketagraph benchmark: the core, the payload and the real app in Chromium, per graph size,
side by side with the naive pyvis page as the baseline.

Usage (``python -m bench.run`` works the same)::

    python bench/run.py              # shipped graph, 1k, 5k and 20k claims (about 25 minutes)
    python bench/run.py --quick      # shipped graph and 1k claims, short baseline cap (1-2 minutes)
    python bench/run.py --sizes 5k --no-baseline

Per size it measures:

- **core**, in a fresh subprocess: the three phases of ``ketagraph.load_graph``, each timed:
  read (``load.read_folder``), check (``validate.check``) and build (``build.build_graph``), and the peak resident memory of that process (``ru_maxrss``);
  then the two layouts, the vis-network payload (build time, JSON bytes) and the article data;
- **app**, in Chromium (Playwright, Debian's ``/usr/bin/chromium``) against ``streamlit run app.py
  -- --graph DIR``: a first, cold page load (the server loads, lays out and caches), then a fresh
  browser context on the warm server: navigation start to the first drawn frame of the graph and to
  a settled, clickable graph (drawn, physics off or stabilised, the script run finished); then
  clicks on three nodes of median degree and on the biggest hub: mouse click to one of the node's
  quotes visible in the detail panel, and the websocket bytes received for that rerun (whether any
  websocket frame ever carries vis-network is checked too); the server's peak memory (VmHWM);
- **baseline**: the same graph the naive way, pyvis defaults (``Network(cdn_resources="in_line");
  net.from_nx(G)``, physics stabilisation in the browser) written with ``generate_html`` and opened
  from a file with every remote request blocked: the Python build time, then navigation to the first
  drawn frame and to ``stabilized``, each capped at ``--baseline-timeout`` and reported as "> N s".

Per run, the floor under a page load on the machine at hand, for reading the app's times: the least
page with the component (``bench/floor_app.py``: its boot element and one line of text), navigation
to the component's script running (vis-network in it) and to the page settled, first visits; and,
per size, vis-network alone building and drawing the same nodes, edges and options in a local page
(data sets, ``Network``, first frame), its script already loaded. The graph cannot be drawn before
the script runs, nor faster than vis-network alone draws it: their sum is the floor under the app's
first visit.

The ratio is the baseline's first draw (browser only, its Python build not counted) over our page
load to a settled graph. Results: a table on stdout, ``bench/out/results-<date>.json`` and, for a
full run, ``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
GRAPHS = BENCH / "graphs"
OUT = BENCH / "out"
QUICK_SIZES = ["shipped", "1k"]
ALL_SIZES = ["shipped", "1k", "5k", "20k"]
VIEWPORT = {"width": 1500, "height": 1300}
#: Page loads per measure (first visits, repeat visits): the median of 5 moves less with the
#: machine's load than the median of 3 did (±0.15 s at 5k claims).
LOADS = 5


if __package__ in (None, ""):  # run as a script (python bench/run.py): make the package importable
    sys.path.insert(0, str(ROOT))

from bench import generate  # noqa: E402
from bench.browser import CHROMIUM, LAUNCH_ARGS, REMOTE, AppServer  # noqa: E402  (after the path above)

# ------------------------------------------------------------------ graphs


def graph_dir(size: str) -> Path:
    """The graph folder of a size, generated (once per generator version) under bench/graphs/."""
    if size == "shipped":
        return ROOT / "graph"
    n = generate.SIZES[size]
    out = GRAPHS / size
    stamp = hashlib.sha256((BENCH / "generate.py").read_bytes() + str(n).encode()).hexdigest()
    stamp_file = out / ".generator"
    if not (stamp_file.is_file() and stamp_file.read_text() == stamp):
        t = time.perf_counter()
        generate.generate(n, out)
        stamp_file.write_text(stamp)
        print(f"  generated {size} in {time.perf_counter() - t:.1f} s -> {out.relative_to(ROOT)}", flush=True)
    return out


# ------------------------------------------------------------------ core (in a subprocess)


def _child_core(graph: str) -> dict[str, Any]:
    import resource

    from ketagraph.build import build_graph
    from ketagraph.layout import compute_layout
    from ketagraph.load import read_folder
    from ketagraph.render import vis_payload
    from ketagraph.ui.payloads import article_data
    from ketagraph.ui.wire import wire
    from ketagraph.validate import check

    def rss_mb() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    r: dict[str, Any] = {"rss_imports_mb": rss_mb()}
    t0 = time.perf_counter()
    corpus = read_folder(graph)
    t1 = time.perf_counter()
    corpus = check(corpus)
    t2 = time.perf_counter()
    if not corpus.ok:
        raise SystemExit(f"{graph}: {len(corpus.errors)} errors, first: {corpus.errors[0]}")
    G = build_graph(corpus)
    t3 = time.perf_counter()
    r.update(
        claims=G.number_of_edges(),
        entities=G.number_of_nodes(),
        quotes=sum(len(c.evidence) for c in corpus.claims),
        text_chars=sum(len(s.text) for s in corpus.sources.values()),
        warnings=len(corpus.warnings),
        load_s=t1 - t0,
        validate_s=t2 - t1,
        build_s=t3 - t2,
        core_s=t3 - t0,
        rss_peak_mb=rss_mb(),
    )
    positions = {}
    for name in ("mechanism", "force"):
        t = time.perf_counter()
        positions[name] = compute_layout(G, name)
        r[f"layout_{name}_s"] = time.perf_counter() - t
    t = time.perf_counter()
    payload = vis_payload(G, positions["mechanism"])
    r["payload_s"] = time.perf_counter() - t
    # As the component receives it (ketagraph.ui.wire: a header line, then compact JSON).
    r["payload_bytes"] = len(wire({"role": "graph", "payload": payload}, payload["version"]))
    t = time.perf_counter()
    article = article_data(G, corpus)
    r["article_s"] = time.perf_counter() - t
    r["article_bytes"] = len(wire({"role": "article", **article}, article["version"]))
    r["rss_end_mb"] = rss_mb()
    degrees = sorted((d for _, d in G.degree()), reverse=True)
    r["degree_max"], r["degree_median"] = degrees[0], degrees[len(degrees) // 2]
    return r


def _child_baseline(graph: str, html_out: str) -> dict[str, Any]:
    from pyvis.network import Network

    from ketagraph.build import load_graph

    G = load_graph(graph)
    t = time.perf_counter()
    net = Network(cdn_resources="in_line")
    net.from_nx(G)
    html = net.generate_html()
    build_s = time.perf_counter() - t
    # Instrumentation only: record the first drawn frame and the end of stabilisation.
    anchor = "network = new vis.Network(container, data, options);"
    assert anchor in html, "pyvis template changed: cannot instrument the baseline page"
    html = html.replace(
        anchor,
        anchor + "\nnetwork.once('afterDrawing', function () { window.__kgFirstDraw = performance.now(); });"
        "\nnetwork.once('stabilized', function () { window.__kgStabilized = performance.now(); });",
        1,
    )
    Path(html_out).write_text(html, encoding="utf-8")
    return {
        "build_s": build_s,
        "html_bytes": len(html.encode("utf-8")),
        "nodes": len(net.nodes),
        "edges": len(net.edges),
    }


def run_child(args: list[str], timeout: float) -> dict[str, Any] | None:
    """Run ``bench/run.py --child ...`` and return its JSON; ``None`` on time-out."""
    try:
        done = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--child", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=ROOT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        raise RuntimeError(f"child {args} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# ------------------------------------------------------------------ browser


class Frames:
    """Websocket frames received by a page: sizes, times and whether one carries vis-network."""

    def __init__(self, page: Any):
        self.sizes: list[int] = []
        self.vis_seen = False
        page.on("websocket", self._on_socket)

    def _on_socket(self, ws: Any) -> None:
        ws.on("framereceived", self._on_frame)

    def _on_frame(self, payload: str | bytes) -> None:
        data = payload.encode("utf-8") if isinstance(payload, str) else payload
        self.sizes.append(len(data))
        if b"visjs.github.io" in data or b"vis-network" in data:
            self.vis_seen = True

    def mark(self) -> int:
        return len(self.sizes)

    def since(self, mark: int) -> int:
        return sum(self.sizes[mark:])


_SETTLED = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const kg = window.ketagraph;
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (!kg || !kg.firstDrawAt || !kg.network) return false;
  const physics = kg.network.physics;
  if (physics && physics.physicsEnabled && !physics.stabilized) return false;
  return performance.now();
}"""

# The detail panel, built by the component in its shadow root (at every size, since the Python panel
# went): a heading with the node's label and one of its quotes marked (the article's marks, .kg-ev, excluded).
_PANEL_SHOWS = """([label, quotes]) => {
  const want = new Set(quotes);
  const roots = [document];
  for (const host of document.querySelectorAll('[data-testid="stBidiComponent"], div, section')) {
    if (host.shadowRoot) roots.push(host.shadowRoot);
  }
  for (const root of roots) {
    let titled = false;
    for (const h of root.querySelectorAll('h3')) {
      if (h.textContent.includes(label)) { titled = true; break; }
    }
    if (!titled) continue;
    for (const m of root.querySelectorAll('mark:not(.kg-ev)')) {
      if (want.has(m.textContent) && m.getClientRects().length) return performance.now();
    }
  }
  return false;
}"""

_NODE_AT = """(id) => {
  const net = window.ketagraph.network;
  const p = net.getPositions([id])[id];
  net.moveTo({ position: p, scale: 1.2 });
  net.redraw();
  const dom = net.canvasToDOM(p);
  const box = net.body.container.getBoundingClientRect();
  return { x: box.left + dom.x, y: box.top + dom.y };
}"""


@contextlib.contextmanager
def _page(browser: Any) -> Iterator[tuple[Any, Frames]]:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    frames = Frames(page)
    page.route(REMOTE, lambda route: route.abort())
    try:
        yield page, frames
    finally:
        context.close()


def _load_page(page: Any, url: str, timeout_s: float) -> dict[str, Any]:
    # The whole graph (the "everything" perspective; a small graph opens on its mechanism scene).
    page.goto(url + "/?view=everything", wait_until="commit", timeout=timeout_s * 1000)
    page.wait_for_function("() => window.ketagraph && window.ketagraph.firstDrawAt", timeout=timeout_s * 1000)
    settled = page.wait_for_function(_SETTLED, polling="raf", timeout=timeout_s * 1000).json_value()
    first = page.evaluate("window.ketagraph.firstDrawAt")
    marks = page.evaluate("window.ketagraph.marks || {}")
    return {
        "first_draw_s": first / 1000,
        "settled_s": settled / 1000,
        # explorer.js's own marks: its script ran (vis-network included), the graph's data arrived,
        # vis-network's Network was built
        "script_s": marks.get("module", 0) / 1000,
        "graph_data_s": marks.get("graphData", 0) / 1000,
        "network_s": marks.get("network", 0) / 1000,
    }


def _click_node(
    page: Any, frames: Frames, node: str, label: str, quotes: list[str], timeout_s: float
) -> dict[str, Any]:
    xy = page.evaluate(_NODE_AT, node)
    page.wait_for_timeout(250)
    before = page.evaluate("window.ketagraph.events.length")
    mark = frames.mark()
    page.mouse.click(xy["x"], xy["y"])
    shown = page.wait_for_function(_PANEL_SHOWS, arg=[label, quotes], polling="raf", timeout=timeout_s * 1000)
    shown_at = shown.json_value()
    event = page.evaluate(f"window.ketagraph.events[{before}] || null")
    if not event or event.get("id") != node:
        raise RuntimeError(f"the click did not select {node!r}: {event!r}")
    page.wait_for_function(_SETTLED, polling="raf", timeout=timeout_s * 1000)
    page.wait_for_timeout(400)  # frames that finish the rerun
    return {"click_ms": shown_at - event["at"], "ws_bytes": frames.since(mark)}


def _click_targets(graph: Path) -> dict[str, Any]:
    """Three pairwise non-adjacent nodes of median degree, and the biggest hub, with their quotes."""
    from ketagraph.build import EVIDENCE, LABEL, load_graph

    G = load_graph(graph)
    U = G.to_undirected(as_view=True)
    by_degree = sorted(G.nodes, key=lambda n: (G.degree(n), n))
    median = G.degree(by_degree[len(by_degree) // 2])
    picked: list[str] = []
    for n in by_degree:
        if G.degree(n) == median and not any(U.has_edge(n, m) for m in picked):
            picked.append(n)
        if len(picked) == 3:
            break
    hub = by_degree[-1]

    def info(n: str) -> dict[str, Any]:
        quotes = {
            ev["quote"] for _, _, d in [*G.out_edges(n, data=True), *G.in_edges(n, data=True)] for ev in d[EVIDENCE]
        }
        return {"id": n, "label": str(G.nodes[n].get(LABEL, n)), "degree": G.degree(n), "quotes": sorted(quotes)}

    return {"median": [info(n) for n in picked], "hub": info(hub)}


def _vm_hwm_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def measure_app(graph: Path, browser: Any, timeout_s: float, loads: int = LOADS) -> dict[str, Any]:
    targets = _click_targets(graph)
    server = AppServer(graph)
    r: dict[str, Any] = {}
    try:
        with _page(browser) as (page, frames):
            t = time.perf_counter()
            cold = _load_page(page, server.url, timeout_s * 3)
            r["cold_settled_s"] = cold["settled_s"]
            r["cold_wall_s"] = time.perf_counter() - t
        # First visits: a fresh browser context each time (nothing cached in the browser).
        firsts = []
        for _ in range(loads - 1):
            with _page(browser) as (page, frames):
                firsts.append(_load_page(page, server.url, timeout_s))
        with _page(browser) as (page, frames):
            firsts.append(_load_page(page, server.url, timeout_s))
            r["first_draw_s"] = statistics.median(f["first_draw_s"] for f in firsts)
            r["settled_s"] = statistics.median(f["settled_s"] for f in firsts)
            r["settled_s_all"] = [round(f["settled_s"], 3) for f in firsts]
            for key in ("script_s", "graph_data_s", "network_s"):
                r[key] = statistics.median(f[key] for f in firsts)
            page.wait_for_timeout(300)
            r["ws_page_bytes"] = frames.since(0)
            clicks = [_click_node(page, frames, n["id"], n["label"], n["quotes"], timeout_s) for n in targets["median"]]
            r["click_ms"] = statistics.median(c["click_ms"] for c in clicks)
            r["click_ms_all"] = [round(c["click_ms"]) for c in clicks]
            r["click_ms_max"] = max(c["click_ms"] for c in clicks)
            r["click_ws_bytes"] = statistics.median(c["ws_bytes"] for c in clicks)
            r["click_degree"] = targets["median"][0]["degree"]
            hub = targets["hub"]
            hub_click = _click_node(page, frames, hub["id"], hub["label"], hub["quotes"], timeout_s * 3)
            r["hub_click_ms"], r["hub_ws_bytes"] = hub_click["click_ms"], hub_click["ws_bytes"]
            r["hub_degree"] = hub["degree"]
            # Repeat visits: the same browser context again (its HTTP cache holds Streamlit's own
            # scripts; the component's bundle is fetched again), a new session on the server.
            repeats = []
            for _ in range(loads):
                page.goto("about:blank")
                repeats.append(_load_page(page, server.url, timeout_s))
            r["repeat_first_draw_s"] = statistics.median(x["first_draw_s"] for x in repeats)
            r["repeat_settled_s"] = statistics.median(x["settled_s"] for x in repeats)
            r["vis_in_websocket"] = frames.vis_seen
        r["server_peak_mb"] = _vm_hwm_mb(server.proc.pid)
    finally:
        server.stop()
    return r


_FLOOR_SETTLED = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const kg = window.ketagraph;
  if (!kg || !kg.marks || !kg.marks.module) return false;
  return document.body.innerText.includes('ketagraph bench floor') && [performance.now(), kg.marks.module];
}"""


def measure_floor(browser: Any, timeout_s: float, loads: int = LOADS) -> dict[str, Any]:
    """The least page with the component (``bench/floor_app.py``), first visits: navigation to the
    component's script running, and to the page settled (its run finished, its text shown).

    The app's script cannot run sooner on this machine at this load; the app's page, with its other
    elements to render, runs it later.
    """
    server = AppServer(script=BENCH / "floor_app.py")
    settled, script = [], []
    try:
        for i in range(loads + 1):  # the first load warms the server (its first script run)
            with _page(browser) as (page, _):
                page.goto(server.url, wait_until="commit", timeout=timeout_s * 1000)
                done = page.wait_for_function(_FLOOR_SETTLED, polling="raf", timeout=timeout_s * 1000).json_value()
                if i:
                    settled.append(done[0] / 1000)
                    script.append(done[1] / 1000)
    finally:
        server.stop()
    return {
        "settled_s": statistics.median(settled),
        "script_s": statistics.median(script),
        "script_s_all": [round(t, 3) for t in script],
    }


_VIS_BUILD = """async (payload) => {
  const box = document.getElementById('canvas');
  const t0 = performance.now();
  const data = { nodes: new vis.DataSet(payload.nodes), edges: new vis.DataSet(payload.edges) };
  const network = new vis.Network(box, data, payload.options);
  const built = performance.now();
  await new Promise((resolve) => network.once('afterDrawing', resolve));
  return [built - t0, performance.now() - t0];
}"""


def measure_vis(graph: Path, browser: Any, runs: int = 3) -> dict[str, Any]:
    """vis-network alone building the graph the app draws (its payload: nodes, edges, options).

    Each run in a fresh page with vis-network inlined, its data already there: the data sets and the
    ``Network`` built, then the first frame drawn, with no Streamlit and none of our code around it.
    """
    from ketagraph.build import load_graph
    from ketagraph.layout import compute_layout
    from ketagraph.render import vis_network_js, vis_payload

    G = load_graph(graph)
    payload = vis_payload(G, compute_layout(G, "mechanism"))
    built, drawn = [], []
    for _ in range(runs):
        with _page(browser) as (page, _):
            page.set_content(
                f'<div id="canvas" style="width:{VIEWPORT["width"] - 400}px;height:{VIEWPORT["height"] - 300}px"></div>'
            )
            page.add_script_tag(content=vis_network_js())
            b, d = page.evaluate(_VIS_BUILD, payload)
            built.append(b / 1000)
            drawn.append(d / 1000)
    return {"build_s": statistics.median(built), "first_frame_s": statistics.median(drawn)}


def measure_baseline(graph: Path, browser: Any, timeout_s: float) -> dict[str, Any]:
    r: dict[str, Any] = {"timeout_s": timeout_s}
    with tempfile.TemporaryDirectory(prefix="kg-baseline-") as tmp:
        html = Path(tmp) / "baseline.html"
        built = run_child(["baseline", str(graph), str(html)], timeout=timeout_s + 30)
        if built is None:
            r["build_s"] = None
            return r
        r.update(build_s=built["build_s"], html_bytes=built["html_bytes"])
        with _page(browser) as (page, _):
            page.goto(html.as_uri(), wait_until="commit")
            deadline = time.monotonic() + timeout_s
            for key, var in (("first_draw_s", "__kgFirstDraw"), ("stabilized_s", "__kgStabilized")):
                left = deadline - time.monotonic()
                try:
                    if left <= 0:
                        raise TimeoutError
                    value = page.wait_for_function(f"() => window.{var}", timeout=left * 1000).json_value()
                    r[key] = value / 1000
                except Exception:  # playwright's TimeoutError, or our own
                    r[key] = None
    return r


# ------------------------------------------------------------------ report


def machine(browser_version: str | None) -> dict[str, Any]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = None
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = round(int(line.split()[1]) / 1024**2, 1)
    from importlib.metadata import version

    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gib": ram,
        "os": platform.platform(),
        "python": platform.python_version(),
        "chromium": browser_version,
        "streamlit": version("streamlit"),
        "pyvis": version("pyvis"),
        "networkx": version("networkx"),
        "igraph": version("igraph"),
        "pyahocorasick": version("pyahocorasick"),
    }


def _s(v: float | None, digits: int = 2) -> str:
    return "—" if v is None else f"{v:.{digits}f}"


def _ms(v: float | None) -> str:
    return "—" if v is None else f"{v:.0f}"


def _kb(v: float | None) -> str:
    return "—" if v is None else (f"{v / 1024:.1f}" if v < 100 * 1024 else f"{v / 1024:,.0f}")


def _capped(v: float | None, cap: float | None) -> str:
    if v is None:
        return f"> {cap:.0f}" if cap else "—"
    return f"{v:.1f}"


def rows(results: dict[str, dict[str, Any]]) -> list[tuple[str, list[str]]]:
    def get(size: str, part: str, key: str) -> Any:
        return results[size].get(part, {}).get(key)

    sizes = list(results)
    out: list[tuple[str, list[str]]] = []

    def row(label: str, fn: Any) -> None:
        out.append((label, [fn(s) for s in sizes]))

    row("claims / entities", lambda s: f"{get(s, 'core', 'claims')} / {get(s, 'core', 'entities')}")
    row("quotes / source text (chars)", lambda s: f"{get(s, 'core', 'quotes')} / {get(s, 'core', 'text_chars'):,}")
    row("max / median degree", lambda s: f"{get(s, 'core', 'degree_max')} / {get(s, 'core', 'degree_median')}")
    row("**load + validate + build (s)**", lambda s: _s(get(s, "core", "core_s")))
    row(
        "  load / validate / build (s)",
        lambda s: " / ".join(_s(get(s, "core", k)) for k in ("load_s", "validate_s", "build_s")),
    )
    row("peak memory, load+build process (MB RSS)", lambda s: _s(get(s, "core", "rss_peak_mb"), 0))
    row(
        "layout mechanism / force (s)",
        lambda s: f"{_s(get(s, 'core', 'layout_mechanism_s'))} / {_s(get(s, 'core', 'layout_force_s'))}",
    )
    row(
        "payload (KB) / build (s)",
        lambda s: f"{_kb(get(s, 'core', 'payload_bytes'))} / {_s(get(s, 'core', 'payload_s'))}",
    )
    row(
        "article data (KB) / build (s)",
        lambda s: f"{_kb(get(s, 'core', 'article_bytes'))} / {_s(get(s, 'core', 'article_s'))}",
    )
    row("cold server: page → settled graph (s)", lambda s: _s(get(s, "app", "cold_settled_s")))
    row(
        "  script ready / graph data in / network built (s)",
        lambda s: " / ".join(_s(get(s, "app", k)) for k in ("script_s", "graph_data_s", "network_s")),
    )
    row("**page load → first drawn frame (s)**, first visit", lambda s: _s(get(s, "app", "first_draw_s")))
    row("**page load → settled, clickable graph (s)**, first visit", lambda s: _s(get(s, "app", "settled_s")))
    row(
        "page load → first frame / settled (s), repeat visit",
        lambda s: f"{_s(get(s, 'app', 'repeat_first_draw_s'))} / {_s(get(s, 'app', 'repeat_settled_s'))}",
    )
    row(
        "  vis-network alone: data and Network built / first frame (s)",
        lambda s: f"{_s(get(s, 'vis', 'build_s'))} / {_s(get(s, 'vis', 'first_frame_s'))}",
    )
    row("websocket received for the page load (KB)", lambda s: _kb(get(s, "app", "ws_page_bytes")))
    row("**click node → its quote shown (ms)**, median of 3", lambda s: _ms(get(s, "app", "click_ms")))
    row(
        "  slowest of the 3 (ms) / node degree",
        lambda s: f"{_ms(get(s, 'app', 'click_ms_max'))} / {get(s, 'app', 'click_degree')}",
    )
    row("**websocket received per click rerun (KB)**", lambda s: _kb(get(s, "app", "click_ws_bytes")))
    row(
        "click the biggest hub → quote (ms) / degree",
        lambda s: f"{_ms(get(s, 'app', 'hub_click_ms'))} / {get(s, 'app', 'hub_degree')}",
    )
    row("  websocket for the hub's rerun (KB)", lambda s: _kb(get(s, "app", "hub_ws_bytes")))
    row(
        "vis-network in a websocket frame",
        lambda s: {True: "yes", False: "no", None: "—"}[get(s, "app", "vis_in_websocket")],
    )
    row("server peak memory (MB, VmHWM)", lambda s: _s(get(s, "app", "server_peak_mb"), 0))
    row(
        "baseline: pyvis from_nx + html (s)",
        lambda s: _capped(get(s, "baseline", "build_s"), get(s, "baseline", "timeout_s")),
    )
    row(
        "baseline: page → first draw (s)",
        lambda s: _capped(get(s, "baseline", "first_draw_s"), get(s, "baseline", "timeout_s")),
    )
    row(
        "baseline: page → stabilized (s)",
        lambda s: _capped(get(s, "baseline", "stabilized_s"), get(s, "baseline", "timeout_s")),
    )
    row("**ratio: baseline first draw / ours settled**", lambda s: ratio(results[s], "first_draw_s"))
    row("**ratio: baseline stabilized / ours settled**", lambda s: ratio(results[s], "stabilized_s"))
    return out


def ratio(r: dict[str, Any], key: str = "first_draw_s") -> str:
    """The baseline's time to ``key`` over our page load to a settled graph (first visit)."""
    ours = r.get("app", {}).get("settled_s")
    base = r.get("baseline", {})
    if not ours or not base:
        return "—"
    theirs = base.get(key)
    if base.get("build_s") is None or theirs is None:
        return f"> {base['timeout_s'] / ours:.0f}×"
    return f"{theirs / ours:.0f}×"


def markdown(results: dict[str, dict[str, Any]], meta: dict[str, Any]) -> str:
    m = meta["machine"]
    lines = [
        "# Benchmark results",
        "",
        f"`python bench/run.py{' --quick' if meta['quick'] else ''}` on {meta['date']}, ketagraph at `{meta['commit']}`.",
        "",
        f"Machine: {m['nproc']} cores, {m['cpu']}, {m['ram_gib']} GiB RAM; {m['os']}; Python {m['python']}; "
        f"Chromium {m['chromium']} (headless, software rendering); streamlit {m['streamlit']}, pyvis {m['pyvis']} "
        f"(vis-network 9.1.2), networkx {m['networkx']}, igraph {m['igraph']}, pyahocorasick {m['pyahocorasick']}.",
        "",
        "Sizes: the shipped `graph/` and synthetic graphs from `bench/generate.py` (one 'review' source, "
        "entities of every type, Zipf-like degrees). Browser times are from navigation start on a warm "
        f"server (graph, layout and payload cached), medians of {LOADS}: a first visit is a fresh browser "
        "context, a repeat visit the same context again (Streamlit's own scripts come from its HTTP cache; "
        "the component's script, vis-network included, is fetched again: Streamlit serves component files "
        "without a cache lifetime). The page-load breakdown is explorer.js's own marks: its script ran, "
        "the graph's data reached it, vis-network's Network was built. Click times: from vis-network's click event to the quote in the panel. "
        f"Load average at start / end: {meta['loadavg_start_end'][0]:.1f} / {meta['loadavg_start_end'][1]:.1f} "
        "(the machine is shared; times grow with it).",
        "",
        *_floor_lines(meta),
        "| | " + " | ".join(results) + " |",
        "|---|" + "---:|" * len(results),
    ]
    for label, cells in rows(results):
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += ["", "Targets (issue 5):", ""]
    lines += [f"- {t}" for t in targets(results, meta.get("floor"))]
    return "\n".join(lines) + "\n"


def _floor_lines(meta: dict[str, Any]) -> list[str]:
    floor = meta.get("floor") or {}
    if not floor:
        return []
    return [
        "Floor, this run: on the least page with the component (its boot element and one line of text), "
        f"the component's script (vis-network in it) runs {_s(floor['script_s'])} s after navigation on a first "
        f"visit (median of {len(floor['script_s_all'])}: " + ", ".join(_s(t) for t in floor["script_s_all"]) + "), "
        f"and the page has settled at {_s(floor['settled_s'])} s. No first visit below draws its graph before "
        "that script runs, nor faster than vis-network alone draws it (its row below).",
        "",
    ]


def floor_note(results: dict[str, dict[str, Any]], floor: dict[str, Any] | None, size: str) -> str:
    """The floor under a size's first visit this run: the component's script at the earliest, then
    vis-network alone building and drawing that size's graph."""
    vis = results.get(size, {}).get("vis", {}).get("first_frame_s")
    if not floor or vis is None:
        return ""
    script = floor["script_s"]
    return (
        f" (this run's floor: the component's script at {script:.2f} s at the earliest + vis-network alone "
        f"drawing this graph {vis:.2f} s = {script + vis:.2f} s)"
    )


def targets(results: dict[str, dict[str, Any]], floor: dict[str, Any] | None = None) -> list[str]:
    def check(size: str, part: str, key: str, limit: float, what: str, scale: float = 1.0) -> str:
        v = results.get(size, {}).get(part, {}).get(key)
        if v is None:
            return f"{size}: {what} — not measured"
        ok = v * scale < limit
        return f"{size}: {what} {v * scale:.2f} (< {limit}) {'✅' if ok else '❌'}"

    out = [
        check("5k", "core", "core_s", 1.5, "load + validate + build, s"),
        check("5k", "app", "settled_s", 2.0, "page load → settled clickable graph (first visit), s")
        + floor_note(results, floor, "5k"),
        check("5k", "app", "repeat_settled_s", 2.0, "page load → settled clickable graph (repeat visit), s"),
        check("5k", "app", "click_ms", 500, "click → quote, ms"),
        check("20k", "app", "settled_s", 6.0, "page load → drawn (settled, first visit), s")
        + floor_note(results, floor, "20k"),
        check("20k", "app", "click_ms", 1000, "click → quote, ms"),
        check("shipped", "app", "click_ms", 300, "click → quote, ms"),
        check("shipped", "app", "click_ws_bytes", 5, "websocket per click rerun, KB", 1 / 1024),
    ]
    if "5k" in results:
        out.append(
            f"5k: faster than the pyvis-defaults baseline (target ≥ 100×): {ratio(results['5k'])} to its first "
            f"draw, {ratio(results['5k'], 'stabilized_s')} to its settled (stabilized) graph"
        )
    if "shipped" in results:
        vis = results["shipped"].get("app", {}).get("vis_in_websocket")
        out.append(f"shipped: vis-network never in a websocket frame: {'✅' if vis is False else '❌' if vis else '—'}")
    if "20k" in results:
        mem = results["20k"].get("app", {}).get("server_peak_mb")
        out.append(f"20k: server peak memory {_s(mem, 0)} MB (reported)")
    return [t for t in out if not t.endswith("not measured") or t.split(":")[0] in results]


def print_table(results: dict[str, dict[str, Any]], meta: dict[str, Any]) -> None:
    for line in _floor_lines(meta):
        print(line)
    table = rows(results)
    width = max(len(label) for label, _ in table)
    cols = [max(len(s), *(len(cells[i]) for _, cells in table)) for i, s in enumerate(results)]
    print("\n" + " " * width + "  " + "  ".join(s.rjust(w) for s, w in zip(results, cols, strict=True)))
    for label, cells in table:
        print(
            label.replace("**", "").ljust(width)
            + "  "
            + "  ".join(c.rjust(w) for c, w in zip(cells, cols, strict=True))
        )
    print()
    for t in targets(results, meta.get("floor")):
        print(t)


# ------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="ketagraph benchmark (see bench/run.py's docstring)")
    parser.add_argument("--quick", action="store_true", help="small sizes only, short baseline cap")
    parser.add_argument("--sizes", help=f"comma-separated, from {','.join(ALL_SIZES)}")
    parser.add_argument("--no-browser", action="store_true", help="core measurements only")
    parser.add_argument("--no-baseline", action="store_true", help="skip the pyvis-defaults baseline")
    parser.add_argument("--baseline-timeout", type=float, help="cap on each baseline step, s (400; --quick 30)")
    parser.add_argument("--markdown", help="write the markdown table here (default bench/RESULTS.md for a full run)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        kind, *rest = args.child
        result = _child_core(*rest) if kind == "core" else _child_baseline(*rest)
        print(json.dumps(result))
        return 0

    sizes = args.sizes.split(",") if args.sizes else (QUICK_SIZES if args.quick else ALL_SIZES)
    unknown = [s for s in sizes if s not in ALL_SIZES]
    if unknown:
        parser.error(f"unknown size {unknown[0]!r}; choose from {', '.join(ALL_SIZES)}")
    cap = args.baseline_timeout or (30.0 if args.quick else 400.0)
    results: dict[str, dict[str, Any]] = {s: {} for s in sizes}
    started = time.perf_counter()
    load_at_start = os.getloadavg()[0]
    graphs = {s: graph_dir(s) for s in sizes}
    for s in sizes:
        print(f"[{s}] core …", flush=True)
        results[s]["core"] = run_child(["core", str(graphs[s])], timeout=900) or {}

    browser_version = None
    floor: dict[str, Any] | None = None
    if not args.no_browser:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
            browser_version = browser.version
            try:
                print("[floor] the least page with the component …", flush=True)
                floor = measure_floor(browser, timeout_s=60)
                for s in sizes:
                    print(f"[{s}] app in Chromium …", flush=True)
                    results[s]["app"] = measure_app(graphs[s], browser, timeout_s=60)
                    try:  # a reference measure: its failure leaves the rest of the run standing
                        results[s]["vis"] = measure_vis(graphs[s], browser)
                    except Exception as e:  # playwright's errors, or vis-network's in the page
                        print(f"[{s}] vis-network alone: not measured ({type(e).__name__}: {e})", flush=True)
                        results[s]["vis"] = {}
                    if not args.no_baseline:
                        print(f"[{s}] baseline (pyvis defaults, cap {cap:.0f} s) …", flush=True)
                        results[s]["baseline"] = measure_baseline(graphs[s], browser, cap)
            finally:
                browser.close()

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "src", "bench", "app.py"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    meta = {
        "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "commit": commit + ("+changes" if dirty else ""),
        "quick": args.quick,
        "sizes": sizes,
        "baseline_timeout_s": cap,
        "wall_s": round(time.perf_counter() - started, 1),
        "loadavg_start_end": [load_at_start, os.getloadavg()[0]],
        "machine": machine(browser_version),
        "floor": floor,
    }
    print_table(results, meta)
    OUT.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    json_path = OUT / f"results-{stamp}.json"
    json_path.write_text(json.dumps({"meta": meta, "results": results}, indent=2) + "\n")
    md_path = (
        Path(args.markdown)
        if args.markdown
        else (BENCH / "RESULTS.md" if sizes == ALL_SIZES else OUT / f"results-{stamp}.md")
    )
    md_path.write_text(markdown(results, meta), encoding="utf-8")
    print(
        f"\nwrote {json_path.relative_to(ROOT)} and {md_path.resolve().relative_to(ROOT) if md_path.resolve().is_relative_to(ROOT) else md_path} in {meta['wall_s']} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
