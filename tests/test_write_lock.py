"""Writers take turns on the warehouse instead of colliding on DuckDB's file lock, across threads and processes."""

import logging
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from orchestration.locking import WarehouseBusyError, write_lock
from orchestration.resources import WarehouseResource


def test_a_second_writer_waits_for_the_first(tmp_path):
    warehouse = WarehouseResource(home=str(tmp_path))
    events: list[str] = []
    first_holds = threading.Event()

    def first():
        with warehouse.writing():
            events.append("first in")
            first_holds.set()
            time.sleep(0.5)
            events.append("first out")

    def second():
        first_holds.wait()
        with warehouse.writing():
            events.append("second in")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert events == ["first in", "first out", "second in"]


HOLDER = """
import sys, time
from pathlib import Path
from orchestration.locking import write_lock
lock = Path(sys.argv[1])
with write_lock(lock, timeout=60):
    holding = lock.with_name("holding")
    holding.touch()
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
    holding.unlink()
"""


def hold_in_another_process(lock: Path, seconds: float) -> subprocess.Popen:
    """A process that holds the lock for `seconds`, once it says so."""
    process = subprocess.Popen([sys.executable, "-c", HOLDER, str(lock), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "held"
    return process


def test_a_writer_in_another_process_waits_for_the_lock_and_says_so(tmp_path, caplog):
    lock = tmp_path / ".write.lock"
    holder = hold_in_another_process(lock, 1.5)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING), write_lock(lock, timeout=60):
        waited = time.monotonic() - started
        assert not (tmp_path / "holding").exists(), "the lock is only had once the other process let it go"
    holder.wait(timeout=10)
    assert waited >= 1.0
    assert "another run is writing the warehouse" in caplog.text


def test_a_writer_that_waits_too_long_fails_naming_the_lock_and_the_setting(tmp_path):
    lock = tmp_path / ".write.lock"
    holder = hold_in_another_process(lock, 30)
    try:
        with pytest.raises(WarehouseBusyError, match=r"\.write\.lock for over 1 s.*ATOM_LOCK_TIMEOUT_SECONDS"):
            with write_lock(lock, timeout=1):
                pass
    finally:
        holder.kill()
        holder.wait(timeout=10)


def test_a_lock_left_by_a_killed_process_never_blocks_the_next_run(tmp_path):
    lock = tmp_path / ".write.lock"
    holder = hold_in_another_process(lock, 600)
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=10)
    started = time.monotonic()
    with write_lock(lock, timeout=5):
        assert time.monotonic() - started < 1


def test_a_source_read_by_another_process_waits_for_it_and_leaves_writers_free(tmp_path, caplog):
    warehouse = WarehouseResource(home=str(tmp_path))
    holder = hold_in_another_process(tmp_path / ".openrouter_rankings.read.lock", 1.5)
    started = time.monotonic()
    with warehouse.writing():
        assert time.monotonic() - started < 1.0, "a source being read does not hold up the warehouse's writers"
    with caplog.at_level(logging.WARNING), warehouse.reading("openrouter_rankings"):
        waited = time.monotonic() - started
        assert not (tmp_path / "holding").exists()
    holder.wait(timeout=10)
    assert waited >= 1.0
    assert "another run is reading openrouter_rankings" in caplog.text
