"""Each TLS failure named, against a real Mosquitto with a TLS listener that wants a client
certificate: in the status bar (in the operator's language), in the log, and in the set-up's
connection test. Certificates made with the cryptography package (tests/helpers/certs.py)."""

from __future__ import annotations

import logging

import pytest

from console.domain.link_state import LinkState
from console.domain.system_alarms import BROKER_KEY
from console.domain.tls_failure import TlsFailure, failure_of
from console.infrastructure.embedded_broker import EmbeddedBroker
from console.setup import connection_check
from console.setup.connection_check import TLS_CODES
from tests.helpers.certs import make_failure_pki
from tests.helpers.console import RunningConsole


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return make_failure_pki(tmp_path_factory.mktemp("pki"))


CASES = {
    # failure: (server certificate of the broker, client certificate of the console)
    TlsFailure.UNKNOWN_CA: ("server_unknown_ca", "client"),
    TlsFailure.EXPIRED: ("server_expired", "client"),
    TlsFailure.NOT_YET_VALID: ("server_not_yet_valid", "client"),
    TlsFailure.HOSTNAME_MISMATCH: ("server_other_host", "client"),
    TlsFailure.CLIENT_CERT_REFUSED: ("server", "client_unknown_ca"),
}
SHOWN = {
    TlsFailure.UNKNOWN_CA: "certificate from an unknown CA",
    TlsFailure.EXPIRED: "certificate has expired",
    TlsFailure.NOT_YET_VALID: "not valid yet",
    TlsFailure.HOSTNAME_MISMATCH: "names another host",
    TlsFailure.CLIENT_CERT_REFUSED: "this workstation's certificate was refused",
}


def tls_values(broker, pki, client_name):
    cert, key = getattr(pki, client_name)
    return {"broker.host": broker.host, "broker.port": broker.port, "broker.tls_ca": str(pki.ca),
            "broker.tls_cert": str(cert), "broker.tls_key": str(key)}


@pytest.mark.parametrize("failure", list(CASES), ids=lambda f: f.value)
def test_each_tls_failure_is_named(failure, pki, tmp_path, make_settings, qtbot, caplog):
    caplog.set_level(logging.WARNING)
    server_name, client_name = CASES[failure]
    cert, key = getattr(pki, server_name)
    broker = EmbeddedBroker(tmp_path / "mosq-tls", tls=(str(pki.ca), str(cert), str(key)), require_client_cert=True)
    broker.start()
    try:
        values = tls_values(broker, pki, client_name)
        # The first-run test and the settings window.
        result = connection_check.test_broker(values)
        assert [p.code for p in result.problems] == [TLS_CODES[failure]], result.problems

        # The running console: status bar, system alarm, log.
        running = RunningConsole(qtbot, make_settings(**values), connect=False)
        try:
            link = running.core.link
            qtbot.waitUntil(lambda: failure_of(link.state_detail) is not None, timeout=15_000)
            assert link.state is LinkState.DISCONNECTED
            assert failure_of(link.state_detail) is failure, link.state_detail
            shown = running.window.status.link.text()
            assert "DISCONNECTED" in shown and SHOWN[failure] in shown, shown
            assert running.core.book.get(BROKER_KEY) is not None
            logged = [r.getMessage() for r in caplog.records if r.name == "console.broker" and r.levelno >= logging.ERROR]
            assert any(failure.value in line for line in logged), logged
        finally:
            running.close()
    finally:
        broker.kill()


def test_the_good_certificates_connect(pki, tmp_path, make_settings, qtbot):
    """The same broker set-up with the right certificates: no failure (the cases above are the certificates' doing)."""
    cert, key = pki.server
    broker = EmbeddedBroker(tmp_path / "mosq-tls", tls=(str(pki.ca), str(cert), str(key)), require_client_cert=True)
    broker.start()
    try:
        values = tls_values(broker, pki, "client")
        assert connection_check.test_broker(values).ok
        running = RunningConsole(qtbot, make_settings(**values))
        running.close()
    finally:
        broker.kill()
