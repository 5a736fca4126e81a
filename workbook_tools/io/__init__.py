"""File-system adapters shared by every writer."""
