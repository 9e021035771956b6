"""Kill the console at random moments around operator actions, restart it, and check the duty log.

The child (``child``, forked for each round by ``python -m tests.helpers.kill_actions serve``, a
process that imported the console once: see ``ForkServer``) is the console's real core, built by
the composition root as the program builds it (``build_core``: duty-log writer, local journal,
alarm recorder, duty desk, broker link to a real Mosquitto), without the window. Alarms come in
as the plant reports them (the book, as the intake feeds it); the operator presses Space as fast as
the desk takes it, handles each acknowledged alarm, and clears it once the plant reports it back to
normal. Every action the desk confirms (``ack_confirmed``, ``handled``, ``cleared``) is printed and
flushed to the pipe at once: that line is what the operator saw.

The parent (``kill_rounds``) has a child started, kills it with SIGKILL after a random number of
confirmations plus a random delay (what it printed until it died counts as confirmed), starts the next one on the same duty log, and at the end
checks (``check``) that every confirmed action is complete in all three places (its row, its
history row, its audit entry) and that no action is half-written anywhere in the log (a row
without its history row or audit entry, or an entry without its row).

Used by tests/test_kill_actions.py (bounded) and benchmarks/kill_actions.py (hundreds of kills).
"""

from __future__ import annotations

import os
import random
import selectors
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENT = "91350200MA2KILL001"
USER, PASSWORD = "kill", "pw-kill"
# (action printed by the child, its row's table, history event, audit action)
ACTIONS = {
    "ACK": ("acknowledgments", "acked", "alarm.acked"),
    "HANDLED": ("handlings", "handled", "alarm.handled"),
    "CLEARED": ("clearances", "cleared", "alarm.cleared"),
}


# -- the child: the real core, killed at any moment ---------------------------------------------
def child(url: str, host: str, port: int, run: int, seed: int) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from console.domain.alarms import AlarmRaise, AlarmState, Priority
    from console.infrastructure.settings import Settings
    from console.shell.app import build_core

    app = QApplication([])
    settings = Settings({
        "broker.host": host, "broker.port": port, "database.url": url, "station.name": "kill-station",
        "ui.language": "en", "sound.output": "none", "video.enabled": False, "duty.presence_interval_min": 0,
        "review.catch_up_min": 0,
    })
    core = build_core(settings)
    desk, book = core.desk, core.book
    rng = random.Random(seed)
    occurrence: dict[str, str] = {}
    raised = [0]

    def say(*words: str) -> None:
        sys.stdout.write(" ".join(words) + "\n")
        sys.stdout.flush()

    def raise_some() -> None:
        for _ in range(rng.randint(3, 8)):
            raised[0] += 1
            change = book.raise_alarm(AlarmRaise(ENT, f"K{run:04d}-{raised[0]}", "HH", Priority.HIGH, time.time(), 9.5, 8.0))
            if change is not None:
                occurrence[change.alarm.key] = change.alarm.occurrence_id

    def occ(key: str) -> str:
        alarm = book.get(key)
        return alarm.occurrence_id if alarm is not None else occurrence.get(key, "?")

    def acked(key: str) -> None:
        occurrence.setdefault(key, occ(key))
        say("ACK", occ(key))
        desk.handle(key, "real_event", f"现场检查 {key}")

    def handled(key: str) -> None:
        occurrence.setdefault(key, occ(key))
        say("HANDLED", occ(key))
        book.clear_alarm(key)  # the plant reports it back to normal
        desk.clear(key)

    def cleared(key: str) -> None:
        say("CLEARED", occurrence.get(key, "?"))

    def press_space() -> None:
        unacked = [a for a in book.unordered() if a.state is AlarmState.UNACK]
        if not unacked:
            raise_some()  # the plant reports new alarms once the operator has seen to the last ones
        elif waiting := [a.key for a in unacked if not a.ack_pending]:
            desk.acknowledge_next(waiting)

    def signed_in(name: str) -> None:
        if name:
            say("READY")
            raise_some()
            space.start()

    space = QTimer()
    space.setInterval(rng.choice((0, 2, 5, 10)))
    space.timeout.connect(press_space)
    desk.ack_confirmed.connect(acked)
    desk.handled.connect(handled)
    desk.cleared.connect(cleared)
    desk.operator_changed.connect(signed_in)

    def user_ready(_result: object) -> None:
        desk.sign_in(USER, PASSWORD)

    core.start()
    core.writer.submit(lambda log: log.has_users() or log.add_user(USER, PASSWORD, "Kill Test", role="shift_leader"), user_ready)
    return app.exec()


