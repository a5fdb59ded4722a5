"""What the world map shows and says for one answer of :func:`country_totals`: the amounts
it shades, the line of what it cannot draw, its footnote and a country's hover.

Shared by the chart panel and the headless ``chart --map`` command, so a map on screen and
an exported one say the same.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from ...core import formatting
from ...core.country_totals import CountryTotals
from .layout import footnote
from .options import ChartOptions

translate = QCoreApplication.translate  # pyside6-lupdate reads translate("context", "text")

PLACES_LISTED = 8  # a hover names this many places within a country, then "and N more"


@dataclass(frozen=True)
class MapPicture:
    values: dict[str, int | None]  # committed USD by the alpha-3 code of a country with a shape
    no_shape: tuple[str, ...]  # "Gulf region ($1B)": what the map cannot draw, largest first
    footnote: str
    has_money: bool  # any amount at all: without one the map says so instead of a legend


def map_picture(result: CountryTotals, options: ChartOptions, shapes: Container[str]) -> MapPicture:
    values, without = result.shaded(shapes)
    no_shape = tuple(f"{g.label} ({formatting.money(g.amount_usd) or translate('chart', 'no amount')})"
                     for g in without)
    parts = [footnote(result.totals, options, translate),
             translate("chart", "a state or city counts under its country")]
    nowhere = result.group_without_location()
    if nowhere is not None:
        parts.append(translate("chart", "no location: {0} records ({1})").format(
            nowhere.records, formatting.money(nowhere.amount_usd) or translate("chart", "no amount")))
    has_money = any(g.amount_usd for g in result.totals.groups)
    return MapPicture(values, no_shape, " · ".join(parts), has_money)


def country_tooltip(result: CountryTotals, code: str, name: str) -> str:
    """What hovering over country *code* says: the exact sum, records, stages, places within."""
    group = result.group(code)
    if group is None:
        return f"<b>{name}</b><br>" + translate("chart", "no records in this selection")
    lines = [f"<b>{group.label}</b> <span style='color: gray'>"
             + translate("chart", "(click: filter the table)") + "</span>",
             translate("chart", "{0} · {1} records").format(
                 formatting.money_full(group.amount_usd) or translate("chart", "no amount"), group.records)]
    if group.segments:
        lines.append(translate("chart", "by stage:"))
        for part in group.segments:
            money = formatting.money(part.amount_usd) or translate("chart", "no amount")
            lines.append(f"&nbsp;&nbsp;{formatting.label(part.key)}: {money} ({part.records})")
    places = result.places.get(code, ())
    if places:
        shown = ", ".join(places[:PLACES_LISTED])
        if len(places) > PLACES_LISTED:
            shown += " " + translate("chart", "and {0} more").format(len(places) - PLACES_LISTED)
        lines.append(translate("chart", "places within: {0}").format(shown))
    return "<br>".join(lines)
