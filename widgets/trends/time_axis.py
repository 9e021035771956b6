"""Time axes in the interface language: tick labels written with QLocale ("12月4日 周五", "14:00"
in Chinese; "Fri 04", "14:00" in English) instead of pyqtgraph's strftime with English names.

The ticks themselves (where they fall, local time, daylight saving) stay pyqtgraph's; only the
words change. The language is the default QLocale, which console/infrastructure/i18n.py sets.
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.DateAxisItem import (
    DAY_SPACING,
    HOUR_SPACING,
    MINUTE_SPACING,
    MONTH_SPACING,
    MS_SPACING,
    SECOND_SPACING,
    YEAR_SPACING,
    TickSpec,
    ZoomLevel,
    makeMSStepper,
    makeMStepper,
    makeSStepper,
    makeYStepper,
)
from PySide6.QtCore import QDate, QDateTime, QLocale, QTime

# QLocale formats per kind of tick, Chinese and others (QLocale supplies the names: 周五 / Fri).
_FORMATS = {
    "year": ("yyyy年", "yyyy"),
    "month": ("MMM", "MMM"),
    "day_of_month": ("d日", "dd"),
    "day": ("M月d日 ddd", "ddd dd"),
    "minute": ("HH:mm", "HH:mm"),
    "second": ("HH:mm:ss", "HH:mm:ss"),
    "millisecond": ("ss.zzz", "ss.zzz"),
    "date": ("M月d日", "MM-dd"),
}
# A wide moment for sizing the labels (a two-digit month and day, a long weekday name).
_WIDE = QDateTime(QDate(2026, 12, 30), QTime(23, 58, 58, 888))


def locale_format(kind: str, locale: QLocale | None = None) -> str:
    chinese, other = _FORMATS[kind]
    return chinese if (locale or QLocale()).language() == QLocale.Language.Chinese else other


def time_label(at: float, kind: str, locale: QLocale | None = None) -> str:
    """One moment (Unix seconds) as local time in the interface language."""
    locale = locale or QLocale()
    return locale.toString(QDateTime.fromMSecsSinceEpoch(round(at * 1000.0)), locale_format(kind, locale))


class LocalDateAxis(pg.DateAxisItem):
    """A pyqtgraph date axis whose tick labels speak the interface language."""

    def __init__(self, orientation: str = "bottom", locale: QLocale | None = None, **kwargs: object) -> None:
        super().__init__(orientation, **kwargs)
        self.locale = locale or QLocale()
        self.zoomLevels = OrderedDict([
            (np.inf, self._level(("year", YEAR_SPACING, makeYStepper(1), [1, 5, 10, 25]), ("month", MONTH_SPACING, makeMStepper(1), None))),
            (5 * DAY_SPACING, self._level(("month", MONTH_SPACING, makeMStepper(1), None),
                                          ("day_of_month", DAY_SPACING, makeSStepper(DAY_SPACING), [1, 5]))),
            (6 * HOUR_SPACING, self._level(("day", DAY_SPACING, makeSStepper(DAY_SPACING), None),
                                           ("minute", HOUR_SPACING, makeSStepper(HOUR_SPACING), [1, 6]))),
            (15 * MINUTE_SPACING, self._level(("day", DAY_SPACING, makeSStepper(DAY_SPACING), None),
                                              ("minute", MINUTE_SPACING, makeSStepper(MINUTE_SPACING), [1, 5, 15]))),
            (30 * SECOND_SPACING, self._level(("second", SECOND_SPACING, makeSStepper(SECOND_SPACING), [1, 5, 15, 30]))),
            (1 * SECOND_SPACING, self._level(("second", MINUTE_SPACING, makeSStepper(MINUTE_SPACING), None),
                                             ("millisecond", MS_SPACING, makeMSStepper(MS_SPACING), [1, 5, 10, 25]))),
        ])
        self.zoomLevel = next(iter(self.zoomLevels.values()))

    def _level(self, *specs: tuple) -> ZoomLevel:
        """A zoom level of (kind, spacing, stepper, auto-skip) ticks, coarsest first. pyqtgraph sizes
        a level by one example label: the finest ticks' (the closest together), as its own do."""
        ticks = [TickSpec(spacing, stepper, kind, autoSkip=skip) for kind, spacing, stepper, skip in specs]
        return ZoomLevel(ticks, self.locale.toString(_WIDE, locale_format(specs[-1][0], self.locale)))

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        spec = next((s for s in self.zoomLevel.tickSpecs if s.spacing == spacing), None)
        kind = spec.format if spec is not None else "second"  # our tick specs carry the kind of label
        out: list[str] = []
        for v in values:
            try:
                out.append(time_label(float(v), kind, self.locale))
            except (OverflowError, ValueError):
                out.append("")
        return out
