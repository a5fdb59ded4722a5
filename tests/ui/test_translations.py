"""The translation path end to end: lupdate finds the wrapped strings of every layer (the
Qt-free core included), lrelease compiles a translator's work, the window shows it."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication

import forge_desktop
from forge_desktop.ui.translations import install_translations, translations_dir

TOOLS = Path(sys.executable).parent
# A translator's work on four strings: a column label and a detail link (kept in the core),
# a caveat of the totals (core) and the status line's own words (Qt layer).
RUSSIAN = {
    ("columns", "Agency"): "Ведомство",
    ("records", "All {0} records"): "Все записи {0}",
    ("Totals", "records counted: {0} of {1}"): "учтено записей: {0} из {1}",
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
        # and the money in Russian: babel's ru_RU, with no-break spaces
        assert "20,62\N{NO-BREAK SPACE}млрд\N{NO-BREAK SPACE}$ обязательств" in window.status_label.full_text()
        assert "учтено записей: 33 из 35" in window.status_label.full_text()
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


# --------------------------------------------------------------------------- the shipped one

SHIPPED = translations_dir() / "forge_desktop_ru.ts"
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def messages(ts: Path):
    for context in ET.parse(ts).getroot().iter("context"):
        for message in context.iter("message"):
            yield context.findtext("name"), message


def forms(message) -> list[str]:
    """A message's translation: its plural forms, or the one text."""
    translation = message.find("translation")
    if message.get("numerus") == "yes":
        return [form.text or "" for form in translation.iter("numerusform")]
    return [translation.text or ""]


def test_the_russian_translation_is_complete_and_keeps_every_placeholder():
    for context, message in messages(SHIPPED):
        source, translation = message.findtext("source"), message.find("translation")
        where = f"{context}: {source[:60]!r}"
        assert translation.get("type") is None and all(forms(message)), f"untranslated: {where}"
        for text in forms(message):
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), \
                f"placeholders differ: {where}"
        if message.get("numerus") == "yes":  # Russian: one, few, many
            assert len(forms(message)) == 3 and all("%n" in f for f in forms(message)), where


def test_every_string_in_the_code_is_in_the_russian_translation(tmp_path):
    """A new or changed string fails here: run `make translations LANG_CODE=ru`, translate it."""
    fresh = tmp_path / "forge_desktop_ru.ts"
    fresh.write_bytes(SHIPPED.read_bytes())
    sources = sorted(str(p) for p in Path(forge_desktop.__file__).parent.rglob("*.py"))
    subprocess.run([str(TOOLS / "pyside6-lupdate"), *sources, "-ts", str(fresh), "-no-obsolete"],
                   check=True, capture_output=True)
    missing = [f"{context}: {message.findtext('source')[:60]!r}" for context, message in messages(fresh)
               if message.find("translation").get("type") == "unfinished"]
    assert not missing, "not translated yet:\n" + "\n".join(missing)


def test_the_shipped_qm_says_what_the_ts_says():
    """The .qm the app loads is compiled from the current .ts (run make translations)."""
    translator = QTranslator()
    assert translator.load(str(SHIPPED.with_suffix(".qm")))
    for context, message in messages(SHIPPED):
        source = message.findtext("source")
        if message.get("numerus") == "yes":  # 1 → the first form, 5 → the third (Russian)
            one, _few, many = forms(message)
            assert translator.translate(context, source, "", 1) == one  # %n: filled in by Qt
            assert translator.translate(context, source, "", 5) == many
        else:
            assert translator.translate(context, source) == message.findtext("translation"), \
                f"{context}: {source[:60]!r}"


def test_english_has_its_plural_forms_for_every_plural_message():
    """Qt takes even the source language's plurals from a catalogue: forge_desktop_en.qm."""
    english = QTranslator()
    assert english.load(str(translations_dir() / "forge_desktop_en.qm"))
    plural = [(c, m.findtext("source")) for c, m in messages(SHIPPED) if m.get("numerus") == "yes"]
    assert plural
    for context, source in plural:
        one = english.translate(context, source, "", 1)
        assert one and "(s)" not in one, f"{context}: {source!r} has no English forms"
    assert english.translate("MainWindow", "Copied %n row(s)", "", 1) == "Copied %n row"
    assert english.translate("MainWindow", "Copied %n row(s)", "", 3) == "Copied %n rows"


def test_a_russian_locale_gets_a_russian_window(qtbot, open_window):
    app = QApplication.instance()
    installed = install_translations(app, QLocale(QLocale.Language.Russian))
    try:
        window = open_window()
        titles = [action.text() for action in window.menuBar().actions()]
        assert all(re.search("[А-Яа-я]", title) for title in titles), titles
        assert "обязательств" in window.status_label.full_text() or "выделено" in \
            window.status_label.full_text()
    finally:
        for translator in installed:
            app.removeTranslator(translator)
