"""Errors the warehouse's commands report to a user."""


class RefreshError(RuntimeError):
    """A refresh run failed; the published marts were left as they were."""


class SourcesFailedError(RefreshError):
    """Some sources failed; the marts were built and published with the others, the failed ones keeping their
    last good rows."""

    def __init__(self, refresh, failures: list[str]) -> None:
        self.refresh = refresh
        listed = "\n  ".join(failures) or "see the run's logs"
        super().__init__(
            f"{len(failures)} source(s) failed:\n  {listed}\n"
            "the published marts now hold the other sources' new data and the failed sources' last good rows"
        )
