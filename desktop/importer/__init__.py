"""Importing files from the window: the wizard and what opens it."""
