"""The whole report: every figure read from the published marts, the notices above them, and the page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb

from report.changes import spike_setting, weekly_changes
from report.derivatives import derivative_share_by_family, derivative_share_by_region
from report.downloads import (
    cumulative_downloads_by_family,
    cumulative_downloads_by_region,
    monthly_share_by_region,
    top_models_of_last_full_month,
)
from report.figure import MADE_UP, RECONSTRUCTED, Figure
from report.freshness import stale_source_notices
from report.hub import RECONSTRUCTED_NOTICE
from report.inference import MADE_UP_NOTICE, inference_share_by_region
from report.organisations import (
    leading_org_against_next_orgs,
    new_entrant_monthly_downloads,
    size_bucket_holders,
    western_org_monthly_downloads,
)
from report.page import render_page, write_report_folder
from report.performance import arena_best_open_against_closed, intelligence_index_best_open_against_closed
from report.relative_adoption import ram_curves, ram_scores_of_recent_releases

TITLE = "The open language model ecosystem: who is downloaded, built on and served"
# The figures in the order the page shows them.
FIGURE_BUILDERS = [
    weekly_changes,
    cumulative_downloads_by_region,
    monthly_share_by_region,
    cumulative_downloads_by_family,
    western_org_monthly_downloads,
    new_entrant_monthly_downloads,
    size_bucket_holders,
    leading_org_against_next_orgs,
    top_models_of_last_full_month,
    derivative_share_by_region,
    derivative_share_by_family,
    inference_share_by_region,
    arena_best_open_against_closed,
    intelligence_index_best_open_against_closed,
    ram_curves,
    ram_scores_of_recent_releases,
]


@dataclass(frozen=True)
class Report:
    """The rendered page, its figures, the notices at its top and the settings it states under its title."""

    html: str
    figures: list[Figure]
    notices: list[str]
    settings: list[str]

    def write(self, folder: Path) -> None:
        """Replace the report folder with this report's page, Plotly's script and each figure's CSV."""
        write_report_folder(self.html, self.figures, folder)


def build_report(published: str, *, generated_at: dt.datetime) -> Report:
    """The whole report from the published marts file."""
    conn = duckdb.connect(published, read_only=True)
    try:
        stale = stale_source_notices(conn)
        settings = [line for line in [spike_setting(conn)] if line]
        figures = [build(conn) for build in FIGURE_BUILDERS]
    finally:
        conn.close()
    labels = {figure.label for figure in figures}
    notices = [
        *stale,
        *([RECONSTRUCTED_NOTICE] if RECONSTRUCTED in labels else []),
        *([MADE_UP_NOTICE] if MADE_UP in labels else []),
    ]
    html = render_page(
        title=TITLE, generated_at=generated_at.strftime("%Y-%m-%d %H:%M UTC"), figures=figures, notices=notices,
        settings=settings,
    )
    return Report(html=html, figures=figures, notices=notices, settings=settings)
