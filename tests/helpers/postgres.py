"""A throw-away PostgreSQL server run as a child process on a loopback port, for tests.

Follows console/infrastructure/embedded_broker.py: find the binaries, start the server as a child, wait
(bounded) until it answers, stop it in order or kill it as when its host dies.

PostgreSQL refuses to run as root, and tests and CI run as root: then initdb, postgres and
pg_ctl run as the ``postgres`` system user (created by the Debian package), else ``nobody``,
and the work directory is handed to that user. That user must be able to reach the work
directory, which pytest's private ``tmp_path`` (mode 0700, owned by root) does not allow:
use ``make_workdir()``, a fresh directory under the system temp directory.
"""

from __future__ import annotations

import atexit
import glob
import os
import pwd
import re
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
import weakref
from pathlib import Path

import psycopg
from psycopg import sql

from tests.helpers.waiting import wait_for

SUPERUSER = "postgres"
# Unix socket paths are limited to 107 bytes (sun_path); ".s.PGSQL.65535" is appended.
MAX_SOCKET_DIR = 107 - len("/.s.PGSQL.65535")
_running: "weakref.WeakSet[PostgresServer]" = weakref.WeakSet()


class PostgresUnavailable(RuntimeError):
    pass


def find_bindir() -> Path:
    """The directory holding initdb, pg_ctl and postgres: PATH first, then
    /usr/lib/postgresql/<version>/bin, newest version first."""
    candidates: list[Path] = []
    found = shutil.which("initdb")
    if found:
        candidates.append(Path(os.path.realpath(found)).parent)
    versions = glob.glob("/usr/lib/postgresql/*/bin")
    versions.sort(key=lambda d: [int(n) for n in re.findall(r"\d+", Path(d).parent.name)] or [0], reverse=True)
    candidates += [Path(d) for d in versions]
    for bindir in candidates:
        if all(os.access(bindir / tool, os.X_OK) for tool in ("initdb", "pg_ctl", "postgres")):
            return bindir
    raise PostgresUnavailable(
        "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found on PATH or in "
        "/usr/lib/postgresql/*/bin; run packaging/system-deps.sh --test"
    )


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def run_user() -> pwd.struct_passwd | None:
    """The unprivileged user the server runs as when we are root; None: run as ourselves."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise PostgresUnavailable("running as root, and neither a 'postgres' nor a 'nobody' user exists to run PostgreSQL as")


def make_workdir(prefix: str = "duty-console-pg-") -> Path:
    """A new private directory under the system temp directory (reachable by the run user)."""
    return Path(tempfile.mkdtemp(prefix=prefix))


def _can_traverse(path: Path, user: pwd.struct_passwd) -> bool:
    groups = {user.pw_gid} | {g for g in os.getgrouplist(user.pw_name, user.pw_gid)}
    for directory in [path, *path.parents]:
        st = directory.stat()
        if st.st_uid == user.pw_uid:
            bit = stat.S_IXUSR
        elif st.st_gid in groups:
            bit = stat.S_IXGRP
        else:
            bit = stat.S_IXOTH
        if not st.st_mode & bit:
            return False
    return True


class PostgresServer:
    """One PostgreSQL cluster in ``workdir`` (data/, socket/, postgres.log) on 127.0.0.1."""

    def __init__(self, workdir: str | Path, port: int | None = None, host: str = "127.0.0.1", settings: dict[str, str] | None = None) -> None:
        """``settings``: extra server settings (``-c name=value``), e.g. {"TimeZone": "Asia/Shanghai"}."""
        self.host = host
        self.workdir = Path(workdir).resolve()
        self.datadir = self.workdir / "data"
        self.socket_dir = self.workdir / "socket"
        self.log_path = self.workdir / "postgres.log"
        self.settings = dict(settings or {})
        self._fixed_port = port is not None
        self.port = port or free_port(host)
        self._proc: subprocess.Popen | None = None
        self._log = None
        self.bindir = find_bindir()
        self.user = run_user()
        if len(str(self.socket_dir)) > MAX_SOCKET_DIR:
            raise PostgresUnavailable(f"work directory path too long for a unix socket: {self.socket_dir}")
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.socket_dir.mkdir(exist_ok=True)
        if self.user is not None:
            for path in (self.workdir, self.socket_dir):
                os.chown(path, self.user.pw_uid, self.user.pw_gid)
            if not _can_traverse(self.workdir, self.user):
                raise PostgresUnavailable(
                    f"PostgreSQL runs as user {self.user.pw_name!r} (we are root), which cannot reach {self.workdir}: "
                    "a parent directory is private (pytest's tmp_path is); use tests.helpers.postgres.make_workdir()"
                )

    # -- addresses -------------------------------------------------------------------
    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{SUPERUSER}@{self.host}:{self.port}/{database}"

    def connect(self, database: str = "postgres", **kwargs) -> psycopg.Connection:
        """A plain psycopg connection (autocommit), for administration and inspection."""
        kwargs.setdefault("connect_timeout", 5)
        return psycopg.connect(host=self.host, port=self.port, user=SUPERUSER, dbname=database, autocommit=True, **kwargs)

    def create_database(self, name: str) -> str:
        """Create an empty database; returns its SQLAlchemy URL."""
        with self.connect() as conn:
            conn.execute(sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(sql.Identifier(name)))
        return self.url(name)

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    @property
    def pid(self) -> int | None:
        """The postmaster's process id while it runs."""
        return self._proc.pid if self.running else None

    # -- life cycle ------------------------------------------------------------------
    def start(self, timeout: float = 30.0) -> None:
        """Create the cluster if there is none yet, start the server, wait until it accepts connections."""
        if self.running:
            return
        if not (self.datadir / "PG_VERSION").exists():
            self._initdb(timeout)
        for attempt in range(3):
            try:
                self._start_once(timeout)
                return
            except _PortTaken:
                if self._fixed_port or attempt == 2:
                    raise PostgresUnavailable(f"port {self.port} is taken; see {self.log_path}") from None
                self.port = free_port(self.host)

    def stop(self, timeout: float = 30.0) -> None:
        """Orderly fast shutdown (pg_ctl -m fast stop): sessions are ended, data is checkpointed."""
        proc = self._proc
        if proc is None:
            return
        if proc.poll() is None:
            result = self._run([self.bindir / "pg_ctl", "-D", self.datadir, "-m", "fast", "-w", "-t", str(int(timeout)), "stop"], timeout + 5)
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self._close()
                self._kill_group(proc)
                raise PostgresUnavailable(f"PostgreSQL did not stop within {timeout} s: {result.stdout.strip()}") from None
        self._close()

    def kill(self) -> None:
        """SIGKILL the postmaster and its server processes, as when the database host dies."""
        proc = self._proc
        if proc is None:
            return
        self._close()
        self._kill_group(proc)

    def __enter__(self) -> "PostgresServer":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- internals -------------------------------------------------------------------
    def _initdb(self, timeout: float) -> None:
        result = self._run(
            [self.bindir / "initdb", "-D", self.datadir, "-U", SUPERUSER, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"],
            timeout,
        )
        if result.returncode != 0:
            raise PostgresUnavailable(f"initdb failed ({result.returncode}):\n{result.stdout.strip()}")

    def _start_once(self, timeout: float) -> None:
        options = {
            "listen_addresses": self.host,
            "port": str(self.port),
            "unix_socket_directories": str(self.socket_dir),
            "max_connections": "60",
            **self.settings,
        }
        argv = [str(self.bindir / "postgres"), "-D", str(self.datadir)]
        for name, value in options.items():
            argv += ["-c", f"{name}={value}"]
        start_at = self.log_path.stat().st_size if self.log_path.exists() else 0
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()/kill()
        # Own process group: kill() reaches the server processes, and Ctrl-C in the
        # terminal does not shut the server down under the tests.
        self._proc = subprocess.Popen(argv, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True, **self._as_user())
        _running.add(self)
        last_error = [""]

        def up_or_exited() -> bool:
            if self._proc.poll() is not None:
                return True
            try:
                with self.connect(connect_timeout=2):
                    return True
            except psycopg.OperationalError as exc:
                last_error[0] = str(exc).strip()
                return False

        try:
            wait_for(up_or_exited, timeout, "PostgreSQL to accept connections", interval=0.02)
        except AssertionError:
            self.kill()
            raise PostgresUnavailable(f"PostgreSQL did not accept connections on {self.host}:{self.port} within {timeout} s: {last_error[0]}") from None
        if self._proc.poll() is not None:
            code = self._proc.returncode
            self._close()
            text = self._log_since(start_at)
            if "Address already in use" in text or "could not bind" in text:
                raise _PortTaken()
            raise PostgresUnavailable(f"postgres exited with {code}:\n{text.strip()[-2000:]}")

    def _as_user(self) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env.update(LC_ALL="C", LANG="C")
        kwargs: dict = {"env": env, "cwd": self.workdir}
        if self.user is not None:
            env.update(HOME=str(self.workdir), USER=self.user.pw_name, LOGNAME=self.user.pw_name)
            kwargs.update(user=self.user.pw_uid, group=self.user.pw_gid, extra_groups=[])
        return kwargs

    def _run(self, argv: list, timeout: float) -> subprocess.CompletedProcess:
        return subprocess.run([str(a) for a in argv], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              timeout=timeout, check=False, **self._as_user())

    def _log_since(self, offset: int) -> str:
        with open(self.log_path, "rb") as f:
            f.seek(offset)
            return f.read().decode("utf-8", "replace")

    def _close(self) -> None:
        self._proc = None
        _running.discard(self)
        if self._log is not None:
            self._log.close()
            self._log = None

    @staticmethod
    def _kill_group(proc: subprocess.Popen) -> None:
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the backends, which outlive the postmaster briefly
        except ProcessLookupError:
            return
        # A restart must not find the old shared memory still attached: wait (bounded)
        # until no live process is left in the group.
        try:
            wait_for(lambda: not _group_alive(proc.pid), 10, "the killed server's processes to end")
        except AssertionError:
            pass  # the restart will say so if shared memory is still attached


class _PortTaken(Exception):
    pass


def _group_alive(pgid: int) -> bool:
    for stat_file in glob.glob("/proc/[0-9]*/stat"):
        try:
            fields = Path(stat_file).read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # fields: state ppid pgrp ...
        if int(fields[2]) == pgid and fields[0] not in ("Z", "X"):
            return True
    return False


@atexit.register
def _kill_leftovers() -> None:
    for server in list(_running):
        server.kill()
