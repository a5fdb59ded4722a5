"""Options the command line checks as it reads them (argparse types): a bad one is one
line naming the option, exit code 2, before anything is opened or read."""

from __future__ import annotations

import csv
import io

import pytest

from forge_desktop.core import cli

from ..conftest import run_forge


def refused(*args: str) -> str:
    result = run_forge(*args)
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr
    assert "Traceback" not in stderr
    assert len(stderr.splitlines()) == 1, stderr
    assert stderr.startswith("forge-desktop: error: "), stderr
    assert result.stdout == b""
    return stderr


@pytest.fixture
def one_row(tmp_path):
    path = tmp_path / "one.csv"
    path.write_text("id;agency;recipient;instrument;stage;amount_usd;summary\n"
                    "x-1;DOD;Someone;equity;announced;5M;A test\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("value", [",,", "", "ab", '"', "\n"])
def test_a_delimiter_is_one_character(tmp_path, value):
    missing = tmp_path / "never-read.csv"  # the option is refused before the file is looked at
    stderr = refused("import", "financing", str(missing), "--delimiter", value, "--db", "sqlite://")
    assert "--delimiter" in stderr


@pytest.mark.parametrize("value", ["punycode", "undefined", "base64", "rot13", "zlib", "idna",
                                   "no-such-codec"])
def test_an_encoding_is_a_text_encoding_files_are_saved_in(tmp_path, value):
    missing = tmp_path / "never-read.csv"
    stderr = refused("import", "financing", str(missing), "--encoding", value, "--db", "sqlite://")
    assert "--encoding" in stderr and value in stderr


@pytest.mark.parametrize("value", ["utf-8", "UTF-16", "koi8-r", "cp1251", "latin-1", "utf_8_sig"])
def test_text_encodings_are_taken_as_given(value):
    assert cli.text_encoding(value) == value


@pytest.mark.parametrize(("value", "meant"), [(";", ";"), (",", ","), ("\\t", "\t"), ("tab", "\t"),
                                              ("|", "|"), (" ", " ")])
def test_delimiters_taken(value, meant):
    assert cli.delimiter(value) == meant


def test_a_valid_delimiter_and_encoding_import(one_row):
    result = run_forge("import", "financing", str(one_row), "--delimiter", ";", "--encoding",
                       "utf-8", "--dry-run", "--db", "sqlite://")
    assert result.returncode == 0, result.stderr.decode()
    assert "1 financing records would be imported" in result.stdout.decode()


def test_a_tab_delimiter_can_be_typed(tmp_path):
    path = tmp_path / "tabs.csv"
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t")
    writer.writerow(["id", "agency", "recipient", "instrument", "stage", "amount_usd", "summary"])
    writer.writerow(["x-1", "DOD", "Someone", "equity", "announced", "5M", "A test"])
    path.write_text(out.getvalue(), encoding="utf-8")
    result = run_forge("import", "financing", str(path), "--delimiter", "\\t", "--dry-run",
                       "--db", "sqlite://")
    assert result.returncode == 0, result.stderr.decode()
