"""Real-browser fixtures: Debian's Chromium driven by Playwright, and the app served on localhost
(:mod:`bench.browser`, which the benchmark uses too).

In CI (``KETAGRAPH_REQUIRE_BROWSER=1``, set by ``.ci/run``) a missing Chromium fails these tests;
on a developer's machine they skip with a message saying how to install it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from bench.browser import CHROMIUM, LAUNCH_ARGS, REMOTE, ROOT, AppServer, free_port

__all__ = ["CHROMIUM", "DRAWN_BOX", "LAUNCH_ARGS", "REMOTE", "ROOT", "AppServer", "PageWatch", "free_port"]

#: A node's box as the eye sees it, in canvas units: its shape and its label. vis-network's own
#: ``getBoundingBox`` puts an outside label's height under the shape but leaves out the gap between
#: them, so its bottom stops about a line short of the label's; the label's own box is added.
DRAWN_BOX = """(n, id) => {
  const b = n.getBoundingBox(id), m = n.body.nodes[id].labelModule, s = m.size;
  if (!(s.width > 0) || !m.visible()) return b;
  return {left: Math.min(b.left, s.left), top: Math.min(b.top, s.top),
          right: Math.max(b.right, s.left + s.width), bottom: Math.max(b.bottom, s.top + s.height)};
}"""


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


@pytest.fixture(scope="module")
def app_server() -> Iterator[AppServer]:
    """The app on the shipped graph, one server per test module."""
    _require_browser()
    server = AppServer()
    yield server
    server.stop()
