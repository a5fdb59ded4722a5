"""The sources records rest on, with how many records of each table each one supports."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from . import formatting
from .schema import SOURCE_LINKS, Source, SourceKind


@dataclass(frozen=True)
class SourceUsage:
    id: str
    title: str
    publisher: str | None
    published: str  # formatted by its precision; "" when not known
    kind: SourceKind
    language: str
    url: str | None
    records: dict[str, int]  # table → records resting on it

    @property
    def total(self) -> int:
        return sum(self.records.values())


def source_usage(session: Session) -> list[SourceUsage]:
    """Every source, the most used first (then by title)."""
    counts: dict[str, dict[str, int]] = {}
    for model, owner in SOURCE_LINKS.items():
        source_id = owner.table.c.source_id
        for sid, n in session.execute(select(source_id, func.count()).group_by(source_id)):
            counts.setdefault(sid, {})[model.__tablename__] = n
    usages = [SourceUsage(
        id=s.id, title=s.title, publisher=s.publisher, kind=s.kind, language=s.language, url=s.url,
        published=formatting.date_text(s.published, s.published_precision),
        records={m.__tablename__: counts.get(s.id, {}).get(m.__tablename__, 0)
                 for m in reversed(SOURCE_LINKS)})
        for s in session.scalars(select(Source))]
    return sorted(usages, key=lambda u: (-u.total, u.title))
