"""Start the real console in-process for a test and wait for it to be connected."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from console.infrastructure import i18n
from console.shell.app import build_core, build_window
from console.domain.link_state import LinkState
from console.infrastructure.store.dutylog import DutyLog


class RunningConsole:
    def __init__(self, qtbot, settings, registry=None, users=(("zhangwei", "pw-zhang", "张伟"),), connect=True, clock=None,
                 signed_in: bool = False) -> None:
        """``signed_in``: the first of ``users`` signs in through the window's bar once connected."""
        self.qtbot = qtbot
        app = QApplication.instance()
        self._translators = i18n.install(app, i18n.choose(settings["ui.language"]))
        self.core = build_core(settings, clock=clock, registry=registry)
        for name, password, display, *role in users:
            self.run_db(lambda log, n=name, p=password, d=display, r=(role or ["operator"])[0]: log.add_user(n, p, d, r))
        self.window = build_window(self.core)
        qtbot.addWidget(self.window)
        self.window.resize(1400, 700)
        self.window.show()
        self.core.start()
        self._closed = False
        if connect:
            self.wait_connected()
        if signed_in:
            self.sign_in(users[0][0], users[0][1])

    def wait_connected(self, timeout: int = 10_000) -> None:
        self.qtbot.waitUntil(lambda: self.core.link.state is LinkState.CONNECTED, timeout=timeout)

    def run_db(self, job):
        """Run a duty-log job on the writer thread and wait for its result."""
        box = []
        self.core.writer.submit(job, box.append, box.append)
        self.qtbot.waitUntil(lambda: bool(box), timeout=10_000)
        if isinstance(box[0], BaseException):
            raise box[0]
        return box[0]

    def acknowledgments(self):
        return self.run_db(lambda log: [
            (a.alarm_key, a.operator, a.station, a.raised_at, a.acked_at, a.response_ms) for a in log.acknowledgments()
        ])

    def sign_in(self, name: str = "zhangwei", password: str = "pw-zhang") -> None:
        bar = self.window.sign_in
        bar.user.setText(name)
        bar.password.setText(password)
        with self.qtbot.waitSignal(self.core.desk.operator_changed, timeout=10_000):
            bar.sign_in_button.click()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.window.close()
        self.core.shutdown()
        for translator in self._translators:
            QApplication.instance().removeTranslator(translator)


__all__ = ["RunningConsole", "DutyLog"]
