"""Language choice and Qt translators. Chinese first: zh_CN unless the system asks for another language."""

from __future__ import annotations

import locale
import logging
import os
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLibraryInfo, QLocale, QTranslator

from console.infrastructure import resource_files

log = logging.getLogger("console.infrastructure.i18n")

LANGUAGES = ("zh_CN", "en")

# Labels of Qt's own file dialog that Qt's Chinese translation (Qt 6.11) lacks: declared here so
# the console's translation carries them (Qt asks its own translation first, then the console's).
QT_TRANSLATION_GAPS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
)


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
    """Load the console's and Qt's own translations; returns them (keep them alive).

    Qt's own (qtbase: the standard buttons, file and message dialogs, the line edit's context
    menu) are loaded for every language of the console, so its dialogs speak the interface language."""
    installed: list[QTranslator] = []
    QLocale.setDefault(QLocale(language))
    ours = QTranslator(app)  # English too: it carries the plural forms
    qm = resource_files.path("translations", f"duty_console_{language}.qm")
    if ours.load(str(qm)):
        app.installTranslator(ours)
        installed.append(ours)
    else:
        log.error("translation %s could not be loaded; the interface stays in English", qm)
    qt = _qt_translator(app, language)
    if qt is not None:
        app.installTranslator(qt)
        installed.append(qt)
    return installed


def qt_translation_file(language: str) -> Path:
    """Qt's own translation of its widgets for ``language`` (PySide6's translations folder;
    in the packaged program, the folder PyInstaller copied them to)."""
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)) / f"qtbase_{language}.qm"


_missing_reported: set[str] = set()


def _qt_translator(app: QCoreApplication, language: str) -> QTranslator | None:
    qm = qt_translation_file(language)
    qt = QTranslator(app)
    if qm.is_file() and qt.load(str(qm)):
        return qt
    if str(qm) not in _missing_reported:
        _missing_reported.add(str(qm))
        log.warning("Qt's own translation %s could not be loaded; Qt's dialogs and standard buttons stay in English", qm)
    return None
