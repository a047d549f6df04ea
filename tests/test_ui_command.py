"""`atom ui --sample` (what `make ui` runs): the Dagster UI starts with every source pointed at the bundled sample
served on loopback, and stops on Ctrl-C."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from orchestration.settings import REPO_ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str, headers: dict | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read()


def test_the_ui_starts_on_the_sample_and_stops_on_ctrl_c(tmp_path):
    port = free_port()
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path), "ATOM_HOME": str(tmp_path / "warehouse")}
    atom = os.path.join(os.path.dirname(sys.executable), "atom")
    # The UI's output goes to a file, which nothing has to keep reading for the UI to go on.
    log = tmp_path / "ui.log"
    with log.open("w") as output:
        ui = subprocess.Popen(
            [atom, "ui", "--sample", "--port", str(port)], cwd=REPO_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
            # A shell's Ctrl-C reaches a process whose SIGINT is not ignored; a test worker may ignore it, and its
            # children would inherit that. A session of its own lets a stuck UI be killed with all it started.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL), start_new_session=True,
        )
    try:
        printed = {}
        deadline = time.monotonic() + 120
        while "EPOCH_MODELS_URL" not in printed:
            assert ui.poll() is None, f"atom ui ended before saying where the sources are: {log.read_text()[-2000:]}"
            assert time.monotonic() < deadline, "atom ui did not say where the sources are"
            time.sleep(0.5)
            for line in log.read_text().splitlines():
                if "=" in line and line.split("=", 1)[0].isupper():
                    name, value = line.strip().split("=", 1)
                    printed[name] = value
        assert "OPENROUTER_API_KEY" not in printed  # a key is never printed
        # Every source the UI's runs read answers on loopback.
        assert all(value.startswith("http://127.0.0.1:") for value in printed.values())
        status, body = get(f"{printed['HF_ENDPOINT']}/api/models?author=Qwen&limit=1")
        assert status == 200 and json.loads(body)
        assert get(printed["EPOCH_MODELS_URL"])[0] == 200
        assert get(f"{printed['OPENROUTER_BASE_URL']}/api/v1/models")[0] == 200
        # The UI itself comes up with the code location loaded.
        deadline = time.monotonic() + 180
        while True:
            try:
                status, body = get(f"http://127.0.0.1:{port}/server_info")
                break
            except OSError:
                assert time.monotonic() < deadline, "the UI did not come up"
                time.sleep(1)
        assert status == 200 and "dagster_webserver_version" in json.loads(body)
    finally:
        ui.send_signal(signal.SIGINT)
        try:
            ui.wait(timeout=90)
        except subprocess.TimeoutExpired:
            os.killpg(ui.pid, signal.SIGKILL)
            raise
    # Ctrl-C stopped the UI and the services: nothing answers on the sample's addresses any more.
    for url in printed.values():
        with pytest.raises(OSError):
            get(url)
