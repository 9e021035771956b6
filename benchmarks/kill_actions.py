"""Hundreds of SIGKILLs around operator actions: is every confirmed action whole, and none half-written?

    .venv/bin/python benchmarks/kill_actions.py [--kills 300] [--database sqlite|postgresql|both]
                                                [--confirmations 30] [--seed N] [--database-url URL]

The real core (``build_core``: duty-log writer, local journal, alarm recorder, duty desk, broker
link to a Mosquitto started here) runs in a child process; alarms come in, the operator presses
Space as fast as the desk takes it, handles each acknowledged alarm and clears it once it is back
to normal. The child prints every action the desk confirms; it is killed with SIGKILL after a
random number of confirmations (1..--confirmations) plus a random 0-30 ms, and the next child
starts on the same duty log (so each start also reloads what the one before left). At the end the
duty log is checked: every confirmed acknowledgment, handling and clearance has its row, its
history row and its audit entry; no row, history row or audit entry of an action is there without
the other two; ``duty-console audit verify`` says intact. The method is in
tests/helpers/kill_actions.py; tests/test_kill_actions.py runs the same with up to 25 kills per database.

Prints one line per database: kills, confirmed actions, actions in the log checked, incomplete
and half-written (target: 0 and 0), the verify line, and the time taken. Exit status 1 when any
action is incomplete or half-written or the chain does not verify.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=300, help="kills per database")
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--database-url", default="", help="a PostgreSQL database to use instead of starting a server")
    parser.add_argument("--confirmations", type=int, default=30, help="at most this many confirmations before a kill")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()

    from console.infrastructure.embedded_broker import EmbeddedBroker
    from tests.helpers.kill_actions import kill_rounds

    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 30)
    work = Path(tempfile.mkdtemp(prefix="kill-actions-"))
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        os.environ[var] = str(work / var.lower())
    os.environ.setdefault("DUTY_CONSOLE_SECRETS", "file")
    broker = EmbeddedBroker(work / "mosquitto")
    broker.start()
    pg = None
    failed = False
    try:
        targets = []
        if args.database in ("sqlite", "both"):
            targets.append(("SQLite", f"sqlite:///{work / 'duty-log.sqlite'}"))
        if args.database in ("postgresql", "both"):
            url = args.database_url
            if not url:
                from tests.helpers.postgres import PostgresServer, make_workdir

                pg_dir = make_workdir("kill-actions-pg-")
                pg = PostgresServer(pg_dir)  # fsync on: a commit is as durable as on a real server
                pg.start()
                url = pg.create_database("kill_actions")
            targets.append(("PostgreSQL", url))
        print(f"seed {seed}; up to {args.confirmations} confirmations before each kill")
        for name, url in targets:
            started = time.monotonic()
            figures = kill_rounds(url, broker.host, broker.port, args.kills, seed, max_confirmations=args.confirmations)
            took = time.monotonic() - started
            print(f"{name}: {figures.summary()} [{took:.0f} s]", flush=True)
            for line in (figures.incomplete + figures.half_written)[:10]:
                print(f"  {line}")
            failed |= bool(figures.incomplete or figures.half_written or not figures.verify_ok)
    finally:
        broker.kill()
        if pg is not None:
            pg.stop()
            shutil.rmtree(pg.workdir, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
