"""Time axes in the interface language: the trend and review charts' date axes, and the dates
under the report's hourly chart, written with QLocale instead of strftime's English names."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QDate, QDateTime, QLocale, QTime
from PySide6.QtGui import QFontMetrics

from widgets.review.charts import ReviewCharts
from widgets.trends.plot import TrendPlot
from widgets.trends.time_axis import LocalDateAxis, time_label

ENGLISH_DAYS = re.compile(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b")
FRIDAY_2PM = QDateTime(QDate(2026, 12, 4), QTime(14, 0)).toSecsSinceEpoch()  # local time


@pytest.fixture
def language(qapp):
    """Set the default QLocale as i18n.install does; restored afterwards."""
    before = QLocale()

    def set_(name: str) -> None:
        QLocale.setDefault(QLocale(name))

    yield set_
    QLocale.setDefault(before)


def _tick_strings(axis, start: float, span: float, width: float = 800.0) -> list[str]:
    axis.fontMetrics = QFontMetrics(axis.font())  # set by pyqtgraph at the first paint
    return [s for spacing, values in axis.tickValues(start, start + span, width) for s in axis.tickStrings(values, 1.0, spacing)]


def test_trend_axis_over_days_speaks_chinese(language, qtbot):
    language("zh_CN")
    plot = TrendPlot()
    qtbot.addWidget(plot)
    texts = _tick_strings(plot.getPlotItem().getAxis("bottom"), FRIDAY_2PM, 3 * 86400)
    days = [t for t in texts if "周" in t]
    assert days and all(re.fullmatch(r"12月\d{1,2}日 周[一二三四五六日]", t) for t in days), texts
    assert "12月5日 周六" in days
    assert any(re.fullmatch(r"\d\d:\d\d", t) for t in texts), texts
    assert not [t for t in texts if ENGLISH_DAYS.search(t) or re.search(r"[A-Za-z]", t)], texts


def test_trend_axis_in_english_keeps_english_names(language, qtbot):
    language("en")
    plot = TrendPlot()
    qtbot.addWidget(plot)
    texts = _tick_strings(plot.getPlotItem().getAxis("bottom"), FRIDAY_2PM, 3 * 86400)
    assert "Sat 05" in texts and not [t for t in texts if re.search(r"[\u4e00-\u9fff]", t)], texts


@pytest.mark.parametrize(
    ("name", "span", "expected"),
    [
        ("zh_CN", 3600, r"\d\d:\d\d"),  # an hour: minutes
        ("zh_CN", 60, r"\d\d:\d\d:\d\d"),  # a minute: seconds
        ("zh_CN", 60 * 86400, r"\d{1,2}月|\d{1,2}日"),  # two months: months and days
        ("zh_CN", 3 * 365 * 86400, r"\d{4}年|\d{1,2}月"),  # years
        ("en", 60 * 86400, r"[A-Z][a-z]{2}|\d\d"),
    ],
)
def test_every_zoom_level_is_labelled_in_the_language(language, qapp, name, span, expected):
    language(name)
    texts = _tick_strings(LocalDateAxis(), FRIDAY_2PM, span)
    assert texts and all(re.fullmatch(expected, t) for t in texts), texts


def test_review_hourly_chart_uses_the_language_axis(language, qtbot):
    language("zh_CN")
    charts = ReviewCharts()
    qtbot.addWidget(charts)
    axis = charts.hourly.getPlotItem().getAxis("bottom")
    assert isinstance(axis, LocalDateAxis)
    assert "12月5日 周六" in _tick_strings(axis, FRIDAY_2PM, 3 * 86400)


def test_report_chart_dates_in_the_language(language):
    language("zh_CN")
    assert time_label(FRIDAY_2PM, "date") == "12月4日"
    assert time_label(FRIDAY_2PM, "minute") == "14:00"
    language("en")
    assert time_label(FRIDAY_2PM, "date") == "12-04"
    assert time_label(FRIDAY_2PM, "day") == "Fri 04"
