"""Many blocks packed at once: ``encode_many`` gives, for each segment of one long array of
readings, exactly the bytes ``codec.encode`` gives for that segment alone.

The reading history writes a park's minute (20,000 points, one segment each) in one go. Packed one
by one, each segment cost some thirty small numpy calls, about 300 µs of Python a segment, six
seconds a minute on the history's thread, all of it holding Python's interpreter lock that the GUI
thread needs too (issue 17). Here the deltas, the decimal places and the integer widths of all
segments are worked out in whole-array operations; only the byte shuffle of a segment, its header
and its compression remain per segment (tests/test_codec_many.py checks the bytes against
``codec.encode`` for every kind of segment).
"""

from __future__ import annotations

import struct
import zlib

import numpy as np

from console.services.history.codec import _HEADER, _INT_TYPES, _VERSION, LEVEL, MAX_DECIMALS, RAW_FLOAT, CodecError

_SCALES = np.array([10.0**places for places in range(MAX_DECIMALS + 1)])  # the very floats codec.encode multiplies by
_POWERS = np.array([10.0**places for places in range(256)])  # codec.decode divides by 10.0**places (RAW_FLOAT rows unused)
_LIMITS = [(int(np.iinfo(kind).min), int(np.iinfo(kind).max)) for kind in _INT_TYPES]


