"""`atom demo` backfills the sample's whole archive range as one run, and `atom query` answers the paper's questions.

Each answer is checked against the published marts it summarises, recomputed here a second way.
"""

import csv
import datetime as dt
import hashlib
import json
import re
import statistics

import dagster as dg
import duckdb
import pyarrow.parquet as pq
import pytest
import yaml

from ingestion.huggingface.derivatives import derivatives_of
from replay.artificial_analysis import SAMPLE as AA_SAMPLE
from replay.files import EPOCH_SAMPLE
from replay.lmarena import DEFAULT_SAMPLE_DIR as LMARENA_SAMPLE
from replay.lmarena import SNAPSHOT_FILE
from replay.openrouter import SAMPLE_DIR as OPENROUTER_SAMPLE
from replay.server import DEFAULT_SAMPLE_DIR, ReplayHub
from orchestration.cli import main as atom
from orchestration.huggingface.snapshots import SNAPSHOTS_KEY
from orchestration.partitions import daily_partitions
from orchestration.settings import DBT_PROJECT_DIR, warehouse_paths
from orchestration.tracked_models import tracked_model_ids
from tests.browser import chromium, needs_chromium
from tests.warehouse_snapshot import rows

SEEDS = DBT_PROJECT_DIR / "seeds"
LAST_FULL_MONTH = "(select max(month) from marts.top_models_monthly where not is_partial_month)"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    home = tmp_path_factory.mktemp("demo")
    with dg.instance_for_test() as instance, pytest.MonkeyPatch.context() as patch:
        patch.setenv("DAGSTER_HOME", instance.root_directory)
        assert atom(["--home", str(home), "demo"]) == 0
        yield home, instance


def report_section(home, heading_start: str) -> str:
    """The report's section whose heading starts with `heading_start` (HTML-escaped), up to its end."""
    html = warehouse_paths(home).report.read_text()
    section = html[html.index(f"<h2>{heading_start}"):]
    return section[: section.index("</section>")]


def drawn_lines(section: str) -> list[str]:
    """The names of the lines the section's Plotly figure draws, read from the figure's JSON on the page."""
    start = section.index('class="figure-data"')
    spec = section[section.index(">", start) + 1: section.index("</script>", start)]
    return [trace["name"] for trace in json.loads(spec)["data"] if trace.get("type") == "scatter"]


def query(home, sql, capsys) -> str:
    capsys.readouterr()
    assert atom(["--home", str(home), "query", sql]) == 0
    return capsys.readouterr().out


def test_the_whole_archive_range_is_backfilled_in_one_run(demo):
    home, instance = demo
    records = instance.get_run_records()
    assert sorted(record.dagster_run.job_name for record in records) == ["build_marts", "ingest"]
    tags = next(record.dagster_run.tags for record in records if record.dagster_run.job_name == "ingest")
    archive = ReplayHub.from_sample().archive_dates
    assert (tags["dagster/asset_partition_range_start"], tags["dagster/asset_partition_range_end"]) == (
        archive[0].isoformat(), archive[-1].isoformat()
    )
    check = instance.get_latest_asset_check_evaluation_record(dg.AssetCheckKey(SNAPSHOTS_KEY, "snapshot_quality"))
    metadata = check.event.asset_check_evaluation.metadata
    assert metadata["days_requested"].value == (archive[-1] - archive[0]).days + 1
    assert metadata["days_stored"].value == len(archive)
    assert metadata["days_missing_count"].value == metadata["days_requested"].value - len(archive)


def test_the_partitions_page_shows_the_days_the_warehouse_holds(demo):
    home, instance = demo
    archive = ReplayHub.from_sample().archive_dates
    asked = [day for day in daily_partitions.get_partition_keys() if archive[0].isoformat() <= day <= archive[-1].isoformat()]
    status = instance.get_status_by_partition(SNAPSHOTS_KEY, asked, daily_partitions)
    # Each day the archive holds was read and is shown materialized; the days between its weekly files are
    # shown missing, never materialized or failed.
    assert {day for day, state in status.items() if state is not None} == {day.isoformat() for day in archive}
    assert {state for state in status.values() if state is not None} == {dg.AssetPartitionStatus.MATERIALIZED}
    # Each day's materialization carries the rows the warehouse holds for it (none before the first tracked
    # model existed).
    counts = {
        record.partition_key: record.asset_materialization.metadata["rows_stored"].value
        for record in instance.fetch_materializations(SNAPSHOTS_KEY, limit=len(archive) + 1).records
    }
    held = rows(warehouse_paths(home).warehouse, "select snapshot_date, count(*) from raw.hf_model_snapshots group by 1")
    assert counts == {day.isoformat(): 0 for day in archive} | {day.isoformat(): count for day, count in held}


