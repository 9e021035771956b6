"""The composition root: builds the core, the duty log and the window, in a fixed order.

Start-up: settings → duty log (migrations) → alarm book → intake and broker link →
window; the open alarms are reloaded from the duty log before the broker is connected.
Shutdown: broker session closed first, then the duty log flushed.
"""

from __future__ import annotations

import gc
import logging
import sys
from pathlib import Path
from dataclasses import dataclass, replace

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from console import i18n
from console.alarm_engine import AlarmEngine
from console.alarm_feed import AlarmFeed
from console.alarms import AlarmBook
from console.annunciator import TICK_S, Annunciator
from console.broker_link import BrokerConfig, BrokerLink, connect_timeout_watch
from console.clock import Clock, SystemClock
from console.details import AlarmDetails
from console.duty import DutyDesk
from console.intake import Intake
from console.mailbox import Dispatcher
from console.plant import PlantRegistry
from console.plant_editor import PlantEditor
from console.presence_driver import PresenceDriver
from console.protocol import Topics
from console.recent_readings import RecentReadings
from console.recorder import AlarmRecorder
from console.settings import Settings, data_dir
from console.shifts import DEFAULT_PATTERN, ShiftPattern
from console.sound_player import make_player
from console.store.audit import AuditLog
from console.store.engine import describe, make_engine
from console.store.migrations import upgrade
from console.store.writer import DutyLogWriter
from console.system_alarms import SystemAlarms

log = logging.getLogger("console.app")

FIRST_CONNECT_TIMEOUT_S = 10.0


@dataclass
class Core:
    """Everything but the window; what the tests drive."""

    settings: Settings
    clock: Clock
    registry: PlantRegistry
    dispatcher: Dispatcher
    writer: DutyLogWriter
    book: AlarmBook
    feed: AlarmFeed
    recorder: AlarmRecorder
    intake: Intake
    engine: AlarmEngine
    link: BrokerLink
    system: SystemAlarms
    desk: DutyDesk
    details: AlarmDetails
    annunciator: Annunciator
    player: object
    horn: QTimer
    editor: PlantEditor
    presence: PresenceDriver

    def start(self) -> None:
        """Reload open alarms and points out of service, then connect (so a reloaded alarm
        is not raised twice)."""
        self.writer.submit(lambda log_: (log_.points_out_of_service(), log_.open_alarms()), self._restored)

    def _restored(self, loaded: tuple) -> None:
        out_of_service, alarms = loaded
        for record in out_of_service:
            self.book.out_of_service[(record.enterprise, record.point)] = record
        self.book.restore(replace(a, out_of_service=(a.enterprise, a.point) in self.book.out_of_service) for a in alarms)
        self.horn.start()
        self.engine.start()
        self.presence.start()
        if alarms:
            log.info("reloaded %d open alarms from the duty log", len(alarms))
        self.link.start()
        self._watch = connect_timeout_watch(self.link, FIRST_CONNECT_TIMEOUT_S, self.system.broker_lost)

    def shutdown(self) -> None:
        self.presence.stop()
        self.recorder.flush()
        self.horn.stop()
        self.annunciator.close()
        self.player.close()
        self.engine.stop()
        self.link.stop()
        self.writer.close()
        log.info("duty log closed")


