"""Errors the source clients raise when a source hands back something unusable or cannot be read."""


class SourceDataError(ValueError):
    """A response from the source was malformed; the message names where it came from."""


class SourceUnavailableError(RuntimeError):
    """The source could not be read (after retries); the message names what was asked for."""


class SourceAbsentError(LookupError):
    """The endpoint answers but does not hold what was asked for (a mirror without that dataset); not a failure."""
