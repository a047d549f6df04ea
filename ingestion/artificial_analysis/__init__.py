"""Artificial Analysis source: its leaderboard indexes per model and day read, from the public daily reads of its
leaderboard page and, with a key, today from its API."""