def months_one_passed_the_other(home, mart: str, column: str, leader: str, trailer: str) -> list:
    """The months `leader`'s cumulative downloads went above `trailer`'s, counted from the first month both have
    tracked models, recomputed from the monthly mart."""
    by_month = rows(
        warehouse_paths(home).published,
        f"select month, max(cumulative_downloads) filter ({column} = ?), max(cumulative_downloads) filter ({column} = ?) "
        f"from marts.{mart} group by 1 having count(*) filter ({column} = ?) > 0 and count(*) filter ({column} = ?) > 0 "
        "order by 1",
        [leader, trailer, leader, trailer],
    )
    ahead = [first > second for _, first, second in by_month]
    return [by_month[i][0] for i in range(1, len(ahead)) if ahead[i] and not ahead[i - 1]]


def test_the_region_crossover_month(demo, capsys):
    home, _ = demo
    out = query(home, "select month from marts.region_crossovers where region = 'china' and passed_region = 'us'", capsys)
    passed = months_one_passed_the_other(home, "downloads_by_region_monthly", "region", "china", "us")
    assert passed, "the sample has China passing the U.S."
    assert all(month.isoformat() in out for month in passed)
    assert out.count("-01 ") == len(passed)


def test_the_top_ten_models_of_the_last_full_month(demo, capsys):
    home, _ = demo
    out = query(
        home,
        f"select rank, model_id, downloads from marts.top_models_monthly where month = {LAST_FULL_MONTH} "
        "and rank <= 10 order by rank",
        capsys,
    )
    expected = rows(
        warehouse_paths(home).published,
        "select model_id from marts.model_downloads_monthly "
        f"where month = {LAST_FULL_MONTH} and downloads is not null order by downloads desc, model_id limit 10",
    )
    assert len(expected) == 10
    positions = [out.index(model_id) for (model_id,) in expected]
    assert positions == sorted(positions)


def test_the_largest_org_against_the_next_eight(demo, capsys):
    home, _ = demo
    out = query(
        home,
        "select leading_org, leading_org_downloads, next_orgs_downloads from marts.leading_org_vs_next_orgs_monthly "
        f"where month = {LAST_FULL_MONTH}",
        capsys,
    )
    orgs = rows(
        warehouse_paths(home).published,
        f"select org, downloads from marts.downloads_by_org_monthly where month = {LAST_FULL_MONTH} "
        "and downloads is not null order by downloads desc, org",
    )
    leader, next_eight = orgs[0], orgs[1:9]
    assert leader[0] in out
    assert str(leader[1]) in out and str(sum(downloads for _, downloads in next_eight)) in out


def test_each_orgs_share_of_the_250b_bucket(demo, capsys):
    home, _ = demo
    latest = "(select max(month) from marts.org_share_by_size_bucket_monthly)"
    out = query(
        home,
        "select org, round(share_of_bucket_cumulative, 4) as share from marts.org_share_by_size_bucket_monthly "
        f"where size_bucket = '250B+' and month = {latest} order by 2 desc",
        capsys,
    )
    models = rows(
        warehouse_paths(home).published,
        "select org, sum(cumulative_downloads) from marts.model_downloads_monthly "
        f"where size_bucket = '250B+' and month = {latest} group by 1 order by 2 desc",
    )
    total = sum(cumulative for _, cumulative in models)
    assert len(models) >= 2
    for org, cumulative in models:
        assert org in out and f"{cumulative / total:.4f}".rstrip("0") in out


