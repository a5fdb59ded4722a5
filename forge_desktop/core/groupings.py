"""The chart's vocabulary: what its bars can stand for and what it can split them by.

Declared once here, Qt-free, because three places speak it: the ``chart`` command's
``--by``/``--stack`` choices, the window's chart controls and the headless chart's title.
A grouping says which column :func:`~forge_desktop.core.counting.totals` groups by and
which column a click on a bar filters the table on: they differ for months, which are
counted by ``YYYY-MM`` of the date but filtered on the date itself.

The control labels are marked with :func:`QT_TRANSLATE_NOOP` in the ``chart`` context
(the Qt layer translates them where it shows them); the titles are the command line's
own English, which no translation reaches.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .counting import MONTH
from .text import QT_TRANSLATE_NOOP

CONTEXT = "chart"  # the translation context of the labels, shared with the chart's own texts


@dataclass(frozen=True)
class Grouping:
    """One bar per value of :attr:`column`."""

    key: str  # what the user picks: ``--by KEY``, the chart's view box
    column: str  # what totals() groups by
    filter_column: str  # what a click on a bar filters the table on
    title: str  # the headless chart's title
    label: str  # the control's text (English; translate in CONTEXT)


@dataclass(frozen=True)
class Stack:
    """What each bar is split by; ``column`` None: not split."""

    key: str
    column: str | None
    label: str  # the control's text (English; translate in CONTEXT)


GROUPINGS: Mapping[str, Grouping] = {g.key: g for g in (
    Grouping("agency", "agency", "agency", "Committed USD by agency",
             QT_TRANSLATE_NOOP("chart", "By agency")),
    Grouping("mineral", "minerals", "minerals", "Committed USD by mineral",
             QT_TRANSLATE_NOOP("chart", "By mineral")),
    Grouping("location", "locations", "locations", "Committed USD by location",
             QT_TRANSLATE_NOOP("chart", "By location (country)")),
    Grouping("month", MONTH, "date", "Committed USD by month",
             QT_TRANSLATE_NOOP("chart", "Over time (month)")),
)}

STACKS: Mapping[str, Stack] = {s.key: s for s in (
    Stack("stage", "stage", QT_TRANSLATE_NOOP("chart", "Stacked by stage")),
    Stack("instrument", "instrument", QT_TRANSLATE_NOOP("chart", "Stacked by instrument")),
    Stack("agency", "agency", QT_TRANSLATE_NOOP("chart", "Stacked by agency")),
    Stack("none", None, QT_TRANSLATE_NOOP("chart", "Not stacked")),
)}


def stack_column(grouping: str, stack: str) -> str | None:
    """The column each bar of *grouping* is split by, or None.

    None also when the stack is the grouping's own column: every bar would be a single
    segment (agencies stacked by agency), so the bars are drawn whole, without a legend.
    """
    column = STACKS[stack].column
    return None if column == GROUPINGS[grouping].column else column
