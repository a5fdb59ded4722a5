"""The detail pane's sources: each document the record rests on, with its passage verbatim
in its language; a URL opens in the browser only when clicked."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from forge_desktop.core.records import record_detail
from forge_desktop.core.schema import DatePrecision, FinancingSource, Source, SourceKind
from forge_desktop.ui.detail import DetailPane

EXIM_URL = "https://www.exim.gov/news/example"


def add_exim_release(session) -> None:
    session.add(Source(id="exim-2026-02-04", title="EXIM approves Project Vault", url=EXIM_URL,
                       publisher="Export-Import Bank of the United States", language="en",
                       published=dt.date(2026, 2, 4), published_precision=DatePrecision.DAY,
                       kind=SourceKind.OFFICIAL, origin="imported"))
    session.flush()
    session.add(FinancingSource(financing_id="exim-project-vault", source_id="exim-2026-02-04",
                                position=1, quote="EXIM approved up to $10 billion.",
                                quote_lang="en"))
    session.flush()


def test_two_sources_each_with_its_quote_and_language(qtbot, session):
    add_exim_release(session)
    detail = record_detail(session, "financing", "exim-project-vault")
    assert [s.title for s in detail.sources][1:] == ["EXIM approves Project Vault"]
    assert detail.sources[0].quote == detail.quote_ru and detail.sources[0].quote_lang == "ru"
    assert not detail.rests_on_one_unofficial_source
    pane = DetailPane()
    qtbot.addWidget(pane)
    pane.show_detail(detail)
    text = pane.toPlainText()
    assert "Sources" in text and "one source, not an official one" not in text
    assert "Export-Import Bank of the United States · 4 Feb 2026 · official · en" in text
    assert "EXIM approved up to $10 billion.\nverbatim, en" in text
    assert f'href="{EXIM_URL}"' in pane.toHtml()


def test_a_url_opens_in_the_browser_only_when_clicked(qtbot, session, monkeypatch):
    add_exim_release(session)
    opened, followed = [], []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()))
    pane = DetailPane()
    qtbot.addWidget(pane)
    pane.linkActivated.connect(followed.append)
    pane.show_detail(record_detail(session, "financing", "exim-project-vault"))
    assert opened == []  # showing it opens nothing
    pane.anchorClicked.emit(QUrl(EXIM_URL))
    assert opened == [EXIM_URL] and followed == []


def test_a_record_on_one_press_report_says_so(qtbot, session):
    detail = record_detail(session, "financing", "doe-rocks")
    assert detail.rests_on_one_unofficial_source
    pane = DetailPane()
    qtbot.addWidget(pane)
    pane.show_detail(detail)
    assert "Source · one source, not an official one" in pane.toPlainText()
