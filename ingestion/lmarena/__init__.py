"""LMArena source: dated Arena ratings per model from the `lmarena-ai/leaderboard-dataset` Hub dataset."""
