"""Who may do what is decided by the services, whoever calls them (console/domain/user_rules.py):
the review, the settings, the points import and the handover refuse an operator and nobody
signed in, each the way it reports its errors, with a log line, and serve the right role. The
window only hides what they would refuse, asking the same rules."""

from __future__ import annotations

import gc
import logging
import time

import pytest

from console.domain import user_rules
from console.domain.clock import SystemClock
from console.domain.plant import PlantRegistry
from console.domain.shifts import DEFAULT_PATTERN, ShiftPattern
from console.infrastructure.background import Background
from console.infrastructure.mailbox import Dispatcher
from console.infrastructure.store.dutylog import Operator
from console.infrastructure.store.engine import make_engine
from console.infrastructure.store.migrations import upgrade
from console.services.plant_editor import PlantEditor
from console.services.review.filters import ReviewFilter
from console.services.review.report_data import Limits
from console.services.review.service import ReviewRefused, ReviewService
from console.setup.connection_check import NOT_PERMITTED, SetupService
from tests.helpers.console import RunningConsole
from tests.helpers.sheets import sheet
from widgets.review.pdf import write_pdf

ENT = "91350200MA2XYZ0001"
OPERATOR = Operator("zhangwei", "张伟", "operator")
LEADER = Operator("lina", "李娜", "shift_leader")
MANAGER = Operator("wangmgr", "王经理", "manager")
ADMIN = Operator("itadmin", "信息中心", "admin")


def test_each_permission_is_one_rule_per_role():
    table = {role: (user_rules.may_hand_over(role), user_rules.may_review(role), user_rules.may_edit_points(role),
                    user_rules.may_configure(role), user_rules.may_manage_users(role))
             for role in (None, *user_rules.ROLES)}
    assert table == {
        None: (False, False, False, False, False),
        "operator": (True, False, False, False, False),
        "shift_leader": (True, True, False, False, False),
        "manager": (True, True, True, False, False),
        "admin": (True, True, True, True, True),
        "reporter": (False, True, False, False, False),
    }
    assert [user_rules.may_take_duty(role) for role in (None, *user_rules.ROLES)] == [False, True, True, True, True, False]
    # live camera pictures: whoever may sit at the desk, nobody when nobody is signed in
    assert [user_rules.may_watch_video(role) for role in (None, *user_rules.ROLES)] == [False, True, True, True, True, False]


class Signed:
    """Whoever is signed in at the test's desk (what ``DutyDesk.operator`` is to the services)."""

    def __init__(self, operator: Operator | None = None) -> None:
        self.operator = operator

    def __call__(self) -> Operator | None:
        return self.operator


@pytest.fixture
def dispatcher():
    """The GUI thread's dispatcher for the services built here. What a test leaves behind is
    collected here, on the GUI thread: a Qt object must not be destroyed by a garbage collection
    that happens to run on another test's worker thread."""
    yield Dispatcher()
    gc.collect()


@pytest.fixture
def review(tmp_path, dispatcher):
    url = f"sqlite:///{tmp_path / 'duty-log.sqlite'}"
    upgrade(make_engine(url))
    signed = Signed()
    recorded: list[tuple] = []
    service = ReviewService(url, PlantRegistry(), ShiftPattern.parse(DEFAULT_PATTERN), Limits((60,) * 4, (600,) * 4),
                            dispatcher.run_on_main, SystemClock(), "test-station", pdf_writer=write_pdf, operator=signed,
                            audit=lambda *entry: recorded.append(entry))
    service.recorded = recorded  # type: ignore[attr-defined]
    yield service, signed
    service.close()


