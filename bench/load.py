"""Many people at once: N concurrent sessions on one server, each opening the page and clicking nodes.

``python bench/load.py`` (about 3 minutes) starts the app on localhost, once per level N (1, 4, 8 by
default: ``--sessions 1,4,8``), warms it with one page load, then opens N browser sessions at
once (one headless Chromium, one context each, nothing leaves localhost). Each session loads the
page and clicks ``--clicks`` nodes in turn (bounded: no session loops forever, every wait has a
timeout), with a short pause between clicks as a reader would. Reported per level:

* page load → settled, clickable graph (s), p50 / p95 over the N sessions;
* click a node → its quote in the panel (ms), p50 / p95 over all clicks (vis-network's click
  event to the panel showing the node's heading and one of its quotes, as ``bench/run.py``);
* server memory: resident set after the warm-up, at the end with every session open, the peak
  (VmHWM), and the growth per session (end minus warm-up, over N);
* errors: page errors, console errors, exceptions on the page, clicks that selected the wrong node
  or timed out, and server log lines with a traceback. None are allowed: the run fails if any.

The browser runs on the same 2 cores as the server, so at N = 8 the times measure the machine as
much as the app; the figures go into ``bench/RESULTS.md`` under "Many sessions at once" when
``--write`` is given.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
RESULTS = BENCH / "RESULTS.md"
SECTION = "## Many sessions at once (bench/load.py)"
VIEWPORT = {"width": 1500, "height": 1300}
TIMEOUT_S = 300.0
THINK_S = 0.3


if str(ROOT) not in sys.path:  # `python bench/load.py` puts bench/, not the project, on the path
    sys.path.insert(0, str(ROOT))

from bench import browser as fixtures  # noqa: E402  (after the path above)
from bench import run  # noqa: E402

# ------------------------------------------------------------------ the server


def _proc_status(pid: int, field: str) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _cpu_s(pids: set[int]) -> float:
    """CPU seconds (user + system) used so far by the processes ``pids``."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def _descendants(root: int) -> set[int]:
    """``root`` and every process below it (the browser: the Playwright driver, Chromium and its renderers)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [root]
    while todo:
        pid = todo.pop()
        found.add(pid)
        todo.extend(children.get(pid, []))
    return found


class Server(fixtures.AppServer):
    """The app on localhost, its log kept for the error count."""

    def __init__(self, graph: Path, log: Path) -> None:
        self.log_path = log
        # Room for every benchmark session's upload (the default cap is lower: see ketagraph.ui.sessions).
        uploads = {"KETAGRAPH_MAX_UPLOADS": os.environ.get("KETAGRAPH_MAX_UPLOADS", "64")}
        super().__init__(graph, extra_env=uploads, log=log)

    def rss_mb(self) -> float | None:
        return _proc_status(self.proc.pid, "VmRSS")

    def peak_mb(self) -> float | None:
        return _proc_status(self.proc.pid, "VmHWM")

    def log_errors(self) -> list[str]:
        text = self.log_path.read_text("utf-8", errors="replace")
        return [line for line in text.splitlines() if re.search(r"Traceback|Error|Exception", line)]


# ------------------------------------------------------------------ one session


class Phases:
    """Every session loads its page (and uploads), then all click: the server's CPU is read between."""

    def __init__(self, n: int) -> None:
        self.start = asyncio.Event()
        self.clicks = asyncio.Event()
        self.pending = n
        self.loaded = asyncio.Event()

    def done_loading(self) -> None:
        self.pending -= 1
        if self.pending <= 0:
            self.loaded.set()


