"""The detail pane: one record whole, the sources it rests on with their quotes, and links
to follow.

What the search matched is marked wherever the pane shows it (title, summary, the Russian
quote, notes, fields), as the table marks it in its cells: the reader sees why the record
is among the rows.
"""

from __future__ import annotations

from html import escape
from string import Template

from PySide6.QtCore import QEvent, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QPalette
from PySide6.QtWidgets import QTextBrowser, QWidget

from ..core.records import Link, RecordDetail
from ..core.schema import SourceKind
from ..core.search import match_spans, search_words
from .labels import amount_qualifiers, change_kind_label, change_text, column_label, local_time_text

# $muted and $accent come from the pane's palette (style_sheet()); the tints are translucent,
# so they tint the theme's own background, light or dark.
STYLE = Template("""
<style>
 h2 { margin: 0 0 2px 0; }
 .sub { color: $muted; margin-bottom: 8px; }
 .muted { color: $muted; }
 .quote { background: rgba(127,127,127,0.12); border-left: 3px solid $accent;
          padding: 6px 8px; margin: 4px 0 8px 0; }
 .notes { background: rgba(204,187,68,0.18); padding: 6px 8px; margin: 4px 0 8px 0; }
 td.k { color: $muted; padding-right: 8px; vertical-align: top; }
 h4 { margin: 10px 0 2px 0; }
 .hit { background-color: rgba(255,196,0,0.47); }
</style>
""")


def contrast_ratio(first: QColor, second: QColor) -> float:
    """WCAG 2's contrast ratio of two colours, from 1 (none) to 21 (black on white)."""
    def luminance(colour: QColor) -> float:
        channels = [c / 255 for c in (colour.red(), colour.green(), colour.blue())]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def muted_colour(palette: QPalette) -> QColor:
    """Secondary text (the subtitle, field names, a link to nothing): the text colour moved
    toward the background, no further than still reads on it (a contrast of 4.5, WCAG AA)."""
    text = palette.color(QPalette.ColorRole.Text)
    base = palette.color(QPalette.ColorRole.Base)
    for weight in (0.6, 0.7, 0.8, 0.9):
        colour = QColor.fromRgbF(*(weight * t + (1 - weight) * b for t, b in
                                   zip(text.getRgbF()[:3], base.getRgbF()[:3], strict=True)))
        if contrast_ratio(colour, base) >= 4.5:
            return colour
    return text


