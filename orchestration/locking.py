"""The warehouse's write lock, shared by every process that writes it (a CLI refresh, the UI's runs)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import filelock

from orchestration.errors import RefreshError

log = logging.getLogger(__name__)


class WarehouseBusyError(RefreshError):
    """Another run held the warehouse's write lock for longer than this one would wait."""


@contextmanager
def write_lock(path: Path, timeout: float, *, holder: str = "another run is writing the warehouse") -> Iterator[None]:
    """Hold the lock file at `path`, waiting up to `timeout` seconds for another process that holds it (`holder`
    says who that is, in the messages).

    The operating system releases the lock of a process that dies, so a killed run never leaves it held.
    """
    lock = filelock.FileLock(path)
    try:
        lock.acquire(timeout=0)
    except filelock.Timeout:
        log.warning("%s (lock %s); waiting up to %.0f s for it", holder, path, timeout)
        try:
            lock.acquire(timeout=timeout)
        except filelock.Timeout:
            raise WarehouseBusyError(
                f"{holder} and held its lock {path} for over {timeout:.0f} s; let it finish, or raise "
                "ATOM_LOCK_TIMEOUT_SECONDS"
            ) from None
    try:
        yield
    finally:
        lock.release()
