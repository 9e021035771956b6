"""The keyed audit chain and its anchors (docs/audit.md): each tamper named in issue 15 — an entry
edited and the chain recomputed, an entry deleted and the rest renumbered, the tail cut, a forged
entry appended — done the way someone with the file would (sqlite3 and the documented algorithm),
and found with the key and with anchors; what `audit verify` says it could not check; the anchors
the console keeps on the broker; the key kept out of the duty log, the log and the chain."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from console.infrastructure import audit_anchor
from console.infrastructure.anchor_reader import BrokerAccess, read_anchors
from console.infrastructure.audit_key import create_key_file, read_key_file
from console.infrastructure.store import migrations
from console.infrastructure.store.audit import GENESIS, AuditLog, anchor, entry_hash, iso_utc, verify
from console.infrastructure.store.audit_keying import bind_key, key_id
from console.infrastructure.store.engine import make_engine
from console.shell.audit_cli import main_key, main_verify
from tests.helpers.console import RunningConsole

T0 = 1_767_225_600.0  # 2026-01-01 00:00 UTC
USERS = (("zhangwei", "pw-zhang", "张伟"), ("lina", "pw-lina", "李娜"))


# -- what someone with the duty-log file can do -------------------------------------------------
def rows(db: Path) -> list[dict]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute("SELECT * FROM audit_log ORDER BY seq")]
    finally:
        conn.close()


def plain_hash(row: dict) -> str:
    """The documented algorithm (docs/audit.md), without a key: all an attacker has."""
    at_iso = iso_utc(dt.datetime.fromisoformat(row["at"]).replace(tzinfo=dt.timezone.utc))
    return entry_hash(row["prev_hash"], row["seq"], at_iso, row["station"], row["actor"], row["action"], row["subject"], row["detail"])


def rechain(db: Path, start_seq: int) -> None:
    """Recompute prev_hash and hash of every entry from ``start_seq`` on, as the documentation says."""
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        with conn:
            entries = [dict(r) for r in conn.execute("SELECT * FROM audit_log ORDER BY seq")]
            prev = GENESIS
            for row in entries:
                if row["seq"] >= start_seq:
                    row["prev_hash"] = prev
                    row["hash"] = plain_hash(row)
                    conn.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", (row["prev_hash"], row["hash"], row["id"]))
                prev = row["hash"]
    finally:
        conn.close()


def sql(db: Path, statement: str, *params: object) -> None:
    conn = sqlite3.connect(db)
    try:
        with conn:
            conn.execute(statement, params)
    finally:
        conn.close()


def edit_and_rechain(db: Path) -> int:
    sql(db, "UPDATE audit_log SET detail = ? WHERE seq = 25", '{"comment":"现场无异常"}')
    rechain(db, 25)
    return 25


def delete_and_renumber(db: Path) -> int:
    sql(db, "DELETE FROM audit_log WHERE seq = 25")
    sql(db, "UPDATE audit_log SET seq = seq - 1 WHERE seq > 25")
    rechain(db, 25)
    return 25


def cut_tail(db: Path) -> int:
    sql(db, "DELETE FROM audit_log WHERE seq > 35")
    return 36


def forged_append(db: Path) -> int:
    last = rows(db)[-1]
    row = {"seq": last["seq"] + 1, "at": last["at"], "station": "值班室-1", "actor": "lina", "action": "alarm.acked",
           "subject": "occ-forged", "detail": '{"key":"E1/GT-1101/HH","priority":1,"response_s":12}', "prev_hash": last["hash"]}
    row["hash"] = plain_hash(row)
    sql(db, "INSERT INTO audit_log (seq, at, station, actor, action, subject, detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?)",
        *(row[c] for c in ("seq", "at", "station", "actor", "action", "subject", "detail", "prev_hash", "hash")))
    return row["seq"]


TAMPERS = {"edit and rechain": edit_and_rechain, "delete and renumber": delete_and_renumber, "cut tail": cut_tail,
           "forged append": forged_append}


# -- a duty log: 20 entries from before the key, 20 written with it ----------------------------------
@pytest.fixture
def key_file(tmp_path) -> Path:
    path = tmp_path / "keys" / "audit.key"
    assert create_key_file(path)
    return path


@pytest.fixture
def keyed_log(db_path, key_file):
    engine = make_engine(f"sqlite:///{db_path}")
    migrations.upgrade(engine)
    append(engine, 0, 20)  # the old, unkeyed entries
    bind_key(engine, read_key_file(key_file))
    append(engine, 20, 19)  # the marker goes first: entries 21 (marker) to 40
    yield engine
    engine.dispose()


def append(engine, start: int, n: int) -> None:
    with Session(engine) as s, s.begin():
        for i in range(start, start + n):
            AuditLog(s).append("alarm.acked", f"occ-{i:03d}", "zhangwei", "值班室-1", {"key": f"E1/P-{i}/HH", "priority": 1}, T0 + i)


def test_keyed_hashing_begins_with_a_marker_and_the_old_entries_stay_unkeyed(keyed_log, db_path, key_file):
    stored = rows(db_path)
    assert len(stored) == 40 and stored[20]["action"] == "audit.keyed" and stored[20]["subject"] == "audit-key"
    key = read_key_file(key_file)
    assert json.loads(stored[20]["detail"]) == {"key_id": key_id(key), "mac": "HMAC-SHA256"}
    assert all(r["hash"] == plain_hash(r) for r in stored[:20]) and all(r["hash"] != plain_hash(r) for r in stored[20:])
    result = verify(keyed_log, key=key)
    assert (result.ok, result.entries, result.keyed_from, result.unkeyed, result.key_id) == (True, 40, 21, 20, key_id(key))
    blind = verify(keyed_log)  # without the key: the links of the keyed part only
    assert (blind.ok, blind.keyed_from, blind.unchecked, blind.key_checked) == (True, 21, 20, False)
    with Session(keyed_log) as s, s.begin():  # one marker only: later appends do not add another
        AuditLog(s).append("user.sign_in", "lina", "lina", "值班室-1", {}, T0 + 100)
    assert [r["action"] for r in rows(db_path)].count("audit.keyed") == 1


# What finds each tamper: (first entry that disagrees, kind), or None when it cannot.
BY_KEY = {"edit and rechain": (25, "forged"), "delete and renumber": (25, "forged"), "cut tail": None, "forged append": (41, "forged")}
BY_ANCHORS = {"edit and rechain": (30, "rewritten"), "delete and renumber": (30, "rewritten"), "cut tail": (36, "cut"),
              "forged append": None}


def found(result) -> tuple[int, str] | None:
    return None if result.ok else (result.first_bad_seq, result.kind)


@pytest.mark.parametrize("tamper", TAMPERS)
def test_each_tamper_is_found_with_the_key_and_with_anchors(tamper, keyed_log, db_path, key_file, capsys):
    key = read_key_file(key_file)
    anchors = [(30, rows(db_path)[29]["hash"]), anchor(keyed_log)]  # published by the console before the tamper
    assert verify(keyed_log, key=key, anchors=anchors).ok
    TAMPERS[tamper](db_path)

    assert found(verify(keyed_log, key=key)) == BY_KEY[tamper]
    assert found(verify(keyed_log, key=key, anchors=anchors)) == (BY_KEY[tamper] or BY_ANCHORS[tamper])  # both: every one
    url = f"sqlite:///{db_path}"
    code = main_verify(["--database-url", url, "--key-file", str(key_file), *(f"--anchor={q}:{h}" for q, h in anchors)])
    out = capsys.readouterr().out
    bad_seq = (BY_KEY[tamper] or BY_ANCHORS[tamper])[0]
    assert code == 1 and f"audit log BROKEN after {bad_seq - 1} intact entries: " in out
    assert main_verify(["--database-url", url, "--key-file", str(key_file)]) == (0 if tamper == "cut tail" else 1)
    if tamper == "cut tail":
        assert "NOT CHECKED — no anchors: a cut-off tail (the last entries deleted) cannot be detected" in capsys.readouterr().out


@pytest.mark.parametrize("tamper", TAMPERS)
def test_each_tamper_of_an_unkeyed_chain_is_found_with_anchors(tamper, db_path, capsys):
    """A duty log without a key (from before keys, or a workstation without one): the chain alone
    agrees with itself after every tamper; anchors find all but an entry forged after the latest."""
    engine = make_engine(f"sqlite:///{db_path}")
    try:
        migrations.upgrade(engine)
        append(engine, 0, 40)
        anchors = [(30, rows(db_path)[29]["hash"]), anchor(engine)]
        TAMPERS[tamper](db_path)
        assert verify(engine).ok  # the issue: every tamper verifies as intact without key and anchors
        assert found(verify(engine, anchors=anchors)) == BY_ANCHORS[tamper]
    finally:
        engine.dispose()
    code = main_verify(["--database-url", f"sqlite:///{db_path}", "--no-key", *(f"--anchor={q}:{h}" for q, h in anchors)])
    out = capsys.readouterr().out
    assert code == (0 if BY_ANCHORS[tamper] is None else 1)
    if tamper == "forged append":
        assert "entry 41 came after the latest anchor: had it been cut off, or rewritten" in out
    if BY_ANCHORS[tamper] == (30, "rewritten"):
        assert "entry 30 does not match the anchor: the log was rewritten at or before entry 30" in out


def test_verify_says_what_it_could_not_check(keyed_log, db_path, key_file, capsys):
    url = f"sqlite:///{db_path}"
    assert main_verify(["--database-url", url, "--no-key"]) == 0
    out = capsys.readouterr().out
    assert "audit log intact: 40 entries" in out
    assert ("NOT CHECKED — no key: entries 21–40 are keyed (key id " in out
            and "an entry altered with made-up hashes cannot be told from a genuine one without the key" in out)
    assert "entries 1–20 are unkeyed (written before the key)" in out
    assert "NOT CHECKED — no anchors: a cut-off tail (the last entries deleted) cannot be detected" in out

    tail = anchor(keyed_log)
    assert main_verify(["--database-url", url, "--key-file", str(key_file), "--anchor", f"30:{rows(db_path)[29]['hash']}"]) == 0
    out = capsys.readouterr().out
    assert f"key: entries 21–40 checked against key {key_id(read_key_file(key_file))} (HMAC-SHA-256)" in out
    assert "entries 1–20 are unkeyed (written before the key): they are protected by the keyed entries after them" in out
    assert "anchors: 1 used (given); the latest names entry 30, 1 found in the chain with their hash" in out
    assert "entries 31–40 came after the latest anchor" in out and "NOT CHECKED" not in out
    assert tail[0] == 40

    # A duty log from before keys: "unkeyed up to entry N", with or without the key.
    old = Path(str(db_path) + ".old.sqlite")
    engine = make_engine(f"sqlite:///{old}")
    migrations.upgrade(engine)
    append(engine, 0, 12)
    engine.dispose()
    assert main_verify(["--database-url", f"sqlite:///{old}", "--key-file", str(key_file)]) == 0
    out = capsys.readouterr().out
    assert "no entry is keyed: entries 1–12 are unkeyed" in out and "cannot be detected" in out
    assert main_verify(["--database-url", f"sqlite:///{old}", "--no-key"]) == 0
    assert "NOT CHECKED — no key: only the unkeyed chain was checked; a rewrite by someone with database access" in capsys.readouterr().out


def test_without_the_key_a_forgery_in_the_keyed_part_still_shows(keyed_log, db_path):
    """Someone without the key can only write plain SHA-256 hashes, and those give themselves away."""
    forged_append(db_path)
    result = verify(keyed_log)
    assert (result.ok, result.kind, result.first_bad_seq) == (False, "forged", 41)
    sql(db_path, "DELETE FROM audit_log WHERE seq = 41")
    marker = rows(db_path)[20]  # the marker made to look like an unkeyed start, with the documented algorithm
    marker["detail"] = '{"key_id":"0000000000000000"}'
    sql(db_path, "UPDATE audit_log SET detail = ?, hash = ? WHERE seq = 21", marker["detail"], plain_hash(marker))
    result = verify(keyed_log)
    assert (result.ok, result.kind, result.first_bad_seq) == (False, "forged", 21)
    assert result.problem == "entry 21 was forged: it says keyed hashing begins there but is not keyed"


def test_a_wrong_key_is_named_as_such(keyed_log, tmp_path, db_path, capsys):
    other = tmp_path / "other.key"
    create_key_file(other)
    assert main_verify(["--database-url", f"sqlite:///{db_path}", "--key-file", str(other)]) == 1
    out = capsys.readouterr().out
    assert f"but the key given has id {key_id(read_key_file(other))}: another key" in out


def test_signed_anchors_and_forged_ones(key_file, tmp_path):
    key = read_key_file(key_file)
    signed = audit_anchor.make(40, "ab" * 32, "值班室-1", T0, key)
    assert signed.alg == audit_anchor.ED25519 and signed.key_id == key_id(key)  # `cryptography` is in the venv
    decoded = audit_anchor.decode(audit_anchor.encode(signed), "topic")
    assert audit_anchor.check_signature(decoded, key) == "good"
    public = audit_anchor.anchor_public_key(key)
    assert audit_anchor.check_signature(decoded, None, public) == "good"  # an auditor with the public key only
    assert audit_anchor.check_signature(decoded, None) == "unchecked"
    moved = audit_anchor.decode(audit_anchor.encode(signed).replace(b'"seq":40', b'"seq":35'))
    assert audit_anchor.check_signature(moved, key) == "bad"
    other = audit_anchor.make(40, "ab" * 32, "值班室-1", T0, b"x" * 40)
    assert audit_anchor.check_signature(other, key) == "bad"
    assert audit_anchor.check_signature(audit_anchor.make(1, "cd" * 32, "s", T0, None), key) == "unsigned"
    kept = tmp_path / "anchors.txt"
    kept.write_text(f"# from the handover reports\n12:{'ef' * 32}\ndc/v1/consoles/s/anchor {audit_anchor.encode(signed).decode()}\n",
                    encoding="utf-8")
    assert [(a.seq, a.alg) for a in audit_anchor.read_file(kept)] == [(12, ""), (40, "ed25519")]


# -- the console: key from its config folder, anchors on the broker ---------------------------------
def console_key(tmp_path) -> Path:
    """The key where the installer puts it: beside the settings, in the (test's own) config folder."""
    from console.infrastructure.audit_key import default_key_file

    path = default_key_file()
    assert create_key_file(path) and stat.S_IMODE(path.stat().st_mode) == 0o600
    return path


def test_anchors_on_the_broker_within_the_interval_and_after_a_handover(qtbot, make_settings, broker, publisher, db_path, tmp_path,
                                                                       caplog, capsys):
    caplog.set_level(logging.DEBUG)
    key_path = console_key(tmp_path)
    key = read_key_file(key_path)
    interval_s = 2  # the bound asserted below: two intervals and 5 s more, for a loaded machine
    console = RunningConsole(qtbot, make_settings(**{"audit.anchor_interval_s": interval_s}), users=USERS)
    try:
        core = console.core
        console.sign_in()  # an entry (user.sign_in): keyed, after the marker
        with qtbot.waitSignal(core.anchors.published, timeout=(2 * interval_s + 5) * 1000, check_params_cb=lambda a: a.seq >= 2):
            pass
        with qtbot.waitSignal(core.anchors.published, timeout=(2 * interval_s + 5) * 1000) as periodic:  # the timer's
            pass
        assert periodic.args[0].alg == "ed25519" and periodic.args[0].key_id == key_id(key) and periodic.args[0].seq >= 2

        handover = core.handover
        with qtbot.waitSignal(handover.report_ready, timeout=10_000):
            assert handover.start()
        with qtbot.waitSignal(handover.outgoing_signed, timeout=10_000):
            handover.sign_outgoing("pw-zhang")
        before = console.run_db(lambda log: anchor(log.s))[0]
        with qtbot.waitSignal(core.anchors.published, timeout=10_000, check_params_cb=lambda a: a.seq > before):
            handover.sign_incoming("lina", "pw-lina")
        handover_seq = console.run_db(lambda log: log.s.execute(
            text("SELECT MAX(seq) FROM audit_log WHERE action = 'duty.handover'")).scalar_one())
        assert handover_seq > before
        qtbot.waitUntil(lambda: _retained_seq(broker) >= handover_seq, timeout=5_000)

        # What a new subscriber gets from the broker: the retained anchor, signed, naming the chain's entry.
        found = read_anchors(BrokerAccess(broker.host, broker.port), "dc/v1/consoles/+/anchor")
        assert [a.station for a in found.anchors] == ["test-station"] and found.malformed == []
        retained = found.anchors[0]
        assert audit_anchor.check_signature(retained, key) == "good" and retained.seq >= handover_seq
        assert console.run_db(lambda log: anchor(log.s))[0] >= retained.seq
    finally:
        console.close()

    url = f"sqlite:///{db_path}"
    capsys.readouterr()
    assert main_verify(["--database-url", url, "--broker", f"mqtt://{broker.host}:{broker.port}"]) == 0  # the configured key
    out = capsys.readouterr().out
    assert "audit log intact" in out and "anchors: 1 used (test-station)" in out and "NOT CHECKED" not in out

    # The tail cut (and the console no longer running to publish again): the broker's anchor shows it.
    last = rows(db_path)[-1]["seq"]
    sql(db_path, "DELETE FROM audit_log WHERE seq >= ?", handover_seq)
    assert main_verify(["--database-url", url, "--broker", f"mqtt://{broker.host}:{broker.port}"]) == 1
    assert f"missing (deleted): the log ends at entry {handover_seq - 1} but the anchor names entry {retained.seq}" in capsys.readouterr().out
    assert last >= retained.seq

    # A false anchor put on the broker by someone who can publish there but has no key: rejected.
    fake = audit_anchor.make(handover_seq - 1, rows(db_path)[-1]["hash"], "test-station", T0, b"guessed-key-guessed-key-guessed-key!")
    publisher.publish("dc/v1/consoles/test-station/anchor", audit_anchor.encode(fake), retain=True)
    assert main_verify(["--database-url", url, "--broker", f"mqtt://{broker.host}:{broker.port}"]) == 1
    assert "REJECTED: its signature does not hold" in capsys.readouterr().out

    # The key is nowhere but in its file: not in the duty log, the log output, or the chain.
    secret_text = key.decode()
    assert key not in db_path.read_bytes() and secret_text not in caplog.text
    assert all(secret_text not in json.dumps(r, ensure_ascii=False) for r in rows(db_path))
    for path in tmp_path.rglob("*"):
        if path.is_file() and path != key_path:
            assert key not in path.read_bytes(), path


def _retained_seq(broker) -> int:
    found = read_anchors(BrokerAccess(broker.host, broker.port), "dc/v1/consoles/+/anchor", quiet_s=0.2)
    return max((a.seq for a in found.anchors), default=-1)


def test_audit_key_command_makes_a_key_once_and_refuses_one_for_a_log_keyed_elsewhere(tmp_path, db_path, key_file, keyed_log, capsys):
    settings = tmp_path / "ws2" / "settings.toml"
    settings.parent.mkdir()
    settings.write_text(f'[database]\nurl = "sqlite:///{db_path}"\n', encoding="utf-8")
    assert main_key(["--create"], settings_path=settings) == 2  # the log is keyed with key_file's key
    assert "the duty log is keyed already (key id " in capsys.readouterr().err and not (settings.parent / "audit.key").exists()
    (settings.parent / "audit.key").write_bytes(key_file.read_bytes())  # the IT person copies it
    (settings.parent / "audit.key").chmod(0o600)
    assert main_key([], settings_path=settings) == 0
    out = capsys.readouterr().out
    assert f"key id {key_id(read_key_file(key_file))}" in out and read_key_file(key_file).decode() not in out
    assert "anchor public key (Ed25519) " in out

    fresh = tmp_path / "ws3" / "settings.toml"
    fresh.parent.mkdir()
    fresh.write_text(f'[database]\nurl = "sqlite:///{tmp_path / "new.sqlite"}"\n', encoding="utf-8")
    assert main_key(["--create"], settings_path=fresh) == 0
    made = fresh.parent / "audit.key"
    assert stat.S_IMODE(made.stat().st_mode) == 0o600 and len(read_key_file(made)) == 64
    before = made.read_bytes()
    assert main_key(["--create"], settings_path=fresh) == 0 and made.read_bytes() == before  # never overwritten


def test_postgresql_chain_keyed_the_same_way(pg_url, key_file):
    engine = make_engine(pg_url)
    try:
        migrations.upgrade(engine)
        append(engine, 0, 5)
        key = read_key_file(key_file)
        bind_key(engine, key)
        append(engine, 5, 5)
        result = verify(engine, key=key)
        assert (result.ok, result.keyed_from, result.entries) == (True, 6, 11)
        with Session(engine) as s, s.begin():  # a forged entry appended with the documented algorithm
            last = s.execute(text("SELECT seq, hash, at FROM audit_log ORDER BY seq DESC LIMIT 1")).one()
            at_iso = iso_utc(last.at)
            digest = entry_hash(last.hash, last.seq + 1, at_iso, "st", "lina", "alarm.acked", "occ-x", "{}")
            s.execute(text(
                "INSERT INTO audit_log (seq, at, station, actor, action, subject, detail, prev_hash, hash) "
                "VALUES (:q, :at, 'st', 'lina', 'alarm.acked', 'occ-x', '{}', :p, :h)"), {"q": last.seq + 1, "at": last.at, "p": last.hash, "h": digest})
        result = verify(engine, key=key)
        assert (result.ok, result.kind, result.first_bad_seq) == (False, "forged", 12)
    finally:
        engine.dispose()


def test_the_review_checks_keyed_entries_with_the_key(keyed_log, db_path):
    """The alarm's drill-down in the review (log_query.audit_status) knows the keyed part too."""
    from console.services.review.log_query import audit_status

    with keyed_log.connect() as conn:
        assert audit_status(conn, "occ-025").ok and audit_status(conn, "occ-005").ok
    row = rows(db_path)[26]  # seq 27, occ-025 (after the marker at 21), rewritten with the documented algorithm
    row["detail"] = '{"key":"E1/P-25/HH","priority":4}'
    assert row["subject"] == "occ-025"
    sql(db_path, "UPDATE audit_log SET detail = ?, hash = ? WHERE seq = 27", row["detail"], plain_hash(row))
    with keyed_log.connect() as conn:
        status = audit_status(conn, "occ-025")
    assert not status.ok and status.problems[0] == "entry 27: content does not match its keyed hash (altered or forged)"


def test_unsigned_anchors_are_used_and_said_to_be_unsigned(db_path, broker, publisher, capsys):
    """A console without a key publishes unsigned anchors: they still show a cut tail, and the
    report says anyone able to publish could have put them there."""
    engine = make_engine(f"sqlite:///{db_path}")
    try:
        migrations.upgrade(engine)
        append(engine, 0, 10)
        seq, digest = anchor(engine)
    finally:
        engine.dispose()
    unsigned = audit_anchor.make(seq, digest, "ws-2", T0, None)
    publisher.publish("dc/v1/consoles/ws-2/anchor", audit_anchor.encode(unsigned), retain=True)
    url, broker_url = f"sqlite:///{db_path}", f"mqtt://{broker.host}:{broker.port}"
    assert main_verify(["--database-url", url, "--no-key", "--broker", broker_url]) == 0
    out = capsys.readouterr().out
    assert "anchors: 1 used (ws-2); the latest names entry 10" in out
    assert "anchor 10 from dc/v1/consoles/ws-2/anchor is not signed: anyone able to publish on the broker could have put it there" in out
    sql(db_path, "DELETE FROM audit_log WHERE seq > 8")
    assert main_verify(["--database-url", url, "--no-key", "--broker", broker_url]) == 1
    assert "entries 9–10 are missing (deleted)" in capsys.readouterr().out
    publisher.publish("dc/v1/consoles/ws-2/anchor", b"", retain=True)  # the retained anchor deleted: nothing shows it
    assert main_verify(["--database-url", url, "--no-key", "--broker", broker_url]) == 0
    assert "NOT CHECKED — the broker has no anchor: a cut-off tail" in capsys.readouterr().out
