"""Who each source's data belongs to and under which licence, as a release states it beside the as-of dates."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Credit:
    """How to credit one source's data, and its licence."""

    credit: str
    licence: str


# Keyed by the source names of marts.source_freshness.
SOURCE_CREDITS = {
    "hub_snapshots": Credit(
        "Hugging Face Hub download counters (huggingface.co), read daily or from hfmlsoc/hub_weekly_snapshots",
        "no licence stated by the Hub; credit Hugging Face",
    ),
    "hub_derivatives": Credit(
        "Hugging Face Hub model repositories declaring a base model (huggingface.co)",
        "no licence stated by the Hub; credit Hugging Face",
    ),
    "openrouter_catalogue": Credit("Source: OpenRouter (openrouter.ai/models)", "CC BY 4.0"),
    "openrouter_rankings": Credit("Source: OpenRouter (openrouter.ai/rankings)", "CC BY 4.0"),
    "lmarena": Credit("Source: LMArena text leaderboard (lmarena.ai)", "CC BY 4.0"),
    "artificial_analysis": Credit("Source: Artificial Analysis (artificialanalysis.ai)", "no open licence; cite Artificial Analysis wherever its numbers are shown"),
    "epoch": Credit('Epoch AI, "Data on AI Models" (epoch.ai/data)', "CC BY 4.0"),
}
TRACKED_MODELS = Credit(
    "Tracked models, organisation regions, parameter counts and release-date corrections: Interconnects-AI/tracked-models",
    "Apache-2.0",
)
METHOD = "The measurements follow The ATOM Report: Measuring the Open Language Model Ecosystem (arXiv 2604.07190)."