async def _session(
    browser: Any,
    url: str,
    targets: list[dict[str, Any]],
    clicks: int,
    offset: int,
    phases: Phases,
    upload: bytes | None = None,
) -> dict[str, Any]:
    context = await browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(TIMEOUT_S * 1000)
    page = await context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    await page.route(fixtures.REMOTE, lambda route: route.abort())
    out: dict[str, Any] = {"errors": errors, "clicks_ms": [], "context": context}
    timeout = TIMEOUT_S * 1000
    loading = True
    try:
        await phases.start.wait()
        # The whole graph, as bench/run.py opens it: the nodes clicked are the whole graph's, and
        # the first scene (the mechanism story) leaves some of them out.
        await page.goto(url + "/?view=everything", wait_until="commit", timeout=timeout)
        await page.wait_for_function("() => window.ketagraph && window.ketagraph.firstDrawAt", timeout=timeout)
        settled = await page.wait_for_function(run._SETTLED, polling="raf", timeout=timeout)
        out["load_s"] = await settled.json_value() / 1000
        if upload is not None:
            t = time.perf_counter()
            await page.get_by_text("Open your own graph").click()
            await page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(
                files=[{"name": f"session-{offset}.zip", "mimeType": "application/zip", "buffer": upload}]
            )
            await page.get_by_text(f"Exploring your upload: session-{offset}.zip").wait_for(timeout=timeout)
            await page.wait_for_function(run._SETTLED, polling="raf", timeout=timeout)
            out["upload_s"] = time.perf_counter() - t
            # A new graph opens on its first scene: show all of it again, for the same clicks.
            version = await page.evaluate("window.ketagraph.graphVersion")
            await page.locator("[data-testid=stSidebar]").get_by_text("Everything", exact=True).click()
            await page.wait_for_function(
                "(v) => window.ketagraph.graphVersion !== v", arg=version, polling="raf", timeout=timeout
            )
            await page.wait_for_function(run._SETTLED, polling="raf", timeout=timeout)
        loading = False
        phases.done_loading()
        await phases.clicks.wait()
        for i in range(clicks):
            node = targets[(offset + i) % len(targets)]
            xy = await page.evaluate(run._NODE_AT, node["id"])
            await page.wait_for_timeout(150)
            before = await page.evaluate("window.ketagraph.events.length")
            await page.mouse.click(xy["x"], xy["y"])
            try:
                shown = await page.wait_for_function(
                    run._PANEL_SHOWS, arg=[node["label"], node["quotes"]], polling="raf", timeout=timeout
                )
            except Exception as e:
                errors.append(f"click {node['id']}: {type(e).__name__}")
                continue
            shown_at = await shown.json_value()
            event = await page.evaluate(f"window.ketagraph.events[{before}] || null")
            if not event or event.get("id") != node["id"]:
                errors.append(f"click {node['id']}: selected {event!r}")
                continue
            out["clicks_ms"].append(shown_at - event["at"])
            await page.wait_for_function(run._SETTLED, polling="raf", timeout=timeout)
            await page.wait_for_timeout(THINK_S * 1000)
        if await page.locator("[data-testid=stException]").count():
            errors.append("an exception is shown on the page")
        if upload is not None and await page.get_by_text(f"Exploring your upload: session-{offset}.zip").count() != 1:
            errors.append("the session no longer shows its own upload")
    except Exception as e:
        errors.append(f"{type(e).__name__}: {str(e).splitlines()[0]}")
    finally:
        if loading:
            phases.done_loading()
    return out


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def _upload_zip(graph: Path, i: int, tmp: Path) -> bytes:
    """``graph`` zipped, with a session-specific source description: N distinct graphs of one size."""
    from ketagraph.archive import zip_graph_folder

    folder = tmp / f"upload-{i}" / graph.name
    shutil.copytree(graph, folder, ignore=shutil.ignore_patterns(".*"))
    for path in sorted(folder.rglob("*.yaml")):
        text = path.read_text("utf-8")
        if "sources:" in text:
            path.write_text(text + f"# uploaded by session {i}\n", "utf-8")
            break
    return zip_graph_folder(folder)


