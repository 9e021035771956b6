"""A small paho client for tests: publishes as a plant gateway and records what it hears."""

from __future__ import annotations

import threading

import paho.mqtt.client as mqtt


class TestPublisher:
    __test__ = False  # not a test class for pytest

    def __init__(self, host: str, port: int, client_id: str = "") -> None:
        self.received: list[tuple[str, bytes]] = []
        self._lock = threading.Lock()
        self._connected = threading.Event()
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=client_id)
        self.client.on_connect = lambda c, u, f, rc, p: self._connected.set()
        self.client.on_message = self._on_message
        self.client.connect(host, port)
        self.client.loop_start()
        if not self._connected.wait(10):
            raise RuntimeError("test publisher could not connect")

    def _on_message(self, client, userdata, msg) -> None:
        with self._lock:
            self.received.append((msg.topic, msg.payload))

    def subscribe(self, topic: str, qos: int = 1) -> None:
        done = threading.Event()
        self.client.on_subscribe = lambda *a: done.set()
        self.client.subscribe(topic, qos)
        if not done.wait(10):
            raise RuntimeError(f"subscribe to {topic} not confirmed")

    def publish(self, topic: str, payload: bytes | str, qos: int = 1, retain: bool = False) -> None:
        info = self.client.publish(topic, payload, qos=qos, retain=retain)
        info.wait_for_publish(10)

    def messages(self, prefix: str = "") -> list[tuple[str, bytes]]:
        with self._lock:
            return [(t, p) for t, p in self.received if t.startswith(prefix)]

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()

    def __enter__(self) -> "TestPublisher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
