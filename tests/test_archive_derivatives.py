"""The columnar reader of an archive file's derivatives, against hand-written rows and against the listing's Python
path on the same records; and the replay Hub serving archive files from a folder on disk."""

import datetime as dt
import hashlib
import json
import urllib.request

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from huggingface_hub import HfApi, hf_hub_download

from benchmarks.full_hub import tracked_ids, write_archive
from ingestion.huggingface.archive_derivatives import read_archive_derivatives
from ingestion.huggingface.derivatives import DERIVATIVE_SCHEMA, derivative_rows, derivatives_of
from replay.server import DEFAULT_SAMPLE_DIR, ReplayHub

DAY = dt.date(2026, 4, 6)
SOURCE = "archive:test"
QWEN, LLAMA = "Qwen/Qwen2.5-7B-Instruct", "meta-llama/Llama-3.1-8B-Instruct"
TRACKED = {QWEN, LLAMA}
BASE_MODELS = pa.struct(
    [("relation", pa.string()), ("models", pa.list_(pa.struct([("_id", pa.string()), ("id", pa.string())])))]
)
SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("author", pa.string()),
        ("createdAt", pa.timestamp("us")),
        ("downloads", pa.int64()),
        ("downloadsAllTime", pa.int64()),
        ("tags", pa.list_(pa.string())),
        ("baseModels", BASE_MODELS),
    ]
)


NAMESPACE = object()


def model(
    model_id, bases=(), relation="finetune", *, tags=None, field=True, day=1, downloads=10, author=NAMESPACE, ids=None
):
    """An archive row; `bases` go to baseModels (unless field=False) and, by default, to the tags too."""
    if tags is None:
        tags = ["text-generation", *(f"base_model:{base}" for base in bases)]
        tags += [f"base_model:{relation}:{base}" for base in bases] + ["region:us"]
    entries = [{"_id": (ids or {}).get(base), "id": base} for base in bases]
    return {
        "id": model_id,
        "author": model_id.split("/")[0] if author is NAMESPACE else author,
        "createdAt": dt.datetime(2026, 3, day, 12, 0),
        "downloads": downloads,
        "downloadsAllTime": downloads * 10,
        "tags": tags,
        "baseModels": {"relation": relation, "models": entries} if field and bases else None,
    }


# Written in no particular order: a derivative may come before its base.
RECORDS = [
    model("c/quant-of-b", ["b/ft-of-ft"], "quantized", day=3, downloads=3),
    model("b/ft-of-ft", ["a/ft"], day=2, downloads=2),
    model("a/ft", [QWEN], author=None, downloads=1),
    # A tracked model is a root even when it names a base of its own.
    model(QWEN, ["Qwen/Qwen2.5-7B"], day=1),
    model(LLAMA),
    model("d/merge", ["a/ft", LLAMA], "merge", day=4, downloads=4),
    model("e/tagged", [QWEN], "adapter", field=False, day=5, downloads=5),
    model("f/loop-a", ["f/loop-b"]),
    model("f/loop-b", ["f/loop-a"]),
    model("f/self", ["f/self"]),
    model("g/orphan", ["nobody/deleted"]),
    model("h/merge-missing", ["nobody/deleted", LLAMA], "merge", day=6, downloads=6),
    model("i/of-stored", ["stored/old-derivative"], day=7, downloads=7),
    model("j/listed-today", ["nobody/unlisted"], day=8, downloads=8),
    model("k/of-listed", ["j/listed-today"], "quantized", day=9, downloads=9),
    # An empty baseModels field defers to the tags, the relation from the last base_model:<relation>: tag.
    {
        **model("l/empty-field", day=10, downloads=11),
        "tags": [f"base_model:quantized:{LLAMA}", "base_model:finetune:odd:id", "license:mit"],
        "baseModels": {"relation": None, "models": []},
    },
    # A field with models wins over the tags.
    model("m/field-wins", [LLAMA], tags=["base_model:merge:nobody/x"], day=11, downloads=12),
    model("n/plain", tags=["text-generation"], day=30),
    # A negative counter passes, as parse_count lets it: the quality suite rejects the batch.
    model("o/negative", [QWEN], day=12, downloads=-5),
    # Python's json.dumps escapes what is not ASCII; DuckDB would not, so Python writes this one.
    model("p/unicode", [QWEN], day=13, downloads=13, ids={QWEN: "café"}),
    # A base_model: tag without a relation names no base.
    model("q/plain-tag", tags=[f"base_model:{QWEN}"]),
]


def raw(relation, *bases):
    entries = ", ".join(f'{{"_id": null, "id": "{base}"}}' for base in bases)
    return f'{{"models": [{entries}], "relation": "{relation}"}}'


