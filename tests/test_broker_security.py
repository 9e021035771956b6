"""TLS with a client certificate and a user name/password, as set in the settings."""

from __future__ import annotations

import json
import subprocess
import time

import paho.mqtt.client as mqtt
import pytest

from console.infrastructure.embedded_broker import EmbeddedBroker
from console.domain.link_state import LinkState
from console.domain.system_alarms import BROKER_KEY
from tests.helpers.certs import make_pki
from tests.helpers.console import RunningConsole

ENT = "91350200MA2XYZ0001"


@pytest.fixture
def secure_broker(tmp_path):
    pki = make_pki(tmp_path / "pki")
    passwords = tmp_path / "passwd"
    subprocess.run(["mosquitto_passwd", "-b", "-c", str(passwords), "console", "right-pass"], check=True, capture_output=True)
    subprocess.run(["mosquitto_passwd", "-b", str(passwords), "plant", "plant-pass"], check=True, capture_output=True)
    passwords.chmod(0o600)
    broker = EmbeddedBroker(tmp_path / "mosq-tls", tls=(str(pki.ca), str(pki.server_cert), str(pki.server_key)),
                            require_client_cert=True, password_file=str(passwords))
    broker.start()
    yield broker, pki
    broker.kill()


def tls_settings(make_settings, broker, pki, password):
    return make_settings(**{
        "broker.host": broker.host, "broker.port": broker.port,
        "broker.tls_ca": str(pki.ca), "broker.tls_cert": str(pki.client_cert), "broker.tls_key": str(pki.client_key),
        "broker.username": "console", "broker.password": password,
    })


def test_console_connects_over_tls_with_client_cert_and_password(secure_broker, make_settings, qtbot):
    broker, pki = secure_broker
    running = RunningConsole(qtbot, tls_settings(make_settings, broker, pki, "right-pass"))
    try:
        assert running.core.link.config.describe().startswith("mqtts://")
        plant = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2)
        plant.tls_set(ca_certs=str(pki.ca), certfile=str(pki.client_cert), keyfile=str(pki.client_key))
        plant.username_pw_set("plant", "plant-pass")
        plant.connect(broker.host, broker.port)
        plant.loop_start()
        body = {"v": 1, "ts": int(time.time() * 1000), "condition": "HH", "state": "raised"}
        plant.publish(f"dc/v1/{ENT}/alarms/GT-1", json.dumps(body), qos=1).wait_for_publish(10)
        plant.disconnect()
        plant.loop_stop()
        qtbot.waitUntil(lambda: running.window.model.rowCount() == 1, timeout=10_000)
    finally:
        running.close()


def test_wrong_password_is_shown_as_an_outage(secure_broker, make_settings, qtbot):
    broker, pki = secure_broker
    running = RunningConsole(qtbot, tls_settings(make_settings, broker, pki, "wrong"), connect=False)
    try:
        qtbot.waitUntil(lambda: running.core.link.state is LinkState.DISCONNECTED, timeout=15_000)
        assert "refused" in running.core.link.state_detail
        assert running.core.book.get(BROKER_KEY) is not None
    finally:
        running.close()
