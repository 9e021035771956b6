"""Handover (交接班): the report, the signatures, printing."""
