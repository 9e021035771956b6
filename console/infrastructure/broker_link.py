"""The console's MQTT session (paho-mqtt 2.x).

paho runs its network loop in its own thread. Its callbacks do nothing but package what
happened and put it in a Mailbox; everything else happens on the GUI thread.
"""

from __future__ import annotations

import logging
import socket
import ssl
import time
from dataclasses import dataclass
from typing import Callable

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion
from PySide6.QtCore import QObject, QTimer, Signal

from console.domain.link_state import LinkState
from console.infrastructure.logs import FailureLog
from console.infrastructure.mailbox import Mailbox
from console.domain.protocol import Topics

log = logging.getLogger("console.broker")


@dataclass(frozen=True)
class BrokerConfig:
    host: str
    port: int
    client_id: str
    topics: Topics
    username: str = ""
    password: str = ""
    tls_ca: str = ""
    tls_cert: str = ""
    tls_key: str = ""
    keepalive_s: int = 15
    reconnect_min_s: int = 1
    reconnect_max_s: int = 30
    will_topic: str = ""

    def describe(self) -> str:
        scheme = "mqtts" if self.tls_ca else "mqtt"
        return f"{scheme}://{self.host}:{self.port}"


RawMessage = tuple[str, bytes, float]  # topic, payload, receive time


class BrokerLink(QObject):
    """Connection state and incoming messages, delivered on the GUI thread."""

    state_changed = Signal(object, str)  # LinkState, detail
    messages_arrived = Signal(object)  # list[RawMessage] (object: no conversion to a Qt list)

    def __init__(self, config: BrokerConfig, clock: Callable[[], float] = time.time, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.config = config
        self._clock = clock
        self.state = LinkState.STOPPED
        self.state_detail = ""
        self.connected_since: float | None = None
        self.disconnected_since: float | None = None
        self.failures = FailureLog(log)
        self._inbox = Mailbox(self._deliver, parent=self)
        self._events = Mailbox(self._on_events, parent=self)
        self._client = self._make_client()

    # -- paho set-up (GUI thread) --------------------------------------------
    def _make_client(self) -> mqtt.Client:
        c = self.config
        client = mqtt.Client(
            CallbackAPIVersion.VERSION2,
            client_id=c.client_id,
            clean_session=False,  # persistent session: QoS 1 alarms wait for us while offline
            protocol=mqtt.MQTTv311,
        )
        client.max_queued_messages_set(10_000)
        client.reconnect_delay_set(min_delay=c.reconnect_min_s, max_delay=c.reconnect_max_s)
        if c.username:
            client.username_pw_set(c.username, c.password or None)
        if c.tls_ca:
            client.tls_set(ca_certs=c.tls_ca, certfile=c.tls_cert or None, keyfile=c.tls_key or None, cert_reqs=ssl.CERT_REQUIRED)
        if c.will_topic:
            client.will_set(c.will_topic, b'{"v":1,"state":"offline"}', qos=1, retain=True)
        client.on_connect = self._paho_connect
        client.on_disconnect = self._paho_disconnect
        client.on_connect_fail = self._paho_connect_fail
        client.on_message = self._paho_message
        return client

    def start(self) -> None:
        """Begin connecting; never blocks on the network."""
        self._set_state(LinkState.CONNECTING, self.config.describe())
        self._client.connect_async(self.config.host, self.config.port, keepalive=self.config.keepalive_s)
        self._client.loop_start()
        log.info("connecting to %s as %s", self.config.describe(), self.config.client_id)

    def stop(self) -> None:
        """Close the session cleanly (disconnect first: loop_stop first costs a second)."""
        if self.state is LinkState.STOPPED:
            return
        if self.config.will_topic and self.state is LinkState.CONNECTED:
            self._client.publish(self.config.will_topic, b'{"v":1,"state":"offline"}', qos=1, retain=True)
        self._client.disconnect()
        self._client.loop_stop()
        self._set_state(LinkState.STOPPED, "")
        log.info("broker session closed")

    def publish(self, topic: str, payload: bytes, qos: int = 1, retain: bool = False) -> None:
        """Queue a message; paho keeps QoS 1 messages until they are delivered."""
        info = self._client.publish(topic, payload, qos=qos, retain=retain)
        if info.rc not in (mqtt.MQTT_ERR_SUCCESS, mqtt.MQTT_ERR_NO_CONN):
            log.error("could not queue a message for %s: %s", topic, mqtt.error_string(info.rc))

    # -- paho thread: package and hand over, nothing else -----------------------
    def _paho_connect(self, client, userdata, flags, reason_code, properties) -> None:
        if reason_code.is_failure:
            self._events.put(("refused", str(reason_code)))
            return
        sock = client.socket()
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # acknowledgments leave at once
        client.subscribe(self.config.topics.subscriptions())
        if self.config.will_topic:
            client.publish(self.config.will_topic, b'{"v":1,"state":"online"}', qos=1, retain=True)
        self._events.put(("connected", "session present" if flags.session_present else "new session"))

    def _paho_disconnect(self, client, userdata, flags, reason_code, properties) -> None:
        self._events.put(("disconnected", str(reason_code)))

    def _paho_connect_fail(self, client, userdata) -> None:
        self._events.put(("unreachable", ""))

    def _paho_message(self, client, userdata, message) -> None:
        # Nothing may escape into paho: an exception here ends its network thread.
        try:
            self._inbox.put((_topic(message), message.payload, self._clock()))
        except Exception as exc:
            self.failures.failed("receiving a message", exc)

    # -- GUI thread --------------------------------------------------------------
    def _deliver(self, items: list[RawMessage]) -> None:
        self.messages_arrived.emit(items)

    def _on_events(self, events: list[tuple[str, str]]) -> None:
        for kind, detail in events:
            if self.state is LinkState.STOPPED:
                return
            text = f"{kind}: {detail}" if detail else kind
            if kind == "connected":
                self._set_state(LinkState.CONNECTED, detail)
            elif self.state is not LinkState.DISCONNECTED or kind != "disconnected":
                # Keep the telling reason (refused, unreachable) over paho's generic
                # "disconnected" that follows it.
                self._set_state(LinkState.DISCONNECTED, text)

    def _set_state(self, state: LinkState, detail: str) -> None:
        if state is self.state and detail == self.state_detail:
            return
        now = self._clock()
        if state is LinkState.CONNECTED:
            self.connected_since, self.disconnected_since = now, None
            log.info("connected to %s (%s)", self.config.describe(), detail)
        elif state is LinkState.DISCONNECTED and self.state is not LinkState.DISCONNECTED:
            self.disconnected_since = now
            log.warning("lost the broker %s (%s); reconnecting with backoff", self.config.describe(), detail)
        self.state, self.state_detail = state, detail
        self.state_changed.emit(state, detail)


def _topic(message: mqtt.MQTTMessage) -> str:
    """The message's topic; one that is not UTF-8 (MQTT requires it, a broker may still pass it
    on) with its bad bytes replaced, for the intake to reject as a bad message."""
    try:
        return message.topic
    except UnicodeDecodeError:
        return bytes(getattr(message, "_topic", b"")).decode("utf-8", "replace")


def connect_timeout_watch(link: BrokerLink, seconds: float, on_timeout: Callable[[], None]) -> QTimer:
    """Report a broker that has not answered ``seconds`` after start (first connection)."""
    timer = QTimer(link)
    timer.setSingleShot(True)
    timer.timeout.connect(lambda: on_timeout() if link.state is LinkState.CONNECTING else None)
    timer.start(int(seconds * 1000))
    return timer
