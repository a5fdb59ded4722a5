"""The detail pane: one record whole, its Russian source sentence, and links to follow."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QTextBrowser, QWidget

from ..core.records import Link, RecordDetail
from .labels import column_label

STYLE = """
<style>
 h2 { margin: 0 0 2px 0; }
 .sub { color: palette(mid); margin-bottom: 8px; }
 .quote { background: rgba(127,127,127,0.12); border-left: 3px solid #4477aa;
          padding: 6px 8px; margin: 4px 0 8px 0; }
 .notes { background: rgba(204,187,68,0.18); padding: 6px 8px; margin: 4px 0 8px 0; }
 td.k { color: gray; padding-right: 8px; vertical-align: top; }
 h4 { margin: 10px 0 2px 0; }
</style>
"""


class DetailPane(QTextBrowser):
    linkActivated = Signal(object)  # a core.records.Link

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("detailPane")
        self.setAccessibleName(self.tr("Record detail"))
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._follow)
        self.detail: RecordDetail | None = None
        self.show_empty()

    def show_empty(self, message: str | None = None) -> None:
        self.detail = None
        text = message or self.tr("Select a row to read the whole record, its source sentence "
                                  "in Russian and the records related to it.")
        self.setHtml(f"{STYLE}<p style='color: gray'>{escape(text)}</p>")

    def show_detail(self, detail: RecordDetail) -> None:
        self.detail = detail
        self.setHtml(self.render(detail))

    def render(self, d: RecordDetail) -> str:
        # Translated outside the f-strings below: lupdate does not look inside them.
        heading = {"source": self.tr("Source (Russian, verbatim)"), "role": self.tr("source"),
                   "notes": self.tr("How the source was read"), "none": self.tr("none"),
                   "related": self.tr("Related"), "fields": self.tr("All fields")}
        parts = [STYLE, f"<h2>{'Σ ' if d.is_aggregate else ''}{escape(d.title)}</h2>",
                 f"<div class='sub'>{escape(d.subtitle)}</div>"]
        if d.summary:
            parts.append(f"<p>{escape(d.summary)}</p>")
        if d.quote_ru:
            parts.append(f"<h4>{heading['source']}</h4>"
                         f"<div class='quote' lang='ru'>{escape(d.quote_ru)}</div>")
        for role, quote in d.role_quotes:
            parts.append(f"<h4>{escape(role)} — {heading['role']}</h4>"
                         f"<div class='quote' lang='ru'>{escape(quote)}</div>")
        if d.notes:
            parts.append(f"<h4>{heading['notes']}</h4>"
                         f"<div class='notes'>{escape(d.notes)}</div>")
        if d.links:
            items = []
            for i, link in enumerate(d.links):
                if link.count == 0:  # nothing there: say so instead of a dead link
                    items.append(f"<li style='color: gray'>{escape(link.text)} "
                                 f"({heading['none']})</li>")
                    continue
                count = "" if link.count is None else f" ({link.count})"
                items.append(f"<li><a href='forge:link/{i}'>{escape(link.text)}</a>{count}</li>")
            parts.append(f"<h4>{heading['related']}</h4><ul style='margin-top:0'>{''.join(items)}</ul>")
        rows = "".join(
            f"<tr><td class='k' width='36%'>{escape(column_label(label))}"
            f"</td><td>{escape(value)}</td></tr>" for label, value in d.fields)
        parts.append(f"<h4>{heading['fields']}</h4><table>{rows}"
                     f"<tr><td class='k'>ID</td><td><code>{escape(d.record_id)}</code></td></tr>"
                     f"</table>")
        return "".join(parts)

    def links(self) -> list[Link]:
        return list(self.detail.links) if self.detail else []

    def _follow(self, url: QUrl) -> None:
        text = url.toString()
        if self.detail and text.startswith("forge:link/"):
            index = int(text.rsplit("/", 1)[1])
            if 0 <= index < len(self.detail.links):
                self.linkActivated.emit(self.detail.links[index])
