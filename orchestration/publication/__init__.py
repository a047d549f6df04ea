"""Publishing the marts as a read-only copy that SQL users query while refreshes run."""
