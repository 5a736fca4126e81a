"""The collector's workflow: roster, distribute, collect (status), consolidate, demo."""
