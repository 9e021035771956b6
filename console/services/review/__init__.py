"""The managers' review (回顾): the alarm log with filters, duty KPIs, exports and reports.

Read-only over the duty log, on its own connection and worker thread (``service.py``); never
on the GUI thread and never through the duty-log writer's queue. See docs/review.md.
"""