async def _level(n: int, graph: Path, clicks: int, log: Path, upload: bool) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    targets_info = run._click_targets(graph)
    targets = [*targets_info["median"], targets_info["hub"]]
    zips: list[bytes | None] = [None] * n
    if upload:
        with tempfile.TemporaryDirectory(prefix="kg-load-") as tmp:
            zips = [_upload_zip(graph, i, Path(tmp)) for i in range(n)]
    server = Server(graph, log)
    try:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=str(fixtures.CHROMIUM), args=fixtures.LAUNCH_ARGS)
            # Warm-up: the graph, layout and payload cached, Streamlit's first-run work done.
            warm = Phases(1)
            warm.start.set()
            warm.clicks.set()
            first = await _session(browser, server.url, targets, 1, 0, warm)
            await first["context"].close()
            await asyncio.sleep(1.0)
            rss_warm = server.rss_mb()
            phases = Phases(n)
            tasks = [
                asyncio.create_task(_session(browser, server.url, targets, clicks, i, phases, zips[i]))
                for i in range(n)
            ]
            browser_pids = _descendants(os.getpid()) - {server.proc.pid, os.getpid()}
            cpu0 = (_cpu_s({server.proc.pid}), _cpu_s(browser_pids))
            t0 = time.perf_counter()
            phases.start.set()
            await phases.loaded.wait()
            t1 = time.perf_counter()
            browser_pids = _descendants(os.getpid()) - {server.proc.pid, os.getpid()}
            cpu1 = (_cpu_s({server.proc.pid}), _cpu_s(browser_pids))
            rss_loaded = server.rss_mb()
            phases.clicks.set()
            sessions = await asyncio.gather(*tasks)
            t2 = time.perf_counter()
            browser_pids = _descendants(os.getpid()) - {server.proc.pid, os.getpid()}
            cpu2 = (_cpu_s({server.proc.pid}), _cpu_s(browser_pids))
            await asyncio.sleep(1.0)
            rss_end = server.rss_mb()  # every session still open
            peak = server.peak_mb()
            for s in sessions:
                await s["context"].close()
            await browser.close()
    finally:
        server.stop()
    loads = [s["load_s"] for s in sessions if "load_s" in s]
    uploads = [s["upload_s"] for s in sessions if "upload_s" in s]
    clicks_ms = [c for s in sessions for c in s["clicks_ms"]]
    errors = [e for s in sessions for e in s["errors"]] + [f"server: {e}" for e in server.log_errors()]
    growth = (max(rss_end or 0, rss_loaded or 0) - rss_warm) / n if rss_end and rss_warm else None
    return {
        "sessions": n,
        "upload": upload,
        "clicks_per_session": clicks,
        "load_wall_s": t1 - t0,
        "click_wall_s": t2 - t1,
        "server_cpu_load_s": cpu1[0] - cpu0[0],
        "browser_cpu_load_s": cpu1[1] - cpu0[1],
        "server_cpu_click_s": cpu2[0] - cpu1[0],
        "browser_cpu_click_s": cpu2[1] - cpu1[1],
        "load_s_p50": _pct(loads, 50),
        "load_s_p95": _pct(loads, 95),
        "upload_s_p50": _pct(uploads, 50),
        "upload_s_p95": _pct(uploads, 95),
        "click_ms_p50": _pct(clicks_ms, 50),
        "click_ms_p95": _pct(clicks_ms, 95),
        "clicks_measured": len(clicks_ms),
        "server_rss_warm_mb": rss_warm,
        "server_rss_loaded_mb": rss_loaded,
        "server_rss_end_mb": rss_end,
        "server_peak_mb": peak,
        "rss_growth_per_session_mb": growth,
        "errors": errors,
    }


# ------------------------------------------------------------------ report


def _f(v: float | None, digits: int = 2) -> str:
    return "—" if v is None else f"{v:,.{digits}f}"


def _per(total: float | None, count: int) -> float | None:
    return None if total is None or not count else total / count


def table(results: list[dict[str, Any]]) -> list[str]:
    cols = [f"N = {r['sessions']}" for r in results]
    upload = results[0]["upload"]
    rows: list[tuple[str, list[str]]] = [
        ("sessions × clicks", [f"{r['sessions']} × {r['clicks_per_session']}" for r in results]),
        (
            "**page load → settled graph (s)**, p50 / p95",
            [f"{_f(r['load_s_p50'])} / {_f(r['load_s_p95'])}" for r in results],
        ),
    ]
    if upload:
        rows.append(
            (
                "upload → its graph drawn (s), p50 / p95",
                [f"{_f(r['upload_s_p50'])} / {_f(r['upload_s_p95'])}" for r in results],
            )
        )
    rows += [
        (
            "**click a node → its quote (ms)**, p50 / p95",
            [f"{_f(r['click_ms_p50'], 0)} / {_f(r['click_ms_p95'], 0)}" for r in results],
        ),
        ("clicks measured", [str(r["clicks_measured"]) for r in results]),
        (
            "server CPU per page load" + (" + upload" if upload else "") + " / per click (ms)",
            [
                f"{_f(_per(r['server_cpu_load_s'] * 1000, r['sessions']), 0)} / "
                f"{_f(_per(r['server_cpu_click_s'] * 1000, r['clicks_measured']), 0)}"
                for r in results
            ],
        ),
        (
            "browser CPU per page load / per click (ms)",
            [
                f"{_f(_per(r['browser_cpu_load_s'] * 1000, r['sessions']), 0)} / "
                f"{_f(_per(r['browser_cpu_click_s'] * 1000, r['clicks_measured']), 0)}"
                for r in results
            ],
        ),
        (
            "server memory: warm / all loaded / end / peak (MB)",
            [
                f"{_f(r['server_rss_warm_mb'], 0)} / {_f(r['server_rss_loaded_mb'], 0)} / "
                f"{_f(r['server_rss_end_mb'], 0)} / {_f(r['server_peak_mb'], 0)}"
                for r in results
            ],
        ),
        ("**server memory per session (MB)**", [_f(r["rss_growth_per_session_mb"], 1) for r in results]),
        ("**errors**", [str(len(r["errors"])) for r in results]),
    ]
    lines = ["| | " + " | ".join(cols) + " |", "|---|" + "---:|" * len(cols)]
    lines += [f"| {name} | " + " | ".join(values) + " |" for name, values in rows]
    return lines


