"""Language choice and Qt translators. Chinese first: zh_CN unless the system asks for another language."""

from __future__ import annotations

import locale
import logging
import os

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from console.infrastructure import resource_files

log = logging.getLogger("console.infrastructure.i18n")

LANGUAGES = ("zh_CN", "en")


def system_language() -> str:
    """zh_CN for a Chinese or unset (C/POSIX) locale, en for any other named language."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            break
    else:
        value = locale.getlocale()[0] or ""
    value = value.split(":")[0]
    if not value or value in ("C", "POSIX") or value.startswith("C."):
        return "zh_CN"
    return "zh_CN" if value.lower().startswith("zh") else "en"


def choose(setting: str) -> str:
    if setting in LANGUAGES:
        return setting
    if setting not in ("", "auto"):
        log.warning("unknown language %r in the settings; choosing from the system locale", setting)
    return system_language()


def install(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Load the console's and Qt's own translations; returns them (keep them alive)."""
    installed: list[QTranslator] = []
    QLocale.setDefault(QLocale(language))
    ours = QTranslator(app)  # English too: it carries the plural forms
    qm = resource_files.path("translations", f"duty_console_{language}.qm")
    if ours.load(str(qm)):
        app.installTranslator(ours)
        installed.append(ours)
    else:
        log.error("translation %s could not be loaded; the interface stays in English", qm)
    if language == "en":
        return installed
    qt = QTranslator(app)
    if qt.load(QLocale(language), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        installed.append(qt)
    return installed
