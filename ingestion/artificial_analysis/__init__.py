"""Artificial Analysis source: its intelligence and coding indexes per model, through its API when a key is set."""
