"""One settings object reads the environment: every variable is listed with its default and meaning, the README's
table matches it, and no other module reads or changes the environment."""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from orchestration.settings import REPO_ROOT, VARIABLES, Settings, markdown_table

PRODUCT = ("ingestion", "orchestration", "replay", "report", "expectations")
# The process entry passes its whole environment on to the processes it starts; the dbt step hands dbt the
# warehouse file and window through it, the one way dagster-dbt passes anything to dbt.
ALLOWED = {"orchestration/settings.py", "orchestration/cli.py", "orchestration/transform/window.py"}


def environment_uses(path: Path) -> list[int]:
    """The lines of a module that touch os.environ or call os.getenv / os.putenv / os.unsetenv."""
    tree = ast.parse(path.read_text())
    return sorted(
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "os"
        and node.attr in ("environ", "getenv", "putenv", "unsetenv")
    )


def test_no_product_module_reads_or_changes_the_environment_but_the_settings():
    offenders = {}
    for package in PRODUCT:
        for path in sorted((REPO_ROOT / package).rglob("*.py")):
            relative = path.relative_to(REPO_ROOT).as_posix()
            if relative not in ALLOWED and (lines := environment_uses(path)):
                offenders[relative] = lines
    assert offenders == {}


def test_every_variable_the_dbt_project_reads_is_listed():
    read = set()
    for path in (REPO_ROOT / "dbt_project").rglob("*"):
        if path.suffix in (".sql", ".yml") and "target" not in path.parts:
            read |= set(re.findall(r"env_var\(\s*['\"]([A-Z0-9_]+)['\"]", path.read_text()))
    assert read and read <= {variable.name for variable in VARIABLES}


def test_the_readme_table_is_the_settings_table():
    readme = (REPO_ROOT / "README.md").read_text()
    start = readme.index("<!-- settings table")
    table = readme[readme.index("\n", start) + 1: readme.index("<!-- end of settings table -->")].strip()
    assert table == markdown_table()
    assert all(f"`{variable.name}`" in table for variable in VARIABLES if not variable.internal)


def test_defaults_and_values():
    default = Settings({})
    assert default.hub().endpoint == "https://huggingface.co" and default.hub().token is None
    assert default.hub().archive_repo == "hfmlsoc/hub_weekly_snapshots"
    assert default.home() == REPO_ROOT / "warehouse"
    assert default.artificial_analysis().daily_reads_url.startswith("https://raw.githubusercontent.com/")
    given = Settings({"HF_ENDPOINT": "http://127.0.0.1:9/", "HF_TOKEN": "hf_x", "AA_DAILY_READS_URL": "",
                      "ATOM_HOME": "relative/home", "OPENROUTER_API_KEY": "sk-or-x"})
    assert given.hub().endpoint == "http://127.0.0.1:9" and given.hub().token == "hf_x"
    assert given.artificial_analysis().daily_reads_url == "", "empty switches the daily reads off"
    assert given.home() == Path.cwd() / "relative" / "home"
    assert given.secrets() == {"HF_TOKEN": "hf_x", "OPENROUTER_API_KEY": "sk-or-x"}
    with pytest.raises(KeyError):
        default.value("ATOM_NOT_A_SETTING")


def test_atom_settings_prints_each_variable_and_never_a_secret():
    env = {**os.environ, "HF_TOKEN": "hf_marker_secret", "ATOM_SOURCES_OFF": "epoch"}
    printed = subprocess.run(
        [sys.executable, "-m", "orchestration.cli", "settings"], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert "hf_marker_secret" not in printed
    assert "HF_TOKEN=(set)" in printed and "ATOM_SOURCES_OFF=epoch" in printed
    assert "HF_ENDPOINT=https://huggingface.co (default)" in printed
    assert [line.split("=")[0] for line in printed.splitlines() if not line.startswith(" ")] == [
        variable.name for variable in VARIABLES if not variable.internal
    ]
