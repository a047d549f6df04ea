"""`atom ui --sample` as a user starts it, in a session of its own, for the tests that use the Dagster UI."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from orchestration.settings import REPO_ROOT


def free_port() -> int:
    """A port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str, headers: dict | None = None) -> tuple[int, bytes]:
    """Status and body of a GET."""
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read()


def start_ui(env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    """`atom ui --sample` on `port`, its output in `log` (which nothing has to keep reading for the UI to go on)."""
    atom = os.path.join(os.path.dirname(sys.executable), "atom")
    with log.open("w") as output:
        return subprocess.Popen(
            [atom, "ui", "--sample", "--port", str(port)], cwd=REPO_ROOT, env=env, stdout=output,
            stderr=subprocess.STDOUT,
            # A shell's Ctrl-C reaches a process whose SIGINT is not ignored; a test worker may ignore it, and its
            # children would inherit that. A session of its own lets a stuck UI be killed with all it started.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL), start_new_session=True,
        )


def printed_environment(ui: subprocess.Popen, log: Path, timeout: float = 120) -> dict[str, str]:
    """The NAME=value lines `atom ui` prints about where the sources are, once it has printed them all."""
    printed: dict[str, str] = {}
    deadline = time.monotonic() + timeout
    while "AA_DAILY_READS_URL" not in printed:
        assert ui.poll() is None, f"atom ui ended before saying where the sources are: {log.read_text()[-2000:]}"
        assert time.monotonic() < deadline, "atom ui did not say where the sources are"
        time.sleep(0.5)
        for line in log.read_text().splitlines():
            if "=" in line and line.split("=", 1)[0].isupper():
                name, value = line.strip().split("=", 1)
                printed[name] = value
    return printed


def wait_for_webserver(port: int, timeout: float = 180) -> dict:
    """The webserver's /server_info once it answers."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            status, body = get(f"http://127.0.0.1:{port}/server_info")
            assert status == 200
            return json.loads(body)
        except OSError:
            assert time.monotonic() < deadline, "the UI did not come up"
            time.sleep(1)


def stop_ui(ui: subprocess.Popen) -> None:
    """Ctrl-C, as a user stops it; killed with all it started if it does not stop within 90 s."""
    ui.send_signal(signal.SIGINT)
    try:
        ui.wait(timeout=90)
    except subprocess.TimeoutExpired:
        os.killpg(ui.pid, signal.SIGKILL)
        raise
