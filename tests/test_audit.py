"""The audit log's hash chain: appends, tampering found and located, anchors, concurrent writers."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import event, insert, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from console.infrastructure.store import migrations
from console.infrastructure.store.audit import (
    GENESIS,
    AuditLog,
    anchor,
    audit_table,
    canonical_json,
    create_audit_table,
    entry_hash,
    iso_utc,
    verify,
)
from console.infrastructure.store.engine import make_engine
from console.shell.audit_cli import main_verify
from console.infrastructure.store.schema import utc
from console.infrastructure.store.writer import DutyLogWriter

ROOT = Path(__file__).resolve().parents[1]
T0 = 1_717_200_000.123456  # 2024-06-01 00:00:00.123456 UTC
OPERATORS = ["李娜", "王伟", "张敏", ""]
ACTIONS = ["alarm.raised", "alarm.acked", "alarm.shelved", "user.sign_in", "handover.signed"]


def prepare(url: str):
    """The duty log at the latest schema, with the audit table (migration 3 once registered)."""
    engine = make_engine(url)
    migrations.upgrade(engine)
    with engine.begin() as conn:
        if not inspect(conn).has_table("audit_log"):
            create_audit_table(conn)
    return engine


@pytest.fixture
def engine(db_path):
    engine = prepare(f"sqlite:///{db_path}")
    yield engine
    engine.dispose()


def detail_for(i: int) -> dict:
    return {"企业": "厦门某化工有限公司", "点位": f"PT-{i:03d}", "处置": "已到现场确认，误报", "值": 12.5 + i, "序": i}


def append_entries(engine, n: int, start: int = 0) -> list[int]:
    with Session(engine) as s, s.begin():
        log = AuditLog(s)
        return [
            log.append(ACTIONS[i % len(ACTIONS)], f"occ-{i:05d}", OPERATORS[i % len(OPERATORS)], "值班室-1", detail_for(i), T0 + 7.5 * i)
            for i in range(start, start + n)
        ]


def attack(db_path, sql: str, *params) -> None:
    """What someone with the file can do: plain SQL through the sqlite3 module."""
    conn = sqlite3.connect(db_path)
    try:
        with conn:
            conn.execute(sql, params)
    finally:
        conn.close()


def stored_row(db_path, seq: int) -> dict:
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    try:
        return dict(conn.execute("SELECT * FROM audit_log WHERE seq = ?", (seq,)).fetchone())
    finally:
        conn.close()


def forge_hash(row: dict, key: bytes | None = None) -> str:
    """An attacker who knows the (public) algorithm recomputes an entry's hash."""
    at_iso = iso_utc(dt.datetime.fromisoformat(row["at"]).replace(tzinfo=dt.timezone.utc))
    return entry_hash(row["prev_hash"], row["seq"], at_iso, row["station"], row["actor"], row["action"], row["subject"], row["detail"], key)


# -- appending and a clean chain ------------------------------------------------------------
def test_appended_chain_verifies_and_is_hashed_as_documented(engine, db_path):
    assert append_entries(engine, 50) == list(range(1, 51))
    result = verify(engine)
    assert (result.ok, result.entries, result.first_bad_seq, result.problem) == (True, 50, None, "")
    assert result.tail == anchor(engine) and result.tail[0] == 50

    first = stored_row(db_path, 1)
    assert first["prev_hash"] == GENESIS
    assert first["detail"] == canonical_json(detail_for(0))
    assert "厦门某化工有限公司" in first["detail"] and " " not in first["detail"]  # UTF-8 text, no escapes, no spaces
    # The encoding in docs/audit.md, recomputed independently: netstrings of UTF-8 fields.
    fields = ["duty-console-audit-v1", GENESIS, "1", "2024-06-01T00:00:00.123456Z", "值班室-1", "李娜", "alarm.raised", "occ-00000", first["detail"]]
    payload = b"".join(b"%d:%s," % (len(f.encode()), f.encode()) for f in fields)
    assert first["hash"] == hashlib.sha256(payload).hexdigest()
    second = stored_row(db_path, 2)
    assert second["prev_hash"] == first["hash"]


