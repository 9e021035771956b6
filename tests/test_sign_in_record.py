"""Nothing secret in the record: a sign-in refused under a name that is no account's (perhaps a
password typed into the name field) records that the name was unknown and a salted fingerprint,
never the text typed — in the audit chain and in the log; a known name is recorded as it is."""

from __future__ import annotations

import json
import logging

from sqlalchemy import select

from console.domain.redact import failed_name, name_fingerprint
from console.infrastructure import secrets
from console.infrastructure.store.audit import audit_table, verify

TYPED_PASSWORD = "Tr0ub4dor&3-typed-as-name"


def audit_rows(console) -> list[dict]:
    t = audit_table
    return console.run_db(lambda log: [dict(r._mapping) for r in log.s.execute(select(t).order_by(t.c.seq))])


def fail_sign_in(console, qtbot, name: str, password: str) -> None:
    bar = console.window.sign_in
    bar.user.setText(name)
    bar.password.setText(password)
    with qtbot.waitSignal(console.core.desk.sign_in_failed, timeout=10_000):
        bar.sign_in_button.click()


def test_an_unknown_name_is_recorded_as_a_fingerprint_never_as_typed(console, qtbot, caplog):
    caplog.set_level(logging.INFO)
    fail_sign_in(console, qtbot, TYPED_PASSWORD, "whatever")
    fail_sign_in(console, qtbot, TYPED_PASSWORD, "again")
    fail_sign_in(console, qtbot, "someone-else", "x")
    fail_sign_in(console, qtbot, "zhangwei", "wrong-password")  # a known name: recorded
    qtbot.waitUntil(lambda: len([r for r in audit_rows(console) if r["action"] == "user.sign_in_failed"]) == 4, timeout=10_000)

    failed = [r for r in audit_rows(console) if r["action"] == "user.sign_in_failed"]
    unknown = [json.loads(r["detail"]) for r in failed[:3]]
    assert [(r["actor"], r["subject"]) for r in failed[:3]] == [("", "")] * 3
    assert all(d["unknown_name"] is True and len(d["name_fingerprint"]) == 16 for d in unknown)
    assert unknown[0]["name_fingerprint"] == unknown[1]["name_fingerprint"] != unknown[2]["name_fingerprint"]
    assert (failed[3]["actor"], failed[3]["subject"], json.loads(failed[3]["detail"])) == ("zhangwei", "zhangwei", {})
    # The fingerprint is keyed with this installation's salt from the secret store, not a plain hash.
    salt = secrets.installation_salt()
    assert unknown[0]["name_fingerprint"] == name_fingerprint(salt, TYPED_PASSWORD)
    everything = json.dumps(audit_rows(console), default=str) + caplog.text
    assert TYPED_PASSWORD not in everything and "someone-else" not in everything
    assert "failed sign-in under an unknown name" in caplog.text and "failed sign-in as 'zhangwei'" in caplog.text
    assert console.run_db(lambda log: verify(log.s)).ok


def test_the_salt_is_made_once_per_installation_and_kept(tmp_path):
    store = secrets.FileStore(tmp_path / "secrets.json")
    first = secrets.installation_salt(store)
    assert len(first) == 32 and secrets.installation_salt(store) == first
    assert (tmp_path / "secrets.json").stat().st_mode & 0o077 == 0
    other = secrets.installation_salt(secrets.FileStore(tmp_path / "other.json"))
    assert name_fingerprint(first, "lina") != name_fingerprint(other, "lina")
    assert failed_name("  lina ", True, first) == ("lina", {})
    assert failed_name("x" * 300, False, first)[0] == ""
