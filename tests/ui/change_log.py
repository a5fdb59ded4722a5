"""Changes made through the core, as the window's users make them, for the tests of what the
window shows of the change log (the detail pane's history, the Changes view)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from forge_desktop.core.changes import AUTHOR_ENV
from forge_desktop.core.editing import SourceChoice, add_record, delete_record, edit_record
from forge_desktop.core.sources import SourceFields

REPORT = ("Монголия присоединилась к Форуму по геостратегическому взаимодействию в ресурсной "
          "сфере (FORGE)")
EXIM_RELEASE = "EXIM approves Project Vault"


def exim_release() -> SourceChoice:
    return SourceChoice(new=SourceFields(title=EXIM_RELEASE, url="https://www.exim.gov/news/vault",
                                         language="en", kind="official"),
                        quote="EXIM approved a loan of $12 billion.", quote_lang="en")


def as_author(monkeypatch, name: str) -> None:
    monkeypatch.setenv(AUTHOR_ENV, name)


def edit(engine, monkeypatch, author: str, table: str, record_id: str, edits: dict[str, str], *,
         source: SourceChoice | None = None, reason: str | None = None) -> int:
    as_author(monkeypatch, author)
    with Session(engine) as session, session.begin():
        result = edit_record(session, table, record_id, edits, source, reason=reason)
    assert result.change_set is not None
    return result.change_set


def add(engine, monkeypatch, author: str, table: str, cells: dict[str, str], *,
        reason: str | None = None) -> str:
    as_author(monkeypatch, author)
    with Session(engine) as session, session.begin():
        return add_record(session, table, cells, exim_release(), reason=reason).record_id


def delete(engine, monkeypatch, author: str, table: str, record_id: str) -> int:
    as_author(monkeypatch, author)
    with Session(engine) as session, session.begin():
        result = delete_record(session, table, record_id, reason="a duplicate")
    assert result.change_set is not None
    return result.change_set
