"""Hugging Face Hub source: today's state from the listing API and past days from a snapshot archive."""

from ingestion.huggingface.archive import ArchiveAbsentError, ArchiveFiles, SnapshotArchiveReader, scratch_archive
from ingestion.errors import SourceDataError
from ingestion.huggingface.listing import HubListingReader
from ingestion.huggingface.settings import HubSettings
from ingestion.huggingface.snapshot_schema import SNAPSHOT_SCHEMA

__all__ = [
    "ArchiveAbsentError",
    "ArchiveFiles",
    "scratch_archive",
    "HubListingReader",
    "HubSettings",
    "SNAPSHOT_SCHEMA",
    "SnapshotArchiveReader",
    "SourceDataError",
]
