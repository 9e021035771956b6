"""A Mosquitto broker run as a child process on a loopback port (demo and tests)."""

from __future__ import annotations

import getpass
import logging
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

log = logging.getLogger("console.broker.embedded")

SEARCH_PATHS = ("/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto", "/opt/homebrew/sbin/mosquitto")


class BrokerUnavailable(RuntimeError):
    pass


def find_mosquitto() -> str:
    found = shutil.which("mosquitto")
    if found:
        return found
    for candidate in SEARCH_PATHS:
        if os.access(candidate, os.X_OK):
            return candidate
    raise BrokerUnavailable("mosquitto is not installed (run packaging/system-deps.sh)")


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.2):
            return True
    except OSError:
        return False


def await_listening(proc: subprocess.Popen, host: str, port: int, timeout: float) -> str:
    """Wait until a just-started broker listens on ``host:port``: "" when it does, else why not
    (it exited, or it did not listen within ``timeout``; the process is left to the caller)."""
    deadline = time.monotonic() + timeout
    while not port_open(host, port):
        if proc.poll() is not None:
            return f"mosquitto exited with {proc.returncode}"
        if time.monotonic() > deadline:
            return f"mosquitto did not listen on {host}:{port} within {timeout} s"
        time.sleep(0.02)
    return ""


class EmbeddedBroker:
    """Mosquitto with persistence, so persistent sessions survive a restart."""

    def __init__(
        self,
        workdir: str | Path,
        port: int | None = None,
        host: str = "127.0.0.1",
        tls: tuple[str, str, str] | None = None,
        require_client_cert: bool = False,
        password_file: str | None = None,
        autosave_interval: int | None = 1,
    ) -> None:
        """``tls``: (CA file, server certificate, server key); ``password_file`` from mosquitto_passwd;
        ``autosave_interval``: seconds between saves of the persistent sessions (Debian's packaged
        setting is 1800), None: no persistence at all."""
        self.host = host
        self.tls = tls
        self.require_client_cert = require_client_cert
        self.password_file = password_file
        self.autosave_interval = autosave_interval
        self.port = port or free_port(host)
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self._proc: subprocess.Popen | None = None
        self._binary = find_mosquitto()

    @property
    def url(self) -> str:
        return f"{'mqtts' if self.tls else 'mqtt'}://{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def _write_config(self) -> Path:
        conf = self.workdir / "mosquitto.conf"
        listener = [f"listener {self.port} {self.host}"]
        if self.tls:
            ca, cert, key = self.tls
            listener += [f"cafile {ca}", f"certfile {cert}", f"keyfile {key}"]
            listener.append(f"require_certificate {'true' if self.require_client_cert else 'false'}")
        if self.password_file:
            listener += ["allow_anonymous false", f"password_file {self.password_file}"]
        else:
            listener.append("allow_anonymous true")
        conf.write_text(
            "\n".join(
                [
                    "per_listener_settings true",
                    *listener,
                    "set_tcp_nodelay true",  # small alarm messages must not wait for Nagle's algorithm
                    *(["persistence false"] if self.autosave_interval is None else [
                        "persistence true",
                        f"persistence_location {self.workdir}/",
                        f"autosave_interval {self.autosave_interval}",
                    ]),
                    "max_queued_messages 100000",
                    # Mosquitto started as root drops to the "mosquitto" user, which cannot
                    # write its persistence file here; stay the user who started it.
                    f"user {getpass.getuser()}",
                    "log_dest stderr",
                    "log_type error",
                    "log_type warning",
                    "",
                ]
            ),
            encoding="utf-8",
        )
        return conf

    def start(self, timeout: float = 10.0) -> None:
        if self.running:
            return
        conf = self._write_config()
        self._log = open(self.workdir / "mosquitto.log", "ab")  # noqa: SIM115 - closed in stop()
        self._proc = subprocess.Popen([self._binary, "-c", str(conf)], stdout=self._log, stderr=self._log)
        why = await_listening(self._proc, self.host, self.port, timeout)
        if why:
            if self._proc.poll() is None:
                self.kill()
            raise BrokerUnavailable(f"{why}; see {self.workdir}/mosquitto.log")
        log.info("mosquitto listening on %s:%d (pid %d)", self.host, self.port, self._proc.pid)

    def stop(self, timeout: float = 10.0) -> None:
        """Orderly stop: Mosquitto saves its persistent sessions."""
        self._end(signal.SIGTERM, timeout)

    def kill(self) -> None:
        """Abrupt stop, as when the broker host dies."""
        self._end(signal.SIGKILL, 5.0)

    def freeze(self) -> None:
        """Stop the process without ending it (SIGSTOP), as a hung broker or a silent network cut:
        connections stay open, the kernel still accepts new ones, nothing is answered."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        """Let a frozen broker run on (SIGCONT)."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.send_signal(signal.SIGCONT)

    def _end(self, sig: int, timeout: float) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.send_signal(sig)
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        self._log.close()

    def __enter__(self) -> "EmbeddedBroker":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
