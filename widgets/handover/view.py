"""The handover panel (交接班): the report, the two signatures, print and PDF, inline beside the
alarm list (never a dialog over it).

It drives a console.services.handover_desk.HandoverDesk (received duck-typed: that module reaches the
duty-log writer): buttons call its slots, its signals fill the panel. No business logic here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import datetime as dt
import logging
from pathlib import Path

import platformdirs
from PySide6.QtCore import Qt, Signal
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from console.domain.handover import HandoverReport, Signatory, SignedHandover
from widgets.handover import html as handover_html
from widgets.placement import beside_the_list
from widgets.handover import printing as handover_print

if TYPE_CHECKING:  # the core objects the shell hands in (types only: widgets never build them)
    from console.infrastructure.background import Background
    from console.services.handover_desk import HandoverDesk

log = logging.getLogger("widgets.handover")

TIME = "%H:%M:%S"


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    return button


def _password(name: str, placeholder: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    return field


class HandoverPanel(QFrame):
    close_requested = Signal()
    pdf_saved = Signal(str)  # path

    def __init__(self, handover: HandoverDesk, background: Background, pdf_dir: str = "", parent: QWidget | None = None) -> None:
        """``background``: where the PDF is written."""
        super().__init__(parent)
        self.setObjectName("handoverPanel")
        self._handover = handover
        self._background = background
        self.pdf_dir = pdf_dir or str(Path(platformdirs.user_documents_dir()) / "Duty Console")
        self.report: HandoverReport | None = None
        self.outgoing_signature: Signatory | None = None
        self.signed: SignedHandover | None = None
        self.html = ""
        self.file_dialog: QFileDialog | None = None
        self.print_dialog: QPrintDialog | None = None
        self._stage = "idle"

        self.title = QLabel(self.tr("Shift handover"))
        self.title.setObjectName("handoverTitle")
        self.stage = QLabel()
        self.stage.setObjectName("handoverStage")
        self.report_view = QTextBrowser()
        self.report_view.setObjectName("handoverReport")
        self.report_view.setOpenLinks(False)

        self.outgoing_label = QLabel()
        self.outgoing_label.setObjectName("handoverOutgoing")
        self.outgoing_password = _password("handoverOutgoingPassword", self.tr("Your password"))
        self.outgoing_sign = _button(self.tr("Sign as outgoing"), "handoverOutgoingSign")
        self.outgoing_state = QLabel()
        self.outgoing_state.setObjectName("handoverOutgoingState")
        self.incoming_user = QLineEdit()
        self.incoming_user.setObjectName("handoverIncomingUser")
        self.incoming_user.setPlaceholderText(self.tr("User name"))
        self.incoming_password = _password("handoverIncomingPassword", self.tr("Password"))
        self.incoming_sign = _button(self.tr("Sign and take over"), "handoverIncomingSign")
        signatures = QFrame()
        signatures.setObjectName("handoverSignatures")
        grid = QGridLayout(signatures)
        grid.setContentsMargins(6, 4, 6, 4)
        grid.addWidget(QLabel(self.tr("Outgoing operator:")), 0, 0)
        grid.addWidget(self.outgoing_label, 0, 1)
        grid.addWidget(self.outgoing_password, 0, 2)
        grid.addWidget(self.outgoing_sign, 0, 3)
        grid.addWidget(self.outgoing_state, 1, 1, 1, 3)
        grid.addWidget(QLabel(self.tr("Incoming operator:")), 2, 0)
        grid.addWidget(self.incoming_user, 2, 1)
        grid.addWidget(self.incoming_password, 2, 2)
        grid.addWidget(self.incoming_sign, 2, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)

        self.message = QLabel()
        self.message.setObjectName("handoverMessage")
        self.message.setWordWrap(True)
        self.refresh_button = _button(self.tr("Refresh"), "handoverRefresh")
        self.print_button = _button(self.tr("Print…"), "handoverPrint")
        self.pdf_button = _button(self.tr("Save PDF…"), "handoverPdf")
        self.cancel_button = _button(self.tr("Cancel handover"), "handoverCancel")
        self.close_button = _button(self.tr("Close"), "handoverClose")
        buttons = QHBoxLayout()
        for b in (self.refresh_button, self.print_button, self.pdf_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.close_button)

        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addWidget(self.stage, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(header)
        layout.addWidget(self.report_view, 1)
        layout.addWidget(signatures)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        self.outgoing_sign.clicked.connect(self._sign_outgoing)
        self.outgoing_password.returnPressed.connect(self._sign_outgoing)
        self.incoming_user.returnPressed.connect(self.incoming_password.setFocus)
        self.incoming_sign.clicked.connect(self._sign_incoming)
        self.incoming_password.returnPressed.connect(self._sign_incoming)
        self.refresh_button.clicked.connect(handover.refresh)
        self.cancel_button.clicked.connect(handover.cancel)
        self.close_button.clicked.connect(self.close_requested)
        self.print_button.clicked.connect(self.ask_print)
        self.pdf_button.clicked.connect(self.ask_pdf)
        handover.stage_changed.connect(self._show_stage)
        handover.report_ready.connect(self._show_report)
        handover.outgoing_signed.connect(self._show_outgoing_signed)
        handover.refused.connect(self._show_refusal)
        handover.failed.connect(self._show_failure)
        handover.cancelled.connect(self._show_cancelled)
        handover.completed.connect(self._show_completed)
        self._show_stage(str(handover.stage.value))

    # -- requests --------------------------------------------------------------------
    def _sign_outgoing(self) -> None:
        password = self.outgoing_password.text()
        self.outgoing_password.clear()
        self._handover.sign_outgoing(password)

    def _sign_incoming(self) -> None:
        password = self.incoming_password.text()
        self.incoming_password.clear()
        self._handover.sign_incoming(self.incoming_user.text(), password)

    def ask_pdf(self) -> None:
        """A file chooser beside the window (not modal: the alarm list stays usable)."""
        if not self.html:
            return
        stamp = dt.datetime.fromtimestamp(self.report.generated_at if self.report else 0).strftime("%Y%m%d-%H%M")
        station = self.report.station if self.report else ""
        name = f"handover-{station}-{stamp}.pdf".replace("/", "_")
        dialog = QFileDialog(self, self.tr("Save the handover report as PDF"), str(Path(self.pdf_dir) / name),
                             self.tr("PDF files (*.pdf)"))
        dialog.setObjectName("handoverPdfDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setModal(False)
        dialog.fileSelected.connect(self.save_pdf)
        if self.file_dialog is not None:
            self.file_dialog.close()
        self.file_dialog = dialog
        beside_the_list(dialog, self)
        dialog.show()

    def save_pdf(self, path: str) -> None:
        """Written in the background; ``pdf_saved`` (or a message) on the GUI thread."""
        html, title = self.html, self.tr("Shift handover report")
        self._background.run(lambda _op: handover_print.save_pdf(html, path, title), self._pdf_saved, self._pdf_failed,
                             name="handover-pdf")

    def _pdf_saved(self, saved: Path) -> None:
        log.info("handover report saved as PDF: %s", saved)
        self._say(self.tr("Saved as PDF: %1").replace("%1", str(saved)))
        self.pdf_saved.emit(str(saved))

    def _pdf_failed(self, exc: BaseException) -> None:
        """(logged by the background helper)"""
        self._say(self.tr("The PDF could NOT be saved: %1").replace("%1", str(exc)), True)

    def ask_print(self) -> None:
        """The system's print dialog: an explicit request of the operator, shown window-modal
        only while it is open; the handover itself never waits on it."""
        if not self.html:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setObjectName("handoverPrintDialog")
        html = self.html
        dialog.finished.connect(lambda result: self._print_if_accepted(result, printer, html))
        self.print_dialog = dialog
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()

    def _print_if_accepted(self, result: int, printer: QPrinter, html: str) -> None:
        if result == QPrintDialog.DialogCode.Accepted:
            self.print_on(printer, html)

    def print_on(self, printer: QPrinter, html: str | None = None) -> None:
        handover_print.print_report(self.html if html is None else html, printer)
        self._say(self.tr("Sent to the printer."))

    # -- display ---------------------------------------------------------------------
    def _show_stage(self, stage: str) -> None:
        if stage == "preparing" and self._stage == "idle":
            self._clear()  # a new handover: the previous one's report and messages go
        self._stage = stage
        texts = {
            "idle": "",
            "preparing": self.tr("Preparing the report…"),
            "awaiting_outgoing": self.tr("Step 1 of 2: the outgoing operator checks the report with the incoming one and signs."),
            "checking_outgoing": self.tr("Checking the outgoing signature…"),
            "awaiting_incoming": self.tr("Step 2 of 2: the incoming operator signs with their own user name and password."),
            "checking_incoming": self.tr("Checking the incoming signature and storing the handover…"),
        }
        self.stage.setText(texts.get(stage, stage))
        self.outgoing_password.setEnabled(stage == "awaiting_outgoing")
        self.outgoing_sign.setEnabled(stage == "awaiting_outgoing")
        for w in (self.incoming_user, self.incoming_password, self.incoming_sign):
            w.setEnabled(stage == "awaiting_incoming")
        self.refresh_button.setEnabled(stage == "awaiting_outgoing")
        self.cancel_button.setEnabled(stage not in ("idle", "checking_incoming"))
        self.close_button.setEnabled(stage == "idle")
        has_report = bool(self.html) and stage != "preparing"
        self.print_button.setEnabled(has_report)
        self.pdf_button.setEnabled(has_report)
        if stage == "awaiting_outgoing":
            self.outgoing_password.setFocus()
        elif stage == "awaiting_incoming":
            self.incoming_user.setFocus()

    def _clear(self) -> None:
        self.report, self.outgoing_signature, self.signed, self.html = None, None, None, ""
        self.report_view.clear()
        self.outgoing_label.clear()
        self.outgoing_state.clear()
        self.incoming_user.clear()
        self.message.clear()

    def _render(self) -> None:
        if self.signed is not None:
            s = self.signed
            self.html = handover_html.render(s.report, s.outgoing, s.incoming, f"{s.shift_to.label} ({s.shift_to.id})",
                                             s.report_sha256)
        elif self.report is not None:
            self.html = handover_html.render(self.report, self.outgoing_signature)
        else:
            self.html = ""
        self.report_view.setHtml(self.html)
        self._show_stage(str(self._handover.stage.value))

    def _show_report(self, report: HandoverReport) -> None:
        self.report = report
        self.outgoing_signature = None
        self.outgoing_label.setText(f"{report.outgoing_display} ({report.outgoing})")
        self.outgoing_state.setText(self.tr("Not signed yet."))
        self._say(self.tr("Go through the report with the incoming operator, then sign as the outgoing operator."))
        self._render()

    def _show_outgoing_signed(self, signature: Signatory) -> None:
        self.outgoing_signature = signature
        at = dt.datetime.fromtimestamp(signature.signed_at).strftime(TIME)
        self.outgoing_state.setText(self.tr("Signed by %1 at %2.").replace("%1", signature.display_name).replace("%2", at))
        self._say(self.tr("Now the incoming operator signs with their own user name and password."))
        self._render()

    def _show_completed(self, signed: SignedHandover) -> None:
        self.signed = signed
        self.incoming_user.clear()
        self._say(self.tr("Handover complete: %1 is on duty now, shift %2.")
                  .replace("%1", signed.incoming.display_name).replace("%2", signed.shift_to.label))
        self._render()

    def _show_cancelled(self, why: str) -> None:
        if why == "operator-changed":
            self._say(self.tr("Handover abandoned: the outgoing operator is no longer signed in."))
        else:
            self._say(self.tr("Handover cancelled: the outgoing operator stays on duty."))

    def _show_failure(self, stage: str, error: str) -> None:
        if stage == "prepare":
            self._say(self.tr("The report could NOT be prepared (%1).").replace("%1", error[:160]), True)
        elif stage == "outgoing":
            self._say(self.tr("The signature could NOT be checked (%1); sign again.").replace("%1", error[:160]), True)
        else:
            self._say(self.tr("The handover could NOT be stored (%1); it is still pending: sign again.").replace("%1", error[:160]), True)

    def _show_refusal(self, stage: str, reason: str, locked_until: float) -> None:
        outgoing = self.report.outgoing_display if self.report else ""
        if reason == "locked":
            until = dt.datetime.fromtimestamp(locked_until).strftime("%H:%M")
            text = self.tr("Too many wrong passwords: this account is locked until %1.").replace("%1", until)
            if stage == "incoming":
                text += " " + self.tr("The handover is still pending; %1 stays on duty.").replace("%1", outgoing)
        elif reason == "wrong-password" and stage == "incoming":
            text = self.tr("Wrong user name or password: the incoming signature is refused. "
                           "The handover is still pending; %1 stays on duty.").replace("%1", outgoing)
            self.incoming_password.setFocus()
        elif reason == "wrong-password":
            text = self.tr("Wrong password: the outgoing signature is refused.")
            self.outgoing_password.setFocus()
        else:
            text = {
                "sign-in": self.tr("Sign in first: only the operator on duty can start a handover."),
                "not-permitted": self.tr("This account may not hand over the duty."),
                "busy": self.tr("A handover is in progress already.") if stage != "cancel"
                else self.tr("The handover is being stored: it can no longer be cancelled."),
                "not-ready": self.tr("Not yet: wait for the previous step."),
                "needs-name": self.tr("Enter the incoming operator's user name."),
                "needs-password": self.tr("Enter the password."),
                "same-user": self.tr("The incoming operator signs with their own account, not the outgoing operator's."),
            }.get(reason, reason)
        self._say(text, True)

    def _say(self, text: str, problem: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("problem", problem)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
