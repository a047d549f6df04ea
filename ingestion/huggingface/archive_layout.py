"""How to read an archive file's columns in DuckDB SQL, whatever their types in that copy of the archive.

The rules are those of the live listing's Python (`declared_bases`, `derivative_rows`): a model's bases are its
`baseModels.models[].id` when that field has models, else the ids of its `base_model:<relation>:<id>` tags, the
relation then taken from the last such tag; the author falls back to the id's namespace; `created_at` is UTC.
`baseModels` may be a struct or JSON text; JSON text is read as that struct would be (a `models` value that is
not a list, which no archive writes, names no base and leaves the tags to declare them).
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pyarrow as pa

from ingestion.huggingface.derivatives import RELATIONS
from ingestion.huggingface.json_text import NUL, shape_of, sql_literal, text_sql

# Each counter of the raw table and the archive column it comes from.
COUNTERS = {"downloads_30d": "downloads", "downloads_all_time": "downloadsAllTime"}
EMPTY_LIST = "[]::VARCHAR[]"
# What the bases are read from in a JSON baseModels, parsed once per row.
JSON_BASES = pa.struct([("relation", pa.string()), ("models", pa.list_(pa.struct([("id", pa.string())])))])


class ArchiveLayout:
    """The columns of one archive file that derivatives need, and the SQL reading each of them."""

    def __init__(self, schema: pa.Schema) -> None:
        self.types = {field.name: field.type for field in schema}

    @classmethod
    def of(cls, schema: pa.Schema) -> ArchiveLayout:
        """The layout of a file's schema; a file without `id`, `createdAt` or any declaration raises ValueError."""
        layout = cls(schema)
        missing = {"id", "createdAt"} - set(layout.types)
        if missing:
            raise ValueError(f"the file has no {sorted(missing)} column(s)")
        if "baseModels" not in layout.types and "tags" not in layout.types:
            raise ValueError("the file has neither a 'baseModels' nor a 'tags' column")
        if not pa.types.is_timestamp(layout.types["createdAt"]):
            raise ValueError(f"createdAt is a {layout.types['createdAt']} column, not a timestamp")
        tags = layout.types.get("tags")
        if tags is not None and not (_is_list(tags) and _is_string(tags.value_type)):
            raise ValueError(f"tags is a {tags} column, not a list of strings")
        if layout.base_models is not None and not layout.json_base_models:
            if not pa.types.is_struct(layout.base_models):
                raise ValueError(f"baseModels is a {layout.base_models} column, neither a struct nor JSON text")
            shape_of(layout.base_models)  # a type JSON cannot carry fails here, before any row is read
        layout._field_bases()
        return layout

    @property
    def base_models(self) -> pa.DataType | None:
        """The type of the baseModels column; None without one or when it holds only nulls."""
        found = self.types.get("baseModels")
        return None if found is None or pa.types.is_null(found) else found

    @property
    def json_base_models(self) -> bool:
        """Whether baseModels holds JSON text rather than a struct."""
        return self.base_models is not None and _is_string(self.base_models)

    def declarations(self, path: str, kept: str | None = None) -> str:
        """A SQL relation over the file: one row per untracked model declaring a base (by field or by tag) with its
        file row number, its relation and base ids, and the other columns of its raw row. DuckDB reads only the
        columns a query over it uses. With `kept`, a table of file rows (`row`) and their `base_model_tags` from
        an earlier scan: only those rows, their tags taken from it."""
        source = f"read_parquet({sql_literal(path)}, file_row_number = true)"
        if kept is None:
            base_tags = (
                "coalesce(list_filter(tags, lambda tag: starts_with(tag, 'base_model:')), [])"
                if "tags" in self.types
                else EMPTY_LIST
            )
            source += " where id is not null and id not in (select id from tracked_ids)"
            declaring = "declares_by_field or len(base_model_tags) > 0"
        else:
            # The kept rows passed those filters already. Joining them where the file is read spares the list and
            # JSON work for the other rows, and the tags, the costliest column to decode, are not decoded twice.
            base_tags = f"{kept}.base_model_tags"
            source += f" join {kept} on file_row_number = {kept}.row"
            declaring = "true"
        author = "split_part(id, '/', 1)"
        if "author" in self.types:
            author = f"coalesce(nullif(author, ''), {author})"
        counters = ", ".join(f"{self._column(name)} as {column}" for column, name in COUNTERS.items())
        field, by_field, field_relation, field_ids = self._field_bases()
        relations = "[" + ", ".join(sql_literal(relation) for relation in RELATIONS) + "]"
        columns = f"id, row, author, created_at, {', '.join(COUNTERS)}, base_models, base_model_tags"
        return f"""(
            select {columns},
                   case when by_field then field_relation else split_part(relation_tags[-1], ':', 2) end as relation,
                   case when by_field then field_ids
                        -- the id is what follows base_model:<relation>:, colons included
                        else list_transform(relation_tags, lambda tag: substr(tag, length(split_part(tag, ':', 2)) + 13))
                   end as base_ids
            from (
                select {columns}, {by_field} as by_field, {field_relation} as field_relation, {field_ids} as field_ids,
                       list_filter(base_model_tags, lambda tag: list_contains({relations}, split_part(tag, ':', 2))
                                   and starts_with(tag, 'base_model:' || split_part(tag, ':', 2) || ':')) as relation_tags
                from (
                    select id, file_row_number as row, {author} as author, CAST(createdAt AS TIMESTAMPTZ) as created_at,
                           {counters}, {self._stored_base_models()} as base_models, {base_tags} as base_model_tags,
                           {field} as declared_field, {self._column("baseModels")} IS NOT NULL as declares_by_field
                    from {source}
                )
                where {declaring}
            )
        )"""

    def _column(self, name: str) -> str:
        return f'"{name}"' if name in self.types else "NULL"

    def _stored_base_models(self) -> str:
        if self.base_models is None:
            return "NULL"
        return 'CAST("baseModels" AS JSON)' if self.json_base_models else '"baseModels"'

    def _field_bases(self) -> tuple[str, str, str, str]:
        """SQL for the baseModels value the bases are read from (`declared_field`), then over it: whether it names
        the bases (it has models), its relation and its base ids."""
        if self.base_models is None:
            return "NULL", "false", "NULL", EMPTY_LIST
        if self.json_base_models:
            field = f"""json_transform("baseModels", {sql_literal(json.dumps(shape_of(JSON_BASES)))})"""
            fields = {item.name: item.type for item in JSON_BASES}
        else:
            field = '"baseModels"'
            fields = {item.name: item.type for item in self.base_models}
        relation = "NULL"
        if "relation" in fields:
            if not (_is_string(fields["relation"]) or pa.types.is_null(fields["relation"])):
                raise ValueError(f"baseModels.relation is a {fields['relation']} field, not a string")
            relation = "struct_extract(declared_field, 'relation')"
        models_type = fields.get("models")
        if models_type is None:
            return field, "false", relation, EMPTY_LIST
        if not _is_list(models_type):
            raise ValueError(f"baseModels.models is a {models_type} field, not a list")
        models = "struct_extract(declared_field, 'models')"
        entry = models_type.value_type
        ids = EMPTY_LIST  # entries that are not objects with an id name no base
        if pa.types.is_struct(entry) and entry.get_field_index("id") >= 0:
            if not _is_string(entry.field("id").type):
                raise ValueError(f"baseModels.models[].id is a {entry.field('id').type} field, not a string")
            ids = f"list_transform({models}, lambda entry: struct_extract(entry, 'id'))"
            ids = f"list_filter({ids}, lambda base: base <> '')"
        return field, f"coalesce(len({models}) > 0, false)", relation, ids

    def raw_text(self, structure: Callable[[], str | None]) -> tuple[str, str, str]:
        """SQL over `base_models` for: the value whose text json.dumps(baseModels, sort_keys=True) writes (NULL for
        none); that text, over that value named `raw_value`; and the JSON Python writes the text from where the SQL
        one may be wrong. `structure` gives the JSON column's json_group_structure over the rows read."""
        if self.base_models is None:
            return "NULL", "NULL", "NULL"
        if not self.json_base_models:
            return "base_models", text_sql("raw_value", shape_of(self.base_models)), "CAST(to_json(base_models) AS VARCHAR)"
        source = "CAST(base_models AS VARCHAR)"
        found = structure()
        shape = json.loads(found) if found is not None else "NULL"
        if not isinstance(shape, dict):  # no object, or objects mixed with other values: Python writes them all
            return "CASE WHEN json_type(base_models) <> 'NULL' THEN base_models END", NUL, source
        # Parsed into the struct of the column's structure. A missing key would come back as a null one: the struct
        # stands for the text only where it writes the same compact JSON, and Python writes the other rows.
        same = "CAST(to_json(raw_value) AS VARCHAR) = CAST(json(base_models) AS VARCHAR)"
        return (
            f"json_transform(base_models, {sql_literal(found)})",
            f"CASE WHEN {same} THEN {text_sql('raw_value', shape)} ELSE {NUL} END",
            source,
        )

    def counter_checks(self) -> list[tuple[str, str, str]]:
        """For each counter that its column's type does not make a whole number: the raw table column, the archive
        column, and the SQL condition of a value `parse_count` refuses (a negative count passes, as there)."""
        checks = []
        for column, name in COUNTERS.items():
            found = self.types.get(name)
            if found is None or pa.types.is_null(found) or pa.types.is_integer(found):
                continue
            if pa.types.is_floating(found):
                whole = f"isfinite({column}) and {column} = floor({column})"
                checks.append((column, name, f"{column} is not null and not ({whole})"))
            else:
                checks.append((column, name, f"{column} is not null"))
        return checks


def _is_list(arrow_type: pa.DataType) -> bool:
    return pa.types.is_list(arrow_type) or pa.types.is_large_list(arrow_type)


def _is_string(arrow_type: pa.DataType) -> bool:
    return pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type)
