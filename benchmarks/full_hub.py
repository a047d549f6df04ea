"""A synthetic full-Hub week in the snapshot archive's layout, and the derivative reader measured on it.

The models are the real tracked ones of the seed, untracked roots, and derivatives declaring bases (mostly by the
baseModels field, some by base_model: tags only) in chains up to five deep, with merges of two or three bases,
bases deleted from the Hub, cycles among untracked repos and tracked models declaring a base of their own.
Every column is built by numpy and pyarrow compute over whole arrays, never a Python loop per model.

    python -m benchmarks.full_hub write --out /tmp/hub [--models 2500000] [--weeks 1]
    python -m benchmarks.full_hub measure /tmp/hub/models/2026-05-17/models.parquet
"""

from __future__ import annotations

import argparse
import base64
import binascii
import csv
import datetime as dt
import resource
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ingestion.huggingface.archive import archive_path
from replay.server import DEFAULT_SAMPLE_DIR

DEFAULT_MODELS = 2_500_000
DECLARING = 0.4
# Shares of the derivatives at each depth below a root: most derive from a root, a few sit five levels down.
LEVELS = (0.55, 0.25, 0.12, 0.06, 0.02)
RELATIONS = np.array(["finetune", "quantized", "adapter", "merge"])
RELATION_WEIGHTS = (0.5, 0.25, 0.22, 0.03)
YEARS = 3
END = dt.date(2026, 5, 17)
# The mean length of the card text that brings 2.5M models to about the real file's 1.5 GB.
CARD_BYTES = 680
SEED_CSV = Path(__file__).resolve().parents[1] / "dbt_project" / "seeds" / "tracked_models.csv"

LIBRARIES = ["transformers", "peft", "gguf", "mlx", "diffusers", "sentence-transformers", "onnx", "safetensors"]
PIPELINES = ["text-generation", "image-text-to-text", "text-classification", "feature-extraction", "text2text-generation"]
LICENSES = [
    "license:apache-2.0", "license:mit", "license:llama3.1", "license:other", "license:cc-by-nc-4.0", "license:gemma"
]
LANGUAGES = ["en", "zh", "fr", "de", "es", "ja", "ko", "ru", "multilingual"]
MISC = [
    "conversational", "text-generation-inference", "endpoints_compatible", "autotrain_compatible", "4-bit", "8-bit",
    "llama", "qwen2", "mistral", "gemma2", "phi3", "lora", "trl", "sft", "dpo", "unsloth", "imatrix", "awq", "gptq",
    "arxiv:2305.14314", "arxiv:2106.09685", "dataset:HuggingFaceH4/ultrachat_200k", "mergekit",
]


def tracked_ids() -> list[str]:
    """The real tracked models of the seed (column modelId)."""
    with SEED_CSV.open(newline="") as handle:
        return [row["modelId"] for row in csv.DictReader(handle)]


def _zipf_index(rng: np.random.Generator, size: int, population: int, exponent: float = 1.1) -> np.ndarray:
    """Indices into a population, the first ones far more often (a few bases gather most derivatives)."""
    ranks = np.arange(1, population + 1, dtype=np.float64)
    weights = ranks**-exponent
    return rng.choice(population, size=size, p=weights / weights.sum())


def _strings(*parts: pa.Array | str) -> pa.Array:
    return pc.binary_join_element_wise(*parts, "")


def _numbered(prefix: pa.Array | str, numbers: np.ndarray) -> pa.Array:
    return _strings(prefix, pc.cast(pa.array(numbers), pa.string()))


def _seconds(values: np.ndarray) -> np.ndarray:
    return values.astype(np.int64).astype("timedelta64[s]")


def _hex_ids(rng: np.random.Generator, count: int) -> pa.Array:
    """Mongo-like 24-hex object ids, built in one buffer."""
    data = binascii.hexlify(rng.bytes(12 * count))
    offsets = np.arange(count + 1, dtype=np.int32) * 24
    return pa.Array.from_buffers(pa.string(), count, [None, pa.py_buffer(offsets), pa.py_buffer(data)])


