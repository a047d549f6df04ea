"""Where the Hub source points and how it authenticates, read from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

PUBLIC_HUB = "https://huggingface.co"
DEFAULT_ARCHIVE_REPO = "hfmlsoc/hub_weekly_snapshots"


@dataclass(frozen=True)
class HubSettings:
    """Endpoint, token and snapshot-archive dataset of the Hub source."""

    endpoint: str = PUBLIC_HUB
    archive_repo: str = DEFAULT_ARCHIVE_REPO
    # Kept out of repr so that the token never lands in a log line or run metadata.
    token: str | None = field(default=None, repr=False)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "HubSettings":
        """Settings from HF_ENDPOINT, HF_TOKEN and ATOM_HF_ARCHIVE_REPO, with the public Hub as default."""
        env = os.environ if environ is None else environ
        return cls(
            endpoint=(env.get("HF_ENDPOINT") or PUBLIC_HUB).rstrip("/"),
            archive_repo=env.get("ATOM_HF_ARCHIVE_REPO") or DEFAULT_ARCHIVE_REPO,
            token=env.get("HF_TOKEN") or None,
        )


def without_credentials(url: str) -> str:
    """The URL with any user:password@ part removed, safe to log or store."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit(parts._replace(netloc=netloc))
