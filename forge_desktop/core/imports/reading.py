"""From a file to rows of cells: its format, its text encoding, the CSV, XLSX and JSON
readers, and the limits a file must keep. A file that cannot be read as a whole raises
:class:`ImportFileError` here, before any row is checked."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import ForgeError
from .cells import _undefuse

FORMATS = ("csv", "xlsx", "json")
ENCODINGS = ("utf-8", "utf-8-sig", "cp1251")
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_ROWS = 200_000
SNIFF_CHARS = 65_536  # how much of the header line delimiter detection reads


class ImportFileError(ForgeError, ValueError):
    """The file as a whole cannot be read; the message says why and what to try."""


def sniff_format(path: str | Path) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix in ("csv", "tsv", "txt"):
        return "csv"
    if suffix in FORMATS:
        return suffix
    raise ImportFileError(f"cannot tell the format of {Path(path).name!r}; name it .csv, .xlsx or "
                          ".json, or choose the format")


def decode(data: bytes, encoding: str | None = None) -> str:
    """Text from bytes: the given encoding, else UTF-8 (with or without BOM), else cp1251."""
    if b"\x00" in data:  # anywhere: a NUL after the first screenful is binary data too
        raise ImportFileError("this is a binary file, not text (it holds NUL bytes); "
                              "export it as CSV, XLSX or JSON first")
    if encoding:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise ImportFileError(f"the file is not valid {encoding}: {exc}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1251", errors="strict") if _looks_cp1251(data) else None
    if text is None:
        raise ImportFileError("the file is neither UTF-8 nor Windows-1251 (cp1251) text; "
                              "choose its encoding or save it as UTF-8")
    return text


def _looks_cp1251(data: bytes) -> bool:
    """Russian in cp1251, not Latin-1 (or noise) misread as cp1251: Russian makes whole
    Cyrillic words ("кредит"), a misread é or ü sits inside a Latin word ("Sociйtй"). Counting
    words, not letters, keeps a file of English columns with one Russian column detected."""
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError:
        return False
    russian = mixed = 0
    for match in re.finditer(r"[^\W\d_]+", text):
        word = match[0]
        cyrillic = sum(1 for ch in word if "а" <= ch.lower() <= "я" or ch in "ёЁ")
        if cyrillic == len(word) >= 3:
            russian += 1
        elif cyrillic:
            mixed += 1
    return russian > mixed


def _guess_delimiter(text: str) -> str:
    """The delimiter the header line uses most (outside quotes); a comma if it uses none.

    Not csv.Sniffer: its regular expressions backtrack for seconds to minutes over a sample
    full of stray quotes, and a sample small enough to be safe holds too few of our long
    financing rows for it to decide."""
    end = text.find("\n", 0, SNIFF_CHARS)
    header = re.sub(r'"[^"]*"?', "", text[: end if end >= 0 else SNIFF_CHARS])
    counts = {candidate: header.count(candidate) for candidate in ",;\t|"}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


def _read_csv(text: str, delimiter: str | None) -> Iterator[list[str]]:
    if delimiter is None:
        delimiter = _guess_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for row in reader:
            yield [_undefuse(cell) for cell in row]
    except csv.Error as exc:
        raise ImportFileError(f"the CSV is malformed near line {reader.line_num}: {exc}") from None


def _read_xlsx(data: bytes) -> Iterator[list[Any]]:
    from openpyxl import load_workbook  # only imports pay for openpyxl's reader

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ImportFileError(f"not a readable XLSX workbook: {exc}") from None
    try:
        sheet = book.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    finally:
        book.close()


def _read_json(text: str) -> Iterator[list[Any]]:
    try:
        records = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(f"not valid JSON: {exc}") from None
    except RecursionError:
        raise ImportFileError("not valid JSON for an import: it is nested too deeply") from None
    if isinstance(records, dict):  # {"records": [...]} or one record
        records = next((v for v in records.values() if isinstance(v, list)), [records])
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise ImportFileError("JSON must be an array of objects, one per record")
    headers: list[str] = []
    for record in records:
        for key in record:
            if key not in headers:
                headers.append(key)
    yield headers
    for record in records:
        yield [record.get(h) for h in headers]


def read_rows(path: str | Path, fmt: str | None = None, *, encoding: str | None = None,
              delimiter: str | None = None) -> Iterator[list[Any]]:
    """The header row, then every data row, of a CSV, XLSX or JSON file."""
    path = Path(path)
    fmt = fmt or sniff_format(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImportFileError(f"the file is {size // 2**20} MB; imports take at most "
                                  f"{MAX_FILE_BYTES // 2**20} MB: split it")
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    if fmt == "xlsx":
        return _read_xlsx(data)
    text = decode(data, encoding)
    return _read_json(text) if fmt == "json" else _read_csv(text, delimiter)
