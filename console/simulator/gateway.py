"""One simulated plant gateway speaking protocol revision 2 (docs/protocol.md): birth and death,
numbered alarm events, a bounded buffer, holding while no console is online, replay on request.

Each gateway has its own MQTT session, so that its last will ("offline", retained) tells the
consoles at once when it vanishes. The simulator's main thread hands it alarm events and
readings; paho's network thread answers the consoles' requests. One lock guards the state both
touch.
"""

from __future__ import annotations

import logging
import secrets
import ssl
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Any, Callable

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from console.domain import protocol
from console.domain.alarms import AlarmRaise
from console.domain.broker_url import BrokerAddress

log = logging.getLogger("console.simulator.gateway")

NODE = "SIM"  # the gateway's code in its birth, death and alarm events ("gw")
BUFFER = 10_000  # alarm events kept for replay (the oldest go first)
KEEPALIVE_S = 5
RECONNECT_S = (0.5, 2.0)  # back within 2 s of the broker's return, however long it was away


@dataclass(frozen=True)
class Sent:
    """One alarm event as the gateway numbered it."""

    seq: int
    event: AlarmRaise
    active: bool


class EdgeGateway:
    """The gateway of one enterprise. ``hold_without_console``: hold alarm events while consoles
    are known (their retained state was seen) but none is online."""

    def __init__(self, address: BrokerAddress, enterprise: str, topics: protocol.Topics, code: str = NODE,
                 buffer: int = BUFFER, clock: Callable[[], float] = time.time, keepalive_s: int = KEEPALIVE_S) -> None:
        self.enterprise = enterprise
        self.code = code
        self._address = address
        self._topics = topics
        self._clock = clock
        self._lock = threading.Lock()
        self._next_seq = 0
        self._buffer: deque[Sent] = deque(maxlen=buffer)
        self._dropped_until: float | None = None  # time of the newest event the buffer lost
        self._held: list[tuple[Sent, bool]] = []  # to be sent, in number order; True: held (it goes out late)
        self._sending = threading.Lock()  # one sender at a time, so that numbers go out in order
        self._active: dict[str, Sent] = {}
        self._consoles: dict[str, bool] = {}  # station → online (retained state seen since our connection)
        self._consoles_seen = False
        self._connected = False
        self.replays = 0  # replay requests answered
        self.connected = threading.Event()
        self._state_topic = topics.gateway_state(enterprise, code)
        client_id = f"dc-gw-{enterprise}-{secrets.token_hex(3)}"[:64]
        self.client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id, protocol=mqtt.MQTTv311)
        if address.username:
            self.client.username_pw_set(address.username, address.password or None)
        if address.tls:
            self.client.tls_set(cert_reqs=ssl.CERT_REQUIRED)  # system CA store
        self.client.will_set(self._state_topic, protocol.encode_gateway_state(False), qos=1, retain=True)
        self.client.reconnect_delay_set(*RECONNECT_S)  # type: ignore[arg-type]  # paho takes floats too
        self.client.on_connect = self._on_connect
        self.client.on_disconnect = self._on_disconnect
        self.client.on_message = self._on_message
        self._keepalive = keepalive_s

    # -- life ------------------------------------------------------------------------------
    def start(self) -> None:
        """Connect in the background (paho's thread); ``connected`` is set on the first session."""
        self.client.connect_async(self._address.host, self._address.port, keepalive=self._keepalive)
        self.client.loop_start()

    def stop(self) -> None:
        """Orderly end: the death message first (as the last will would say), then disconnect."""
        if self._connected:
            self.client.publish(self._state_topic, protocol.encode_gateway_state(False, self._clock()), qos=1, retain=True)
        self.client.disconnect()
        self.client.loop_stop()

    @property
    def holding(self) -> bool:
        """Alarm events are held (not published) now."""
        with self._lock:
            return self._holding()

    def _holding(self) -> bool:
        return not self._connected or (self._consoles_seen and not any(self._consoles.values()))

    def backlog(self) -> int:
        """Packets paho has queued but not yet written (a private attribute; 0 if it goes away)."""
        return len(getattr(self.client, "_out_packet", ()))

    # -- what the plant produces (the simulator's thread) ------------------------------------
    def alarm(self, event: AlarmRaise, active: bool) -> Sent:
        """Number an alarm event, keep it, and publish it unless holding."""
        with self._lock:
            sent = Sent(self._next_seq, event, active)
            self._next_seq = (self._next_seq + 1) % protocol.SEQ_MODULUS
            if len(self._buffer) == self._buffer.maxlen:
                self._dropped_until = self._buffer[0].event.at
            self._buffer.append(sent)
            if active:
                self._active[event.key] = sent
            else:
                self._active.pop(event.key, None)
            self._held.append((sent, self._holding()))  # in number order, whoever sends it
        self._flush_if_free()
        return sent

    def readings(self, gateway: str, values: list[tuple[str, float]], at: float) -> bool:
        """One batch of readings (QoS 0: not kept, not numbered). False when not connected."""
        info = self.client.publish(self._topics.readings(self.enterprise, gateway), protocol.encode_readings(values, at), qos=0)
        return info.rc == mqtt.MQTT_ERR_SUCCESS

    def _send(self, sent: Sent, replay: bool = False, numbered: bool = True) -> None:
        payload = protocol.encode_alarm(sent.event, sent.active, seq=sent.seq if numbered else None, gateway=self.code, replay=replay)
        self.client.publish(self._topics.alarm(self.enterprise, sent.event.point), payload, qos=1)

    # -- paho's thread ---------------------------------------------------------------------
    def _on_connect(self, client: mqtt.Client, userdata: Any, flags: Any, reason: Any, props: Any) -> None:
        if reason.is_failure:
            log.error("gateway %s: broker refused the connection: %s", self.enterprise, reason)
            return
        client.subscribe(self._topics.gateway_subscriptions(self.enterprise))
        with self._lock:
            self._connected = True
            self._consoles.clear()  # their state is read again from the broker
            birth = protocol.encode_gateway_state(True, self._clock(), self._next_seq)
        client.publish(self._state_topic, birth, qos=1, retain=True)
        self._flush_if_free()
        self.connected.set()

    def _on_disconnect(self, client: mqtt.Client, userdata: Any, flags: Any, reason: Any, props: Any) -> None:
        with self._lock:
            self._connected = False
        if reason.is_failure:
            log.warning("gateway %s lost the broker (%s); holding its alarms", self.enterprise, reason)

    def _on_message(self, client: mqtt.Client, userdata: Any, message: mqtt.MQTTMessage) -> None:
        try:
            if message.topic.endswith("/state"):
                self._console_state(message.topic, bytes(message.payload))
            else:
                self._replay(protocol.parse_replay_request(bytes(message.payload)))
        except protocol.Rejected as exc:
            log.warning("gateway %s: bad message on %s: %s", self.enterprise, message.topic, exc.reason)
        except Exception:  # nothing may escape into paho's thread
            log.exception("gateway %s: handling %s failed", self.enterprise, message.topic)

    def _console_state(self, topic: str, payload: bytes) -> None:
        station = topic.split("/")[-2]
        online = protocol.parse_console_state(payload) if payload else False
        with self._lock:
            self._consoles_seen = True
            self._consoles[station] = online
        self._flush_if_free()

    def _flush_if_free(self) -> None:
        """Send what waits, oldest first, once a console is there to hear it (held ones marked as replayed)."""
        with self._sending:
            while True:
                with self._lock:
                    if self._holding() or not self._held:
                        return
                    batch, self._held = self._held, []
                late = sum(held for _sent, held in batch)
                if late:
                    log.info("gateway %s: sending %d alarm events held while no console was online", self.enterprise, late)
                for sent, held in batch:
                    self._send(sent, replay=held)

    def _replay(self, request: protocol.ReplayRequest) -> None:
        if request.gateway and request.gateway != self.code:
            return
        with self._lock:
            if request.from_seq is not None:
                start = request.from_seq
                chosen = [s for s in self._buffer if (s.seq - start) % protocol.SEQ_MODULUS < protocol.SEQ_MODULUS // 2]
                oldest = self._buffer[0].seq if self._buffer else self._next_seq
                complete = (start - oldest) % protocol.SEQ_MODULUS < protocol.SEQ_MODULUS // 2
            elif request.since is not None:
                since = request.since
                chosen = [s for s in self._buffer if s.event.at >= since]
                complete = self._dropped_until is None or self._dropped_until < since
            else:
                chosen, complete = [], True
            active = list(self._active.values()) if request.active else []
            next_seq = self._next_seq
        for sent in chosen:
            self._send(sent, replay=True)
        for sent in active:
            self._send(sent, replay=True, numbered=False)
        self.replays += 1
        log.info("gateway %s: replay for %s: %d alarm events again, %d active", self.enterprise, request.station or "?",
                 len(chosen), len(active))
        self.client.publish(self._topics.replay_done(self.enterprise, self.code),
                            protocol.encode_replay_done(request.request, self._clock(), len(chosen), len(active), complete, next_seq),
                            qos=1)
