"""Pure domain core: model, value parsing, scoring, consolidation. No I/O here."""
