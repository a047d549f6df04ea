"""Write the corpus of bad input: archive files (tests/bad_input/archive/) from 40 tracked models of the bundled
sample, Epoch AI CSVs (tests/bad_input/epoch/) from the first lines of the bundled one, LMArena leaderboard files
(tests/bad_input/lmarena/) from the bundled leaderboard, and bodies of OpenRouter's rankings endpoint
(tests/bad_input/openrouter/).

Run again (`python -m tests.bad_input.make_corpus`) only to change the corpus; the files are reviewed and kept.
"""

from pathlib import Path

import csv
import itertools
import io
import json

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from replay.files import EPOCH_SAMPLE
from replay.lmarena import leaderboard_parquet
from replay.server import DEFAULT_SAMPLE_DIR
from orchestration.tracked_models import tracked_model_ids

CORPUS = Path(__file__).with_name("archive")
EPOCH_CORPUS = Path(__file__).with_name("epoch")
OPENROUTER_CORPUS = Path(__file__).with_name("openrouter")
LMARENA_CORPUS = Path(__file__).with_name("lmarena")
# The day the OpenRouter bodies answer for.
RANKINGS_DAY = "2025-12-01"
KEPT = ["id", "author", "createdAt", "lastModified", "downloads", "downloadsAllTime", "likes", "tags"]


def good_file() -> pa.Table:
    """40 tracked models' rows, in the archive's layout (the columns the warehouse reads)."""
    state = pq.read_table(DEFAULT_SAMPLE_DIR / "hub_state.parquet", columns=KEPT)
    tracked = state.filter(pc.is_in(state.column("id"), pa.array(tracked_model_ids())))
    return tracked.sort_by("id").slice(0, 40)


def replaced(table: pa.Table, name: str, values: list, kind: pa.DataType) -> pa.Table:
    return table.set_column(table.schema.get_field_index(name), name, pa.array(values, kind))


def write_corpus() -> None:
    good = good_file()
    CORPUS.mkdir(parents=True, exist_ok=True)
    pq.write_table(good, CORPUS / "good.parquet")
    whole = (CORPUS / "good.parquet").read_bytes()
    (CORPUS / "truncated.parquet").write_bytes(whole[: len(whole) // 2])
    pq.write_table(good.drop_columns(["id"]), CORPUS / "no_id_column.parquet")
    pq.write_table(replaced(good, "id", list(range(good.num_rows)), pa.int64()), CORPUS / "id_not_text.parquet")
    counters = [f"{value:,}" for value in good.column("downloadsAllTime").to_pylist()]
    pq.write_table(replaced(good, "downloadsAllTime", counters, pa.string()), CORPUS / "counters_as_text.parquet")
    negative = good.column("downloadsAllTime").to_pylist()
    negative[7] = -5
    pq.write_table(replaced(good, "downloadsAllTime", negative, pa.int64()), CORPUS / "negative_counter.parquet")
    pq.write_table(pa.concat_tables([good, good.slice(3, 1)]), CORPUS / "duplicate_id.parquet")
    bare = [model_id.split("/", 1)[1] for model_id in good.column("id").to_pylist()]
    pq.write_table(replaced(good, "id", bare, pa.string()), CORPUS / "ids_not_org_name.parquet")


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def write_epoch_corpus() -> None:
    header, *rows = list(csv.reader(io.StringIO(Path(EPOCH_SAMPLE).read_text(encoding="utf-8"))))
    rows = [row for row in rows if row[0].strip()][:6]
    EPOCH_CORPUS.mkdir(parents=True, exist_ok=True)
    (EPOCH_CORPUS / "good.csv").write_text(csv_text(header, rows), encoding="utf-8")
    extra = csv_text([*header, "Added later"], [[*row, "x"] for row in rows])
    (EPOCH_CORPUS / "extra_column.csv").write_text(extra, encoding="utf-8")
    renamed = ["Model name" if name == "Model" else name for name in header]
    (EPOCH_CORPUS / "renamed_column.csv").write_text(csv_text(renamed, rows), encoding="utf-8")
    dropped = header.index("Parameters")
    missing = csv_text(header[:dropped] + header[dropped + 1:], [row[:dropped] + row[dropped + 1:] for row in rows])
    (EPOCH_CORPUS / "missing_column.csv").write_text(missing, encoding="utf-8")
    # The third line's model named in Latin-1, as an export from another tool would write it.
    latin = csv_text(header, rows).encode("utf-8").split(b"\n")
    latin[2] = b"Soci\xe9t\xe9 " + latin[2]
    (EPOCH_CORPUS / "not_utf8.csv").write_bytes(b"\n".join(latin))


def write_openrouter_corpus() -> None:
    """Bodies of the rankings endpoint for RANKINGS_DAY, in its shape, each with one thing wrong."""
    row = {"date": RANKINGS_DAY, "model_permaslug": "qwen/qwen3-235b-a22b-04-28", "total_tokens": 123456789}
    meta = {"as_of": f"{RANKINGS_DAY}T02:00:00Z", "start_date": RANKINGS_DAY, "end_date": RANKINGS_DAY, "version": "1"}
    bodies = {
        "good.json": {"data": [row], "meta": meta},
        "tokens_as_floats.json": {"data": [{**row, "total_tokens": 123456789.5}], "meta": meta},
        "no_meta.json": {"data": [row]},
        "date_outside_window.json": {"data": [row, {**row, "date": "2025-11-30"}], "meta": meta},
    }
    OPENROUTER_CORPUS.mkdir(parents=True, exist_ok=True)
    for name, body in bodies.items():
        (OPENROUTER_CORPUS / name).write_text(json.dumps(body, indent=1) + "\n")


def write_lmarena_corpus() -> None:
    """The first 30 rows of the bundled leaderboard file, each file with one thing wrong."""
    good = pq.read_table(io.BytesIO(leaderboard_parquet())).slice(0, 30)
    LMARENA_CORPUS.mkdir(parents=True, exist_ok=True)
    pq.write_table(good, LMARENA_CORPUS / "good.parquet")
    extra = good.append_column("added_later", pa.array(["x"] * good.num_rows))
    pq.write_table(extra, LMARENA_CORPUS / "extra_column.parquet")
    pq.write_table(good.rename_columns(["score" if name == "rating" else name for name in good.column_names]),
                   LMARENA_CORPUS / "renamed_column.parquet")
    pq.write_table(good.drop_columns(["category"]), LMARENA_CORPUS / "missing_column.parquet")
    # Row 4's model name in Latin-1: Parquet stores the bytes as they come.
    names = [value.encode("utf-8") for value in good.column("model_name").to_pylist()]
    names[4] = "modèle-".encode("latin-1") + names[4]
    offsets = pa.array([0, *itertools.accumulate(len(name) for name in names)], pa.int32())
    unchecked = pa.StringArray.from_buffers(len(names), offsets.buffers()[1], pa.py_buffer(b"".join(names)))
    index = good.schema.get_field_index("model_name")
    pq.write_table(good.set_column(index, "model_name", unchecked), LMARENA_CORPUS / "not_utf8.parquet")


if __name__ == "__main__":
    write_corpus()
    write_lmarena_corpus()
    write_epoch_corpus()
    write_openrouter_corpus()