def test_new_derivatives_by_region_count_each_derivative_past_the_threshold_once(demo, capsys):
    home, _ = demo
    out = query(
        home,
        "select root_region, new_derivatives from marts.new_derivatives_by_region_monthly "
        "where month = date '2025-01-01' order by root_region",
        capsys,
    )
    assert "china" in out and "us" in out
    # Recomputed from the sample's own rows: its derivatives of tracked models created that month with more than
    # 5 downloads. Fractions of a merge add back to one, so the regions' sum is that count.
    state = pq.read_table(DEFAULT_SAMPLE_DIR / "hub_state.parquet").to_pylist()
    kept = derivatives_of(state, tracked_model_ids())
    expected = sum(
        1 for r in kept if r["createdAt"].strftime("%Y-%m") == "2025-01" and (r["downloadsAllTime"] or 0) > 5
    )
    published = warehouse_paths(home).published
    total = rows(
        published,
        "select sum(new_derivatives) from marts.new_derivatives_by_region_monthly where month = date '2025-01-01'",
    )[0][0]
    assert expected > 100 and abs(total - expected) < 1e-6


def test_the_report_draws_the_derivative_share_by_region_and_by_family(demo):
    home, _ = demo
    for heading in ("Share of new derivatives by region", "Share of new derivatives by family"):
        section = report_section(home, f"{heading}</h2>")
        assert len(drawn_lines(section)) >= 3, heading
        assert "baseModels" in section  # the source line


def sample_rankings() -> list[dict]:
    return json.loads((OPENROUTER_SAMPLE / "rankings_daily.json").read_text())["data"]


def test_the_top_ten_open_models_share_sums_to_one_each_month(demo):
    home, _ = demo
    published = warehouse_paths(home).published
    sums = rows(
        published,
        "select month, sum(share_of_tokens), count(*) from marts.inference_share_by_region_monthly "
        "where scope = 'top_10_open' group by 1 order by 1",
    )
    assert len(sums) == 17  # January 2025 to May 2026
    assert all(abs(total - 1) < 1e-9 for _, total, _ in sums)
    ranks = rows(published, "select month, max(rank), count(*) from marts.inference_top_open_models_monthly group by 1")
    assert all(top == count <= 10 for _, top, count in ranks)


def test_tokens_above_2_to_the_53_stay_exact_into_the_marts(demo):
    home, _ = demo
    expected: dict[str, int] = {}
    for row in sample_rankings():
        if row["model_permaslug"] == "other":
            expected[row["date"][:7]] = expected.get(row["date"][:7], 0) + int(row["total_tokens"])
    stored = rows(
        warehouse_paths(home).published,
        "select strftime(month, '%Y-%m'), other_tokens::varchar from marts.inference_open_vs_closed_monthly",
    )
    assert {month: int(tokens) for month, tokens in stored} == expected
    assert max(expected.values()) > 2**53


def test_an_open_model_without_a_hub_repo_is_listed_as_unmatched_with_its_tokens(demo, capsys):
    home, _ = demo
    out = query(home, "select model_permaslug, reason from marts.openrouter_unmatched_models", capsys)
    assert "nousresearch/hermes-3-llama-3.1-405b" in out and "no_hugging_face_id" in out
    tokens = sum(int(r["total_tokens"]) for r in sample_rankings() if r["model_permaslug"].startswith("nousresearch/"))
    stored = rows(
        warehouse_paths(home).published,
        "select total_tokens::varchar from marts.openrouter_unmatched_models where model_permaslug like 'nousresearch/%'",
    )
    assert [int(t) for (t,) in stored] == [tokens]
    # The dated permaslug whose catalogue entry names no repo is mapped by the alias seed, not left unmatched.
    assert "deepseek-chat-v3-0324" not in out


def test_the_report_draws_inference_share_with_its_citation_and_says_the_numbers_are_made_up(demo):
    home, _ = demo
    section = report_section(home, "Share of top-10 open models&#39;")
    assert len(drawn_lines(section)) >= 3
    assert "MADE-UP" in section and "Source: OpenRouter (openrouter.ai/rankings), as of 2026-05-21T02:00:00Z." in section


