"""The reading history: every reading kept at full resolution, then per-minute min/mean/max.

``codec`` packs a block of readings into bytes, ``schema`` is the layout in the database,
``store`` reads and writes blocks (one thread), ``service`` is that thread and its queue, and
``trend_source`` is what the trend widgets talk to (QtCore only).
"""
