"""The only code that imports xlwings: UDFs and RunPython button entry points (optional extra `excel`)."""
