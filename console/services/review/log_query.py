"""The alarm log as the reviewer filters and sorts it: pages, counts, a streamed export, one
alarm's detail. SQL over the duty log on the review worker's own connection."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterator, Sequence

from sqlalchemy import Connection, TextClause, bindparam, inspect, text

from console.services.review.blocks import epoch
from console.services.review.filters import ReviewFilter
from console.services.review.rows import F, FIELDS  # noqa: F401 (FIELDS: the order of a row)
from console.infrastructure.store.audit import GENESIS, audit_table, entry_hash, iso_utc
from console.infrastructure.store.audit_keying import bound_key, first_marker
from console.infrastructure.store.schema import UtcDateTime, utc

# Sortable columns: name -> (SQL, nullable)
SORTS = {
    "raised": ("a.raised_at", False), "enterprise": ("a.enterprise", False), "point": ("a.point", False),
    "condition": ("a.condition", False), "priority": ("a.priority", False), "text": ("a.text", False),
    "ack_operator": ("k.operator", True), "response": ("k.response_ms", True), "acked": ("k.acked_at", True),
    "handling_operator": ("h.operator", True), "handled": ("h.handled_at", True), "category": ("h.category", True),
    "cleared": ("c.cleared_at", True), "closed": ("a.closed_at", True),
}
PAGE = 200


def _select(dialect: str) -> str:
    e = lambda c: epoch(dialect, c)  # noqa: E731
    return (
        f"SELECT a.id, {e('a.raised_at')}, a.enterprise, a.point, a.condition, a.priority, a.text, {e('a.returned_at')}, "
        f"{e('a.closed_at')}, {e('a.ack_overdue_at')}, {e('a.handling_overdue_at')}, a.handling_required, "
        f"k.operator, {e('k.acked_at')}, k.response_ms, k.shift, h.operator, {e('h.handled_at')}, h.category, "
        f"h.description, h.shift, c.operator, {e('c.cleared_at')}, a.station, a.raised_at AS raw_raised "
        "FROM alarms a LEFT JOIN acknowledgments k ON k.alarm_id = a.id "
        "LEFT JOIN handlings h ON h.alarm_id = a.id LEFT JOIN clearances c ON c.alarm_id = a.id"
    )


@dataclass(frozen=True)
class Where:
    sql: str
    params: dict[str, Any]
    times: tuple[str, ...]  # parameter names that are times
    expanding: tuple[str, ...]  # parameter names that are lists


def where(flt: ReviewFilter, start: float, end: float, dialect: str) -> Where:
    """The filter as SQL (``start``/``end``: the range, narrowed to the shift by the caller)."""
    parts = ["a.raised_at >= :w_start", "a.raised_at < :w_end"]
    params: dict[str, Any] = {"w_start": utc(start), "w_end": utc(max(start, end))}
    times = ["w_start", "w_end"]
    expanding = []
    if flt.enterprises:
        parts.append("a.enterprise IN :w_ents")
        params["w_ents"] = list(flt.enterprises)
        expanding.append("w_ents")
    if flt.points:
        by_enterprise: dict[str, list[str]] = {}
        for enterprise, point in flt.points:
            by_enterprise.setdefault(enterprise, []).append(point)
        ors = []
        for i, (enterprise, points) in enumerate(sorted(by_enterprise.items())):
            if enterprise:
                ors.append(f"(a.enterprise = :w_pe{i} AND a.point IN :w_pp{i})")
                params[f"w_pe{i}"] = enterprise
            else:  # that point code at any enterprise
                ors.append(f"a.point IN :w_pp{i}")
            params[f"w_pp{i}"] = points
            expanding.append(f"w_pp{i}")
        parts.append("(" + " OR ".join(ors) + ")")
    if flt.priorities:
        parts.append("a.priority IN :w_prios")
        params["w_prios"] = [int(p) for p in flt.priorities]
        expanding.append("w_prios")
    if flt.operator:
        parts.append("(k.operator = :w_op OR h.operator = :w_op OR c.operator = :w_op)")
        params["w_op"] = flt.operator
    if flt.stage:
        parts.append({
            "unacknowledged": "k.id IS NULL",
            "acknowledged": "k.id IS NOT NULL AND h.id IS NULL AND a.closed_at IS NULL",
            "handled": "h.id IS NOT NULL AND c.id IS NULL AND a.closed_at IS NULL",
            "cleared": "c.id IS NOT NULL",
            "open": "a.closed_at IS NULL",
            "closed": "a.closed_at IS NOT NULL",
        }[flt.stage])
    if flt.overdue_only:
        parts.append("(a.ack_overdue_at IS NOT NULL OR a.handling_overdue_at IS NOT NULL)")
    if not flt.drills:
        parts.append("(h.category IS NULL OR h.category <> 'drill')")
    if flt.text.strip():
        like = "ILIKE" if dialect == "postgresql" else "LIKE"
        needle = flt.text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params["w_text"] = f"%{needle}%"
        parts.append(f"(a.text {like} :w_text ESCAPE '\\' OR a.point {like} :w_text ESCAPE '\\' "
                     f"OR h.description {like} :w_text ESCAPE '\\')")
    return Where(" AND ".join(parts), params, tuple(times), tuple(expanding))


def _statement(sql: str, w: Where, extra_times: Sequence[str] = ()) -> TextClause:
    binds = [bindparam(n, type_=UtcDateTime()) for n in (*w.times, *extra_times)]
    binds += [bindparam(n, expanding=True) for n in w.expanding]
    return text(sql).bindparams(*binds)


@dataclass(frozen=True)
class Cursor:
    """Where the next page of a raised-time ordering starts (keyset: no OFFSET walk)."""

    raw_raised: Any
    id: str
    offset: int  # rows delivered so far (for other orderings: OFFSET)


def fetch_page(conn: Connection, flt: ReviewFilter, start: float, end: float, sort: str = "raised", descending: bool = True,
               after: Cursor | None = None, limit: int = PAGE) -> tuple[list[tuple], Cursor | None]:
    """One page of log rows (tuples in FIELDS order) and the cursor of the next (None: no more)."""
    dialect = conn.dialect.name
    w = where(flt, start, end, dialect)
    column, nullable = SORTS[sort]
    direction = "DESC" if descending else "ASC"
    params = dict(w.params)
    sql = _select(dialect) + " WHERE " + w.sql
    if sort == "raised" and after is not None:
        op = "<" if descending else ">"
        sql += f" AND (a.raised_at {op} :k_raised OR (a.raised_at = :k_raised AND a.id {op} :k_id))"
        params["k_raised"], params["k_id"] = after.raw_raised, after.id
    nulls = (" NULLS LAST" if descending else " NULLS FIRST") if nullable and dialect == "postgresql" else ""
    sql += f" ORDER BY {column} {direction}{nulls}, a.id {direction} LIMIT :k_limit"
    params["k_limit"] = limit
    if sort != "raised" and after is not None:
        sql += " OFFSET :k_offset"
        params["k_offset"] = after.offset
    stmt = text(sql).bindparams(*[bindparam(n, type_=UtcDateTime()) for n in w.times],
                                *[bindparam(n, expanding=True) for n in w.expanding])
    rows = conn.execute(stmt, params).all()
    offset = (after.offset if after else 0) + len(rows)
    cursor = Cursor(rows[-1][-1], rows[-1][0], offset) if len(rows) == limit else None
    return [tuple(r[:-1]) for r in rows], cursor


def count(conn: Connection, flt: ReviewFilter, start: float, end: float) -> int:
    dialect = conn.dialect.name
    w = where(flt, start, end, dialect)
    joins = ""
    if any(t in w.sql for t in ("k.", "h.", "c.")):
        joins = (" LEFT JOIN acknowledgments k ON k.alarm_id = a.id LEFT JOIN handlings h ON h.alarm_id = a.id"
                 " LEFT JOIN clearances c ON c.alarm_id = a.id")
    return int(conn.execute(_statement(f"SELECT COUNT(*) FROM alarms a{joins} WHERE {w.sql}", w), w.params).scalar() or 0)


def stream(conn: Connection, flt: ReviewFilter, start: float, end: float, sort: str = "raised", descending: bool = True,
           chunk: int = 5000) -> Iterator[list[tuple]]:
    """Every matching row, in chunks (for exports); the caller may stop early."""
    dialect = conn.dialect.name
    w = where(flt, start, end, dialect)
    column, nullable = SORTS[sort]
    direction = "DESC" if descending else "ASC"
    nulls = (" NULLS LAST" if descending else " NULLS FIRST") if nullable and dialect == "postgresql" else ""
    sql = _select(dialect) + f" WHERE {w.sql} ORDER BY {column} {direction}{nulls}, a.id {direction}"
    with_notes = inspect(conn).has_table("alarm_notes")
    result = conn.execution_options(stream_results=True, yield_per=chunk).execute(_statement(sql, w), w.params)
    try:
        for part in result.partitions(chunk):
            rows = [tuple(r[:-1]) for r in part]
            notes = notes_of(conn, [r[F["id"]] for r in rows]) if with_notes else {}
            yield [r + (notes.get(r[F["id"]], ()),) for r in rows]
    finally:
        result.close()


def notes_of(conn: Connection, occurrence_ids: Sequence[str]) -> dict[str, tuple[NoteEntry, ...]]:
    """The notes of these occurrences, oldest first each (an export row's last cell: ``stream``)."""
    if not occurrence_ids:
        return {}
    e = epoch(conn.dialect.name, "written_at")
    stmt = text(f"SELECT alarm_id, {e}, author, station, text FROM alarm_notes WHERE alarm_id IN :ids "
                "ORDER BY written_at, id").bindparams(bindparam("ids", expanding=True))
    found: dict[str, list[NoteEntry]] = {}
    for alarm_id, at, author, station, body in conn.execute(stmt, {"ids": list(occurrence_ids)}):
        found.setdefault(alarm_id, []).append(NoteEntry(at, author, station, body))
    return {k: tuple(v) for k, v in found.items()}


# -- one alarm ------------------------------------------------------------------------------
@dataclass(frozen=True)
class HistoryEntry:
    at: float
    event: str
    operator: str
    station: str
    shift: str
    detail: str


@dataclass(frozen=True)
class NoteEntry:
    at: float
    author: str
    station: str
    text: str


@dataclass(frozen=True)
class AuditStatus:
    entries: int  # audit entries about this occurrence
    intact: int  # of which hash and links check out
    problems: tuple[str, ...]  # one line each, naming the seq
    seqs: tuple[int, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class EvidenceEntry:
    kind: str
    path: str
    taken_at: float
    camera: str
    operator: str
    duration_s: float | None


@dataclass(frozen=True)
class AlarmDetail:
    row: tuple  # FIELDS
    history: tuple[HistoryEntry, ...]
    audit: AuditStatus
    evidence: tuple[EvidenceEntry, ...]
    notes: tuple[NoteEntry, ...] = ()


def detail(conn: Connection, occurrence_id: str) -> AlarmDetail | None:
    dialect = conn.dialect.name
    row = conn.execute(text(_select(dialect) + " WHERE a.id = :id"), {"id": occurrence_id}).first()
    if row is None:
        return None
    e = lambda c: epoch(dialect, c)  # noqa: E731
    history = tuple(
        HistoryEntry(r[0], r[1], r[2] or "", r[3] or "", r[4] or "", r[5] or "")
        for r in conn.execute(text(f"SELECT {e('at')}, event, operator, station, shift, detail FROM alarm_history "
                                   "WHERE alarm_id = :id ORDER BY at, id"), {"id": occurrence_id})
    )
    evidence: tuple[EvidenceEntry, ...] = ()
    if inspect(conn).has_table("evidence"):
        evidence = tuple(
            EvidenceEntry(r[0], r[1], r[2], r[3], r[4] or "", r[5])
            for r in conn.execute(text(f"SELECT kind, path, {e('taken_at')}, camera, operator, duration_s FROM evidence "
                                       "WHERE occurrence_id = :id ORDER BY taken_at, id"), {"id": occurrence_id})
        )
    notes = notes_of(conn, [occurrence_id]).get(occurrence_id, ()) if inspect(conn).has_table("alarm_notes") else ()
    return AlarmDetail(tuple(row[:-1]), history, audit_status(conn, occurrence_id), evidence, notes)


def audit_status(conn: Connection, subject: str) -> AuditStatus:
    """The audit entries about ``subject``, each checked: its hash matches its content, and it is
    linked to the entries before and after it (a full check is ``duty-console audit verify``)."""
    rows = conn.execute(text("SELECT seq, at, station, actor, action, subject, detail, prev_hash, hash FROM audit_log "
                             "WHERE subject = :s ORDER BY seq"), {"s": subject}).all()
    problems: list[str] = []
    intact = 0
    key = bound_key(conn)  # the audit key, bound to the review's engine by the composition root
    marker = first_marker(conn, audit_table) if rows else None
    keyed_from = marker[0] if marker is not None else None
    for seq, at, station, actor, action, subj, detail_json, prev_hash, digest in rows:
        ok = True
        try:
            when = at if not isinstance(at, str) else dt.datetime.fromisoformat(at)
            if when.tzinfo is None:
                when = when.replace(tzinfo=dt.timezone.utc)
            fields = (prev_hash, seq, iso_utc(when), station, actor, action, subj, detail_json)
            plain = entry_hash(*fields)
            if keyed_from is not None and seq >= keyed_from:  # the keyed part: an HMAC, never a plain SHA-256
                if digest == plain or (key is not None and entry_hash(*fields, key=key) != digest):
                    problems.append(f"entry {seq}: content does not match its keyed hash (altered or forged)")
                    ok = False
            elif plain != digest:
                problems.append(f"entry {seq}: content does not match its hash (altered)")
                ok = False
        except (TypeError, ValueError):
            problems.append(f"entry {seq}: malformed")
            ok = False
        before = conn.execute(text("SELECT hash FROM audit_log WHERE seq = :q"), {"q": seq - 1}).scalar() if seq > 1 else GENESIS
        if before != prev_hash:
            problems.append(f"entry {seq}: not linked to entry {seq - 1} (inserted, reordered or its neighbour altered)")
            ok = False
        after = conn.execute(text("SELECT prev_hash FROM audit_log WHERE seq = :q"), {"q": seq + 1}).scalar()
        if after is not None and after != digest:
            problems.append(f"entry {seq}: entry {seq + 1} does not follow it")
            ok = False
        intact += ok
    return AuditStatus(len(rows), intact, tuple(problems), tuple(int(r[0]) for r in rows))


def operators(conn: Connection) -> list[tuple[str, str, str]]:
    """(name, display name, role) of every account, for the filters and the report."""
    return [(r[0], r[1], r[2]) for r in conn.execute(text("SELECT name, display_name, role FROM users ORDER BY name"))]


def presence_rows(conn: Connection, start: float, end: float, operator: str = "") -> list[tuple]:
    """(asked_at, status, operator, response_ms, shift) of the presence checks asked in [start, end)."""
    dialect = conn.dialect.name
    sql = (f"SELECT {epoch(dialect, 'asked_at')}, status, operator, response_ms, shift FROM presence_checks "
           "WHERE asked_at >= :s AND asked_at < :e")
    params: dict[str, Any] = {"s": utc(start), "e": utc(end)}
    if operator:
        sql += " AND operator = :o"
        params["o"] = operator
    stmt = text(sql + " ORDER BY asked_at").bindparams(bindparam("s", type_=UtcDateTime()), bindparam("e", type_=UtcDateTime()))
    return [tuple(r) for r in conn.execute(stmt, params).all()]

