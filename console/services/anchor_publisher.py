"""Publishes the audit chain's anchor (its last entry, signed) to the broker, retained.

Every ``interval_s`` (setting ``audit.anchor_interval_s``), at every handover (``publish_now``
connected to ``HandoverDesk.completed``) and whenever the broker link (re)connects. The tail is
read by a writer job (the writer's thread, after everything queued before it, so a handover's
entry is in the anchor published for it); the signature and ``BrokerLink.publish`` (which only
queues) run on the GUI thread and never wait for the network or the database.
"""

from __future__ import annotations

import logging
from typing import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from console.domain.protocol import Topics
from console.infrastructure import audit_anchor
from console.infrastructure.store.audit import anchor as chain_tail
from console.infrastructure.store.dutylog import DutyLog
from console.infrastructure.store.writer import DutyLogWriter

log = logging.getLogger("console.services.anchor_publisher")


class AnchorPublisher(QObject):
    published = Signal(object)  # audit_anchor.Anchor, once it is queued for the broker

    def __init__(self, writer: DutyLogWriter, publish: Callable[[str, bytes], None], topics: Topics, station: str,
                 clock: Callable[[], float], key: bytes | None, interval_s: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._writer = writer
        self._publish = publish
        self._topic = topics.anchor(station)
        self._station = station
        self._clock = clock
        self._key = key
        self._reading = False
        self._again = False  # asked again while a read was under way: read once more after it
        self._stopped = False  # after stop(): answers still on their way are dropped, nothing more is read
        self._timer = QTimer(self)
        self._timer.setInterval(max(0, int(interval_s * 1000)))
        self._timer.timeout.connect(self.publish_now)
        self.interval_s = interval_s

    def start(self) -> None:
        self._stopped = False
        if self.interval_s > 0:
            self._timer.start()

    def stop(self) -> None:
        self._stopped = True
        self._timer.stop()
        self._again = False

    def publish_now(self) -> None:
        """Read the chain's tail (writer job) and publish it as the anchor."""
        if self._stopped:
            return
        if self._reading:
            self._again = True
            return
        self._reading = True
        try:
            self._writer.submit(_read_tail, self._tail_read, self._not_read)
        except RuntimeError as exc:  # the duty log is closed (shutting down)
            self._reading = False
            log.debug("no anchor published: %s", exc)

    def _tail_read(self, tail: tuple[int, str]) -> None:
        self._reading = False
        if self._stopped:
            return
        seq, digest = tail
        anchor = audit_anchor.make(seq, digest, self._station, self._clock(), self._key)
        self._publish(self._topic, audit_anchor.encode(anchor))
        log.info("audit anchor %d:%s… published (%s)", seq, digest[:12], anchor.alg or "unsigned: no audit key")
        self.published.emit(anchor)
        self._read_again()

    def _not_read(self, error: BaseException) -> None:
        self._reading = False
        log.warning("audit anchor not published: the chain's tail could not be read (%s)", error)
        self._read_again()

    def _read_again(self) -> None:
        if self._again:
            self._again = False
            self.publish_now()


def _read_tail(log_: DutyLog) -> tuple[int, str]:
    return chain_tail(log_.s)
