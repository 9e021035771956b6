"""Translations: zh_CN complete and compiled, shown in the real window, and Chinese glyphs render."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

from console.infrastructure import i18n, resource_files

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "translations"


def _messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    tree = ET.parse(path)
    return {(ctx.findtext("name"), m.findtext("source")): m for ctx in tree.iter("context") for m in ctx.iter("message")}


def test_every_string_in_the_code_is_translated_to_chinese(tmp_path):
    """Run lupdate over the code into a scratch file: nothing new, nothing unfinished."""
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    scratch = tmp_path / "check_zh_CN.ts"
    shutil.copy(TS / "duty_console_zh_CN.ts", scratch)
    sources = [str(p) for p in sorted((ROOT / "console").rglob("*.py")) + sorted((ROOT / "widgets").rglob("*.py"))]
    subprocess.run([str(lupdate), "-no-obsolete", "-locations", "none", *sources, "-ts", str(scratch)], check=True, capture_output=True)
    messages = _messages(scratch)
    assert messages, "no translatable strings found"
    unfinished = [src for (ctx, src), m in messages.items() if m.find("translation").get("type") == "unfinished"]
    assert unfinished == [], "run packaging/translations.sh and translate these"


def test_compiled_translations_are_current(tmp_path):
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    for lang in ("zh_CN", "en"):
        out = tmp_path / f"{lang}.qm"
        subprocess.run([str(lrelease), "-silent", str(TS / f"duty_console_{lang}.ts"), "-qm", str(out)], check=True)
        assert out.read_bytes() == resource_files.read_bytes("translations", f"duty_console_{lang}.qm"), (
            f"duty_console_{lang}.qm is stale: run packaging/translations.sh"
        )


@pytest.mark.parametrize(
    ("env", "expected"),
    [({"LANG": "zh_CN.UTF-8"}, "zh_CN"), ({"LANG": "en_US.UTF-8"}, "en"), ({"LANG": "C.UTF-8"}, "zh_CN"), ({}, "zh_CN"), ({"LC_ALL": "de_DE.UTF-8", "LANG": "zh_CN.UTF-8"}, "en")],
)
def test_language_from_the_system(monkeypatch, env, expected):
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    monkeypatch.setattr(i18n.locale, "getlocale", lambda: (None, None))
    assert i18n.choose("auto") == expected
    assert i18n.choose("en") == "en"


@pytest.fixture
def chinese(qapp):
    translators = i18n.install(qapp, "zh_CN")
    yield
    for t in translators:
        qapp.removeTranslator(t)


def test_chinese_window_renders_with_cjk_glyphs(chinese, qtbot, make_settings, qapp):
    from console.shell.app import build_core, build_window
    from widgets import fonts

    fonts.apply(qapp)
    core = build_core(make_settings(**{"ui.language": "zh_CN"}))
    window = build_window(core)
    qtbot.addWidget(window)
    try:
        assert window.ack_button.text() == "确认报警（空格键）"
        headers = [window.model.headerData(i, _horizontal()) for i in range(window.model.columnCount())]
        assert headers[:3] == ["优先级", "状态", "报警时间"]
        shown = "".join(headers) + window.ack_button.text() + window.sign_in.message.text() + "值班报警台可燃气体浓度高高报红色紧急"
        list_font = window.view.font()
        assert fonts.supports(list_font, shown), f"{fonts.resolved_family(list_font)} lacks Chinese glyphs"
        assert fonts.supports(window.ack_button.font(), window.ack_button.text())
    finally:
        window.close()
        core.shutdown()


def test_translate_falls_back_to_english_without_translator():
    assert QCoreApplication.translate("AlarmTable", "Priority") == "Priority"


def _horizontal():
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


# -- Qt's own dialogs in the interface language ----------------------------------------
@pytest.fixture
def installed(qapp):
    """install(app, language) for the test; the translators are removed afterwards."""
    added: list = []

    def install(language: str) -> None:
        added.extend(i18n.install(qapp, language))

    yield install
    for t in added:
        qapp.removeTranslator(t)


def _standard_button_texts(qtbot) -> list[str]:
    from PySide6.QtWidgets import QDialogButtonBox

    Std = QDialogButtonBox.StandardButton
    box = QDialogButtonBox(Std.Ok | Std.Cancel | Std.Save)
    qtbot.addWidget(box)
    return [box.button(b).text() for b in (Std.Ok, Std.Cancel, Std.Save)]


def test_qt_own_translation_ships_for_every_console_language():
    for language in i18n.LANGUAGES:
        assert i18n.qt_translation_file(language).is_file(), language


def test_qt_standard_buttons_speak_chinese(installed, qtbot):
    installed("zh_CN")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert _standard_button_texts(qtbot) == ["确定", "取消", "保存"]


def test_qt_standard_buttons_stay_english_in_english(installed, qtbot):
    installed("en")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    assert _standard_button_texts(qtbot) == ["OK", "Cancel", "Save"]


def test_qt_file_dialog_and_line_edit_menu_speak_chinese(installed, qtbot):
    from PySide6.QtWidgets import QFileDialog, QLabel, QLineEdit, QPushButton

    installed("zh_CN")
    dialog = QFileDialog(None, "x")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    labels = {label.objectName(): label.text() for label in dialog.findChildren(QLabel)}
    # Qt's own translation lacks two of them; the console's translation carries those (i18n.QT_TRANSLATION_GAPS).
    assert labels == {"lookInLabel": "查找范围(&L)：", "fileNameLabel": "文件名称(&N)：", "fileTypeLabel": "文件类型(&T)："}
    buttons = [b.text() for b in dialog.findChildren(QPushButton)]
    assert buttons and all(re.search(r"[\u4e00-\u9fff]", t) for t in buttons), buttons
    edit = QLineEdit()
    qtbot.addWidget(edit)
    menu = edit.createStandardContextMenu()
    texts = [a.text() for a in menu.actions() if a.text()]
    menu.deleteLater()
    assert texts and all(not any(word in t for word in ("Undo", "Copy", "Paste", "Select")) for t in texts), texts
    assert any("复制" in t for t in texts), texts


def test_missing_qt_translation_is_reported_once(installed, monkeypatch, tmp_path, caplog):
    missing = tmp_path / "qtbase_zh_CN.qm"
    monkeypatch.setattr(i18n, "qt_translation_file", lambda language: missing)
    with caplog.at_level("WARNING", logger="console.infrastructure.i18n"):
        installed("zh_CN")
        installed("zh_CN")
    warnings = [r for r in caplog.records if r.levelname == "WARNING" and str(missing) in r.getMessage()]
    assert len(warnings) == 1
    assert QCoreApplication.translate("AlarmTable", "Priority") == "优先级"  # the console's own still load
