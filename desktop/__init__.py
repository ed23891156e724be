"""Counteroffer's window: a PySide6 client of the core."""
