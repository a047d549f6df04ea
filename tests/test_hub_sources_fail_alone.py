"""The Hub's sources stopped in turn (HTTP 500 on the counters' listing, a malformed page of the newest models,
HTTP 500 on the LMArena file): `atom refresh` still publishes the others, keeps the stopped one's rows, names it,
and exits non-zero; and the report names the stale sources at its top."""

import pytest

from orchestration.settings import warehouse_paths
from tests.source_stops import check_a_stopped_source, environment, services, warehouse  # noqa: F401 (fixtures)
from tests.warehouse_snapshot import rows


@pytest.mark.parametrize("stopped", ["hub_snapshots", "hub_derivatives", "lmarena"])
def test_a_stopped_hub_source_keeps_its_rows_and_the_others_are_published(
    warehouse, services, environment, capsys, stopped
):
    check_a_stopped_source(warehouse, services, environment, capsys, stopped)


def test_the_stale_sources_are_named_at_the_top_of_the_report(warehouse):
    html = warehouse_paths(warehouse).report.read_text()
    notices = html[html.index('class="notices"'):html.index("</aside>")]
    stale = rows(warehouse_paths(warehouse).published, "select source from marts.source_freshness where is_stale")
    # The sample's Arena leaderboards were last published in December 2025, long past the 45 days they may age.
    assert ("lmarena",) in stale and "Stale source lmarena" in notices
    for (source,) in stale:
        assert f"Stale source {source}" in notices
    fresh = rows(warehouse_paths(warehouse).published, "select source from marts.source_freshness where not is_stale")
    for (source,) in fresh:
        assert f"Stale source {source}" not in notices