class HubGraph:
    """Who derives from whom: one row per model, and per declaring model its bases (a row, or -1 for a deleted one)."""

    def __init__(self, models: int, tracked: list[str], rng: np.random.Generator) -> None:
        self.tracked = len(tracked) if models >= 20 * len(tracked) else max(1, models // 20)
        self.models = models
        self.derivatives = int(models * DECLARING)
        self.roots = models - self.derivatives
        first = self.roots
        sizes = (np.array(LEVELS) * self.derivatives).astype(int)
        sizes[0] += self.derivatives - sizes.sum()
        self.level = np.zeros(models, dtype=np.int8)
        primary = np.full(models, -2, dtype=np.int64)  # -2: declares nothing
        starts = []
        for depth, size in enumerate(sizes, start=1):
            rows = np.arange(first, first + size)
            self.level[rows] = depth
            if depth == 1:
                choice = rng.random(size)
                primary[rows] = np.where(
                    choice < 0.62,
                    _zipf_index(rng, size, self.tracked),
                    np.where(choice < 0.97, self.tracked + _zipf_index(rng, size, self.roots - self.tracked, 0.9), -1),
                )
            else:
                previous_start, previous_size = starts[-1]
                primary[rows] = previous_start + _zipf_index(rng, size, previous_size, 0.8)
            starts.append((first, size))
            first += size
        # A third of the tracked models declare another tracked one (an instruct model naming its base).
        declaring_tracked = np.nonzero(rng.random(self.tracked) < 0.3)[0]
        primary[declaring_tracked] = rng.integers(0, self.tracked, size=declaring_tracked.size)
        # Pairs of untracked derivatives naming each other: cycles the search must end.
        pairs = max(1, self.derivatives // 2000)
        cyclic = rng.choice(np.arange(self.roots, models)[self.level[self.roots :] == 1], size=2 * pairs, replace=False)
        primary[cyclic[:pairs]], primary[cyclic[pairs:]] = cyclic[pairs:], cyclic[:pairs]

        declaring = np.nonzero(primary != -2)[0]
        # Merges: a second base for 6% of derivatives (a third for 1%), a root or an earlier derivative.
        second = declaring[(rng.random(declaring.size) < 0.06) & (declaring >= self.roots)]
        third = second[rng.random(second.size) < 1 / 6]
        extra_rows = np.concatenate([second, third])
        extra_bases = np.where(
            rng.random(extra_rows.size) < 0.5,
            _zipf_index(rng, extra_rows.size, self.tracked),
            rng.integers(self.tracked, self.roots + sizes[0], size=extra_rows.size),
        )
        rows = np.concatenate([declaring, extra_rows])
        bases = np.concatenate([primary[declaring], extra_bases])
        # The archive is in no particular order (a derivative may come before its base): node n is written at
        # row position[n], and row r holds node self.node[r].
        self.node = rng.permutation(models)
        position = np.empty(models, dtype=np.int64)
        position[self.node] = np.arange(models)
        self.level = self.level[self.node]
        rows, bases = position[rows], np.where(bases >= 0, position[np.maximum(bases, 0)], -1)
        order = np.argsort(rows, kind="stable")  # each row's bases together, the primary one first
        self.edge_rows, self.edge_bases = rows[order], bases[order]
        self.base_count = np.bincount(self.edge_rows, minlength=models)


def generate_week(models: int, snapshot_date: dt.date, seed: int = 11, card_bytes: int = CARD_BYTES) -> pa.Table:
    """The whole synthetic Hub on one snapshot day, in the bundled sample's hub_state.parquet schema."""
    rng = np.random.default_rng(seed)
    tracked = tracked_ids()
    graph = HubGraph(models, tracked, rng)
    ids = _ids(graph, tracked, rng)
    created = _created_at(graph, snapshot_date, rng)
    relation = _relations(graph, rng)
    # 85% declare by field and tags, 12% by tags only, 3% by field only.
    style = rng.choice(3, size=models, p=(0.85, 0.12, 0.03))
    has_bases = graph.base_count > 0
    by_field = has_bases & (style != 1)
    by_tag = has_bases & (style != 2)

    known = graph.edge_bases >= 0
    deleted = _numbered("deleted-user/gone-model-", np.arange(graph.edge_bases.size))
    base_ids = pc.if_else(pa.array(known), ids.take(pa.array(np.where(known, graph.edge_bases, 0))), deleted)
    edge_relation = relation.take(pa.array(graph.edge_rows))

    downloads_all_time = np.floor(rng.lognormal(3.0, 2.6, size=models)).astype(np.int64)
    downloads = np.floor(downloads_all_time * rng.beta(1.2, 4, size=models)).astype(np.int64)
    parameters = rng.choice(np.array([5e8, 1.5e9, 3e9, 7e9, 8e9, 14e9, 32e9, 70e9]), size=models).astype(np.int64)
    library = pa.array(LIBRARIES).take(pa.array(_zipf_index(rng, models, len(LIBRARIES))))
    pipeline = pa.array(PIPELINES).take(pa.array(_zipf_index(rng, models, len(PIPELINES))))
    license_tag = pa.array(LICENSES).take(pa.array(_zipf_index(rng, models, len(LICENSES))))
    created_ts = pa.array(created.astype("datetime64[us]"))
    columns = {
        "id": ids,
        "author": pc.if_else(pa.array(rng.random(models) < 0.03), pa.nulls(models, pa.string()), _namespaces(ids)),
        "createdAt": created_ts,
        "lastModified": pa.array((created + _seconds(rng.integers(0, 90 * 86400, size=models))).astype("datetime64[us]")),
        "downloads": pa.array(downloads),
        "downloadsAllTime": pa.array(downloads_all_time),
        "likes": pa.array(np.floor(rng.lognormal(0.5, 1.8, size=models)).astype(np.int64)),
        "trendingScore": pa.array(np.round(rng.exponential(0.3, size=models), 3)),
        "tags": _tags(graph, by_tag, base_ids, edge_relation, library, pipeline, license_tag, rng),
        "cardData": _card_data(library, pipeline, license_tag, base_ids, graph, _card_text(rng, models, card_bytes)),
        "safetensors": _safetensors(parameters, pa.array(rng.random(models) < 0.7)),
        "gguf": pc.if_else(
            pc.equal(library, "gguf"),
            _strings('{"total": ', pc.cast(pa.array(parameters), pa.string()), ', "architecture": "llama"}'),
            pa.nulls(models, pa.string()),
        ),
        "baseModels": _base_models(graph, by_field, relation, base_ids, rng),
        "pipeline_tag": pipeline,
        "library_name": library,
    }
    schema = pq.read_schema(DEFAULT_SAMPLE_DIR / "hub_state.parquet")
    return pa.Table.from_arrays([columns[field.name].cast(field.type) for field in schema], schema=schema)


def _ids(graph: HubGraph, tracked: list[str], rng: np.random.Generator) -> pa.Array:
    untracked = graph.models - graph.tracked
    namespaces = _numbered("user", _zipf_index(rng, untracked, max(1, untracked // 8), 0.7))
    stems = pa.array(["model", "llm", "chat", "instruct", "coder", "merge", "GGUF", "lora", "sft"]).take(
        pa.array(rng.integers(0, 9, size=untracked))
    )
    synthetic = _strings(namespaces, "/", stems, "-syn", pc.cast(pa.array(np.arange(untracked)), pa.string()))
    return pa.concat_arrays([pa.array(tracked[: graph.tracked], pa.string()), synthetic]).take(pa.array(graph.node))


def _namespaces(ids: pa.Array) -> pa.Array:
    return pc.list_element(pc.split_pattern(ids, "/", max_splits=1), 0)


def _created_at(graph: HubGraph, snapshot_date: dt.date, rng: np.random.Generator) -> np.ndarray:
    """Creation times over about three years, more of them lately, each derivative after its primary base."""
    end = np.datetime64(dt.datetime.combine(snapshot_date, dt.time(23, 59)), "s")
    span = YEARS * 365 * 86400
    created = end - _seconds(span * (1 - rng.random(graph.models) ** 0.6))
    primary = np.full(graph.models, -1)
    first_edge = np.concatenate([[True], graph.edge_rows[1:] != graph.edge_rows[:-1]])
    primary[graph.edge_rows[first_edge]] = graph.edge_bases[first_edge]
    for depth in range(1, len(LEVELS) + 1):
        rows = np.nonzero((graph.level == depth) & (primary >= 0))[0]
        base = created[primary[rows]]
        # Weeks or months after the base, and never after the snapshot: a gap too long lands anywhere before it.
        room = (end - base).astype(np.int64)
        gap = np.minimum(rng.exponential(40 * 86400, size=rows.size), room * rng.random(rows.size))
        created[rows] = base + _seconds(gap)
    return created


def _relations(graph: HubGraph, rng: np.random.Generator) -> pa.Array:
    chosen = rng.choice(len(RELATIONS), size=graph.models, p=RELATION_WEIGHTS)
    chosen[graph.base_count > 1] = 3
    return pa.array(RELATIONS).take(pa.array(chosen))


def _tags(graph, by_tag, base_ids, edge_relation, library, pipeline, license_tag, rng) -> pa.Array:
    """5 to 15 tags a model (more for a merge): library, pipeline, license, languages and others, its base_model:
    tags, region:us."""
    models = graph.models
    vocabulary = pa.array(LANGUAGES + MISC)
    generic = rng.integers(1, 9, size=models)
    tagged_edges = np.asarray(by_tag)[graph.edge_rows]
    base_tags = np.bincount(graph.edge_rows[tagged_edges], minlength=models) * 2
    fixed = 3  # library, pipeline, license
    lengths = fixed + generic + base_tags + 1
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    # One pool of strings, and for every tag position the index of its string in the pool.
    base_plain = _strings("base_model:", base_ids.filter(pa.array(tagged_edges)))
    base_related = _strings(
        "base_model:", edge_relation.filter(pa.array(tagged_edges)), ":", base_ids.filter(pa.array(tagged_edges))
    )
    pool = pa.concat_arrays([library, pipeline, license_tag, vocabulary, base_plain, base_related, pa.array(["region:us"])])
    vocab_start = 3 * models
    plain_start = vocab_start + len(vocabulary)
    related_start = plain_start + len(base_plain)
    source = np.empty(offsets[-1], dtype=np.int64)
    starts = offsets[:-1]
    for k in range(fixed):
        source[starts + k] = k * models + np.arange(models)
    generic_rows = np.repeat(np.arange(models), generic)
    generic_slot = np.arange(generic_rows.size) - np.repeat(np.cumsum(generic) - generic, generic)
    picked = _zipf_index(rng, generic_rows.size, len(vocabulary), 0.6)
    source[starts[generic_rows] + fixed + generic_slot] = vocab_start + picked
    edge_rows = graph.edge_rows[tagged_edges]
    edge_slot = np.arange(edge_rows.size) - np.repeat(np.cumsum(base_tags // 2) - base_tags // 2, base_tags // 2)
    position = starts[edge_rows] + fixed + generic[edge_rows] + 2 * edge_slot
    source[position] = plain_start + np.arange(edge_rows.size)
    source[position + 1] = related_start + np.arange(edge_rows.size)
    source[offsets[1:] - 1] = len(pool) - 1
    return pa.ListArray.from_arrays(pa.array(offsets.astype(np.int32)), pool.take(pa.array(source)))


def _card_text(rng: np.random.Generator, models: int, mean_bytes: int) -> pa.Array:
    """Hard-to-compress card text of heavy-tailed length (the real cards' widgets and eval results are most of an
    archive file's 1.5 GB), cut from one buffer of random base64."""
    if mean_bytes <= 0:
        offsets = pa.py_buffer(np.zeros(models + 1, dtype=np.int64))
        return pa.Array.from_buffers(pa.large_string(), models, [None, offsets, pa.py_buffer(b"")])
    sigma = 1.0
    lengths = np.clip(rng.lognormal(np.log(mean_bytes) - sigma**2 / 2, sigma, size=models), 8, 50_000).astype(np.int64)
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    data = base64.b64encode(rng.bytes(int(offsets[-1]) * 3 // 4 + 3))
    return pa.Array.from_buffers(pa.large_string(), models, [None, pa.py_buffer(offsets), pa.py_buffer(data)])


def _card_data(library, pipeline, license_tag, base_ids, graph, card_text, chunk: int = 1 << 18) -> pa.ChunkedArray:
    """The model card's metadata as JSON text, naming the first base when there is one; in chunks, since the
    whole column outgrows one string array's 2 GB."""
    models = graph.models
    first_edge = np.concatenate([[True], graph.edge_rows[1:] != graph.edge_rows[:-1]])
    index = np.full(models, -1)
    index[graph.edge_rows[first_edge]] = np.nonzero(first_edge)[0]
    first_base = pc.if_else(
        pa.array(index >= 0), base_ids.take(pa.array(np.maximum(index, 0))), pa.nulls(models, pa.string())
    )
    base_part = pc.if_else(pc.is_valid(first_base), _strings(', "base_model": "', pc.fill_null(first_base, ""), '"'), "")
    license_name = pc.utf8_slice_codeunits(license_tag, 8)
    chunks = []
    for start in range(0, models, chunk):
        def part(array):
            return array.slice(start, chunk).cast(pa.string())

        text = _strings(
            '{"library_name": "', part(library), '", "license": "', part(license_name), '", "pipeline_tag": "',
            part(pipeline), '"', part(base_part), ', "language": ["en"], "widget": [{"text": "', part(card_text), '"}]}',
        )
        chunks.append(text)
    return pa.chunked_array(chunks, pa.string())


def _safetensors(parameters: np.ndarray, present: pa.Array) -> pa.Array:
    schema = pq.read_schema(DEFAULT_SAMPLE_DIR / "hub_state.parquet")
    kind = schema.field("safetensors").type
    parameter_type = kind.field("parameters").type
    models = parameters.size
    totals = pa.array(parameters)
    parameter_fields = [totals if field.name == "BF16" else pa.nulls(models, field.type) for field in parameter_type]
    return pa.StructArray.from_arrays(
        [pa.StructArray.from_arrays(parameter_fields, fields=list(parameter_type)), totals],
        fields=list(kind),
        mask=pc.invert(present),
    )


def _base_models(graph: HubGraph, by_field, relation: pa.Array, base_ids: pa.Array, rng) -> pa.Array:
    """The baseModels struct: the relation and the bases' ids, null for a model not declaring by field."""
    models = graph.models
    kept = np.asarray(by_field)[graph.edge_rows]
    counts = np.bincount(graph.edge_rows[kept], minlength=models)
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    entries = pa.StructArray.from_arrays(
        [_hex_ids(rng, int(kept.sum())), base_ids.filter(pa.array(kept))], names=["_id", "id"]
    )
    models_list = pa.ListArray.from_arrays(pa.array(offsets), entries)
    return pa.StructArray.from_arrays(
        [relation, models_list], names=["relation", "models"], mask=pa.array(~np.asarray(by_field))
    )


def week_dates(end: dt.date, weeks: int) -> list[dt.date]:
    """The weekly snapshot days ending at `end`, oldest first."""
    return [end - dt.timedelta(days=7 * back) for back in range(weeks - 1, -1, -1)]


def write_archive(
    out: Path, models: int, weeks: int = 1, end: dt.date = END, seed: int = 11, card_bytes: int = CARD_BYTES
) -> list[Path]:
    """Write models/<date>/models.parquet for `weeks` weekly days ending at `end` into `out`; earlier weeks hold
    the models created by then (with the last week's counters), so the Hub grows from week to week."""
    table = generate_week(models, end, seed, card_bytes)
    created = table.column("createdAt")
    written = []
    for day in week_dates(end, weeks):
        by_then = pa.scalar(dt.datetime.combine(day, dt.time(23, 59, 59)), created.type)
        week = table if day == end else table.filter(pc.less_equal(created, by_then))
        path = out / archive_path(day)
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(week, path, compression="zstd", row_group_size=128 * 1024)
        written.append(path)
    return written


def measure(path: Path) -> None:
    """Time read_archive_derivatives on one file with the seed's tracked ids and print its peak memory."""
    from ingestion.huggingface.archive_derivatives import read_archive_derivatives

    started = time.perf_counter()
    read = read_archive_derivatives(str(path), tracked_ids(), observed_date=dt.date.today(), source="archive:benchmark")
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{path}: {read.models_read:,} models, {read.rows.num_rows:,} derivatives in {seconds:.2f} s, "
        f"peak RSS {peak_mb:,.0f} MB (newest model created {read.newest_created_at})"
    )


def main(argv: list[str] | None = None) -> None:
    """Command line: `write` a synthetic archive, or `measure` the derivative reader on one of its files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    write = commands.add_parser("write", help="write models/<date>/models.parquet files")
    write.add_argument("--out", type=Path, required=True)
    write.add_argument("--models", type=int, default=DEFAULT_MODELS)
    write.add_argument("--weeks", type=int, default=1)
    write.add_argument("--end", type=dt.date.fromisoformat, default=END)
    write.add_argument("--seed", type=int, default=11)
    write.add_argument("--card-bytes", type=int, default=CARD_BYTES, help="mean length of the cards' text (0: none)")
    timed = commands.add_parser("measure", help="time the derivative reader on one archive file")
    timed.add_argument("path", type=Path)
    args = parser.parse_args(argv)
    if args.command == "write":
        started = time.perf_counter()
        for path in write_archive(args.out, args.models, args.weeks, args.end, args.seed, args.card_bytes):
            print(f"{path}: {pq.read_metadata(path).num_rows:,} models, {path.stat().st_size / 1e6:,.0f} MB")
        print(f"written in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    else:
        measure(args.path)


if __name__ == "__main__":
    main()
