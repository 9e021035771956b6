"""The composition root: builds the core, the duty log and the window, in a fixed order.

Start-up: settings → duty log (migrations) → alarm book → intake and broker link →
window; the open alarms are reloaded from the duty log before the broker is connected.
Shutdown: broker session closed first, then the duty log flushed.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING, Callable, Iterator

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from console.infrastructure import audio_output, audit_key, gil_handover, gui_thread_gc, i18n, secrets, system_check
from console.infrastructure.background import Background
from console.services.alarm_engine import AlarmEngine
from console.services.alarm_feed import AlarmFeed
from console.services.areas import AreaDesk
from console.domain.alarms import AlarmBook
from console.services.anchor_publisher import AnchorPublisher
from console.services.annunciator import Annunciator
from console.services.horn import HornTimer
from console.infrastructure.broker_link import BrokerConfig, BrokerLink, LinkState, connect_timeout_watch
from console.domain.areas import Coverage
from console.domain.clock import Clock, SystemClock
from console.domain.deadlines import DEFAULT_ACK_S, DEFAULT_HANDLING_S, DeadlinePolicy
from console.services.details import AlarmDetails
from console.services.enterprise_overview import EnterpriseOverview
from console.services.escalation import Escalator
from console.services.gap_closer import GapCloser
from console.services.duty import DutyDesk
from console.services.handover_desk import HandoverDesk
from console.services.history.service import HistoryService
from console.services.history.trend_source import TrendSource
from console.services.history.wiring import build_history
from console.services.intake import Intake
from console.infrastructure.mailbox import Dispatcher
from console.domain.plant import PlantRegistry
from console.services.plant_editor import PlantEditor
from console.services.presence_driver import PresenceDriver
from console.domain.protocol import Topics
from console.services.recorder import AlarmRecorder
from console.services.shelving import SharedShelving
from console.services.notes import SharedNotes
from console.services.rosters import RosterDesk
from console.infrastructure.native_memory import CONSOLE_ARENAS, CONSOLE_MMAP_THRESHOLD, HeapTrimmer, fix_mmap_threshold, limit_arenas
from console.infrastructure.settings import Settings, data_dir
from console.domain.shifts import DEFAULT_PATTERN, ShiftPattern
from console.infrastructure.sound_player import NullSink, VlcSink, make_player
from console.infrastructure.store.audit import AuditEntry, audit_table
from console.infrastructure.store.audit_keying import bind_key, first_marker
from console.infrastructure.store.dutylog import Operator
from console.infrastructure.store.engine import describe, make_engine
from console.infrastructure.store import journal
from console.infrastructure.store.journal import Journal, JournalStatus
from console.infrastructure.store.migrations import upgrade
from console.infrastructure.store.shelf_log import open_shelves
from console.infrastructure.store.writer import DutyLogWriter, unreachable
from console.domain.system_alarms import SystemAlarms
from console.services.user_admin import UserAdmin
from console.shell.shutdown_watch import EXIT_STUCK, ShutdownWatch

if TYPE_CHECKING:  # imported where they are built, when they are (libvlc, the review's workers)
    from console.services.review.service import ReviewService
    from console.services.video.wall import VideoWall
    from widgets.window_layout import LayoutStore

log = logging.getLogger("console.shell.app")

FIRST_CONNECT_TIMEOUT_S = 10.0
# Shutdown limits per step (console/shell/shutdown_watch.py): the bounds the steps set themselves,
# plus a margin; the steps without a bound of their own get LINK_STOP_S or LIBVLC_S.
HISTORY_CLOSE_S = 30.0  # HistoryService.close's join
REVIEW_CLOSE_S = 30.0  # three review lanes, 10 s each
WRITER_CLOSE_S = 30.0  # DutyLogWriter.close's join
BACKGROUND_CLOSE_S = 5.0  # Background.close: cancels, then waits this long in all
MARGIN_S = 5.0
LINK_STOP_S = 10.0  # paho's disconnect and loop_stop
LIBVLC_S = 10.0  # a libvlc stop or release


@dataclass
class Core:
    """Everything but the window; what the tests drive."""

    settings: Settings
    clock: Clock
    registry: PlantRegistry
    dispatcher: Dispatcher
    background: Background
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
    player: VlcSink | NullSink
    horn: HornTimer
    editor: PlantEditor
    presence: PresenceDriver
    escalator: Escalator
    users: UserAdmin
    shelving: SharedShelving | None = None
    history: HistoryService | None = None
    trends: TrendSource | None = None
    handover: HandoverDesk | None = None
    video: VideoWall | None = None
    review: ReviewService | None = None
    overview: EnterpriseOverview | None = None
    anchors: AnchorPublisher | None = None
    gaps: GapCloser | None = None
    areas: AreaDesk | None = None
    notes: SharedNotes | None = None
    rosters: RosterDesk | None = None
    trimmer: HeapTrimmer = field(default_factory=HeapTrimmer)  # freed native memory back to the system

    def start(self) -> None:
        """Reload open alarms, their shelvings and points out of service, then connect (so a
        reloaded alarm is not raised twice)."""
        self.writer.submit(lambda log_: (log_.points_out_of_service(), log_.open_alarms(), open_shelves(log_)), self._restored,
                           self._not_restored)
        if self.review is not None:
            self.review.start()

    def _not_restored(self, error: BaseException) -> None:
        log.error("open alarms could not be reloaded from the duty log (%s): they come back as the plant reports them", error)
        self._restored(([], [], {}))

    def _restored(self, loaded: tuple) -> None:
        out_of_service, alarms, shelves = loaded
        for record in out_of_service:
            self.book.out_of_service[(record.enterprise, record.point)] = record
        # A shelving whose time ran out meanwhile comes back shelved and ends at the next tick (recorded then).
        self.book.restore(replace(a, out_of_service=(a.enterprise, a.point) in self.book.out_of_service,
                                  shelf=shelves.get(a.occurrence_id)) for a in alarms)
        self.horn.start()
        self.trimmer.start()
        self.engine.start()
        self.presence.start()
        self.escalator.start()
        if alarms:
            log.info("reloaded %d open alarms from the duty log", len(alarms))
        if self.areas is not None:
            self.areas.start()
        self.link.start()
        if self.anchors is not None:
            self.anchors.start()
        self._watch = connect_timeout_watch(self.link, FIRST_CONNECT_TIMEOUT_S, self.system.broker_lost)

    def shutdown(self, watch: ShutdownWatch | None = None) -> None:
        """Close in order, each step within its limit (console/shell/shutdown_watch.py): the
        broker session first, then what writes (history, review, the duty log), libvlc last, so
        that a libvlc call that hangs finds the duty log closed already."""
        watch = watch or ShutdownWatch()
        run = watch.run
        run("escalation", self.escalator.stop)
        if self.areas is not None:
            run("areas of responsibility", self.areas.stop)
        run("presence checks", self.presence.stop)
        run("horn timer", self.horn.stop)
        run("intake", self.intake.stop)
        run("alarm engine", self.engine.stop)
        if self.anchors is not None:
            run("audit anchors", self.anchors.stop)
        run("broker link", self.link.stop, LINK_STOP_S)
        if self.history is not None:
            run("reading history", self.history.close, HISTORY_CLOSE_S + MARGIN_S)  # the readings in memory are written
        if self.review is not None:
            run("review", self.review.close, REVIEW_CLOSE_S + MARGIN_S)  # queries and exports running are cancelled
        run("background work", self.background.close, BACKGROUND_CLOSE_S + MARGIN_S)  # answers no longer wanted
        run("duty log", self.writer.close, WRITER_CLOSE_S + MARGIN_S)  # the recorder's gathered changes go first
        log.info("duty log closed")
        run("alarm sound", self.annunciator.close, LIBVLC_S)  # libvlc: stops the clip
        run("sound player", self.player.close, LIBVLC_S)
        if self.video is not None:
            run("video", self.video.close, LIBVLC_S + MARGIN_S)  # libvlc stopped; clips end where they are
        run("heap trimmer", self.trimmer.close)
        watch.finish()


def build_core(settings: Settings, clock: Clock | None = None, registry: PlantRegistry | None = None) -> Core:
    limit_arenas(CONSOLE_ARENAS)  # before the duty log's, the history's, the broker's and the cameras' threads
    fix_mmap_threshold(CONSOLE_MMAP_THRESHOLD)  # large buffers go back to the system when freed
    from console.services.video.build import build_wall, start_engine

    video_engine = start_engine(settings)  # libvlc starts on its own thread meanwhile (video/engine.py)
    clock = clock or SystemClock()
    now = clock.now
    if registry is None:
        # Camera passwords come from the keyring (console/infrastructure/secrets.py), never from the plant file.
        registry = secrets.load_plant(settings["plant.file"]) if settings["plant.file"] else PlantRegistry()
    if registry.open:
        log.warning("no plant registry configured: messages for any enterprise and point are accepted")
    else:
        log.info("plant registry: %d enterprises, %d points, %d cameras", *registry.counts())

    dispatcher = Dispatcher()
    background = Background(dispatcher.run_on_main)
    station = settings.station
    engine = make_engine(settings.database_url)
    prepare = None
    try:
        upgrade(engine)
    except Exception as exc:
        if not unreachable(exc):
            raise
        # Start all the same: the alarms must show; records wait in the local journal.
        log.error("duty log %s unreachable at start (%s)", describe(settings.database_url), exc)
        prepare = upgrade
    log.info("duty log: %s", describe(settings.database_url))
    chain_key = _audit_key(settings)
    bind_key(engine, chain_key.secret if chain_key else None)  # every AuditLog on this duty log hashes with it
    duty_log_status = JournalStatus()
    writer = DutyLogWriter(engine, dispatcher.run_on_main, Journal.for_log(data_dir(), station, settings.database_url), station,
                           duty_log_status, prepare, retry_max_s=settings["journal.retry_max_s"])

    topics = Topics(settings["broker.topic_root"])
    shifts = _shift_pattern(settings)
    book = AlarmBook(clock, station, settings["lifecycle.handling_required_priority"])
    feed = AlarmFeed(book)
    recorder = AlarmRecorder(book, writer, station, now, lambda at: shifts.shift_at(at).id)
    intake = Intake(book, registry, topics, now, settings["intake.max_future_skew_s"],
                    reject_summary_s=settings["intake.reject_summary_s"])
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
            heartbeat_topic=topics.console_heartbeat(station),
            heartbeat_s=settings["broker.heartbeat_s"],
            silence_s=settings["broker.silence_s"],
        ),
        clock=now,
    )
    link.messages_arrived.connect(intake.on_messages)
    alarm_engine = AlarmEngine(book, registry, clock)
    intake.readings_arrived.connect(alarm_engine.on_readings)
    system = SystemAlarms(book, now)
    link.state_changed.connect(system.on_link_state)
    duty_log_status.changed.connect(system.on_duty_log)
    if video_engine is not None:
        video_engine.result()  # one libvlc start at a time: the sound player's is next
    player = make_player(audio_output.choose(settings["sound.output"]))
    annunciator = Annunciator(book, clock, station, player)
    horn = HornTimer(annunciator, player)

    def audit(action: str, actor: str, detail: dict, subject: str = "") -> None:
        """One entry in the audit chain (the writer queues the alarm changes gathered so far ahead of it)."""
        writer.submit(journal.audit(AuditEntry(action, subject, actor, station, detail, now())))

    shelving = SharedShelving(book, writer, lambda topic, payload: link.publish(topic, payload, qos=1), topics, station, now,
                              lambda at: shifts.shift_at(at).id)

    @contextmanager
    def acting(operator: str) -> Iterator[None]:
        """The book changes made inside are ``operator``'s request (for the recorder and the shelving)."""
        with recorder.acting(operator), shelving.acting(operator):
            yield

    desk = DutyDesk(book, writer, link, annunciator, station, now, audit, shifts=shifts, recording=recorder, acting=acting,
                    name_salt=name_salt())
    intake.silence_arrived.connect(desk.on_remote_silence)
    notes = SharedNotes(writer, lambda topic, payload: link.publish(topic, payload, qos=1), topics, station, now,
                        lambda: desk.operator, audit, lambda at: shifts.shift_at(at).id)
    intake.note_arrived.connect(notes.on_remote)
    rosters = RosterDesk(writer, background, shifts, station, now, lambda: desk.operator, audit)
    gaps = GapCloser(book, intake, system, topics, station, lambda topic, payload: link.publish(topic, payload, qos=1), now,
                     lambda action, actor, detail: audit(action, actor, detail))
    link.state_changed.connect(gaps.on_link_state)
    plant_file = Path(settings["plant.file"]) if settings["plant.file"] else data_dir() / "plant.json"
    overview = EnterpriseOverview(feed, registry)
    intake.device_status.connect(overview.on_device_status)

    def points_changed() -> None:
        alarm_engine.reload(registry)
        overview.reload_plant()
        # An import wrote the sheet's camera URLs into the plant file: their passwords go to the keyring.
        background.run(lambda _op: _scrub_plant_file(plant_file), name="plant-secrets")

    editor = PlantEditor(registry, plant_file, background, points_changed, audit, operator=lambda: desk.operator)
    presence = PresenceDriver.from_settings(settings, desk, writer, system, now)
    escalator = Escalator(book, _deadline_policy(settings), lambda topic, payload: link.publish(topic, payload, qos=1), topics,
                          annunciator, station, now, lambda: desk.operator.name if desk.operator else "",
                          background, settings["escalation.command"])
    presence.check_finished.connect(escalator.on_presence_result)
    users = UserAdmin(writer, lambda: desk.operator, station, now)
    areas = AreaDesk(writer, clock, station, topics, lambda topic, payload: link.publish(topic, payload, qos=1),
                     link.set_online_state, lambda: desk.operator)
    intake.console_state.connect(areas.on_console_state)
    intake.areas_changed.connect(areas.on_areas_changed)
    link.state_changed.connect(areas.on_link_state)
    desk.operator_changed.connect(areas.on_operator_changed)

    def coverage_changed(coverage: Coverage) -> None:
        annunciator.set_scope(coverage.answers)
        escalator.set_scope(coverage.answers)
        desk.answers = coverage.answers

    areas.coverage_changed.connect(coverage_changed)
    anchors = AnchorPublisher(writer, lambda topic, payload: link.publish(topic, payload, qos=1, retain=True), topics, station, now,
                              chain_key.secret if chain_key else None, settings["audit.anchor_interval_s"])
    link.state_changed.connect(lambda state, _detail: anchors.publish_now() if state is LinkState.CONNECTED else None)
    writer.submit(lambda log_: first_marker(log_.s, audit_table), partial(_chain_keyed, chain_key), lambda _exc: None)
    history, trends = build_history(settings, now, dispatcher.run_on_main, background, writer, registry, feed, intake)
    details = AlarmDetails(registry, history, writer)  # the detail's readings come from the reading history
    handover = HandoverDesk(desk, book, writer, registry, station, now, audit, max(0, settings["handover.early_min"]) * 60.0)
    handover.completed.connect(lambda _signed: anchors.publish_now())  # the anchor after the handover's entry
    video = build_wall(settings, registry, book, dispatcher.run_on_main, background, now, writer, station,
                       lambda: desk.operator.role if desk.operator else None,
                       lambda: desk.operator.name if desk.operator else "", started=video_engine)
    desk.operator_changed.connect(lambda _name: video.viewer_changed())  # live pictures for whoever is signed in
    review = _build_review(settings, registry, shifts, dispatcher.run_on_main, clock, station, lambda: desk.operator, audit,
                           audit_key=chain_key.secret if chain_key else None)
    return Core(settings, clock, registry, dispatcher, background, writer, book, feed, recorder, intake, alarm_engine, link, system, desk,
                details, annunciator, player, horn, editor, presence, escalator, users, shelving=shelving, history=history, trends=trends,
                handover=handover, video=video, review=review, overview=overview, anchors=anchors, gaps=gaps, areas=areas,
                notes=notes, rosters=rosters)