def test_the_review_answers_only_shift_leaders_managers_and_administrators(qtbot, review, caplog):
    service, signed = review
    flt = ReviewFilter(time.time() - 3600, time.time())
    for who in (None, OPERATOR):
        signed.operator = who
        answers: list = []
        with caplog.at_level(logging.WARNING, "console.services.access"):
            ticket = service.count(flt, answers.append, answers.append)
            assert answers == []  # answered later, on the GUI thread, as a failed request is
            qtbot.waitUntil(lambda answers=answers: bool(answers), timeout=5_000)
        assert ticket.done.is_set()
        assert isinstance(answers[0], ReviewRefused)
        assert "shift leader, a manager or an administrator" in str(answers[0])
        assert "review.query refused" in caplog.text
        assert service.recorded[-1] == ("access.refused", who.name if who else "", {"request": "review.query", "role": who.role if who else None},
                                        "review")
        caplog.clear()
    for who in (LEADER, MANAGER, ADMIN):
        signed.operator = who
        answers = []
        service.count(flt, answers.append, answers.append)
        qtbot.waitUntil(lambda answers=answers: bool(answers), timeout=10_000)
        assert answers == [0]


def test_only_an_administrator_tests_connections_or_saves_settings(qtbot, make_settings, tmp_path, caplog, dispatcher):
    base = make_settings()
    base.path = tmp_path / "config" / "settings.toml"
    signed = Signed()
    service = SetupService(Background(dispatcher.run_on_main), base, operator=signed)
    values = {"station.name": "值班室-2", "broker.host": base["broker.host"], "broker.port": str(base["broker.port"]),
              "database.url": base["database.url"]}
    for who in (None, OPERATOR, MANAGER):
        signed.operator = who
        with caplog.at_level(logging.WARNING, "console.setup.connection_check"):
            with qtbot.waitSignal(service.save_refused, timeout=1_000) as refused:
                service.save(values)
            with qtbot.waitSignal(service.broker_checked, timeout=1_000) as checked:
                service.check_broker(values)
            with qtbot.waitSignal(service.database_checked, timeout=1_000) as database:
                service.check_database(base["database.url"])
        assert [p.code for p in refused.args[0]] == [NOT_PERMITTED]
        assert [p.code for p in checked.args[0].problems] == [NOT_PERMITTED]
        assert [p.code for p in database.args[0].problems] == [NOT_PERMITTED]
        assert not service.busy and not base.path.exists()  # nothing run, nothing written
        assert "settings save refused" in caplog.text
        caplog.clear()
    signed.operator = ADMIN
    with qtbot.waitSignal(service.broker_checked, timeout=20_000) as checked:
        service.check_broker(values)
    assert checked.args[0].ok
    with qtbot.waitSignal(service.saved, timeout=20_000) as saved:
        service.save(values)
    assert saved.args[0]["station.name"] == "值班室-2" and base.path.exists()


def test_only_a_manager_or_administrator_imports_points(qtbot, tmp_path, caplog, dispatcher):
    plant_file = tmp_path / "plant.json"
    registry = PlantRegistry.from_dict({"enterprises": [{"code": ENT, "name": "厦门示例化工有限公司", "points": []}]})
    registry.save(plant_file)
    signed = Signed()
    changed: list[int] = []
    recorded: list[tuple] = []
    editor = PlantEditor(registry, plant_file, Background(dispatcher.run_on_main), lambda: changed.append(1),
                         lambda *entry: recorded.append(entry), operator=signed)
    path = sheet(tmp_path / "points.xlsx", [[ENT, "厦门示例化工有限公司", "GT-9", "新罐区 可燃气体", "可燃气体", "%LEL", 0, 100, 25, 50]])
    for who in (None, OPERATOR, LEADER):
        signed.operator = who
        with caplog.at_level(logging.WARNING, "console.services.access"):
            with qtbot.waitSignal(editor.import_failed, timeout=1_000) as failed:
                assert editor.import_file(path) is False
        assert failed.args[0] == ["Only an administrator or a manager signed in here may change the points."]
        assert "points.import refused" in caplog.text
        assert recorded[-1] == ("access.refused", who.name if who else "", {"request": "points.import", "role": who.role if who else None,
                                                                            "sheet": path, "plant_file": str(plant_file)})
        caplog.clear()
    assert PlantRegistry.load(plant_file).counts() == (1, 0, 0) and changed == []
    signed.operator = MANAGER
    with qtbot.waitSignal(editor.imported, timeout=10_000):
        assert editor.import_file(path) is True
    assert PlantRegistry.load(plant_file).point(ENT, "GT-9").hh == 50 and changed == [1]
    assert recorded[-1][:2] == ("config.points_imported", "wangmgr") and len(recorded) == 4


