"""Where everything on the chart goes, computed without drawing anything.

:func:`bar_layout` turns a :class:`~forge_desktop.core.counting.Totals` and the
:class:`~.options.ChartOptions` into plain values: the bars and their stacked segments
(bottom and top in plot units, log10 of dollars on a log scale), the value labels, the
ticks cut to the room a bar has, the ranges and the legend. What only painting can tell
(how wide the legend is, how tall a value label) the view measures and passes in as shares
of the plot. The view only paints these, and tests check the geometry (segments add up,
the log floor, running totals) without a QApplication: nothing here imports Qt. Texts go
through the *translate* the caller passes (the view passes Qt's), English by default,
like the core's notes.
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
AXIS_WIDTH = 90  # pixels of the widget's width the money axis and margins take
MAX_LEGEND_SHARE = 0.5  # the bars keep at least half the plot, however wide the legend
MAX_HEADROOM = 0.5  # nor does the room above the tallest bar take more than half its height


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
    bars: tuple[Bar, ...]  # a month without a dollar amount: an empty slot, no segments
    legend: tuple[LegendEntry, ...]  # empty when not stacked
    ticks: tuple[tuple[int, str], ...]  # under each bar, cut to its room
    # log scale: each power of ten; (): no ticks (nothing to measure); None: the axis picks
    money_ticks: tuple[tuple[int, str], ...] | None
    y_range: tuple[float, float]
    x_range: tuple[float, float]  # with room for the legend right of the bars when stacked
    axis_label: str
    message: str  # shown across the plot when it has no bar ("" when it has)
    short_axis_label: str = ""  # where the plot is too low for axis_label

    def axis_label_for(self, room: float, width: Callable[[str], float]) -> str:
        """The axis label that fits *room* pixels (the plot's height) as *width* measures
        text: the full one, the short one, or none rather than one cut off."""
        return next((label for label in (self.axis_label, self.short_axis_label)
                     if label and width(label) <= room), "")

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

    def slot(self, x: float) -> Bar | None:
        """The bar whose slot (its tick label's room) holds *x*, or None."""
        index = round(x)
        return self.bars[index] if 0 <= index < len(self.bars) else None


def bar_layout(result: Totals, options: ChartOptions, width: int, *, legend_share: float = 0.0,
               headroom: float = 0.0, selected_key: str | None = None,
               highlight: Mapping[str | None, int] | None = None,
               translate: Translate = untranslated) -> BarLayout:
    """The chart of *result* in a widget *width* pixels wide (the tick labels' room follows it).

    *legend_share* is the part of the plot's width the legend takes, kept free right of the
    bars; *headroom* the part of its height a value label needs above the tallest bar (the
    view measures both). *selected_key* is the group the table is filtered to; *highlight*
    the amount per group of the rows selected in the table.
    """
    highlight = highlight or {}
    groups = [g for g in result.groups if g.amount_usd]
    if options.view == "month":
        groups = _months(result.groups, options.running_total)
    positives = [g.amount_usd for g in groups if g.amount_usd]
    # A decade below the smallest bar: it keeps a visible height. (Its segments need no
    # floor of their own: on a log scale they split their bar's height, see _bar.)
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

    # The legend's share of the plot is kept free right of the bars.
    bars_share = 1 - min(max(legend_share, 0.0), MAX_LEGEND_SHARE) if legend else 1.0
    bars_end = max(len(groups) - 0.4, 0.4)
    legend_room = (bars_end + 0.6) * (1 - bars_share) / bars_share
    # Labels are cut to the room a bar has, so neighbours never overlap.
    room = max(4, int(max(width - AXIS_WIDTH, 200) * bars_share / max(len(groups), 1) / CHAR_WIDTH))
    ticks = tuple((bar.index, _short(bar.label, room)) for bar in bars)
    money_ticks, y_range = _money_axis(groups, options, base, min(max(headroom, 0.0), MAX_HEADROOM))
    axis_label = (translate("chart", "committed USD, log scale") if options.log
                  else translate("chart", "committed USD"))
    short_axis_label = (translate("chart", "USD, log") if options.log
                        else translate("chart", "USD"))
    message = "" if positives else translate("chart", "No dollar amounts in these rows.")
    return BarLayout(options, tuple(bars), tuple(legend.values()), ticks, money_ticks, y_range,
                     (-0.6, bars_end + legend_room), axis_label, message, short_axis_label)


def _money_axis(groups: list[Group], options: ChartOptions, base: float,
                headroom: float) -> tuple[tuple[tuple[int, str], ...] | None, tuple[float, float]]:
    """The money axis' ticks and range: above the tallest bar at least a tenth of the plot
    (linear) or 0.3 of a decade (log), and at least the *headroom* its value label needs."""
    high = max((g.amount_usd or 0 for g in groups), default=0)
    if not high:
        return (), (0.0, 1.0)  # nothing to measure: no ticks, rather than $0.6000000000000001
    if not options.log:
        return None, (0, max(high * 1.12, high / (1 - headroom)))
    tallest = math.log10(high)
    top = max(tallest + 0.3, base + (tallest - base) / (1 - headroom))
    return tuple((e, formatting.money(10 ** e)) for e in range(int(base), math.floor(top) + 1)), (base, top)


def _bar(index: int, group: Group, options: ChartOptions, y: Callable[[float], float], base: float,
         selected_key: str | None, highlight: Mapping[str | None, int], translate: Translate) -> Bar:
    """One bar, its segments stacked from the base up in the order the core gives them.

    On a linear scale a segment spans its own amount. On a log scale the bar's height is
    the log of its total, but stacking raw amounts on it would be no reading at all: the
    first segment would take the decades between the floor and itself, and every segment
    above it only the few hundredths of a decade it adds to the running total, a hairline
    however large. So on a log scale the segments split the bar's height in proportion to
    their amounts (a segment of a third of the dollars is a third of the bar), and the
    footnote says so; the exact amounts are in the hover text.
    """
    amount = group.amount_usd or 0
    top = y(amount) if amount else base
    parts: list[counting.Segment | None] = [p for p in (group.segments if options.stack_column else ())
                                             if p.amount_usd]
    pieces = [(part, (part.amount_usd if part else amount) or 0) for part in parts or [None]] if amount else []
    whole = sum(piece for _, piece in pieces)

    def height_at(running: int) -> float:
        """Where the segments stacked so far, *running* dollars of the *whole*, reach."""
        return base + (top - base) * running / whole if options.log else running

    running = 0
    segments: list[Segment] = []
    for part, piece in pieces:
        bottom = height_at(running)
        running += piece
        key = part.key if part else None
        segments.append(Segment(key, part.label if part else group.label, piece,
                                part.records if part else group.records, bottom,
                                top if options.log and running == whole else height_at(running),
                                colour(options, group.key, key), stacked=part is not None))
    share = highlight.get(group.key)
    return Bar(index, group, _group_label(group, options.view, translate),
               formatting.money(amount) if amount else "", base, top, tuple(segments),
               selected=selected_key is not None and group.key == selected_key,
               share=y(share) if share else None)


def _months(groups: tuple[Group, ...], running_total: bool) -> list[Group]:
    """Every month from the first with a dollar amount to the last, undated last.

    A month between them without one is an empty slot, so a gap in time shows as a gap. A
    running total leaves the undated out and runs every stack value up on its own, so its
    bars stay stacked like the months they sum.
    """
    by_month = {g.key: g for g in groups if g.key is not None}
    dated = [key for key, g in by_month.items() if g.amount_usd]
    months = [by_month.get(key) or Group(key, key, None, 0, 0)
              for key in (_month_keys(min(dated), max(dated)) if dated else [])]
    if not running_total:
        return months + [g for g in groups if g.key is None and g.amount_usd]
    amount, records, non_monetary = 0, 0, 0
    parts: dict[str | None, counting.Segment] = {}  # each stack value's running total, in first-seen order
    out: list[Group] = []
    for month in months:
        amount += month.amount_usd or 0
        records += month.records
        non_monetary += month.non_monetary
        for part in month.segments:
            before = parts.get(part.key)
            parts[part.key] = part if before is None else replace(
                before, amount_usd=(before.amount_usd or 0) + (part.amount_usd or 0),
                records=before.records + part.records, non_monetary=before.non_monetary + part.non_monetary)
        out.append(replace(month, amount_usd=amount, records=records, non_monetary=non_monetary,
                           segments=tuple(parts.values())))
    return out


def _month_keys(first: str, last: str) -> list[str]:
    """``YYYY-MM`` of every month from *first* to *last*."""
    year, month = int(first[:4]), int(first[5:7])
    keys: list[str] = []
    while (key := f"{year:04d}-{month:02d}") <= last:
        keys.append(key)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


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
    # (one literal below: pyside6-lupdate joins no concatenation)
    if options.log and options.stack_column and not options.map:
        parts.append(translate("chart",
                               "log scale: a bar's height is its total, split in proportion to its segments' amounts"))
    return " · ".join(parts)
