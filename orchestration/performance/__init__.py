"""The performance sources' raw tables: Arena ratings, Artificial Analysis indexes and Epoch AI's model data."""
