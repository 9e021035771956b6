"""The alarm domain: plain Python (no Qt, no I/O), time from an injected clock."""
