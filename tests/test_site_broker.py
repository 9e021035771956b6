"""The site's Mosquitto configuration shipped with the package (packaging/mosquitto/) runs: a real
mosquitto starts with it (paths moved into a temporary folder, the port made free), a console and
a gateway connect over TLS with their passwords, the ACL keeps a gateway to its own enterprise,
the console's heartbeat is allowed, and an alarm queued for an absent console survives the broker
being killed (saved within a second)."""

from __future__ import annotations

import getpass
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import paho.mqtt.client as mqtt
import pytest

from console.infrastructure.embedded_broker import await_listening, find_mosquitto, free_port
from tests.helpers.certs import make_pki
from tests.helpers.console import RunningConsole

EXAMPLES = Path(__file__).resolve().parent.parent / "packaging" / "mosquitto"
ENT = "91350200MA2XYZ0001"
OTHER_ENT = "91350200MA2OTHER01"


class SiteBroker:
    """Mosquitto with the shipped configuration, its /etc/mosquitto paths under ``root``."""

    def __init__(self, root: Path, acl_edit=lambda text: text) -> None:
        self.root, self.port = root, free_port()
        etc, self.data = root / "etc", root / "data"
        (etc / "certs").mkdir(parents=True)
        self.data.mkdir()
        self.pki = make_pki(root / "pki")
        for name, source in (("ca.crt", self.pki.ca), ("broker.crt", self.pki.server_cert), ("broker.key", self.pki.server_key)):
            shutil.copy(source, etc / "certs" / name)
        (etc / "duty-console.acl").write_text(acl_edit((EXAMPLES / "duty-console-site.acl").read_text(encoding="utf-8")),
                                              encoding="utf-8")
        passwd = etc / "duty-console.passwd"
        users = (("console-station01", "console-pass"), (f"gw-{ENT}", "gateway-pass"), ("historian", "historian-pass"))
        for i, (user, password) in enumerate(users):
            subprocess.run(["mosquitto_passwd", "-b", *(["-c"] if i == 0 else []), str(passwd), user, password],
                           check=True, capture_output=True)
        for path in (passwd, etc / "duty-console.acl"):
            path.chmod(0o600)
        text = (EXAMPLES / "duty-console-site.conf").read_text(encoding="utf-8")
        assert "listener 8883\n" in text and "/etc/mosquitto/" in text
        text = text.replace("/etc/mosquitto/", f"{etc}/").replace("listener 8883\n", f"listener {self.port} 127.0.0.1\n")
        # What Debian's own mosquitto.conf sets around the included file, here in the temporary folder.
        text += f"\npersistence_location {self.data}/\nuser {getpass.getuser()}\nlog_dest file {root}/mosquitto.log\n"
        self.conf = root / "mosquitto.conf"
        self.conf.write_text(text, encoding="utf-8")
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen([find_mosquitto(), "-c", str(self.conf)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        why = await_listening(self.proc, "127.0.0.1", self.port, 10)
        if why:
            log = self.root / "mosquitto.log"
            stderr = self.proc.stderr.read().decode() if self.proc.poll() is not None and self.proc.stderr else ""
            raise AssertionError(f"mosquitto refused the shipped configuration ({why}): {stderr}"
                                 f"{log.read_text() if log.exists() else ''}")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)
        if self.proc is not None and self.proc.stderr is not None:
            self.proc.stderr.close()
        self.proc = None


@pytest.fixture
def site_broker(tmp_path):
    broker = SiteBroker(tmp_path / "site")
    broker.start()
    yield broker
    broker.kill()


def console_settings(make_settings, broker: SiteBroker):
    return make_settings(**{"broker.host": "127.0.0.1", "broker.port": broker.port, "broker.tls_ca": str(broker.pki.ca),
                            "broker.username": "console-station01", "broker.password": "console-pass",
                            "station.name": "station01"})


def gateway(broker: SiteBroker) -> mqtt.Client:
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"gw-{ENT}")
    client.tls_set(ca_certs=str(broker.pki.ca))
    client.username_pw_set(f"gw-{ENT}", "gateway-pass")
    client.connect("127.0.0.1", broker.port)
    client.loop_start()
    return client


def alarm(point: str) -> str:
    return json.dumps({"v": 1, "ts": int(time.time() * 1000), "condition": "HH", "state": "raised", "value": 60, "threshold": 50})


