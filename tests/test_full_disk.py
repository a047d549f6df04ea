"""A refresh whose published copy or warehouse runs out of space fails saying so, the published marts stay
readable and unchanged, and the next refresh on a freed disk succeeds.

The warehouse folder and its published folder are small tmpfs mounts, filled up on purpose; where this machine
cannot mount one (not root, no mount privilege), the test is skipped and says why.
"""

import os
import shutil
import subprocess
import uuid
from contextlib import contextmanager

import pytest

from orchestration.cli import main as atom
from orchestration.settings import warehouse_paths
from tests.source_stops import environment, services  # noqa: F401  (fixtures)
from tests.warehouse_snapshot import rows, table_contents


@contextmanager
def tmpfs(folder, megabytes: int):
    """A RAM-backed file system of the given size mounted on the folder, unmounted afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(folder)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"this machine cannot mount a tmpfs to fill up: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def fill(folder, leave_kb: int = 64):
    """Write a file that leaves only `leave_kb` kilobytes free on the folder's file system; the file's path."""
    filler = folder / f"filler-{uuid.uuid4().hex}"
    free = shutil.disk_usage(folder).free - leave_kb * 1024
    with open(filler, "wb") as out:
        out.truncate(0)
        chunk = b"\0" * (1 << 20)
        while free > 0:
            written = out.write(chunk[: min(len(chunk), free)])
            free -= written
    return filler


def refresh(home, day, capfd) -> tuple[int, str]:
    capfd.readouterr()
    code = atom(["--home", str(home), "refresh", "--date", day])
    captured = capfd.readouterr()
    return code, captured.out + captured.err


def summary(output: str) -> str:
    """What the command says at its end about a refresh that failed (after the run logs)."""
    return output[output.rindex("refresh failed"):]


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs to fill up needs root")
def test_a_full_disk_fails_saying_so_and_the_published_marts_stay_as_they_were(
    services, environment, tmp_path, capfd  # noqa: F811
):
    hub = services[0]
    day = hub.archive_dates[-1].isoformat()
    home = tmp_path / "home"
    with pytest.MonkeyPatch.context() as patch:
        for name, value in environment.items():
            patch.setenv(name, value)
        with tmpfs(home, 512), tmpfs(home / "published", 64):
            paths = warehouse_paths(home)
            code, output = refresh(home, day, capfd)
            assert code == 0, output
            published = table_contents(paths.published, ("marts", "main"))

            # The published copy's disk is full: the publication fails, the copy before it stays whole.
            filler = fill(paths.published.parent)
            code, output = refresh(home, day, capfd)
            assert code != 0
            told = summary(output)
            assert "no space left on device" in told.lower() and str(paths.published.parent) in told, told
            assert table_contents(paths.published, ("marts", "main")) == published
            assert not list(paths.published.parent.glob(".*.tmp"))
            filler.unlink()

            # The warehouse's disk is full: the refresh fails, nothing is published.
            filler = fill(home)
            code, output = refresh(home, day, capfd)
            assert code != 0
            told = summary(output)
            assert "no space left on device" in told.lower() and str(home) in told, told
            assert table_contents(paths.published, ("marts", "main")) == published
            filler.unlink()

            # Freed, the next refresh succeeds and publishes.
            code, output = refresh(home, day, capfd)
            assert code == 0, output
            (republished,) = rows(paths.published, "select published_at from main.publication")
            assert republished > published["main.publication"][0][:1]