def build_core(settings: Settings, clock: Clock | None = None, registry: PlantRegistry | None = None) -> Core:
    clock = clock or SystemClock()
    now = clock.now
    if registry is None:
        registry = PlantRegistry.load(settings["plant.file"]) if settings["plant.file"] else PlantRegistry()
    if registry.open:
        log.warning("no plant registry configured: messages for any enterprise and point are accepted")
    else:
        log.info("plant registry: %d enterprises, %d points, %d cameras", *registry.counts())

    dispatcher = Dispatcher()
    engine = make_engine(settings.database_url)
    upgrade(engine)
    log.info("duty log: %s", describe(settings.database_url))
    writer = DutyLogWriter(engine, dispatcher.run_on_main)

    station = settings.station
    topics = Topics(settings["broker.topic_root"])
    book = AlarmBook(clock, station)
    feed = AlarmFeed(book)
    recorder = AlarmRecorder(book, writer, station, now)
    intake = Intake(book, registry, topics, now, settings["intake.max_future_skew_s"])
    link = BrokerLink(
        BrokerConfig(
            host=settings["broker.host"],
            port=settings["broker.port"],
            client_id=f"duty-console-{station}"[:64],
            topics=topics,
            username=settings["broker.username"],
            password=settings["broker.password"],
            tls_ca=settings["broker.tls_ca"],
            tls_cert=settings["broker.tls_cert"],
            tls_key=settings["broker.tls_key"],
            keepalive_s=settings["broker.keepalive_s"],
            reconnect_min_s=settings["broker.reconnect_min_s"],
            reconnect_max_s=settings["broker.reconnect_max_s"],
            will_topic=topics.console_state(station),
        ),
        clock=now,
    )
    link.messages_arrived.connect(intake.on_messages)
    engine = AlarmEngine(book, registry, clock)
    intake.readings_arrived.connect(engine.on_readings)
    system = SystemAlarms(book, now)
    link.state_changed.connect(system.on_link_state)
    recent = RecentReadings()
    intake.readings_arrived.connect(recent.add)
    details = AlarmDetails(registry, recent, writer)
    player = make_player()
    annunciator = Annunciator(book, clock, station, player)
    horn = QTimer()
    horn.setInterval(int(TICK_S * 1000))
    horn.timeout.connect(annunciator.tick)
    horn.timeout.connect(player.poll)

    def audit(action: str, actor: str, detail: dict, subject: str = "") -> None:
        """One entry in the audit chain, after the alarm changes gathered so far (chain order = event order)."""
        at = now()
        recorder.flush()
        writer.submit(lambda log_: AuditLog(log_.s).append(action, subject, actor, station, detail, at))

    desk = DutyDesk(book, writer, link, annunciator, station, now, audit)
    desk.before_write = recorder.flush
    try:
        desk.shifts = ShiftPattern.parse(settings["duty.shift_pattern"])
    except ValueError as exc:
        log.error("setting duty.shift_pattern: %s; using %s", exc, DEFAULT_PATTERN)
    desk.acting = recorder.acting
    plant_file = Path(settings["plant.file"]) if settings["plant.file"] else data_dir() / "plant.json"
    editor = PlantEditor(registry, plant_file, dispatcher.run_on_main, lambda: engine.reload(registry), audit)
    presence = PresenceDriver.from_settings(settings, desk, writer, system, now, audit)
    return Core(settings, clock, registry, dispatcher, writer, book, feed, recorder, intake, engine, link, system, desk,
                details, annunciator, player, horn, editor, presence)


def build_window(core: Core):
    from widgets import fonts
    from widgets.main_window import MainWindow

    window = MainWindow(core.feed, core.desk, core.link, core.intake, core.registry, core.engine, core.details,
                        core.player, core.clock.now, core.editor, presence=core.presence)
    window.view.setFont(fonts.list_font(QApplication.font()))
    return window


def prepare_qt(app: QApplication, settings: Settings) -> str:
    from PySide6.QtGui import QIcon

    from console import resource_files
    from widgets import fonts, style

    app.setWindowIcon(QIcon(str(resource_files.path("icons", "duty-console.svg"))))
    language = i18n.choose(settings["ui.language"])
    app._translators = i18n.install(app, language)  # type: ignore[attr-defined]
    style.apply(app)
    fonts.apply(app)
    return language


def run(settings: Settings, argv: list[str] | None = None, after_start=None) -> int:
    """Run the console until the window closes. ``after_start(app, window)`` is for the demo."""
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("duty-console")
    app.setApplicationDisplayName("Duty Console")
    language = prepare_qt(app, settings)
    core = build_core(settings)
    window = build_window(core)
    window.resize(1600, 900)
    window.show()
    core.start()
    if after_start is not None:
        after_start(app, window)
    # The objects built so far live as long as the program: keep them out of the garbage
    # collector's full passes, which otherwise pause the GUI thread for tens of milliseconds.
    gc.freeze()
    log.info("console started (station %s, language %s)", settings.station, language)
    try:
        return app.exec()
    finally:
        core.shutdown()
