"""The warehouse's sources: what each one stores, how old its data may grow, and which are switched off.

Each source is read by its own raw step and fails alone: the dbt build runs on whatever every source last
stored, so a source that is down, unconfigured or off leaves its tables as they were.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import pyarrow as pa

from ingestion.artificial_analysis.models import AA_SCHEMA
from ingestion.epoch.models import EPOCH_SCHEMA
from ingestion.huggingface.derivatives import DERIVATIVE_SCHEMA, WATERMARK_SCHEMA
from ingestion.huggingface.snapshot_schema import SNAPSHOT_SCHEMA
from ingestion.lmarena.leaderboard import LEADERBOARD_SCHEMA
from ingestion.openrouter.catalogue import CATALOGUE_SCHEMA
from ingestion.openrouter.rankings import RANKINGS_SCHEMA
from orchestration.settings import Settings

SOURCES_OFF = "ATOM_SOURCES_OFF"


@dataclass(frozen=True)
class Source:
    """One source as the warehouse reads it: the raw tables it writes and the age past which its data is stale."""

    name: str
    title: str
    tables: dict[str, pa.Schema]
    max_age_days: int

    @property
    def raw_table(self) -> str:
        """The table whose freshness stands for the source (its first)."""
        return next(iter(self.tables))


HUB_SNAPSHOTS = Source("hub_snapshots", "Hugging Face Hub download counters", {"hf_model_snapshots": SNAPSHOT_SCHEMA}, 2)
HUB_DERIVATIVES = Source(
    "hub_derivatives",
    "Hugging Face Hub derivative repos",
    {"hf_derivatives": DERIVATIVE_SCHEMA, "hf_derivative_watermarks": WATERMARK_SCHEMA},
    8,
)
OPENROUTER_CATALOGUE = Source("openrouter_catalogue", "OpenRouter model catalogue", {"openrouter_models": CATALOGUE_SCHEMA}, 8)
OPENROUTER_RANKINGS = Source(
    "openrouter_rankings", "OpenRouter daily token rankings", {"openrouter_rankings_daily": RANKINGS_SCHEMA}, 3
)
LMARENA = Source("lmarena", "LMArena text leaderboard", {"lmarena_leaderboard": LEADERBOARD_SCHEMA}, 45)
ARTIFICIAL_ANALYSIS = Source(
    "artificial_analysis", "Artificial Analysis indexes", {"artificial_analysis_models": AA_SCHEMA}, 8
)
EPOCH = Source("epoch", "Epoch AI models database", {"epoch_models": EPOCH_SCHEMA}, 120)

SOURCES = (HUB_SNAPSHOTS, HUB_DERIVATIVES, OPENROUTER_CATALOGUE, OPENROUTER_RANKINGS, LMARENA, ARTIFICIAL_ANALYSIS, EPOCH)
# A user switches OpenRouter off as one source, though it is read by two steps.
ALIASES = {"openrouter": {"openrouter_catalogue", "openrouter_rankings"}, "hub": {"hub_snapshots", "hub_derivatives"}}


def sources_off(environ: Mapping[str, str] | None = None) -> set[str]:
    """The sources ATOM_SOURCES_OFF switches off (comma-separated names); an unknown name is an error."""
    names = {name.strip() for name in Settings(environ).sources_off().split(",") if name.strip()}
    known = {source.name for source in SOURCES} | set(ALIASES)
    unknown = sorted(names - known)
    if unknown:
        raise ValueError(f"{SOURCES_OFF} names unknown source(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    return set().union(*(ALIASES.get(name, {name}) for name in names)) if names else set()


def utc_now() -> dt.datetime:
    """The time a read starts or ends, UTC without a zone (as DuckDB's timestamp stores it)."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
