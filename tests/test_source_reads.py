"""How a failed read is said in raw.source_reads: a Failure's description, or the error, never a secret."""

import dagster as dg
import pytest

from ingestion.errors import SourceUnavailableError
from orchestration.source_reads import REASON_LIMIT, failure_reason


def test_a_reason_names_the_error_and_never_holds_a_secret(monkeypatch):
    monkeypatch.setenv("OPENROUTER_API_KEY", "sk-or-marker-123")
    monkeypatch.setenv("HF_TOKEN", "hf_marker_456")
    error = SourceUnavailableError("http://127.0.0.1:9/api answered 401 for sk-or-marker-123 (token hf_marker_456)")
    reason = failure_reason(error)
    assert reason == (
        "SourceUnavailableError: http://127.0.0.1:9/api answered 401 for <OPENROUTER_API_KEY> (token <HF_TOKEN>)"
    )
    assert failure_reason(dg.Failure(description="batch of 2026-05-20 rejected")) == "batch of 2026-05-20 rejected"


def test_a_long_reason_is_cut_to_its_limit():
    reason = failure_reason(ValueError("x" * 5_000))
    assert len(reason) == REASON_LIMIT and reason.endswith("…")


@pytest.mark.parametrize("error", [KeyError("id"), RuntimeError()])
def test_an_error_without_a_message_still_names_its_type(error):
    assert failure_reason(error).startswith(type(error).__name__)