class DetailPane(QTextBrowser):
    linkActivated = Signal(object)  # a core.records.Link
    editRequested = Signal()  # a double-click on the record: Edit → Edit record

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("detailPane")
        self.setAccessibleName(self.tr("Record detail"))
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._follow)
        self.detail: RecordDetail | None = None
        self._words: list[str] = []  # the search's words, marked where they match
        self._empty_message: str | None = None
        self.show_empty()

    def mouseDoubleClickEvent(self, event) -> None:
        if self.detail is not None and not self.anchorAt(event.position().toPoint()):
            self.editRequested.emit()
            return
        super().mouseDoubleClickEvent(event)

    def show_empty(self, message: str | None = None) -> None:
        self.detail = None
        self._empty_message = message
        text = message or self.tr("Select a row to read the whole record, the sources it rests "
                                  "on and the records related to it.")
        self.setHtml(f"{self.style_sheet()}<p class='muted'>{escape(text)}</p>")

    def show_detail(self, detail: RecordDetail, search: str = "") -> None:
        """Show *detail*, marking what *search* (the table's search) matched in it."""
        self.detail = detail
        self._words = search_words(search)
        self.setHtml(self.render(detail))

    def _marked(self, text: str) -> str:
        """*text* as HTML, what the search matched in it inside ``<span class='hit'>``."""
        parts: list[str] = []
        done = 0
        for start, end in match_spans(text, self._words):
            parts += [escape(text[done:start]), f"<span class='hit'>{escape(text[start:end])}</span>"]
            done = end
        return "".join(parts) + escape(text[done:])

    def render(self, d: RecordDetail) -> str:
        # Translated outside the f-strings below: lupdate does not look inside them.
        heading = {"role": self.tr("source"),
                   "notes": self.tr("How the source was read"), "none": self.tr("none"),
                   "related": self.tr("Related"), "fields": self.tr("All fields")}
        mark = self._marked
        parts = [self.style_sheet(), f"<h2>{'Σ ' if d.is_aggregate else ''}{mark(d.title)}</h2>",
                 f"<div class='sub'>{mark(d.subtitle)}</div>"]
        if d.summary:
            parts.append(f"<p>{mark(d.summary)}</p>")
        parts += self._sources(d)
        for role, quote in d.role_quotes:
            parts.append(f"<h4>{escape(role)} — {heading['role']}</h4>"
                         f"<div class='quote' lang='ru'>{mark(quote)}</div>")
        if d.notes:
            parts.append(f"<h4>{heading['notes']}</h4>"
                         f"<div class='notes'>{mark(d.notes)}</div>")
        if d.links:
            items = []
            for i, link in enumerate(d.links):
                if link.count == 0:  # nothing there: say so instead of a dead link
                    items.append(f"<li class='muted'>{escape(link.text)} "
                                 f"({heading['none']})</li>")
                    continue
                count = "" if link.count is None else f" ({link.count})"
                items.append(f"<li><a href='forge:link/{i}'>{escape(link.text)}</a>{count}</li>")
            parts.append(f"<h4>{heading['related']}</h4><ul style='margin-top:0'>{''.join(items)}</ul>")
        rows = "".join(
            f"<tr><td class='k' width='36%'>{escape(column_label(label))}"
            f"</td><td>{mark(value)}</td></tr>" for label, value in d.fields)
        parts.append(f"<h4>{heading['fields']}</h4><table>{rows}"
                     f"<tr><td class='k'>ID</td><td><code>{mark(d.record_id)}</code></td></tr>"
                     f"</table>")
        parts += self._history(d)
        return "".join(parts)

    def _sources(self, d: RecordDetail) -> list[str]:
        """Each source the record rests on: the document (its title a link to its URL, opened
        in the browser only when clicked), who published it and when, and the passage,
        verbatim in its language, with its English rendering if there is one."""
        if not d.sources:
            return []
        kinds = {SourceKind.OFFICIAL: self.tr("official"), SourceKind.PRESS: self.tr("press"),
                 SourceKind.FILING: self.tr("filing"), SourceKind.OTHER: self.tr("other")}
        heading = self.tr("Sources") if len(d.sources) > 1 else self.tr("Source")
        # Translated outside the f-strings below: lupdate does not look inside them.
        one_unofficial = escape(self.tr("one source, not an official one"))
        verbatim, in_english = escape(self.tr("verbatim")), escape(self.tr("In English:"))
        warning = (f" <span class='muted'>· {one_unofficial}</span>"
                   if d.rests_on_one_unofficial_source else "")
        parts = [f"<h4>{escape(heading)}{warning}</h4>"]
        for source in d.sources:
            title = escape(source.title)
            if source.url:
                title = f"<a href='{escape(source.url, quote=True)}'>{title}</a>"
            about = " · ".join(escape(x) for x in (source.publisher, source.published,
                                                   kinds[source.kind], source.language) if x)
            parts.append(f"<div><b>{title}</b><br><span class='muted'>{about}</span></div>")
            if source.quote:
                lang = escape(source.quote_lang or source.language, quote=True)
                parts.append(f"<div class='quote' lang='{lang}'>{self._marked(source.quote)}"
                             f"<br><span class='muted'>{verbatim}, {lang}"
                             "</span></div>")
            if source.quote_en:
                parts.append(f"<div class='muted'>{in_english} "
                             f"{self._marked(source.quote_en)}</div>")
        return parts

    def _history(self, d: RecordDetail) -> list[str]:
        """The record's change sets, newest first: when (local time), who, what kind, why,
        the source it rested on, and each field it changed, old → new in words. A curated
        record never changed has none, and the pane says nothing of it."""
        history = d.history
        if history is None or not history.change_sets:
            return []
        # Translated outside the f-strings below: lupdate does not look inside them.
        heading, source_word = escape(self.tr("History")), escape(self.tr("Source:"))
        parts = [f"<h4>{heading}</h4>"]
        for info, found in history.change_sets:
            about = " · ".join(escape(x) for x in (local_time_text(info.at), info.author,
                                                   change_kind_label(info.kind)))
            parts.append(f"<div class='change'><b>{about}</b>")
            if info.reason:
                parts.append(f"<br><i>{escape(info.reason)}</i>")
            if info.source_title:
                parts.append(f"<br><span class='muted'>{source_word} {escape(info.source_title)}"
                             "</span>")
            qualifiers = amount_qualifiers(found).get(d.record_id, (None, None))
            rows = "".join(f"<li>{escape(change_text(d.table, change, history.names, qualifiers))}"
                           "</li>" for change in found)
            parts.append(f"<ul style='margin-top:0'>{rows}</ul></div>")
        if history.earlier:
            earlier = self.tr("… and {0} earlier").format(history.earlier)
            parts.append(f"<p class='muted'>{escape(earlier)}</p>")
        return parts

    def style_sheet(self) -> str:
        """The pane's CSS in the colours of its palette, whichever theme it has."""
        palette = self.palette()
        return STYLE.substitute(muted=muted_colour(palette).name(),
                                accent=palette.color(QPalette.ColorRole.Highlight).name())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # another theme: the colours follow
            if self.detail is not None:
                self.setHtml(self.render(self.detail))
            else:
                self.show_empty(self._empty_message)

    def links(self) -> list[Link]:
        return list(self.detail.links) if self.detail else []

    def _follow(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https"):  # a source's address: the user's browser
            QDesktopServices.openUrl(url)
            return
        text = url.toString()
        if self.detail and text.startswith("forge:link/"):
            index = int(text.rsplit("/", 1)[1])
            if 0 <= index < len(self.detail.links):
                self.linkActivated.emit(self.detail.links[index])
