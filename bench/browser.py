"""The app served on localhost, and how Chromium is launched: shared by the browser tests
(``tests/browser/conftest.py``) and the benchmark (``bench/run.py``), so both measure the same thing.
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
from pathlib import Path

__all__ = ["CHROMIUM", "LAUNCH_ARGS", "REMOTE", "ROOT", "AppServer", "free_port"]

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class AppServer:
    def __init__(
        self,
        graph: Path | None = None,
        extra_env: dict[str, str] | None = None,
        base_path: str = "",
        log: Path | None = None,
        script: Path = ROOT / "app.py",
    ):
        self.port = free_port()
        self.url = f"http://localhost:{self.port}" + (f"/{base_path}" if base_path else "")
        cmd = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
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
        self.log = open(log if log is not None else os.devnull, "wb")  # noqa: SIM115  (the server's output)
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
