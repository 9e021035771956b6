"""The managers' review: the alarm log, KPIs, charts and PDF reports."""
