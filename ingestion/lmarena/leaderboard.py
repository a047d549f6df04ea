"""The LMArena leaderboard dataset as table rows: one rating per model, category and publish date."""

from __future__ import annotations

import datetime as dt
import tempfile

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from huggingface_hub import hf_hub_download
from huggingface_hub.errors import EntryNotFoundError, HfHubHTTPError, RemoteEntryNotFoundError, RepositoryNotFoundError

from ingestion.errors import SourceAbsentError, SourceDataError, SourceUnavailableError
from ingestion.huggingface.settings import HubSettings, without_credentials

LEADERBOARD_REPO = "lmarena-ai/leaderboard-dataset"
# The text arena's full history (every publish date); `text/latest-...` holds only the newest date.
LEADERBOARD_FILE = "text/full-00000-of-00001.parquet"
REQUIRED = ("model_name", "rating", "category", "leaderboard_publish_date")

LEADERBOARD_SCHEMA = pa.schema(
    [
        ("fetched_on", pa.date32()),
        ("leaderboard_publish_date", pa.date32()),
        ("category", pa.string()),
        ("model_name", pa.string()),
        ("organization", pa.string()),
        ("license", pa.string()),
        ("rating", pa.float64()),
        ("rating_lower", pa.float64()),
        ("rating_upper", pa.float64()),
        ("vote_count", pa.int64()),
        ("rank", pa.int64()),
        ("source_file", pa.string()),
    ]
)


def leaderboard_table(raw: pa.Table, fetched_on: dt.date, source_file: str) -> pa.Table:
    """The dataset's rows in the warehouse's shape; optional columns the file lacks are null.

    A file without a required column, or with a publish date that is not a date, is refused with its name.
    """
    missing = [name for name in REQUIRED if name not in raw.column_names]
    if missing:
        raise SourceDataError(f"{source_file} has no column(s) {', '.join(missing)}")
    columns = {}
    for field in LEADERBOARD_SCHEMA:
        if field.name == "fetched_on":
            columns[field.name] = pa.array([fetched_on] * raw.num_rows, pa.date32())
        elif field.name == "source_file":
            columns[field.name] = pa.array([source_file] * raw.num_rows, pa.string())
        elif field.name not in raw.column_names:
            columns[field.name] = pa.nulls(raw.num_rows, field.type)
        elif field.name == "leaderboard_publish_date":
            columns[field.name] = _dates(raw.column(field.name), source_file)
        else:
            try:
                columns[field.name] = pc.cast(raw.column(field.name), field.type)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as error:
                raise SourceDataError(f"{source_file}: column {field.name} is not {field.type}: {error}") from None
            if pa.types.is_string(field.type):
                _check_text(columns[field.name], field.name, source_file)
    return pa.table(columns, schema=LEADERBOARD_SCHEMA)


def _check_text(column: pa.ChunkedArray, name: str, source_file: str) -> None:
    """Parquet does not check that a string column holds UTF-8: a file that breaks it is refused by row."""
    offset = 0
    for chunk in column.chunks:
        try:
            chunk.validate(full=True)
        except pa.ArrowInvalid:
            for row, value in enumerate(chunk.cast(pa.binary()).to_pylist()):
                if value is not None:
                    try:
                        value.decode("utf-8")
                    except UnicodeDecodeError:
                        raise SourceDataError(
                            f"{source_file}: column {name} row {offset + row} holds bytes that are not UTF-8: {value!r}"
                        ) from None
        offset += len(chunk)


def _dates(column: pa.ChunkedArray, source_file: str) -> pa.ChunkedArray:
    """Publish dates as dates, whether the file stores dates, timestamps or ISO / YYYYMMDD strings."""
    if pa.types.is_date(column.type):
        return pc.cast(column, pa.date32())
    if pa.types.is_timestamp(column.type):
        return pc.cast(pc.cast(column, pa.timestamp("s")), pa.date32())
    values = []
    for value in column.to_pylist():
        text = str(value).strip() if value is not None else ""
        try:
            values.append(dt.date.fromisoformat(text) if "-" in text else dt.datetime.strptime(text, "%Y%m%d").date())
        except ValueError:
            raise SourceDataError(f"{source_file}: leaderboard_publish_date {value!r} is not a date") from None
    return pa.chunked_array([pa.array(values, pa.date32())])


def download_leaderboard(
    settings: HubSettings, fetched_on: dt.date, *, repo: str = LEADERBOARD_REPO, filename: str = LEADERBOARD_FILE
) -> pa.Table:
    """The leaderboard file read through `hf_hub_download` from the configured Hub endpoint."""
    url = f"{without_credentials(settings.endpoint)}/datasets/{repo}/resolve/main/{filename}"
    with tempfile.TemporaryDirectory(prefix="atom-lmarena-") as scratch:
        try:
            local = hf_hub_download(
                repo_id=repo,
                filename=filename,
                repo_type="dataset",
                endpoint=settings.endpoint,
                token=settings.token,
                cache_dir=scratch,
            )
        except (RepositoryNotFoundError, RemoteEntryNotFoundError) as error:
            raise SourceAbsentError(f"{url} is not at this endpoint ({type(error).__name__})") from None
        except (HfHubHTTPError, EntryNotFoundError, OSError) as error:
            raise SourceUnavailableError(f"could not download {url}: {error}") from error
        try:
            raw = pq.read_table(local)
        except (pa.ArrowException, OSError) as error:
            raise SourceDataError(f"{url} is not a readable parquet file: {error}") from error
    return leaderboard_table(raw, fetched_on, f"{repo}/{filename}")