def row(model_id, relation, bases, base_models_raw, base_tags, downloads, day, author=None):
    return {
        "observed_date": DAY,
        "model_id": model_id,
        "author": author or model_id.split("/")[0],
        "created_at": dt.datetime(2026, 3, day, 12, 0, tzinfo=dt.timezone.utc),
        "relation": relation,
        "base_model_ids": bases,
        "base_models_raw": base_models_raw,
        "base_model_tags": base_tags,
        "downloads_30d": downloads,
        "downloads_all_time": downloads * 10,
        "counts_as_of": DAY,
        "source": SOURCE,
    }


def tag_pair(relation, base):
    return [f"base_model:{base}", f"base_model:{relation}:{base}"]


EXPECTED = [
    row("a/ft", "finetune", [QWEN], raw("finetune", QWEN), tag_pair("finetune", QWEN), 1, 1),
    row("b/ft-of-ft", "finetune", ["a/ft"], raw("finetune", "a/ft"), tag_pair("finetune", "a/ft"), 2, 2),
    row(
        "c/quant-of-b", "quantized", ["b/ft-of-ft"], raw("quantized", "b/ft-of-ft"), tag_pair("quantized", "b/ft-of-ft"),
        3, 3,
    ),
    row(
        "d/merge", "merge", ["a/ft", LLAMA], raw("merge", "a/ft", LLAMA),
        ["base_model:a/ft", f"base_model:{LLAMA}", "base_model:merge:a/ft", f"base_model:merge:{LLAMA}"], 4, 4,
    ),
    row("e/tagged", "adapter", [QWEN], None, tag_pair("adapter", QWEN), 5, 5),
    row(
        "h/merge-missing", "merge", ["nobody/deleted", LLAMA], raw("merge", "nobody/deleted", LLAMA),
        ["base_model:nobody/deleted", f"base_model:{LLAMA}", "base_model:merge:nobody/deleted", f"base_model:merge:{LLAMA}"],
        6, 6,
    ),
    row(
        "l/empty-field", "finetune", [LLAMA, "odd:id"], '{"models": [], "relation": null}',
        [f"base_model:quantized:{LLAMA}", "base_model:finetune:odd:id"], 11, 10,
    ),
    row("m/field-wins", "finetune", [LLAMA], raw("finetune", LLAMA), ["base_model:merge:nobody/x"], 12, 11),
    row("o/negative", "finetune", [QWEN], raw("finetune", QWEN), tag_pair("finetune", QWEN), -5, 12),
    row(
        "p/unicode", "finetune", [QWEN], f'{{"models": [{{"_id": "caf\\u00e9", "id": "{QWEN}"}}], "relation": "finetune"}}',
        tag_pair("finetune", QWEN), 13, 13,
    ),
]
OF_STORED = row("i/of-stored", "finetune", ["stored/old-derivative"], raw("finetune", "stored/old-derivative"),
                tag_pair("finetune", "stored/old-derivative"), 7, 7)
OF_LISTED = row("k/of-listed", "quantized", ["j/listed-today"], raw("quantized", "j/listed-today"),
                tag_pair("quantized", "j/listed-today"), 9, 9)


def write(path, records, schema=SCHEMA):
    pq.write_table(pa.Table.from_pylist(records, schema=schema), path)
    return str(path)


def with_json_base_models(records):
    """The same records with baseModels as JSON text, keys in another order than Python's sorted one."""
    def text(value):
        if value is None:
            return None
        models = [{"id": entry["id"], "_id": entry["_id"]} for entry in value["models"]]
        return json.dumps({"relation": value["relation"], "models": models}, separators=(",", ":"), ensure_ascii=False)

    return [{**record, "baseModels": text(record["baseModels"])} for record in records]


def python_path(path, tracked, stored=(), exclude=(), counts_as_of=None):
    """The rows as the listing's Python computes them from the file's records declaring a base (the reference,
    as the archive was read before the columnar reader)."""
    records = [
        r for r in pq.read_table(path).to_pylist()
        if r.get("baseModels") is not None or any(tag.startswith("base_model:") for tag in r.get("tags") or [])
    ]
    kept = [r for r in derivatives_of(records, tracked, set(stored) | set(exclude)) if r["id"] not in set(exclude)]
    return derivative_rows(kept, DAY, SOURCE, counts_as_of)


def read(path, tracked=TRACKED, **kwargs):
    return read_archive_derivatives(path, tracked, observed_date=DAY, source=SOURCE, **kwargs)


