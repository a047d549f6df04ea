"""Reading Epoch AI's model CSV over HTTP (`requests`) into table rows, one per model."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

import pyarrow as pa
import requests

from ingestion.huggingface.settings import without_credentials
from ingestion.errors import SourceDataError, SourceUnavailableError
from ingestion.retries import RetryPolicy, get_with_retries

PUBLIC_EPOCH_CSV = "https://epoch.ai/data/all_ai_models.csv"
# Epoch's own column names; "Hugging Face developer id" only exists in newer files.
COLUMNS = {
    "model": "Model",
    "organization": "Organization",
    "country": "Country (from Organization)",
    "parameters": "Parameters",
    "publication_date": "Publication date",
    "accessibility": "Model accessibility",
    "hf_developer_id": "Hugging Face developer id",
}
REQUIRED = ("model", "organization", "country", "parameters", "publication_date", "accessibility")

EPOCH_SCHEMA = pa.schema(
    [
        ("fetched_on", pa.date32()),
        ("model", pa.string()),
        ("organization", pa.string()),
        ("country", pa.string()),
        ("parameters", pa.float64()),
        ("publication_date", pa.date32()),
        ("accessibility", pa.string()),
        ("hf_developer_id", pa.string()),
        ("source_row", pa.int64()),
    ]
)


@dataclass(frozen=True)
class EpochSettings:
    """Where the CSV is read from: EPOCH_MODELS_URL, Epoch's public file by default."""

    url: str = PUBLIC_EPOCH_CSV
    retry: RetryPolicy = RetryPolicy()


def fetch_epoch_csv(settings: EpochSettings, *, session: requests.Session | None = None, timeout: float = 120) -> str:
    """The CSV's text; an unreachable URL or a non-200 answer is an error naming the URL."""
    try:
        response = get_with_retries(session or requests.Session(), settings.url, settings.retry, timeout=timeout)
    except requests.RequestException as error:
        raise SourceUnavailableError(f"could not reach {without_credentials(settings.url)}: {type(error).__name__}") from None
    if response.status_code != 200:
        raise SourceUnavailableError(f"{without_credentials(settings.url)} answered {response.status_code}")
    return decoded(response, without_credentials(settings.url))


def decoded(response: requests.Response, url: str) -> str:
    """The body as text in the charset the server declares, else UTF-8; bytes that are not in it are an error
    naming the line, never replaced (a replaced byte would store a misspelt organisation or model)."""
    declared = "charset" in response.headers.get("Content-Type", "").lower()
    encoding = requests.utils.get_encoding_from_headers(response.headers) if declared else "utf-8-sig"
    try:
        return response.content.decode(encoding)
    except UnicodeDecodeError as error:
        line = response.content[: error.start].count(b"\n") + 1
        bad = response.content[error.start: error.end]
        raise SourceDataError(f"{url} line {line}: bytes {bad!r} are not {encoding if declared else 'UTF-8'}") from None
    except LookupError:
        raise SourceDataError(f"{url} declares an unknown charset {encoding!r}") from None


def _number(value: str, where: str) -> float | None:
    text = value.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise SourceDataError(f"{where}: Parameters {value!r} is not a number") from None


def _date(value: str, where: str) -> dt.date | None:
    text = value.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise SourceDataError(f"{where}: Publication date {value!r} is not a date") from None


@dataclass(frozen=True)
class EpochRead:
    """The CSV's model rows, and the lines skipped because they name no model (placeholders in Epoch's file)."""

    rows: pa.Table
    unnamed_lines: list[int]


def epoch_table(text: str, fetched_on: dt.date, source: str) -> EpochRead:
    """The CSV's rows in the warehouse's shape, each with its line number; a bad cell is named by line and column."""
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = [COLUMNS[name] for name in REQUIRED if COLUMNS[name] not in header]
    if missing:
        raise SourceDataError(f"{source} has no column(s) {', '.join(missing)}")
    rows, unnamed = [], []
    for record in reader:
        where = f"{source} line {reader.line_num}"
        if not (record[COLUMNS["model"]] or "").strip():
            unnamed.append(reader.line_num)
            continue
        rows.append(
            {
                "fetched_on": fetched_on,
                "model": record[COLUMNS["model"]].strip(),
                "organization": (record[COLUMNS["organization"]] or "").strip() or None,
                "country": (record[COLUMNS["country"]] or "").strip() or None,
                "parameters": _number(record[COLUMNS["parameters"]] or "", where),
                "publication_date": _date(record[COLUMNS["publication_date"]] or "", where),
                "accessibility": (record[COLUMNS["accessibility"]] or "").strip() or None,
                "hf_developer_id": (record.get(COLUMNS["hf_developer_id"]) or "").strip() or None,
                "source_row": reader.line_num,
            }
        )
    return EpochRead(pa.Table.from_pylist(rows, schema=EPOCH_SCHEMA), unnamed)
