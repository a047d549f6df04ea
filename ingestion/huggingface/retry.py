"""Retrying a Hub call on rate limits and server errors, honouring the server's Retry-After."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from huggingface_hub.errors import HfHubHTTPError

T = TypeVar("T")
RETRY_STATUSES = {408, 429, 500, 502, 503, 504}


def retry_after_seconds(error: HfHubHTTPError, default: float) -> float:
    """The wait the server asked for in Retry-After, else the default backoff."""
    response = getattr(error, "response", None)
    value = response.headers.get("Retry-After") if response is not None else None
    if value is not None and value.strip().isdigit():
        return float(value)
    return default


def with_retries(
    call: Callable[[], T],
    *,
    attempts: int = 5,
    base_wait: float = 1.0,
    max_wait: float = 60.0,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """The call's result, retried with exponential backoff on 408/429/5xx until attempts run out."""
    wait = base_wait
    for attempt in range(1, attempts + 1):
        try:
            return call()
        except HfHubHTTPError as error:
            status = error.response.status_code if getattr(error, "response", None) is not None else None
            if status not in RETRY_STATUSES or attempt == attempts:
                raise
            sleep(min(max_wait, retry_after_seconds(error, wait)))
            wait = min(max_wait, wait * 2)
    raise AssertionError("unreachable")
