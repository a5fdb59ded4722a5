"""Write the fuzzer's seed corpus, tests/fuzz/corpus/: small files, one hostile shape each,
built from a real export of the curated data. test_import_fuzz.py replays every one.

    python -m tests.fuzz.make_corpus

Bombs stay small on disk (the uncompressed size is the bomb). The memory bomb of an XLSX
(a declared size of 16,384 columns and a row a million rows down) is left out: it takes
gigabytes to refuse today, so it lives in the long run only, under a memory limit.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import tempfile
from pathlib import Path

from .strategies import (
    ENTITY_DOCTYPES,
    SHEET,
    Seed,
    _rezip,
    build_xlsx,
    export_bytes,
    load_seed,
)

CORPUS = Path(__file__).parent / "corpus"


def _rows(seed: Seed, n: int, **edits: str) -> list[dict[str, str]]:
    rows = [dict(r, id=f"fz-corpus-{i}") for i, r in enumerate(seed.text_rows()[:n])]
    for row in rows:
        row.update(edits)
    return rows


def _csv(rows: list[dict[str, str]], *, delimiter: str = ",", headers: list[str] | None = None) -> str:
    out = io.StringIO()
    headers = headers or list(rows[0])
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([r.get(h, "") for h in headers] for r in rows)
    return out.getvalue()


def files(seed: Seed) -> dict[str, bytes]:
    names = seed.names
    valid = [tuple(f"fz-corpus-{i}" if n == "id" else v for n, v in zip(names, r, strict=True))
             for i, r in enumerate(seed.rows[:3])]
    ragged = _csv(_rows(seed, 2))
    ragged = ragged.replace("\r\n", ',"extra","cells"\r\n', 2)
    dup = _rows(seed, 2)
    dup[1]["id"] = dup[0]["id"]
    missing = _rows(seed, 2)
    missing[0]["id"] = ""
    russian = _rows(seed, 2, recipient="Министерство финансов Российской Федерации и Совет директоров банка")
    numbers = [dict(r, amount_usd=v) for r, v in zip(_rows(seed, 4), ("1.250", "1,5", "1..2", "9" * 400),
                                                      strict=True)]
    dates = [dict(r, date=v) for r, v in zip(_rows(seed, 3), ("12/01/2025", "2025-02-30", "0000-01-01"),
                                             strict=True)]
    hostile_text = [dict(r, recipient=v) for r, v in zip(
        _rows(seed, 4), ("=cmd|' /C calc'!A0", "+1+1", "@SUM(1+1)", "'; DROP TABLE financing; --"), strict=True)]
    json_records = json.loads(export_bytes(seed, valid, "json"))
    xlsx = build_xlsx(names, [["fz-corpus-0", "=cmd|' /C calc'!A0", "+1+1", "@SUM(1)"]], formulas=True)
    good_xlsx = export_bytes(seed, valid, "xlsx")
    out: dict[str, bytes] = {
        "valid-export.csv": export_bytes(seed, valid, "csv"),
        "valid-export-labels-bom.csv": export_bytes(seed, valid, "csv", labels=True, bom=True),
        "valid-export.json": export_bytes(seed, valid, "json"),
        "valid-export.xlsx": good_xlsx,
        "ragged-rows.csv": ragged.encode(),
        "nul-bytes.csv": _csv(_rows(seed, 2)).replace("fz-corpus-1", "fz-\x00corpus").encode(),
        "bom-utf16.csv": _csv(_rows(seed, 2)).encode("utf-16"),
        "bom-utf32.csv": _csv(_rows(seed, 2)).encode("utf-32"),
        "utf16le-no-bom.csv": _csv(russian).encode("utf-16-le"),
        "cp1251.csv": _csv(russian).encode("cp1251", "replace"),
        "koi8r.csv": _csv(russian).encode("koi8-r", "replace"),
        "one-bad-byte.csv": _csv(russian).encode()[:200] + b"\xff" + _csv(russian).encode()[200:],
        "huge-cell.csv": _csv(_rows(seed, 1, summary="A" * 100_001)).encode(),
        "formulas-and-sql.csv": _csv(hostile_text).encode(),
        "duplicate-ids.csv": _csv(dup).encode(),
        "missing-id.csv": _csv(missing).encode(),
        "no-id-column.csv": _csv(_rows(seed, 2), headers=[n for n in names if n != "id"]).encode(),
        "ambiguous-numbers.csv": _csv(numbers, delimiter=";").encode(),
        "odd-dates.csv": _csv(dates).encode(),
        "formulas.xlsx": xlsx,
        "zip-bomb.xlsx": _rezip(good_xlsx, lambda n, d: d.replace(b"<sheetData>", b"<sheetData>" + b" " * 2**25)
                                if n == SHEET else d),
        "truncated.xlsx": good_xlsx[: len(good_xlsx) * 2 // 3],
        "entities.xlsx": _rezip(good_xlsx, lambda n, d: (b'<?xml version="1.0"?>' + ENTITY_DOCTYPES[0] + (
            d.split(b"?>", 1)[1] if d.startswith(b"<?xml") else d)) if n == SHEET else d),
        "deep-nesting.json": ("[" * 50_000 + "]" * 50_000).encode(),
        "digits-4301.json": json.dumps([dict(json_records[0], amount_usd=0)]).replace(
            '"amount_usd": 0', '"amount_usd": ' + "9" * 4301).encode(),
        "lone-surrogate.json": json.dumps([dict(json_records[0], recipient="\ud800")]).encode(),
        "many-keys.json": json.dumps([dict(json_records[0], **{f"k{i}": i for i in range(2_000)})]).encode(),
        "not-an-array.json": b'{"id": 1, "records": 5}',
    }
    flipped = bytearray(good_xlsx)
    start = good_xlsx.find(b"sheet1.xml") + 40
    for at in range(start, start + 40, 7):
        flipped[at] ^= 0x20
    out["corrupt-deflate.xlsx"] = bytes(flipped)
    return out


def main() -> int:
    from forge_desktop.core import database

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "curated.sqlite"
        database.build_sqlite_file(path)
        seed = load_seed(f"sqlite:///{path}")
    CORPUS.mkdir(exist_ok=True)
    made = files(seed)
    for name, data in made.items():
        (CORPUS / name).write_bytes(data)
    total = sum(len(d) for d in made.values())
    print(f"wrote {len(made)} files ({total:,} bytes) to {CORPUS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
