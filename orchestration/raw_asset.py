"""The decorator of the raw tables' assets: a step that may end without materializing its table."""

from __future__ import annotations

from collections.abc import Sequence

import dagster as dg


def raw_asset(
    *,
    key: dg.AssetKey,
    description: str,
    kinds: set[str],
    check_specs: Sequence[dg.AssetCheckSpec],
    partitions_def: dg.PartitionsDefinition | None = None,
    backfill_policy: dg.BackfillPolicy | None = None,
):
    """A raw table read from one source. When the source is switched off, unconfigured or absent at its endpoint,
    the step ends with neither a materialization nor a check result, so the UI shows the table as not refreshed
    and its checks as not evaluated, rather than a pass; a source that fails fails the step."""
    return dg.multi_asset(
        name=key.to_python_identifier(),
        specs=[dg.AssetSpec(key, description=description, kinds=kinds, group_name="raw", skippable=True)],
        check_specs=check_specs,
        # Subsettable, so that the check outputs, like the table's, may be left out by a skipped read.
        can_subset=True,
        partitions_def=partitions_def,
        backfill_policy=backfill_policy,
        description=description,
    )