def _audit_key(settings: Settings) -> audit_key.AuditKey | None:
    """The audit chain's key (console/infrastructure/audit_key.py); None: unkeyed, and said so."""
    try:
        key = audit_key.load_key(settings)
    except audit_key.AuditKeyError as exc:
        log.error("audit chain written WITHOUT a key: %s", exc)
        return None
    if key is None:
        log.warning("no audit key (%s, or the keyring's %s): the audit chain is written unkeyed, so someone with write "
                    "access to the duty log could rewrite it undetected (docs/audit.md)", audit_key.key_file_for(settings),
                    audit_key.SECRET_NAME)
    else:
        log.info("audit chain keyed: key id %s, from %s", key.id, key.source)
    return key


def _chain_keyed(key: audit_key.AuditKey | None, marker: tuple[int, str] | None) -> None:
    """At start: a chain keyed already while this workstation has no key is an error worth saying."""
    if marker is not None and key is None:
        log.error("the duty log's audit chain is keyed since entry %d (key id %s) but this workstation has no audit key: "
                  "its entries will not verify. Copy the key file from a workstation that has it (docs/audit.md)", *marker)


def _shift_pattern(settings: Settings) -> ShiftPattern:
    try:
        return ShiftPattern.parse(settings["duty.shift_pattern"])
    except ValueError as exc:
        log.error("setting duty.shift_pattern: %s; using %s", exc, DEFAULT_PATTERN)
        return ShiftPattern.parse(DEFAULT_PATTERN)