def test_the_rows_follow_chains_merges_and_tags_and_stop_at_cycles_and_unknown_bases(tmp_path):
    path = write(tmp_path / "models.parquet", RECORDS)
    found = read(path)
    assert found.rows.schema == DERIVATIVE_SCHEMA
    assert found.rows.to_pylist() == EXPECTED
    assert found.models_read == len(RECORDS)
    # The newest model of the whole file, not of its derivatives.
    assert found.newest_created_at == dt.datetime(2026, 3, 30, 12, 0, tzinfo=dt.timezone.utc)
    assert found.rows.equals(python_path(path, TRACKED))


def test_stored_derivatives_are_roots_and_excluded_ids_are_roots_not_returned(tmp_path):
    path = write(tmp_path / "models.parquet", RECORDS)
    found = read(path, stored={"stored/old-derivative"}, exclude={"j/listed-today"}, counts_as_of=dt.date(2026, 4, 1))
    expected = sorted([*EXPECTED, OF_STORED, OF_LISTED], key=lambda r: r["model_id"])
    assert found.rows.to_pylist() == [{**r, "counts_as_of": dt.date(2026, 4, 1)} for r in expected]
    reference = python_path(path, TRACKED, {"stored/old-derivative"}, {"j/listed-today"}, dt.date(2026, 4, 1))
    assert found.rows.equals(reference)


def test_a_json_text_base_models_column_reads_as_the_struct_does(tmp_path):
    struct_path = write(tmp_path / "struct.parquet", RECORDS)
    json_schema = SCHEMA.set(SCHEMA.get_field_index("baseModels"), pa.field("baseModels", pa.string()))
    json_path = write(tmp_path / "json.parquet", with_json_base_models(RECORDS), json_schema)
    assert read(json_path).rows.equals(read(struct_path).rows)


def test_counters_are_whole_numbers_as_parse_count_reads_them(tmp_path):
    schema = SCHEMA.set(SCHEMA.get_field_index("downloads"), pa.field("downloads", pa.float64()))
    whole = [{**model("a/ft", [QWEN], downloads=1), "downloads": 12.0}, model("z/unrelated", ["x/y"])]
    assert read(write(tmp_path / "whole.parquet", whole, schema)).rows.column("downloads_30d").to_pylist() == [12]
    # Only the rows returned are parsed, as in the Python path.
    ignored = [model("a/ft", [QWEN]), {**model("z/unrelated", ["x/y"]), "downloads": 0.5}]
    assert read(write(tmp_path / "ignored.parquet", ignored, schema)).rows.num_rows == 1
    broken = [{**model("a/ft", [QWEN]), "downloads": 12.5}]
    with pytest.raises(ValueError, match=r"downloads is not an integer: 12\.5"):
        read(write(tmp_path / "broken.parquet", broken, schema))
    text = SCHEMA.set(SCHEMA.get_field_index("downloadsAllTime"), pa.field("downloadsAllTime", pa.string()))
    with pytest.raises(ValueError, match="downloadsAllTime is not an integer: '10'"):
        read(write(tmp_path / "text.parquet", [{**model("a/ft", [QWEN]), "downloadsAllTime": "10"}], text))


def test_an_id_listed_twice_is_read_from_its_last_declaring_row(tmp_path):
    records = [
        model("a/twice", [QWEN], downloads=1),
        model("a/twice", ["nobody/deleted"], downloads=2),
        model("b/twice", ["nobody/deleted"], downloads=3),
        model("b/twice", [LLAMA], downloads=4),
        model("b/twice", tags=["text-generation"]),  # declares nothing: not a declaring row
    ]
    path = write(tmp_path / "models.parquet", records)
    found = read(path)
    assert [(r["model_id"], r["downloads_30d"]) for r in found.rows.to_pylist()] == [("b/twice", 4)]
    assert found.rows.equals(python_path(path, TRACKED))


@pytest.mark.parametrize(
    ("dropped", "message"),
    [
        (["id", "createdAt"], r"no \['createdAt', 'id'\] column"),
        (["baseModels", "tags"], "neither a 'baseModels' nor a 'tags' column"),
    ],
)
def test_a_file_missing_what_derivatives_need_is_malformed(tmp_path, dropped, message):
    table = pa.Table.from_pylist(RECORDS, schema=SCHEMA).drop_columns(dropped)
    pq.write_table(table, tmp_path / "models.parquet")
    with pytest.raises(ValueError, match=message):
        read(str(tmp_path / "models.parquet"))


