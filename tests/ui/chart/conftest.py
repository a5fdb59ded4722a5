"""Helpers for the chart's tests: the panel of a window once it has drawn, and totals made
by hand for the layout and the view (exact figures, no database)."""

from __future__ import annotations

from forge_desktop.core.counting import Group, Segment, Totals


def chart_ready(qtbot, window):
    chart = window.chart
    qtbot.waitUntil(lambda: getattr(chart, "_result", None) is not None and bool(chart.chart.bars))
    return chart


def drawn(chart) -> dict:
    """Each bar's group and amount (an empty month's slot is no bar)."""
    return {bar.group.key: bar.group.amount_usd for bar in chart.chart.bars if bar.segments}


def group(key: str | None, amount: int | None, *segments: tuple[str | None, int], label: str = "") -> Group:
    parts = tuple(Segment(k, k or "(none)", a, 1, 0) for k, a in segments)
    return Group(key, label or key or "(none)", amount, max(len(parts), 1), 0, parts)


def totals_of(*groups: Group, by: str = "agency", stack: str | None = None) -> Totals:
    amount = sum(g.amount_usd or 0 for g in groups)
    return Totals(by, groups, amount, len(groups), len(groups), 0, (), (), False, stack)
