"""The validator: typed findings with stable codes, reports, annotated copies and batch runs (issue 4)."""