def test_the_sample_archive_days_read_as_the_python_path_reads_them(tmp_path):
    hub = ReplayHub.from_sample()
    tracked = set(tracked_ids())
    for day in hub.archive_dates[-2:]:
        path = tmp_path / f"{day}.parquet"
        path.write_bytes(hub._archive_file(day)[0])
        found = read(str(path), tracked)
        assert found.rows.num_rows > 1000 and found.rows.equals(python_path(str(path), tracked))
        table = pq.read_table(path, columns=["createdAt"])
        assert found.models_read == table.num_rows
        assert found.newest_created_at == max(table.column("createdAt").to_pylist()).replace(tzinfo=dt.timezone.utc)
    # Later days of a run pass what earlier ones stored, and today's listing's ids to leave out.
    ids = found.rows.column("model_id").to_pylist()
    stored, exclude = set(ids[::7]), set(ids[3::11])
    again = read(str(path), tracked, stored=stored, exclude=exclude, counts_as_of=day)
    assert again.rows.equals(python_path(str(path), tracked, stored, exclude, day))
    assert not exclude & set(again.rows.column("model_id").to_pylist())
    # The asset hands over what is stored as one Arrow column, as the warehouse returns it.
    as_column = read(str(path), tracked, stored=pa.array(sorted(stored)), exclude=exclude, counts_as_of=day)
    assert as_column.rows.equals(again.rows)


def test_a_synthetic_hub_week_reads_as_the_python_path_reads_it(tmp_path):
    weeks = write_archive(tmp_path, models=20_000, weeks=2, card_bytes=32)
    sizes = [pq.read_metadata(path).num_rows for path in weeks]
    assert sizes[0] < sizes[1] == 20_000
    found = read(str(weeks[-1]), set(tracked_ids()))
    assert found.rows.num_rows > 3000
    assert found.rows.equals(python_path(str(weeks[-1]), set(tracked_ids())))
    relations = set(found.rows.column("relation").to_pylist())
    assert relations == {"finetune", "quantized", "adapter", "merge"}


@pytest.fixture(scope="module")
def archive_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("archive")
    return folder, write_archive(folder, models=20_000, weeks=2)


def test_the_replay_hub_serves_archive_files_from_a_folder_byte_for_byte(archive_folder, tmp_path):
    folder, weeks = archive_folder
    days = [dt.date.fromisoformat(path.parent.name) for path in weeks]
    state = pq.read_table(DEFAULT_SAMPLE_DIR / "hub_state.parquet")
    with ReplayHub(state, archive_dir=folder) as hub:
        assert hub.archive_dates == days
        listed = HfApi(endpoint=hub.url).list_repo_tree(hub.archive_repo, path_in_repo="models", repo_type="dataset")
        assert [entry.path for entry in listed] == [f"models/{day.isoformat()}" for day in days]
        since = len(hub.request_log)
        local = hf_hub_download(
            repo_id=hub.archive_repo,
            filename=f"models/{days[-1].isoformat()}/models.parquet",
            repo_type="dataset",
            endpoint=hub.url,
            cache_dir=tmp_path,
        )
        content = weeks[-1].read_bytes()
        assert len(content) > 4 << 20  # several of the pieces the file is streamed in
        assert open(local, "rb").read() == content
        downloads = [e for e in hub.request_log[since:] if e["path"].endswith("/models.parquet") and e["method"] == "GET"]
        assert len(downloads) == 1
        url = f"{hub.url}/datasets/{hub.archive_repo}/resolve/main/models/{days[0].isoformat()}/models.parquet"
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD")) as answer:
            assert int(answer.headers["Content-Length"]) == weeks[0].stat().st_size
            assert answer.headers["ETag"] == f'"{hashlib.sha256(weeks[0].read_bytes()).hexdigest()}"'
            assert answer.headers["X-Repo-Commit"] == hub.commit
        assert hub.request_log[-1]["method"] == "HEAD"


def test_the_sample_archive_is_still_built_from_the_tables(tmp_path):
    with ReplayHub.from_sample() as hub:
        day = hub.archive_dates[-1]
        local = hf_hub_download(
            repo_id=hub.archive_repo,
            filename=f"models/{day.isoformat()}/models.parquet",
            repo_type="dataset",
            endpoint=hub.url,
            cache_dir=tmp_path,
        )
        served = pq.read_table(local, columns=["id", "downloads", "downloadsAllTime"])
        history = hub.history.filter(pc.equal(hub.history.column("snapshot_date"), day))
    # The day's file holds the history's counters of that day for every model the history has on it.
    on_the_day = {row["model_id"]: (row["downloads_30d"], row["downloads_all_time"]) for row in history.to_pylist()}
    in_the_file = {row["id"]: (row["downloads"], row["downloadsAllTime"]) for row in served.to_pylist()}
    assert on_the_day and {model: in_the_file.get(model) for model in on_the_day} == on_the_day
