"""Command line: serve the bundled Hub sample on loopback until interrupted."""

from __future__ import annotations

import argparse
from pathlib import Path

from replay.server import DEFAULT_ARCHIVE_REPO, DEFAULT_SAMPLE_DIR, ReplayHub


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, start the replay Hub and block until Ctrl-C."""
    parser = argparse.ArgumentParser(prog="python -m replay", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default: loopback only)")
    parser.add_argument("--port", type=int, default=8765, help="port to bind (0 picks a free one)")
    parser.add_argument("--sample-dir", type=Path, default=DEFAULT_SAMPLE_DIR, help="folder with hub_state.parquet")
    parser.add_argument("--page-size", type=int, default=100, help="models per /api/models page")
    parser.add_argument("--archive-repo", default=DEFAULT_ARCHIVE_REPO, help="dataset id served under /datasets/")
    args = parser.parse_args(argv)

    hub = ReplayHub.from_sample(
        args.sample_dir, archive_repo=args.archive_repo, page_size=args.page_size, host=args.host, port=args.port
    )
    hub.start()
    dates = hub.archive_dates
    print(f"Replay Hub serving {hub.state.num_rows} models at {hub.url}  (use HfApi(endpoint={hub.url!r}))")
    print(
        f"NOTE: served download history is RECONSTRUCTED sample data, not observed; only {hub.as_of} is real. "
        f"Archive {args.archive_repo}: {len(dates)} dates, {dates[0]} .. {dates[-1]}.",
        flush=True,
    )
    try:
        hub.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        hub.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
