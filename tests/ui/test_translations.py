"""The translation path end to end: lupdate finds the wrapped strings of every layer (the
Qt-free core included), lrelease compiles a translator's work, the window shows it."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication

import forge_desktop
from forge_desktop.ui.translations import install_translations, translations_dir

TOOLS = Path(sys.executable).parent
# A translator's work on four strings: a column label and a detail link (kept in the core),
# a caveat of the totals (core) and the status line's own words (Qt layer).
RUSSIAN = {
    ("columns", "Agency"): "Ведомство",
    ("records", "All {0} records"): "Все записи {0}",
    ("Totals", "records counted: {0}"): "учтено записей: {0}",
    ("TablePage", "{0} committed"): "{0} обязательств",
}


def compile_russian(directory: Path) -> None:
    ts = directory / "forge_desktop_ru.ts"
    sources = sorted(str(p) for p in Path(forge_desktop.__file__).parent.rglob("*.py"))
    subprocess.run([str(TOOLS / "pyside6-lupdate"), *sources, "-ts", str(ts)], check=True,
                   capture_output=True)
    tree = ET.parse(ts)
    wanted = dict(RUSSIAN)
    for context in tree.getroot().iter("context"):
        for message in context.iter("message"):
            key = (context.findtext("name"), message.findtext("source"))
            if key in wanted:
                translation = message.find("translation")
                translation.text = wanted.pop(key)
                translation.attrib.pop("type", None)  # no longer "unfinished"
    assert not wanted, f"lupdate did not find {sorted(wanted)}"
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    subprocess.run([str(TOOLS / "pyside6-lrelease"), str(ts), "-qm",
                    str(directory / "forge_desktop_ru.qm")], check=True, capture_output=True)


def test_a_compiled_translation_reaches_every_layer_of_the_window(qtbot, open_window, tmp_path):
    compile_russian(tmp_path)
    app = QApplication.instance()
    installed = install_translations(app, QLocale(QLocale.Language.Russian), tmp_path)
    try:
        window = open_window()
        page = window.pages["financing"]
        header = page.model.headerData(page.model.column_of("agency"), Qt.Orientation.Horizontal,
                                       Qt.ItemDataRole.DisplayRole)
        assert header == "Ведомство"
        assert "$20.62B обязательств" in window.status_label.full_text()
        assert "учтено записей: 33 of 35" in window.status_label.full_text()
        page.view.selectRow(1)  # Project Vault, an EXIM record
        qtbot.waitUntil(lambda: "Все записи EXIM" in window.detail.toPlainText(), timeout=5000)
    finally:
        for translator in installed:
            app.removeTranslator(translator)


def test_a_language_without_a_translation_stays_english(qtbot, tmp_path):
    installed = install_translations(QApplication.instance(), QLocale(QLocale.Language.Welsh),
                                     tmp_path)
    assert all("forge_desktop" not in t.filePath() for t in installed)


def test_translations_live_in_resources():
    assert translations_dir().parts[-2:] == ("resources", "translations")
