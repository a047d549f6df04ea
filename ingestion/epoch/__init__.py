"""Epoch AI's "Data on AI Models" CSV: organisation, country, parameters and accessibility of notable models."""
