"""The reconnect delay: doubling from the minimum, capped, with jitter, back to the minimum once connected."""

from __future__ import annotations

import random

from console.domain.backoff import ReconnectBackoff


def test_delays_double_up_to_the_cap_and_stay_within_it_with_jitter():
    rng = random.Random(7)
    backoff = ReconnectBackoff(0.5, 1.5, rng.random)
    delays = [backoff.next_delay() for _ in range(200)]
    assert 0.25 <= delays[0] <= 0.5 and 0.5 <= delays[1] <= 1.0
    assert all(0.75 <= d <= 1.5 for d in delays[2:])  # capped however many attempts failed
    assert len({round(d, 6) for d in delays[2:]}) > 100  # drawn, not all the same
    backoff.reset()
    assert backoff.next_delay() <= 0.5


def test_the_extremes_of_the_jitter():
    assert ReconnectBackoff(1, 2, lambda: 0.0).next_delay() == 1.0
    assert ReconnectBackoff(1, 2, lambda: 1.0).next_delay() == 0.5
    assert ReconnectBackoff(3, 1, lambda: 0.0).max_s == 3  # a maximum below the minimum is the minimum
