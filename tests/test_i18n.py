"""Translations: zh_CN complete and compiled, shown in the real window, and Chinese glyphs render."""

from __future__ import annotations

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
