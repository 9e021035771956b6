"""Areas of responsibility, for an administrator: which enterprises each workstation or role
answers, who covers each area now, and an inline form to assign or withdraw one.

The work is done by ``console.services.areas.AreaDesk`` (which checks who asks and records every
change); this widget only calls its slots and shows its signals.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.domain.areas import Assignment, Coverage
from console.domain.plant import PlantRegistry
from console.domain.user_rules import ROLES, REPORTER
from widgets.users_view import role_label

if TYPE_CHECKING:  # the core object the shell hands in (types only: widgets never build it)
    from console.services.areas import AreaDesk

ASSIGNMENT_ROLE = Qt.ItemDataRole.UserRole + 1


def _refusal(code: str) -> str:
    texts = {
        "not_admin": QCoreApplication.translate("AreasView", "Only an administrator may change the areas of responsibility."),
        "area_invalid": QCoreApplication.translate("AreasView", "Choose an enterprise."),
        "target_invalid": QCoreApplication.translate("AreasView", "Choose one workstation or one role."),
        "unchanged": QCoreApplication.translate("AreasView", "That assignment is in force already."),
        "failed": QCoreApplication.translate("AreasView", "The duty log could not be written; nothing was changed."),
    }
    return texts.get(code, code)


class AreasView(QWidget):
    def __init__(self, areas: AreaDesk, registry: PlantRegistry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("areasView")
        self._areas = areas
        self._registry = registry
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("areasTable")
        self.table.setHorizontalHeaderLabels([self.tr("Area"), self.tr("Assigned to"), self.tr("Covered now by"), self.tr("Assigned at")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)

        self.area = QComboBox()
        self.area.setObjectName("areaChoice")
        self.area.setEditable(True)  # an enterprise not (yet) in the plant registry may be typed in
        for enterprise in sorted(registry.enterprises(), key=lambda e: e.code):
            self.area.addItem(f"{enterprise.name} ({enterprise.code})", enterprise.code)
        self.kind = QComboBox()
        self.kind.setObjectName("areaTargetKind")
        self.kind.addItem(self.tr("Workstation"), "station")
        self.kind.addItem(self.tr("Role"), "role")
        self.target = QComboBox()
        self.target.setObjectName("areaTarget")
        self.target.setEditable(True)
        self.assign_button = QPushButton(self.tr("Assign"))
        self.assign_button.setObjectName("assignAreaButton")
        self.withdraw_button = QPushButton(self.tr("Withdraw"))
        self.withdraw_button.setObjectName("withdrawAreaButton")
        self.message = QLabel()
        self.message.setObjectName("areasMessage")
        self.message.setWordWrap(True)
        form = QHBoxLayout()
        for widget in (self.area, self.kind, self.target, self.assign_button, self.withdraw_button):
            form.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.message)

        self.kind.currentIndexChanged.connect(self._fill_targets)
        self.assign_button.clicked.connect(self._assign)
        self.withdraw_button.clicked.connect(self._withdraw)
        areas.assignments_changed.connect(self._show)
        areas.coverage_changed.connect(self._coverage_changed)
        areas.refused.connect(self._refused)
        self._fill_targets()
        self._show(list(areas.assignments))

    def _coverage_changed(self, _coverage: Coverage) -> None:
        self._show(list(self._areas.assignments))

    def _refused(self, code: str, _area: str) -> None:
        self.message.setText(_refusal(code))

    def _fill_targets(self, *_args: object) -> None:
        wanted = ([role for role in ROLES if role != REPORTER] if self.kind.currentData() == "role"
                  else sorted(self._areas.workstations))
        if [self.target.itemData(i) for i in range(self.target.count())] == wanted:
            return  # the administrator's choice stays
        self.target.clear()
        if self.kind.currentData() == "role":
            for role in ROLES:
                if role != REPORTER:
                    self.target.addItem(role_label(role), role)
        else:
            for station in sorted(self._areas.workstations):
                self.target.addItem(station, station)

    def _show(self, assignments: list[Assignment]) -> None:
        coverage: Coverage = self._areas.coverage
        self.table.setRowCount(len(assignments))
        for row, assignment in enumerate(assignments):
            name = self._registry.enterprise_name(assignment.area)
            target = assignment.station or role_label(assignment.role)
            covering = coverage.covered_by.get(assignment.area, ())
            now = "、".join(covering) if covering else self.tr("nobody: fallen to the attended workstations")
            cells = (f"{name} ({assignment.area})" if name != assignment.area else assignment.area, target, now,
                     dt.datetime.fromtimestamp(assignment.assigned_at).strftime("%Y-%m-%d %H:%M") if assignment.assigned_at else "")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ASSIGNMENT_ROLE, assignment)
                self.table.setItem(row, column, item)
        self._fill_targets()

    def _assign(self) -> None:
        area = self.area.currentData() if self.area.currentText() == self.area.itemText(self.area.currentIndex()) else None
        code = str(area or self.area.currentText()).strip()
        target = self.target.currentData() if self.target.currentText() == self.target.itemText(self.target.currentIndex()) else None
        value = str(target or self.target.currentText()).strip()
        self.message.clear()
        if self.kind.currentData() == "role":
            self._areas.assign(code, role=value)
        else:
            self._areas.assign(code, station=value)

    def _withdraw(self) -> None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        self.message.clear()
        if item is None:
            self.message.setText(self.tr("Select an assignment first."))
            return
        self._areas.unassign(item.data(ASSIGNMENT_ROLE))
