"""One of the processes of tests/core/test_team.py: N edits of a few shared records, each
made as a window does it (read the record and its version, then save against that version).

python -m tests.core.concurrent_edits URL AUTHOR N — prints "saved S conflicts C busy B".
"""

from __future__ import annotations

import sys

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from forge_desktop.core import database, editing

RECORDS = ("exim-project-vault", "doe-rocks", "exim-loi-lithium-arkansas")


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
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
