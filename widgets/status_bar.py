"""Status bar: broker link, alarm counts, bad messages, operator on duty, clock."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from console.domain.link_state import LinkState
from console.domain.tls_failure import TlsFailure, failure_of

if TYPE_CHECKING:  # the core objects the shell hands in (types only: widgets never build them)
    from console.infrastructure.sound_player import NullSink, VlcSink


class DutyStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None, player: VlcSink | NullSink | None = None) -> None:
        super().__init__(parent)
        self._player = player
        self.setSizeGripEnabled(False)
        self.link = self._label("linkState")
        self.active = self._label("activeCount")
        self.unacked = self._label("unackedCount")
        self.rejected = self._label("rejectedCount")
        self.operator = self._label("operatorOnDuty")
        self.sound = self._label("soundState")
        self.duty_log = self._label("dutyLogState")
        self.clock = self._label("clock")
        for widget in (self.link, self.active, self.unacked, self.rejected, self.operator, self.sound, self.duty_log):
            self.addWidget(widget)
        self.addPermanentWidget(self.clock)
        self._tick = QTimer(self)
        self._tick.timeout.connect(self._show_time)
        self._tick.start(1000)
        self._show_time()
        self.show_counts(0, 0)
        self.show_rejected(0)
        self.show_operator("")
        self.show_link(LinkState.CONNECTING, "")
        self.show_duty_log(True, 0, "")

    def _label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        return label

    def show_link(self, state: LinkState, detail: str, address: str = "") -> None:
        text = {
            LinkState.CONNECTED: self.tr("● Alarm server connected"),
            LinkState.CONNECTING: self.tr("◌ Connecting to the alarm server…"),
            LinkState.DISCONNECTED: self.tr("✖ Alarm server DISCONNECTED since %1"),
            LinkState.STOPPED: self.tr("○ Alarm server link stopped"),
        }[state]
        if state is LinkState.DISCONNECTED:
            text = text.replace("%1", dt.datetime.now().strftime("%H:%M:%S"))
            failure = failure_of(detail)
            if failure is not None:
                text = f"{text} · {self.tls_failure_text(failure)}"
        self.link.setText(text)
        self.link.setToolTip(f"{address} {detail}".strip())
        self.link.setProperty("alarm", state is LinkState.DISCONNECTED)
        self._repolish(self.link)

    def tls_failure_text(self, failure: TlsFailure) -> str:
        """Which TLS check failed, in the operator's language."""
        return {
            TlsFailure.UNKNOWN_CA: self.tr("TLS: certificate from an unknown CA"),
            TlsFailure.EXPIRED: self.tr("TLS: the server's certificate has expired"),
            TlsFailure.NOT_YET_VALID: self.tr("TLS: the server's certificate is not valid yet"),
            TlsFailure.HOSTNAME_MISMATCH: self.tr("TLS: the certificate names another host"),
            TlsFailure.CLIENT_CERT_REFUSED: self.tr("TLS: this workstation's certificate was refused"),
            TlsFailure.OTHER: self.tr("TLS handshake failed"),
        }[failure]

    def show_counts(self, active: int, unacked: int) -> None:
        self.active.setText(self.tr("Active: %1").replace("%1", str(active)))
        self.unacked.setText(self.tr("Unacknowledged: %1").replace("%1", str(unacked)))
        self.unacked.setProperty("alarm", unacked > 0)
        self._repolish(self.unacked)

    def show_rejected(self, count: int, by_enterprise: list[tuple[str, int]] | None = None) -> None:
        """The count of bad messages since the start; the tooltip names the enterprises with most."""
        self.rejected.setText(self.tr("Bad messages: %1").replace("%1", str(count)))
        if by_enterprise:
            lines = [self.tr("Bad messages by enterprise (details in the log):")]
            lines += [f"{code or '-'}: {n}" for code, n in by_enterprise]
            self.rejected.setToolTip("\n".join(lines))
        self.rejected.setProperty("warn", count > 0)
        self._repolish(self.rejected)

    def show_operator(self, name: str) -> None:
        self.operator.setText(self.tr("On duty: %1").replace("%1", name) if name else self.tr("Nobody signed in"))
        self.operator.setProperty("warn", not name)
        self._repolish(self.operator)

    def show_sound(self) -> None:
        """The horn's state, so a silent workstation is never mistaken for a quiet plant."""
        ok = self._player is None or bool(getattr(self._player, "available", True))
        self.sound.setText(self.tr("♪ Sound on") if ok else self.tr("✖ NO SOUND OUTPUT"))
        self.sound.setToolTip("" if ok else str(getattr(self._player, "reason", "")))
        if self.sound.property("warn") != (not ok):
            self.sound.setProperty("warn", not ok)
            self._repolish(self.sound)

    def show_duty_log(self, reachable: bool, held: int, detail: str = "") -> None:
        """The shared duty log unreachable: records wait on this workstation (shown only then)."""
        if reachable and not held:
            self.duty_log.hide()
            return
        if reachable:  # back: what was kept is being written
            text = self.tr("⟳ Writing %1 records kept on this workstation to the duty log…")
        else:
            text = self.tr("✖ Shared duty log UNREACHABLE · %1 records kept on this workstation")
        self.duty_log.setText(text.replace("%1", str(held)))
        self.duty_log.setToolTip(detail)
        self.duty_log.setProperty("warn", not reachable)
        self._repolish(self.duty_log)
        self.duty_log.show()

    def _show_time(self) -> None:
        self.show_sound()
        self.clock.setText(dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S %Z"))

    @staticmethod
    def _repolish(label: QLabel) -> None:
        label.style().unpolish(label)
        label.style().polish(label)
