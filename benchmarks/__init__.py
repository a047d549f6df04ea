"""Benchmarks of the warehouse at scale, on synthetic snapshot history (`make bench`)."""
