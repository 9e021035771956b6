#!/usr/bin/env python3
"""Synthesise the alarm sounds in resources/sounds/ (one short WAV per priority).

    .venv/bin/python packaging/make_sounds.py          write resources/sounds/*.wav
    .venv/bin/python packaging/make_sounds.py --check  exit 1 if the files differ from what this makes
                                                       (by more than 1 LSB: libm may round differently)

16-bit mono PCM at 22,050 Hz, each clip 0.9-1.2 s: the annunciator (console/services/annunciator.py)
decides how often a clip repeats, so a clip holds one burst of the pattern and, at its end,
a short stretch of silence that a restart may cut off without being heard. The output is
deterministic (no noise, no time stamps), so the files are reproducible (to the last bit of a
sample, which another libm may round the other way).

The patterns follow the usual rule "the more urgent, the faster and higher" (EEMUA 191,
ISO 11429 style): red/P1 a fast two-tone warble, orange/P2 fast pulses, yellow/P3 slow
pulses, blue/P4 a soft two-note chime.
"""

from __future__ import annotations

import argparse
import io
import sys
import wave
from pathlib import Path

import numpy as np

RATE = 22_050
OUT = Path(__file__).resolve().parents[1] / "resources" / "sounds"


def _silence(seconds: float) -> np.ndarray:
    return np.zeros(int(round(seconds * RATE)))


def _tone(freq: float, seconds: float, level: float, ramp_s: float = 0.008, harmonics: tuple[float, ...] = (1.0,)) -> np.ndarray:
    """A tone with raised-cosine edges (no clicks); ``harmonics`` are the partial levels."""
    n = int(round(seconds * RATE))
    t = np.arange(n) / RATE
    wave_ = sum(h * np.sin(2 * np.pi * freq * (i + 1) * t) for i, h in enumerate(harmonics))
    wave_ = wave_ / sum(harmonics)
    ramp = min(int(ramp_s * RATE), n // 2)
    env = np.ones(n)
    if ramp:
        edge = 0.5 - 0.5 * np.cos(np.linspace(0, np.pi, ramp))
        env[:ramp] = edge
        env[-ramp:] = edge[::-1]
    return level * wave_ * env


def _bell(freq: float, seconds: float, level: float, decay_s: float) -> np.ndarray:
    """A struck-bell note: quick attack, exponential decay, a few inharmonic partials."""
    n = int(round(seconds * RATE))
    t = np.arange(n) / RATE
    partials = ((1.0, 1.0), (2.0, 0.35), (2.76, 0.12))
    note = sum(a * np.sin(2 * np.pi * freq * r * t) for r, a in partials) / sum(a for _, a in partials)
    attack = np.minimum(1.0, t / 0.004)
    return level * note * attack * np.exp(-t / decay_s)


def p1_critical() -> np.ndarray:
    """Red: urgent two-tone warble, 8 alternating 100 ms beeps (988/740 Hz), no pause: loops continuously."""
    beeps = [_tone(988.0 if i % 2 == 0 else 740.0, 0.1, 0.8, ramp_s=0.005, harmonics=(1.0, 0.3, 0.15)) for i in range(8)]
    return np.concatenate(beeps + [_silence(0.1)])  # 0.9 s


def p2_high() -> np.ndarray:
    """Orange: four fast 880 Hz pulses (120 ms on, 80 ms off)."""
    parts = []
    for _ in range(4):
        parts += [_tone(880.0, 0.12, 0.7, harmonics=(1.0, 0.25)), _silence(0.08)]
    return np.concatenate(parts + [_silence(0.1)])  # 0.9 s


def p3_medium() -> np.ndarray:
    """Yellow: two slow 660 Hz pulses (300 ms on, 200 ms off)."""
    parts = []
    for _ in range(2):
        parts += [_tone(660.0, 0.3, 0.55, ramp_s=0.02, harmonics=(1.0, 0.2)), _silence(0.2)]
    return np.concatenate(parts)  # 1.0 s


def p4_low() -> np.ndarray:
    """Blue: a soft descending chime (E6 then C6), decaying."""
    first = _bell(1318.5, 0.45, 0.4, decay_s=0.18)
    second = _bell(1046.5, 0.75, 0.4, decay_s=0.25)
    return np.concatenate([first, second])  # 1.2 s


SOUNDS = {
    "alarm-p1": p1_critical,
    "alarm-p2": p2_high,
    "alarm-p3": p3_medium,
    "alarm-p4": p4_low,
}


def wav_bytes(samples: np.ndarray) -> bytes:
    pcm = np.clip(np.round(samples * 32767.0), -32768, 32767).astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm.tobytes())
    return buffer.getvalue()


def same_sound(a: bytes, b: bytes) -> bool:
    """Equal WAV parameters and length, samples within 1 LSB."""

    def read(data: bytes) -> tuple[tuple, np.ndarray]:
        with wave.open(io.BytesIO(data), "rb") as w:
            params = (w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes(), w.getcomptype())
            return params, np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.int32)

    (pa, sa), (pb, sb) = read(a), read(b)
    return pa == pb and bool(np.all(np.abs(sa - sb) <= 1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare with the files on disk")
    parser.add_argument("--out", type=Path, default=OUT, help=f"folder to write (default {OUT})")
    args = parser.parse_args(argv)
    stale = []
    if not args.check:
        args.out.mkdir(parents=True, exist_ok=True)
    for name, make in SOUNDS.items():
        data = wav_bytes(make())
        target = args.out / f"{name}.wav"
        if args.check:
            if not target.is_file() or not same_sound(target.read_bytes(), data):
                stale.append(target.name)
            continue
        target.write_bytes(data)
        print(f"{target}: {len(data)} bytes, {(len(data) - 44) / 2 / RATE:.2f} s")
    if stale:
        print("make_sounds: out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