def name_salt() -> bytes | None:
    """This installation's salt for the fingerprints of unknown names typed at a sign-in (None:
    the secret store cannot keep one; the desk then uses one for this run, said in the log)."""
    try:
        return secrets.installation_salt()
    except secrets.SecretStoreError as exc:
        log.warning("no lasting salt for name fingerprints (%s): fingerprints of unknown names tell repeats apart "
                    "only until the console restarts", exc)
        return None


def _scrub_plant_file(path: Path) -> None:
    try:
        secrets.scrub_plant_file(path)
    except (OSError, ValueError, secrets.SecretStoreError) as exc:
        log.error("camera passwords could not be moved out of %s: %s", path, exc)


def _build_review(settings: Settings, registry: PlantRegistry, shifts: ShiftPattern, deliver: Callable[..., None], clock: Clock,
                  station: str, operator: Callable[[], Operator | None], audit: Callable[..., None] | None = None,
                  via: str = "", audit_key: bytes | None = None) -> ReviewService:
    """The managers' review (console/review): its own connection and worker lanes."""
    from console.services.review.report_data import Limits
    from console.services.review.service import ReviewService

    policy = _deadline_policy(settings)
    return ReviewService(settings.database_url, registry, shifts, Limits(policy.ack_s, policy.handling_s), deliver, clock,
                         station, settings["review.operators_on_duty"], settings["review.catch_up_min"],
                         settings["review.export_dir"], pdf_writer=lambda path, data: review_pdf().write_pdf(path, data),
                         operator=operator, audit=audit, via=via, audit_key=audit_key)


