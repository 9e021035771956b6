"""States of the broker link, shared by the core and the widgets (no paho here)."""

from __future__ import annotations

import enum


class LinkState(enum.Enum):
    CONNECTING = "connecting"
    CONNECTED = "connected"
    DISCONNECTED = "disconnected"
    STOPPED = "stopped"
