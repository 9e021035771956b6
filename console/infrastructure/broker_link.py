"""The console's MQTT session (paho-mqtt 2.x).

paho runs its network loop in its own thread. Its callbacks do nothing but package what
happened and put it in a Mailbox; everything else happens on the GUI thread. The client
(console/infrastructure/paho_client.py) reads ahead from the socket and hands each message
straight to the callback; the callback works out a topic's name and mailbox once per topic.

Liveness (a hung broker, a silent network cut): MQTT's keep-alive alone notices a dead link only
after 1.5 to 2 times the keep-alive, and a broker that is frozen (SIGSTOP, a hung host) still
accepts TCP packets into its socket buffers, so nothing fails sooner. The link therefore runs an
application heartbeat: every ``heartbeat_s`` (1 s) it publishes a counter at QoS 0 to its own
topic ``{root}/consoles/{station}/heartbeat`` and subscribes to it. The echo proves the whole path
(our socket, the broker's routing, its answer) and costs a few bytes a second. A watchdog on the
GUI thread looks four times a second: when nothing at all has come from the broker for
``silence_s`` (2 s) while a heartbeat sent at least ``silence_s - heartbeat_s`` ago is unanswered,
the link is declared lost (LinkState.DISCONNECTED, the broker system alarm) and paho's socket is
shut down under it, so that paho reconnects at once. Worst case from the hang to the alarm:
``silence_s`` + one watchdog tick (2.25 s with the defaults). A heartbeat is only
judged after the first echo of a session: a broker whose ACL forbids the topic (see
docs/install.md) leaves hang detection to the keep-alive, with a warning in the log, instead of
dropping the link every two seconds. A GUI thread that was busy sends no heartbeat, so it cannot
mistake its own delay for the broker's.

Reconnecting: paho's own delay is replaced before every attempt by one from
console/domain/backoff.py (doubling from ``reconnect_min_s`` up to ``reconnect_max_s``, with
jitter), so the console is back within ``reconnect_max_s`` (1.5 s) of the broker's return,
however long the outage.

TLS failures are named (console/domain/tls_failure.py): the handshake's error, or the broker's
alert read after it (a refused client certificate), becomes the link's detail.
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

from console.domain import tls_failure
from console.domain.backoff import ReconnectBackoff
from console.domain.link_state import LinkState
from console.infrastructure.logs import FailureLog
from console.infrastructure.mailbox import Mailbox
from console.infrastructure.paho_client import PahoClient
from console.domain.protocol import Topics
from console.infrastructure.tls_errors import tls_failure_of, words_of

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
    keepalive_s: int = 5
    reconnect_min_s: float = 0.5
    reconnect_max_s: float = 1.5
    will_topic: str = ""
    heartbeat_topic: str = ""  # empty: no heartbeat, hangs are noticed by the keep-alive only
    heartbeat_s: float = 1.0
    silence_s: float = 2.0

    def describe(self) -> str:
        scheme = "mqtts" if self.tls_ca else "mqtt"
        return f"{scheme}://{self.host}:{self.port}"


OFFLINE = b'{"v":1,"state":"offline"}'  # the last will, and what a console says as it closes its session
ONLINE = b'{"v":1,"state":"online"}'  # the bare online state, until the console says more (set_online_state)
RawMessage = tuple[str, bytes, float]  # topic, payload, receive time
TOPIC_NAMES = 20_000  # topic names remembered by the paho thread (gateways and points repeat); bounded
WATCHDOG_MS = 250
ECHO_EXPECTED_S = 5.0  # no echo of the heartbeat this long after connecting: the ACL forbids it (warned)


class _PahoErrors(logging.Handler):
    """paho's own error lines (a TLS alert read after the handshake: the broker refused the client
    certificate) handed to the link; the logger is private, so nothing else is slowed down."""

    def __init__(self, on_error: Callable[[BaseException], None]) -> None:
        super().__init__(logging.ERROR)
        self._on_error = on_error

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args if isinstance(record.args, tuple) else ()
        for arg in args:
            if isinstance(arg, BaseException):
                self._on_error(arg)


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
        # Readings, the bulk of the traffic (a park sends 20,000 a second), wait in a mailbox of their
        # own: alarms and operator events never queue behind a backlog of them. Each box drains in
        # time slices, so an alarm waits at most one slice of readings.
        self._readings_inbox = Mailbox(self._deliver, parent=self)
        self._events = Mailbox(self._on_events, parent=self)
        self._backoff = ReconnectBackoff(config.reconnect_min_s, config.reconnect_max_s)  # paho thread only
        self._attempt_error: tuple[str, str] | None = None  # paho thread only
        # Liveness (monotonic seconds). Written by the paho thread (a float store is atomic), read here.
        self._heard_at = 0.0  # anything received from the broker
        self._echoed = False  # the heartbeat came back in this session
        self._pending_since: float | None = None  # the oldest heartbeat sent after _heard_at (GUI thread)
        self._connected_at = 0.0
        self._heartbeat_seq = 0
        self._echo_warned = False
        self._tls_logged = ""
        # paho thread only: per topic (as received), its name and its mailbox (None: our heartbeat's echo),
        # worked out once, not per message
        self._routes: dict[bytes, tuple[str, Mailbox | None]] = {}
        self._online_state = ONLINE  # read by the paho thread at each connection (a reference store is atomic)
        self._state_on_connect = ONLINE  # what the paho thread published at the last connection
        self._heartbeat = QTimer(self)
        self._heartbeat.setInterval(max(100, int(config.heartbeat_s * 1000)))
        self._heartbeat.timeout.connect(self._send_heartbeat)
        self._watchdog = QTimer(self)
        self._watchdog.setInterval(WATCHDOG_MS)
        self._watchdog.timeout.connect(self._watch)
        self._client = self._make_client()

    @property
    def heartbeat_answered(self) -> bool:
        """The heartbeat has come back in this session: hangs are now noticed within silence_s."""
        return self._echoed

    # -- paho set-up (GUI thread) --------------------------------------------
    def _make_client(self) -> PahoClient:
        c = self.config
        client = PahoClient(
            CallbackAPIVersion.VERSION2,
            client_id=c.client_id,
            clean_session=False,  # persistent session: QoS 1 alarms wait for us while offline
            protocol=mqtt.MQTTv311,
        )
        client.max_queued_messages_set(10_000)
        client.attempt_failed = self._paho_attempt_failed
        paho_log = logging.Logger("console.broker.paho", logging.ERROR)  # not registered: no propagation
        paho_log.addHandler(_PahoErrors(self._paho_error))
        client.enable_logger(paho_log)
        if c.username:
            client.username_pw_set(c.username, c.password or None)
        if c.tls_ca:
            client.tls_set(ca_certs=c.tls_ca, certfile=c.tls_cert or None, keyfile=c.tls_key or None, cert_reqs=ssl.CERT_REQUIRED)
        if c.will_topic:
            client.will_set(c.will_topic, OFFLINE, qos=1, retain=True)
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
        if self.config.heartbeat_topic and self.config.heartbeat_s > 0:
            self._heartbeat.start()
            self._watchdog.start()
        log.info("connecting to %s as %s", self.config.describe(), self.config.client_id)

    def stop(self) -> None:
        """Close the session cleanly (disconnect first: loop_stop first costs a second)."""
        if self.state is LinkState.STOPPED:
            return
        self._heartbeat.stop()
        self._watchdog.stop()
        if self.config.will_topic and self.state is LinkState.CONNECTED:
            self._client.publish(self.config.will_topic, OFFLINE, qos=1, retain=True)
        self._client.disconnect()
        self._client.loop_stop()
        self._set_state(LinkState.STOPPED, "")
        log.info("broker session closed")

    def set_online_state(self, payload: bytes) -> None:
        """The retained state this console publishes on its ``will_topic`` while connected (who is
        signed in, which areas it covers: console/services/areas.py); published now when connected,
        and again at each connection. The last will stays the bare ``offline``."""
        self._online_state = payload
        if self.config.will_topic and self.state is LinkState.CONNECTED:
            self.publish(self.config.will_topic, payload, qos=1, retain=True)

    def publish(self, topic: str, payload: bytes, qos: int = 1, retain: bool = False) -> None:
        """Queue a message; paho keeps QoS 1 messages until they are delivered."""
        info = self._client.publish(topic, payload, qos=qos, retain=retain)
        if info.rc not in (mqtt.MQTT_ERR_SUCCESS, mqtt.MQTT_ERR_NO_CONN):
            log.error("could not queue a message for %s: %s", topic, mqtt.error_string(info.rc))

    # -- paho thread: package and hand over, nothing else -----------------------
    def _paho_connect(self, client, userdata, flags, reason_code, properties) -> None:
        self._client.answered = True
        if reason_code.is_failure:
            self._events.put(("refused", str(reason_code)))
            return
        self._backoff.reset()
        self._heard_at = self._connected_at = time.monotonic()
        self._echoed = False
        sock = client.socket()
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # acknowledgments leave at once
        client.subscribe(self.config.topics.subscriptions())
        if self.config.heartbeat_topic:
            client.subscribe(self.config.heartbeat_topic, qos=0)
        if self.config.will_topic:
            self._state_on_connect = state = self._online_state
            client.publish(self.config.will_topic, state, qos=1, retain=True)
        self._events.put(("connected", "session present" if flags.session_present else "new session"))

    def _paho_disconnect(self, client, userdata, flags, reason_code, properties) -> None:
        self._next_delay(client)
        self._events.put(("disconnected", str(reason_code)))

    def _paho_connect_fail(self, client, userdata) -> None:
        self._next_delay(client)
        self._events.put(self._attempt_error or ("unreachable", ""))
        self._attempt_error = None

    def _paho_attempt_failed(self, exc: BaseException) -> None:
        """(paho thread, just before _paho_connect_fail) Why the attempt failed: a TLS check, a refused port."""
        failure = tls_failure_of(exc)
        if failure is not None:
            self._attempt_error = ("tls", tls_failure.detail(failure, words_of(exc)))
        else:
            self._attempt_error = ("unreachable", str(exc.strerror or exc) if isinstance(exc, OSError) else str(exc))

    def _paho_error(self, exc: BaseException) -> None:
        """(paho thread) An error paho met on an open socket; only a TLS one is news."""
        failure = tls_failure_of(exc, answered=self._client.answered)
        if failure is not None:
            self._events.put(("tls", tls_failure.detail(failure, words_of(exc))))

    def _next_delay(self, client: mqtt.Client) -> None:
        """(paho thread, before paho waits) The wait before paho's next attempt, with jitter."""
        delay = self._backoff.next_delay()
        client.reconnect_delay_set(min_delay=delay, max_delay=delay)  # type: ignore[arg-type]  # floats work

    def _paho_message(self, client, userdata, message) -> None:
        # Nothing may escape into paho: an exception here ends its network thread.
        try:
            self._heard_at = time.monotonic()
            raw = message._topic
            route = self._routes.get(raw)
            if route is None:
                route = self._route(message)
                if len(self._routes) >= TOPIC_NAMES:
                    self._routes.clear()
                self._routes[bytes(raw)] = route
            topic, box = route
            if box is None:
                self._echoed = True
                return
            box.put((topic, message.payload, self._clock()))
        except Exception as exc:
            self.failures.failed("receiving a message", exc)

    def _route(self, message: mqtt.MQTTMessage) -> tuple[str, Mailbox | None]:
        """(paho thread) The message's topic and where it goes: readings to their own mailbox."""
        topic = _topic(message)
        if topic == self.config.heartbeat_topic:
            return topic, None
        return topic, self._readings_inbox if self.config.topics.is_readings(topic) else self._inbox

    def waiting(self) -> tuple[int, int]:
        """(messages other than readings, readings messages) received but not yet handed to the GUI thread."""
        return self._inbox.pending(), self._readings_inbox.pending()

    # -- GUI thread --------------------------------------------------------------
    def _deliver(self, items: list[RawMessage]) -> None:
        self.messages_arrived.emit(items)

    def _on_events(self, events: list[tuple[str, str]]) -> None:
        for kind, detail in events:
            if self.state is LinkState.STOPPED:
                return
            text = f"{kind}: {detail}" if detail else kind
            if kind == "connected":
                self._pending_since = None
                self._set_state(LinkState.CONNECTED, detail)
                if self.config.will_topic and self._online_state is not self._state_on_connect:
                    # Changed between the connection and now (when the link was not yet CONNECTED here).
                    self.publish(self.config.will_topic, self._online_state, qos=1, retain=True)
            elif kind == "tls":
                if detail != self._tls_logged:
                    self._tls_logged = detail
                    log.error("TLS with %s failed: %s", self.config.describe(), detail)
                self._set_state(LinkState.DISCONNECTED, detail)
            elif self.state is not LinkState.DISCONNECTED or kind != "disconnected":
                # Keep the telling reason (refused, unreachable) over paho's generic
                # "disconnected" that follows it.
                self._set_state(LinkState.DISCONNECTED, text)

    def _send_heartbeat(self) -> None:
        """(GUI thread, every heartbeat_s) One counter to our own topic, QoS 0."""
        if self.state is not LinkState.CONNECTED:
            return
        now = time.monotonic()
        if self._pending_since is None or self._pending_since < self._heard_at:
            self._pending_since = now
        self._heartbeat_seq += 1
        self._client.publish(self.config.heartbeat_topic, str(self._heartbeat_seq).encode(), qos=0)

    def _watch(self) -> None:
        """(GUI thread, every WATCHDOG_MS) A broker silent for silence_s with a heartbeat unanswered: lost."""
        if self.state is not LinkState.CONNECTED:
            return
        now = time.monotonic()
        if not self._echoed:
            if not self._echo_warned and now - self._connected_at > ECHO_EXPECTED_S:
                self._echo_warned = True
                log.warning("no echo of the heartbeat on %s: a hung broker is noticed by the MQTT keep-alive only "
                            "(%d s); allow this console to publish and subscribe there (docs/install.md)",
                            self.config.heartbeat_topic, self.config.keepalive_s)
            return
        pending, heard = self._pending_since, self._heard_at
        if pending is None or pending < heard:
            return
        silent = now - heard
        grace = max(0.5, self.config.silence_s - self.config.heartbeat_s)
        if silent >= self.config.silence_s and now - pending >= grace:
            self._set_state(LinkState.DISCONNECTED, f"no answer from the broker for {silent:.1f} s")
            self._drop_socket()

    def _drop_socket(self) -> None:
        """Shut paho's socket down under it: its network thread sees the connection end and
        reconnects (a disconnect() would be taken as wanted and end the reconnecting)."""
        sock = self._client.socket()
        if sock is None:
            return
        try:
            socket.socket.shutdown(sock, socket.SHUT_RDWR)  # type: ignore[arg-type]  # the plain socket's, also under TLS
        except OSError as exc:
            log.debug("socket already gone: %s", exc)

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
    """Report a broker that has not answered ``seconds`` after start (first connection). The
    watch ends as soon as the link is no longer connecting (connected, refused, stopped)."""
    timer = QTimer(link)
    timer.setSingleShot(True)
    timer.timeout.connect(lambda: on_timeout() if link.state is LinkState.CONNECTING else None)
    link.state_changed.connect(lambda state, _detail: timer.stop() if state is not LinkState.CONNECTING else None)
    timer.start(int(seconds * 1000))
    return timer
