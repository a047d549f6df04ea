"""The sources' one retry policy, over real HTTP to a loopback server that answers a script of responses."""

import email.utils
import time

import pytest
import requests

from ingestion.epoch.models import EpochSettings, fetch_epoch_csv
from ingestion.errors import SourceUnavailableError
from ingestion.retries import RetryPolicy, get_with_retries
from orchestration.settings import Settings
from replay.loopback import LoopbackService, TrackedHandler


class ScriptedService(LoopbackService):
    """Answers each request with the next (status, headers, body) of its script; the last one repeats."""

    bound_as = "scripted"

    def __init__(self, script):
        super().__init__()
        self.script, self.requests = list(script), 0

    @property
    def handler(self):
        return _Handler


class _Handler(TrackedHandler):
    def do_GET(self):  # noqa: N802
        service = self.scripted
        with service._lock:
            status, headers, body = service.script[min(service.requests, len(service.script) - 1)]
            service.requests += 1
        self.send_response(status)
        for name, value in {**headers, "Content-Length": str(len(body))}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


OK = (200, {}, b"model,organization\n")
POLICY = RetryPolicy(attempts=4, backoff_seconds=1.0, max_wait_seconds=30.0)


def fetch(script, policy=POLICY):
    """GET through the policy; the answer's status, the requests the server saw, and the waits asked for."""
    waits: list[float] = []
    with ScriptedService(script) as service:
        response = get_with_retries(requests.Session(), service.url + "/file", policy, sleep=waits.append, timeout=10)
        return response.status_code, service.requests, waits


def test_server_errors_are_retried_with_doubling_waits_until_an_answer():
    assert fetch([(503, {}, b""), (500, {}, b""), (502, {}, b""), OK]) == (200, 4, [1.0, 2.0, 4.0])


def test_retry_after_is_honoured_in_seconds_or_as_a_date_and_capped():
    assert fetch([(429, {"Retry-After": "7"}, b""), OK]) == (200, 2, [7.0])
    assert fetch([(429, {"Retry-After": "3600"}, b""), OK]) == (200, 2, [30.0])
    in_ten = email.utils.formatdate(time.time() + 10, usegmt=True)
    status, requests_made, waits = fetch([(503, {"Retry-After": in_ten}, b""), OK])
    assert (status, requests_made) == (200, 2) and 7 <= waits[0] <= 10


def test_an_answer_that_is_not_retried_is_returned_at_once():
    assert fetch([(404, {}, b"")]) == (404, 1, [])
    assert fetch([(401, {}, b"")]) == (401, 1, [])


def test_the_last_answer_is_returned_when_every_attempt_failed():
    assert fetch([(500, {}, b"")]) == (500, 4, [1.0, 2.0, 4.0])


def test_a_server_that_cannot_be_reached_raises_after_every_attempt():
    with ScriptedService([OK]) as service:
        url = service.url
    waits: list[float] = []
    with pytest.raises(requests.ConnectionError):
        get_with_retries(requests.Session(), url, POLICY, sleep=waits.append, timeout=5)
    assert waits == [1.0, 2.0, 4.0]


def test_epoch_is_read_through_the_policy_and_names_the_status_it_gave_up_on():
    settings = Settings({"ATOM_HTTP_ATTEMPTS": "3", "ATOM_HTTP_BACKOFF_SECONDS": "0"})
    with ScriptedService([(503, {}, b""), OK]) as service:
        text = fetch_epoch_csv(EpochSettings(url=service.url + "/all_ai_models.csv", retry=settings.retry()))
        assert text == OK[2].decode() and service.requests == 2
    with ScriptedService([(500, {}, b"")]) as service:
        with pytest.raises(SourceUnavailableError, match="answered 500"):
            fetch_epoch_csv(EpochSettings(url=service.url + "/all_ai_models.csv", retry=settings.retry()))
        assert service.requests == 3


def test_the_policy_comes_from_the_settings():
    assert Settings({}).retry() == RetryPolicy(attempts=5, backoff_seconds=1.0, max_wait_seconds=60.0)
    settings = Settings({"ATOM_HTTP_ATTEMPTS": "2", "ATOM_HTTP_BACKOFF_SECONDS": "0.5", "ATOM_HTTP_MAX_WAIT_SECONDS": "9"})
    assert settings.retry() == RetryPolicy(attempts=2, backoff_seconds=0.5, max_wait_seconds=9.0)
