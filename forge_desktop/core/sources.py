"""The sources records rest on: how many records of each table each one supports, and
finding or adding one (by its URL, so two imports citing one release share it)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import pycountry
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from . import formatting
from .errors import ForgeError
from .schema import SOURCE_LINKS, Origin, Source, SourceKind
from .text import fold
from .values import ValueParseError, parse_date


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


class SourceError(ForgeError, ValueError):
    """A source that cannot be found or added; the message names the field."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field


URL_SCHEMES = ("http", "https")
MAX_URL = 2_000


@dataclass(frozen=True)
class SourceFields:
    """A source as a person gives it (a form, a command line, an import's cells): text."""

    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    published: str | None = None  # a date, to the day, the month or the year
    language: str | None = None  # ISO 639-1; "und" (unknown) when not given
    kind: str | None = None  # official / press / filing / other


def check_url(url: str) -> str:
    """*url* if it is a web address that may be opened (http or https), else SourceError."""
    url = url.strip()
    parts = urlsplit(url)
    if len(url) > MAX_URL:
        raise SourceError("source_url", f"{len(url):,} characters; a URL has at most {MAX_URL:,}")
    if parts.scheme.lower() not in URL_SCHEMES or not parts.netloc or any(c.isspace() for c in url):
        raise SourceError("source_url", f"{_short(url)} is not a web address: give one that starts "
                                        "with http:// or https://")
    return url


def check_language(code: str | None) -> str:
    """An ISO 639-1 code (lower case), or "und" for not known."""
    if not code or not code.strip():
        return "und"
    code = code.strip().lower()
    if code == "und" or pycountry.languages.get(alpha_2=code) is not None:
        return code
    language = pycountry.languages.get(alpha_3=code)
    if language is not None and hasattr(language, "alpha_2"):
        return str(language.alpha_2)
    raise SourceError("quote_lang", f"{_short(code)} is not a language code: give a two-letter "
                                    "ISO 639-1 code such as en, ru or fr")


def find_source(session: Session, ref: str) -> Source | None:
    """The source whose id or URL is *ref*."""
    ref = ref.strip()
    return session.get(Source, ref) or session.scalar(select(Source).where(Source.url == ref))


def source_for(session: Session, fields: SourceFields, *, origin: Origin,
               at: dt.datetime | None = None) -> str:
    """The id of the source *fields* describe: the one with that URL if the database holds
    it (whatever else the fields say), else a new one, added in the caller's transaction.
    A new source needs a title; its URL, if any, must be a web address."""
    url = check_url(fields.url) if fields.url and fields.url.strip() else None
    if url is not None:
        held = session.scalar(select(Source.id).where(Source.url == url))
        if held is not None:
            return held
    title = " ".join((fields.title or "").split())
    if not title:
        raise SourceError("source_title", "a new source needs a title" + (
            f" ({url} is not in the database yet)" if url else ""))
    published = None
    if fields.published and fields.published.strip():
        try:
            published = parse_date(fields.published)
        except ValueParseError as exc:
            raise SourceError("source_date", str(exc)) from None
    kind = (fields.kind or "").strip().lower() or SourceKind.OTHER.value
    if kind not in {k.value for k in SourceKind}:
        raise SourceError("source_kind", f"{_short(kind)}: choose one of "
                                         f"{', '.join(k.value for k in SourceKind)}")
    source_id = _new_id(session, url or title)
    session.add(Source(id=source_id, title=title[:2_000], url=url,
                       publisher=" ".join(fields.publisher.split())[:200] if fields.publisher else None,
                       language=check_language(fields.language), kind=SourceKind(kind),
                       published=published.value if published else None,
                       published_precision=published.precision if published else None,
                       origin=origin, imported_at=at))
    session.flush()
    return source_id


def _new_id(session: Session, seed: str) -> str:
    """An id made from a URL (its host and path) or a title, unique in the database."""
    parts = urlsplit(seed)
    text = f"{parts.netloc}{parts.path}" if parts.netloc else seed
    base = re.sub(r"[^0-9a-z]+", "-", fold(text)).strip("-")[:100] or "source"
    candidate, n = base, 1
    while session.get(Source, candidate) is not None:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _short(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "…")
