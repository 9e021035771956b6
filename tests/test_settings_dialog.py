"""The administrator's settings window, driven through its widgets: only administrators open it,
it leaves the alarm window working, each bad input is named beside its field and nothing is
saved half-way; a good save replaces the file in one step with the password in the secret store."""

from __future__ import annotations

import json
import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from console.infrastructure.embedded_broker import EmbeddedBroker, free_port
from console.infrastructure.settings import Settings
from tests.helpers.certs import make_pki
from tests.helpers.console import RunningConsole

ENT = "91350200MA2XYZ0001"
USERS = (("zhangwei", "pw-zhang", "张伟"), ("itadmin", "pw-admin-1", "信息中心", "admin"))


def open_console(qtbot, make_settings, tmp_path, **overrides):
    settings = make_settings(**overrides)
    settings.path = tmp_path / "config" / "settings.toml"
    settings.set("broker.password", "old-secret")
    settings.save()
    running = RunningConsole(qtbot, settings, users=USERS)
    return running


def open_settings(running, qtbot):
    running.sign_in("itadmin", "pw-admin-1")
    button = running.window.settings_button
    assert button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    window = running.window.settings_window
    qtbot.waitUntil(window.isVisible, timeout=5_000)
    return window


def error(window, key):
    return window.findChild(QLabel, f"error_{key}")


def save_refused(qtbot, window):
    with qtbot.waitSignal(window.service.save_refused, timeout=20_000) as blocker:
        window.save_button.click()
    return blocker.args[0]


def state(tmp_path):
    config = tmp_path / "config"
    return (config / "settings.toml").read_bytes(), (config / "secrets.json").read_bytes()


def test_only_administrators_open_it_and_alarms_keep_coming(qtbot, make_settings, tmp_path, publisher):
    running = open_console(qtbot, make_settings, tmp_path)
    try:
        assert not running.window.settings_button.isVisible()  # nobody signed in
        running.sign_in()
        assert not running.window.settings_button.isVisible()  # an operator
        running.core.desk.sign_out()
        window = open_settings(running, qtbot)
        assert not window.isModal() and window.windowModality() == Qt.WindowModality.NonModal
        assert window.isWindow() and window is not running.window
        assert window.broker.password.text() == "old-secret"  # filled from the secret store

        # The alarm window keeps working behind it: a new alarm shows and is acknowledged.
        publisher.publish(f"dc/v1/{ENT}/alarms/GT-1101", json.dumps(
            {"v": 1, "ts": int(time.time() * 1000), "point": "GT-1101", "condition": "HH", "state": "raised",
             "priority": 1, "value": 55.0, "threshold": 50.0, "text": "可燃气体浓度高高报"}))
        qtbot.waitUntil(lambda: running.window.model.rowCount() == 1, timeout=10_000)
        assert window.isVisible()
        with qtbot.waitSignal(running.core.desk.ack_confirmed, timeout=10_000):
            running.window.ack_button.click()
        running.core.desk.sign_out()
        assert not running.window.settings_button.isVisible()
    finally:
        running.close()


def test_each_bad_input_is_named_and_nothing_is_saved(qtbot, make_settings, tmp_path):
    running = open_console(qtbot, make_settings, tmp_path)
    try:
        window = open_settings(running, qtbot)
        before = state(tmp_path)
        window.broker.password.setText("new-secret")  # would change the secret store, if anything were saved
        window.workstation.station.setText("值班室-2")

        for port in ("70000", "port"):
            window.broker.port.setText(port)
            problems = save_refused(qtbot, window)
            assert [p.code for p in problems] == ["port_invalid"]
            assert "from 1 to 65535" in error(window, "broker.port").text() and error(window, "broker.port").isVisible()
            assert window.tabs.currentWidget() is window.broker
            assert "Nothing was saved" in window.message.text()
            assert state(tmp_path) == before
        window.broker.port.setText("8883")

        window.broker.tls_ca.setText(str(tmp_path / "no-such-ca.crt"))
        save_refused(qtbot, window)
        assert "cannot be read" in error(window, "broker.tls_ca").text()
        assert state(tmp_path) == before
        folder = tmp_path / "a-folder.crt"
        folder.mkdir()
        window.broker.tls_ca.setText(str(folder))  # unreadable as a file
        save_refused(qtbot, window)
        assert "cannot be read" in error(window, "broker.tls_ca").text()
        assert state(tmp_path) == before
        window.broker.tls_ca.clear()

        window.database.postgres_choice.setChecked(True)
        window.database.postgres_url.setText(f"postgresql+psycopg://duty:db-secret@127.0.0.1:{free_port()}/dutylog")
        problems = save_refused(qtbot, window)
        assert [p.code for p in problems] == ["db_unreachable"]
        text = error(window, "database.url").text()
        assert "cannot be reached" in text and "db-secret" not in text
        assert window.tabs.currentWidget() is window.database
        assert state(tmp_path) == before

        window.workstation.plant_file.setText(str(tmp_path / "no-plant.json"))
        window.database.sqlite_choice.setChecked(True)
        problems = save_refused(qtbot, window)
        assert [p.key for p in problems] == ["plant.file"] and error(window, "plant.file").isVisible()
        assert state(tmp_path) == before
    finally:
        running.close()


