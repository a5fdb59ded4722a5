"""Fill forge_desktop_en.ts with the English plural forms of every "%n …(s)" message.

Qt takes plural forms from a translation even for the language the code is written in, so
``"%n row(s)"`` needs "%n row" and "%n rows" from somewhere: ``make translations`` runs
``lupdate -pluralonly`` into forge_desktop_en.ts and then this, which derives both forms from
the source text ("(s)" dropped or kept, "were" singular "was") and refuses a message it cannot
derive, so a new kind of plural is translated by hand, not guessed.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET


def english_forms(source: str) -> tuple[str, str]:
    if "(s)" not in source and "%n" not in source:
        raise ValueError(f"not a plural message: {source!r}")
    one = re.sub(r"\(s\)", "", source).replace(" were ", " was ")
    other = re.sub(r"\(s\)", "s", source)
    return one, other


def main(path: str) -> int:
    tree = ET.parse(path)
    for message in tree.getroot().iter("message"):
        if message.get("numerus") != "yes":
            continue
        translation = message.find("translation")
        assert translation is not None
        for child in list(translation):
            translation.remove(child)
        translation.text = None
        translation.attrib.pop("type", None)
        for form in english_forms(message.findtext("source") or ""):
            ET.SubElement(translation, "numerusform").text = form
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
