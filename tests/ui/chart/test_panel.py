"""The panel in the window: what it draws is the core's totals, it drives the table, it
remembers its options."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QLabel, QToolTip
from sqlalchemy.orm import Session

from forge_desktop.core.counting import totals
from forge_desktop.core.filter_text import parse_filter
from forge_desktop.core.query import Condition, Op, Query, SortKey
from forge_desktop.ui.chart import ChartPanel

from ..conftest import wait_loaded
from .conftest import chart_ready, drawn

pytestmark = pytest.mark.chart  # every test here looks at the window's chart


def set_filters(qtbot, window, texts):
    page = window.pages["financing"]
    page.filter_bar.set_filters([parse_filter(t) for t in texts])
    wait_loaded(qtbot, page)
    return page


@pytest.mark.parametrize("filters", [
    (),
    ("agency = DOD",),
    ("minerals contains copper",),
    ("stage in funded, committed",),
    ("amount_usd > 10B",),  # only the $14.8B aggregate: counted, its parts are absent
])
def test_chart_sums_equal_the_core_totals(qtbot, window, engine, filters):
    set_filters(qtbot, window, filters)
    query = Query("financing", tuple(parse_filter(t) for t in filters))
    with Session(engine) as session:
        expected = {g.key: g.amount_usd for g in totals(session, query, "agency").groups
                    if g.amount_usd}
    chart = window.chart
    # The first chart of a test process imports pyqtgraph: a loaded machine took over 5 s once.
    qtbot.waitUntil(lambda: drawn(chart) == expected, timeout=15000)
    for bar in chart.chart.bars:  # stacked segments add up to the bar
        assert sum(segment.amount_usd for segment in bar.segments) == bar.group.amount_usd


def test_every_view_draws_core_totals(qtbot, window, engine):
    chart = chart_ready(qtbot, window)
    for view, by in (("mineral", "minerals"), ("location", "locations"), ("month", "month")):
        chart.view_box.setCurrentIndex(chart.view_box.findData(view))
        with Session(engine) as session:
            expected = {g.key: g.amount_usd for g in totals(session, Query("financing"), by).groups
                        if g.amount_usd}
        qtbot.waitUntil(lambda expected=expected: drawn(chart) == expected)


def bar_position(chart, key):
    view = chart.chart
    bar = next(b for b in view.bars if b.group.key == key)
    y = (bar.segments[0].bottom + bar.segments[0].top) / 2
    scene = view.plotItem.vb.mapViewToScene(QPointF(bar.index, y))
    return view.mapFromScene(scene)


def test_clicking_a_bar_filters_the_table_and_again_clears(qtbot, window):
    window.show_table("participants")
    chart = chart_ready(qtbot, window)
    page = window.pages["financing"]
    qtbot.mouseClick(chart.chart.viewport(), Qt.MouseButton.LeftButton, pos=bar_position(chart, "DOE"))
    assert window.page is page  # the click brings the table into view
    wait_loaded(qtbot, page, 7)
    assert [c.text() for c in page.filter_bar.chip_buttons()] == ["Agency = DOE  ✕"]
    qtbot.waitUntil(lambda: chart.chart.selected_key == "DOE")
    assert len(chart.chart.bars) == 4  # the chart still shows every agency
    qtbot.mouseClick(chart.chart.viewport(), Qt.MouseButton.LeftButton, pos=bar_position(chart, "DOE"))
    wait_loaded(qtbot, page, 35)
    assert page.filter_bar.filters() == ()


def test_esc_clears_the_chart_filter(qtbot, window):
    chart = chart_ready(qtbot, window)
    page = window.pages["financing"]
    chart.click_bar(next(b for b in chart.chart.bars if b.group.key == "DFC"))
    wait_loaded(qtbot, page, 7)
    qtbot.keyClick(page.view, Qt.Key.Key_Escape)
    wait_loaded(qtbot, page, 35)
    assert page.chart_filters == ()


def test_a_shift_click_on_a_segment_filters_by_bar_and_stack(qtbot, window):
    chart = chart_ready(qtbot, window)
    page = window.pages["financing"]
    bar = next(b for b in chart.chart.bars if b.group.key == "DOD")
    funded = next(s for s in bar.segments if s.key == "funded")
    scene = chart.chart.plotItem.vb.mapViewToScene(QPointF(bar.index, (funded.bottom + funded.top) / 2))
    qtbot.mouseClick(chart.chart.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.ShiftModifier, chart.chart.mapFromScene(scene))
    wait_loaded(qtbot, page, 1)
    assert page.model.record_id(0) == "dod-korea-zinc-debt-funded"


def test_selected_rows_are_highlighted_in_their_bar(qtbot, window):
    chart = chart_ready(qtbot, window)
    page = window.pages["financing"]
    qtbot.waitUntil(lambda: page.model.row_of("exim-project-vault") is not None)
    model, selection = page.model, page.view.selectionModel()
    # select() rather than selectRow(): that one reads the keyboard modifiers a previous
    # test's Shift+click may have left behind
    selection.select(model.index(model.row_of("exim-project-vault"), 0),
                     selection.SelectionFlag.ClearAndSelect | selection.SelectionFlag.Rows)
    qtbot.waitUntil(lambda: chart._highlight == {"EXIM": 10_000_000_000})
    page.view.clearSelection()
    qtbot.waitUntil(lambda: chart._highlight == {})


def test_hover_text_has_exact_sum_count_and_stages(qtbot, window):
    chart = chart_ready(qtbot, window)
    qtbot.waitUntil(lambda: bool(chart._stages))
    bar = next(b for b in chart.chart.bars if b.group.key == "DOD")
    text = chart.tooltip(bar, bar.segments[0])
    assert "$4,778,000,000" in text and "8 records" in text
    assert "Committed: $3.53B (7)" in text and "Funded: $1.25B (1)" in text


def test_footnote_says_what_is_left_out(qtbot, window):
    chart = chart_ready(qtbot, window)
    chart.conditional_box.setChecked(False)
    qtbot.waitUntil(lambda: "conditional amounts left out: $2.4B (Korea Zinc)"
                    in chart.note.text())
    # The same words as the status line and the command line: one source, Totals.notes().
    assert ("aggregates counted through their listed parts, not summed: EXIM Critical-minerals "
            "mining projects (letters of interest over the past year) ($14.8B, of which $1.42B "
            "listed: $13.38B not itemised)") in chart.note.text()
    assert drawn(chart)["DOD"] == 4_778_000_000 - 2_400_000_000


def test_chart_options_come_back(qtbot, open_window, settings):
    first = open_window()
    chart = chart_ready(qtbot, first)
    chart.view_box.setCurrentIndex(chart.view_box.findData("month"))
    chart.log_box.setChecked(True)
    first.close()
    second = open_window(settings)
    assert second.chart.options().view == "month"
    assert second.chart.options().log


def test_a_count_still_running_says_so_and_the_answer_replaces_it(qtbot, window):
    chart = chart_ready(qtbot, window)
    chart.view_box.setCurrentIndex(chart.view_box.findData("mineral"))  # a new count starts
    chart.show_busy()  # what the timer does if the count is not back yet
    assert chart.note.text().startswith("Counting…")
    qtbot.waitUntil(lambda: chart.note.text().startswith("US government money only"))
    chart.show_busy()  # too late: the answer is on screen, the note stays
    assert chart.note.text().startswith("US government money only")


def test_a_count_that_fails_says_why_in_the_note(qtbot, window):
    chart = chart_ready(qtbot, window)
    chart.set_query(Query("financing", (Condition("no_such_column", Op.EQ, "x"),)))
    qtbot.waitUntil(lambda: chart.note.text().startswith("The chart could not be drawn: "))
    assert "no_such_column" in chart.note.text()


def test_a_first_count_that_fails_does_not_stay_counting(qtbot, window):
    panel = ChartPanel(window.runner)
    qtbot.addWidget(panel)
    assert panel.chart.message.toPlainText() == "Counting…"
    panel.set_query(Query("financing", (Condition("no_such_column", Op.EQ, "x"),)))
    qtbot.waitUntil(lambda: panel.chart.message.toPlainText() == "The chart could not be drawn")


def choose(chart, box, value):
    box.setCurrentIndex(box.findData(value))


def test_the_month_view_keeps_a_slot_for_a_month_without_records(qtbot, window):
    chart = chart_ready(qtbot, window)
    choose(chart, chart.view_box, "month")
    qtbot.waitUntil(lambda: chart.chart.drawn.options.view == "month" and bool(chart.chart.bars))
    ticks = [t for _, t in chart.chart.drawn.ticks]
    assert ticks[ticks.index("Dec 2025"):ticks.index("Feb 2026") + 1] == ["Dec 2025", "Jan 2026", "Feb 2026"]
    january = next(b for b in chart.chart.bars if b.label == "Jan 2026")
    assert not january.segments and january.value == ""


def test_a_running_total_is_stacked_as_the_stack_box_says(qtbot, window):
    chart = chart_ready(qtbot, window)
    choose(chart, chart.view_box, "month")
    chart.cumulative_box.setChecked(True)
    qtbot.waitUntil(lambda: chart.chart.drawn.options.running_total)
    assert chart.stack_box.isEnabled() and chart.options().stack == "stage"
    last = chart.chart.bars[-1]
    assert len(last.segments) > 1 and all(s.stacked for s in last.segments)
    assert sum(s.amount_usd for s in last.segments) == last.group.amount_usd
    assert chart.chart.legend.isVisible()
    choose(chart, chart.stack_box, "none")
    qtbot.waitUntil(lambda: chart.chart.drawn.options.stack == "none")
    assert all(len(b.segments) == 1 and not b.segments[0].stacked for b in chart.chart.bars)


def test_a_cut_tick_label_shows_its_full_name_on_hover(qtbot, window):
    chart = chart_ready(qtbot, window)
    choose(chart, chart.view_box, "mineral")
    view = chart.chart
    qtbot.waitUntil(lambda: view.drawn.options.view == "mineral" and any(
        tick != bar.label for (_, tick), bar in zip(view.drawn.ticks, view.bars, strict=True)))
    (_, tick), bar = next((t, b) for t, b in zip(view.drawn.ticks, view.bars, strict=True) if t[1] != b.label)
    assert tick.endswith("…")
    axis = view.plotItem.getAxis("bottom").sceneBoundingRect()
    under_label = QPointF(view.plotItem.vb.mapViewToScene(QPointF(bar.index, 0)).x(), axis.top() + 8)
    assert chart.bar_under(under_label) == (bar, None)
    chart._hover(under_label)
    qtbot.waitUntil(QToolTip.isVisible)
    assert f"<b>{bar.label}</b>" in QToolTip.text()
    assert chart.bar_under(QPointF(under_label.x(), axis.bottom() + 40)) == (None, None)  # below the axis


def test_a_low_panel_shows_two_lines_of_its_note_and_the_whole_note_on_hover(qtbot, window):
    chart = chart_ready(qtbot, window)
    qtbot.waitUntil(lambda: chart.note.text().startswith("US government money only"))
    note = chart.note
    full = note.text()
    window.resize(1024, 640)
    window.resizeDocks([window.chart_dock], [240], Qt.Orientation.Vertical)  # low: bars first
    qtbot.waitUntil(lambda: QLabel.text(note) != full)
    shown = QLabel.text(note)
    assert shown.endswith("…") and full.startswith(shown[:-1].rstrip())
    assert note.toolTip() == full and note.text() == full
    qtbot.waitUntil(lambda: note.height() <= 2 * note.fontMetrics().lineSpacing() + 4)
    window.resize(1280, 1000)
    window.resizeDocks([window.chart_dock], [520], Qt.Orientation.Vertical)  # room: every line
    qtbot.waitUntil(lambda: QLabel.text(note) == full)
    assert note.toolTip() == ""


def test_a_sort_asks_for_the_rows_only_and_a_filter_for_everything(qtbot, window, monkeypatch):
    """A header click re-ran the five facet counts, the status totals and the chart, none of
    which a sort changes; now only the rows are asked for. A filter still asks for all."""
    chart_ready(qtbot, window)
    page = window.pages["financing"]
    wait_loaded(qtbot, page)
    asked = []
    submit = window.runner.submit

    def recording(work, done, failed=None, *, urgent=False, key=None):
        asked.append(key or "")
        submit(work, done, failed, urgent=urgent, key=key)

    monkeypatch.setattr(window.runner, "submit", recording)
    page.set_sort([SortKey("recipient")])
    wait_loaded(qtbot, page)
    assert asked and all(key.startswith("model:") for key in asked), asked
    asked.clear()
    page.add_filter(Condition("agency", Op.EQ, "DOE"))
    wait_loaded(qtbot, page)
    qtbot.waitUntil(lambda: not window.chart.pending, timeout=5000)
    assert {k.split(":")[0] for k in asked} >= {"model", "page", "chart"}
    assert sum(":facet:" in k for k in asked) == len(page.facets.facets)
