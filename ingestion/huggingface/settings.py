"""Where the Hub source points, how it authenticates, and how much memory reading an archive file may take."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from ingestion.huggingface.duckdb_scratch import DEFAULT_MEMORY_LIMIT

PUBLIC_HUB = "https://huggingface.co"
DEFAULT_ARCHIVE_REPO = "hfmlsoc/hub_weekly_snapshots"


@dataclass(frozen=True)
class HubSettings:
    """Endpoint, token and snapshot-archive dataset of the Hub source."""

    endpoint: str = PUBLIC_HUB
    archive_repo: str = DEFAULT_ARCHIVE_REPO
    # Kept out of repr so that the token never lands in a log line or run metadata.
    token: str | None = field(default=None, repr=False)
    scratch_memory_limit: str = DEFAULT_MEMORY_LIMIT


def without_credentials(url: str) -> str:
    """The URL with any user:password@ part removed, safe to log or store."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit(parts._replace(netloc=netloc))
