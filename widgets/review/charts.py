"""The review's charts (pyqtgraph): alarms per hour over the range, the distribution of the time
to acknowledge, and the operators side by side (median and p90 time to acknowledge)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from console.services.review import labels as L
from console.services.review.kpi import ACK_HISTOGRAM_EDGES, Kpis
from widgets.trends.time_axis import LocalDateAxis

BAR = (110, 113, 117)  # neutral grey (ISA-101: colour only for abnormal states)
LIGHT = (180, 182, 186)
DARK = (40, 42, 46)


def _plot(title: str) -> pg.PlotWidget:
    plot = pg.PlotWidget(background="w")
    plot.setTitle(title, color="#202020")
    plot.showGrid(x=False, y=True, alpha=0.25)
    plot.setMouseEnabled(x=True, y=False)
    plot.setMenuEnabled(False)
    for axis in ("left", "bottom"):
        plot.getAxis(axis).setTextPen("#202020")
        plot.getAxis(axis).setPen("#606060")
    return plot


class ReviewCharts(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewCharts")
        self.hourly = _plot(self.tr("Alarms per hour"))
        self.hourly.setAxisItems({"bottom": LocalDateAxis()})
        self.histogram = _plot(self.tr("Time to acknowledge: number of acknowledgments"))
        self.operators = _plot(self.tr("Operators side by side: median (dark) and p90 (light) time to acknowledge, seconds"))
        self.empty = QLabel(self.tr("Choose a range and press Show."))
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        for plot in (self.hourly, self.histogram, self.operators):
            layout.addWidget(plot, 1)
        self.series: dict[str, object] = {}

    def show_kpis(self, kpis: Kpis, operator_names: list[str]) -> None:
        self.empty.setVisible(kpis.health.alarms == 0)
        self.empty.setText(self.tr("No alarms in this range."))
        self.hourly.clear()
        counts = kpis.hourly_counts.astype(float)
        if len(counts):
            centres = kpis.hourly_starts + 1800.0
            self.hourly.addItem(pg.BarGraphItem(x=centres, height=counts, width=3600.0 * 0.85, brush=BAR, pen=None))
            self.hourly.setXRange(float(kpis.hourly_starts[0]), float(kpis.hourly_starts[-1]) + 3600.0, padding=0.01)
            self.hourly.setYRange(0, max(1.0, float(counts.max())) * 1.1, padding=0)
        self.histogram.clear()
        hist = np.array(kpis.ack_histogram, dtype=float)
        x = np.arange(len(hist))
        self.histogram.addItem(pg.BarGraphItem(x=x, height=hist, width=0.7, brush=BAR, pen=None))
        ticks = list(enumerate(L.histogram_labels(ACK_HISTOGRAM_EDGES)))
        self.histogram.getAxis("bottom").setTicks([ticks])
        self.histogram.setYRange(0, max(1.0, float(hist.max(initial=0))) * 1.1, padding=0)
        self.operators.clear()
        rows = [r for r in kpis.groups.get("operator", ()) if r.ack.count]
        medians = np.array([r.ack.median or 0.0 for r in rows])
        p90s = np.array([r.ack.p90 or 0.0 for r in rows])
        if rows:
            xs = np.arange(len(rows), dtype=float)
            self.operators.addItem(pg.BarGraphItem(x=xs - 0.18, height=medians, width=0.34, brush=DARK, pen=None))
            self.operators.addItem(pg.BarGraphItem(x=xs + 0.18, height=p90s, width=0.34, brush=LIGHT, pen=None))
            self.operators.getAxis("bottom").setTicks([[(i, f"{name} ({r.acknowledged})")
                                                        for i, (name, r) in enumerate(zip(operator_names, rows, strict=True))]])
            self.operators.setXRange(-0.6, len(rows) - 0.4, padding=0)
            self.operators.setYRange(0, max(1.0, float(p90s.max())) * 1.1, padding=0)
        self.series = {"hourly": counts, "histogram": hist, "medians": medians, "p90s": p90s}
