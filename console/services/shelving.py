"""Shelving recorded once and shared by every workstation on the duty log and the broker.

This workstation's own shelvings and unshelvings (the book's ``SHELVED`` and ``UNSHELVED``
changes that are not ``remote``) are written to the duty log — the ``shelves`` row, its history
row and its audit entry in one transaction (console/infrastructure/store/shelf_log.py) — and,
once written (or kept in the local journal while the log is unreachable), published on
``…/{enterprise}/shelves/{point}``: the other workstations apply them to their books (the intake
calls ``AlarmBook.apply_remote_shelf`` / ``apply_remote_unshelve``) without recording them again.
A shelving whose time runs out ends on every workstation by itself, at the same ``until``; the
first workstation to write its end records it, the others find it ended and record nothing.

The person who unshelved: the desk makes the request inside ``with acting(operator):``; an
unshelving outside it is a shelving whose time ran out.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from functools import partial
from typing import Callable, Iterator

from PySide6.QtCore import QObject

from console.domain import protocol
from console.domain.alarms import Alarm, AlarmBook, AlarmChange, Event, Shelf
from console.infrastructure.store import journal
from console.infrastructure.store.shelf_log import ShelfEnd, ShelfStart
from console.infrastructure.store.writer import DutyLogWriter

log = logging.getLogger("console.services.shelving")

Publish = Callable[[str, bytes], None]  # (topic, payload), QoS 1


class SharedShelving(QObject):
    def __init__(self, book: AlarmBook, writer: DutyLogWriter, publish: Publish, topics: protocol.Topics, station: str,
                 clock: Callable[[], float], shift_of: Callable[[float], str] = lambda _at: "",
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._writer = writer
        self._publish = publish
        self._topics = topics
        self._station = station
        self._clock = clock
        self._shift_of = shift_of
        self._acting: str | None = None  # the operator whose request is carried out; None: nobody's
        self._published_held: set[ShelfStart | ShelfEnd] = set()  # published when kept in the journal
        book.subscribe(self._on_change)

    @contextmanager
    def acting(self, operator: str) -> Iterator[None]:
        """Unshelvings the book reports while inside are ``operator``'s request."""
        previous, self._acting = self._acting, operator
        try:
            yield
        finally:
            self._acting = previous

    def _on_change(self, change: AlarmChange) -> None:
        if change.remote:  # another workstation's: recorded there
            return
        alarm = change.alarm
        if change.event is Event.SHELVED and alarm.shelf is not None:
            self._shelved(alarm, alarm.shelf)
        elif change.event is Event.UNSHELVED:
            self._unshelved(alarm)

    # -- shelved here ----------------------------------------------------------------------
    def _shelved(self, alarm: Alarm, shelf: Shelf) -> None:
        start = ShelfStart(alarm.occurrence_id, alarm.key, int(alarm.priority), shelf, self._shift_of(shelf.since))
        self._writer.submit(journal.shelf(start), partial(self._shelf_written, start, alarm),
                            partial(self._not_written, start), partial(self._shelf_held, start, alarm))

    def _shelf_held(self, start: ShelfStart, alarm: Alarm) -> None:
        self._published_held.add(start)
        self._publish_shelf(alarm, start.shelf)

    def _shelf_written(self, start: ShelfStart, alarm: Alarm, _result: object) -> None:
        if start in self._published_held:  # kept in the journal, published then; written now
            self._published_held.discard(start)
            return
        self._publish_shelf(alarm, start.shelf)

    def _publish_shelf(self, alarm: Alarm, shelf: Shelf) -> None:
        self._publish(self._topics.shelf(alarm.enterprise, alarm.point), protocol.encode_shelf(alarm, shelf))
        log.info("alarm %s shelved by %s until %.0f: %s", alarm.key, shelf.operator, shelf.until, shelf.reason)

    # -- unshelved here, or its time ran out ------------------------------------------------------
    def _unshelved(self, alarm: Alarm) -> None:
        at = self._clock()
        operator = self._acting
        end = ShelfEnd(alarm.occurrence_id, alarm.key, int(alarm.priority), operator or "", self._station, at,
                       expired=operator is None, shift=self._shift_of(at))
        self._writer.submit(journal.shelf_end(end), partial(self._end_written, end, alarm),
                            partial(self._not_written, end), partial(self._end_held, end, alarm))

    def _end_held(self, end: ShelfEnd, alarm: Alarm) -> None:
        self._published_held.add(end)
        self._publish_end(end, alarm)

    def _end_written(self, end: ShelfEnd, alarm: Alarm, first: bool) -> None:
        if end in self._published_held:
            self._published_held.discard(end)
            return
        if first:
            self._publish_end(end, alarm)
        else:
            log.info("the shelving of %s was ended already (at another workstation)", end.key)

    def _publish_end(self, end: ShelfEnd, alarm: Alarm) -> None:
        if end.expired:  # every workstation sees its time run out by itself
            log.info("shelving of alarm %s ran out", end.key)
            return
        self._publish(self._topics.shelf(alarm.enterprise, alarm.point),
                      protocol.encode_unshelve(alarm, end.operator, end.station, end.at))
        log.info("alarm %s unshelved by %s", end.key, end.operator)

    def _not_written(self, record: ShelfStart | ShelfEnd, error: BaseException) -> None:
        self._published_held.discard(record)
        log.error("shelving record of %s could not be stored: %s", record.key, error)