def review_pdf():
    """The review's PDF reports (widgets/review/pdf.py), for the window and `duty-console report`."""
    from widgets.review import pdf as module

    return module


def _deadline_policy(settings: Settings) -> DeadlinePolicy:
    try:
        return DeadlinePolicy.parse(settings["deadlines.ack_s"], settings["deadlines.handling_s"])
    except ValueError as exc:
        log.error("deadline settings: %s; using the defaults", exc)
        return DeadlinePolicy.parse(DEFAULT_ACK_S, DEFAULT_HANDLING_S)


def build_window(core: Core):
    from widgets import fonts
    from widgets.main_window import MainWindow

    window = MainWindow(core.feed, core.desk, core.link, core.intake, core.registry, core.engine, core.details,
                        core.player, core.clock.now, core.editor, presence=core.presence,
                        users=core.users)
    window.view.setFont(fonts.list_font(QApplication.font()))
    if core.notes is not None:
        window.add_notes(core.notes)
    if core.rosters is not None:
        window.add_rosters(core.rosters, core.settings.station)
    if core.trends is not None:
        window.add_trends(core.trends)
    if core.handover is not None:
        window.add_handover(core.handover, core.background, core.settings["handover.pdf_dir"])
    if core.video is not None:
        window.add_video(core.video)
    if core.review is not None:
        window.add_review(core.review, core.trends)
    if core.overview is not None:
        window.add_overview(core.overview)
    if core.areas is not None:
        window.add_areas(core.areas)
    core.escalator.changed.connect(window.show_escalation)
    window.show_escalation(*core.escalator.counts())
    duty_log_status = core.writer.status
    if duty_log_status is not None:
        duty_log_status.changed.connect(window.status.show_duty_log)
        window.status.show_duty_log(*duty_log_status.state())
    window.add_settings(lambda: open_settings_window(core, window))
    return window