def name_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def open_arena_regions() -> dict[str, str]:
    """Each Arena name of the 2025-12-17 export that is an open model, with its region, worked out from the seed files
    directly: an alias, else the one tracked repo whose name reads the same; the region of the repo's namespace."""
    with open(SEEDS / "tracked_models.csv", newline="") as handle:
        tracked = [row["modelId"] for row in csv.DictReader(handle)]
    with open(SEEDS / "organization_regions.csv", newline="") as handle:
        regions = {row["hf_org"]: row["region"] for row in csv.DictReader(handle)}
    with open(SEEDS / "benchmark_model_aliases.csv", newline="") as handle:
        aliases = {row["source_model"]: row["hub_model_id"] for row in csv.DictReader(handle) if row["source"] == "lmarena"}
    by_key: dict[str, list[str]] = {}
    for model_id in tracked:
        by_key.setdefault(name_key(model_id.split("/", 1)[1]), []).append(model_id)
    found = {}
    for name in json.loads((LMARENA_SAMPLE / SNAPSHOT_FILE).read_text())["full"]:
        candidates = by_key.get(name_key(name), [])
        hub_id = aliases.get(name) or (candidates[0] if len(candidates) == 1 else None)
        if hub_id:
            found[name] = regions.get(hub_id.split("/")[0], "unknown")
    return found


def test_each_regions_best_open_arena_model_and_its_gap_match_the_export(demo):
    home, _ = demo
    export = json.loads((LMARENA_SAMPLE / SNAPSHOT_FILE).read_text())["full"]
    open_regions = open_arena_regions()
    closed_best = max(entry["rating"] for name, entry in export.items() if name not in open_regions)
    expected = {}
    for name, region in open_regions.items():
        if region not in expected or export[name]["rating"] > expected[region][1]:
            expected[region] = (name, export[name]["rating"])
    stored = rows(
        warehouse_paths(home).published,
        "select region, best_open_source_name, best_open_score, best_closed_score, gap_to_closed "
        "from marts.performance_best_open_by_region where benchmark = 'arena_text_overall' and period = '2025-12-17'",
    )
    assert {region: (name, round(score, 6)) for region, name, score, _, _ in stored} == {
        region: (name, round(score, 6)) for region, (name, score) in expected.items()
    }
    assert all(closed == pytest.approx(closed_best) and gap == pytest.approx(score - closed_best)
               for _, _, score, closed, gap in stored)
    assert {"china", "us", "eu"} <= set(expected)


def test_epoch_size_disagreements_are_more_than_ten_percent_apart_in_the_csv_itself(demo):
    home, _ = demo
    with open(EPOCH_SAMPLE, newline="") as handle:
        epoch_sizes = {row["Model"]: float(row["Parameters"]) / 1e9 for row in csv.DictReader(handle)
                       if row["Parameters"].strip()}
    found = rows(
        warehouse_paths(home).published,
        "select epoch_model, warehouse_value from marts.epoch_crosscheck_disagreements where field = 'parameters_b'",
    )
    assert found
    for epoch_model, ours in found:
        assert abs(epoch_sizes[epoch_model] - float(ours)) / float(ours) > 0.1, epoch_model


def test_the_report_draws_the_arena_best_open_against_closed_by_region_with_its_source_line(demo):
    home, _ = demo
    section = report_section(home, "Best open model against the best closed model, by region (Arena)</h2>")
    lines = drawn_lines(section)
    assert "best closed model" in lines and len(lines) >= 3
    (first,), = rows(warehouse_paths(home).published, "select min(period) from marts.performance_best_open_by_region "
                                                       "where benchmark = 'arena_text_overall'")
    assert f"Source: LMArena text leaderboard (lmarena.ai, data CC BY 4.0), publish dates {first} to 2025-12-17." \
        in section


