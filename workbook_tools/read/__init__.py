"""The one reader: every command reads returns through read_file (stamped templates, typed forms, Word tables)."""
