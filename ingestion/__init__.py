"""Source clients: plain Python readers of the warehouse's external sources, free of orchestration code."""