def test_console_and_gateway_work_with_the_shipped_site_configuration(site_broker, make_settings, qtbot):
    from console.setup import connection_check

    settings = console_settings(make_settings, site_broker)
    # The set-up's connection test passes against it (its own MQTT probe after the TLS handshake
    # has no client id, which this configuration refuses: the TLS part is judged on the answer).
    probe = connection_check.test_broker({key: settings[key] for key in (
        "broker.host", "broker.port", "broker.tls_ca", "broker.username", "broker.password")})
    assert probe.ok, probe.problems
    wrong = connection_check.test_broker({"broker.host": "127.0.0.1", "broker.port": site_broker.port,
                                          "broker.tls_ca": str(site_broker.pki.ca), "broker.username": "console-station01",
                                          "broker.password": "wrong"})
    assert [p.code for p in wrong.problems] == [connection_check.BROKER_REFUSED]
    running = RunningConsole(qtbot, settings)
    plant = gateway(site_broker)
    try:
        link = running.core.link
        qtbot.waitUntil(lambda: link.heartbeat_answered, timeout=10_000)  # the ACL lets the watchdog work
        # The ACL keeps a gateway to its own enterprise: the message for another is dropped, its own arrives after it.
        plant.publish(f"dc/v1/{OTHER_ENT}/alarms/GT-1", alarm("GT-1"), qos=1).wait_for_publish(10)
        plant.publish(f"dc/v1/{ENT}/alarms/GT-1101", alarm("GT-1101"), qos=1).wait_for_publish(10)
        qtbot.waitUntil(lambda: running.core.book.get(f"{ENT}/GT-1101/HH") is not None, timeout=10_000)
        assert running.core.book.get(f"{OTHER_ENT}/GT-1/HH") is None
        assert running.core.intake.rejected == 0
    finally:
        plant.disconnect()
        plant.loop_stop()
        running.close()


def test_an_alarm_queued_for_an_absent_console_survives_the_broker_being_killed(site_broker, make_settings, qtbot):
    """autosave_interval 1: a second after the alarm was queued it is on disk, so a SIGKILL loses nothing."""
    running = RunningConsole(qtbot, console_settings(make_settings, site_broker))
    running.close()  # the console's persistent session stays on the broker, with its subscriptions
    plant = gateway(site_broker)
    try:
        published = time.time()
        plant.publish(f"dc/v1/{ENT}/alarms/GT-1102", alarm("GT-1102"), qos=1).wait_for_publish(10)
    finally:
        plant.disconnect()
        plant.loop_stop()
    saved = site_broker.data / "mosquitto.db"
    qtbot.waitUntil(lambda: saved.exists() and os.stat(saved).st_mtime > published + 0.05, timeout=5_000)
    site_broker.kill()
    site_broker.start()
    back = RunningConsole(qtbot, console_settings(make_settings, site_broker), users=())  # same duty log: users exist
    try:
        qtbot.waitUntil(lambda: back.core.book.get(f"{ENT}/GT-1102/HH") is not None, timeout=10_000)
    finally:
        back.close()


def test_a_broker_whose_acl_forbids_the_heartbeat_does_not_make_the_console_drop_its_link(tmp_path, make_settings, qtbot, caplog):
    """Without its heartbeat's echo the console cannot judge the broker by it: it says so in the log
    and stays connected (hangs are then noticed by the keep-alive), instead of dropping the link
    every two seconds."""
    import logging

    from console.domain.link_state import LinkState

    caplog.set_level(logging.WARNING, logger="console.broker")
    broker = SiteBroker(tmp_path / "site", acl_edit=lambda text: text.replace("topic readwrite dc/v1/consoles/station01/#\n", ""))
    broker.start()
    running = RunningConsole(qtbot, console_settings(make_settings, broker))
    states = []
    running.core.link.state_changed.connect(lambda state, _detail: states.append(state))
    plant = gateway(broker)
    try:
        qtbot.waitUntil(lambda: any("no echo of the heartbeat" in r.getMessage() for r in caplog.records), timeout=15_000)
        plant.publish(f"dc/v1/{ENT}/alarms/GT-1103", alarm("GT-1103"), qos=1).wait_for_publish(10)
        qtbot.waitUntil(lambda: running.core.book.get(f"{ENT}/GT-1103/HH") is not None, timeout=10_000)
        assert states == [] and running.core.link.state is LinkState.CONNECTED
        assert not running.core.link.heartbeat_answered
    finally:
        plant.disconnect()
        plant.loop_stop()
        running.close()
        broker.kill()


def test_the_historian_shares_the_readings_with_the_shipped_acl(site_broker, pg_url):
    """The historian's block of the ACL lets it take the readings through its shared subscription, over TLS."""
    import psycopg

    from console.services.history import historian_tables as tables
    from console.services.history.historian import Historian, HistorianConfig
    from tests.helpers.waiting import wait_for

    historian = Historian(HistorianConfig(database_url=pg_url, broker_host="127.0.0.1", broker_port=site_broker.port,
                                          client_id="historian-1", username="historian", password="historian-pass",
                                          tls_ca=str(site_broker.pki.ca), batch_s=0.05, upkeep_s=3600, report_s=3600))
    historian.start()
    gw = gateway(site_broker)
    try:
        wait_for(historian.subscribed.is_set, 15, "the historian's shared subscription granted")
        payload = json.dumps({"v": 1, "ts": int(time.time() * 1000), "readings": [{"point": "PT-1", "value": 1.5}]})
        gw.publish(f"dc/v1/{ENT}/readings/gw1", payload, qos=1).wait_for_publish(10)
        wait_for(lambda: historian.counters.written == 1, 15, "the reading written")
        with psycopg.connect(tables.conninfo(pg_url), autocommit=True) as conn:
            assert conn.execute("SELECT value FROM historian_readings").fetchall() == [(1.5,)]
    finally:
        gw.disconnect()
        gw.loop_stop()
        historian.stop()
