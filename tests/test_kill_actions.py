"""All or nothing: an operator action killed at any moment is either complete in all three places
(its row, its history row, its audit entry) or not there at all, and what the desk confirmed is
complete. The real core is killed with SIGKILL at random moments around many acknowledgments,
handlings and clearances, restarted on the same duty log, killed again … then the log is checked
(tests/helpers/kill_actions.py; the larger run is benchmarks/kill_actions.py).

Bounds: 25 kills per database, each after 1-20 confirmations, and at most 20 s of kills each
(each round is a fresh child forked from a server that imported the console once: about 0.5 s on
a quiet machine, so 25 rounds fit; the budget stops the rounds early on a loaded one: at a load
average of 12 on 2 cores a round took 1.4-1.7 s, and both tests 70 s with a 25 s budget). At least
8 kills must have happened (before the change, every kill left confirmed actions incomplete).
"""

from __future__ import annotations

import random

from tests.helpers.kill_actions import kill_rounds

KILLS = 25
BUDGET_S = 20.0
AT_LEAST = 8
CONFIRMATIONS = 20


def _kill_and_check(url: str, broker) -> None:
    seed = random.SystemRandom().randrange(1 << 30)
    figures = kill_rounds(url, broker.host, broker.port, KILLS, seed, time_budget_s=BUDGET_S, max_confirmations=CONFIRMATIONS)
    summary = f"seed {seed}: {figures.summary()}"
    print(summary)
    assert figures.kills >= AT_LEAST, summary
    assert figures.confirmed_count >= figures.kills, summary
    assert not figures.incomplete, f"{summary}\nfirst: {figures.incomplete[:5]}"
    assert not figures.half_written, f"{summary}\nfirst: {figures.half_written[:5]}"
    assert figures.verify_ok, summary


def test_actions_killed_at_random_moments_are_whole_on_sqlite(broker, db_path):
    _kill_and_check(f"sqlite:///{db_path}", broker)


def test_actions_killed_at_random_moments_are_whole_on_postgresql(broker, pg_url):
    _kill_and_check(pg_url, broker)
