"""Fonts: a CJK family that has the glyphs, at sizes readable from two metres."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QRawFont
from PySide6.QtWidgets import QApplication

from console.infrastructure import resource_files

log = logging.getLogger("widgets.fonts")

PREFERRED = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "Microsoft YaHei UI",
    "PingFang SC",
    "SimHei",
)
BASE_POINT_SIZE = 13
LIST_POINT_SIZE = 15


def register_bundled() -> None:
    """Fonts shipped under resources/fonts are registered before any is chosen."""
    for name in resource_files.listing("fonts"):
        if name.lower().endswith((".ttf", ".ttc", ".otf")):
            QFontDatabase.addApplicationFont(str(resource_files.path("fonts", name)))


def cjk_family() -> str | None:
    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    for name in PREFERRED:
        if name in families:
            return name
    return families[0] if families else None


def apply(app: QApplication) -> QFont:
    register_bundled()
    family = cjk_family()
    font = QFont(app.font())
    if family:
        font.setFamilies([family])
    else:
        log.error("no font with Chinese glyphs found: Chinese text will show as boxes (install fonts-wqy-microhei)")
    font.setPointSize(BASE_POINT_SIZE)
    app.setFont(font)
    return font


def list_font(base: QFont) -> QFont:
    font = QFont(base)
    font.setPointSize(LIST_POINT_SIZE)
    return font


def supports(font: QFont, text: str) -> bool:
    """True when the font actually used for ``font`` has a glyph for every character."""
    raw = QRawFont.fromFont(font)
    return all(raw.supportsCharacter(ord(ch)) for ch in text if not ch.isspace())


def resolved_family(font: QFont) -> str:
    return QFontInfo(font).family()
