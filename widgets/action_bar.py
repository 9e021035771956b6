"""The operator's row of action buttons and their keys: acknowledge (Space), acknowledge all,
silence (Esc), handle (F9), clear (F10), shelve, point out of service, handover, settings, and
the presence answer (F12).

The bar only says what was asked (a signal named for each action) and shows which buttons apply
to the one signed in (``show_role``, asking console/domain/user_rules.py as the services do); the
main window connects the signals. Its buttons wrap onto a second line on a narrow screen."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal, SignalInstance
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QPushButton, QWidget

from console.domain.user_rules import may_configure, may_hand_over
from widgets.flow_layout import FlowLayout, flowing

ACK_KEY = Qt.Key.Key_Space
SILENCE_KEY = Qt.Key.Key_Escape
PRESENCE_KEY = Qt.Key.Key_F12
HANDLE_KEY = Qt.Key.Key_F9
CLEAR_KEY = Qt.Key.Key_F10



class ActionBar(QWidget):
    acknowledge_requested = Signal()
    acknowledge_all_requested = Signal()
    silence_requested = Signal()
    handle_requested = Signal()
    clear_requested = Signal()
    shelve_requested = Signal()
    out_of_service_requested = Signal()
    handover_requested = Signal()
    settings_requested = Signal()
    presence_answer_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("actionBar")
        self.ack_button = self._button("ackButton", self.acknowledge_requested)
        self.ack_all_button = self._button("ackAllButton", self.acknowledge_all_requested)
        self.silence_button = self._button("silenceButton", self.silence_requested)
        self.handle_button = self._button("handleButton", self.handle_requested)
        self.clear_button = self._button("clearButton", self.clear_requested)
        self.shelve_button = self._button("shelveButton", self.shelve_requested)
        self.oos_button = self._button("oosButton", self.out_of_service_requested)
        self.handover_button = self._button("handoverButton", self.handover_requested)
        self.settings_button = self._button("settingsButton", self.settings_requested)
        self.operating = (self.ack_button, self.ack_all_button, self.silence_button, self.handle_button,
                          self.clear_button, self.shelve_button, self.oos_button)
        layout = FlowLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for button in (*self.operating, self.handover_button, self.settings_button):
            layout.addWidget(button)
        flowing(self)
        self.ack_shortcut = self._shortcut(ACK_KEY, self.acknowledge_requested)
        self.silence_shortcut = self._shortcut(SILENCE_KEY, self.silence_requested)
        self.handle_shortcut = self._shortcut(HANDLE_KEY, self.handle_requested)
        self.clear_shortcut = self._shortcut(CLEAR_KEY, self.clear_requested)
        self.presence_shortcut = self._shortcut(PRESENCE_KEY, self.presence_answer_requested)
        # Handover and settings appear once the window has those parts (``offer_*``).
        self._handover_offered = self._settings_offered = False
        self._role: str | None = None
        self.show_role(None)
        self.retranslate()

    def _button(self, name: str, signal: SignalInstance) -> QPushButton:
        button = QPushButton()
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: signal.emit())
        return button

    def _shortcut(self, key: Qt.Key, signal: SignalInstance) -> QShortcut:
        shortcut = QShortcut(QKeySequence(key), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(signal.emit)
        return shortcut

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        # The words these buttons had in the main window, kept with their translations.
        for button, text in (
            (self.ack_button, QCoreApplication.translate("MainWindow", "Acknowledge (Space)")),
            (self.ack_all_button, QCoreApplication.translate("MainWindow", "Acknowledge all visible…")),
            (self.silence_button, QCoreApplication.translate("MainWindow", "Silence (Esc)")),
            (self.handle_button, QCoreApplication.translate("MainWindow", "Handle… (F9)")),
            (self.clear_button, QCoreApplication.translate("MainWindow", "Clear alarm (F10)")),
            (self.shelve_button, QCoreApplication.translate("MainWindow", "Shelve…")),
            (self.oos_button, QCoreApplication.translate("MainWindow", "Point out of service…")),
            (self.handover_button, QCoreApplication.translate("MainWindow", "Handover…")),
            (self.settings_button, QCoreApplication.translate("MainWindow", "Settings…")),
        ):
            button.setText(text)

    # -- what applies ------------------------------------------------------------------------
    def offer_handover(self) -> None:
        self._handover_offered = True
        self.show_role(self._role)

    def offer_settings(self) -> None:
        self._settings_offered = True
        self.show_role(self._role)

    def show_role(self, role: str | None) -> None:
        """The role of the one signed in (None: nobody): the buttons for what they may do."""
        self._role = role
        for button in self.operating:
            button.setEnabled(role is not None)
        self.handover_button.setVisible(self._handover_offered)
        self.handover_button.setEnabled(may_hand_over(role))
        self.settings_button.setVisible(self._settings_offered and may_configure(role))
