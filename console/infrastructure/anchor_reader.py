"""Reads the audit anchors retained on the broker (for ``duty-console audit verify --broker``).

A command-line helper: it blocks (never used on the GUI thread). It subscribes to every
workstation's anchor topic, takes the retained messages the broker sends at once, and stops when
none has come for ``quiet_s`` after the subscription was granted (retained messages are sent
right after it), or at ``timeout_s``.
"""

from __future__ import annotations

import ssl
import threading
import time
import uuid
from dataclasses import dataclass, field

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from console.infrastructure import audit_anchor


class AnchorReadError(RuntimeError):
    """The broker could not be reached, refused us, or did not grant the subscription."""


@dataclass
class BrokerAnchors:
    anchors: list[audit_anchor.Anchor] = field(default_factory=list)
    malformed: list[str] = field(default_factory=list)  # "topic: why", retained messages that are no anchors


@dataclass(frozen=True)
class BrokerAccess:
    host: str
    port: int
    username: str = ""
    password: str = field(default="", repr=False)
    tls_ca: str = ""
    tls_cert: str = ""
    tls_key: str = ""


def read_anchors(access: BrokerAccess, topic_filter: str, timeout_s: float = 10.0, quiet_s: float = 1.0) -> BrokerAnchors:
    found = BrokerAnchors()
    lock = threading.Lock()
    connected, subscribed = threading.Event(), threading.Event()
    failure: list[str] = []
    last_message = [0.0]

    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"duty-console-verify-{uuid.uuid4().hex[:12]}", clean_session=True,
                         protocol=mqtt.MQTTv311)
    if access.username:
        client.username_pw_set(access.username, access.password or None)
    if access.tls_ca:
        client.tls_set(ca_certs=access.tls_ca, certfile=access.tls_cert or None, keyfile=access.tls_key or None, cert_reqs=ssl.CERT_REQUIRED)

    def on_connect(c: mqtt.Client, _u: object, _f: object, reason: object, _p: object) -> None:
        if getattr(reason, "is_failure", False):
            failure.append(f"the broker refused the connection: {reason}")
            connected.set()
            return
        c.subscribe(topic_filter, qos=1)
        connected.set()

    def on_subscribe(_c: mqtt.Client, _u: object, _mid: int, reasons: list, _p: object) -> None:
        if any(getattr(r, "is_failure", False) for r in reasons):
            failure.append(f"the broker did not allow reading {topic_filter}")
        last_message[0] = time.monotonic()
        subscribed.set()

    def on_message(_c: mqtt.Client, _u: object, message: mqtt.MQTTMessage) -> None:
        if not message.retain:
            return
        with lock:
            last_message[0] = time.monotonic()
            if not message.payload:
                return  # a cleared retained message
            try:
                found.anchors.append(audit_anchor.decode(bytes(message.payload), message.topic))
            except ValueError as exc:
                found.malformed.append(f"{message.topic}: {exc}")

    client.on_connect = on_connect
    client.on_subscribe = on_subscribe
    client.on_message = on_message
    deadline = time.monotonic() + timeout_s
    try:
        client.connect(access.host, access.port, keepalive=30)
    except (OSError, ValueError) as exc:
        raise AnchorReadError(f"cannot connect to the broker {access.host}:{access.port}: {exc}") from None
    client.loop_start()
    try:
        if not connected.wait(max(0.0, deadline - time.monotonic())) or not subscribed.wait(max(0.0, deadline - time.monotonic())):
            raise AnchorReadError(failure[0] if failure else f"no answer from the broker {access.host}:{access.port} within {timeout_s:g} s")
        if failure:
            raise AnchorReadError(failure[0])
        while time.monotonic() < deadline:
            with lock:
                quiet_until = last_message[0] + quiet_s
            if time.monotonic() >= quiet_until:
                break
            threading.Event().wait(min(0.05, max(0.0, quiet_until - time.monotonic())))
    finally:
        client.disconnect()
        client.loop_stop()
    return found
