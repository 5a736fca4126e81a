"""The xlsx layer: addresses, formula strings and the writer/reader backends."""
