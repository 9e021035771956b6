"""Packing blocks of readings into bytes, losslessly and small.

Times are whole milliseconds (the protocol's resolution), stored as deltas of deltas: a
steady 1 Hz series costs almost nothing. Values are stored exactly: when every value of a
block is a decimal with at most ``MAX_DECIMALS`` places (what instruments and gateways
send), as deltas of scaled integers in the narrowest integer type; otherwise as the float64
bits XOR-ed with the previous value. Both are byte-shuffled and zlib-compressed.

Payload: a fixed header (``_HEADER``) then the compressed body.
"""

from __future__ import annotations

import struct
import zlib
from typing import Any

import numpy as np

MAX_DECIMALS = 6
RAW_FLOAT = 255  # ``decimals`` value of a block stored as float64 bits
LEVEL = 6  # zlib level: 9 saves ~1 % more at twice the time
_HEADER = struct.Struct("<BIqBBq")  # version, count, first time ms, time dtype, decimals, first scaled value
_VERSION = 1
_INT_TYPES: tuple[type[np.signedinteger[Any]], ...] = (np.int8, np.int16, np.int32, np.int64)


class CodecError(ValueError):
    pass


def _narrow(values: np.ndarray) -> tuple[int, np.ndarray]:
    """The smallest signed integer type index holding every value, and the values in it."""
    if values.size == 0:
        return 0, values.astype(np.int8)
    low, high = int(values.min()), int(values.max())
    for code, kind in enumerate(_INT_TYPES):
        info = np.iinfo(kind)
        if info.min <= low and high <= info.max:
            return code, values.astype(kind)
    raise CodecError("value out of int64 range")


def _shuffle(array: np.ndarray) -> bytes:
    """Bytes of equal significance together: deltas' high bytes are mostly 0 or 0xff."""
    width = array.dtype.itemsize
    if width == 1:
        return array.tobytes()
    return array.view(np.uint8).reshape(-1, width).T.tobytes()


def _unshuffle(data: bytes, dtype: type, count: int) -> np.ndarray:
    width = np.dtype(dtype).itemsize
    raw = np.frombuffer(data, dtype=np.uint8, count=count * width)
    if width == 1:
        return raw.view(dtype)
    return np.ascontiguousarray(raw.reshape(width, count).T).view(dtype).reshape(count)


def decimals_of(values: np.ndarray) -> int:
    """The fewest decimal places that give back every value exactly; RAW_FLOAT if none do."""
    if values.size == 0:
        return 0
    if not np.all(np.isfinite(values)):
        return RAW_FLOAT
    for places in range(MAX_DECIMALS + 1):
        scale = 10.0**places
        scaled = np.round(values * scale)
        if np.abs(scaled).max() >= 2**53:
            return RAW_FLOAT
        if np.array_equal(scaled / scale, values):
            return places
    return RAW_FLOAT


def encode(times_ms: np.ndarray, values: np.ndarray) -> bytes:
    """``times_ms`` int64 (sorted), ``values`` float64, same length."""
    times_ms = np.asarray(times_ms, dtype=np.int64)
    values = np.asarray(values, dtype=np.float64)
    n = len(times_ms)
    if len(values) != n:
        raise CodecError("times and values differ in length")
    t0 = int(times_ms[0]) if n else 0
    deltas = np.diff(times_ms, prepend=t0)
    tcode, tpacked = _narrow(np.diff(deltas, prepend=0))
    places = decimals_of(values)
    if places == RAW_FLOAT:
        bits = values.view(np.int64)
        packed = bits ^ np.concatenate(([0], bits[:-1])) if n else bits
        v0, vcode, vpacked = 0, 3, packed
    else:
        scaled = np.round(values * 10.0**places).astype(np.int64)
        v0 = int(scaled[0]) if n else 0
        vcode, vpacked = _narrow(np.diff(scaled, prepend=v0))
    header = _HEADER.pack(_VERSION, n, t0, tcode | (vcode << 4), places, v0)
    return header + zlib.compress(_shuffle(tpacked) + _shuffle(vpacked), LEVEL)


def decode(payload: bytes) -> tuple[np.ndarray, np.ndarray]:
    """(times_ms int64, values float64) exactly as encoded."""
    try:
        version, n, t0, codes, places, v0 = _HEADER.unpack_from(payload)
        if version != _VERSION:
            raise CodecError(f"unknown block version {version}")
        body = zlib.decompress(payload[_HEADER.size:])
    except (struct.error, zlib.error) as exc:
        raise CodecError(f"damaged block: {exc}") from exc
    ttype, vtype = _INT_TYPES[codes & 0x0F], _INT_TYPES[codes >> 4]
    tbytes = n * np.dtype(ttype).itemsize
    if len(body) != tbytes + n * np.dtype(vtype).itemsize:
        raise CodecError("damaged block: wrong body length")
    times = np.cumsum(np.cumsum(_unshuffle(body[:tbytes], ttype, n).astype(np.int64))) + t0
    vpacked = _unshuffle(body[tbytes:], vtype, n).astype(np.int64)
    if places == RAW_FLOAT:
        values = np.bitwise_xor.accumulate(vpacked).view(np.float64)
    else:
        values = (np.cumsum(vpacked) + v0) / 10.0**places
    return times, values


def encode_minutes(minute_ms: np.ndarray, low: np.ndarray, mean: np.ndarray, high: np.ndarray, count: np.ndarray) -> bytes:
    """Per-minute aggregates: four packed series on the same times, each length-prefixed.
    The mean is kept to two more decimals than the readings (it is a statistic, not a reading)."""
    places = decimals_of(np.concatenate((low, high)))
    if places != RAW_FLOAT:
        mean = np.round(mean, min(places + 2, MAX_DECIMALS))
    parts = [encode(minute_ms, a) for a in (low, mean, high, np.asarray(count, dtype=np.float64))]
    return b"".join(struct.pack("<I", len(p)) + p for p in parts)


def decode_minutes(payload: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(minute_ms, min, mean, max, count) as encoded."""
    arrays = []
    offset = 0
    for _ in range(4):
        try:
            (size,) = struct.unpack_from("<I", payload, offset)
        except struct.error as exc:
            raise CodecError(f"damaged minute block: {exc}") from exc
        times, values = decode(payload[offset + 4 : offset + 4 + size])
        arrays.append(values)
        offset += 4 + size
    return times, arrays[0], arrays[1], arrays[2], arrays[3].astype(np.int64)


def minute_aggregates(times_ms: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, ...]:
    """(minute_ms, min, mean, max, count) of readings sorted by time."""
    minutes = times_ms // 60_000
    starts = np.flatnonzero(np.diff(minutes, prepend=minutes[:1] - 1))
    if len(times_ms) == 0:
        empty = np.zeros(0)
        return np.zeros(0, dtype=np.int64), empty, empty, empty, np.zeros(0, dtype=np.int64)
    count = np.diff(np.append(starts, len(values)))
    return (
        minutes[starts] * 60_000,
        np.minimum.reduceat(values, starts),
        np.add.reduceat(values, starts) / count,
        np.maximum.reduceat(values, starts),
        count,
    )
