"""The facts of a time range, mostly from day blocks kept in the duty log (``review_blocks``).

A block holds the facts (``facts.py``) of the occurrences raised on one UTC day that were
closed at or before the block's ``cutoff``. A closed occurrence no longer changes (its
acknowledgment, handling and clearance are on record before it closes; the first close
stands), so such a block stays true. Everything else of that day — still open, or closed
after the cutoff — is read from the live tables each time, which the index on
``alarms.closed_at`` makes cheap. The cutoff lies ``MARGIN_S`` before the block was built, for
workstations whose clocks or writer queues lag a little.

Blocks are built by the review worker (``ReviewService.catch_up``, and on demand for a range
asked for), on its own connection, one short transaction per day; never by the duty-log
writer. A block of another format is ignored and rebuilt.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from sqlalchemy import Connection, TextClause, bindparam, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from console.services.review import facts as F
from console.infrastructure.store.schema import UtcDateTime, utc

log = logging.getLogger("console.services.review.blocks")

DAY = 86400
MARGIN_S = 3600.0  # rows closed within this before a build are left to the live query
SETTLE_S = 6 * 3600.0  # a day gets a block once it ended this long ago
YOUNG_S = 7 * DAY  # a block built less than this after its day is rebuilt now and then …
REBUILD_AFTER_S = DAY  # … once it is a day old

Progress = Callable[[float, str], None]  # fraction done, what; raises to cancel


def epoch(dialect: str, column: str) -> str:
    """SQL for a stored time as float epoch seconds (NULL stays NULL). SQLite's julianday
    carries about 20 µs: rounded to the millisecond, whole seconds come out exact."""
    if dialect == "sqlite":
        return f"ROUND((julianday({column}) - 2440587.5) * 86400.0, 3)"
    return f"CAST(EXTRACT(EPOCH FROM {column}) AS DOUBLE PRECISION)"


def facts_sql(dialect: str, where: str) -> str:
    e = lambda c: epoch(dialect, c)  # noqa: E731
    return (
        f"SELECT {e('a.raised_at')}, a.enterprise, a.point, a.alarm_key, a.priority, a.handling_required, "
        f"{e('a.returned_at')}, {e('a.closed_at')}, {e('a.ack_overdue_at')}, {e('a.handling_overdue_at')}, "
        f"k.operator, k.response_ms, k.shift, h.operator, {e('h.handled_at')}, h.category, h.shift, "
        f"c.operator, {e('c.cleared_at')} "
        "FROM alarms a LEFT JOIN acknowledgments k ON k.alarm_id = a.id "
        "LEFT JOIN handlings h ON h.alarm_id = a.id LEFT JOIN clearances c ON c.alarm_id = a.id "
        f"WHERE {where}"
    )


def _stmt(sql: str, *times: str) -> TextClause:
    return text(sql).bindparams(*(bindparam(name, type_=UtcDateTime()) for name in times))


def query_facts(conn: Connection, start: float, end: float, closed_by: float | None = None,
                open_after: float | None = None, keep: Callable[[tuple], bool] | None = None) -> F.Facts:
    """Facts of occurrences raised in [start, end): all of them; or only those closed at or
    before ``closed_by`` (a block); or only those open or closed after ``open_after`` (the
    part of block days that is read live), of which ``keep(row)`` chooses (exact times)."""
    dialect = conn.dialect.name
    params = {"s": utc(start), "e": utc(end)}
    if open_after is None:
        where = "a.raised_at >= :s AND a.raised_at < :e"
        if closed_by is not None:  # a block: in time order, as the KPIs like them
            where += " AND a.closed_at IS NOT NULL AND a.closed_at <= :c ORDER BY a.raised_at"
            params["c"] = utc(closed_by)
        rows = conn.execute(_stmt(facts_sql(dialect, where), *params), params).all()
        return F.from_rows(rows)
    # Few rows, found through the index on closed_at, not by walking the days' raised_at range.
    raised = "+a.raised_at" if dialect == "sqlite" else "a.raised_at"
    params["c"] = utc(open_after)
    rows = list(conn.execute(_stmt(facts_sql(dialect, f"a.closed_at IS NULL AND {raised} >= :s AND {raised} < :e"), "s", "e"),
                             {"s": params["s"], "e": params["e"]}).all())
    rows += conn.execute(_stmt(facts_sql(dialect, f"a.closed_at > :c AND {raised} >= :s AND {raised} < :e"), "s", "e", "c"),
                         params).all()
    return F.from_rows([r for r in rows if keep(r)] if keep is not None else rows)


class Dictionaries:
    """The shared dictionaries the blocks' codes point into (table ``review_names``): a name
    once given a code keeps it; new names are added with the block that brings them."""

    def __init__(self) -> None:
        self.names: dict[str, list[str]] = {d: [] for d in F.DICTIONARIES}
        self.index: dict[str, dict[str, int]] = {d: {} for d in F.DICTIONARIES}

    @classmethod
    def load(cls, conn: Connection) -> "Dictionaries":
        out = cls()
        rows = conn.execute(text("SELECT dictionary, code, name FROM review_names ORDER BY dictionary, code")).all()
        for dictionary, code, name in rows:
            if dictionary in out.names:
                names = out.names[dictionary]
                if code != len(names):
                    raise RuntimeError(f"review_names: {dictionary} code {code} out of order (expected {len(names)})")
                names.append(name)
                out.index[dictionary][name] = code
        return out

    def add(self, conn: Connection, new: dict[str, list[str]]) -> None:
        """Store names new to the dictionaries (inside the caller's transaction), then keep them."""
        rows = [{"d": d, "c": len(self.names[d]) + i, "n": name} for d in F.DICTIONARIES for i, name in enumerate(new[d])]
        if rows:
            conn.execute(text("INSERT INTO review_names (dictionary, code, name) VALUES (:d, :c, :n)"), rows)

    def keep(self, new: dict[str, list[str]]) -> None:
        for d in F.DICTIONARIES:
            self.names[d].extend(new[d])


@dataclass(frozen=True)
class BlockInfo:
    day: int
    cutoff: float
    built_at: float
    rows: int


def day_of(seconds: float) -> int:
    return int(seconds // DAY)


def blockable(day: int, now: float) -> bool:
    return (day + 1) * DAY + SETTLE_S <= now


def stored_blocks(conn: Connection, first_day: int, last_day: int) -> dict[int, BlockInfo]:
    rows = conn.execute(text("SELECT day, cutoff, built_at, row_count FROM review_blocks "
                             "WHERE day >= :a AND day <= :b AND format = :f"),
                        {"a": first_day, "b": last_day, "f": F.FORMAT}).all()
    return {int(r[0]): BlockInfo(int(r[0]), float(r[1]), float(r[2]), int(r[3])) for r in rows}


def build_block(conn: Connection, day: int, now: float, dicts: Dictionaries) -> tuple[F.Facts, float]:
    """Build and store the block of ``day`` (its own transaction); returns (facts coded with
    ``dicts``, cutoff)."""
    cutoff = now - MARGIN_S
    local = query_facts(conn, day * DAY, (day + 1) * DAY, closed_by=cutoff)
    if conn.in_transaction():
        conn.commit()  # the reads above began one; the block goes in a short one of its own
    for _attempt in range(3):
        index = {d: dict(t) for d, t in dicts.index.items()}
        facts, new = F.recode(local, dicts.names, index)
        try:
            with conn.begin():
                dicts.add(conn, new)
                conn.execute(text("DELETE FROM review_blocks WHERE day = :d"), {"d": day})
                conn.execute(text("INSERT INTO review_blocks (day, format, cutoff, built_at, row_count, payload) "
                                  "VALUES (:d, :f, :c, :b, :n, :p)"),
                             {"d": day, "f": F.FORMAT, "c": cutoff, "b": now, "n": len(facts), "p": F.encode(facts)})
        except IntegrityError:
            # another workstation stored names or this block meanwhile: read its names, try again
            log.info("review block of day %d: names or block stored meanwhile elsewhere; again", day)
            fresh = Dictionaries.load(conn)
            if conn.in_transaction():
                conn.commit()
            dicts.names, dicts.index = fresh.names, fresh.index
            continue
        except DBAPIError as exc:  # e.g. a read-only connection: the facts still serve this answer
            log.warning("review block of day %d not stored: %s", day, exc)
            return local, cutoff
        dicts.index = index
        dicts.keep(new)
        return facts, cutoff
    log.warning("review block of day %d not stored: names kept changing", day)
    return local, cutoff


def load_facts(conn: Connection, start: float, end: float, now: float, progress: Progress | None = None,
               build: bool = True) -> F.Facts:
    """The facts of every occurrence raised in [start, end): stored blocks, blocks built now for
    settled days that have none (``build``), the live rest of block days, the unsettled days."""
    progress = progress or (lambda _f, _w: None)
    end = min(end, max(now, start) + DAY)  # nothing is raised in the future
    if end <= start:
        return F.Facts.empty()
    first, last = day_of(start), day_of(end - 1e-6)
    stored = stored_blocks(conn, first, last)
    parts: list[F.Facts] = []
    cutoffs: dict[int, float] = {}
    wanted = [d for d in range(first, last + 1) if d in stored or (build and blockable(d, now))]
    # Read the stored payloads in runs of consecutive days (one query per run of up to 31 days).
    have = [d for d in wanted if d in stored]
    done = 0
    total = max(1, len(wanted))
    payloads = []
    for run_start in range(0, len(have), 31):
        run = have[run_start:run_start + 31]
        for day, cutoff, payload in _payloads(conn, run[0], run[-1]):
            if int(day) in stored:
                payloads.append(bytes(payload))
                cutoffs[int(day)] = float(cutoff)
        done += len(run)
        progress(0.5 * done / total, "blocks")
    dicts = Dictionaries.load(conn)  # after the blocks: it has every code they use
    base = dicts.names
    for payload in payloads:
        parts.append(_clip(F.decode(payload, base), start, end))
    progress(0.6, "blocks")
    for day in wanted:
        if day not in stored:
            built, cutoff = build_block(conn, day, now, dicts)
            parts.append(_clip(built, start, end))
            cutoffs[day] = cutoff
            done += 1
            progress(0.8 * done / total, "building")
    # The rest: days without a block whole; block days for what was open at their cutoff.
    spans = _spans([d for d in range(first, last + 1) if d not in cutoffs])
    for a, b in spans:
        parts.append(query_facts(conn, max(start, a * DAY), min(end, (b + 1) * DAY)))
    if cutoffs:
        lo, hi = max(start, min(cutoffs) * DAY), min(end, (max(cutoffs) + 1) * DAY)

        def lacking(row: tuple) -> bool:  # of a block day (the others were read whole), and not in its block
            cutoff = cutoffs.get(int(row[0] // DAY))
            return cutoff is not None and (row[7] is None or row[7] > cutoff)

        parts.append(query_facts(conn, lo, hi, open_after=min(cutoffs.values()), keep=lacking))
    progress(0.9, "merging")
    return F.concat(parts, dicts.names)


def _payloads(conn: Connection, first: int, last: int) -> Sequence[Sequence[Any]]:
    """(day, cutoff, payload) of the stored blocks of [first, last]. On PostgreSQL in the binary
    protocol: bytes as they are, not as hex text twice their size."""
    sql = "SELECT day, cutoff, payload FROM review_blocks WHERE day >= {a} AND day <= {b} AND format = {f}"
    if conn.dialect.name == "postgresql":
        # psycopg's own connection: cursor(binary=True) and the cursor as a context are beyond the DB-API's types.
        raw: Any = conn.connection.dbapi_connection
        if hasattr(raw, "cursor"):
            with raw.cursor(binary=True) as cursor:
                cursor.execute(sql.format(a="%s", b="%s", f="%s"), (first, last, F.FORMAT))
                return cursor.fetchall()
    return conn.execute(text(sql.format(a=":a", b=":b", f=":f")), {"a": first, "b": last, "f": F.FORMAT}).all()


def _clip(facts: F.Facts, start: float, end: float) -> F.Facts:
    raised = facts["raised"]
    inside = (raised >= start) & (raised < end)
    return facts if inside.all() else facts.take(inside)


def _spans(days: list[int]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for d in days:
        if spans and spans[-1][1] == d - 1:
            spans[-1] = (spans[-1][0], d)
        else:
            spans.append((d, d))
    return spans


def catch_up(conn: Connection, now: float, since: float, progress: Progress | None = None, limit_s: float = 60.0) -> int:
    """Build the blocks settled days lack, and rebuild young ones, from ``since`` to now;
    stops after ``limit_s`` (the rest next time). Returns how many were built."""
    progress = progress or (lambda _f, _w: None)
    first, last = day_of(since), day_of(now)
    stored = stored_blocks(conn, first, last)
    dicts = Dictionaries.load(conn)
    todo = []
    for day in range(last, first - 1, -1):  # newest first: the days people look at
        if not blockable(day, now):
            continue
        info = stored.get(day)
        if info is None:
            todo.append(day)
        elif info.cutoff < (day + 1) * DAY + YOUNG_S and now - info.built_at >= REBUILD_AFTER_S:
            todo.append(day)
    if todo:
        oldest = conn.execute(text("SELECT MIN(raised_at) FROM alarms")).scalar()
        if conn.in_transaction():
            conn.commit()
        if oldest is None:
            return 0
        if isinstance(oldest, str):
            oldest = dt.datetime.fromisoformat(oldest).replace(tzinfo=dt.timezone.utc)
        elif oldest.tzinfo is None:
            oldest = oldest.replace(tzinfo=dt.timezone.utc)
        todo = [d for d in todo if d >= day_of(oldest.timestamp())]
    started = time.monotonic()
    built = 0
    for i, day in enumerate(todo):
        build_block(conn, day, now, dicts)
        built += 1
        progress((i + 1) / len(todo), "catch-up")
        if time.monotonic() - started > limit_s:
            break
    return built
