"""A synthetic FORGE database with N financing rows, for benchmarks and scale tests.

Realistic shapes: log-normal amounts, five agencies, many recipients, English and Russian
text, one to three minerals and one or two locations per row, dates over two years. Rows
are marked ``imported`` so they sit beside the curated ones as a user's data would, each
resting on one of :data:`SOURCES` import files (every fourth on a second one too).
Generated inside SQLite with a recursive CTE: a million rows take seconds, not minutes.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sqlite3
import time
from pathlib import Path

from forge_desktop.core import database
from forge_desktop.core.search import SEARCHED_TABLES, ensure_search_index
from forge_desktop.core.text import fold

AGENCIES = ["EXIM", "DOE", "DOD", "DFC", "USTR"]
STAGES = ["announced", "opportunity", "letter_of_interest", "letter_of_intent", "negotiating",
          "approved", "committed", "funded"]
INSTRUMENTS = ["direct_loan", "debt", "equity", "investment", "financing", "letter_of_interest",
               "nofo", "noi"]
WORDS_EN = ["Lithium", "Cobalt", "Nickel", "Rare Earth", "Copper", "Graphite", "Tungsten",
            "Gallium", "Mining", "Processing", "Refinery", "Resources", "Metals", "Materials"]
SOURCES = 20  # the files the rows were imported from: each one a source
WORDS_RU = ["Литий", "Кобальт", "Никель", "Редкоземельный", "Медь", "Графит", "Вольфрам",
            "Галлий", "Горнодобывающая", "Переработка", "Завод", "Ресурсы", "Металлы"]


def generate(path: Path, rows: int, seed: int = 7) -> Path:
    """Build the curated database at *path*, then add *rows* synthetic financing rows."""
    path = Path(path)
    path.unlink(missing_ok=True)
    database.build_sqlite_file(path)
    rng = random.Random(seed)
    recipients = []
    for i in range(5000):  # many recipients, each with an English and a Russian name
        en = f"{rng.choice(WORDS_EN)} {rng.choice(WORDS_EN)} {i}"
        ru = f"{rng.choice(WORDS_RU)} {rng.choice(WORDS_RU)} {i}"
        recipients.append((i, en, ru, fold(f"{en} {ru}")))
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode = OFF")
    con.execute("PRAGMA synchronous = OFF")
    con.execute("CREATE TEMP TABLE names (n INTEGER PRIMARY KEY, en TEXT, ru TEXT, folded TEXT)")
    con.executemany("INSERT INTO names VALUES (?, ?, ?, ?)", recipients)
    minerals = [m for (m,) in con.execute("SELECT id FROM minerals ORDER BY id")]
    locations = [c for (c,) in con.execute("SELECT code FROM locations ORDER BY code")]
    # Indexes (and the search index) are rebuilt once at the end: much faster than
    # maintaining them row by row.
    for table in SEARCHED_TABLES:
        for event in ("insert", "delete", "update"):
            con.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{event}")
    indexes = con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS "
                          "NOT NULL AND tbl_name LIKE 'financing%'").fetchall()
    for name, _sql in indexes:
        con.execute(f"DROP INDEX {name}")
    with con:
        # Log-normal amounts around $50M: exp(ln(5e7) + 1.5 * z), z from a uniform-sum.
        con.execute(f"""
            WITH RECURSIVE seq(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM seq WHERE x < {rows})
            INSERT INTO financing (id, agency, recipient, recipient_ru, instrument, stage,
                amount_usd, amount_qualifier, date, date_precision, is_aggregate, quote_ru,
                summary, origin, imported_at, search_text)
            SELECT printf('syn-%07d', x),
                   json_extract(:agencies, '$[' || (abs(random()) % 5) || ']'),
                   n.en, n.ru,
                   json_extract(:instruments, '$[' || (abs(random()) % {len(INSTRUMENTS)}) || ']'),
                   json_extract(:stages, '$[' || (abs(random()) % {len(STAGES)}) || ']'),
                   CAST(exp({math.log(5e7)} + 1.5 * (
                        (abs(random()) % 1000 + abs(random()) % 1000 + abs(random()) % 1000
                         - 1500) / 500.0)) AS INTEGER),
                   'exact',
                   date('2024-06-01', '+' || (abs(random()) % 730) || ' days'), 'day', 0,
                   'Синтетическая запись ' || x, 'Synthetic record ' || x, 'imported',
                   '2026-01-01 00:00:00',
                   n.folded || ' synthetic record ' || x
            FROM seq JOIN names n ON n.n = x % 5000
        """, {"agencies": json.dumps(AGENCIES), "instruments": json.dumps(INSTRUMENTS),
              "stages": json.dumps(STAGES)})
        con.execute("CREATE TEMP TABLE m (k INTEGER PRIMARY KEY, id TEXT)")
        con.executemany("INSERT INTO m VALUES (?, ?)", enumerate(minerals))
        con.execute("CREATE TEMP TABLE l (k INTEGER PRIMARY KEY, code TEXT)")
        con.executemany("INSERT INTO l VALUES (?, ?)", enumerate(locations))
        con.execute(f"""
            INSERT OR IGNORE INTO financing_minerals (financing_id, mineral_id)
            SELECT f.id, m.id FROM financing f JOIN m ON m.k = (f.rowid * 7) % {len(minerals)}
            WHERE f.origin = 'imported'""")
        con.execute(f"""
            INSERT OR IGNORE INTO financing_minerals (financing_id, mineral_id)
            SELECT f.id, m.id FROM financing f JOIN m ON m.k = (f.rowid * 13) % {len(minerals)}
            WHERE f.origin = 'imported' AND f.rowid % 3 = 0""")
        con.execute(f"""
            INSERT OR IGNORE INTO financing_locations (financing_id, location_code, country_code)
            SELECT f.id, l.code, coalesce(p.country_code, p.code)
            FROM financing f JOIN l ON l.k = (f.rowid * 11) % {len(locations)}
            JOIN locations p ON p.code = l.code
            WHERE f.origin = 'imported'""")
        con.executemany(
            "INSERT INTO sources (id, title, language, kind, origin, imported_at) "
            "VALUES (?, ?, 'und', 'other', 'imported', '2026-01-01 00:00:00')",
            [(f"syn-import-{k:02d}", f"synthetic-import-{k:02d}.csv") for k in range(SOURCES)])
        con.execute(f"""
            INSERT OR IGNORE INTO financing_sources (financing_id, source_id, position)
            SELECT f.id, printf('syn-import-%02d', f.rowid % {SOURCES}), 0
            FROM financing f WHERE f.origin = 'imported'""")
        con.execute(f"""
            INSERT OR IGNORE INTO financing_sources (financing_id, source_id, position)
            SELECT f.id, printf('syn-import-%02d', (f.rowid * 7 + 3) % {SOURCES}), 1
            FROM financing f WHERE f.origin = 'imported' AND f.rowid % 4 = 0""")
    for _name, sql in indexes:
        con.execute(sql)
    con.commit()
    con.close()
    engine = database.create_engine_for(f"sqlite:///{path}")
    with engine.begin() as connection:
        ensure_search_index(connection, rebuild=True)
        connection.exec_driver_sql("ANALYZE")
    engine.dispose()
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int)
    parser.add_argument("path", type=Path)
    args = parser.parse_args()
    start = time.perf_counter()
    generate(args.path, args.rows)
    print(f"{args.rows} rows → {args.path} in {time.perf_counter() - start:.1f}s")


if __name__ == "__main__":
    main()
