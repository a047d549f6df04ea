"""Running a Great Expectations suite on an in-memory batch and summarising what failed."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import pandas as pd


@dataclass(frozen=True)
class ExpectationFailure:
    """One failed expectation, said in a line a user can act on."""

    expectation: str
    column: str | None
    detail: str

    def __str__(self) -> str:
        where = f" on column {self.column}" if self.column else ""
        return f"{self.expectation}{where}: {self.detail}"


@dataclass(frozen=True)
class SuiteResult:
    """The outcome of one suite on one batch."""

    suite_name: str
    success: bool
    evaluated: int
    failures: list[ExpectationFailure] = field(default_factory=list)

    def message(self) -> str:
        """A one-paragraph summary naming every failed expectation."""
        if self.success:
            return f"{self.suite_name}: all {self.evaluated} expectations passed"
        lines = "; ".join(str(failure) for failure in self.failures)
        return f"{self.suite_name}: {len(self.failures)} of {self.evaluated} expectations failed: {lines}"


def _describe(result) -> str:
    """What a failed expectation observed and what it expected, in a few words."""
    details = result.result or {}
    parts = []
    if "observed_value" in details:
        parts.append(f"observed {details['observed_value']}")
    if details.get("unexpected_count"):
        parts.append(f"{details['unexpected_count']} unexpected value(s)")
    sample = details.get("partial_unexpected_list")
    if sample:
        parts.append(f"e.g. {sample[:5]}")
    kwargs = {k: v for k, v in result.expectation_config.kwargs.items() if k not in ("column", "batch_id")}
    if kwargs:
        parts.append(f"expected {kwargs}")
    return ", ".join(parts) or "failed"


@cache
def _context():
    """One in-memory GX context per process, with one pandas source: building them anew cost about 6 ms a batch."""
    import great_expectations as gx  # slow to import: only when a batch is actually validated

    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        analytics_enabled=False,
        store_backend_defaults=InMemoryStoreBackendDefaults(),
        progress_bars=ProgressBarsConfig(globally=False),
    )
    context = gx.get_context(mode="ephemeral", project_config=config)
    context.data_sources.add_pandas(name="batch")
    return context


@cache
def _whole_frame(asset_name: str):
    """The batch definition that takes a whole frame, one per suite name, made on first use."""
    source = _context().data_sources.get("batch")
    return source.add_dataframe_asset(name=asset_name).add_batch_definition_whole_dataframe("whole")


def _release(batch) -> None:
    # GX's execution engine keeps a suite's last batch (and through it the frame) until that suite's next batch:
    # a whole-Hub day's frame would stay alive through the next day's read.
    manager = _context().data_sources.get("batch").get_execution_engine().batch_manager
    manager.reset_batch_cache()
    manager.batch_data_cache.pop(batch.id, None)


def run_suite(suite, frame: pd.DataFrame) -> SuiteResult:
    """Validate the frame against the suite in the process's in-memory GX context."""
    batch = _whole_frame(suite.name).get_batch(batch_parameters={"dataframe": frame})
    outcome = batch.validate(suite)
    _release(batch)
    failures = [
        ExpectationFailure(
            expectation=result.expectation_config.type,
            column=result.expectation_config.kwargs.get("column"),
            detail=_describe(result),
        )
        for result in outcome.results
        if not result.success
    ]
    return SuiteResult(
        suite_name=suite.name,
        success=bool(outcome.success),
        evaluated=len(outcome.results),
        failures=failures,
    )
