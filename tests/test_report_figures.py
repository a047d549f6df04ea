"""The report's figure builders on a small hand-made marts file: the rows each CSV holds, the values its traces
draw, where the MADE-UP and RECONSTRUCTED labels go, and the note an empty mart gives."""

from __future__ import annotations

import csv
import datetime as dt

import duckdb
import plotly.offline
import pytest

from report.changes import weekly_changes
from report.derivatives import derivative_share_by_region
from report.downloads import cumulative_downloads_by_family, cumulative_downloads_by_region
from report.figure import NO_DATA_NOTE
from report.figures import build_report
from report.inference import inference_share_by_region
from report.organisations import new_entrant_monthly_downloads, size_bucket_holders, western_org_monthly_downloads
from report.performance import arena_best_open_against_closed, intelligence_index_best_open_against_closed
from report.relative_adoption import ram_curves, ram_scores_of_recent_releases
from tests.report_marts import APR, FEB, JAN, MAR, WEEK, write_marts

GENERATED = dt.datetime(2025, 5, 2, 8, 0)


@pytest.fixture
def published(tmp_path):
    return write_marts(tmp_path / "published.duckdb")


@pytest.fixture
def conn(published):
    with duckdb.connect(str(published), read_only=True) as connection:
        yield connection


@pytest.fixture
def written(published, tmp_path):
    report = build_report(str(published), generated_at=GENERATED)
    report.write(tmp_path / "report")
    return report, tmp_path / "report"


