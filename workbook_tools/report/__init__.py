"""The 自评报告: draft one from checked returns (`report`) and check the numbers of a written one (`check-report`).

Pure parts (facts, outline, statements, checks) have no I/O; docx.py, draft.py, document.py and
annotate.py are the adapters that read and write Word files.
"""
