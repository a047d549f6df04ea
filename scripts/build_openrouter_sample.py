"""Write the bundled OpenRouter sample: a catalogue and daily token rankings in the real API shapes, with
MADE-UP numbers (there is no real OpenRouter token history to be had offline).

Deterministic: each model's daily tokens follow a launch ramp and a slow decay from fixed parameters. Run:
    python scripts/build_openrouter_sample.py
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "sample_data" / "openrouter"
FIRST, LAST = dt.date(2025, 1, 1), dt.date(2026, 5, 20)
NOTICE = "MADE-UP sample: real response shapes, invented numbers; not OpenRouter data"

# permaslug, catalogue id, Hub repo (None for closed models), launch day, peak tokens a day, AA intelligence index.
MODELS = [
    ("openai/gpt-4o-2024-08-06", "openai/gpt-4o", None, "2024-08-06", 90e9, 29.0),
    ("anthropic/claude-3.7-sonnet-20250219", "anthropic/claude-3.7-sonnet", None, "2025-02-19", 160e9, 41.0),
    ("google/gemini-2.5-flash", "google/gemini-2.5-flash", None, "2025-06-17", 220e9, 47.0),
    ("meta-llama/llama-3.3-70b-instruct", "meta-llama/llama-3.3-70b-instruct", "meta-llama/Llama-3.3-70B-Instruct", "2024-12-06", 40e9, 27.0),
    ("meta-llama/llama-4-maverick-17b-128e-instruct", "meta-llama/llama-4-maverick", "meta-llama/Llama-4-Maverick-17B-128E-Instruct", "2025-04-05", 30e9, 36.0),
    ("mistralai/mistral-nemo", "mistralai/mistral-nemo", "mistralai/Mistral-Nemo-Instruct-2407", "2024-07-18", 25e9, 15.0),
    ("mistralai/mistral-small-3.1-24b-instruct-2503", "mistralai/mistral-small-3.1-24b-instruct", "mistralai/Mistral-Small-3.1-24B-Instruct-2503", "2025-03-17", 12e9, 24.0),
    ("google/gemma-3-27b-it", "google/gemma-3-27b-it", "google/gemma-3-27b-it", "2025-03-12", 10e9, 22.0),
    ("qwen/qwen-2.5-72b-instruct", "qwen/qwen-2.5-72b-instruct", "Qwen/Qwen2.5-72B-Instruct", "2024-09-19", 15e9, 29.0),
    ("qwen/qwen3-235b-a22b-04-28", "qwen/qwen3-235b-a22b", "Qwen/Qwen3-235B-A22B", "2025-04-28", 70e9, 47.0),
    ("qwen/qwen3-coder-480b-a35b-07-25", "qwen/qwen3-coder", "Qwen/Qwen3-Coder-480B-A35B-Instruct", "2025-07-23", 180e9, 45.0),
    # No Hub repo in its catalogue entry: the alias seed maps this dated permaslug.
    ("deepseek/deepseek-chat-v3-0324", "deepseek/deepseek-chat-v3-0324", "", "2025-03-24", 210e9, 41.0),
    ("deepseek/deepseek-r1", "deepseek/deepseek-r1", "deepseek-ai/DeepSeek-R1", "2025-01-20", 120e9, 52.0),
    ("moonshotai/kimi-k2", "moonshotai/kimi-k2", "moonshotai/Kimi-K2-Instruct", "2025-07-11", 90e9, 48.0),
    ("z-ai/glm-4.5", "z-ai/glm-4.5", "zai-org/GLM-4.5", "2025-07-28", 80e9, 49.0),
    ("openai/gpt-oss-120b", "openai/gpt-oss-120b", "openai/gpt-oss-120b", "2025-08-05", 110e9, 58.0),
    # An open-weight model whose catalogue entry names no Hub repo: the matching must report it, not guess.
    ("nousresearch/hermes-3-llama-3.1-405b", "nousresearch/hermes-3-llama-3.1-405b", "", "2024-08-16", 8e9, None),
]


def daily_tokens(day: dt.date, launch: dt.date, peak: float) -> int:
    """A ramp to the peak over 30 days after launch, then a decay to a third of it over a year."""
    age = (day - launch).days
    if age < 0:
        return 0
    ramp = min(1.0, (age + 1) / 30)
    decay = 1 / 3 + (2 / 3) * math.exp(-age / 365)
    weekly = 0.9 if day.weekday() >= 5 else 1.0
    return int(peak * ramp * decay * weekly)


def main() -> None:
    """Write models.json and rankings_daily.json."""
    OUT.mkdir(parents=True, exist_ok=True)
    catalogue = []
    for slug, model_id, hub_id, launched, _, intelligence in MODELS:
        entry = {
            "id": model_id,
            "canonical_slug": slug,
            "hugging_face_id": hub_id,
            "name": model_id.split("/", 1)[1].replace("-", " ").title(),
            "created": int(dt.datetime.fromisoformat(launched).replace(tzinfo=dt.timezone.utc).timestamp()),
            "pricing": {"prompt": "0.0000002", "completion": "0.0000008"},
        }
        if intelligence is not None:
            entry["benchmarks"] = {"artificial_analysis": {"intelligence_index": intelligence}}
        catalogue.append(entry)
    rows = []
    day = FIRST
    while day <= LAST:
        for slug, _, _, launched, peak, _ in MODELS:
            tokens = daily_tokens(day, dt.date.fromisoformat(launched), peak)
            if tokens:
                rows.append({"date": day.isoformat(), "model_permaslug": slug, "total_tokens": str(tokens)})
        # The long tail outside the top 50, summed: from September 2025 it passes 2^53 tokens a day, and it is odd,
        # so a count read through a float would come back changed.
        other = 2**53 - 10**15 + (day - FIRST).days * 4 * 10**12 + 1
        rows.append({"date": day.isoformat(), "model_permaslug": "other", "total_tokens": str(other)})
        day += dt.timedelta(days=1)
    (OUT / "models.json").write_text(json.dumps({"notice": NOTICE, "data": catalogue}, indent=1) + "\n")
    (OUT / "rankings_daily.json").write_text(json.dumps({"notice": NOTICE, "data": rows}) + "\n")
    print(f"wrote {len(catalogue)} models and {len(rows)} ranking rows to {OUT}")


if __name__ == "__main__":
    main()
