"""A citable data release of the published marts: Parquet and CSV, a data dictionary, credits and checksums."""