def markdown(runs: dict[str, list[dict[str, Any]]], meta: dict[str, Any]) -> str:
    lines = [
        SECTION,
        "",
        f"`python bench/load.py` on {meta['date']}, ketagraph at `{meta['commit']}`, graph `{meta['graph']}`. "
        "One server per level, warmed by one page load; then N sessions at once (one headless Chromium, "
        f"a context each, {VIEWPORT['width']}×{VIEWPORT['height']}) load the page; once all have, each "
        f"clicks {meta['clicks']} nodes in turn (three of median degree and the biggest hub), {THINK_S:.1f} s "
        "apart. CPU is the server process's and the browser's (Chromium and its renderers) own time "
        "while the sessions loaded and while they clicked; memory per session is the server's resident "
        "set growth over the warm one, divided by N. The browser shares the server's 2 cores, and the "
        f"machine was shared with other work (load average at start / end: {meta['load_start']} / "
        f"{meta['load_end']}): the times measure the machine as much as the app; the CPU per action "
        "does not depend on the load.",
        "",
    ]
    for name, results in runs.items():
        title = {
            "open": "Every session opens the shipped graph:",
            "upload": "Every session uploads its own copy of the graph (N different graphs) before clicking:",
        }[name]
        lines += [title, "", *table(results), ""]
    return "\n".join(lines)


def write_results(text: str) -> None:
    current = RESULTS.read_text("utf-8") if RESULTS.exists() else "# Benchmark results\n"
    if SECTION in current:
        head, _, tail = current.partition(SECTION)
        rest = tail.split("\n## ", 1)
        current = head.rstrip("\n") + "\n" + ("\n## " + rest[1] if len(rest) > 1 else "")
    RESULTS.write_text(current.rstrip("\n") + "\n\n" + text, "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sessions", default="1,4,8", help="levels of concurrent sessions (default 1,4,8)")
    parser.add_argument("--clicks", type=int, default=8, help="clicks per session (default 8)")
    parser.add_argument("--graph", default=str(ROOT / "graph"), help="the graph folder served (default graph/)")
    parser.add_argument(
        "--scenarios", default="open,upload", help="open (the served graph), upload (each its own); default both"
    )
    parser.add_argument("--write", action="store_true", help="write the tables into bench/RESULTS.md")
    args = parser.parse_args(argv)
    levels = [int(x) for x in args.sessions.split(",")]
    graph = Path(args.graph)
    out = BENCH / "out"
    out.mkdir(exist_ok=True)
    load_start = os.getloadavg()[0]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    runs: dict[str, list[dict[str, Any]]] = {}
    for scenario in args.scenarios.split(","):
        for n in levels:
            log = out / f"load-server-{scenario}-{n}.log"
            r = asyncio.run(_level(n, graph, args.clicks, log, upload=scenario == "upload"))
            print(
                f"{scenario} N={n}: load p50/p95 {_f(r['load_s_p50'])}/{_f(r['load_s_p95'])} s, upload p50 "
                f"{_f(r['upload_s_p50'])} s, click p50/p95 {_f(r['click_ms_p50'], 0)}/{_f(r['click_ms_p95'], 0)} ms, "
                f"server CPU load/click {_f(r['server_cpu_load_s'], 1)}/{_f(r['server_cpu_click_s'], 1)} s, "
                f"browser CPU {_f(r['browser_cpu_load_s'], 1)}/{_f(r['browser_cpu_click_s'], 1)} s, RSS "
                f"{_f(r['server_rss_warm_mb'], 0)}→{_f(r['server_rss_end_mb'], 0)} MB, errors {len(r['errors'])}",
                flush=True,
            )
            for e in r["errors"][:10]:
                print("   ", e)
            runs.setdefault(scenario, []).append(r)
    meta = {
        "date": datetime.now().strftime("%Y-%m-%d %H:%M"),
        "commit": commit.strip(),
        "graph": os.path.relpath(graph, ROOT),
        "clicks": args.clicks,
        "load_start": f"{load_start:.1f}",
        "load_end": f"{os.getloadavg()[0]:.1f}",
    }
    text = markdown(runs, meta)
    print(text)
    stamp = datetime.now().strftime("%Y%m%d-%H%M")
    (out / f"load-{stamp}.json").write_text(json.dumps({"meta": meta, "runs": runs}, indent=2), "utf-8")
    if args.write:
        write_results(text)
    return 1 if any(r["errors"] for rs in runs.values() for r in rs) else 0


if __name__ == "__main__":
    sys.exit(main())