def open_settings_window(core: Core, window):
    """The administrator's settings window (widgets/setup/settings_window.py): non-modal, beside the
    alarm window; one at a time."""
    from console.setup import autostart
    from console.setup.connection_check import SetupService
    from widgets.placement import beside_the_list
    from widgets.setup.settings_window import SettingsWindow

    existing = getattr(window, "settings_window", None)
    if existing is not None and existing.isVisible():
        existing.raise_()
        existing.activateWindow()
        return existing
    service = SetupService(core.background, core.settings, after_save=_apply_autostart,
                           operator=lambda: core.desk.operator)
    values = {key: core.settings[key] for key in _FORM_KEYS}
    values["ui.language"] = i18n.choose(core.settings["ui.language"])
    settings_window = SettingsWindow(service, values, autostart.is_enabled(), str(data_dir() / "duty-log.sqlite"))
    settings_window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.settings_window = settings_window
    beside_the_list(settings_window, window)  # the alarm list stays in view
    settings_window.show()
    return settings_window


_FORM_KEYS = ("station.name", "ui.language", "plant.file", "broker.host", "broker.port", "broker.username", "broker.password",
              "broker.topic_root", "broker.tls_ca", "broker.tls_cert", "broker.tls_key", "database.url")


def _apply_autostart(settings: Settings, values: dict) -> None:
    """After a save (worker thread): start at log-in as the form says."""
    from console.setup import autostart

    if "autostart" in values and bool(values["autostart"]) != autostart.is_enabled():
        autostart.set_enabled(bool(values["autostart"]), settings.path)


