"""The columns of an alarm-log row as the review's queries return it (plain Python, no SQL)."""

from __future__ import annotations

# Times as epoch seconds, None when it did not happen.
FIELDS = (
    "id", "raised", "enterprise", "point", "condition", "priority", "text", "returned", "closed", "ack_overdue",
    "handling_overdue", "handling_required", "ack_operator", "acked", "response_ms", "ack_shift", "handling_operator",
    "handled", "category", "description", "handling_shift", "clearing_operator", "cleared", "station",
)
F = {name: i for i, name in enumerate(FIELDS)}