def test_the_artificial_analysis_figure_and_marts_come_from_the_real_daily_reads(demo):
    home, _ = demo
    published = warehouse_paths(home).published
    by_day = dict(
        (day, (closed, best_open)) for day, closed, best_open in rows(
            published,
            "select period, max(best_closed_score), max(best_open_score) from marts.performance_best_open_by_region "
            "where benchmark = 'aa_intelligence_index' group by period",
        )
    )
    # Worked out a second way, from the bundled file: each day's best closed and best open-weight index.
    bundled = {
        day: (closed, best_open) for day, closed, best_open in duckdb.sql(
            f"select snapshot_date, max(intelligence_index) filter (where not is_open_weights), "
            f"max(intelligence_index) filter (where is_open_weights) from read_parquet('{AA_SAMPLE}') group by 1"
        ).fetchall()
    }
    def rounded(days):
        return {day: tuple(round(value, 6) for value in pair) for day, pair in days.items()}

    assert len(by_day) == 92 and rounded(by_day) == rounded(bundled)
    section = report_section(home, "Best open model against the best closed model, by region (Artificial Analysis)")
    lines = drawn_lines(section)
    assert "best closed model" in lines and "best open (china)" in lines and "best open (us)" in lines
    assert "MADE-UP" not in section
    assert "Source: Artificial Analysis (artificialanalysis.ai), read daily from 2026-04-10 to 2026-07-10." in section
    # Its last day read is months old: the report says so at its top.
    html = warehouse_paths(home).report.read_text()
    assert "Stale source artificial_analysis: its data is as of 2026-07-10" in html


def test_the_ram_scores_of_the_newest_releases_at_30_and_90_days(demo, capsys):
    home, _ = demo
    out = query(
        home,
        "select model_id, days_since_release, round(ram_score_median_top_10, 3) as score from marts.ram_scores "
        "where days_since_release in (30, 90) and milestone_status = 'known' and model_id in "
        "(select model_id from marts.ram_recent_releases) order by days_since_release, score desc",
        capsys,
    )
    published = warehouse_paths(home).published
    # Recomputed from the daily series: each model's all-time estimate N days after release, against the median
    # of the 10 best of its size bucket among the models whose day N falls within the history.
    series = {
        (model, day): value
        for model, day, value in rows(
            published, "select model_id, date, downloads_all_time_estimate from marts.model_downloads_derived_daily"
        )
    }
    first_seen, last_day = {}, max(day for _, day in series)
    for model, day in series:
        first_seen[model] = min(day, first_seen.get(model, day))
    models = rows(published, "select distinct model_id, size_bucket, release_date from marts.ram_scores")
    recent = {model for (model,) in rows(published, "select model_id from marts.ram_recent_releases")}
    scored = 0
    for n in (30, 90):
        at_n = {}
        for model, bucket, released in models:
            if released is not None and model in first_seen:
                day = released + dt.timedelta(days=n)
                if first_seen[model] <= day <= last_day and (model, day) in series:
                    at_n[model] = (bucket, series[(model, day)])
        for model in recent & set(at_n):
            bucket, value = at_n[model]
            top = sorted((v for b, v in at_n.values() if b == bucket), reverse=True)[:10]
            assert f"{value / statistics.median(top):.3f}".rstrip("0").rstrip(".") in out, (model, n)
            scored += 1
    assert scored >= 5, "the sample has recent releases past their 30th day"


def test_the_month_qwen_passed_llama(demo, capsys):
    home, _ = demo
    out = query(home, "select month from marts.family_crossovers where family = 'Qwen' and passed_family = 'Llama'", capsys)
    passed = months_one_passed_the_other(home, "downloads_by_family_monthly", "family", "Qwen", "Llama")
    assert passed, "the sample has Qwen passing Llama"
    assert all(month.isoformat() in out for month in passed) and out.count("-01 ") == len(passed)


def test_each_familys_ecosystem_downloads_and_third_party_share(demo, capsys):
    home, _ = demo
    latest = "(select max(month) from marts.ecosystem_reach_monthly)"
    out = query(
        home,
        "select member, ecosystem_downloads, round(third_party_share, 4) from marts.ecosystem_reach_monthly "
        f"where dimension = 'family' and month = {latest} order by ecosystem_downloads desc limit 5",
        capsys,
    )
    published = warehouse_paths(home).published
    assert "Qwen" in out
    # The regions' derivative reach is every counted derivative's all-time count once (a merge's fractions add
    # back to one): recomputed from the sample's own rows.
    state = pq.read_table(DEFAULT_SAMPLE_DIR / "hub_state.parquet").to_pylist()
    counted = [r for r in derivatives_of(state, tracked_model_ids()) if (r["downloadsAllTime"] or 0) > 5]
    reach = rows(
        published,
        "select count(*), sum(derivative_downloads), sum(tracked_downloads) from marts.ecosystem_reach_monthly "
        f"where dimension = 'region' and month = {latest}",
    )[0]
    assert abs(reach[1] - sum(r["downloadsAllTime"] for r in counted)) <= reach[0]  # each member rounded once
    cumulative = rows(
        published, f"select sum(cumulative_downloads) from marts.downloads_by_region_monthly where month = {latest}"
    )[0][0]
    assert reach[2] == cumulative


