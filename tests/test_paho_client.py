"""The link's paho client reads ahead (console/infrastructure/paho_client.py): every packet is
handed over whole and in order, whatever its size against what is read at once (packets across
two reads, larger than one, many in one), nothing is left in what was read ahead once the broker
has sent everything, and a new connection's packets are read as such."""

from __future__ import annotations

import select
import socket
import threading

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from console.infrastructure.paho_client import READ_AHEAD_BYTES, PahoClient
from tests.helpers.mqtt import TestPublisher

SIZES = [0, 1, 17, 90, 127, 128, 300, 5_000, 16_383, 16_384, READ_AHEAD_BYTES - 40, READ_AHEAD_BYTES, READ_AHEAD_BYTES + 1_000,
         3 * READ_AHEAD_BYTES + 7]


class Subscriber:
    """A PahoClient on paho's own network thread, recording what it is handed."""

    def __init__(self, host: str, port: int) -> None:
        self.released = threading.Event()  # the first message's callback waits for it: the rest piles up meanwhile
        self.released.set()
        self.received: list[tuple[str, bytes, int]] = []
        self._arrived = threading.Condition()
        self.subscribed = subscribed = threading.Event()
        self.client = PahoClient(CallbackAPIVersion.VERSION2, client_id="read-ahead-test", protocol=mqtt.MQTTv311)
        self.client.on_message = self._on_message
        self.client.on_connect = lambda c, u, f, rc, p: c.subscribe([("bulk/#", 0), ("ordered/#", 1)])
        self.client.on_subscribe = lambda *args: subscribed.set()
        self.client.connect(host, port, keepalive=60)  # no pings during the test: nothing else wakes the loop
        self.client.loop_start()
        assert subscribed.wait(10), "no SUBACK"

    def _on_message(self, client: mqtt.Client, userdata: object, message: mqtt.MQTTMessage) -> None:
        assert self.released.wait(30)
        with self._arrived:
            self.received.append((message.topic, message.payload, message.qos))
            self._arrived.notify_all()

    def wait_for(self, count: int, timeout: float = 30.0) -> bool:
        """True once ``count`` messages were handed over (False: not within ``timeout``)."""
        with self._arrived:
            return self._arrived.wait_for(lambda: len(self.received) >= count, timeout)

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


def payload(k: int, size: int) -> bytes:
    head = b"%d:" % k
    return (head + bytes(range(256)) * (size // 256 + 1))[:max(size, len(head))]


def test_every_packet_is_handed_over_whole_and_in_order(broker) -> None:
    small = [payload(k, 40 + k % 50) for k in range(6_000)]  # hundreds per read
    mixed = [payload(k, SIZES[k % len(SIZES)]) for k in range(3 * len(SIZES))]  # packets across reads, and larger than one
    sub = Subscriber(broker.host, broker.port)
    pub = TestPublisher(broker.host, broker.port)
    sub.released.clear()  # the subscriber reads nothing until all is published: then it reads full chunks
    try:
        infos = [pub.client.publish("bulk/small", p, qos=0) for p in small[:3_000]]
        infos += [pub.client.publish("ordered/mixed", p, qos=1) for p in mixed]
        infos += [pub.client.publish("bulk/small", p, qos=0) for p in small[3_000:]]
        for info in infos:
            info.wait_for_publish(30)
        sub.released.set()
        assert sub.wait_for(len(small) + len(mixed)), f"{len(sub.received)} of {len(small) + len(mixed)} handed over"
        assert [p for t, p, _q in sub.received if t == "bulk/small"] == small
        assert [p for t, p, _q in sub.received if t == "ordered/mixed"] == mixed
        assert {q for t, _p, q in sub.received if t == "ordered/mixed"} == {1}
        assert sub.client.read_ahead() == 0
    finally:
        pub.close()
        sub.close()


def test_after_a_reconnection_the_new_connections_packets_are_read(broker) -> None:
    sub = Subscriber(broker.host, broker.port)
    pub = TestPublisher(broker.host, broker.port)
    try:
        pub.publish("ordered/a", payload(1, READ_AHEAD_BYTES + 10), qos=1)
        assert sub.wait_for(1)
        assert sub.client.read_ahead() == 0
        sub.subscribed.clear()
        broker.stop()  # the connection ends; paho reconnects once the broker is back
        broker.start()
        pub.close()
        pub = TestPublisher(broker.host, broker.port)
        assert sub.subscribed.wait(30), "the subscriber did not reconnect"
        pub.publish("ordered/b", b"after the restart", qos=1)
        assert sub.wait_for(2), sub.received
        assert [(t, p) for t, p, _q in sub.received] == [("ordered/a", payload(1, READ_AHEAD_BYTES + 10)),
                                                          ("ordered/b", b"after the restart")]
    finally:
        pub.close()
        sub.close()


def test_one_read_hands_over_every_complete_packet_it_took(broker) -> None:
    """What was read ahead never waits for the socket to become readable again: once the socket's
    bytes are all in one read, a single loop_read hands every packet over."""
    received: list[bytes] = []
    client = PahoClient(CallbackAPIVersion.VERSION2, client_id="one-read-test", protocol=mqtt.MQTTv311)
    client.on_message = lambda c, u, message: received.append(message.payload)
    subscribed: list[int] = []
    client.on_subscribe = lambda *args: subscribed.append(1)
    client.connect(broker.host, broker.port, keepalive=60)  # driven by hand below: no network thread
    client.subscribe("burst/#", 0)
    while not subscribed:
        client.loop(0.1)
    payloads = [payload(k, 30 + k) for k in range(60)]
    topic = "burst/x"
    expected_bytes = sum(1 + _length_bytes(2 + len(topic) + len(p)) + 2 + len(topic) + len(p) for p in payloads)
    pub = TestPublisher(broker.host, broker.port)
    try:
        for info in [pub.client.publish(topic, p, qos=0) for p in payloads]:
            info.wait_for_publish(10)
        sock = client.socket()
        assert sock is not None
        while len(sock.recv(2 * expected_bytes, socket.MSG_PEEK)) < expected_bytes:  # all of it in the socket
            select.select([sock], [], [], 0.05)
        assert client.loop_read() == mqtt.MQTTErrorCode.MQTT_ERR_SUCCESS
        assert received == payloads and client.read_ahead() == 0
    finally:
        pub.close()
        client.disconnect()


def _length_bytes(n: int) -> int:
    """Bytes of MQTT's "remaining length" for n."""
    return 1 if n < 128 else 2 if n < 16_384 else 3
