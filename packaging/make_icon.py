"""Render resources/icons/duty-console.svg into a Windows icon (.ico, 16 to 256 px) for the
PyInstaller build and the Inno Setup installer. Runs wherever PySide6 runs (the Windows CI job,
and here).    python packaging/make_icon.py OUT.ico"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QGuiApplication, QIcon

ROOT = Path(__file__).resolve().parents[1]
SIZES = (16, 24, 32, 48, 64, 128, 256)


def main(out: str) -> int:
    app = QGuiApplication.instance() or QGuiApplication(["make_icon", "-platform", "offscreen"])
    icon = QIcon(str(ROOT / "resources" / "icons" / "duty-console.svg"))
    images = []
    for size in SIZES:
        image = icon.pixmap(QSize(size, size)).toImage()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if image.isNull() or not image.save(buffer, "PNG"):
            print("make_icon: the SVG could not be rendered (Qt's svg image plug-in missing?)", file=sys.stderr)
            return 1
        images.append((size, bytes(data.data())))
    # ICO: a header, one directory entry per size, then the images (PNG inside, Windows Vista on).
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, png in images:
        side = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    Path(out).write_bytes(header + entries + blobs)
    del app
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "packaging" / "windows" / "duty-console.ico")))
