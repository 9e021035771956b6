"""Building the reading history and the trend source from the settings (called by console.shell.app)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable

from sqlalchemy.engine import make_url

from console.services.history.schema import create, make_history_engine
from console.domain.plant import PlantRegistry
from console.infrastructure.background import Background
from console.infrastructure.store.writer import DutyLogWriter
from console.services.alarm_feed import AlarmFeed
from console.services.history.service import Deliver, HistoryService, HistoryStore
from console.services.intake import Intake
from console.services.history.store import ReadingStore
from console.services.history.trend_source import TrendSettings, TrendSource
from console.infrastructure.settings import Settings, data_dir
from console.infrastructure.store.engine import describe

log = logging.getLogger("console.services.history")

MIN_FULL_DAYS = 30  # major-hazard rules: records kept at least 30 days


def history_url(settings: Settings) -> str:
    """``history.url``, else ``readings.sqlite`` beside a SQLite duty log, else in the data directory."""
    if settings["history.url"]:
        return settings["history.url"]
    duty = make_url(settings.database_url)
    if duty.get_backend_name() == "sqlite" and duty.database and duty.database != ":memory:":
        return f"sqlite:///{Path(duty.database).expanduser().parent / 'readings.sqlite'}"
    return f"sqlite:///{data_dir() / 'readings.sqlite'}"


def open_store(url: str, now: Callable[[], float], full_days: int, minute_days: int) -> ReadingStore:
    engine = make_history_engine(url)
    create(engine)
    log.info("reading history: %s (full resolution %d days, per-minute %d days)", describe(url), full_days, minute_days)
    return ReadingStore(engine, now, full_days, minute_days)


def historian_reader(url: str) -> HistoryStore:
    """The historian's reader, imported here (psycopg, numpy): only a workstation reading from the
    historian needs it, and then on the history thread."""
    from console.services.history.historian_reader import HistorianReader

    return HistorianReader(url)


def reads_from_historian(settings: Settings) -> bool:
    """``history.source = historian`` with a PostgreSQL ``history.url``; anything else is the local history
    (said in the log when the setting asked for the historian)."""
    source = settings["history.source"]
    if source == "local":
        return False
    if source != "historian":
        log.error("setting history.source = %r is neither local nor historian; the local history is used", source)
        return False
    url = settings["history.url"]
    if not url or make_url(url).get_backend_name() != "postgresql":
        log.error("history.source = historian needs history.url to name the historian's PostgreSQL database; "
                  "the local history is used")
        return False
    return True


def build_history(settings: Settings, now: Callable[[], float], deliver: Deliver, background: Background,
                  writer: DutyLogWriter, registry: PlantRegistry, feed: AlarmFeed,
                  intake: Intake) -> tuple[HistoryService, TrendSource]:
    full_days = settings["history.full_days"]
    if full_days < MIN_FULL_DAYS:
        log.warning("setting history.full_days = %d is below the %d days the major-hazard rules ask for", full_days, MIN_FULL_DAYS)
    url = history_url(settings)
    make_store: Callable[[], HistoryStore]
    from_historian = reads_from_historian(settings)
    if from_historian:
        log.info("reading history: the historian's, at %s; this workstation stores no readings", describe(url))
        make_store = lambda: historian_reader(url)  # noqa: E731 - the history thread opens it
    else:
        make_store = lambda: open_store(url, now, full_days, settings["history.minute_days"])  # noqa: E731
    service = HistoryService(make_store, deliver, float(settings["history.flush_s"]))
    if not from_historian:
        intake.readings_arrived.connect(service.put)
    trend_settings = TrendSettings(settings["trends.window_min"], settings["trends.alarm_window_min"], settings["trends.gap_s"],
                                   settings["trends.export_dir"])
    source = TrendSource(service, writer, registry, feed, now, background, trend_settings)
    intake.readings_arrived.connect(source.on_readings)
    return service, source
