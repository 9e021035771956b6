"""``duty-console historian``: the headless historian service (console/services/history/historian.py).

Reads the settings file (``--settings``; the package's systemd unit gives
/etc/duty-console/historian.toml): the broker (``[broker]``), the historian's PostgreSQL database
(``history.url``), retention (``history.full_days``, ``history.minute_days``) and the
shared-subscription group (``history.historian_group``). Passwords: the broker's from
DUTY_CONSOLE_BROKER_PASSWORD (or the settings' secret store), the database's from PGPASSWORD or a
~/.pgpass file (libpq's own). Runs until SIGTERM or SIGINT, then writes what it holds and exits 0.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
from types import FrameType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from sqlalchemy.engine import make_url

from console.infrastructure.settings import Settings
from console.shell.cli_session import EXIT_REFUSED, CliError

if TYPE_CHECKING:
    from console.services.history.historian import HistorianConfig

log = logging.getLogger("console.shell.historian")


def historian_config(settings: Settings, client_id: str = "", group: str = "") -> "HistorianConfig":
    from console.services.history.historian import HistorianConfig

    url = settings["history.url"]
    if not url or make_url(url).get_backend_name() != "postgresql":
        raise CliError(QCoreApplication.translate(
            "CommandLine", "the historian needs history.url to name a PostgreSQL database (postgresql+psycopg://user@host/database)"),
            EXIT_REFUSED)
    return HistorianConfig(
        database_url=url, broker_host=settings["broker.host"], broker_port=settings["broker.port"],
        client_id=client_id or f"historian-{socket.gethostname()}-{os.getpid()}",
        username=settings["broker.username"], password=settings["broker.password"], tls_ca=settings["broker.tls_ca"],
        tls_cert=settings["broker.tls_cert"], tls_key=settings["broker.tls_key"], topic_root=settings["broker.topic_root"],
        group=group or settings["history.historian_group"], full_days=settings["history.full_days"],
        minute_days=settings["history.minute_days"])


def main_historian(settings: Settings, client_id: str = "", group: str = "") -> int:
    from console.services.history.historian import Historian

    historian = Historian(historian_config(settings, client_id, group))

    def stop(signum: int, _frame: FrameType | None) -> None:
        log.info("historian: %s received, stopping", signal.Signals(signum).name)
        historian.request_stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info("historian %s starting: broker %s:%d, database %s", historian.config.client_id, historian.config.broker_host,
             historian.config.broker_port, make_url(historian.config.database_url).render_as_string(hide_password=True))
    historian.start()
    historian.wait()
    historian.stop()
    return 0
