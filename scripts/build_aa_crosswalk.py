"""Write dbt_project/seeds/artificial_analysis_crosswalk.csv from the bundled Artificial Analysis daily reads: each
model's Hub repo and OpenRouter id, as Artificial Analysis gives them on the latest day it listed the model."""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

import duckdb

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO_ROOT / "sample_data" / "artificial_analysis" / "artificial_analysis_llms_daily.parquet"
DEFAULT_OUT = REPO_ROOT / "dbt_project" / "seeds" / "artificial_analysis_crosswalk.csv"
HUB_REPO = re.compile(r"^https?://huggingface\.co/([^/?#]+/[^/?#]+)")


def hub_repo(url: str | None) -> str | None:
    """The `org/name` of a Hugging Face model URL; None for any other URL."""
    found = HUB_REPO.match(url or "")
    return found.group(1) if found else None


def crosswalk_rows(source: Path) -> list[dict[str, str]]:
    """One row per Artificial Analysis slug that names a Hub repo or an OpenRouter id, sorted by slug."""
    latest = duckdb.sql(
        f"""
        select slug, huggingface_url, openrouter_api_id
        from read_parquet('{source}')
        where slug is not null
        qualify row_number() over (partition by slug order by snapshot_date desc) = 1
        order by slug
        """
    ).fetchall()
    rows = []
    for slug, url, openrouter_id in latest:
        repo = hub_repo(url)
        if repo or openrouter_id:
            rows.append({"aa_slug": slug, "hub_model_id": repo or "", "openrouter_api_id": openrouter_id or ""})
    return rows


def main() -> None:
    """Build the seed file."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    rows = crosswalk_rows(args.source)
    with open(args.out, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["aa_slug", "hub_model_id", "openrouter_api_id"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} rows written to {args.out}")


if __name__ == "__main__":
    main()