def test_fields_cannot_run_into_each_other():
    base = entry_hash(GENESIS, 1, "2024-06-01T00:00:00.000000Z", "st", "ab", "c", "x", "{}")
    assert base != entry_hash(GENESIS, 1, "2024-06-01T00:00:00.000000Z", "st", "a", "bc", "x", "{}")
    assert base != entry_hash(GENESIS, 11, "2024-06-01T00:00:00.000000Z", "st", "ab", "c", "x", "{}")
    assert base != entry_hash(GENESIS, 1, "2024-06-01T00:00:00.000000Z", "st", "ab", "c", "x", "{}", key=b"k")


def test_verify_accepts_an_empty_log_a_session_and_a_connection(engine):
    assert verify(engine).ok and verify(engine).entries == 0 and anchor(engine) == (0, GENESIS)
    append_entries(engine, 3)
    with Session(engine) as s:
        assert verify(s).entries == 3
        assert AuditLog(s).anchor() == anchor(engine)
    with engine.connect() as conn:
        assert verify(conn).entries == 3


def test_a_failed_job_leaves_no_entry_and_no_gap(engine):
    seqs, errors = [], []
    writer = DutyLogWriter(make_engine(engine.url.render_as_string(hide_password=False)), lambda fn, *a: fn(*a))

    def failing(log):
        AuditLog(log.s).append("alarm.acked", "occ-1", "李娜", "值班室-1", {}, T0)
        raise RuntimeError("the rest of the job failed")

    writer.submit(lambda log: AuditLog(log.s).append("user.sign_in", "", "李娜", "值班室-1", {}, T0), seqs.append, errors.append)
    writer.submit(failing, seqs.append, errors.append)
    writer.submit(lambda log: AuditLog(log.s).append("alarm.raised", "occ-2", "", "值班室-1", {}, T0 + 1), seqs.append, errors.append)
    writer.close()
    assert seqs == [1, 2] and len(errors) == 1
    assert verify(engine).entries == 2


def test_append_rejects_what_it_could_not_store_faithfully(engine):
    with Session(engine) as s, s.begin():
        log = AuditLog(s)
        with pytest.raises(ValueError):
            log.append("alarm.raised", "x" * 201, "", "st", {}, T0)
        with pytest.raises(ValueError):
            log.append("alarm.raised", "occ", "", "st", {"value": float("nan")}, T0)
        with pytest.raises(ValueError):
            log.append("", "occ", "", "st", {}, T0)
    assert verify(engine).entries == 0


# -- tampering --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "column, value",
    [
        ("detail", '{"处置":"已处置"}'),
        ("actor", "王伟"),
        ("action", "config.points_imported"),
        ("subject", "occ-99999"),
        ("station", "值班室-2"),
        ("at", "2024-06-01 00:02:00.000000"),
        ("hash", "f" * 64),
    ],
)
def test_an_altered_entry_is_found_and_located(engine, db_path, column, value):
    append_entries(engine, 50)
    attack(db_path, f"UPDATE audit_log SET {column} = ? WHERE seq = 17", value)
    result = verify(engine)
    assert not result.ok
    assert result.first_bad_seq == 17
    assert result.entries == 16
    assert result.problem == "entry 17 was altered: its content does not match its hash"


def test_an_altered_entry_with_its_hash_recomputed_breaks_the_next_link(engine, db_path):
    append_entries(engine, 50)
    row = stored_row(db_path, 17)
    row["detail"] = row["detail"].replace("误报", "真实泄漏，已疏散")
    attack(db_path, "UPDATE audit_log SET detail = ?, hash = ? WHERE seq = 17", row["detail"], forge_hash(row))
    result = verify(engine)
    assert (result.ok, result.first_bad_seq) == (False, 18)
    assert result.problem == "entry 18 does not follow entry 17: prev_hash mismatch (inserted or reordered)"


