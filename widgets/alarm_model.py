"""The alarm list as a Qt table model, in the order of console/domain/alarm_order.py
(unacknowledged first, then priority, then time).

Only the priority cell flashes for an unacknowledged alarm; rows stay calm. During a flood the
first alarm of each enterprise and area is marked "first out", in place: grouping never moves a
lower priority above a higher one. While the operator holds the list (the pointer over it, a
menu open), rows do not move: changes to shown alarms update in place, new arrivals are counted
(``held_changed``) and slot in when the list is let go."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFont

from console.domain.alarm_filter import AlarmFilter
from console.domain.alarm_order import Answers, everything, list_key
from console.domain.alarms import Alarm, AlarmChange, ChangeKind
from console.services.alarm_feed import AlarmFeed
from console.domain.plant import PlantRegistry
from widgets import priority as look

ALARM_ROLE = Qt.ItemDataRole.UserRole + 1
FIRST_OUT_ROLE = Qt.ItemDataRole.UserRole + 2
INSTRUMENT_ROLE = Qt.ItemDataRole.UserRole + 3
FLASH_MS = 500
BATCH_MS = 100  # under a burst, the list is redrawn at most this often
FLOOD_BATCH_MS = 250  # … and a list this long (IMMEDIATE_BELOW_ROWS) at most this often: each redraw of
# both views costs some 25 ms of the GUI thread whatever the list's length, and nobody reads faster
REBUILD_ABOVE = 5  # more changes than this at once: re-sort the whole list (a reset is cheap,
# row-by-row inserts into a long list are not)
MAX_INSERT_BLOCKS = 32  # new alarms landing in more places than this at once: re-sort instead
IMMEDIATE_PER_BATCH = 20  # changes shown at once within one BATCH_MS before gathering starts
IMMEDIATE_BELOW_ROWS = 1000  # a list this long is in a flood: changes wait for the next batch

COLUMNS = ("priority", "state", "time", "enterprise", "point", "name", "condition", "value", "text", "ack")
FROZEN = ("priority", "state", "time")  # stay in view when the list is scrolled sideways
ELIDED = ("state", "enterprise", "name", "condition", "value", "text", "ack")  # may be cut short: full text in the tooltip


def _headers() -> dict[str, str]:
    return {
        "priority": QCoreApplication.translate("AlarmTable", "Priority"),
        "state": QCoreApplication.translate("AlarmTable", "State"),
        "time": QCoreApplication.translate("AlarmTable", "Time"),
        "enterprise": QCoreApplication.translate("AlarmTable", "Enterprise"),
        "point": QCoreApplication.translate("AlarmTable", "Tag"),
        "name": QCoreApplication.translate("AlarmTable", "Point"),
        "condition": QCoreApplication.translate("AlarmTable", "Alarm"),
        "value": QCoreApplication.translate("AlarmTable", "Value / limit"),
        "text": QCoreApplication.translate("AlarmTable", "Description"),
        "ack": QCoreApplication.translate("AlarmTable", "Acknowledged by"),
    }


@functools.lru_cache(maxsize=4096)  # the rows on screen are redrawn many times a second in a flood
def _time(seconds: float) -> str:
    return dt.datetime.fromtimestamp(seconds).strftime("%m-%d %H:%M:%S")


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.4g}"


class AlarmTableModel(QAbstractTableModel):
    """``include`` picks the alarms this list shows (the operator's list: not shelved, not out
    of service, not waiting to be cleared); ``set_filter`` narrows it further."""

    held_changed = Signal(int)  # alarms that arrived while the list is held (0: none, or let go)

    def __init__(self, feed: AlarmFeed, registry: PlantRegistry, parent=None,
                 include: Callable[[Alarm], bool] = lambda a: a.in_main_list) -> None:
        super().__init__(parent)
        self._feed = feed
        self._registry = registry
        self._include = include
        self._filter = AlarmFilter()
        self.grouped = False  # a flood: first-out markers are shown
        self._first_out: set[str] = set()
        self._first_of: dict[tuple[str, str], Alarm] = {}  # (enterprise, area) -> its earliest alarm shown
        self.inserted_blocks = 0  # blocks of new rows inserted (each one beginInsertRows), for the tests
        self._group_of: dict[str, tuple[str, str]] = {}  # alarm key -> (enterprise, area), for the first-out marks
        self._answers: Answers = everything  # areas of responsibility: the enterprises this workstation answers
        self._taken_over: frozenset[str] = frozenset()  # … of which fallen to it from an unattended desk
        self._rows: list[Alarm] = []
        self._sort_keys: list[tuple] = []
        self._key_of: dict[str, tuple] = {}  # alarm key -> the sort key its row was placed by
        self._headers = _headers()
        self._roles = self._role_answers()
        self._instrument_font = QFont()
        self._instrument_font.setItalic(True)  # instrument and communication alarms look apart
        self.flash_on = True
        self._flash = QTimer(self)
        self._flash.setInterval(FLASH_MS)
        self._flash.timeout.connect(self._toggle_flash)  # runs only while a row can flash (_sync_flash)
        self._alarms: dict[str, Alarm] = {}
        self._pending: dict[str, Alarm | None] = {}
        self._holds: set[str] = set()
        self._held: dict[str, Alarm | None] = {}
        self._arrived_while_held: set[str] = set()
        self._immediate = 0
        self._cooldown = QTimer(self)
        self._cooldown.setSingleShot(True)
        self._cooldown.setInterval(BATCH_MS)
        self._cooldown.timeout.connect(self._cooldown_over)
        for alarm in feed.alarms():
            if self._wanted(alarm):
                self._insert(alarm, notify=False)
        feed.listen(self.on_change)
        self._sync_flash()

    # -- Qt model interface ------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[COLUMNS[section]]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every role of every visible cell on each repaint (two views): the roles this
        # model never answers (alignment, check state, size hint …) return at once.
        answer = self._roles.get(role)
        if answer is None or not index.isValid():
            return None
        return answer(self._rows[index.row()], index.column())

    def _role_answers(self) -> dict[int, Callable[[Alarm, int], Any]]:
        indicator = COLUMNS.index("priority")
        lit = self._lit
        roles: dict[Any, Callable[[Alarm, int], Any]] = {
            Qt.ItemDataRole.DisplayRole: lambda alarm, column: self._display(alarm, COLUMNS[column]),
            ALARM_ROLE: lambda alarm, _column: alarm,
            FIRST_OUT_ROLE: lambda alarm, _column: alarm.key in self._first_out,
            Qt.ItemDataRole.DecorationRole:
                lambda alarm, column: look.icon(alarm.priority, lit=lit(alarm)) if column == indicator else None,
            Qt.ItemDataRole.BackgroundRole:
                lambda alarm, column: look.COLOURS[alarm.priority] if column == indicator and lit(alarm) else None,
            Qt.ItemDataRole.ForegroundRole:
                lambda alarm, column: look.TEXT_ON[alarm.priority] if column == indicator and lit(alarm) else None,
            Qt.ItemDataRole.ToolTipRole: lambda alarm, column: self._tooltip(alarm, COLUMNS[column]),
            Qt.ItemDataRole.FontRole: lambda alarm, _column: self._instrument_font if alarm.is_instrument else None,
            INSTRUMENT_ROLE: lambda alarm, _column: alarm.is_instrument,
        }
        return {int(role): answer for role, answer in roles.items()}

    # -- content -------------------------------------------------------------------
    def _lit(self, alarm: Alarm) -> bool:
        """The indicator of an unacknowledged alarm flashes in its priority colour."""
        return alarm.state.needs_ack and self.flash_on and not alarm.ack_pending

    def _tooltip(self, alarm: Alarm, column: str) -> str | None:
        """The whole text of a cell that may be cut short, and the alarm's description."""
        text = self._display(alarm, column) if column in ELIDED else ""
        parts = [part for part in (text, alarm.text if column != "text" else "") if part]
        return "\n".join(parts) or None

    def _display(self, alarm: Alarm, column: str) -> str:
        if column == "priority":
            return look.label(alarm.priority)
        if column == "state":
            text = look.state_label(alarm.state, alarm.ack_pending)
            if alarm.chattering:
                text += QCoreApplication.translate("AlarmTable", " · chattering")
            if alarm.late:
                text += QCoreApplication.translate("AlarmTable", " · delivered late")
            if alarm.handling is not None:
                text += QCoreApplication.translate("AlarmTable", " · handled")
            elif alarm.handling_required and not alarm.state.needs_ack:
                text += QCoreApplication.translate("AlarmTable", " · to be handled")
            if alarm.overdue:
                text = QCoreApplication.translate("AlarmTable", "‼ OVERDUE · ") + text
            if alarm.key in self._first_out:
                text = QCoreApplication.translate("AlarmTable", "First out · ") + text
            if alarm.enterprise in self._taken_over:
                text = QCoreApplication.translate("AlarmTable", "⇄ Taken over · ") + text
            elif not self._answers(alarm.enterprise):
                text = QCoreApplication.translate("AlarmTable", "◇ Other desk · ") + text
            return text
        if column == "time":
            return _time(alarm.raised_at)
        if column == "enterprise":
            return QCoreApplication.translate("AlarmTable", "Duty Console") if alarm.is_system else self._registry.enterprise_name(alarm.enterprise)
        if column == "point":
            return "" if alarm.is_system else alarm.point
        if column == "name":
            if alarm.is_system:
                return look.system_name(alarm)
            return self._registry.point_name(alarm.enterprise, alarm.point)
        if column == "condition":
            label = look.alarm_condition_label(alarm)
            return f"⚙ {label}" if alarm.is_instrument else label
        if column == "value":
            return self._value(alarm)
        if column == "text":
            if alarm.is_system:
                return look.system_text(alarm)
            return alarm.text
        if column == "ack":
            if alarm.ack is None:
                return ""
            return f"{alarm.ack.operator} {dt.datetime.fromtimestamp(alarm.ack.acked_at):%H:%M:%S}"
        return ""

    def _value(self, alarm: Alarm) -> str:
        if alarm.value is None:
            return ""
        point = self._registry.point(alarm.enterprise, alarm.point)
        unit = f" {point.unit}" if point and point.unit else ""
        text = f"{_number(alarm.value)}{unit}"
        if alarm.threshold is not None:
            text += f" / {_number(alarm.threshold)}"
        return text

    def alarm_at(self, row: int) -> Alarm | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def alarms(self) -> list[Alarm]:
        return list(self._rows)

    # -- sorting by a column ----------------------------------------------------------------
    @property
    def sort_column(self) -> str | None:
        """The column the operator sorted by (None: the standard order, priority first)."""
        return self._sort_column

    _sort_column: str | None = None
    _sort_descending = False

    @property
    def sort_descending(self) -> bool:
        return self._sort_descending

    def sort_by(self, column: str | None, descending: bool = False) -> None:
        """Order by one column (then the standard order); None or "priority" goes back to the
        standard order. Space still takes the alarm the standard order puts first."""
        column = None if column == "priority" else column
        if (column, descending) == (self._sort_column, self._sort_descending):
            return
        self.flush()
        self.beginResetModel()
        self._sort_column, self._sort_descending = column, descending
        self._sort_all()
        self.endResetModel()

    def set_scope(self, answers: Answers, taken_over: frozenset[str] = frozenset()) -> None:
        """Areas of responsibility (console/domain/areas.py): this workstation's alarms first; the
        others' marked "◇ Other desk", those of areas fallen to it "⇄ Taken over"."""
        self.flush()
        self.beginResetModel()
        self._answers, self._taken_over = answers, frozenset(taken_over)
        self._sort_all()
        self.endResetModel()

    def answers(self, alarm: Alarm) -> bool:
        return self._answers(alarm.enterprise)

    def _key(self, alarm: Alarm) -> tuple:
        standard = list_key(alarm, self._answers(alarm.enterprise))
        if self._sort_column is None:
            return standard
        if self._sort_column == "time":
            value: object = alarm.raised_at
        else:
            value = self._display(alarm, self._sort_column).casefold()
        if self._sort_descending:
            return (_Reversed(value), standard)
        return (value, standard)

    # -- filter ----------------------------------------------------------------------
    @property
    def filter(self) -> AlarmFilter:
        return self._filter

    def set_filter(self, flt: AlarmFilter) -> None:
        """Show only what the filter accepts (all the feed's alarms are looked at again)."""
        if flt == self._filter:
            return
        self._filter = flt
        self.flush()
        self._held.clear()
        self._arrived_while_held.clear()
        self.beginResetModel()
        self._alarms = {a.key: a for a in self._feed.alarms() if self._wanted(a)}
        self._sort_all()
        if self.grouped:
            self._mark_first_out(notify=False)
        self.endResetModel()
        self._sync_flash()
        if self._holds:
            self.held_changed.emit(0)

    def _wanted(self, alarm: Alarm) -> bool:
        return self._include(alarm) and self._filter.accepts(alarm, self._registry)

    # -- holding still -----------------------------------------------------------------
    @property
    def held(self) -> bool:
        return bool(self._holds)

    def hold(self, reason: str) -> None:
        """Keep the rows where they are (the operator is pointing at or choosing one)."""
        if not self._holds:
            self.flush()
        self._holds.add(reason)

    def release(self, reason: str) -> None:
        if reason not in self._holds:
            return
        self._holds.discard(reason)
        if self._holds:
            return
        held, self._held = self._held, {}
        self._arrived_while_held.clear()
        self._pending.update(held)
        if self._pending:
            self.flush()
        self.held_changed.emit(0)

    def let_go(self) -> None:
        """Whatever holds the list, show what is waiting now (the operator acts from the keyboard)."""
        for reason in list(self._holds):
            self.release(reason)

    def _hold_change(self, key: str, alarm: Alarm | None) -> None:
        """Held: a shown alarm is updated where it stands; anything that would move rows waits."""
        self._held[key] = alarm
        row = self.row_of(key)
        if row >= 0 and alarm is not None:
            self._rows[row] = alarm
            self._alarms[key] = alarm
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        elif row < 0 and alarm is not None and key not in self._arrived_while_held:
            self._arrived_while_held.add(key)
            self.held_changed.emit(len(self._arrived_while_held))
        self._sync_flash()

    # -- updates ---------------------------------------------------------------------
    def on_change(self, change: AlarmChange) -> None:
        """Show a change at once when alarms come one by one; under a burst, gather the
        changes and redraw at most every BATCH_MS so the window stays responsive."""
        alarm = change.alarm
        wanted = change.kind is not ChangeKind.REMOVED and self._wanted(alarm)
        if self._holds:
            self._hold_change(alarm.key, alarm if wanted else None)
            return
        self._pending[alarm.key] = alarm if wanted else None
        if not self._cooldown.isActive():
            self._immediate = 0
            self._cooldown.start(FLOOD_BATCH_MS if len(self._rows) >= IMMEDIATE_BELOW_ROWS else BATCH_MS)
        if self._immediate < IMMEDIATE_PER_BATCH and len(self._rows) < IMMEDIATE_BELOW_ROWS:
            self._immediate += 1
            self.flush()

    def _cooldown_over(self) -> None:
        if self._pending and not self._holds:
            self.flush()
            self._immediate = IMMEDIATE_PER_BATCH  # still busy: keep gathering
            self._cooldown.start(FLOOD_BATCH_MS if len(self._rows) >= IMMEDIATE_BELOW_ROWS else BATCH_MS)

    def flush(self) -> None:
        """Show the changes gathered so far. New alarms go in as a few blocks of rows (one
        ``beginInsertRows`` per place they land, not one per alarm, and no re-sort of the list):
        in a flood they land at the end of each priority's unacknowledged block. Many changes to
        alarms already shown, or new ones scattered over many places, re-sort the whole list."""
        pending, self._pending = self._pending, {}
        key_of = self._key_of
        new = [a for k, a in pending.items() if a is not None and k not in key_of]
        others = {k: a for k, a in pending.items() if k in key_of}
        if len(others) > REBUILD_ABOVE or not self._insert_blocks(new, dry_run=True):
            self._rebuild(pending)
            if self.grouped:
                self._mark_first_out()
        else:
            for key, alarm in others.items():
                self._apply(key, alarm)
            self._insert_blocks(new)
            if self.grouped:
                self._update_first_out(pending)
        self._sync_flash()

    def _insert_blocks(self, alarms: list[Alarm], dry_run: bool = False) -> bool:
        """Insert these new alarms where the order puts them, each run of them that lands in one
        place as one block of rows. False (nothing done): they would land in more than
        MAX_INSERT_BLOCKS places, where a re-sort of the whole list is cheaper."""
        if not alarms:
            return True
        pairs = sorted(((self._key(a), a) for a in alarms), key=lambda p: p[0])
        keys = self._sort_keys
        blocks: list[tuple[int, list[tuple[tuple, Alarm]]]] = []
        for pair in pairs:
            place = bisect.bisect_left(keys, pair[0])
            if blocks and blocks[-1][0] == place:
                blocks[-1][1].append(pair)
            else:
                blocks.append((place, [pair]))
        if len(blocks) > MAX_INSERT_BLOCKS:
            return False
        if dry_run:
            return True
        self.inserted_blocks += len(blocks)
        shift = 0
        for place, block in blocks:
            row = place + shift
            self.beginInsertRows(QModelIndex(), row, row + len(block) - 1)
            self._sort_keys[row:row] = [k for k, _ in block]
            self._rows[row:row] = [a for _, a in block]
            for sort_key, alarm in block:
                self._alarms[alarm.key] = alarm
                self._key_of[alarm.key] = sort_key
            self.endInsertRows()
            shift += len(block)
        return True

    def _rebuild(self, pending: dict[str, Alarm | None]) -> None:
        self.beginResetModel()
        for key, alarm in pending.items():
            if alarm is None:
                self._alarms.pop(key, None)
            else:
                self._alarms[key] = alarm
        self._sort_all(pending)
        self.endResetModel()

    def _sort_all(self, changed: dict[str, Alarm | None] | None = None) -> None:
        """Re-sort everything; with ``changed``, only those alarms' sort keys are recomputed
        (the rest are still in order, which the sort makes the most of)."""
        if changed is None:
            pairs = [(self._key(a), a) for a in self._alarms.values()]
        else:
            pairs = [(k, a) for k, a in zip(self._sort_keys, self._rows, strict=True) if a.key not in changed]
            pairs += [(self._key(a), a) for a in changed.values() if a is not None]
        pairs.sort(key=lambda p: p[0])
        self._sort_keys = [k for k, _ in pairs]
        self._rows = [a for _, a in pairs]
        self._key_of = {a.key: k for k, a in pairs}

    def _apply(self, key: str, alarm: Alarm | None) -> None:
        row = self.row_of(key)
        if row < 0:
            if alarm is not None:
                self._insert(alarm)
            return
        if alarm is None:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row], self._sort_keys[row]
            del self._alarms[key], self._key_of[key]
            self.endRemoveRows()
            return
        new_key = self._key(alarm)
        rest = self._sort_keys[:row] + self._sort_keys[row + 1 :]
        dest = bisect.bisect_left(rest, new_key)
        if dest != row:
            # A move, not remove + insert, so the operator's selection follows the alarm.
            self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), dest if dest < row else dest + 1)
            del self._rows[row], self._sort_keys[row]
            self._rows.insert(dest, alarm)
            self._sort_keys.insert(dest, new_key)
            self.endMoveRows()
        else:
            self._rows[row], self._sort_keys[row] = alarm, new_key
        self._alarms[key] = alarm
        self._key_of[key] = new_key
        self.dataChanged.emit(self.index(dest, 0), self.index(dest, len(COLUMNS) - 1))

    def row_of(self, key: str) -> int:
        sort_key = self._key_of.get(key)
        if sort_key is None:
            return -1
        row = bisect.bisect_left(self._sort_keys, sort_key)
        return row if row < len(self._rows) and self._rows[row].key == key else -1

    def set_grouped(self, grouped: bool) -> None:
        """Flood mode on or off: first-out markers shown or taken away (rows do not move)."""
        if grouped == self.grouped:
            return
        self.grouped = grouped
        if grouped:
            self._group_of.clear()  # areas as the plant registry has them now (the plant editor may have moved a point)
            self._mark_first_out()
        elif self._first_out:
            self._first_out = set()
            self._first_of = {}
            self._all_changed()

    def _group(self, alarm: Alarm) -> tuple[str, str]:
        group = self._group_of.get(alarm.key)
        if group is None:  # looked up once per alarm, not on every redraw of a flood's list
            point = self._registry.point(alarm.enterprise, alarm.point)
            group = self._group_of[alarm.key] = (alarm.enterprise, point.area if point else "")
        return group

    def _mark_first_out(self, notify: bool = True) -> None:
        """The earliest alarm of each enterprise and area (the whole list looked at)."""
        first: dict[tuple[str, str], Alarm] = {}
        if len(self._group_of) > 4 * len(self._rows) + 1000:  # alarms long gone: forget them (bounded)
            self._group_of.clear()
        for alarm in self._rows:
            group = self._group(alarm)
            best = first.get(group)
            if best is None or (alarm.raised_at, alarm.key) < (best.raised_at, best.key):
                first[group] = alarm
        self._first_of = first
        marked = {a.key for a in first.values()}
        if marked != self._first_out:
            self._first_out = marked
            if notify:
                self._all_changed()

    def _update_first_out(self, changes: dict[str, Alarm | None]) -> None:
        """The first-out marks after these changes, looking only at them (a flood's batch costs
        its own size, not the list's), unless one of them was marked first out: then all again."""
        if any(key in self._first_out for key in changes):
            self._mark_first_out()
            return
        first = self._first_of
        newly: list[str] = []
        dropped: list[str] = []
        for key, alarm in changes.items():
            if alarm is None or key not in self._key_of:
                continue
            group = self._group(alarm)
            best = first.get(group)
            if best is None or (alarm.raised_at, alarm.key) < (best.raised_at, best.key):
                if best is not None:
                    dropped.append(best.key)
                first[group] = alarm
                newly.append(key)
        if not newly:
            return
        self._first_out = {a.key for a in first.values()}
        last = len(COLUMNS) - 1
        for key in dropped + newly:
            row = self.row_of(key)
            if row >= 0:
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def _all_changed(self) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1))

    def _insert(self, alarm: Alarm, notify: bool = True) -> None:
        sort_key = self._key(alarm)
        row = bisect.bisect_left(self._sort_keys, sort_key)
        if notify:
            self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, alarm)
        self._sort_keys.insert(row, sort_key)
        self._alarms[alarm.key] = alarm
        self._key_of[alarm.key] = sort_key
        if notify:
            self.endInsertRows()

    def _toggle_flash(self) -> None:
        """Only the priority cells are redrawn (the view repaints what is on screen; those of
        unacknowledged rows change). The timer runs only while some row can flash (_sync_flash)."""
        self.flash_on = not self.flash_on
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))

    @property
    def flashing(self) -> bool:
        """The flash timer runs: some row's indicator flashes."""
        return self._flash.isActive()

    def _sync_flash(self) -> None:
        """The flash timer runs only while a row can flash (unacknowledged, not being acknowledged):
        an idle list with nothing to flash wakes nothing up. Stopped, the indicators stay lit."""
        wanted = any(a.state.needs_ack and not a.ack_pending for a in self._rows)
        if wanted and not self._flash.isActive():
            self._flash.start()
        elif not wanted and self._flash.isActive():
            self._flash.stop()
            if not self.flash_on:
                self.flash_on = True
                self._all_changed()


class _Reversed:
    """Sorts its value the other way round (for a descending column)."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value

    def __lt__(self, other: "_Reversed") -> bool:
        return other.value < self.value  # type: ignore[operator]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Reversed) and other.value == self.value

    def __hash__(self) -> int:
        return hash(self.value)
