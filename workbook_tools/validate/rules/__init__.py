"""Rule modules, one per group of RULES.md §C; importing them registers their rules."""