def test_a_deleted_entry_is_found(engine, db_path):
    append_entries(engine, 50)
    attack(db_path, "DELETE FROM audit_log WHERE seq = 41")
    result = verify(engine)
    assert (result.ok, result.first_bad_seq, result.entries) == (False, 41, 40)
    assert result.problem == "entry 41 is missing (deleted): 40 is followed by 42"

    attack(db_path, "DELETE FROM audit_log WHERE seq IN (1, 2)")
    assert verify(engine).problem == "entries 1–2 are missing (deleted): the log starts at entry 3"


def test_a_forged_entry_inserted_with_renumbering_is_found(engine, db_path):
    append_entries(engine, 50)
    attack(db_path, "UPDATE audit_log SET seq = -seq - 1 WHERE seq >= 20")  # two steps: seq stays unique
    attack(db_path, "UPDATE audit_log SET seq = -seq WHERE seq < 0")
    forged = dict(stored_row(db_path, 19), seq=20, actor="王伟", action="alarm.acked", detail='{"处置":"已处置"}')
    forged["prev_hash"] = stored_row(db_path, 19)["hash"]
    forged["hash"] = forge_hash(forged)  # a perfectly linked forgery...
    attack(
        db_path,
        "INSERT INTO audit_log (seq, at, station, actor, action, subject, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        *(forged[c] for c in ("seq", "at", "station", "actor", "action", "subject", "detail", "prev_hash", "hash")),
    )
    result = verify(engine)  # ...but the entry that used to be 20 does not follow it
    assert (result.ok, result.first_bad_seq, result.entries) == (False, 21, 20)
    assert result.problem == "entry 21 does not follow entry 20: prev_hash mismatch (inserted or reordered)"


def test_a_duplicated_seq_is_found_even_without_the_unique_constraint(engine, db_path):
    append_entries(engine, 20)
    conn = sqlite3.connect(db_path)  # the attacker rebuilds the table without its constraint
    with conn:
        conn.execute("CREATE TABLE plain AS SELECT * FROM audit_log")
        conn.execute("DROP TABLE audit_log")
        conn.execute("ALTER TABLE plain RENAME TO audit_log")
    conn.close()
    forged = dict(stored_row(db_path, 10), id=0, actor="王伟", detail='{"处置":"已处置"}')
    forged["hash"] = forge_hash(forged)  # correctly linked to entry 9, and read first (smaller id)
    attack(db_path, f"INSERT INTO audit_log ({', '.join(forged)}) VALUES ({', '.join('?' * len(forged))})", *forged.values())
    result = verify(engine)
    assert (result.ok, result.first_bad_seq) == (False, 10)
    assert result.problem == "entry 10 appears more than once (inserted)"


def test_swapped_entries_are_found(engine, db_path):
    append_entries(engine, 50)
    attack(db_path, "UPDATE audit_log SET seq = -1 WHERE seq = 30")
    attack(db_path, "UPDATE audit_log SET seq = 30 WHERE seq = 31")
    attack(db_path, "UPDATE audit_log SET seq = 31 WHERE seq = -1")
    result = verify(engine)
    assert (result.ok, result.first_bad_seq) == (False, 30)
    assert "prev_hash mismatch" in result.problem


def test_a_malformed_field_is_reported_not_raised(engine, db_path):
    append_entries(engine, 5)
    attack(db_path, "UPDATE audit_log SET at = 'yesterday' WHERE seq = 3")
    result = verify(engine)
    assert (result.ok, result.first_bad_seq, result.problem) == (False, 3, "entry 3 was altered: a field is malformed")


