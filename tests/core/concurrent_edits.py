"""One of the processes of tests/core/test_team.py: N edits of a few shared records, each
made as a window does it (read the record and its version, then save against that version),
or N imports of a one-row file of its own.

python -m tests.core.concurrent_edits URL AUTHOR N [edit|import] — prints
"saved S conflicts C busy B".
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from forge_desktop.core import database, editing
from forge_desktop.core.changes import AUTHOR_ENV
from forge_desktop.core.imports import apply_import, plan_import

RECORDS = ("exim-project-vault", "doe-rocks", "exim-loi-lithium-arkansas")


def imports(url: str, author: str, count: int, folder: Path) -> None:
    os.environ[AUTHOR_ENV] = author  # whom the imports' change sets name
    engine = database.open_database(url)
    for n in range(count):
        path = folder / f"{author}-{n}.csv"
        path.write_text("id,agency,recipient,instrument,stage,amount_usd,summary\n"
                        f"{author}-{n},DOD,Recipient {author} {n},equity,announced,5M,"
                        f"Imported by {author}.\n", encoding="utf-8")
        with Session(engine) as session, session.begin():
            plan = plan_import(session, "financing", path)
            apply_import(session, plan)
    engine.dispose()
    print(f"saved {count} conflicts 0 busy 0")


def main(url: str, author: str, edits: int) -> None:
    engine = database.open_database(url)
    saved = conflicts = busy = 0
    for n in range(edits):
        record_id = RECORDS[n % len(RECORDS)]
        with Session(engine) as session:
            version = editing.record_version(session, "financing", record_id)
        with Session(engine) as session:
            try:
                with session.begin():
                    editing.edit_record(session, "financing", record_id,
                                        {"notes": f"{author} {n}"}, author=author,
                                        expected_version=version)
                saved += 1
            except editing.EditError as refused:
                assert "since you opened it" in str(refused), refused
                conflicts += 1
            except OperationalError as failed:  # the other held the lock too long
                assert "busy" in str(database.explain_failure(failed)), failed
                busy += 1
    engine.dispose()
    print(f"saved {saved} conflicts {conflicts} busy {busy}")


if __name__ == "__main__":
    if sys.argv[4:] == ["import"]:
        with tempfile.TemporaryDirectory() as folder:
            imports(sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(folder))
    else:
        main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
