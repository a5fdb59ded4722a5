"""The interface in the user's language, where a translation exists.

Every string the user sees is wrapped (``self.tr``, ``translate("context", …)``, or, in the
Qt-free core, ``QT_TRANSLATE_NOOP`` and a translate function the Qt layer passes in), so
``make translations LANG_CODE=ru`` collects them into ``resources/translations/forge_desktop_ru.ts``
for a translator and compiles the ``.qm`` file this module loads at start.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ..core import formatting

CATALOGUE = "forge_desktop"


def translations_dir() -> Path:
    """``resources/translations`` in a checkout, or inside the installed package."""
    packaged = Path(str(resources.files("forge_desktop") / "resources" / "translations"))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "resources" / "translations"


def install_translations(app: QCoreApplication, locale: QLocale | None = None,
                         directory: Path | None = None) -> list[QTranslator]:
    """Load Qt's own translations and ours for *locale* (default: the user's); return those
    found. A language without a translation stays English.

    English itself has a small catalogue, installed first whatever the language: the plural
    forms of the source text ("%n row(s)" → "1 row", "2 rows"), which Qt takes from a
    translation even for the language the code is written in."""
    locale = locale or QLocale()
    ours = str(directory or translations_dir())
    found: list[QTranslator] = []
    spoken = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    for where, name, wanted in ((ours, CATALOGUE, QLocale(QLocale.Language.English)),
                                (QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
                                 "qtbase", locale),
                                (ours, CATALOGUE, locale)):
        if name == CATALOGUE and wanted.language() == QLocale.Language.English and found:
            continue  # English asked for: its plurals are in already
        translator = QTranslator(app)
        if translator.load(wanted, name, "_", where):
            app.installTranslator(translator)
            found.append(translator)
            if name == CATALOGUE and wanted is locale:
                spoken = locale
    # Money, numbers and dates in the language the interface speaks: Russian words with
    # Russian numbers, never "до $10B"; a language without a translation stays en_US.
    formatting.use_locale(spoken.name(), QCoreApplication.translate)
    return found
