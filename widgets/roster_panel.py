"""The duty roster panel (排班), for shift leaders and administrators: a line entered by hand (date,
shift, desk, people) or a sheet imported (XLSX or CSV with the headers 日期, 班次, 值班台, 值班人员),
and the roster of today's and tomorrow's shifts. The service (console/services/rosters.py)
checks who may, reads the file off the GUI thread and stores the entries."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDateEdit, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPlainTextEdit,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

if TYPE_CHECKING:  # the service the shell hands in (types only: widgets never build it)
    from console.services.rosters import RosterDesk, RosterImport

PROBLEMS_SHOWN = 50


class RosterPanel(QWidget):
    def __init__(self, rosters: RosterDesk, station: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rosterPanel")
        self._rosters = rosters
        self.day = QDateEdit(QDate.currentDate())
        self.day.setObjectName("rosterDay")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.shift = QComboBox()
        self.shift.setObjectName("rosterShift")
        for hour, minute in rosters.pattern.starts:
            self.shift.addItem(f"{hour:02d}:{minute:02d}")
        self.station = QLineEdit(station)
        self.station.setObjectName("rosterStation")
        self.people = QLineEdit()
        self.people.setObjectName("rosterPeople")
        self.people.setPlaceholderText(self.tr("User names, separated by commas"))
        self.add_button = QPushButton(self.tr("Add to roster"))
        self.add_button.setObjectName("rosterAdd")
        line = QHBoxLayout()
        for w in (self.day, self.shift, self.station, self.people):
            line.addWidget(w, 1 if w is self.people else 0)
        line.addWidget(self.add_button)
        self.path = QLineEdit()
        self.path.setObjectName("rosterPath")
        self.path.setPlaceholderText(self.tr("Roster sheet (.xlsx or .csv: 日期, 班次, 值班台, 值班人员)"))
        self.import_button = QPushButton(self.tr("Import roster"))
        self.import_button.setObjectName("rosterImport")
        sheet = QHBoxLayout()
        sheet.addWidget(self.path, 1)
        sheet.addWidget(self.import_button)
        self.message = QLabel()
        self.message.setObjectName("rosterMessage")
        self.message.setWordWrap(True)
        self.problems = QPlainTextEdit()
        self.problems.setObjectName("rosterProblems")
        self.problems.setReadOnly(True)
        self.problems.setMaximumHeight(120)
        self.problems.hide()
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("rosterTable")
        self.table.setHorizontalHeaderLabels([self.tr("Shift"), self.tr("Workstation"), self.tr("Person")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addLayout(line)
        layout.addLayout(sheet)
        layout.addWidget(self.message)
        layout.addWidget(self.problems)
        layout.addWidget(QLabel(self.tr("Roster of today and tomorrow:")))
        layout.addWidget(self.table, 1)
        self.add_button.clicked.connect(self._add)
        self.import_button.clicked.connect(self._import)
        self.path.returnPressed.connect(self._import)
        rosters.imported.connect(self._imported)
        rosters.entered.connect(self._entered)
        rosters.refused.connect(self._refused)
        rosters.loaded.connect(self._show)

    def refresh(self) -> None:
        today = dt.date.today()
        self._rosters.load(f"{today:%Y-%m-%d} 00:00", f"{today + dt.timedelta(days=1):%Y-%m-%d} 23:59")

    def _add(self) -> None:
        day = self.day.date().toPython()
        assert isinstance(day, dt.date)
        names = [n for n in self.people.text().replace("，", ",").replace("、", ",").split(",") if n.strip()]
        if self._rosters.enter(day, self.shift.currentText(), self.station.text(), names):
            self.message.setText(self.tr("Adding…"))

    def _import(self) -> None:
        path = self.path.text().strip()
        if path and self._rosters.import_file(path):
            self.message.setText(self.tr("Reading the roster sheet…"))
            self.problems.hide()

    def _entered(self, added: int) -> None:
        self.people.clear()
        self.message.setText(self.tr("%1 added to the roster.").replace("%1", str(added)))
        self.refresh()

    def _imported(self, result: RosterImport) -> None:
        self.message.setText(self.tr("%1 rows read: %2 good, %3 refused; %4 entries added, %5 already on the roster.")
                             .replace("%1", str(result.rows)).replace("%2", str(result.good_rows)).replace("%3", str(result.bad_rows))
                             .replace("%4", str(result.added)).replace("%5", str(result.already)))
        lines = [(self.tr("row %1: %2").replace("%1", str(p.row)).replace("%2", p.message) if p.row else p.message)
                 for p in result.problems[:PROBLEMS_SHOWN]]
        self.problems.setPlainText("\n".join(lines))
        self.problems.setVisible(bool(lines))
        self.refresh()

    def _refused(self, reason: str) -> None:
        self.message.setText({"sign-in": self.tr("Sign in first."),
                              "not-permitted": self.tr("Only a shift leader or an administrator may change the roster.")}
                             .get(reason, reason))

    def _show(self, entries: list[Any]) -> None:
        self.table.setRowCount(len(entries))
        for i, e in enumerate(entries):
            for column, text in enumerate((e.shift, e.station, e.user)):
                self.table.setItem(i, column, QTableWidgetItem(text))