# -- the parent: kill, restart, check ------------------------------------------------------------
@dataclass
class Figures:
    kills: int = 0
    confirmed: dict[str, set[str]] = field(default_factory=lambda: {kind: set() for kind in ACTIONS})
    checked: int = 0  # action rows, history rows and audit entries of actions looked at
    incomplete: list[str] = field(default_factory=list)  # confirmed, but not complete in all three places
    half_written: list[str] = field(default_factory=list)  # in the log, but not in all three places
    verify: str = ""
    verify_ok: bool = False

    @property
    def confirmed_count(self) -> int:
        return sum(len(v) for v in self.confirmed.values())

    def summary(self) -> str:
        kinds = ", ".join(f"{len(v)} {k.lower()}" for k, v in self.confirmed.items())
        return (f"{self.kills} kills; {self.confirmed_count} confirmed actions ({kinds}); {self.checked} actions in the log "
                f"checked; {len(self.incomplete)} confirmed but incomplete; {len(self.half_written)} half-written; "
                f"audit verify: {self.verify}")


class ForkServer:
    """Starts children quickly: one process imports the console once (0.7 s of each start-up), then
    forks a fresh child per round, which builds the core as the program does (``child``). Lines of
    the server and its children come through one pipe: ``PID n`` (a child's first line), what the
    child confirms, ``EXIT n status`` once the server has reaped it."""

    def __init__(self) -> None:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")])),
                   QT_QPA_PLATFORM="offscreen")
        self.proc = subprocess.Popen([sys.executable, "-m", "tests.helpers.kill_actions", "serve"], cwd=ROOT, env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self._buffer = b""
        self._sel = selectors.DefaultSelector()
        assert self.proc.stdout is not None
        self._sel.register(self.proc.stdout, selectors.EVENT_READ)

    def start(self, url: str, host: str, port: int, run: int, seed: int) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"{url} {host} {port} {run} {seed}\n".encode())
        self.proc.stdin.flush()

    def line(self, deadline: float) -> list[str]:
        """The next line's words (waiting until ``deadline``, time.monotonic())."""
        assert self.proc.stdout is not None
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not self._sel.select(left):
                raise TimeoutError
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:
                raise AssertionError(f"the fork server ended (status {self.proc.wait(10)})")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line.decode(errors="replace").split()

    def pause(self, seconds: float) -> None:
        """Wait ``seconds`` (a select with nothing to wake it: lines stay in the pipe)."""
        selectors.DefaultSelector().select(seconds)

    def close(self) -> None:
        self._sel.close()
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(30)
        if self.proc.stdout is not None:
            self.proc.stdout.close()


def kill_round(server: ForkServer, figures: Figures, url: str, host: str, port: int, run: int, rng: random.Random,
               max_confirmations: int = 30, timeout_s: float = 60.0) -> None:
    """One child: wait until it confirms a random number of actions (1..max), wait a random moment
    more (0..30 ms), SIGKILL it. Its confirmations (also those after the moment of the kill that
    reached the pipe) are added to ``figures``."""
    server.start(url, host, port, run, rng.randrange(1 << 30))
    deadline = time.monotonic() + timeout_s
    words = server.line(deadline)
    assert words[:1] == ["PID"], words
    pid = int(words[1])
    target, seen = rng.randint(1, max_confirmations), 0
    try:
        while seen < target:
            try:
                words = server.line(deadline)
            except TimeoutError:
                raise AssertionError(f"child {run} confirmed only {seen} actions within {timeout_s} s") from None
            if words[:1] == ["EXIT"]:
                raise AssertionError(f"child {run} ended by itself (status {words[2]}) after {seen} confirmations")
            if len(words) == 2 and words[0] in ACTIONS:
                figures.confirmed[words[0]].add(words[1])
                seen += 1
        server.pause(rng.uniform(0, 0.03))  # a random moment after the last confirmation read
    finally:
        os.kill(pid, signal.SIGKILL)
    while True:  # what it said before it died counts as confirmed too
        words = server.line(time.monotonic() + 30)
        if words[:1] == ["EXIT"]:
            break
        if len(words) == 2 and words[0] in ACTIONS:
            figures.confirmed[words[0]].add(words[1])
    figures.kills += 1


