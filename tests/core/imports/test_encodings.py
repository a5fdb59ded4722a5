"""Telling a file's text encoding: a stated one wins, byte-order marks, strict UTF-8, the
Russian code pages told apart or refused, never mojibake. Most tests decode bytes and need
no database; the last import a KOI8-R file through the command line."""

from __future__ import annotations

import pytest

from forge_desktop.core.imports import ImportFileError, decode, encodings
from forge_desktop.core.schema import Financing

from .conftest import dump, financing, stored, write_csv

# A row of our financing export in Russian users' words (no « »: KOI8-R and CP866 lack them).
TEXT = ('id,agency,recipient,recipient_ru,summary,quote_ru\r\n'
        'ru-1,EXIM,Project Vault,"Проект ""Хранилище""",A $10 billion loan.,'
        '"Совет директоров EXIM одобрил прямой кредит в размере до 10 миллиардов долларов"\r\n'
        'ru-2,DOE,Battery plant,Министерство энергетики,A grant.,"Литий, никель и кобальт"\r\n')
CODE_PAGES = ["cp1251", "koi8-r", "koi8-u", "cp866", "mac-cyrillic", "iso8859-5"]


def refusal(data: bytes, encoding: str | None = None) -> str:
    """The message refusing *data*, checked to be one line."""
    with pytest.raises(ImportFileError) as refused:
        decode(data, encoding)
    message = str(refused.value)
    assert "\n" not in message
    return message


# --------------------------------------------------------------------------- detected


@pytest.mark.parametrize("encoding", CODE_PAGES)
def test_each_russian_code_page_is_told_apart(encoding):
    assert decode(TEXT.encode(encoding)) == TEXT


@pytest.mark.parametrize(("bom", "encoding"), [
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
])
def test_a_byte_order_mark_tells_the_encoding_and_is_dropped(bom, encoding):
    assert decode(bom + TEXT.encode(encoding)) == TEXT


def test_utf16_without_a_byte_order_mark_is_binary_until_its_encoding_is_given():
    data = TEXT.encode("utf-16-le")
    assert "binary file" in refusal(data)
    assert decode(data, "utf-16") == TEXT  # little-endian, as Windows writes it
    assert decode(data, "utf-16-le") == TEXT
    assert decode(TEXT.encode("utf-16-be"), "utf-16-be") == TEXT
    assert decode(TEXT.encode("utf-32"), "utf-32") == TEXT


def test_utf8_and_ascii_never_reach_the_code_page_detection(monkeypatch):
    def detect(*args, **kwargs):
        raise AssertionError("charset-normalizer ran on UTF-8")

    monkeypatch.setattr(encodings, "from_bytes", detect)
    ascii_text = "id,agency,recipient\r\n" + "x-1,DOD,Vulcan Elements\r\n" * 100_000
    assert decode(ascii_text.encode()) == ascii_text
    assert decode(TEXT.encode()) == TEXT


def test_a_stray_byte_in_utf8_is_refused_where_it_is():
    good = TEXT.encode()
    data = good + b"ru-3,DOD,Soci\xe9" + "t\u00e9,Рудник,s,\r\n".encode()

    message = refusal(data)

    assert message.startswith("the file is UTF-8 text except at line 4, ")
    assert f"byte {len(good) + 13:,} (0xE9)" in message
    assert "choose the file's encoding" in message


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_french_in_latin1_is_refused_not_read_as_cyrillic(encoding):
    data = "id,recipient\r\nf-1,Société Générale\r\nf-2,Crédit Agricole à l'export\r\n".encode(encoding)

    message = refusal(data)

    assert message.startswith("could not tell this file's text encoding (tried UTF-8, Windows-1251, "
                              "KOI8-R, KOI8-U, CP866, Mac Cyrillic, ISO-8859-5)")
    assert message.endswith("choose the encoding, or save the file as UTF-8")
    assert decode(data, encoding).endswith("Crédit Agricole à l'export\r\n")


def test_koi8r_misread_as_cp1251_is_not_plausible_russian():
    misread = TEXT.encode("koi8-r").decode("cp1251")
    assert "нЙОЙУФЕТУФЧП" in misread  # Министерство, case swapped and letters scrambled
    assert not encodings.plausible(misread)
    assert encodings.plausible(TEXT)


def test_two_code_pages_reading_as_russian_differently_are_refused():
    """In cp1251 "Форуму" and in Mac Cyrillic "‘оруму" both read as Russian: no guess."""
    data = 'id,quote_ru\r\nx,"Форуму по геостратегическому взаимодействию в ресурсной сфере"\r\n'.encode("cp1251")
    assert encodings.plausible(data.decode("cp1251")) and encodings.plausible(data.decode("mac-cyrillic"))
    assert refusal(data).startswith("could not tell this file's text encoding")
    assert "Форуму" in decode(data, "cp1251")


def test_a_few_russian_letters_are_too_few_to_tell_by():
    """cp1251 "Юг" is "оу" in ISO-8859-5: two letters say nothing for sure."""
    assert refusal("id,name_ru\r\nx,Юг\r\n".encode("cp1251")).startswith("could not tell")


