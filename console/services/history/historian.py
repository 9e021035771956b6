"""The historian: readings from the broker into PostgreSQL, headless (``duty-console historian``).

Three threads, no Qt:

* paho's network loop, subscribed over MQTT 5 to the shared subscription
  ``$share/{group}/{root}/+/readings/+``: the broker hands each message to one historian of the
  group, so several share the load. Its callback only puts (topic, payload, arrival) on a
  queue bounded in messages and in bytes; when it is full the callback waits (the broker holds
  or drops what it would send): memory stays bounded.
* the writer: takes messages in batches (up to ``batch_readings`` readings or ``batch_s``
  seconds), parses them as a workstation does (console.domain.protocol), writes each batch in
  one transaction (historian_writer.py). A batch that fails is kept and written again after a
  pause (the writes are idempotent), so nothing is lost while the database is away — the queue
  fills, then the broker is made to wait.
* the upkeep: partitions, rollups, retention every ``upkeep_s`` (historian_upkeep.py).

Lag, measured: from a message's arrival to the commit of its batch, the largest in each report
interval. Every ``report_s`` one log line: rows/s, duplicates, rejects, lag, queue.
"""

from __future__ import annotations

import logging
import queue
import ssl
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

import paho.mqtt.client as mqtt
import psycopg
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.reasoncodes import ReasonCode

from console.domain.protocol import Reading, ReadingBatch, Rejected, Topics, parse
from console.services.history import historian_tables as tables
from console.services.history.historian_upkeep import HistorianUpkeep
from console.services.history.historian_writer import ReadingWriter

log = logging.getLogger("console.services.history.historian")

Message = tuple[str, bytes, float]  # topic, payload, arrival (monotonic)


@dataclass(frozen=True)
class HistorianConfig:
    database_url: str
    broker_host: str
    broker_port: int
    client_id: str
    username: str = ""
    password: str = ""
    tls_ca: str = ""
    tls_cert: str = ""
    tls_key: str = ""
    topic_root: str = "dc/v1"
    group: str = "historians"
    keepalive_s: int = 30
    full_days: float = 30.0
    minute_days: float = 365.0
    rollup_delay_s: float = 120.0
    queue_messages: int = 10_000  # at most this many messages wait (each a gateway's batch) …
    queue_bytes: int = 64 * 1024 * 1024  # … and at most this many bytes of them
    batch_readings: int = 20_000
    batch_s: float = 0.25
    upkeep_s: float = 30.0
    report_s: float = 60.0
    retry_s: float = 2.0

    @property
    def subscription(self) -> str:
        return f"$share/{self.group}/{self.topic_root}/+/readings/+"


@dataclass
class HistorianCounters:
    messages: int = 0
    readings: int = 0
    written: int = 0
    duplicates: int = 0
    expired: int = 0
    rejected: int = 0
    failures: int = 0
    lags: list[tuple[float, float]] = field(default_factory=list)  # (commit, lag) of the batches since the last report (bounded)


