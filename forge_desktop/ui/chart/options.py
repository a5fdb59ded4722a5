"""What the chart is asked to show (:class:`ChartOptions`) and the colours it shows it in.

Qt-free, like the layout: the options are plain values the panel, the headless command and
the tests build alike.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ...core.counting import Totals, totals
from ...core.groupings import GROUPINGS, Grouping, stack_column
from ...core.query import Query
from ...core.schema import Agency, Instrument, Stage

TIMELINE = "timeline"  # the view that draws each record over time, beside the bar groupings
MAP = "map"  # the view that shades each country by its committed dollars


@dataclass(frozen=True)
class ChartOptions:
    view: str = "agency"  # a key of GROUPINGS
    stack: str = "stage"  # a key of STACKS
    log: bool = False
    include_conditional: bool = True
    cumulative: bool = False  # running total; months only
    dark: bool = False  # the window's palette decides, the user does not pick it

    @property
    def timeline(self) -> bool:
        """Each record on a time axis (the timeline view), not bars of totals."""
        return self.view == TIMELINE

    @property
    def map(self) -> bool:
        """Countries shaded on a world map (the map view), not bars."""
        return self.view == MAP

    @property
    def lane_by(self) -> str:
        """The timeline's lanes: the stack column, or the stage when not stacked."""
        return self.stack if self.stack in ("stage", "agency", "instrument") else "stage"

    @property
    def grouping(self) -> Grouping:
        """The bars' grouping; the timeline's totals (its footnote) are by month, the map's
        by location (a place counts under its country)."""
        return GROUPINGS["month" if self.timeline else "location" if self.map else self.view]

    @property
    def by(self) -> str:
        return self.grouping.column

    @property
    def stack_column(self) -> str | None:
        """What a bar is split by; the map always breaks a country down by stage, in its hover."""
        return "stage" if self.map else stack_column(self.grouping.key, self.stack)

    @property
    def running_total(self) -> bool:
        """Months summed up: no bar is one month's records, so no bar stands for a filter."""
        return self.view == "month" and self.cumulative

    @property
    def background(self) -> str:
        return "#202124" if self.dark else "#ffffff"

    @property
    def foreground(self) -> str:
        return "#e8eaed" if self.dark else "#202124"


def chart_totals(session: Session, query: Query, options: ChartOptions) -> Totals:
    """What the chart draws: the core's totals for the view, stacked as asked."""
    return totals(session, query, options.by, stack=options.stack_column,
                  include_conditional=options.include_conditional)


# Paul Tol's colour-blind-safe schemes: readable on light and dark backgrounds alike.
AGENCY_COLOURS: dict[str | None, str] = {
    Agency.EXIM: "#4477AA", Agency.DOE: "#228833", Agency.DOD: "#CCBB44", Agency.DFC: "#EE6677",
    Agency.USTR: "#AA3377"}
STAGE_COLOURS: dict[str | None, str] = {  # from the weakest commitment to money out of the door
    Stage.ANNOUNCED: "#BBBBBB", Stage.OPPORTUNITY: "#99DDFF", Stage.LETTER_OF_INTEREST: "#77AADD",
    Stage.LETTER_OF_INTENT: "#44BB99", Stage.NEGOTIATING: "#EEDD88", Stage.APPROVED: "#BBCC33",
    Stage.COMMITTED: "#EE8866", Stage.FUNDED: "#CC3311"}
_MUTED = ["#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255", "#44AA99",
          "#999933", "#AA4499", "#DDDDDD", "#6699CC", "#004488", "#EE99AA"]
INSTRUMENT_COLOURS: dict[str | None, str] = {i: _MUTED[n % len(_MUTED)] for n, i in enumerate(Instrument)}
NEUTRAL = "#6699CC"
STACK_COLOURS = {"stage": STAGE_COLOURS, "instrument": INSTRUMENT_COLOURS, "agency": AGENCY_COLOURS}

# Tol's dark scheme: none of the curated values above uses these.
_IMPORTED = ["#222255", "#225555", "#225522", "#666633", "#663333", "#555555"]


def _imported_colour(key: str | None) -> str:
    """A value an import added (a new agency, say): a dark colour that stays its own."""
    return _IMPORTED[zlib.crc32((key or "").encode()) % len(_IMPORTED)]


def colour(options: ChartOptions, group_key: str | None, stack_key: str | None) -> str:
    """A segment's colour: its stack value's when stacked, else its agency's, else neutral."""
    if options.stack_column:
        return STACK_COLOURS[options.stack_column].get(stack_key) or _imported_colour(stack_key)
    if options.view == "agency":
        return AGENCY_COLOURS.get(group_key) or _imported_colour(group_key)
    return NEUTRAL
