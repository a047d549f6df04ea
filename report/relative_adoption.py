"""The report's Relative Adoption Metric figures: recent models' download curves against their size bucket's
baselines, and their latest scores."""

from __future__ import annotations

import math
from collections import defaultdict

import duckdb
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from report.figure import RECONSTRUCTED, Figure, styled
from report.hub import HUB_CREDIT, hub_history_is_reconstructed, size_rank

MEDIAN_TOP_10 = "baseline: median of the top 10"
TENTH_RANKED = "baseline: 10th-ranked"
BASELINE_STYLES = {MEDIAN_TOP_10: {"color": "#000000", "dash": "dash"}, TENTH_RANKED: {"color": "#777777", "dash": "dot"}}


def ram_curves(conn: duckdb.DuckDBPyConnection) -> Figure:
    """Per size bucket, each recent model's cumulative downloads at its milestones over the bucket's two baselines."""
    rows = conn.execute(
        f"""
        with recent as (
            select scores.size_bucket, scores.model_id as series, scores.days_since_release, scores.downloads_at_milestone
            from marts.ram_scores as scores
            where scores.milestone_status = 'known'
                and scores.model_id in (select model_id from marts.ram_recent_releases)
        ),
        baselines as (
            select size_bucket, '{MEDIAN_TOP_10}' as series, days_since_release, median_top_10_downloads
            from marts.ram_baselines
            where median_top_10_downloads is not null
            union all
            select size_bucket, '{TENTH_RANKED}', days_since_release, tenth_ranked_baseline
            from marts.ram_baselines
            where tenth_ranked_baseline is not null
        )
        select * from recent
        union all
        select * from baselines where size_bucket in (select size_bucket from recent)
        order by size_bucket, series, days_since_release
        """
    ).fetchall()
    rows.sort(key=lambda row: (size_rank(row[0]), row[1].startswith("baseline: "), row[1], row[2]))
    curves: dict[tuple[str, str], list] = defaultdict(list)
    for bucket, series, days, downloads in rows:
        curves[(bucket, series)].append((days, downloads))
    buckets = list(dict.fromkeys(row[0] for row in rows))
    columns = 2 if len(buckets) > 1 else 1
    chart = make_subplots(
        rows=max(1, math.ceil(len(buckets) / columns)),
        cols=columns,
        subplot_titles=buckets or None,
        vertical_spacing=0.12,
    )
    in_legend: set[str] = set()
    for (bucket, series), points in curves.items():
        place = buckets.index(bucket)
        chart.add_trace(
            go.Scatter(
                name=series,
                legendgroup=series,
                showlegend=series not in in_legend,
                x=[days for days, _ in points],
                y=[downloads for _, downloads in points],
                mode="lines+markers",
                line=BASELINE_STYLES.get(series),
                hovertemplate=f"{series}<br>day %{{x}}: %{{y:,.0f}}<extra>{bucket}</extra>",
            ),
            row=place // columns + 1,
            col=place % columns + 1,
        )
        in_legend.add(series)
    styled(chart, y_title="", x_title="", log_y=True)
    chart.update_layout(height=max(440, 320 * math.ceil(len(buckets) / columns)), hovermode="closest")
    chart.update_xaxes(title_text="Days since release")
    chart.update_yaxes(title_text="Cumulative downloads")
    return Figure(
        slug="ram-curves",
        heading="Relative adoption: recent models against their size bucket's baselines",
        description=(
            "For each size bucket, the cumulative downloads of the models released in the last 180 days at each "
            "milestone N days after release (known milestones only), over the bucket's two baselines: the median of "
            "its 10 best models at N, and the 10th-ranked model made monotonic over N. The y axis is logarithmic."
        ),
        mart="marts.ram_scores and marts.ram_baselines",
        source_line=HUB_CREDIT,
        columns=["size_bucket", "series", "days_since_release", "cumulative_downloads"],
        rows=rows,
        chart=chart,
        label=RECONSTRUCTED if rows and hub_history_is_reconstructed(conn) else None,
    )


def ram_scores_of_recent_releases(conn: duckdb.DuckDBPyConnection) -> Figure:
    """The latest milestone's RAM scores of the recent models that have reached one, against both baselines."""
    rows = conn.execute(
        """
        select rank, model_id, org, size_bucket, latest_milestone_days, ram_score_median_top_10, ram_score_tenth_ranked
        from marts.ram_recent_releases
        where ram_score_median_top_10 is not null or ram_score_tenth_ranked is not null
        order by rank
        """
    ).fetchall()
    chart = go.Figure(
        [
            go.Bar(
                name="against the median of the top 10",
                x=[row[1] for row in rows],
                y=[row[5] for row in rows],
                customdata=[[row[3], row[4]] for row in rows],
                hovertemplate="%{x} (%{customdata[0]}, day %{customdata[1]}): %{y:.2f}",
            ),
            go.Bar(
                name="against the 10th-ranked",
                x=[row[1] for row in rows],
                y=[row[6] for row in rows],
                customdata=[[row[3], row[4]] for row in rows],
                hovertemplate="%{x} (%{customdata[0]}, day %{customdata[1]}): %{y:.2f}",
            ),
        ]
    )
    styled(chart, y_title="RAM score (1 = level with the baseline)", x_title="")
    chart.update_layout(barmode="group", hovermode="closest", height=520)
    chart.add_hline(y=1, line_dash="dot", line_color="#444")
    return Figure(
        slug="ram-scores-of-recent-releases",
        heading="Relative adoption scores of recent releases",
        description=(
            "Each model released in the last 180 days, ranked by its RAM score at the latest milestone it reached: "
            "its cumulative downloads over its size bucket's baselines (above 1, ahead of the baseline)."
        ),
        mart="marts.ram_recent_releases",
        source_line=HUB_CREDIT,
        columns=["rank", "model_id", "org", "size_bucket", "latest_milestone_days", "ram_score_median_top_10",
                 "ram_score_tenth_ranked"],
        rows=rows,
        chart=chart,
        label=RECONSTRUCTED if rows and hub_history_is_reconstructed(conn) else None,
    )