def test_the_spikes_flagged_on_the_sample_are_the_days_above_ten_times_their_28_day_median(demo, capsys):
    home, _ = demo
    published = warehouse_paths(home).published
    out = query(home, "select count(*) as spikes from marts.download_quality_flags where flag = 'spike'", capsys)
    flagged = set(rows(published, "select model_id, date from marts.download_quality_flags where flag = 'spike'"))
    assert re.search(rf"│\s+{len(flagged)}\s+│", out)
    # Recomputed from the published daily series: history counts from the model's release, and a day is judged only
    # with all 28 days before it derived.
    released = dict(rows(published, "select distinct model_id, release_date from marts.ram_scores"))
    series: dict[str, dict] = {}
    for model_id, day, downloads in rows(
        published, "select model_id, date, downloads from marts.model_downloads_derived_daily where downloads is not null"
    ):
        if released.get(model_id) is None or day >= released[model_id]:
            series.setdefault(model_id, {})[day] = downloads
    expected = set()
    for model_id, by_day in series.items():
        for day, downloads in by_day.items():
            history = [by_day[d] for d in (day - dt.timedelta(days=back) for back in range(1, 29)) if d in by_day]
            if len(history) == 28 and downloads > max(10 * statistics.median(history), 1000):
                expected.add((model_id, day))
    assert flagged == expected
    assert "built with cap_download_spikes=false" in warehouse_paths(home).report.read_text()


