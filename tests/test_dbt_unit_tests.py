"""dbt's unit tests of the SQL rules (the derived daily series' stall, clip, gap and deletion rules, among others),
run by dbt on hand-made rows; production builds leave them out."""

import json

from tests.dbt_run import empty_raw_warehouse, run_dbt


def test_the_sql_rules_pass_their_dbt_unit_tests(tmp_path):
    warehouse = empty_raw_warehouse(tmp_path / "atom.duckdb")
    # Unit tests read their inputs' column types from the warehouse: the models they read must exist, empty is enough.
    built = run_dbt(warehouse, "build", "--empty", "--exclude-resource-type", "unit_test")
    assert built.returncode == 0, built.stdout[-3000:]
    tested = run_dbt(warehouse, "test", "--select", "test_type:unit")
    assert tested.returncode == 0, tested.stdout[-4000:]
    results = json.loads((tmp_path / "target" / "run_results.json").read_text())["results"]
    names = sorted(result["unique_id"].rsplit(".", 1)[-1] for result in results)
    assert {result["status"] for result in results} == {"pass"}
    assert "a_stalled_counter_spreads_its_later_growth_over_the_stalled_days" in names and len(names) >= 3
