"""paho's client as the broker link drives it (console/infrastructure/broker_link.py).

Two things differ from paho's own, both for the network thread's cost per message (a park sends
tens of thousands of readings a second, most of them small messages):

* Reading ahead. paho reads a packet in three ``recv`` calls (its first byte, its length, the rest)
  after one ``select`` each: four system calls a message. This client takes up to
  ``READ_AHEAD_BYTES`` from the socket at once and hands paho its packets from that, and
  ``loop_read`` goes on while complete packets are waiting there. A call takes at most
  ``READ_AHEAD_RECVS`` reads from the socket, so that paho's loop still gets to write
  (acknowledgments, pings) during a flood. It stops only when no complete packet is waiting: what
  remains is the start of a packet whose end the socket has not given yet, so ``select`` wakes the
  loop again when it can (nothing read ahead ever waits for a ``select`` that does not come).
  Nothing is kept across connections.
* Delivering straight to ``on_message``: the link never registers per-topic callbacks
  (``message_callback_add``), so paho's matching of every message's topic against them, and the
  lock around it, is skipped.

And it tells why a connection attempt failed (paho only says that it did).
"""

from __future__ import annotations

import ssl
from typing import Callable

import paho.mqtt.client as mqtt

from console.infrastructure.tls_errors import close_abandoned_sockets

READ_AHEAD_BYTES = 65_536  # taken from the socket at once
READ_AHEAD_RECVS = 4  # socket reads per loop_read call at most (then paho's loop writes, pings)


class PahoClient(mqtt.Client):
    attempt_failed: Callable[[BaseException], None] | None = None
    answered = False  # the broker answered MQTT (a CONNACK) on the current connection
    _ahead = b""  # read from the socket, not yet handed to paho: _ahead[_ahead_at:]
    _ahead_at = 0
    _recvs_left = READ_AHEAD_RECVS

    def reconnect(self) -> mqtt.MQTTErrorCode:
        self.answered = False
        self._ahead, self._ahead_at = b"", 0  # the old connection's bytes are no part of the new one's
        try:
            return super().reconnect()
        except OSError as exc:
            if isinstance(exc, ssl.SSLError):
                close_abandoned_sockets(exc)
            if self.attempt_failed is not None:
                self.attempt_failed(exc)
            raise

    def read_ahead(self) -> int:
        """Bytes read from the socket and not yet handed to paho."""
        return len(self._ahead) - self._ahead_at

    def loop_read(self, max_packets: int = 1) -> mqtt.MQTTErrorCode:
        """paho's, called again while complete packets are waiting in what was read ahead."""
        self._recvs_left = READ_AHEAD_RECVS
        rc = super().loop_read(max_packets)
        while rc == mqtt.MQTTErrorCode.MQTT_ERR_SUCCESS and self._sock is not None and self._ahead_at < len(self._ahead):
            rc = super().loop_read(max_packets)
        return rc

    def _sock_recv(self, bufsize: int) -> bytes:
        """Up to ``bufsize`` bytes for paho: from what was read ahead, else from the socket
        (BlockingIOError, paho's "come back later", once this call's reads are used up)."""
        ahead, at = self._ahead, self._ahead_at
        if at >= len(ahead):
            if self._recvs_left <= 0:
                raise BlockingIOError()
            self._recvs_left -= 1
            ahead = super()._sock_recv(max(bufsize, READ_AHEAD_BYTES))
            if len(ahead) <= bufsize:  # all of it asked for (b"": the connection ended)
                self._ahead, self._ahead_at = b"", 0
                return ahead
            self._ahead, at = ahead, 0
        self._ahead_at = end = at + bufsize
        return ahead[at:end]

    def _handle_on_message(self, message: mqtt.MQTTMessage) -> None:
        on_message = self.on_message
        if on_message is None:
            return
        with self._in_callback_mutex:
            on_message(self, self._userdata, message)