def test_atom_changes_compares_the_latest_complete_week_of_the_sample_with_the_one_before(demo, capsys):
    home, _ = demo
    published = warehouse_paths(home).published
    ((last,),) = rows(published, "select max(date) from marts.model_downloads_derived_daily")
    week_end = last - dt.timedelta(days=last.isoweekday() % 7)
    week_start, previous_start, previous_end = (week_end - dt.timedelta(days=n) for n in (6, 13, 7))
    capsys.readouterr()
    assert atom(["--home", str(home), "changes"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"What changed: {week_start} to {week_end}, against {previous_start} to {previous_end}\n")
    for heading in ("Entered the top 10 of the month so far", "Biggest gainers", "Share of tracked downloads by region",
                    "New tracked releases", "New among the 10 most derived base models"):
        assert heading in out
    by_region = rows(
        published,
        "select region, sum(downloads) filter (where date between ? and ?), sum(downloads) filter (where date between ? "
        "and ?) from marts.model_downloads_derived_daily group by 1",
        [week_start, week_end, previous_start, previous_end],
    )
    now_total, before_total = sum(r[1] or 0 for r in by_region), sum(r[2] or 0 for r in by_region)
    found = {
        subject: (now, before) for subject, now, before in rows(
            published, "select subject, value_now, value_before from marts.changes_weekly where section = 'region_share'"
        )
    }
    assert found == {
        region: (pytest.approx(100 * (now or 0) / now_total), pytest.approx(100 * (before or 0) / before_total))
        for region, now, before in by_region
    }
    for subject, now, before in by_region:
        points = 100 * (now or 0) / now_total - 100 * (before or 0) / before_total
        assert f"  {subject}: {100 * (now or 0) / now_total:.1f}% of tracked downloads this week, {points:+.1f} points" in out


def test_atom_export_writes_every_published_mart_as_parquet_and_csv_with_its_dictionary_and_checksums(demo, tmp_path):
    home, _ = demo
    published = warehouse_paths(home).published
    assert atom(["--home", str(home), "export", "--to", str(tmp_path)]) == 0
    ((last_day,),) = rows(published, "select max(date) from marts.model_downloads_daily")
    folder = tmp_path / f"atom-release-{last_day}"
    assert [path.name for path in tmp_path.iterdir()] == [folder.name]
    tables = [name for (name,) in rows(
        published, "select table_name from information_schema.tables where table_schema = 'marts' order by 1"
    )]
    assert "changes_weekly" in tables and "downloads_by_region_monthly" in tables
    for table in tables:
        ((count,),) = rows(published, f'select count(*) from marts."{table}"')
        assert pq.read_metadata(folder / "parquet" / f"{table}.parquet").num_rows == count, table
        with open(folder / "csv" / f"{table}.csv", newline="", encoding="utf-8") as handle:
            assert sum(1 for _ in csv.reader(handle)) == count + 1, table

    def listed_checksums() -> dict[str, str]:
        lines = (folder / "SHA256SUMS").read_text().splitlines()
        return {name: digest for digest, name in (line.split("  ", 1) for line in lines)}

    listed = listed_checksums()
    files = {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}
    assert set(listed) == files - {"SHA256SUMS"}
    for name, digest in listed.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name

    dictionary = json.loads((folder / "dictionary.json").read_text())
    assert [table["name"] for table in dictionary["tables"]] == tables
    for table in dictionary["tables"]:
        columns = rows(
            published,
            "select column_name, data_type from information_schema.columns where table_schema = 'marts' "
            "and table_name = ? order by ordinal_position",
            [table["name"]],
        )
        assert [(column["name"], column["data_type"]) for column in table["columns"]] == columns
        assert table["description"], table["name"]
    contract = {table["name"]: table["contract_enforced"] for table in dictionary["tables"]}
    assert contract["downloads_by_region_monthly"] and contract["changes_weekly"] and not contract["model_downloads_monthly"]
    assert "## downloads_by_region_monthly (contract)" in (folder / "DICTIONARY.md").read_text()

    readme = (folder / "README.md").read_text()
    for source, as_of in rows(published, "select source, data_as_of from marts.source_freshness"):
        assert f"| {source} | {as_of or 'never read'} |" in readme
    assert "Source: Artificial Analysis (artificialanalysis.ai)" in readme and "Interconnects-AI/tracked-models" in readme
    citation = yaml.safe_load((folder / "CITATION.cff").read_text())
    assert citation["cff-version"] == "1.2.0" and citation["type"] == "dataset"
    assert citation["version"] == last_day.isoformat() and str(last_day) in citation["title"]
    assert citation["references"][0]["identifiers"][0]["value"] == "arXiv:2604.07190"

    # Exported again, the folder is replaced whole and the data files are byte for byte the same.
    assert atom(["--home", str(home), "export", "--to", str(tmp_path)]) == 0
    assert [path.name for path in tmp_path.iterdir()] == [folder.name]
    again = listed_checksums()
    data = [name for name in listed if name.startswith(("parquet/", "csv/"))]
    assert {name: again[name] for name in data} == {name: listed[name] for name in data}


@needs_chromium
def test_atom_docs_writes_a_static_site_that_opens_offline_in_chromium(demo, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    home, _ = demo
    assert atom(["--home", str(home), "docs", "--to", str(tmp_path / "docs")]) == 0
    page = tmp_path / "docs" / "index.html"
    assert [path.name for path in (tmp_path / "docs").iterdir()] == ["index.html"]
    with chromium("--host-resolver-rules=MAP * ~NOTFOUND") as browser:
        browser.get(page.as_uri() + "#!/model/model.atom.changes_weekly")
        WebDriverWait(browser, 60).until(
            lambda driver: "What moved in the latest complete week" in driver.find_element(By.TAG_NAME, "body").text
        )
        text = browser.find_element(By.TAG_NAME, "body").text
        assert "previous_week_start" in text and "Monday of the week before." in text
        requested = [
            message["params"]["request"]["url"]
            for message in (json.loads(entry["message"])["message"] for entry in browser.get_log("performance"))
            if message["method"] == "Network.requestWillBeSent"
        ]
    assert [url for url in requested if not url.startswith(("file://", "data:"))] == []
