"""`atom ui --sample` (what `make ui` runs): the Dagster UI starts with every source pointed at the bundled sample
served on loopback, and stops on Ctrl-C."""

import json
import os

import pytest

from tests.ui_process import free_port, get, printed_environment, start_ui, stop_ui, wait_for_webserver


def test_the_ui_starts_on_the_sample_and_stops_on_ctrl_c(tmp_path):
    port = free_port()
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path), "ATOM_HOME": str(tmp_path / "warehouse")}
    log = tmp_path / "ui.log"
    ui = start_ui(env, port, log)
    try:
        printed = printed_environment(ui, log)
        assert "OPENROUTER_API_KEY" not in printed  # a key is never printed
        # Every source the UI's runs read answers on loopback.
        assert all(value.startswith("http://127.0.0.1:") for value in printed.values())
        status, body = get(f"{printed['HF_ENDPOINT']}/api/models?author=Qwen&limit=1")
        assert status == 200 and json.loads(body)
        assert get(printed["EPOCH_MODELS_URL"])[0] == 200
        assert get(f"{printed['OPENROUTER_BASE_URL']}/api/v1/models")[0] == 200
        assert json.loads(get(f"{printed['AA_DAILY_READS_URL']}/latest.json")[1]) == {
            "date": "2026-07-10", "path": "data/2026-07-10"
        }
        # The UI itself comes up with the code location loaded.
        assert "dagster_webserver_version" in wait_for_webserver(port)
    finally:
        stop_ui(ui)
    # Ctrl-C stopped the UI and the services: nothing answers on the sample's addresses any more.
    for url in printed.values():
        with pytest.raises(OSError):
            get(url)
