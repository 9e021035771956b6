"""The first-run wizard driven through its widgets: a real broker, a real SQLite file or
PostgreSQL, a real points sheet; each bad input gets its message and nothing is written until
everything is valid."""

from __future__ import annotations

import json
import stat
import tomllib

import pytest
from PySide6.QtWidgets import QApplication, QWizard
from sqlalchemy import create_engine, text

from console.infrastructure import i18n
from console.infrastructure.background import Background
from console.setup.first_run import FirstRunService
from console.infrastructure.mailbox import Dispatcher
from console.infrastructure.settings import Settings
from console.infrastructure.store.audit import verify
from console.infrastructure.store.migrations import LATEST
from tests.helpers.certs import make_pki
from tests.helpers.sheets import sheet
from widgets.setup.first_run_wizard import FirstRunWizard

ENT = "91350200MA2XYZ0001"


@pytest.fixture
def english():
    app = QApplication.instance()
    translators = i18n.install(app, "en")
    yield
    for t in translators:
        app.removeTranslator(t)


@pytest.fixture
def wizard(qtbot, tmp_path, english):
    settings_path = tmp_path / "config" / "settings.toml"
    dispatcher = Dispatcher()
    base = Settings(path=settings_path)
    service = FirstRunService(Background(dispatcher.run_on_main), base)
    languages = []
    values = {key: base[key] for key in ("station.name", "broker.host", "broker.port", "broker.username", "broker.password",
                                         "broker.topic_root", "broker.tls_ca", "broker.tls_cert", "broker.tls_key", "database.url")}
    w = FirstRunWizard(service, "en", str(tmp_path / "default.sqlite"), values, languages.append)
    w._dispatcher, w.languages, w.settings_path = dispatcher, languages, settings_path
    qtbot.addWidget(w)
    w.show()
    return w


def next_(w):
    w.button(QWizard.WizardButton.NextButton).click()


def test_wizard_sets_up_a_workstation_end_to_end(qtbot, wizard, broker, tmp_path):
    w = wizard
    assert w.currentPage() is w.language_page
    w.language_page.form.station.setText("值班室-1")
    w.language_page.form.autostart.setChecked(True)
    next_(w)
    assert w.currentPage() is w.broker_page
    form = w.broker_page.form
    form.host.setText(broker.host)
    form.port.setText(str(broker.port))
    form.username.setText("console")
    form.password.setText("broker-secret")
    with qtbot.waitSignal(w.service.broker_checked, timeout=10_000):
        form.test_button.click()
    assert form.result.text().startswith("Connected to the broker")
    next_(w)

    assert w.currentPage() is w.database_page
    db_file = tmp_path / "logs" / "duty-log.sqlite"
    w.database_page.form.sqlite_path.setText(str(db_file))
    with qtbot.waitSignal(w.service.database_checked, timeout=10_000):
        next_(w)  # Next tests the database and goes on by itself when it answers
    qtbot.waitUntil(lambda: w.currentPage() is w.admin_page, timeout=5_000)
    assert w.database_page.form.result.text() == "A new duty log will be created there."
    assert not db_file.exists()  # a test creates nothing

    w.admin_page.name.setText("itadmin")
    w.admin_page.display_name.setText("信息中心")
    w.admin_page.password.setText("long-enough-1")
    w.admin_page.repeat.setText("long-enough-1")
    next_(w)

    assert w.currentPage() is w.points_page
    w.points_page.sheet.setText(sheet(tmp_path / "points.xlsx", [
        [ENT, "厦门示例化工有限公司", "GT-1101", "储罐区 可燃气体", "可燃气体", "%LEL", 0, 100, 20, 40]]))
    with qtbot.waitSignal(w.service.points_checked, timeout=10_000):
        next_(w)
    qtbot.waitUntil(lambda: w.currentPage() is w.finish_page, timeout=5_000)
    summary = w.finish_page.summary.text()
    assert "值班室-1" in summary and "itadmin" in summary and "points.xlsx" in summary and "broker-secret" not in summary

    with qtbot.waitSignal(w.service.finished, timeout=20_000):
        w.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: w.result() == QWizard.DialogCode.Accepted, timeout=5_000)

    # The settings file: every value, no password; the password in the user-only secrets file.
    written = tomllib.loads(w.settings_path.read_text(encoding="utf-8"))
    assert written["station"]["name"] == "值班室-1" and written["broker"]["port"] == broker.port
    assert written["broker"]["password"] == "" and "broker-secret" not in w.settings_path.read_text(encoding="utf-8")
    secrets_file = w.settings_path.parent / "secrets.json"
    assert json.loads(secrets_file.read_text(encoding="utf-8"))["broker.password"] == "broker-secret"
    assert stat.S_IMODE(secrets_file.stat().st_mode) == 0o600
    loaded = Settings.load(w.settings_path)
    assert loaded["broker.password"] == "broker-secret" and loaded["database.url"] == f"sqlite:///{db_file}"

    # The duty log: current schema, the administrator (audited), the points in the plant file.
    engine = create_engine(f"sqlite:///{db_file}")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT MAX(version) FROM schema_version")).scalar_one() == LATEST
        assert conn.execute(text("SELECT name, display_name, role FROM users")).all() == [("itadmin", "信息中心", "admin")]
        # The chain is keyed from the start: the marker, then the administrator's entry, under the key made here.
        assert conn.execute(text("SELECT action, subject, actor FROM audit_log ORDER BY seq")).all() == [
            ("audit.keyed", "audit-key", ""), ("user.added", "itadmin", "setup")]
    engine.dispose()
    key_file = w.settings_path.parent / "audit.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = key_file.read_bytes().strip()
    engine = create_engine(f"sqlite:///{db_file}")
    result = verify(engine, key=key)
    engine.dispose()
    assert result.ok and result.keyed_from == 1 and result.key_checked
    assert key not in db_file.read_bytes() and key.decode() not in secrets_file.read_text(encoding="utf-8")
    plant = json.loads((tmp_path / "profile" / "data" / "duty-console" / "plant.json").read_text(encoding="utf-8"))
    assert [p["code"] for p in plant["enterprises"][0]["points"]] == ["GT-1101"]
    assert written["plant"]["file"].endswith("plant.json")
    autostart = tmp_path / "profile" / "config" / "autostart" / "duty-console.desktop"
    assert not autostart.exists()  # the composition root's after_save does it; this service had none


