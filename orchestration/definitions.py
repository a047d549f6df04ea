"""The Dagster code location of the warehouse, loaded by `dagster dev` and `atom`."""

import dagster as dg

from orchestration.build import build_definitions


@dg.definitions
def defs() -> dg.Definitions:
    """Definitions built on load, not at import."""
    return build_definitions()
