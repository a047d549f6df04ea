"""The data dictionary of a release: every mart and column with its type and its description from the dbt YAML."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One column: its name, DuckDB type and description."""

    name: str
    data_type: str
    description: str


@dataclass(frozen=True)
class Mart:
    """One released mart: its description, whether dbt enforces its contract, its rows and columns."""

    name: str
    description: str
    contract_enforced: bool
    rows: int
    columns: list[Column]


def documented_marts(manifest: Mapping) -> dict[str, Mapping]:
    """The dbt manifest's nodes of the marts layer, by model name."""
    return {
        node["name"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["schema"] == "marts"
    }


def describe(name: str, node: Mapping | None, types: list[tuple[str, str]], rows: int) -> Mart:
    """The dictionary entry of one mart from its manifest node (None when the project no longer has it) and the
    column types of the released table."""
    documented = (node or {}).get("columns", {})
    return Mart(
        name=name,
        description=(node or {}).get("description", ""),
        contract_enforced=bool((node or {}).get("config", {}).get("contract", {}).get("enforced")),
        rows=rows,
        columns=[
            Column(column, data_type, documented.get(column, {}).get("description", "")) for column, data_type in types
        ],
    )


def dictionary_markdown(marts: list[Mart], *, title: str) -> str:
    """The dictionary as Markdown: one section per mart with its column table."""
    lines = [f"# {title}: data dictionary", ""]
    lines += [
        "Marts marked *contract* have their columns and types enforced by dbt: a change to them is a new release's "
        "breaking change. The others are published as built and may gain columns.",
        "",
    ]
    for mart in marts:
        contract = " (contract)" if mart.contract_enforced else ""
        lines += [f"## {mart.name}{contract}", "", mart.description or "(no description)", "", f"{mart.rows} rows.", ""]
        lines += ["| column | type | description |", "|---|---|---|"]
        lines += [f"| {c.name} | {c.data_type} | {c.description.replace('|', '/')} |" for c in mart.columns]
        lines.append("")
    return "\n".join(lines)