def test_a_deleted_tail_needs_the_anchor(engine, db_path):
    append_entries(engine, 50)
    published = anchor(engine)
    early = (30, stored_row(db_path, 30)["hash"])
    append_entries(engine, 5, start=50)
    assert verify(engine, anchor=published).ok and verify(engine, anchor=early).ok  # later appends are fine

    attack(db_path, "DELETE FROM audit_log WHERE seq > 45")
    assert verify(engine).ok  # a chain alone cannot see a cut tail
    result = verify(engine, anchor=published)
    assert (result.ok, result.first_bad_seq, result.entries) == (False, 46, 45)
    assert result.problem == "entries 46–50 are missing (deleted): the log ends at entry 45 but the anchor names entry 50"


def test_a_rewritten_chain_is_caught_by_the_anchor(engine, db_path):
    append_entries(engine, 50)
    published = anchor(engine)
    # Someone with the file rewrites entry 10 and recomputes every hash after it.
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    with conn:
        prev = conn.execute("SELECT hash FROM audit_log WHERE seq = 9").fetchone()[0]
        for r in conn.execute("SELECT * FROM audit_log WHERE seq >= 10 ORDER BY seq").fetchall():
            row = dict(r, prev_hash=prev)
            if row["seq"] == 10:
                row["detail"] = '{"处置":"无异常"}'
            row["hash"] = prev = forge_hash(row)
            conn.execute("UPDATE audit_log SET detail = ?, prev_hash = ?, hash = ? WHERE seq = ?", (row["detail"], row["prev_hash"], row["hash"], row["seq"]))
    conn.close()
    assert verify(engine).ok  # consistent again...
    result = verify(engine, anchor=published)  # ...but not the chain that was published
    assert (result.ok, result.first_bad_seq) == (False, 50)
    assert result.problem == "entry 50 does not match the anchor: the log was rewritten at or before entry 50"


def test_a_keyed_chain_cannot_be_recomputed_without_the_key(engine, db_path):
    key = b"plant-secret-\xe5\x8e\x82"
    with Session(engine) as s, s.begin():
        for i in range(10):
            AuditLog(s, key=key).append("alarm.acked", f"occ-{i}", "李娜", "值班室-1", detail_for(i), T0 + i)
    result = verify(engine, key=key)
    assert result.ok and result.keyed_from == 1 and stored_row(db_path, 1)["action"] == "audit.keyed"  # the marker first
    unkeyed = verify(engine)  # without the key only the links of the keyed entries are checked, and it says so
    assert unkeyed.ok and not unkeyed.key_checked and unkeyed.unchecked == 11
    row = stored_row(db_path, 4)
    row["detail"] = '{"处置":"无异常"}'
    attack(db_path, "UPDATE audit_log SET detail = ?, hash = ? WHERE seq = 4", row["detail"], forge_hash(row))
    assert verify(engine, key=key).problem == "entry 4 was forged: a plain SHA-256 where the chain is keyed (written without the key)"
    attack(db_path, "UPDATE audit_log SET hash = ? WHERE seq = 4", forge_hash(row, key=b"a guessed key"))
    assert verify(engine, key=key).problem == "entry 4 was altered or forged: its content does not match its keyed hash (HMAC)"


