"""The report's first notice: which sources it draws from are stale, failed on their last read, or never read."""

from __future__ import annotations

import duckdb


def stale_source_notices(conn: duckdb.DuckDBPyConnection) -> list[str]:
    """One line per stale source of the published marts, saying how old its data is and why it was not refreshed."""
    found = conn.execute(
        "select count(*) from information_schema.tables where table_schema = 'marts' and table_name = 'source_freshness'"
    ).fetchall()
    if not found[0][0]:
        return []
    rows = conn.execute(
        """
        select source, data_as_of, age_days, max_age_days, last_status, last_reason
        from marts.source_freshness
        where is_stale
        order by source
        """
    ).fetchall()
    notices = []
    for source, as_of, age, max_age, status, reason in rows:
        served = f"its data is as of {as_of} ({age} days old, stale after {max_age})" if as_of else "it has never stored data"
        why = f"; its last read {status}: {reason}" if status != "stored" and reason else ""
        notices.append(f"Stale source {source}: {served}{why}.")
    return notices