def test_the_handover_refuses_nobody_and_starts_for_the_operator_on_duty(qtbot, make_settings):
    running = RunningConsole(qtbot, make_settings())
    try:
        handover = running.core.handover
        with qtbot.waitSignal(handover.refused, timeout=1_000) as refused:
            assert handover.start() is False
        assert refused.args == ["start", "sign-in", 0.0]
        running.sign_in()
        with qtbot.waitSignal(handover.report_ready, timeout=10_000):
            assert handover.start() is True
        handover.cancel()
    finally:
        running.close()


USERS = (("zhangwei", "pw-zhang", "张伟"), ("lina", "pw-lina", "李娜", "shift_leader"),
         ("wangmgr", "pw-wang", "王经理", "manager"), ("itadmin", "pw-admin-1", "信息中心", "admin"))


def test_the_window_hides_what_the_services_would_refuse(qtbot, make_settings):
    running = RunningConsole(qtbot, make_settings(), users=USERS)
    try:
        window = running.window

        def shown() -> tuple[bool, bool, bool, bool, bool]:
            return (window.handover_button.isEnabled(), window.panel_offered("review"),
                    window.points_import.button.isEnabled(), window.settings_button.isVisible(),
                    window.panel_offered("users"))

        assert shown() == (False, False, False, False, False)
        for name, password, *_rest in USERS:
            running.sign_in(name, password)
            role = running.core.desk.operator.role
            assert shown() == (user_rules.may_hand_over(role), user_rules.may_review(role), user_rules.may_edit_points(role),
                               user_rules.may_configure(role), user_rules.may_manage_users(role)), role
        with qtbot.waitSignal(running.core.desk.operator_changed, timeout=1_000):
            window.sign_in.sign_out_button.click()
        assert shown() == (False, False, False, False, False)
    finally:
        running.close()



def test_a_report_only_account_never_signs_in_at_a_desk(qtbot, make_settings):
    """The account whose password a scheduled report keeps in a file cannot take any duty: the
    sign-in bar refuses it (on record), and so does a handover to it."""
    from sqlalchemy import select

    from console.infrastructure.store.audit import audit_table

    running = RunningConsole(qtbot, make_settings(), users=(*USERS, ("reports", "pw-reports-1", "月报", "reporter")))
    try:
        window, desk = running.window, running.core.desk
        window.sign_in.user.setText("reports")
        window.sign_in.password.setText("pw-reports-1")
        with qtbot.waitSignal(desk.sign_in_not_for_duty, timeout=10_000):
            window.sign_in.sign_in_button.click()
        assert desk.operator is None and "scheduled reports only" in window.sign_in.message.text()

        running.sign_in("zhangwei", "pw-zhang")
        handover = running.core.handover
        with qtbot.waitSignal(handover.report_ready, timeout=10_000):
            assert handover.start()
        with qtbot.waitSignal(handover.outgoing_signed, timeout=10_000):
            handover.sign_outgoing("pw-zhang")
        with qtbot.waitSignal(handover.refused, timeout=10_000) as refused:
            handover.sign_incoming("reports", "pw-reports-1")
        assert refused.args == ["incoming", "not-permitted", 0.0] and desk.operator.name == "zhangwei"
        handover.cancel()
        t = audit_table
        qtbot.waitUntil(lambda: len(running.run_db(lambda log: list(log.s.execute(
            select(t.c.action).where(t.c.action == "access.refused"))))) == 2, timeout=10_000)
        rows = running.run_db(lambda log: [(r.actor, r.detail) for r in log.s.execute(
            select(t.c.actor, t.c.detail).where(t.c.action == "access.refused").order_by(t.c.seq))])
        assert rows == [("reports", '{"request":"duty.sign_in","role":"reporter"}'),
                        ("reports", '{"request":"duty.handover_incoming","role":"reporter"}')]
    finally:
        running.close()