def serve() -> int:
    """The fork server's loop (see ``ForkServer``)."""
    from console.shell import app  # noqa: F401  (imported once, before any fork)
    from PySide6 import QtWidgets  # noqa: F401

    for line in sys.stdin:
        url, host, port, run, seed = line.split()
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            status = 1
            try:
                sys.stdout.write(f"PID {os.getpid()}\n")
                sys.stdout.flush()
                status = child(url, host, int(port), int(run), int(seed))
            finally:
                os._exit(status)
        _pid, status = os.waitpid(pid, 0)
        sys.stdout.write(f"EXIT {pid} {status}\n")
        sys.stdout.flush()
    return 0


def check(url: str, figures: Figures) -> None:
    """Every confirmed action complete in its row, its history row and its audit entry; no action
    anywhere in the log in only one or two of them; and `audit verify` (the command) says intact."""
    from sqlalchemy import text

    from console.infrastructure.store.engine import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            rows = {kind: {r[0]: r[1] for r in conn.execute(text(f"SELECT alarm_id, operator FROM {table}"))}
                    for kind, (table, _e, _a) in ACTIONS.items()}
            history = {kind: _counted(conn.execute(text("SELECT alarm_id, operator FROM alarm_history WHERE event = :e"), {"e": event}))
                       for kind, (_t, event, _a) in ACTIONS.items()}
            audit = {kind: _counted(conn.execute(text("SELECT subject, actor FROM audit_log WHERE action = :a"), {"a": action}))
                     for kind, (_t, _e, action) in ACTIONS.items()}
    finally:
        engine.dispose()
    for kind in ACTIONS:
        for occ in figures.confirmed[kind]:
            if occ not in rows[kind] or occ not in history[kind] or occ not in audit[kind]:
                figures.incomplete.append(f"{kind} {occ}: row {occ in rows[kind]}, history {occ in history[kind]}, "
                                          f"audit {occ in audit[kind]}")
        for occ in set(rows[kind]) | set(history[kind]) | set(audit[kind]):
            figures.checked += 1
            operator = rows[kind].get(occ)
            if history[kind].get(occ) != [operator] or audit[kind].get(occ) != [operator]:
                figures.half_written.append(f"{kind} {occ}: row by {operator!r}, history {history[kind].get(occ)}, "
                                            f"audit {audit[kind].get(occ)}")
    # audit verify needs a reviewer's credential (the test's operator is a shift leader)
    proc = subprocess.run([sys.executable, "-m", "console", "audit", "verify", "--database-url", url, "--user", USER,
                           "--password-stdin"], cwd=ROOT, input=PASSWORD + "\n",
                          env=dict(os.environ, PYTHONPATH=str(ROOT)), capture_output=True, text=True, timeout=120)
    figures.verify = (proc.stdout.strip() or proc.stderr.strip()).split(": ", 1)[-1][:160]
    figures.verify_ok = proc.returncode == 0 and "intact" in proc.stdout


def _counted(result) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for subject, who in result:
        out.setdefault(subject, []).append(who)
    return out


def kill_rounds(url: str, host: str, port: int, rounds: int, seed: int, time_budget_s: float | None = None,
                max_confirmations: int = 30) -> Figures:
    """``rounds`` children killed one after the other (fewer if ``time_budget_s`` runs out), then checked."""
    rng = random.Random(seed)
    figures = Figures()
    started = time.monotonic()
    server = ForkServer()
    try:
        for run in range(rounds):
            if time_budget_s is not None and time.monotonic() - started > time_budget_s:
                break
            kill_round(server, figures, url, host, port, run, rng, max_confirmations)
    finally:
        server.close()
    check(url, figures)
    return figures


if __name__ == "__main__" and sys.argv[1:2] == ["serve"]:
    sys.exit(serve())