# -- concurrent appenders ---------------------------------------------------------------------
def test_two_writers_on_one_file_make_one_consecutive_chain(engine):
    url = engine.url.render_as_string(hide_password=False)
    writers = [DutyLogWriter(make_engine(url), lambda fn, *a: fn(*a)) for _ in range(2)]
    got: list[list[int]] = [[], []]
    errors: list[BaseException] = []

    def feed(w: int) -> None:
        for i in range(150):
            job = lambda log, w=w, i=i: AuditLog(log.s).append("alarm.acked", f"occ-{w}-{i}", OPERATORS[w], f"值班室-{w}", detail_for(i), T0 + i)  # noqa: E731
            writers[w].submit(job, got[w].append, errors.append)

    threads = [threading.Thread(target=feed, args=(w,)) for w in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for writer in writers:
        writer.close()
    assert errors == []
    assert sorted(got[0] + got[1]) == list(range(1, 301))
    assert got[0] == sorted(got[0]) and got[1] == sorted(got[1])  # each writer's order is kept
    result = verify(engine)
    assert result.ok and result.entries == 300


def test_a_seq_taken_by_another_appender_is_retried(engine):
    """What happens on PostgreSQL when two workstations read the same tail: the unique seq
    lets one in; the other re-reads the tail in a new savepoint. Simulated here by slipping
    a valid entry in right after this appender read the tail."""
    append_entries(engine, 3)
    slipped = []

    def slip_in(conn, cursor, statement, parameters, context, executemany):
        if not slipped and statement.startswith("SELECT audit_log.seq, audit_log.hash"):
            raw = cursor.connection  # the same connection and transaction, behind SQLAlchemy's back
            tail_seq, tail_hash = raw.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
            when = utc(T0 + 100)
            digest = entry_hash(tail_hash, tail_seq + 1, iso_utc(when), "值班室-2", "王伟", "alarm.acked", "occ-x", "{}")
            raw.execute(
                "INSERT INTO audit_log (seq, at, station, actor, action, subject, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (tail_seq + 1, when.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds"), "值班室-2", "王伟", "alarm.acked", "occ-x", "{}", tail_hash, digest),
            )
            slipped.append(tail_seq + 1)

    event.listen(engine, "after_cursor_execute", slip_in)
    try:
        with Session(engine) as s, s.begin():
            seq = AuditLog(s).append("alarm.acked", "occ-y", "李娜", "值班室-1", {}, T0 + 101)
    finally:
        event.remove(engine, "after_cursor_execute", slip_in)
    assert slipped == [4] and seq == 5
    assert verify(engine).entries == 5


