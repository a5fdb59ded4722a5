"""Where everything on the chart goes, computed without drawing anything.

:func:`bar_layout` turns a :class:`~forge_desktop.core.counting.Totals` and the
:class:`~.options.ChartOptions` into plain values: the bars and their stacked segments
(bottom and top in plot units, log10 of dollars on a log scale), the value labels, the
ticks cut to the room a bar has, the ranges and the legend. The view only paints these,
and tests check the geometry (segments add up, the log floor, running totals) without a
QApplication: nothing here imports Qt. Texts go through the *translate* the caller passes
(the view passes Qt's), English by default, like the core's notes.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from ...core import counting, formatting
from ...core.counting import Group, Totals
from ...core.text import Translate, untranslated
from .options import ChartOptions, colour

BAR_WIDTH = 0.62
HALF_SLOT = 0.36  # a point this close to a bar's centre is on the bar (hover, click)
CHAR_WIDTH = 7.5  # pixels of a tick label's character, for the room a label has


@dataclass(frozen=True)
class Segment:
    """One stacked piece of a bar (the whole bar when not stacked)."""

    key: str | None  # the stack column's value; None: the whole bar
    label: str
    amount_usd: int
    records: int
    bottom: float  # in plot units (log10 when log)
    top: float
    colour: str
    stacked: bool  # a piece of a stack: drawn and listed in the legend with its stack value


@dataclass(frozen=True)
class Bar:
    index: int  # its x position
    group: Group  # as drawn: a running total in a cumulative chart
    label: str  # the group, in full (the tick under the bar may be cut)
    value: str  # the amount written above the bar
    bottom: float  # the base every bar stands on, in plot units
    top: float
    segments: tuple[Segment, ...]
    selected: bool  # the bar the table is filtered to: outlined
    share: float | None  # the top of the rows selected in the table, drawn inside the bar


@dataclass(frozen=True)
class LegendEntry:
    key: str | None  # the stack value
    label: str
    colour: str


@dataclass(frozen=True)
class BarLayout:
    options: ChartOptions
    bars: tuple[Bar, ...]
    legend: tuple[LegendEntry, ...]  # empty when not stacked
    ticks: tuple[tuple[int, str], ...]  # under each bar, cut to its room
    money_ticks: tuple[tuple[int, str], ...] | None  # log scale: each power of ten; None: the axis picks
    y_range: tuple[float, float]
    x_range: tuple[float, float]  # with room for the legend right of the bars when stacked
    axis_label: str

    def hit(self, x: float, y: float) -> tuple[Bar, Segment] | tuple[None, None]:
        """The bar and segment at a point in plot units, or (None, None)."""
        index = round(x)
        if not (0 <= index < len(self.bars)) or abs(x - index) > HALF_SLOT:
            return None, None
        bar = self.bars[index]
        for segment in bar.segments:
            if segment.bottom <= y <= segment.top:
                return bar, segment
        return None, None


def bar_layout(result: Totals, options: ChartOptions, width: int, *, selected_key: str | None = None,
               highlight: Mapping[str | None, int] | None = None,
               translate: Translate = untranslated) -> BarLayout:
    """The chart of *result* on a plot *width* pixels wide (the tick labels' room follows it).

    *selected_key* is the group the table is filtered to; *highlight* the amount per group
    of the rows selected in the table.
    """
    highlight = highlight or {}
    groups = [g for g in result.groups if g.amount_usd]
    if options.view == "month":
        groups = _months(result.groups, options.cumulative)
    positives = [s.amount_usd for g in groups for s in (g.segments or (g,)) if s.amount_usd]
    # A decade below the smallest amount: the smallest bar keeps a visible height.
    floor = 10 ** (math.floor(math.log10(min(positives))) - 1) if positives else 1

    def y(value: float) -> float:
        return math.log10(max(value, floor)) if options.log else value

    base = y(floor) if options.log else 0.0
    bars = [_bar(i, group, options, y, base, selected_key, highlight, translate)
            for i, group in enumerate(groups)]
    legend: dict[str | None, LegendEntry] = {}  # in the order the stack values first appear
    for bar in bars:
        for segment in bar.segments:
            if segment.stacked and segment.key not in legend:
                label = formatting.label(segment.key) if segment.key else translate("chart", "(none)")
                legend[segment.key] = LegendEntry(segment.key, label, segment.colour)

    # The legend sits in empty slots kept free right of the bars.
    legend_room = max(1.3, 0.22 * len(groups)) if options.stack_column else 0
    # Labels are cut to the room a bar has, so neighbours never overlap.
    slots = len(groups) + legend_room
    room = max(4, int(max(width - 90, 200) / max(slots, 1) / CHAR_WIDTH))
    ticks = tuple((bar.index, _short(bar.label, room)) for bar in bars)
    money_ticks: tuple[tuple[int, str], ...] | None = None
    if options.log and positives:
        top = math.log10(max(g.amount_usd or 0 for g in groups)) + 0.3
        money_ticks = tuple((e, formatting.money(10 ** e)) for e in range(int(base), math.floor(top) + 1))
        y_range = (base, top)
    else:
        high = max((g.amount_usd or 0 for g in groups), default=1)
        y_range = (0, high * 1.12)
    axis_label = (translate("chart", "committed USD, log scale") if options.log
                  else translate("chart", "committed USD"))
    return BarLayout(options, tuple(bars), tuple(legend.values()), ticks, money_ticks, y_range,
                     (-0.6, max(len(groups) - 0.4, 0.4) + legend_room), axis_label)


def _bar(index: int, group: Group, options: ChartOptions, y: Callable[[float], float], base: float,
         selected_key: str | None, highlight: Mapping[str | None, int], translate: Translate) -> Bar:
    """One bar, its segments stacked from the base up in the order the core gives them."""
    running = 0
    segments: list[Segment] = []
    parts: list[counting.Segment | None] = [p for p in (group.segments if options.stack_column else ())
                                             if p.amount_usd]
    for part in parts or [None]:
        amount = (part.amount_usd if part else group.amount_usd) or 0
        bottom = base if running == 0 else y(running)
        running += amount
        key = part.key if part else None
        segments.append(Segment(key, part.label if part else group.label, amount,
                                part.records if part else group.records, bottom, y(running),
                                colour(options, group.key, key), stacked=part is not None))
    share = highlight.get(group.key)
    amount = group.amount_usd or 0
    return Bar(index, group, _group_label(group, options.view, translate), formatting.money(amount),
               base, y(amount), tuple(segments), selected=selected_key is not None and group.key == selected_key,
               share=y(share) if share else None)


def _months(groups: tuple[Group, ...], cumulative: bool) -> list[Group]:
    """Months in order, undated last; a running total leaves the undated out and unstacks."""
    dated = [g for g in groups if g.key is not None and g.amount_usd]
    if not cumulative:
        return dated + [g for g in groups if g.key is None and g.amount_usd]
    running = 0
    out: list[Group] = []
    for g in dated:
        running += g.amount_usd or 0
        out.append(replace(g, amount_usd=running, segments=()))
    return out


def _group_label(group: Group, view: str, translate: Translate) -> str:
    if group.key is None:
        return translate("chart", "(none)") if view != "month" else translate("chart", "undated")
    if view == "agency":
        return group.key
    if view == "month":
        return formatting.date_text(dt.date.fromisoformat(group.key + "-01"), "month")
    return group.label


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def footnote(result: Totals, options: ChartOptions, translate: Translate = untranslated) -> str:
    """What the bars count and leave out, under the chart and in an exported one."""
    parts = [translate("chart", "US government money only; co-financing is not counted")]
    parts += [note.text(translate) for note in result.notes()]
    if options.running_total:
        parts.append(translate("chart", "cumulative; undated records not shown"))
    return " · ".join(parts)