def test_each_bad_input_is_named_and_blocks_the_page(qtbot, wizard, tmp_path):
    w = wizard
    next_(w)
    form = w.broker_page.form
    form.host.setText("127.0.0.1")
    for port in ("70000", "abc", "0"):
        form.port.setText(port)
        next_(w)
        assert w.currentPage() is w.broker_page
        error = w.broker_page.findChild(type(form.result), "error_broker.port")
        assert error.isVisible() and "from 1 to 65535" in error.text() and port in error.text()
    form.port.setText("8883")
    form.tls_ca.setText(str(tmp_path / "missing-ca.crt"))
    next_(w)
    assert w.currentPage() is w.broker_page
    error = w.broker_page.findChild(type(form.result), "error_broker.tls_ca")
    assert "cannot be read" in error.text() and "missing-ca.crt" in error.text()
    garbage = tmp_path / "garbage.crt"
    garbage.write_text("not a certificate\n")
    form.tls_ca.setText(str(garbage))
    next_(w)
    assert w.currentPage() is w.broker_page and "Not a usable PEM certificate" in error.text()
    pki = make_pki(tmp_path / "pki")
    form.tls_ca.setText(str(pki.ca))
    form.tls_cert.setText(str(pki.client_cert))
    form.tls_key.setText(str(pki.server_key))  # another certificate's key
    next_(w)
    key_error = w.broker_page.findChild(type(form.result), "error_broker.tls_key")
    assert w.currentPage() is w.broker_page and "does not belong" in key_error.text()
    form.tls_key.setText(str(pki.client_key))
    next_(w)
    assert w.currentPage() is w.database_page  # TLS files fine; the broker need not run yet

    db = w.database_page.form
    db.postgres_choice.setChecked(True)
    db.postgres_url.setText("mysql://duty@db/dutylog")
    next_(w)
    db_error = w.database_page.findChild(type(form.result), "error_database.url")
    assert w.currentPage() is w.database_page and "not supported" in db_error.text()
    from console.infrastructure.embedded_broker import free_port

    db.postgres_url.setText(f"postgresql+psycopg://duty:pw@127.0.0.1:{free_port()}/dutylog")
    with qtbot.waitSignal(w.service.database_checked, timeout=15_000):
        next_(w)
    assert w.currentPage() is w.database_page
    assert "cannot be reached" in db_error.text() and ":pw@" not in db_error.text()
    assert db.result.text() == "The database test failed."
    db.sqlite_choice.setChecked(True)
    db.sqlite_path.setText(str(tmp_path / "log.sqlite"))
    with qtbot.waitSignal(w.service.database_checked, timeout=10_000):
        next_(w)
    qtbot.waitUntil(lambda: w.currentPage() is w.admin_page, timeout=5_000)

    admin = w.admin_page
    next_(w)  # a new duty log needs an administrator
    assert w.currentPage() is admin and "Enter the administrator's user name." in admin.errors.text()
    admin.name.setText("itadmin")
    admin.password.setText("short")
    admin.repeat.setText("short")
    next_(w)
    assert "at least 8 characters" in admin.errors.text()
    admin.password.setText("itadmin")
    next_(w)
    assert "at least 8 characters" in admin.errors.text()
    admin.password.setText("long-enough-1")
    admin.repeat.setText("long-enough-2")
    next_(w)
    assert w.currentPage() is admin and "The two passwords differ." in admin.errors.text()
    admin.repeat.setText("long-enough-1")
    next_(w)

    points = w.points_page
    assert w.currentPage() is points
    points.sheet.setText(sheet(tmp_path / "bad.xlsx", [[ENT, "厦门示例化工有限公司", "GT-9", "新罐区", "可燃气体", "%LEL", 0, 100, 60, 50]]))
    with qtbot.waitSignal(w.service.points_checked, timeout=10_000):
        next_(w)
    assert w.currentPage() is points
    assert "1 problem(s)" in points.summary.text() and "row 2, column 高报" in points.problems.item(0).text()
    next_(w)
    assert w.currentPage() is points  # the same sheet stays refused
    points.sheet.clear()  # skip the import
    next_(w)
    assert w.currentPage() is w.finish_page
    assert not w.settings_path.exists() and not (tmp_path / "log.sqlite").exists()  # nothing written before Finish