def prepare_qt(app: QApplication, settings: Settings) -> str:
    from PySide6.QtGui import QIcon

    from console.infrastructure import resource_files
    from widgets import fonts, style

    app.setWindowIcon(QIcon(str(resource_files.path("icons", "duty-console.svg"))))
    language = i18n.choose(settings["ui.language"])
    app._translators = i18n.install(app, language)  # type: ignore[attr-defined]
    style.apply(app)
    fonts.apply(app)
    return language


def run(settings: Settings, argv: list[str] | None = None, after_start=None, single_instance=None) -> int:
    """Run the console until the window closes. ``after_start(app, window)`` is for the demo;
    ``single_instance`` (console/infrastructure/single_instance.py) brings the window forward on a second start."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setApplicationName("duty-console")
    app.setApplicationDisplayName("Duty Console")
    gui_thread_gc.install(app)  # before anything starts a thread: Qt objects are freed on the GUI thread
    gil_handover.install()  # … and a busy worker thread lets the GUI thread's calls into Python in at once
    language = prepare_qt(app, settings)
    core = build_core(settings)
    window = build_window(core)
    layout = window_layout(settings)
    layout.restore(window, window.view)  # where this workstation left it, or the whole screen
    app.aboutToQuit.connect(lambda: layout.save(window, window.view))
    window.show()
    core.start()
    if single_instance is not None:
        single_instance.activation_requested.connect(lambda: _bring_forward(window))
    missing = system_check.report_libvlc()
    if missing:
        window.feedback.setText(missing)
    _quit_on_signals(app)
    if after_start is not None:
        after_start(app, window)
    # The objects built so far live as long as the program: keep them out of the garbage
    # collector's full passes, which otherwise pause the GUI thread for tens of milliseconds.
    gc.freeze()
    log.info("console started (station %s, language %s)", settings.station, language)
    try:
        return app.exec()
    finally:
        core.shutdown(ShutdownWatch(on_stuck=_end_stuck_process))


def _end_stuck_process(step: str) -> None:
    """A shutdown step hangs (shutdown_watch has logged which): end the process now, rather than
    hang until the session manager kills it. The duty log is closed before any libvlc step."""
    logging.shutdown()  # the log lines so far are written out
    os._exit(EXIT_STUCK)


def window_layout(settings: Settings) -> LayoutStore:
    """The window's place, its panels and the list's columns, saved per workstation."""
    from widgets.window_layout import LayoutStore

    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in settings.station) or "station"
    return LayoutStore(data_dir() / "layout" / f"{safe}.ini")


def _bring_forward(window) -> None:
    window.setWindowState((window.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive)
    window.show()
    window.raise_()
    window.activateWindow()
    QApplication.alert(window)


def _quit_on_signals(app: QApplication) -> None:
    """SIGTERM (logout, systemd, ``kill``) and SIGINT close the console in order (duty log flushed)."""
    import signal

    def quit_(_signum, _frame) -> None:
        log.info("stop signal received: closing")
        app.quit()

    for sig in (signal.SIGTERM, signal.SIGINT):
        try:
            signal.signal(sig, quit_)
        except (ValueError, OSError):  # not the main thread, or not on this platform
            return
    # Python runs signal handlers between bytecodes only: wake it now and then.
    app._signal_timer = timer = QTimer(app)  # type: ignore[attr-defined]
    timer.timeout.connect(lambda: None)
    timer.start(500)


def run_installed(settings_path: Path | None, overrides=None, setup: bool = False) -> int:
    """``duty-console run`` (and ``setup``): a display or a clear message, one console per settings
    file, the first-run wizard when there are no settings yet, then the console."""
    from PySide6.QtCore import QCoreApplication

    from console.infrastructure.single_instance import SingleInstance, wake_running
    from console.infrastructure.settings import config_dir

    settings_path = settings_path or config_dir() / "settings.toml"
    first = Settings.load(settings_path)
    if system_check.display_missing():
        core_app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
        core_app._translators = i18n.install(core_app, i18n.choose(first["ui.language"]))  # type: ignore[attr-defined]
        message = system_check.display_message()
        log.error("%s", message)
        print(message, file=sys.stderr)
        return system_check.EXIT_NO_DISPLAY
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("duty-console")
    app.setApplicationDisplayName("Duty Console")
    gui_thread_gc.install(app)  # the first-run wizard's checks run on threads too
    instance = SingleInstance(settings_path, data_dir())
    if not instance.acquire():
        woken = wake_running(settings_path, data_dir())
        message = QCoreApplication.translate("SystemCheck", "Duty Console is already running: its window is brought forward.")
        log.info("%s (%s)", message, "asked" if woken else "the other console just ended: start again")
        print(message, file=sys.stderr)
        return 0
    try:
        if setup or not settings_path.exists():
            prepare_qt(app, first)
            if not run_first_run_wizard(app, first, settings_path):
                print(QCoreApplication.translate("SystemCheck", "Set-up cancelled: nothing was written."), file=sys.stderr)
                return 1
            for translator in getattr(app, "_translators", []):
                app.removeTranslator(translator)  # run() installs the language the wizard saved
        settings = Settings.load(settings_path)
        if overrides is not None:
            overrides(settings)
        return run(settings, single_instance=instance)
    finally:
        instance.release()


def run_first_run_wizard(app: QApplication, base: Settings, settings_path: Path) -> bool:
    """The first-run wizard (modal: the alarm window does not exist yet). True once set up."""
    from console.setup.first_run import FirstRunService
    from widgets.setup.first_run_wizard import FirstRunWizard

    dispatcher = Dispatcher()
    base.path = settings_path
    service = FirstRunService(Background(dispatcher.run_on_main), base, after_save=_apply_autostart)

    def set_language(code: str) -> None:
        for translator in getattr(app, "_translators", []):
            app.removeTranslator(translator)
        app._translators = i18n.install(app, code)  # type: ignore[attr-defined]

    values = {key: base[key] for key in _FORM_KEYS}
    language = i18n.choose(base["ui.language"])
    wizard = FirstRunWizard(service, language, str(data_dir() / "duty-log.sqlite"), values, set_language)
    accepted = wizard.exec() == FirstRunWizard.DialogCode.Accepted
    return accepted and wizard.settings is not None
