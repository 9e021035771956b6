"""The enterprise overview's figures: each enterprise's summary, kept up to date from the alarm feed
and the devices' status reports, announced a few times per second at most.

Every alarm change updates only its own enterprise (console.domain.enterprise_tally); the
enterprises changed since the last announcement are collected and announced together once the
refresh interval has passed, so a flood of thousands of changes costs one refresh of the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from console.domain.alarms import SYSTEM_ENTERPRISE, AlarmChange
from console.domain.enterprise_tally import EnterpriseStatus, EnterpriseTally
from console.domain.plant import PlantRegistry
from console.domain.protocol import DeviceStatus
from console.services.alarm_feed import AlarmFeed

REFRESH_MS = 250  # at most four announcements per second


class EnterpriseOverview(QObject):
    changed = Signal(object)  # frozenset[str]: the enterprises whose summary changed
    reset = Signal()  # the plant changed: every enterprise, maybe new ones or fewer
    server_link_changed = Signal(bool)  # True: the alarm server link is lost, the figures may be stale

    def __init__(self, feed: AlarmFeed, registry: PlantRegistry, parent: QObject | None = None,
                 refresh_ms: int = REFRESH_MS) -> None:
        super().__init__(parent)
        self._feed = feed
        self._tally = EnterpriseTally(registry)
        self._dirty: set[str] = set()
        self._link_lost = False
        self.announcements = 0  # how many times ``changed`` was emitted
        self.rebuilds = 0  # how many times every alarm was walked (start and plant changes only)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(refresh_ms)
        self._timer.timeout.connect(self._announce)
        self._rebuild()
        feed.listen(self._on_change)

    # -- reading -----------------------------------------------------------------------
    def codes(self) -> list[str]:
        """The enterprises in the plant's order (then any met in alarms but not in the plant)."""
        return self._tally.codes()

    def status(self, code: str) -> EnterpriseStatus | None:
        return self._tally.status(code)

    def total(self) -> EnterpriseStatus:
        return self._tally.total()

    @property
    def server_link_lost(self) -> bool:
        return self._tally.server_link_lost

    # -- input -------------------------------------------------------------------------
    def on_device_status(self, status: DeviceStatus) -> None:
        """Slot for Intake.device_status."""
        self._mark(self._tally.device_status(status))

    def reload_plant(self) -> None:
        """The plant registry's contents changed (the plant editor's ``on_changed``, points import)."""
        was_lost = self._link_lost
        self._rebuild()
        self._dirty.clear()
        self.reset.emit()
        if self._link_lost != was_lost:
            self.server_link_changed.emit(self._link_lost)

    # -- internals ---------------------------------------------------------------------
    def _rebuild(self) -> None:
        self.rebuilds += 1
        self._tally.rebuild(self._feed.alarms())
        self._link_lost = self._tally.server_link_lost

    def _on_change(self, change: AlarmChange) -> None:
        self._mark(self._tally.apply(change))

    def _mark(self, code: str | None) -> None:
        if code is None:
            return
        if code == SYSTEM_ENTERPRISE:
            if self._tally.server_link_lost != self._link_lost:
                self._link_lost = self._tally.server_link_lost
                self.server_link_changed.emit(self._link_lost)
            return
        self._dirty.add(code)
        if not self._timer.isActive():
            self._timer.start()

    def _announce(self) -> None:
        if not self._dirty:
            return
        codes = frozenset(self._dirty)
        self._dirty.clear()
        self.announcements += 1
        self.changed.emit(codes)
