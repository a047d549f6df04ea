"""When the dbt project is parsed again: whenever any of its files or the dbt version changed."""

import os

from orchestration.transform.project import project_fingerprint


def test_the_fingerprint_changes_with_any_edit_addition_removal_or_rename(tmp_path):
    (tmp_path / "models").mkdir()
    model = tmp_path / "models" / "a.sql"
    model.write_text("select 1")
    first = project_fingerprint(tmp_path)
    assert project_fingerprint(tmp_path) == first

    os.utime(model, ns=(1, 1))
    touched = project_fingerprint(tmp_path)
    assert touched != first

    renamed = tmp_path / "models" / "b.sql"
    model.rename(renamed)
    assert project_fingerprint(tmp_path) != touched

    (tmp_path / "models" / "c.sql").write_text("select 3")
    with_new = project_fingerprint(tmp_path)
    (tmp_path / "models" / "c.sql").unlink()
    assert project_fingerprint(tmp_path) not in (with_new,)


def test_build_output_does_not_count(tmp_path):
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "a.sql").write_text("select 1")
    before = project_fingerprint(tmp_path)
    (tmp_path / "target").mkdir()
    (tmp_path / "target" / "manifest.json").write_text("{}")
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "dbt.log").write_text("...")
    assert project_fingerprint(tmp_path) == before
