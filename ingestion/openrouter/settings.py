"""Where the OpenRouter source points, its key, and the request limits it keeps to."""

from __future__ import annotations

from dataclasses import dataclass, field

from ingestion.retries import RetryPolicy

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
    retry: RetryPolicy = RetryPolicy()