def test_two_workstations_on_postgresql_make_one_consecutive_chain(pg_url):
    """The real race: both read the same tail, the unique seq lets one in, the other retries."""
    engine = prepare(pg_url)
    writers = [DutyLogWriter(make_engine(pg_url), lambda fn, *a: fn(*a)) for _ in range(3)]
    got: list[int] = []
    errors: list[BaseException] = []

    def feed(w: int) -> None:
        for i in range(100):
            job = lambda log, w=w, i=i: AuditLog(log.s).append("alarm.acked", f"occ-{w}-{i}", OPERATORS[w], f"值班室-{w}", detail_for(i), T0 + i)  # noqa: E731
            writers[w].submit(job, got.append, errors.append)

    threads = [threading.Thread(target=feed, args=(w,)) for w in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for writer in writers:
        writer.close()
    assert errors == [] and sorted(got) == list(range(1, 301))
    assert verify(engine).entries == 300
    engine.dispose()


def test_verification_on_postgresql_ignores_the_session_time_zone_and_finds_changes(pg_url):
    engine = prepare(pg_url)
    append_entries(engine, 20)
    shanghai = make_engine(make_url(pg_url).update_query_dict({"options": "-c TimeZone=Asia/Shanghai"}).render_as_string(hide_password=False))
    assert verify(shanghai).entries == 20
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE audit_log SET at = at + interval '1 second' WHERE seq = 12")
    assert verify(shanghai).problem == "entry 12 was altered: its content does not match its hash"
    assert main_verify(["--database-url", pg_url]) == 1
    shanghai.dispose()
    engine.dispose()


# -- the command ------------------------------------------------------------------------------
def test_main_verify_exit_codes(engine, db_path, capsys, tmp_path):
    url = f"sqlite:///{db_path}"
    append_entries(engine, 50)
    tail = anchor(engine)
    assert main_verify(["--database-url", url]) == 0
    assert "audit log intact: 50 entries; anchor 50:" + tail[1] in capsys.readouterr().out
    assert main_verify(["verify", "--database-url", url, "--anchor", f"{tail[0]}:{tail[1].upper()}"]) == 0
    capsys.readouterr()

    attack(db_path, "DELETE FROM audit_log WHERE seq = 50")
    assert main_verify(["--database-url", url]) == 0
    assert main_verify(["--database-url", url, "--anchor", f"{tail[0]}:{tail[1]}"]) == 1
    assert "entry 50 is missing (deleted)" in capsys.readouterr().out
    attack(db_path, "UPDATE audit_log SET actor = 'x' WHERE seq = 17")
    assert main_verify(["--database-url", url]) == 1
    assert "entry 17 was altered: its content does not match its hash" in capsys.readouterr().out

    assert main_verify(["--database-url", url, "--anchor", "50"]) == 2
    assert main_verify(["--bogus"]) == 2
    missing = tmp_path / "nowhere" / "typo.sqlite"
    assert main_verify(["--database-url", f"sqlite:///{missing}"]) == 2
    assert not missing.exists() and not missing.parent.exists()  # verification creates nothing
    bare = tmp_path / "other.sqlite"
    sqlite3.connect(bare).close()
    assert main_verify(["--database-url", f"sqlite:///{bare}"]) == 2
    assert "has no audit log" in capsys.readouterr().err


def test_main_verify_defaults_to_the_settings_database():
    from console.infrastructure.settings import Settings

    engine = prepare(Settings.load().database_url)
    append_entries(engine, 3)
    engine.dispose()
    assert main_verify([]) == 0


def test_main_verify_in_a_process(engine, db_path):
    append_entries(engine, 20)
    code = "import sys; from console.shell.audit_cli import main_verify; sys.exit(main_verify(sys.argv[1:]))"

    def run() -> subprocess.CompletedProcess:
        cmd = [sys.executable, "-c", code, "verify", "--database-url", f"sqlite:///{db_path}"]
        return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=60)

    proc = run()
    assert proc.returncode == 0, proc.stderr
    assert "audit log intact: 20 entries" in proc.stdout
    attack(db_path, "UPDATE audit_log SET detail = '{}' WHERE seq = 7")
    proc = run()
    assert proc.returncode == 1, proc.stderr
    assert "entry 7 was altered" in proc.stdout


# -- size -------------------------------------------------------------------------------------
STREAM_SCRIPT = """
import resource, sys
from console.infrastructure.store.audit import verify
from console.infrastructure.store.engine import make_engine
engine = make_engine(sys.argv[1])
with engine.connect() as conn:
    conn.exec_driver_sql("SELECT count(*) FROM audit_log").scalar()  # connection and pages warmed up
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = verify(conn)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(result.ok, result.entries, after - before)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="measures memory with the resource module")
def test_a_large_log_is_verified_as_a_stream(engine, db_path):
    n = 100_000
    prev = GENESIS
    with engine.begin() as conn:
        for start in range(1, n + 1, 10_000):
            rows = []
            for seq in range(start, start + 10_000):
                when = utc(T0 + seq)
                detail = canonical_json({"点位": f"PT-{seq % 640:03d}", "处置": "已确认", "值": seq})
                digest = entry_hash(prev, seq, iso_utc(when), "值班室-1", "", "alarm.raised", f"occ-{seq}", detail)
                rows.append({"seq": seq, "at": when, "station": "值班室-1", "actor": "", "action": "alarm.raised", "subject": f"occ-{seq}", "detail": detail, "prev_hash": prev, "hash": digest})
                prev = digest
            conn.execute(insert(audit_table), rows)
    proc = subprocess.run([sys.executable, "-c", STREAM_SCRIPT, f"sqlite:///{db_path}"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    ok, entries, grown_kib = proc.stdout.split()
    assert (ok, int(entries)) == ("True", n)
    # Streamed in batches of 5000 the peak grows by a few MiB; holding 100,000 rows would take ~100 MiB.
    assert int(grown_kib) < 32 * 1024, grown_kib
