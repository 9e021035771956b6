"""The Areas panel (责任区) on one workstation (SQLite): offered to an administrator only; an
assignment made and withdrawn through it is in the duty log with its audit entries; an operator's
request is refused by the service and recorded."""

from __future__ import annotations

from sqlalchemy import select

from console.infrastructure.store.audit import audit_table
from console.infrastructure.store.schema import AreaAssignmentRecord
from tests.helpers.console import RunningConsole

ENT = "91350200MA2AREA0C3"
USERS = (("zhangwei", "pw-zhang", "张伟"), ("admin", "pw-admin-1", "管理员", "admin"))


def test_an_administrator_assigns_and_withdraws_an_area_in_the_panel(qtbot, make_settings):
    console = RunningConsole(qtbot, make_settings(**{"station.name": "duty-room-1"}), users=USERS)
    try:
        qtbot.waitUntil(lambda: console.core.areas.settled, timeout=5_000)  # the others' states are in (none here)
        console.sign_in()
        assert not console.window.panel_offered("areas")  # an operator: no panel …
        with qtbot.waitSignal(console.core.areas.refused, timeout=5_000) as refused:
            console.core.areas.assign(ENT, role="operator")  # … and the service refuses, whoever asks
        assert refused.args[0] == "not_admin"
        console.sign_in("admin", "pw-admin-1")
        assert console.window.show_panel("areas")
        view = console.window.areas
        view.area.setEditText(ENT)
        view.kind.setCurrentIndex(view.kind.findData("role"))
        view.target.setCurrentIndex(view.target.findData("shift_leader"))
        with qtbot.waitSignal(console.core.areas.assignments_changed, timeout=10_000):
            view.assign_button.click()
        assert view.table.rowCount() == 1 and ENT in view.table.item(0, 0).text()
        view.table.selectRow(0)
        with qtbot.waitSignal(console.core.areas.assignments_changed, timeout=10_000):
            view.withdraw_button.click()
        assert view.table.rowCount() == 0

        def stored(log):
            rows = log.s.execute(select(AreaAssignmentRecord.area, AreaAssignmentRecord.role, AreaAssignmentRecord.ended_by)).all()
            entries = log.s.execute(select(audit_table.c.action, audit_table.c.subject, audit_table.c.actor)
                                    .where(audit_table.c.action.like("area.%") | (audit_table.c.action == "access.refused"))
                                    .order_by(audit_table.c.seq)).all()
            return [tuple(r) for r in rows], [tuple(e) for e in entries]

        rows, entries = console.run_db(stored)
        assert rows == [(ENT, "shift_leader", "admin")]  # ended, not deleted
        # No shift leader is signed in anywhere: the area fell to this workstation at once, and the
        # takeover ended with the assignment.
        assert entries == [("access.refused", ENT, "zhangwei"), ("area.assigned", ENT, "admin"), ("area.taken_over", ENT, "admin"),
                           ("area.unassigned", ENT, "admin"), ("area.given_back", ENT, "admin")]
    finally:
        console.close()
