"""Where the OpenRouter source points, its key, and the request limits it keeps to, read from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

PUBLIC_OPENROUTER = "https://openrouter.ai"


@dataclass(frozen=True)
class OpenRouterSettings:
    """Base URL, API key and request limits of the OpenRouter source."""

    base_url: str = PUBLIC_OPENROUTER
    # Kept out of repr so that the key never lands in a log line or run metadata.
    api_key: str | None = field(default=None, repr=False)
    requests_per_minute: int = 30
    requests_per_day: int = 500
    # One rankings request covers this many days (the API's own default window is 30 days).
    days_per_request: int = 30

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "OpenRouterSettings":
        """Settings from OPENROUTER_BASE_URL and OPENROUTER_API_KEY, with the public service as default."""
        env = os.environ if environ is None else environ
        return cls(
            base_url=(env.get("OPENROUTER_BASE_URL") or PUBLIC_OPENROUTER).rstrip("/"),
            api_key=env.get("OPENROUTER_API_KEY") or None,
        )
