"""A duty log as an older release left it: the schema of an older version (only the first N
migrations applied) and records written the way that version wrote them (plain SQL against that
schema, not today's models). For the upgrade checks: tests/test_installer.py and
packaging/deb_check.py (the .deb upgraded over an older build)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlalchemy import create_engine, inspect, text

OLD_VERSION = 6  # acknowledgments stamped with the shift; before the alarm lifecycle (7) and later
ENT = "91350200MA2XYZ0001"


def _ts(minutes: float) -> str:
    at = dt.datetime(2025, 3, 1, 8, 0, tzinfo=dt.UTC) + dt.timedelta(minutes=minutes)
    return at.strftime("%Y-%m-%d %H:%M:%S.%f")


def create(path: Path, version: int = OLD_VERSION, alarms: int = 40) -> dict[str, list[dict]]:
    """Create ``path`` at schema ``version`` with records in every table of that schema; returns
    the rows written, per table (what must survive an upgrade)."""
    from sqlalchemy.orm import Session

    from console.domain.passwords import hash_password
    from console.infrastructure.store.audit import AuditLog
    from console.infrastructure.store.migrations import MIGRATIONS

    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description VARCHAR(200) NOT NULL, applied_at TIMESTAMP NOT NULL)"))
    for number, description, step in MIGRATIONS:
        if number > version:
            break
        with engine.begin() as conn:
            step(conn)
            conn.execute(text("INSERT INTO schema_version (version, description, applied_at) VALUES (:v, :d, :t)"),
                         {"v": number, "d": description, "t": "2025-03-01 07:00:00"})
    with engine.begin() as conn:
        for name, display, role in (("admin", "系统管理员", "admin"), ("zhangwei", "张伟", "operator"), ("lina", "李娜", "operator")):
            conn.execute(text("INSERT INTO users (name, display_name, password_hash, role, active, created_at) "
                              "VALUES (:n, :d, :h, :r, 1, :c)"),
                         {"n": name, "d": display, "h": hash_password("old-password"), "r": role, "c": _ts(0)})
        for i in range(alarms):
            alarm_id = f"occ{i:06d}"
            key = f"{ENT}/GT-{1100 + i}/HH"
            conn.execute(text("INSERT INTO alarms (id, alarm_key, enterprise, point, condition, priority, raised_at, received_at, "
                              "value, threshold, text, source_id, station, returned_at) VALUES (:id, :k, :e, :p, 'HH', :pr, :r, :r, "
                              ":v, 50.0, :t, 'plant', 'old-station', :ret)"),
                         {"id": alarm_id, "k": key, "e": ENT, "p": f"GT-{1100 + i}", "pr": 1 + i % 4, "r": _ts(i),
                          "v": 55.0 + i, "t": f"可燃气体浓度高高报 {i}", "ret": _ts(i + 5) if i % 2 else None})
            if i % 3 != 2:
                conn.execute(text("INSERT INTO acknowledgments (alarm_id, alarm_key, operator, station, raised_at, acked_at, "
                                  "response_ms, shift) VALUES (:id, :k, :o, 'old-station', :r, :a, :ms, :s)"),
                             {"id": alarm_id, "k": key, "o": "zhangwei" if i % 2 else "lina", "r": _ts(i), "a": _ts(i + 0.5),
                              "ms": 30_000, "s": "2025-03-01/1"})
            conn.execute(text("INSERT INTO alarm_history (alarm_id, event, at, operator, station, detail) "
                              "VALUES (:id, 'raised', :at, '', 'old-station', :d)"),
                         {"id": alarm_id, "at": _ts(i), "d": json.dumps({"value": 55.0 + i})})
        conn.execute(text("INSERT INTO silences (station, operator, at, alarm_keys) VALUES ('old-station', 'lina', :at, :k)"),
                     {"at": _ts(3), "k": json.dumps([f"{ENT}/GT-1100/HH"])})
        conn.execute(text("INSERT INTO point_service (enterprise, point, out_of_service, person, reason, at, station) "
                          "VALUES (:e, 'GT-1199', 1, 'zhangwei', '检修', :at, 'old-station')"), {"e": ENT, "at": _ts(4)})
        if version >= 5:
            conn.execute(text("INSERT INTO presence_checks (station, asked_at, answered_at, operator, status, response_ms) "
                              "VALUES ('old-station', :a, :b, 'lina', 'answered', 12000)"), {"a": _ts(6), "b": _ts(6.2)})
    if version >= 3:
        with Session(engine) as session, session.begin():
            audit = AuditLog(session)
            for i in range(5):
                audit.append("alarm.acked", f"occ{i:06d}", "zhangwei", "old-station", {"n": i}, 1740816000.0 + i)
    rows = snapshot(engine)
    engine.dispose()
    return rows


def snapshot(engine_or_path, tables: dict[str, list[dict]] | None = None) -> dict[str, list[dict]]:
    """Every row of every table (or, given ``tables``, of those tables and only their columns then),
    sorted, as plain dicts."""
    engine = create_engine(f"sqlite:///{engine_or_path}") if isinstance(engine_or_path, (str, Path)) else engine_or_path
    out: dict[str, list[dict]] = {}
    with engine.connect() as conn:
        names = sorted(inspect(conn).get_table_names()) if tables is None else sorted(tables)
        for name in names:
            if tables is not None and tables[name]:
                columns = list(tables[name][0])
            else:
                columns = [c["name"] for c in inspect(conn).get_columns(name)]
            quoted = ", ".join(f'"{c}"' for c in columns)
            rows = conn.execute(text(f'SELECT {quoted} FROM "{name}"')).mappings().all()
            out[name] = sorted((dict(r) for r in rows), key=lambda r: json.dumps(r, sort_keys=True, default=str))
    if isinstance(engine_or_path, (str, Path)):
        engine.dispose()
    return out


def missing_rows(before: dict[str, list[dict]], path: Path) -> dict[str, int]:
    """Per table, how many of the ``before`` rows are not in the duty log at ``path`` any more
    (compared on the columns they had)."""
    after = snapshot(path, {name: rows for name, rows in before.items() if name != "schema_version"})
    lost = {}
    for name, rows in before.items():
        if name == "schema_version":
            continue
        present = {json.dumps(r, sort_keys=True, default=str) for r in after.get(name, [])}
        gone = sum(1 for r in rows if json.dumps(r, sort_keys=True, default=str) not in present)
        if gone:
            lost[name] = gone
    return lost
