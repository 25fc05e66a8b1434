"""Reports built from the local store: the shift handover summary and the township Excel sheet.

Plain Python (no Qt): the GUI shows and prints what these functions compute.
"""
