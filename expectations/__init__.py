"""Great Expectations 1.x suites that gate each refresh, defined in Python and run in an ephemeral context."""
