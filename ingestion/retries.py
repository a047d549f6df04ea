"""The one retry policy of the sources read through `requests` (OpenRouter, Artificial Analysis, Epoch AI), built on
tenacity: rate limits, server errors and dropped connections are retried with exponential backoff, and a server's
Retry-After is honoured up to a cap.

The Hub's calls (listing, archive and LMArena files) go through huggingface_hub, which retries them itself; they
are not wrapped again.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from dataclasses import dataclass

import requests
import tenacity

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
RETRIED_ERRORS = (requests.ConnectionError, requests.Timeout)


@dataclass(frozen=True)
class RetryPolicy:
    """How often a request is tried, and how long it waits between tries."""

    attempts: int = 5
    # The first wait; each later one doubles, up to max_wait_seconds.
    backoff_seconds: float = 1.0
    # The longest wait, whether from the backoff or from a server's Retry-After.
    max_wait_seconds: float = 60.0


def retry_after_seconds(response: requests.Response) -> float | None:
    """The wait a response's Retry-After asks for (seconds or an HTTP date), or None when it asks for none."""
    value = (response.headers.get("Retry-After") or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class WaitRetryAfter(tenacity.wait.wait_base):
    """The server's Retry-After when the last answer gave one, else the exponential backoff; never over the cap."""

    def __init__(self, policy: RetryPolicy) -> None:
        self.cap = policy.max_wait_seconds
        self.backoff = tenacity.wait_exponential(multiplier=policy.backoff_seconds, max=policy.max_wait_seconds)

    def __call__(self, retry_state: tenacity.RetryCallState) -> float:
        outcome = retry_state.outcome
        if outcome is not None and not outcome.failed:
            asked = retry_after_seconds(outcome.result())
            if asked is not None:
                return min(self.cap, asked)
        return min(self.cap, self.backoff(retry_state))


def get_with_retries(
    session: requests.Session,
    url: str,
    policy: RetryPolicy,
    *,
    sleep: Callable[[float], None] = time.sleep,
    before_attempt: Callable[[], None] | None = None,
    **request,
) -> requests.Response:
    """GET `url` under the policy: the first answer that is not retried, or the last one when every attempt was
    (the caller names its status); a connection error of the last attempt is raised.

    `before_attempt` runs before every attempt (a pacer counting requests against a rate limit); `sleep` does the
    waiting (a pacer's, to count it, or a test's clock).
    """

    def attempt() -> requests.Response:
        if before_attempt is not None:
            before_attempt()
        return session.get(url, **request)

    retrying = tenacity.Retrying(
        stop=tenacity.stop_after_attempt(policy.attempts),
        wait=WaitRetryAfter(policy),
        retry=tenacity.retry_if_exception_type(RETRIED_ERRORS)
        | tenacity.retry_if_result(lambda response: response.status_code in RETRY_STATUSES),
        sleep=sleep,
        # After the last attempt: its answer, or its error raised as it was.
        retry_error_callback=lambda state: state.outcome.result(),
    )
    return retrying(attempt)
