"""Errors the warehouse's commands report to a user."""


class RefreshError(RuntimeError):
    """A refresh run failed; the published marts were left as they were."""
