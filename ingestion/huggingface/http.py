"""The HTTP client huggingface_hub uses, instrumented to know which page each response came from and to refuse
pages that lead elsewhere or round in a loop."""

from __future__ import annotations

import threading

import httpx2
from huggingface_hub import set_client_factory
from huggingface_hub.utils._http import hf_request_event_hook

from ingestion.errors import SourceDataError
from ingestion.huggingface.settings import without_credentials


def refuse_pages_elsewhere(response: httpx2.Response) -> None:
    """Response event hook: a page whose `Link` sends the next page to another host is refused, not followed (the
    token would travel with the request, and the listing would read whatever that host says)."""
    following = response.links.get("next", {}).get("url")
    if following and httpx2.URL(following).host != response.request.url.host:
        raise SourceDataError(
            f"{without_credentials(str(response.request.url))} points its next page at another host "
            f"({httpx2.URL(following).host}); refused, not followed"
        )


class RequestTracker:
    """Counts the source's HTTP responses, remembers the URL of the latest one, and the pages of the listing each
    thread is following (a listing starts with the page that has no cursor)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.request_count = 0
        self.last_url: str | None = None
        self._chain = threading.local()

    def refuse_loops(self, response: httpx2.Response) -> None:
        """Response event hook: a page whose `Link` sends the listing back to a page it already read is a cursor
        loop, refused rather than followed for ever."""
        url = str(response.request.url)
        if "cursor" not in response.request.url.params:
            self._chain.pages = set()
        pages = getattr(self._chain, "pages", set())
        pages.add(url)
        self._chain.pages = pages
        following = response.links.get("next", {}).get("url")
        if following and following in pages:
            raise SourceDataError(
                f"{without_credentials(url)} sends the next page back to {without_credentials(following)}, read "
                "already in this listing: a cursor loop, refused"
            )

    def record(self, response: httpx2.Response) -> None:
        """Response event hook: note the page a response belongs to."""
        with self._lock:
            self.request_count += 1
            # The token travels in a header; credentials a user put in the endpoint URL are dropped.
            self.last_url = without_credentials(str(response.request.url))

    def client(self) -> httpx2.Client:
        """An httpx2 client configured like huggingface_hub's default one, plus this tracker's hooks."""
        checks = [self.record, refuse_pages_elsewhere, self.refuse_loops]
        return httpx2.Client(
            event_hooks={"request": [hf_request_event_hook], "response": checks},
            follow_redirects=True,
            timeout=httpx2.Timeout(60.0, connect=10.0),
        )


_TRACKER: RequestTracker | None = None
_INSTALL_LOCK = threading.Lock()


def request_tracker() -> RequestTracker:
    """The process-wide tracker, installed into huggingface_hub on first use (its HTTP client is global)."""
    global _TRACKER
    with _INSTALL_LOCK:
        if _TRACKER is None:
            _TRACKER = RequestTracker()
            set_client_factory(_TRACKER.client)
        return _TRACKER
