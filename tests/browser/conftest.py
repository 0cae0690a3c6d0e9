"""Real-browser fixtures: Debian's Chromium driven by Playwright, and the app served on localhost.

In CI (``KETAGRAPH_REQUIRE_BROWSER=1``, set by ``.ci/run``) a missing Chromium fails these tests;
on a developer's machine they skip with a message saying how to install it.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: Any URL that does not go to this machine.
REMOTE = re.compile(r"^(?!https?://(localhost|127\.0\.0\.1|\[::1\])[:/])(?!file:|data:|blob:|about:)")


def _require_browser() -> None:
    if CHROMIUM.exists():
        return
    message = "Chromium not found at /usr/bin/chromium: install it with `apt-get install -y chromium`"
    if os.environ.get("KETAGRAPH_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield b
        b.close()


class PageWatch:
    """A page that records console errors, page errors and every request that leaves localhost."""

    def __init__(self, page: Any):
        self.page = page
        self.errors: list[str] = []
        self.remote: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("request", lambda r: self.remote.append(r.url) if REMOTE.match(r.url) else None)
        page.route(REMOTE, lambda route: route.abort())


@pytest.fixture
def watched_page(browser: Any) -> Iterator[PageWatch]:
    context = browser.new_context(viewport={"width": 1500, "height": 1300}, accept_downloads=True)
    page = context.new_page()
    watch = PageWatch(page)
    yield watch
    context.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class AppServer:
    def __init__(self, graph: Path | None = None, extra_env: dict[str, str] | None = None, base_path: str = ""):
        self.port = free_port()
        self.url = f"http://localhost:{self.port}" + (f"/{base_path}" if base_path else "")
        cmd = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.headless",
            "true",
            "--server.port",
            str(self.port),
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ]
        if base_path:  # served under a path prefix, as behind a reverse proxy
            cmd += ["--server.baseUrlPath", base_path]
        if graph is not None:
            cmd += ["--", "--graph", str(graph)]
        env = {**os.environ, **(extra_env or {})}
        self.log = open(os.devnull, "wb")  # noqa: SIM115
        self.proc = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.proc.returncode}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("streamlit did not become healthy within 60 s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
        self.log.close()


@pytest.fixture(scope="module")
def app_server() -> Iterator[AppServer]:
    """The app on the shipped graph, one server per test module."""
    _require_browser()
    server = AppServer()
    yield server
    server.stop()