class Historian:
    def __init__(self, config: HistorianConfig, now: Callable[[], float] = time.time) -> None:
        self.config = config
        self.now = now
        self.topics = Topics(config.topic_root)
        self.counters = HistorianCounters()
        self.connected = threading.Event()
        self.subscribed = threading.Event()
        self._queue: queue.Queue[Message] = queue.Queue(maxsize=config.queue_messages)
        self._room = threading.Condition()  # guards _queued_bytes
        self._queued_bytes = 0
        self.queued_bytes_peak = 0  # the most the queue held (bytes of payload)
        self._stop = threading.Event()
        self._requested = threading.Event()  # asked to stop (a signal handler): wait() returns
        self._lock = threading.Lock()
        self.last_lag_s = 0.0
        self._reported_written = 0
        self._conninfo = tables.conninfo(config.database_url)
        self._client = self._make_client()
        self._threads = [threading.Thread(target=self._write_loop, name="historian-writer", daemon=True),
                         threading.Thread(target=self._upkeep_loop, name="historian-upkeep", daemon=True)]

    # -- broker --------------------------------------------------------------------
    def _make_client(self) -> mqtt.Client:
        c = self.config
        client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=c.client_id, protocol=mqtt.MQTTv5)
        client.reconnect_delay_set(1, 30)
        if c.username:
            client.username_pw_set(c.username, c.password or None)
        if c.tls_ca:
            client.tls_set(ca_certs=c.tls_ca, certfile=c.tls_cert or None, keyfile=c.tls_key or None, cert_reqs=ssl.CERT_REQUIRED)
        client.on_connect = self._on_connect
        client.on_subscribe = self._on_subscribe
        client.on_disconnect = self._on_disconnect
        client.on_message = self._on_message
        return client

    def _on_connect(self, client: mqtt.Client, _userdata: object, _flags: object, reason: ReasonCode, _props: object) -> None:
        if reason.is_failure:
            log.error("historian: the broker refused the connection: %s", reason)
            return
        self.connected.set()
        client.subscribe(self.config.subscription, qos=1)
        log.info("historian: connected to %s:%d, subscribing to %s", self.config.broker_host, self.config.broker_port, self.config.subscription)

    def _on_subscribe(self, _client: mqtt.Client, _userdata: object, _mid: int, reasons: list[ReasonCode], _props: object) -> None:
        if any(r.is_failure for r in reasons):
            log.error("historian: the broker refused the subscription %s: %s (MQTT 5 shared subscriptions needed)",
                      self.config.subscription, ", ".join(str(r) for r in reasons))
        else:
            self.subscribed.set()

    def _on_disconnect(self, _client: mqtt.Client, _userdata: object, _flags: object, reason: ReasonCode, _props: object) -> None:
        self.connected.clear()
        self.subscribed.clear()
        if not self._requested.is_set():
            log.warning("historian: lost the broker (%s); reconnecting", reason)

    def _on_message(self, _client: mqtt.Client, _userdata: object, message: mqtt.MQTTMessage) -> None:
        item = (message.topic, bytes(message.payload), time.monotonic())
        size = len(item[1])
        with self._room:  # over the byte budget: wait for the writer (one message always fits)
            while self._queued_bytes and self._queued_bytes + size > self.config.queue_bytes and not self._stop.is_set():
                self._room.wait(0.5)
            self._queued_bytes += size
            self.queued_bytes_peak = max(self.queued_bytes_peak, self._queued_bytes)
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.5)  # full: the broker waits for us (memory stays bounded)
                return
            except queue.Full:
                continue

    # -- life ----------------------------------------------------------------------
    def start(self) -> None:
        for thread in self._threads:
            thread.start()
        self._client.connect_async(self.config.broker_host, self.config.broker_port, keepalive=self.config.keepalive_s)
        self._client.loop_start()

    def request_stop(self) -> None:
        """Safe from a signal handler: ``wait`` returns, the caller then calls ``stop``."""
        self._requested.set()

    def stop(self, timeout: float = 30.0) -> None:
        """Disconnect, write what is queued, stop the threads."""
        self._requested.set()
        self._client.disconnect()
        self._client.loop_stop()
        self._stop.set()
        for thread in self._threads:
            if thread.is_alive():
                thread.join(timeout)
        log.info("historian stopped: %d readings written, %d duplicates, %d rejected messages",
                 self.counters.written, self.counters.duplicates, self.counters.rejected)

    def wait(self) -> None:
        """Block until stopped (the command's main thread)."""
        while not self._requested.wait(1.0):
            pass

    @property
    def queued(self) -> int:
        return self._queue.qsize()

    # -- writer thread -------------------------------------------------------------
    def _connect_db(self) -> psycopg.Connection:
        while True:
            try:
                return psycopg.connect(self._conninfo, autocommit=True, connect_timeout=10)
            except psycopg.OperationalError as exc:
                if self._stop.is_set():
                    raise
                log.error("historian: the database cannot be reached (%s); trying again in %.0f s", exc, self.config.retry_s)
                self._stop.wait(self.config.retry_s)

    def _write_loop(self) -> None:
        writer: ReadingWriter | None = None
        batch: list[Message] = []
        last_report = time.monotonic()
        while True:
            if not batch:
                batch = self._take_batch()
            if not batch and self._stop.is_set() and self._queue.empty():
                break
            if batch:
                try:
                    if writer is None:
                        writer = ReadingWriter(self._connect_db(), self.now, self.config.full_days)
                    self._write(writer, batch)
                    batch = []
                except psycopg.Error as exc:
                    self.counters.failures += 1
                    log.error("historian: a batch of %d messages was not written (%s); trying again in %.0f s",
                              len(batch), exc, self.config.retry_s)
                    writer = None
                    if self._stop.wait(self.config.retry_s) and self.counters.failures > 3:
                        log.error("historian: stopping with %d messages unwritten", len(batch) + self._queue.qsize())
                        break
            if time.monotonic() - last_report >= self.config.report_s:
                self._report(time.monotonic() - last_report)
                last_report = time.monotonic()
        if writer is not None:
            writer.close()

    def _take(self, timeout: float) -> Message:
        item = self._queue.get(timeout=timeout)
        with self._room:
            self._queued_bytes -= len(item[1])
            self._room.notify()
        return item

    def _take_batch(self) -> list[Message]:
        try:
            first = self._take(0.2)
        except queue.Empty:
            return []
        batch = [first]
        deadline = time.monotonic() + self.config.batch_s
        size = first[1].count(b'"value"')
        while size < self.config.batch_readings:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            try:
                item = self._take(left)
            except queue.Empty:
                break
            batch.append(item)
            size += item[1].count(b'"value"')
        return batch

    def _write(self, writer: ReadingWriter, batch: list[Message]) -> None:
        readings: list[Reading] = []
        rejected = 0
        now = self.now()
        for topic, payload, _arrived in batch:
            try:
                message = parse(self.topics, topic, payload, now)
            except Rejected as exc:
                rejected += 1
                if self.counters.rejected + rejected <= 10:  # the first few, then only counted
                    log.warning("historian: message on %s rejected: %s", topic[:120], exc.reason)
                continue
            if isinstance(message, ReadingBatch):
                readings.extend(message.readings)
        result = writer.write(readings)
        committed = time.monotonic()
        lag = committed - min(arrived for _t, _p, arrived in batch)
        with self._lock:
            c = self.counters
            c.messages += len(batch)
            c.rejected += rejected
            c.readings += result.offered
            c.written += result.written
            c.duplicates += result.duplicates
            c.expired += result.expired
            if len(c.lags) < 100_000:
                c.lags.append((committed, lag))
            self.last_lag_s = lag

    def _report(self, seconds: float) -> None:
        with self._lock:
            c = self.counters
            lags, c.lags = c.lags, []
            written = c.written
        rate = (written - self._reported_written) / max(seconds, 1e-9)
        self._reported_written = written
        worst = max(lag for _t, lag in lags) if lags else 0.0
        log.info("historian: %.0f rows/s, lag max %.2f s over %d batches, %d queued; in all %d written, %d duplicates, "
                 "%d expired, %d rejected messages", rate, worst, len(lags), self._queue.qsize(), written, c.duplicates,
                 c.expired, c.rejected)

    # -- upkeep thread -------------------------------------------------------------
    def _upkeep_loop(self) -> None:
        upkeep: HistorianUpkeep | None = None
        while not self._stop.is_set():
            try:
                if upkeep is None:
                    upkeep = HistorianUpkeep(self._connect_db(), self.now, self.config.full_days, self.config.minute_days,
                                             self.config.rollup_delay_s)
                upkeep.run_once()
            except psycopg.Error as exc:
                log.error("historian: upkeep failed (%s); trying again in %.0f s", exc, self.config.upkeep_s)
                upkeep = None
            self._stop.wait(self.config.upkeep_s)
        if upkeep is not None:
            upkeep.close()
