"""Knows when alarms may have been missed and closes the gap (protocol revision 2, docs/protocol.md).

- The console back on the broker without the session it had (the broker lost it): an urgent
  system alarm "alarms may have been missed" with the gap's start and end, an audit entry
  ``link.gap``, and a replay request to every gateway known. The alarm returns to normal once
  every one of them has answered with all it was asked for.
- Any outage of the console's link: what happened meanwhile arrives late (``LateAlarms``), and
  every gateway is asked for what it sent since (the broker may have kept the session, the
  gateways may not have).
- A gateway's death (its last will): a communication alarm of its enterprise at once; its
  rebirth returns it to normal and asks it for what it held meanwhile. A gateway met for the
  first time is asked for its active alarms.
- A gap in a gateway's sequence numbers: a quality alarm of its enterprise that says how many
  alarm events are missing, and a replay request from the first missing number. It returns to
  normal when the gateway has answered.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from typing import Callable

from PySide6.QtCore import QCoreApplication, QObject

from console.domain.alarms import AlarmBook, AlarmRaise, Priority, alarm_key
from console.domain.link_state import LinkState
from console.domain.protocol import GatewayState, ReplayDone, ReplayRequest, Topics, encode_replay_request
from console.domain.sequence import SequenceGap
from console.domain.system_alarms import SystemAlarms, gap_text
from console.infrastructure.store.audit import iso_utc
from console.infrastructure.store.schema import utc
from console.services.intake import Intake

log = logging.getLogger("console.services.gap_closer")

NEW_SESSION = "new session"  # BrokerLink's detail of a connection without the session we had
GATEWAY_LOST_CONDITION = "COMM"  # {enterprise}/{gateway}/COMM: the gateway is gone (its last will)
SEQUENCE_GAP_CONDITION = "SUSPECT"  # {enterprise}/{gateway}/SUSPECT: numbered alarm events missing
# Both medium, like the enterprise's communication alarm of the silence timeout (console.domain.evaluation):
# the operator must see them; the urgent one is the console's own "alarms may have been missed".
LINK_PRIORITY = Priority.MEDIUM
# Ask for this much more than the outage: the broker may have taken an alarm event from a
# gateway shortly before it died without passing it on (duplicates are ignored).
REPLAY_MARGIN_S = 30.0

Gateway = tuple[str, str]  # (enterprise, gateway)


@dataclass
class _Known:
    online: bool = True
    lost_since: float | None = None  # contact lost (its death, or the console's outage) and not yet made good
    noticed: float = 0.0  # when the console noticed the latest loss: only answers to requests made since count
    asked: dict[str, tuple[str, float]] = field(default_factory=dict)  # request id → (what for: "since", "seq", "active"; when)


class GapCloser(QObject):
    def __init__(self, book: AlarmBook, intake: Intake, system: SystemAlarms, topics: Topics, station: str,
                 publish: Callable[[str, bytes], None], clock: Callable[[], float],
                 audit: Callable[[str, str, dict], None], parent: QObject | None = None) -> None:
        """``publish(topic, payload)`` at QoS 1; ``audit(action, actor, detail)`` appends to the audit chain."""
        super().__init__(parent)
        self._book = book
        self._intake = intake
        self._system = system
        self._topics = topics
        self._station = station
        self._publish = publish
        self._clock = clock
        self._audit = audit
        self._gateways: dict[Gateway, _Known] = {}
        self._connected_before = False
        self._connected = False
        self._lost_at: float | None = None
        self._late_from = 0.0  # alarm events from then on, arriving after the outage, are late
        self.gap_open = False  # the gap alarm is up and gateways still owe their answers
        self._owing: set[Gateway] = set()
        self._gap_at = 0.0  # when the gap alarm was raised: only answers to later requests close it
        self.requests = 0  # replay requests published
        intake.gateway_state.connect(self.on_gateway_state)
        intake.sequence_gap.connect(self.on_sequence_gap)
        intake.replay_done.connect(self.on_replay_done)

    def gateways(self) -> list[Gateway]:
        """The gateways of revision 2 met so far (by their birth or death), (enterprise, gateway)."""
        return list(self._gateways)

    def owing(self) -> set[Gateway]:
        """The gateways that have not yet answered for the open gap."""
        return set(self._owing)

    # -- the console's own link ---------------------------------------------------------
    def on_link_state(self, state: LinkState, detail: str) -> None:
        """Slot for BrokerLink.state_changed."""
        now = self._clock()
        if state is LinkState.CONNECTED:
            self._connected = True
            if self._connected_before and self._lost_at is not None:
                self._after_outage(self._lost_at, now, new_session=detail == NEW_SESSION)
            self._connected_before = True
            self._lost_at = None
        elif self._connected and state in (LinkState.DISCONNECTED, LinkState.CONNECTING):
            self._connected = False
            self._lost_at = now
            # Late is whatever happened after the last message that still arrived: the link may
            # have died a moment before anyone noticed.
            last = self._intake.last_received
            self._late_from = now if last is None else min(now, last)
            self._intake.late.outage_began(self._late_from)
            for known in self._gateways.values():
                known.noticed = now
                if known.lost_since is None:
                    known.lost_since = self._late_from

    def _after_outage(self, start: float, end: float, new_session: bool) -> None:
        self._intake.late.outage(min(start, self._late_from), end)
        if new_session:
            log.warning("back on the broker without our session (it was lost): alarms from %s to %s may have been missed; "
                        "asking %d gateways for them", iso_utc(utc(start)), iso_utc(utc(end)), len(self._gateways))
            self._system.alarms_may_be_missed(start, end)
            self._audit("link.gap", "", {"start": iso_utc(utc(start)), "end": iso_utc(utc(end)), "session": "new",
                                         "gateways": len(self._gateways), "text": gap_text(start, end)})
            self.gap_open = True
            self._gap_at = end
            self._owing = set(self._gateways)
        for gateway, known in self._gateways.items():
            if known.lost_since is None:
                known.lost_since = start
            self._ask(gateway, "since", since=known.lost_since)
        self._close_if_done()

    # -- gateways -------------------------------------------------------------------------
    def on_gateway_state(self, state: GatewayState) -> None:
        gateway = (state.enterprise, state.gateway)
        key = alarm_key(state.enterprise, state.gateway, GATEWAY_LOST_CONDITION)
        known = self._gateways.get(gateway)
        now = self._clock()
        if not state.online:
            if known is None:
                known = self._gateways[gateway] = _Known()
            if known.online or self._book.get(key) is None:
                log.warning("gateway %s of %s is gone (its last will)", state.gateway, state.enterprise)
                text = QCoreApplication.translate("GapCloser", "Gateway %1 offline: no alarms arrive from it").replace("%1", state.gateway)
                self._book.raise_alarm(AlarmRaise(state.enterprise, state.gateway, GATEWAY_LOST_CONDITION, LINK_PRIORITY, now, text=text))
            known.online = False
            known.noticed = now
            if known.lost_since is None:
                known.lost_since = now
            return
        self._book.clear_alarm(key, now)
        if known is None:
            known = self._gateways[gateway] = _Known()
            if self.gap_open:
                self._owing.add(gateway)
        if known.lost_since is None and gateway in self._owing:
            known.lost_since = self._lost_since_of_gap()
        known.online = True
        if known.lost_since is not None:
            self._ask(gateway, "since", since=known.lost_since)
        else:
            self._ask(gateway, "active")

    def _lost_since_of_gap(self) -> float | None:
        since = [k.lost_since for k in self._gateways.values() if k.lost_since is not None]
        return min(since) if since else self._late_from

    def on_sequence_gap(self, gap: SequenceGap) -> None:
        log.warning("%d alarm events missing from gateway %r of %s (numbers %d to %d)", gap.missing, gap.gateway, gap.enterprise,
                    gap.first_missing, gap.received - 1)
        text = QCoreApplication.translate("GapCloser", "%1 alarm messages missing from gateway %2 of %3 (sequence %4 to %5)")
        for n, value in enumerate((gap.missing, gap.gateway or "-", gap.enterprise, gap.first_missing, gap.received - 1), start=1):
            text = text.replace(f"%{n}", str(value))
        self._book.raise_alarm(AlarmRaise(gap.enterprise, gap.gateway or "gateway", SEQUENCE_GAP_CONDITION, LINK_PRIORITY,
                                          self._clock(), text=text))
        gateway = (gap.enterprise, gap.gateway)
        self._gateways.setdefault(gateway, _Known())
        self._ask(gateway, "seq", from_seq=gap.first_missing)

    def on_replay_done(self, done: ReplayDone) -> None:
        gateway = (done.enterprise, done.gateway)
        known = self._gateways.get(gateway)
        if known is None:
            return
        asked = known.asked.pop(done.request, None)
        if asked is None:
            return  # another workstation's request
        what, asked_at = asked
        log.info("gateway %s of %s answered (%s): %d alarm events again, %d active%s", done.gateway, done.enterprise, what,
                 done.sent, done.active, "" if done.complete else "; its buffer did not reach back far enough")
        if what == "seq":
            self._book.clear_alarm(alarm_key(done.enterprise, done.gateway or "gateway", SEQUENCE_GAP_CONDITION), self._clock())
        if what == "since" and done.complete:
            # An answer counts only for a request made after the contact was lost (an older one's
            # answer may have waited out the outage in the broker or the gateway).
            if known.lost_since is not None and asked_at >= known.noticed:
                known.lost_since = None
            if asked_at >= self._gap_at:
                self._owing.discard(gateway)
        if not done.complete:
            self._audit("link.replay_incomplete", "", {"enterprise": done.enterprise, "gateway": done.gateway})
        self._close_if_done()

    def _close_if_done(self) -> None:
        if self.gap_open and not self._owing:
            self.gap_open = False
            log.info("every gateway sent what it held: the gap is closed")
            self._system.gap_closed()

    def _ask(self, gateway: Gateway, what: str, since: float | None = None, from_seq: int | None = None) -> None:
        if not self._connected:
            return  # asked again on the gateway's birth or once the link is back
        start = since - REPLAY_MARGIN_S if what == "since" and since is not None else None
        request = ReplayRequest(uuid.uuid4().hex[:16], self._station, start, from_seq, gateway[1], active=what != "seq")
        known = self._gateways.setdefault(gateway, _Known())
        known.asked[request.request] = (what, self._clock())
        if len(known.asked) > 64:  # never answered (a first-revision gateway): forget the oldest
            known.asked.pop(next(iter(known.asked)))
        self.requests += 1
        self._publish(self._topics.replay_request(gateway[0]), encode_replay_request(request, self._clock()))
