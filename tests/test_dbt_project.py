"""When the dbt project is parsed again."""

import os

from orchestration.transform.project import manifest_is_current


def test_the_dbt_manifest_is_rebuilt_only_when_the_project_changed(tmp_path):
    (tmp_path / "models").mkdir()
    model = tmp_path / "models" / "a.sql"
    model.write_text("select 1")
    manifest = tmp_path / "target" / "manifest.json"
    assert not manifest_is_current(tmp_path, manifest)
    manifest.parent.mkdir()
    manifest.write_text("{}")
    os.utime(model, (1_000_000, 1_000_000))
    assert manifest_is_current(tmp_path, manifest)
    model.write_text("select 2")
    assert not manifest_is_current(tmp_path, manifest)
