"""A frame (BGRX bytes from libvlc's video callbacks) written as a PNG file, off the GUI thread.

Plain numpy and zlib: no image library needed. The frame is resampled to the picture's display
size (libvlc may hand over a slightly stretched buffer) before it is written.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import numpy as np


def bgrx_to_rgb(data: bytes, width: int, height: int) -> np.ndarray:
    pixels = np.frombuffer(data, dtype=np.uint8, count=width * height * 4).reshape(height, width, 4)
    return pixels[:, :, 2::-1].copy()  # B,G,R,X → R,G,B


def resample(rgb: np.ndarray, width: int, height: int) -> np.ndarray:
    """Nearest-neighbour resize (enough to undo libvlc's small stretch)."""
    h, w, _ = rgb.shape
    if (w, h) == (width, height):
        return rgb
    rows = (np.arange(height) * h // height).clip(0, h - 1)
    cols = (np.arange(width) * w // width).clip(0, w - 1)
    return rgb[rows][:, cols]


def png_bytes(rgb: np.ndarray) -> bytes:
    height, width, _ = rgb.shape
    raw = np.concatenate([np.zeros((height, 1), dtype=np.uint8), rgb.reshape(height, width * 3)], axis=1)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw.tobytes(), 6)) + chunk(b"IEND", b"")


def write_png(path: Path, data: bytes, width: int, height: int, aspect: float = 0.0) -> tuple[int, int]:
    """Write the frame; with ``aspect`` (display width / height) the height is corrected to it.
    Returns the size written."""
    rgb = bgrx_to_rgb(data, width, height)
    if aspect > 0:
        target_h = max(2, round(width / aspect))
        rgb = resample(rgb, width, target_h)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".part")
    tmp.write_bytes(png_bytes(rgb))
    tmp.replace(path)
    return rgb.shape[1], rgb.shape[0]