def test_wizard_on_a_shared_postgresql_log_that_has_users_already(qtbot, wizard, pg_url, broker):
    """A second workstation joins a PostgreSQL duty log: the administrator page may stay empty."""
    from sqlalchemy.orm import Session

    from console.infrastructure.store.dutylog import DutyLog
    from console.infrastructure.store.engine import make_engine
    from console.infrastructure.store.migrations import upgrade

    engine = make_engine(pg_url)
    upgrade(engine)
    with Session(engine) as s, s.begin():
        DutyLog(s).add_user("boss", "boss-password", "老板", "admin")
    engine.dispose()
    w = wizard
    next_(w)
    w.broker_page.form.host.setText(broker.host)
    w.broker_page.form.port.setText(str(broker.port))
    next_(w)
    w.database_page.form.postgres_choice.setChecked(True)
    w.database_page.form.postgres_url.setText(pg_url)
    with qtbot.waitSignal(w.service.database_checked, timeout=15_000):
        next_(w)
    qtbot.waitUntil(lambda: w.currentPage() is w.admin_page, timeout=5_000)
    assert f"schema {LATEST}, 1 user account(s)" in w.database_page.form.result.text()
    assert "1 user account(s) already" in w.admin_page.note.text()
    next_(w)  # empty: keep the existing accounts
    next_(w)
    assert w.currentPage() is w.finish_page
    with qtbot.waitSignal(w.service.finished, timeout=20_000):
        w.button(QWizard.WizardButton.FinishButton).click()
    text_ = w.settings_path.read_text(encoding="utf-8")
    password = pg_url.split("://", 1)[1].split("@", 1)[0].split(":", 1)[1] if ":" in pg_url.split("://", 1)[1].split("@", 1)[0] else ""
    if password:
        assert password not in text_
    assert Settings.load(w.settings_path)["database.url"] == pg_url


def test_choosing_the_language_retranslates_the_wizard(qtbot, wizard):
    w = wizard
    assert w.language_page.title() == "Welcome to Duty Console"
    app = QApplication.instance()
    w.language_page.form.set_language("zh_CN")
    assert w.languages[-1] == "zh_CN"
    translators = i18n.install(app, "zh_CN")
    try:
        qtbot.waitUntil(lambda: w.language_page.title() != "Welcome to Duty Console", timeout=5_000)
        assert w.language_page.title() == "欢迎使用值班报警台"
        assert w.broker_page.form.test_button.text() == "测试连接"
    finally:
        for t in translators:
            app.removeTranslator(t)


def test_the_wizard_adds_no_administrator_to_a_duty_log_that_has_accounts(tmp_path):
    """`duty-console setup` is no way to make oneself administrator of an existing duty log."""
    from sqlalchemy.orm import Session

    from console.infrastructure.store.dutylog import DutyLog
    from console.infrastructure.store.engine import make_engine
    from console.infrastructure.store.migrations import upgrade
    from console.setup.first_run import ACCOUNTS_EXIST, FirstRunPlan

    url = f"sqlite:///{tmp_path / 'log.sqlite'}"
    engine = make_engine(url)
    upgrade(engine)
    with Session(engine) as s, s.begin():
        DutyLog(s).add_user("zhangwei", "operator-pw-1", "张伟", "operator")
    service = FirstRunService(Background(Dispatcher().run_on_main), Settings({"database.url": url}))
    settings = Settings({"database.url": url, "station.name": "ws"})
    problems = service._prepare_database(settings, FirstRunPlan({}, "mallory", "", "mallory-pw-1"))
    assert [p.code for p in problems] == [ACCOUNTS_EXIST]
    with Session(engine) as s:
        assert [u.name for u in DutyLog(s).user_records()] == ["zhangwei"]
    engine.dispose()
