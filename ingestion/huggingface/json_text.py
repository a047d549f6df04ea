"""The text Python's `json.dumps(value, sort_keys=True)` writes, produced by DuckDB SQL for a whole column at once.

The raw `baseModels` declaration is stored as that text whichever reader produced it (the live listing writes it
with json.dumps), so the archive reader must write it byte for byte the same without a Python object per row.
Values are described by a shape, as DuckDB's json_group_structure writes it: a dict of shapes for an object, a
one-shape list for an array, or a type name. Where SQL cannot match Python exactly (a character outside printable
ASCII, which Python escapes as \\uXXXX and DuckDB does not or in upper case; a float, whose repr DuckDB does not
share; a position holding values of several types) the SQL writes a NUL, and `python_text` writes those few rows.
"""

from __future__ import annotations

import json

import pyarrow as pa

# Written where SQL cannot be exact; `needs_python` catches it with the characters Python would escape.
NUL = "chr(0)"
INTEGERS = ("BIGINT", "UBIGINT")


def sql_literal(text: str) -> str:
    """A SQL string literal holding `text`."""
    return "'" + text.replace("'", "''") + "'"


def needs_python(text_sql: str) -> str:
    """SQL that is true where the text written by SQL may differ from Python's: any character outside printable
    ASCII (NUL included) or an escape sequence DuckDB wrote."""
    return f"regexp_matches({text_sql}, '[^ -~]|\\\\u')"


def python_text(json_text: str) -> str:
    """Python's text for one value given as any JSON text."""
    return json.dumps(json.loads(json_text), sort_keys=True)


def shape_of(arrow_type: pa.DataType) -> object:
    """The shape of the values of an Arrow type; a type JSON cannot carry raises ValueError, as json.dumps would
    fail on its values."""
    if pa.types.is_struct(arrow_type):
        return {field.name: shape_of(field.type) for field in arrow_type}
    if pa.types.is_list(arrow_type) or pa.types.is_large_list(arrow_type):
        return [shape_of(arrow_type.value_type)]
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return "VARCHAR"
    if pa.types.is_integer(arrow_type):
        return "UBIGINT" if pa.types.is_unsigned_integer(arrow_type) else "BIGINT"
    if pa.types.is_boolean(arrow_type):
        return "BOOLEAN"
    if pa.types.is_floating(arrow_type):
        return "DOUBLE"
    if pa.types.is_null(arrow_type):
        return "NULL"
    raise ValueError(f"baseModels holds a {arrow_type} value, which JSON cannot carry")


def text_sql(expr: str, shape: object, depth: int = 0) -> str:
    """SQL writing Python's JSON text of `expr`, a DuckDB value (struct, list or scalar) of this shape."""
    if isinstance(shape, dict):
        # Python's sort_keys orders by code point, as Python's own sort of the names does.
        parts = [
            f"{sql_literal(json.dumps(name) + ': ')} || "
            + text_sql(f"struct_extract({expr}, {sql_literal(name)})", inner, depth + 1)
            for name, inner in sorted(shape.items())
        ]
        body = "'{' || " + " || ', ' || ".join(parts) + " || '}'" if parts else "'{}'"
    elif isinstance(shape, list):
        item = f"item{depth}"
        items = f"list_transform({expr}, lambda {item}: {text_sql(item, shape[0], depth + 1)})"
        body = f"'[' || array_to_string({items}, ', ') || ']'"
    elif shape == "VARCHAR":
        body = f"CAST(to_json({expr}) AS VARCHAR)"
    elif shape in INTEGERS:
        body = f"CAST({expr} AS VARCHAR)"
    elif shape == "BOOLEAN":
        body = f"CASE WHEN {expr} THEN 'true' ELSE 'false' END"
    elif shape == "NULL":
        return "'null'"
    else:  # DOUBLE, or JSON where values of several types meet
        body = NUL
    return f"CASE WHEN {expr} IS NULL THEN 'null' ELSE {body} END"
