"""The public marts' enforced dbt contracts: a mart whose SQL no longer gives a column its declared type fails the
build, and the error names the model and the column."""

import shutil

import yaml

from orchestration.settings import DBT_PROJECT_DIR
from tests.dbt_run import empty_raw_warehouse, run_dbt

MART = "downloads_by_region_monthly"


def test_every_public_mart_declares_an_enforced_contract_with_a_type_for_each_column():
    models = yaml.safe_load((DBT_PROJECT_DIR / "models" / "marts" / "_marts.yml").read_text())["models"]
    public = [model for model in models if "public contract" in model["description"]]
    assert len(public) >= 20
    for model in public:
        assert model["config"]["contract"] == {"enforced": True}, model["name"]
        assert all(column.get("data_type") for column in model["columns"]), model["name"]


def test_a_column_of_another_type_fails_the_build_naming_the_model_and_the_column(tmp_path):
    warehouse = empty_raw_warehouse(tmp_path / "atom.duckdb")
    built = run_dbt(warehouse, "build", "--select", f"+{MART}")
    assert built.returncode == 0, built.stdout[-3000:]

    project = tmp_path / "dbt_project"
    shutil.copytree(DBT_PROJECT_DIR, project, ignore=shutil.ignore_patterns("target", "logs"))
    model = project / "models" / "marts" / f"{MART}.sql"
    body = "{{ monthly_downloads_with_shares('region') }}"
    assert body in model.read_text()
    model.write_text(f"select * replace (length(region) as region) from ({body}) as mart\n")
    broken = run_dbt(warehouse, "build", "--select", MART, project=project)
    assert broken.returncode != 0
    assert f"model {MART}" in broken.stdout and "contract" in broken.stdout
    assert "| region" in broken.stdout and "data type mismatch" in broken.stdout