def _seg(flags: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Per segment: all of ``flags`` true."""
    return np.logical_and.reduceat(flags, starts)


def _narrow_codes(packed: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Per segment: the index in _INT_TYPES of the narrowest type holding all its values."""
    low, high = np.minimum.reduceat(packed, starts), np.maximum.reduceat(packed, starts)
    codes = np.full(len(starts), len(_LIMITS) - 1, dtype=np.int64)
    for code in range(len(_LIMITS) - 2, -1, -1):
        lo, hi = _LIMITS[code]
        codes[(low >= lo) & (high <= hi)] = code
    return codes


def decimals_many(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Per segment: ``codec.decimals_of`` of it (the fewest decimal places that give back every value
    exactly; RAW_FLOAT if none do)."""
    places = np.full(len(starts), -1, dtype=np.int64)  # -1: not decided yet
    finite = np.isfinite(values)
    places[~_seg(finite, starts)] = RAW_FLOAT
    safe = np.where(finite, values, 0.0)
    with np.errstate(over="ignore", invalid="ignore"):
        for p, scale in enumerate(_SCALES):
            open_ = places == -1
            if not open_.any():
                break
            scaled = np.round(safe * scale)
            too_big = np.maximum.reduceat(np.abs(scaled), starts) >= 2**53
            places[open_ & too_big] = RAW_FLOAT
            exact = _seg(scaled / scale == safe, starts)
            places[open_ & ~too_big & exact] = p
    places[places == -1] = RAW_FLOAT
    return places


def encode_many(times_ms: np.ndarray, values: np.ndarray, starts: np.ndarray) -> list[bytes]:
    """``times_ms`` int64, sorted within each segment; ``values`` float64; ``starts`` the index of
    each segment's first reading, ascending, the first 0; no segment empty."""
    times_ms = np.asarray(times_ms, dtype=np.int64)
    values = np.asarray(values, dtype=np.float64)
    starts = np.asarray(starts, dtype=np.int64)
    n = len(times_ms)
    if n == 0:
        return []
    ends = np.append(starts[1:], n)
    lengths = ends - starts
    # times: deltas of deltas within each segment (codec.encode: diff(diff(t, prepend=t0), prepend=0))
    deltas = np.diff(times_ms, prepend=times_ms[0])
    deltas[starts] = 0
    tpacked = np.diff(deltas, prepend=0)
    tpacked[starts] = 0
    tcodes = _narrow_codes(tpacked, starts)
    # values: scaled integers' deltas, or float bits XOR-ed with the previous value
    places = decimals_many(values, starts)
    raw_seg = places == RAW_FLOAT
    raw = np.repeat(raw_seg, lengths)
    scale = np.repeat(_SCALES[np.where(raw_seg, 0, places)], lengths)
    with np.errstate(over="ignore", invalid="ignore"):
        scaled = np.round(np.where(raw, 0.0, values) * scale).astype(np.int64)
    v0 = np.where(raw_seg, 0, scaled[starts])
    vpacked = np.diff(scaled, prepend=scaled[0])
    vpacked[starts] = 0
    if raw_seg.any():
        bits = values.view(np.int64)
        previous = np.empty_like(bits)
        previous[0] = 0
        previous[1:] = bits[:-1]
        previous[starts] = 0
        vpacked = np.where(raw, bits ^ previous, vpacked)
    vcodes = _narrow_codes(vpacked, starts)
    vcodes[raw_seg] = 3
    bodies = _shuffled_bodies(tpacked, vpacked, starts, lengths, tcodes, vcodes)
    pack, compress = _HEADER.pack, zlib.compress
    return [pack(_VERSION, length, t0, tc | (vc << 4), p, first) + compress(body, LEVEL)
            for length, t0, tc, vc, p, first, body in zip(lengths.tolist(), times_ms[starts].tolist(), tcodes.tolist(),
                                                          vcodes.tolist(), places.tolist(), v0.tolist(), bodies, strict=True)]


def _shuffled_bodies(tpacked: np.ndarray, vpacked: np.ndarray, starts: np.ndarray, lengths: np.ndarray,
                     tcodes: np.ndarray, vcodes: np.ndarray) -> list[bytes]:
    """Each segment's body before compression: its time deltas, then its values, each narrowed and
    byte-shuffled (codec._shuffle). Segments of the same length and widths are done together, as
    rows of one matrix (a park's minute: nearly all of them in one go)."""
    bodies: list[bytes] = [b""] * len(starts)
    groups = lengths * 64 + tcodes * 8 + vcodes
    for group in np.unique(groups).tolist():
        members = np.flatnonzero(groups == group)
        length, tc, vc = group // 64, (group // 8) % 8, group % 8
        rows = starts[members][:, None] + np.arange(length)
        tpart = _shuffle_rows(tpacked[rows].astype(_INT_TYPES[tc]))
        vpart = _shuffle_rows(vpacked[rows].astype(_INT_TYPES[vc]))
        tsize, vsize = tpart.shape[1], vpart.shape[1]
        joined = np.concatenate((tpart, vpart), axis=1).tobytes()
        step = tsize + vsize
        for k, member in enumerate(members.tolist()):
            bodies[member] = joined[k * step:(k + 1) * step]
    return bodies


def _shuffle_rows(matrix: np.ndarray) -> np.ndarray:
    """codec._shuffle of every row: (segments, readings) → (segments, bytes), bytes of equal significance together."""
    count, length = matrix.shape
    width = matrix.dtype.itemsize
    return np.ascontiguousarray(matrix.view(np.uint8).reshape(count, length, width).transpose(0, 2, 1)).reshape(count, width * length)


def decode_many(payloads: list[bytes]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(times_ms int64, values float64, lengths): the blocks one after the other, each exactly as
    ``codec.decode`` gives it; ``lengths[i]`` readings of block i. Blocks of the same length and
    types are unpacked together. CodecError if any block is damaged (the caller then decodes one
    by one, to skip only the damaged ones)."""
    try:
        headers = [_HEADER.unpack_from(p) for p in payloads]
        bodies = [zlib.decompress(memoryview(p)[_HEADER.size:]) for p in payloads]
    except (struct.error, zlib.error) as exc:
        raise CodecError(f"damaged block: {exc}") from exc
    if any(h[0] != _VERSION for h in headers):
        raise CodecError("unknown block version")
    count = len(payloads)
    lengths = np.array([h[1] for h in headers], dtype=np.int64)
    t0 = np.array([h[2] for h in headers], dtype=np.int64)
    codes = np.array([h[3] for h in headers], dtype=np.int64)
    places = np.array([h[4] for h in headers], dtype=np.int64)
    v0 = np.array([h[5] for h in headers], dtype=np.int64)
    if np.any((codes & 0x0F) >= len(_INT_TYPES)) or np.any((codes >> 4) >= len(_INT_TYPES)):
        raise CodecError("damaged block: unknown integer type")
    offsets = np.concatenate(([0], np.cumsum(lengths)))
    times = np.empty(int(offsets[-1]), dtype=np.int64)
    values = np.empty(int(offsets[-1]), dtype=np.float64)
    raw = places == RAW_FLOAT
    groups = lengths * 1024 + codes * 2 + raw
    for group in np.unique(groups).tolist() if count else []:
        members = np.flatnonzero(groups == group)
        n, code = group // 1024, (group % 1024) // 2
        ttype, vtype = _INT_TYPES[code & 0x0F], _INT_TYPES[code >> 4]
        tw, vw = np.dtype(ttype).itemsize, np.dtype(vtype).itemsize
        joined = b"".join(bodies[m] for m in members.tolist())
        if len(joined) != len(members) * n * (tw + vw):
            raise CodecError("damaged block: wrong body length")
        matrix = np.frombuffer(joined, dtype=np.uint8).reshape(len(members), n * (tw + vw))
        tpacked = _unshuffle_rows(matrix[:, : n * tw], ttype, n).astype(np.int64)
        vpacked = _unshuffle_rows(matrix[:, n * tw:], vtype, n).astype(np.int64)
        at = offsets[members][:, None] + np.arange(n)
        times[at] = np.cumsum(np.cumsum(tpacked, axis=1), axis=1) + t0[members][:, None]
        if group % 2:
            values[at] = np.bitwise_xor.accumulate(vpacked, axis=1).view(np.float64)
        else:
            values[at] = (np.cumsum(vpacked, axis=1) + v0[members][:, None]) / _POWERS[places[members]][:, None]
    return times, values, lengths


def _unshuffle_rows(matrix: np.ndarray, dtype: type, n: int) -> np.ndarray:
    """codec._unshuffle of every row: (blocks, bytes) → (blocks, n) values."""
    width = np.dtype(dtype).itemsize
    return np.ascontiguousarray(matrix.reshape(len(matrix), width, n).transpose(0, 2, 1)).view(dtype).reshape(len(matrix), n)


def encode_minutes_many(minute_ms: np.ndarray, low: np.ndarray, mean: np.ndarray, high: np.ndarray, count: np.ndarray,
                        starts: np.ndarray) -> list[bytes]:
    """For each segment, exactly ``codec.encode_minutes`` of it."""
    starts = np.asarray(starts, dtype=np.int64)
    total = len(minute_ms)
    if total == 0:
        return []
    lengths = np.diff(np.append(starts, total))
    # the decimal places of each segment's lows and highs together (codec: decimals_of(concatenate((low, high))))
    first = np.repeat(starts, lengths)
    k = np.arange(total) - first
    both = np.empty(2 * total)
    both[2 * first + k] = low
    both[2 * first + np.repeat(lengths, lengths) + k] = high
    places = decimals_many(both, 2 * starts)
    digits = np.repeat(np.where(places == RAW_FLOAT, -1, np.minimum(places + 2, MAX_DECIMALS)), lengths)
    mean = np.array(mean, dtype=np.float64)
    for d in np.unique(digits[digits >= 0]).tolist():
        chosen = digits == d
        mean[chosen] = np.round(mean[chosen], d)
    parts = [encode_many(minute_ms, a, starts) for a in (low, mean, high, np.asarray(count, dtype=np.float64))]
    size = struct.Struct("<I").pack
    return [b"".join(size(len(p)) + p for p in four) for four in zip(*parts, strict=True)]


def decode_minutes_many(payloads: list[bytes]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(minute_ms, min, mean, max, count, lengths): the minute blocks one after the other, each as
    ``codec.decode_minutes`` gives it. CodecError if any is damaged."""
    size = struct.Struct("<I")
    quarters: list[list[bytes]] = [[], [], [], []]
    try:
        for payload in payloads:
            offset = 0
            for q in quarters:
                (n,) = size.unpack_from(payload, offset)
                q.append(payload[offset + 4: offset + 4 + n])
                offset += 4 + n
    except struct.error as exc:
        raise CodecError(f"damaged minute block: {exc}") from exc
    decoded = [decode_many(q) for q in quarters]
    lengths = decoded[0][2]
    if any(not np.array_equal(d[2], lengths) for d in decoded[1:]):
        raise CodecError("damaged minute block: parts of different lengths")
    return decoded[0][0], decoded[0][1], decoded[1][1], decoded[2][1], decoded[3][1].astype(np.int64), lengths