def test_a_large_file_is_told_from_a_bounded_sample_that_reaches_its_end(monkeypatch):
    """Megabytes of English rows, then the Russian: the probes through the file find it."""
    english = "id,agency,recipient,quote_ru\r\n" + "x,DOD,Vulcan Elements,\r\n" * 200_000
    text = english + TEXT.split("\r\n", 1)[1] * 3
    seen = []
    from_bytes = encodings.from_bytes

    def spy(sample, **kwargs):
        seen.append(len(sample))
        return from_bytes(sample, **kwargs)

    monkeypatch.setattr(encodings, "from_bytes", spy)

    assert decode(text.encode("koi8-r")) == text
    assert len(text) > 4_000_000 and seen and max(seen) <= 300_000


def test_a_byte_its_code_page_lacks_outside_the_sample_is_refused_where_it_is():
    """The sample tells cp1251; the whole file is then read strictly, so a byte the sample
    missed (0x98 is no character in cp1251) is refused, not replaced."""
    rows = TEXT.encode("cp1251").split(b"\r\n", 1)[1] * 5_000  # a megabyte
    at = rows.index(b"\r\n", encodings.SAMPLE_BYTES + 20_000) + 2  # between the head and a probe
    data = rows[:at] + b"ru-3,DOD,\x98,s\r\n" + rows[at:]

    message = refusal(data)

    line = data[:at].count(b"\n") + 1
    assert message.startswith(f"the file is not valid Windows-1251 text: see line {line:,}, "
                              f"byte {at + 9:,} (0x98)")


# --------------------------------------------------------------------------- stated


def test_a_stated_encoding_wins_over_detection():
    data = TEXT.encode("cp1251")
    assert decode(data, "koi8-r") == data.decode("koi8-r")  # mojibake, as asked for
    assert decode(TEXT.encode(), "latin-1") == TEXT.encode().decode("latin-1")
    assert decode(b"\xef\xbb\xbfid,x\r\n", "utf-8") == "id,x\r\n"  # a mark it leaves is dropped


def test_a_stated_encoding_is_used_strictly():
    data = TEXT.encode("cp1251") + b"\x98\r\n"
    message = refusal(data, "cp1251")
    assert message.startswith("the file is not valid cp1251 text: see line 4, ")
    assert message.endswith("choose another encoding")


def test_nul_after_a_stated_encoding_is_still_a_binary_file():
    assert "binary file" in refusal(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "latin-1")


@pytest.mark.parametrize(("name", "start"), [
    ("no-such-codec", "unknown text encoding 'no-such-codec'"),
    ("utf\x008", "unknown text encoding"),
    ("rot13", "'rot13' is not an encoding text files are saved in"),
    ("base64", "'base64' is not an encoding text files are saved in"),
    ("zlib", "'zlib' is not an encoding text files are saved in"),
    ("undefined", "'undefined' is not an encoding text files are saved in"),
    ("punycode", "'punycode' is not an encoding text files are saved in"),
    ("unicode_escape", "'unicode_escape' is not an encoding text files are saved in"),
])
def test_a_name_that_is_no_text_encoding_is_refused_in_one_line(name, start):
    assert refusal(b"id,x\r\n", name).startswith(start)


# --------------------------------------------------------------------------- through the CLI


def test_a_koi8r_financing_csv_imports_through_the_command_line(db_url, engine, tmp_path, forge):
    path = write_csv(tmp_path / "koi8.csv", [
        financing("koi-1", recipient_ru="Министерство энергетики США",
                  quote_ru="Совет директоров одобрил прямой кредит в размере до 10 миллиардов")],
        encoding="koi8-r")
    before = dump(engine)

    dry = forge("import", "financing", str(path), "--dry-run", "--db", db_url)
    assert (dry.returncode, dry.stderr) == (0, "")
    assert dry.stdout.strip() == "1 financing records would be imported (dry run)"
    assert dump(engine) == before

    done = forge("import", "financing", str(path), "--db", db_url)
    assert done.returncode == 0, done.stderr
    assert stored(engine, Financing, "koi-1").recipient_ru == "Министерство энергетики США"


def test_the_command_line_reads_utf16_it_is_told_of_and_refuses_a_bad_name(db_url, engine, tmp_path, forge):
    path = write_csv(tmp_path / "utf16.csv", [financing("u16-1", recipient_ru="Литий")],
                     encoding="utf-16-le")

    assert "binary file" in forge("import", "financing", str(path), "--dry-run", "--db", db_url).stderr
    told = forge("import", "financing", str(path), "--dry-run", "--encoding", "utf-16", "--db", db_url)
    assert (told.returncode, told.stderr) == (0, "")

    bad = forge("import", "financing", str(path), "--encoding", "rot13", "--db", db_url)
    assert bad.returncode == 2
    assert bad.stderr.splitlines() == ["forge-desktop: error: argument --encoding: 'rot13' is not an "
                                       "encoding text files are saved in; name one such as utf-8, "
                                       "utf-16, cp1251 or koi8-r"]  # refused as the command line is read
