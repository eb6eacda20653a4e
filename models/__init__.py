"""Domain dataclasses and the SQLite store."""
