"""The audit check ``duty-console audit verify`` runs: the chain against the key and the anchors,
and a report saying what was found, what was checked and — plainly — what could not be.

Anchors come from the person checking (``SEQ:HASH`` from a handover report: trusted as given) or
as signed messages (from the broker, or kept in a file). A signed anchor whose signature does not
hold is not used and counts as tampering (someone published a false one); an unsigned one, or one
whose signature cannot be checked here, is used and the report says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from sqlalchemy import Connection

from console.infrastructure import audit_anchor
from console.infrastructure.audit_key import AuditKey
from console.infrastructure.store.audit import VerifyResult, verify


@dataclass(frozen=True)
class AuditReport:
    result: VerifyResult
    lines: list[str]  # the result first, then what was checked and what was not
    rejected: list[str] = field(default_factory=list)  # anchors refused: their signature does not hold

    @property
    def tampered(self) -> bool:
        return not self.result.ok or bool(self.rejected)

    @property
    def exit_code(self) -> int:
        return 1 if self.tampered else 0


def check(conn: Connection, source: str, key: AuditKey | None, anchors: Iterable[audit_anchor.Anchor], public_key: str = "",
          broker_asked: bool = False) -> AuditReport:
    """Verify the chain on ``conn`` (``source`` names it in the first line)."""
    secret = key.secret if key is not None else None
    used: list[audit_anchor.Anchor] = []
    rejected: list[str] = []
    notes: list[str] = []
    for anchor in anchors:
        status = audit_anchor.check_signature(anchor, secret, public_key) if anchor.message else "given"
        where = anchor.source or "given"
        if status == "bad":
            rejected.append(f"anchor {anchor.seq} from {where} REJECTED: its signature does not hold "
                            f"(a forged anchor, or one signed with another key: key id {anchor.key_id or '?'})")
            continue
        used.append(anchor)
        if status == "unsigned":
            notes.append(f"anchor {anchor.seq} from {where} is not signed: anyone able to publish on the broker could have put it there")
        elif status == "unchecked":
            notes.append(f"anchor {anchor.seq} from {where}: its signature ({anchor.alg}) could not be checked without the key")
    result = verify(conn, key=secret, anchors=[(a.seq, a.hash) for a in used])
    lines = [f"{source}: {result}", *rejected, *_key_lines(result, key), *_anchor_lines(result, used, broker_asked), *notes]
    return AuditReport(result, lines, rejected)


def _last(result: VerifyResult) -> int:
    return result.tail[0] if result.tail is not None else result.entries


def _key_lines(result: VerifyResult, key: AuditKey | None) -> list[str]:
    last = _last(result)
    if not last:
        return []
    if key is not None:
        if result.keyed_from is None:
            return [f"key {key.id} given, but no entry is keyed: entries 1–{last} are unkeyed (written before a key was set up), so a "
                    "rewrite of them by someone with database access cannot be detected; nor can a keyed chain cut back to "
                    "before its keyed part began (anchors can)"]
        lines = [f"key: entries {result.keyed_from}–{last} checked against key {key.id} (HMAC-SHA-256)"]
        if result.keyed_from > 1:
            lines.append(f"entries 1–{result.keyed_from - 1} are unkeyed (written before the key): they are protected by the keyed "
                         f"entries after them, which chain onto them")
        return lines
    if result.keyed_from is None:
        return ["NOT CHECKED — no key: only the unkeyed chain was checked; a rewrite by someone with database access "
                "(entries changed and the chain recomputed, entries deleted and renumbered, entries forged) cannot be detected "
                "(--key-file)"]
    lines = [f"NOT CHECKED — no key: entries {result.keyed_from}–{last} are keyed (key id {result.key_id or '?'}) and only their "
             "links were checked; an entry altered with made-up hashes cannot be told from a genuine one without the key (--key-file)"]
    if result.keyed_from > 1:
        lines.append(f"entries 1–{result.keyed_from - 1} are unkeyed (written before the key)")
    return lines


def _anchor_lines(result: VerifyResult, used: list[audit_anchor.Anchor], broker_asked: bool) -> list[str]:
    if not used:
        where = "the broker has no anchor" if broker_asked else "no anchors"
        return [f"NOT CHECKED — {where}: a cut-off tail (the last entries deleted) cannot be detected (--anchor, --anchor-file, --broker)"]
    latest = max(a.seq for a in used)
    stations = sorted({a.station for a in used if a.station})
    lines = [f"anchors: {len(used)} used ({', '.join(stations) if stations else 'given'}); the latest names entry {latest}, "
             f"{len(result.anchors_matched)} found in the chain with their hash"]
    last = _last(result)
    if result.ok and last > latest:
        after = f"entry {last} came" if last == latest + 1 else f"entries {latest + 1}–{last} came"
        lines.append(f"{after} after the latest anchor: had it been cut off, or rewritten by someone holding the key, no anchor "
                     "would show it")
    return lines
