"""A folder built beside its final name and swapped in whole, so a reader never sees it half-written."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def built_beside(folder: Path) -> Iterator[Path]:
    """An empty folder beside `folder` to write into; when the block ends it replaces `folder` whole, and when the
    block fails it is removed and `folder` is left as it was."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-new-", dir=folder.parent))
    try:
        # mkdtemp makes a private folder; what is written here is for every reader of the home.
        staging.chmod(0o755)
        yield staging
        old = folder.with_name(f".{folder.name}-old-{staging.name}")
        if folder.exists():
            os.replace(folder, old)
        os.replace(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)
