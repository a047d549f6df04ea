"""Dagster freshness checks on the raw tables: each source's last successful read against the age it may reach."""

from __future__ import annotations

import datetime as dt

import dagster as dg

from orchestration.sources import SOURCES


def source_freshness_checks() -> list[dg.AssetChecksDefinition]:
    """One last-update check per raw asset, failing (as a warning) once its source's last good read is older
    than the source's max age; a failed or skipped read leaves no materialization, so it ages the check."""
    checks = []
    for max_age in sorted({source.max_age_days for source in SOURCES}):
        keys = [dg.AssetKey(["raw", source.raw_table]) for source in SOURCES if source.max_age_days == max_age]
        checks.extend(
            dg.build_last_update_freshness_checks(assets=keys, lower_bound_delta=dt.timedelta(days=max_age))
        )
    return checks
