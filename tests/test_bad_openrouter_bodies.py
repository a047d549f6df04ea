"""A corpus of bodies of OpenRouter's rankings endpoint (tests/bad_input/openrouter/), served on loopback and read
by the client over real HTTP: a count that is not a whole number, a body without its meta block and a row dated
outside the days asked for are each refused naming the URL, the days and the row; nothing of the pull is handed on
to be stored."""

import datetime as dt
import json

import pytest

from ingestion.errors import SourceDataError
from ingestion.openrouter.client import RANKINGS_PATH, OpenRouterClient
from ingestion.openrouter.pacing import RequestPacer
from ingestion.openrouter.settings import OpenRouterSettings
from replay.files import ReplayFiles, ServedFile
from tests.bad_input.make_corpus import OPENROUTER_CORPUS

KEY = "sk-or-corpus"
DAY = dt.date(2025, 12, 1)
WHERE = r"/api/v1/datasets/rankings-daily \(2025-12-01\.\.2025-12-01\)"
REFUSED = {
    "tokens_as_floats.json": rf"{WHERE}, 2025-12-01 qwen/qwen3-235b-a22b-04-28.*123456789\.5",
    "no_meta.json": rf"{WHERE} lacks its 'data' list or 'meta' block",
    "date_outside_window.json": rf"a row dated 2025-11-30, outside the days asked for, at .*{WHERE}",
}


def pull(file: str):
    """The day's rankings as the client reads them from a server answering with the file."""
    body = (OPENROUTER_CORPUS / file).read_bytes()
    served = {RANKINGS_PATH: ServedFile(body, "application/json")}
    with ReplayFiles(served, required_headers={"Authorization": f"Bearer {KEY}"}) as server:
        settings = OpenRouterSettings(base_url=server.url, api_key=KEY)
        pacer = RequestPacer(settings.requests_per_minute, settings.requests_per_day, sleep=lambda seconds: None)
        return OpenRouterClient(settings, pacer).rankings(DAY, DAY)


def test_the_corpus_covers_every_bad_body():
    assert {path.name for path in OPENROUTER_CORPUS.glob("*.json")} == {"good.json", *REFUSED}


def test_the_good_body_reads_as_written():
    body = json.loads((OPENROUTER_CORPUS / "good.json").read_text())
    read = pull("good.json")
    assert [(row["date"].isoformat(), row["model_permaslug"], row["total_tokens"]) for row in read.rows] == [
        (row["date"], row["model_permaslug"], row["total_tokens"]) for row in body["data"]
    ]
    assert read.meta["as_of"] == body["meta"]["as_of"]


@pytest.mark.parametrize("file", sorted(REFUSED))
def test_a_bad_body_is_refused_naming_the_url_and_the_row(file):
    with pytest.raises(SourceDataError, match=REFUSED[file]):
        pull(file)
