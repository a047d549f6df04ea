import datetime as dt
import json

import pytest

from orchestration.settings import Settings

from ingestion.huggingface.settings import HubSettings, without_credentials
from ingestion.huggingface.snapshot_schema import SNAPSHOT_SCHEMA, parse_count, snapshot_row, to_table

DAY = dt.date(2026, 5, 20)


def test_a_hub_record_becomes_a_typed_row():
    row = snapshot_row(
        {
            "id": "Qwen/Qwen3-8B",
            "createdAt": "2025-04-27T03:00:00.000Z",
            "downloads": 1200,
            "downloadsAllTime": 90000,
            "safetensors": {"parameters": {"BF16": 8_190_735_360}, "total": 8_190_735_360},
            "baseModels": {"relation": "finetune", "models": [{"id": "Qwen/Qwen3-8B-Base"}]},
        },
        snapshot_date=DAY,
        provenance="observed",
        source_name="hub-api",
    )
    assert row["author"] == "Qwen"
    assert row["created_at"] == dt.datetime(2025, 4, 27, 3, 0)
    assert row["safetensors_total"] == 8_190_735_360
    assert json.loads(row["base_models"])["relation"] == "finetune"
    table = to_table([row])
    assert table.schema == SNAPSHOT_SCHEMA


def test_a_fractional_counter_is_malformed():
    with pytest.raises(ValueError, match="downloads is not an integer"):
        parse_count(12.5, "downloads")
    assert parse_count(12.0, "downloads") == 12


def test_the_token_never_appears_in_settings_repr():
    settings = Settings({"HF_TOKEN": "hf_secret_value", "HF_ENDPOINT": "http://127.0.0.1:9/"}).hub()
    assert settings.token == "hf_secret_value"
    assert settings.endpoint == "http://127.0.0.1:9"
    assert "hf_secret_value" not in repr(settings)


def test_credentials_in_an_endpoint_url_are_never_reported():
    assert without_credentials("https://user:hf_secret@hub.example:8443/api") == "https://hub.example:8443/api"
    assert without_credentials("http://127.0.0.1:9") == "http://127.0.0.1:9"
