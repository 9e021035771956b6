"""The trend panel: one or several points over time, live or paused, with their limits and
alarms. Data comes from a console.services.history.trend_source.TrendSource (duck-typed: widgets do
not import the database side); what is drawn is decided by widgets.trends.decimate.

Several units at once are drawn normalised (0–100 % of each point's range) and read out in
their own units; points of one unit share a real axis. Live, the window follows the clock;
a pan or zoom with the mouse, or Pause, holds it until Resume.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import platformdirs
from PySide6.QtCore import QDateTime, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QHideEvent, QIcon, QKeySequence, QPixmap, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from widgets.points_view import number
from widgets.trends.decimate import TraceData
from widgets.trends.export import export_path, write_csv
from widgets.trends.plot import CURVE_COLOURS, TrendPlot

if TYPE_CHECKING:  # the core objects the shell hands in (types only: widgets never build them)
    from console.services.history.trend_source import TrendSource

log = logging.getLogger("widgets.trend")

TICK_MS = 100  # live redraw: 10 times a second
WINDOWS_S = (300, 3600, 8 * 3600, 24 * 3600)
MARGIN = 0.25  # drawn beyond the view on each side, as a share of the span: a pan needs no redraw at once
MAX_CURVES = 64
LOAD_MARGIN = 0.5  # history loaded beyond the view, as a share of the span
Key = tuple[str, str]


@dataclass
class Trace:
    key: Key
    index: int
    point: Any  # console.domain.plant.Point or None
    data: TraceData
    loaded_from: float = math.inf  # history loaded back to here
    loaded_to: float = -math.inf
    drawn: tuple = ()  # (version, width, start, end, scale) of what the curve holds
    y_bounds: tuple[float, float] | None = None
    scale: tuple[float, float] = (0.0, 1.0)  # value = offset + factor * drawn y
    pending: set = field(default_factory=set)

    @property
    def unit(self) -> str:
        return self.point.unit if self.point is not None else ""

    @property
    def code(self) -> str:
        return self.key[1]


class TrendView(QWidget):
    export_done = Signal(str)  # path; emitted on the GUI thread

    def __init__(self, source: TrendSource, compact: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trendView")
        self._source = source
        settings = source.settings
        self.gap_s = float(settings.gap_s)
        self.alarm_window_s = settings.alarm_window_min * 60.0
        self.export_dir = settings.export_dir or str(Path(platformdirs.user_documents_dir()) / "Duty Console")
        self.compact = compact
        self.traces: dict[Key, Trace] = {}
        self.span = float(settings.window_min * 60) if not compact else 2 * self.alarm_window_s
        self.live = True
        self.auto_y = True
        self._range = (0.0, 1.0)  # the x range shown (paused)
        self._y = (0.0, 1.0)
        self.normalised = False
        self._serial = 0
        self._marks_serial = 0
        self._marks: dict[tuple, Any] = {}

        self.plot = TrendPlot()
        self.readout = QLabel()
        self.readout.setObjectName("trendReadout")
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel()
        self.status.setObjectName("trendStatus")
        self.window_box = QComboBox()
        self.window_box.setObjectName("trendWindow")
        for seconds, text in zip(WINDOWS_S, (self.tr("5 min"), self.tr("1 h"), self.tr("8 h"), self.tr("24 h")), strict=True):
            self.window_box.addItem(text, seconds)
        self.window_box.addItem(self.tr("Custom…"), 0)
        self.from_edit = QDateTimeEdit()
        self.to_edit = QDateTimeEdit()
        for edit in (self.from_edit, self.to_edit):
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.setCalendarPopup(True)
        self.show_range_button = QPushButton(self.tr("Show"))
        self.pause_button = QPushButton(self.tr("Pause"))
        self.pause_button.setObjectName("trendPause")
        self.csv_button = QPushButton(self.tr("Export CSV"))
        self.png_button = QPushButton(self.tr("Export PNG"))
        self.picker = QLineEdit()
        self.picker.setObjectName("trendPicker")
        self.picker.setPlaceholderText(self.tr("Add a point: type its tag or name"))
        self.clear_button = QPushButton(self.tr("Clear"))
        self.legend = QListWidget()
        self.legend.setObjectName("trendLegend")
        self.remove_button = QPushButton(self.tr("Remove"))

        self._build_layout()
        self._choices: dict[str, Key] = {}
        self.refresh_points()

        self.window_box.currentIndexChanged.connect(self._window_chosen)
        self.show_range_button.clicked.connect(self._show_custom)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.csv_button.clicked.connect(self.export_csv)
        self.png_button.clicked.connect(self.export_png)
        self.picker.returnPressed.connect(self._pick_typed)
        self.clear_button.clicked.connect(self.clear_points)
        self.remove_button.clicked.connect(self._remove_selected)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.legend, self._remove_selected)
        self.plot.range_changed_by_user.connect(self._user_moved)
        self.plot.cursor_moved.connect(self._read_out)
        source.loaded.connect(self._loaded)
        source.alarms_loaded.connect(self._alarms_loaded)
        source.alarms_changed.connect(self._alarms_changed)
        source.readings.connect(self.on_readings)

        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)  # runs only while the view is shown with curves in it (_sync_timer)
        self._select_window(self.span)
        self._show_pause_state()
        self._show_empty()

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        if not self.compact:
            top.addWidget(QLabel(self.tr("Window")))
            top.addWidget(self.window_box)
            self._custom = [self.from_edit, QLabel("–"), self.to_edit, self.show_range_button]
            for w in self._custom:
                top.addWidget(w)
                w.setVisible(False)
        top.addWidget(self.pause_button)
        top.addWidget(self.csv_button)
        top.addWidget(self.png_button)
        top.addWidget(self.status, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        if not self.compact:
            picker_row = QHBoxLayout()
            picker_row.addWidget(self.picker, 1)
            picker_row.addWidget(self.clear_button)
            column.addLayout(picker_row)
        column.addLayout(top)
        column.addWidget(self.readout)
        body = QHBoxLayout()
        body.addWidget(self.plot, 1)
        if not self.compact:
            side = QVBoxLayout()
            side.addWidget(self.legend, 1)
            side.addWidget(self.remove_button)
            self.legend.setMaximumWidth(240)
            self.legend.setWordWrap(True)
            body.addLayout(side)
        column.addLayout(body, 1)

    # -- points ---------------------------------------------------------------------
    def refresh_points(self) -> None:
        """The picker's choices from the plant registry (after an import too)."""
        self._choices = {}
        for p in self._source.points():
            self._choices[f"{p.code} · {p.name} · {self._source.enterprise_name(p.enterprise)}"] = (p.enterprise, p.code)
        completer = QCompleter(sorted(self._choices), self.picker)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(self._pick)
        self.picker.setCompleter(completer)

    def _pick(self, text: str) -> None:
        key = self._choices.get(text)
        if key is not None:
            self.add_point(*key)
            QTimer.singleShot(0, self.picker.clear)

    def _pick_typed(self) -> None:
        text = self.picker.text().strip()
        key = self._choices.get(text) or next((k for label, k in self._choices.items() if label.split(" · ")[0] == text), None)
        if key is None:
            self.status.setText(self.tr("No point %1 in the plant registry.").replace("%1", text))
            return
        self.add_point(*key)
        self.picker.clear()

    def add_point(self, enterprise: str, code: str) -> None:
        key = (enterprise, code)
        if key in self.traces:
            return
        if len(self.traces) >= MAX_CURVES:
            self.status.setText(self.tr("At most %1 points in one trend.").replace("%1", str(MAX_CURVES)))
            return
        index = next(i for i in range(MAX_CURVES + 1) if i not in {t.index for t in self.traces.values()})
        trace = Trace(key, index, self._source.point(enterprise, code), TraceData(self.gap_s))
        self.traces[key] = trace
        self.plot.set_curve(key, index)
        self._points_changed()
        start, end = self.view_range()
        self._ensure_loaded(trace, start, end)

    def remove_point(self, key: Key) -> None:
        if self.traces.pop(key, None) is not None:
            self.plot.remove_curve(key)
            self._points_changed()

    def clear_points(self) -> None:
        for key in list(self.traces):
            self.plot.remove_curve(key)
        self.traces.clear()
        self._marks.clear()
        self._points_changed()

    def _remove_selected(self) -> None:
        item = self.legend.currentItem()
        if item is not None:
            self.remove_point(tuple(item.data(Qt.ItemDataRole.UserRole)))

    def _points_changed(self) -> None:
        self._sync_timer()
        units = {t.unit for t in self.traces.values()}
        self.normalised = len(units) > 1
        for trace in self.traces.values():
            trace.scale = self._scale_of(trace) if self.normalised else (0.0, 1.0)
            trace.drawn = ()
        self.plot.set_y_label(self.tr("% of range") if self.normalised else (units.pop() if units else ""))
        self.legend.clear()
        for trace in sorted(self.traces.values(), key=lambda t: t.index):
            item = QListWidgetItem(self._legend_text(trace))
            item.setData(Qt.ItemDataRole.UserRole, list(trace.key))
            item.setIcon(_swatch(trace.index))
            self.legend.addItem(item)
        self._marks = {k: m for k, m in self._marks.items() if (m.enterprise, m.point) in self.traces}
        self._request_marks()
        self._show_thresholds()
        self._show_empty()
        self.auto_y = True
        self.redraw()

    def _legend_text(self, trace: Trace) -> str:
        p = trace.point
        if p is None:
            return trace.code
        return f"{p.code} {p.name}\n{number(p.range_low)}–{number(p.range_high)} {p.unit}".strip()

    @staticmethod
    def _scale_of(trace: Trace) -> tuple[float, float]:
        p = trace.point
        if p is not None and p.range_high > p.range_low:
            return p.range_low, (p.range_high - p.range_low) / 100.0
        return 0.0, 1.0

    def _to_y(self, trace: Trace, value: float) -> float:
        offset, factor = trace.scale
        return (value - offset) / factor

    def _show_thresholds(self) -> None:
        lines = []
        shown = sorted(self.traces.values(), key=lambda t: t.index)
        for trace in shown[:4] if len(shown) <= 4 else shown[:1]:  # many curves: the first point's limits only
            if trace.point is None:
                continue
            for condition, value in trace.point.thresholds().items():
                text = f"{condition} {number(value)} {trace.unit}".strip()
                if len(shown) > 1:
                    text = f"{trace.code} {text}"
                lines.append((trace.key, condition, value, self._to_y(trace, value), text))
        self.plot.set_thresholds(lines)

    def _show_empty(self) -> None:
        if not self.traces:
            self.readout.setText(self.tr("No point chosen: select an alarm, or add a point above.") if not self.compact
                                 else self.tr("Select an alarm to see its trend."))
        else:
            self.readout.setText(self.tr("Move the mouse over the plot to read the values."))

    # -- alarms -----------------------------------------------------------------------
    def show_alarm(self, alarm: Any) -> None:
        """The alarm's point alone, ±alarm_window around the moment it was raised (paused)."""
        self.clear_points()
        if getattr(alarm, "is_system", False):
            self.status.setText(self.tr("The console's own alarm has no trend."))
            self._show_empty()
            return
        self.live = False
        self._range = (alarm.raised_at - self.alarm_window_s, alarm.raised_at + self.alarm_window_s)
        self._show_pause_state()
        self.status.setText("")
        self.add_point(alarm.enterprise, alarm.point)
        self.redraw()

    def _request_marks(self) -> None:
        if not self.traces:
            return
        start, end = self.view_range()
        self._marks_serial += 1
        span = end - start
        self._source.load_alarms((id(self), self._marks_serial), list(self.traces), start - span, end + span)

    def _alarms_loaded(self, answer) -> None:
        if answer.token != (id(self), self._marks_serial):
            return
        for mark in answer.marks:
            self._marks[mark.identity] = mark
        self.plot.set_marks(list(self._marks.values()))

    def _alarms_changed(self, marks: list) -> None:
        new = [m for m in marks if (m.enterprise, m.point) in self.traces and m.identity not in self._marks]
        for mark in new:
            self._marks[mark.identity] = mark
        if new:
            self.plot.set_marks(list(self._marks.values()))

    # -- data -----------------------------------------------------------------------
    def on_readings(self, readings: list) -> None:
        traces = self.traces
        if not traces:
            return
        for r in readings:
            trace = traces.get((r.enterprise, r.point))
            if trace is not None:
                trace.data.append(r.at, r.value)

    def _ensure_loaded(self, trace: Trace, start: float, end: float) -> None:
        """Ask the history for what the view needs and is not loaded yet."""
        margin = (end - start) * LOAD_MARGIN
        wants = []
        if not math.isfinite(trace.loaded_from):
            wants.append((start - margin, max(end, self._source.now())))
        elif start < trace.loaded_from:
            wants.append((start - margin, trace.loaded_from))
        for a, b in wants:
            trace.loaded_from = min(trace.loaded_from, a)
            trace.loaded_to = max(trace.loaded_to, b)
            self._serial += 1
            token = (id(self), trace.key, self._serial)
            trace.pending.add(token)
            self._source.load(token, trace.key[0], trace.key[1], a, b)

    def _loaded(self, answer) -> None:
        trace = self.traces.get((answer.enterprise, answer.point))
        if trace is None or answer.token not in trace.pending:
            return
        trace.pending.discard(answer.token)
        s = answer.series
        minute = (s.minute_times, s.minute_min, s.minute_mean, s.minute_max) if len(s.minute_times) else None
        trace.data.merge(s.times, s.values, minute)
        self.redraw()

    # -- the window -------------------------------------------------------------------
    def view_range(self) -> tuple[float, float]:
        if self.live:
            end = self._source.now()
            return end - self.span, end
        return self._range

    def set_window(self, seconds: float) -> None:
        """A preset window, following live data."""
        self.span = float(seconds)
        self._select_window(seconds)
        self.resume()

    def show_range(self, start: float, end: float) -> None:
        """A fixed stretch of history (paused)."""
        self.live = False
        self._range = (start, end)
        self.span = end - start
        self._show_pause_state()
        for trace in self.traces.values():
            self._ensure_loaded(trace, start, end)
        self._request_marks()
        self.redraw()

    def toggle_pause(self) -> None:
        if self.live:
            self.pause()
        else:
            self.resume()

    def pause(self) -> None:
        if self.live:
            self._range = self.view_range()
            self.live = False
            self._show_pause_state()

    def resume(self) -> None:
        self.live = True
        self.auto_y = True
        self._show_pause_state()
        start, end = self.view_range()
        for trace in self.traces.values():
            self._ensure_loaded(trace, start, end)
        self._request_marks()
        self.redraw()

    def _show_pause_state(self) -> None:
        self.pause_button.setText(self.tr("Pause") if self.live else self.tr("Resume live"))
        self.pause_button.setProperty("paused", not self.live)

    def _select_window(self, seconds: float) -> None:
        index = self.window_box.findData(int(seconds))
        self.window_box.blockSignals(True)
        self.window_box.setCurrentIndex(index if index >= 0 else self.window_box.count() - 1)
        self.window_box.blockSignals(False)

    def _window_chosen(self, index: int) -> None:
        seconds = self.window_box.itemData(index)
        custom = not seconds
        for w in getattr(self, "_custom", []):
            w.setVisible(custom)
        if custom:
            start, end = self.view_range()
            self.from_edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(start)))
            self.to_edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(end)))
            return
        self.set_window(seconds)

    def _show_custom(self) -> None:
        start = self.from_edit.dateTime().toSecsSinceEpoch()
        end = self.to_edit.dateTime().toSecsSinceEpoch()
        if end <= start:
            self.status.setText(self.tr("The end must be after the start."))
            return
        self.show_range(float(start), float(end))

    def _user_moved(self) -> None:
        """A pan or zoom with the mouse holds the view there (Resume goes back to live)."""
        (x0, x1), (y0, y1) = self.plot.view.viewRange()
        self.live = False
        self._range = (x0, x1)
        self.span = x1 - x0
        self._y = (y0, y1)
        self.auto_y = False
        self._show_pause_state()
        for trace in self.traces.values():
            self._ensure_loaded(trace, x0, x1)

    # -- drawing ----------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._sync_timer()
        self.redraw()  # the window has moved on while it was hidden

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._sync_timer()

    def _sync_timer(self) -> None:
        """The live tick runs only while there is something to follow on screen: a hidden panel
        (a closed dock, another tab) or an empty plot costs nothing while the console idles."""
        wanted = bool(self.traces) and self.isVisible()
        if wanted and not self.timer.isActive():
            self.timer.start()
        elif not wanted and self.timer.isActive():
            self.timer.stop()

    def tick(self) -> None:
        """The live tick: the window follows the clock; changed curves are redrawn."""
        if self.isVisible():
            self.redraw()

    def redraw(self) -> None:
        start, end = self.view_range()
        pixels = self.plot.pixel_width()
        width = TraceData.width_for(end - start, pixels)
        span = end - start
        for trace in self.traces.values():
            data = trace.data
            d = trace.drawn
            if d and d[0] == data.version and d[1] == width and d[2] <= start and end <= d[3]:
                continue
            a, b = start - MARGIN * span, end + MARGIN * span
            x, y = data.drawn(a, b, int(pixels * (1 + 2 * MARGIN)))
            offset, factor = trace.scale
            if (offset, factor) != (0.0, 1.0):
                y = (y - offset) / factor
            self.plot.show_data(trace.key, x, y)
            finite = y[np.isfinite(y)] if len(y) else y
            trace.y_bounds = (float(finite.min()), float(finite.max())) if len(finite) else None
            trace.drawn = (data.version, width, a, b)
        self.plot.view.setXRange(start, end, padding=0)
        if self.auto_y:
            self._auto_y()
        self.plot.update_grid()

    def _auto_y(self) -> None:
        bounds = [t.y_bounds for t in self.traces.values() if t.y_bounds is not None]
        if not bounds:
            return
        low, high = min(b[0] for b in bounds), max(b[1] for b in bounds)
        near = high - low or max(abs(high), 1.0)
        for line in self.plot.thresholds:  # limits close to the data are kept in view
            y = line.item.value()
            if low - near <= y <= high + near:
                low, high = min(low, y), max(high, y)
        pad = (high - low) * 0.08 or max(abs(high) * 0.05, 0.5)
        want = (low - pad, high + pad)
        tolerance = (want[1] - want[0]) * 0.01
        if abs(want[0] - self._y[0]) > tolerance or abs(want[1] - self._y[1]) > tolerance:
            self._y = want
            self.plot.view.setYRange(*want, padding=0)

    # -- cursor -----------------------------------------------------------------------
    def _read_out(self, at: float) -> None:
        parts = [dt.datetime.fromtimestamp(at).strftime("%Y-%m-%d %H:%M:%S")]
        for trace in sorted(self.traces.values(), key=lambda t: t.index):
            value = trace.data.value_at(at)
            text = f"{number(value)} {trace.unit}".strip() if value is not None else self.tr("no data")
            parts.append(f"{trace.code} {text}")
        self.readout.setText("   ".join(parts))

    # -- export -----------------------------------------------------------------------
    def visible_series(self) -> list[dict]:
        start, end = self.view_range()
        out = []
        for trace in sorted(self.traces.values(), key=lambda t: t.index):
            t, v = trace.data.visible(start, end)
            d = trace.data
            m = (d.minute_t + 60 > start) & (d.minute_t <= end)
            p = trace.point
            out.append({"enterprise": trace.key[0], "point": trace.code, "name": p.name if p else "", "unit": trace.unit,
                        "times": t.copy(), "values": v.copy(), "minute_times": d.minute_t[m], "minute_low": d.minute_low[m],
                        "minute_mean": d.minute_mean[m], "minute_high": d.minute_high[m]})
        return out

    def export_csv(self) -> None:
        if not self.traces:
            self.status.setText(self.tr("Nothing to export: no point chosen."))
            return
        path = export_path(self.export_dir, "csv", self._source.now())
        header = [self.tr("Time"), self.tr("Enterprise"), self.tr("Point"), self.tr("Name"), self.tr("Unit"),
                  self.tr("Value"), self.tr("Minimum"), self.tr("Maximum")]
        series = self.visible_series()
        self.status.setText(self.tr("Exporting…"))

        # Written in the background; the answer comes back on the GUI thread (the failure is logged there).
        self._source.background.run(lambda _op: write_csv(path, header, series), lambda _r: self._show_export(str(path), ""),
                                    lambda exc: self._show_export(str(path), str(exc)), name="trend-export")

    def export_png(self) -> None:
        path = export_path(self.export_dir, "png", self._source.now())
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self._exported(str(path), str(exc))
            return
        ok = self.plot.grab().save(str(path))
        self._exported(str(path), "" if ok else self.tr("could not write the file"))

    def _exported(self, path: str, error: str) -> None:
        if error:
            log.error("trend export to %s failed: %s", path, error)
        self._show_export(path, error)

    def _show_export(self, path: str, error: str) -> None:
        if error:
            self.status.setText(self.tr("Export failed: %1").replace("%1", error[:160]))
        else:
            self.status.setText(self.tr("Saved %1").replace("%1", path))
            self.export_done.emit(path)


def _swatch(index: int) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(CURVE_COLOURS[index % len(CURVE_COLOURS)]))
    return QIcon(pixmap)