def read_csv(path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def section(html: str, slug: str) -> str:
    start = html.index(f'<section class="report-section" id="{slug}">')
    return html[start:html.index("</section>", start)]


def trace(figure, name):
    return next(t for t in figure.chart.data if t.name == name)


def test_the_family_figure_draws_each_family_and_marks_the_month_qwen_passed_llama(conn):
    figure = cumulative_downloads_by_family(conn)
    assert list(trace(figure, "Qwen").y) == [50, 120, 210, 300]
    assert list(trace(figure, "Llama").y) == [100, 150, 200, 240]
    assert list(trace(figure, "Qwen").x) == [JAN, FEB, MAR, APR]
    # Qwen leads at the last month, so it comes first; the Llama-passes-Mistral crossing is not the one marked.
    assert [t.name for t in figure.chart.data] == ["Qwen", "Llama", "Mistral"]
    assert [(shape.x0, shape.x1) for shape in figure.chart.layout.shapes] == [(MAR, MAR)]
    assert [a.text for a in figure.chart.layout.annotations] == ["Qwen passes Llama"]
    assert "Qwen passed Llama (2025-03)" in figure.description
    marked = [row for row in figure.rows if row[3]]
    assert marked == [(MAR, "Qwen", 210, "Llama", "observed")]
    assert figure.mart == "marts.downloads_by_family_monthly and marts.family_crossovers"


def test_each_csv_holds_exactly_the_rows_its_figure_draws(written):
    _, folder = written
    assert read_csv(folder / "data" / "cumulative-downloads-by-family.csv") == [
        ["month", "family", "cumulative_downloads", "passed_family", "provenance"],
        *[
            [f"2025-0{m}-01", family, str(value), "Llama" if (family, m) == ("Qwen", 3) else "", "observed"]
            for m, values in zip((1, 2, 3, 4), zip([10, 20, 30, 40], [100, 150, 200, 240], [50, 120, 210, 300]))
            for family, value in zip(("Llama", "Mistral", "Qwen"), (values[1], values[0], values[2]))
        ],
    ]
    # Only the complete months of the U.S. and European orgs: Qwen (china) and meta-llama's running March are out.
    assert read_csv(folder / "data" / "western-orgs-monthly-downloads.csv")[1:] == [
        ["2025-01-01", "meta-llama", "us", "500", "observed"],
        ["2025-01-01", "mistralai", "eu", "100", "observed"],
        ["2025-02-01", "meta-llama", "us", "400", "observed"],
        ["2025-02-01", "mistralai", "eu", "150", "observed"],
    ]
    assert read_csv(folder / "data" / "new-entrants-monthly-downloads.csv") == [
        ["month", "org", "region", "downloads", "provenance"]
    ]
    assert (folder / "plotly.min.js").read_text(encoding="utf-8") == plotly.offline.get_plotlyjs()


def test_the_size_buckets_stack_the_three_largest_holders_and_the_rest(conn):
    figure = size_bucket_holders(conn)
    # Latest month only; 250B+ has five orgs: the three largest drawn, zai-org and tiny-org together (0.10 + 0.08).
    assert [(row[1], row[2], row[4]) for row in figure.rows] == [
        ("7-9B", "Qwen", 600), ("7-9B", "meta-llama", 400),
        ("250B+", "deepseek-ai", 470), ("250B+", "moonshotai", 200), ("250B+", "meta-llama", 150),
        ("250B+", "other orgs", 180),
    ]
    deepseek = trace(figure, "deepseek-ai")
    assert list(deepseek.x) == ["250B+"] and list(deepseek.y) == pytest.approx([47.0])
    assert list(trace(figure, "meta-llama").y) == pytest.approx([40.0, 15.0])
    assert list(trace(figure, "other orgs").y) == pytest.approx([18.0])
    assert figure.chart.layout.barmode == "stack"


def test_the_performance_figures_draw_each_regions_best_open_model_and_the_best_closed(conn):
    arena = arena_best_open_against_closed(conn)
    assert list(trace(arena, "best open (china)").y) == [1320, 1330]
    assert list(trace(arena, "best open (us)").y) == [1260]
    assert list(trace(arena, "best closed model").x) == [JAN, FEB]
    assert list(trace(arena, "best closed model").y) == [1380, 1350]
    assert len(arena.rows) == 3  # the coding category is not drawn
    assert arena.source_line == "Source: LMArena text leaderboard (lmarena.ai, data CC BY 4.0), publish dates 2025-01-01 to 2025-02-01."
    index = intelligence_index_best_open_against_closed(conn)
    assert list(trace(index, "best open (china)").y) == [40, 45]
    assert list(trace(index, "best open (china)").text) == ["Qwen/Qwen3-32B", "Kimi Next"]
    assert list(trace(index, "best closed model").y) == [60, 62]
    assert index.source_line == (
        "Source: Artificial Analysis (artificialanalysis.ai), read daily from 2025-03-01 to 2025-04-01."
    )


def test_the_ram_figures_draw_recent_models_over_their_buckets_baselines_on_a_log_axis(conn):
    curves = ram_curves(conn)
    # Only the recent model's known milestones, and only the baselines of the buckets it is in.
    assert curves.rows == [
        ("7-9B", "Qwen/Qwen3-8B", 7, 1000), ("7-9B", "Qwen/Qwen3-8B", 30, 5000),
        ("7-9B", "baseline: 10th-ranked", 7, 200),
        ("7-9B", "baseline: median of the top 10", 7, 800), ("7-9B", "baseline: median of the top 10", 30, 4000),
    ]
    assert list(trace(curves, "Qwen/Qwen3-8B").y) == [1000, 5000]
    assert curves.chart.layout.yaxis.type == "log"
    scores = ram_scores_of_recent_releases(conn)
    assert [row[1] for row in scores.rows] == ["Qwen/Qwen3-8B"]
    assert list(scores.chart.data[0].y) == [1.25]


def test_the_labels_sit_on_the_figures_whose_data_is_made_up_or_reconstructed_and_nowhere_else(conn, written):
    assert cumulative_downloads_by_region(conn).label == "RECONSTRUCTED"
    assert cumulative_downloads_by_family(conn).label is None  # its rows are observed
    assert western_org_monthly_downloads(conn).label is None
    assert derivative_share_by_region(conn).label is None
    assert inference_share_by_region(conn).label == "MADE-UP"
    assert arena_best_open_against_closed(conn).label is None
    assert intelligence_index_best_open_against_closed(conn).label is None
    assert ram_curves(conn).label == "RECONSTRUCTED"  # drawn from the reconstructed Hub history

    report, folder = written
    html = (folder / "index.html").read_text(encoding="utf-8")
    for figure in report.figures:
        text = section(html, figure.slug)
        for label in ("MADE-UP", "RECONSTRUCTED"):
            assert (f'<span class="label">{label}</span>' in text) == (figure.label == label), (figure.slug, label)
    assert "MADE-UP SAMPLE DATA" in section(html, "inference-share-by-region")
    assert "MADE-UP" not in section(html, "arena-best-open-against-closed")
    assert "RECONSTRUCTED" not in section(html, "cumulative-downloads-by-family")
    notices = html[html.index('class="notices"'):html.index("</aside>")]
    assert "RECONSTRUCTED backwards" in notices and "MADE-UP sample" in notices


def test_an_empty_mart_gives_a_no_data_note_instead_of_a_chart(conn, written):
    assert new_entrant_monthly_downloads(conn).is_empty
    _, folder = written
    text = section((folder / "index.html").read_text(encoding="utf-8"), "new-entrants-monthly-downloads")
    assert NO_DATA_NOTE in text and 'class="chart"' not in text
    assert 'href="data/new-entrants-monthly-downloads.csv"' in text and "marts.new_entrants_monthly" in text


def test_each_section_names_its_mart_links_its_csv_and_keeps_its_credit(written):
    report, folder = written
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert html.count('<section class="report-section"') == len(report.figures) == 16
    for figure in report.figures:
        text = section(html, figure.slug)
        assert f"<h2>{figure.heading.replace(chr(39), '&#39;')}</h2>" in text
        assert f'href="data/{figure.slug}.csv"' in text and (folder / "data" / f"{figure.slug}.csv").is_file()
        assert f"Mart: {figure.mart}" in text
    assert "Source: Hugging Face Hub download counters" in section(html, "cumulative-downloads-by-region")
    assert "Source: OpenRouter (openrouter.ai/rankings), as of 2025-01-31T00:00:00Z." in section(
        html, "inference-share-by-region"
    )
    assert "<td>Qwen/Qwen3-8B</td>" in section(html, "top-models-of-the-last-complete-month")
    # Plotly's script is loaded once, from beside the page, and never inlined.
    assert html.count("<script src=") == 1 and '<script src="plotly.min.js"></script>' in html
    assert "cdn" not in html.lower()


def test_the_page_escapes_what_the_marts_hold(tmp_path):
    published = write_marts(tmp_path / "published.duckdb")
    with duckdb.connect(str(published)) as conn:
        conn.execute("update marts.top_models_monthly set model_id = '</script><b>x</b>' where rank = 2")
    html = build_report(str(published), generated_at=GENERATED).html
    assert "</script><b>" not in html
    assert "&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;" in html  # in the table, as text


def test_a_rewrite_replaces_the_folder_whole_and_leaves_nothing_beside_it(written, published):
    report, folder = written
    (folder / "data" / "a-figure-since-removed.csv").write_text("stale\n")
    report.write(folder)
    assert not (folder / "data" / "a-figure-since-removed.csv").exists()
    assert sorted(path.name for path in folder.parent.iterdir()) == ["published.duckdb", "report"]


def test_the_first_section_is_what_changed_with_each_line_its_mart_and_the_regions_moves_drawn(conn, published):
    figures = build_report(str(published), generated_at=GENERATED).figures
    assert figures[0].slug == "what-changed-this-week"
    figure = weekly_changes(conn)
    assert figure.heading == f"What changed this week ({WEEK[0]} to {WEEK[1]}, against {WEEK[2]} to {WEEK[3]})"
    assert [(section, subject, mart) for section, subject, _, mart in figure.table_rows] == [
        ("Entered the top 10 of the month so far", "Qwen/Qwen3-8B", "marts.model_downloads_derived_daily"),
        ("Share of tracked downloads by region", "china", "marts.model_downloads_derived_daily"),
        ("Share of tracked downloads by region", "us", "marts.model_downloads_derived_daily"),
        ("New tracked releases and their latest Relative Adoption Metric", "new/unscored", "marts.ram_scores"),
    ]
    (bars,) = figure.chart.data
    assert list(bars.x) == ["china", "us"] and list(bars.y) == [5.0, -5.0]


def test_the_page_states_how_the_monthly_marts_treat_spikes(published, tmp_path):
    report = build_report(str(published), generated_at=GENERATED)
    assert report.settings == [
        "Download spikes: 1 model-day(s) flagged spike in marts.download_quality_flags; built with "
        "cap_download_spikes=false, so monthly downloads include them."
    ]
    assert report.settings[0] in report.html.replace("&#39;", "'")
    conn = duckdb.connect(str(published))
    conn.execute("update marts.model_downloads_monthly set spikes_capped = true where month = ?", [APR])
    conn.close()
    mixed = build_report(str(published), generated_at=GENERATED)
    assert "partly with cap_download_spikes and partly without" in mixed.settings[0]