def test_a_good_save_replaces_the_file_and_keeps_the_password_out_of_it(qtbot, make_settings, tmp_path, pg_url):
    running = open_console(qtbot, make_settings, tmp_path)
    try:
        window = open_settings(running, qtbot)
        window.workstation.station.setText("值班室-2")
        window.workstation.autostart.setChecked(True)
        window.broker.password.setText("new-secret")
        window.database.postgres_choice.setChecked(True)
        window.database.postgres_url.setText(pg_url)
        with qtbot.waitSignal(window.service.saved, timeout=20_000):
            window.save_button.click()
        assert "take effect when Duty Console is next started" in window.message.text()
        path = tmp_path / "config" / "settings.toml"
        text = path.read_text(encoding="utf-8")
        assert 'name = "值班室-2"' in text and "new-secret" not in text and 'password = ""' in text
        db_password = pg_url.split("://", 1)[1].split("@", 1)[0].partition(":")[2]
        if db_password:
            assert db_password not in text
        secrets = json.loads((tmp_path / "config" / "secrets.json").read_text(encoding="utf-8"))
        assert secrets["broker.password"] == "new-secret"
        loaded = Settings.load(path)
        assert loaded["broker.password"] == "new-secret" and loaded["database.url"] == pg_url
        assert loaded.station == "值班室-2"
        assert not list(path.parent.glob("*.tmp"))
        entry = tmp_path / "profile" / "config" / "autostart" / "duty-console.desktop"
        assert f"--settings {path}" in entry.read_text(encoding="utf-8")  # start at log-in, with this settings file
    finally:
        running.close()


def test_a_file_that_cannot_be_written_leaves_the_secrets_as_they_were(qtbot, make_settings, tmp_path):
    running = open_console(qtbot, make_settings, tmp_path)
    try:
        window = open_settings(running, qtbot)
        before = state(tmp_path)
        (tmp_path / "config" / "settings.tmp").mkdir()  # where the new file would be written first
        window.broker.password.setText("new-secret")
        problems = save_refused(qtbot, window)
        assert [p.code for p in problems] == ["save_failed"]
        assert "Nothing was saved" in window.message.text()
        assert state(tmp_path) == before  # the password was put back in the store
    finally:
        running.close()


def test_test_connection_with_tls_and_each_broker_failure(qtbot, make_settings, tmp_path):
    pki = make_pki(tmp_path / "pki")
    other = make_pki(tmp_path / "other")
    tls_broker = EmbeddedBroker(tmp_path / "tls-broker", tls=(str(pki.ca), str(pki.server_cert), str(pki.server_key)))
    tls_broker.start()
    running = open_console(qtbot, make_settings, tmp_path)
    try:
        window = open_settings(running, qtbot)
        form = window.broker

        def test_connection():
            with qtbot.waitSignal(window.service.broker_checked, timeout=15_000) as blocker:
                form.test_button.click()
            return blocker.args[0]

        form.host.setText(tls_broker.host)
        form.port.setText(str(tls_broker.port))
        form.username.clear()
        form.tls_ca.setText(str(pki.ca))
        assert test_connection().ok and form.result.text().startswith("Connected to the broker")
        form.tls_ca.setText(str(other.ca))  # a CA that did not sign the broker's certificate
        result = test_connection()
        assert [p.code for p in result.problems] == ["tls_unknown_ca"]
        assert "signed by a CA this file does not hold" in error(window, "broker.tls_ca").text()
        form.tls_ca.clear()
        form.port.setText(str(free_port()))
        result = test_connection()
        assert [p.code for p in result.problems] == ["broker_unreachable"]
        assert "does not answer" in error(window, "broker.host").text()
    finally:
        running.close()
        tls_broker.kill()
