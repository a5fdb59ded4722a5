"""The money chart: committed USD by agency (or mineral, location, month), stacked.

What it can show is the core's vocabulary (:mod:`forge_desktop.core.groupings`); here
:mod:`.options` says what is asked, :mod:`.layout` where every bar, segment, label and tick
goes (pure, no Qt), :mod:`.view` paints that, :mod:`.panel` adds the controls, the counting
off the UI thread, hover and click, :mod:`.export` writes PNG or SVG and :mod:`.command` is
the headless ``forge-desktop chart``.
"""

from __future__ import annotations

from .export import export_chart
from .options import ChartOptions, chart_totals
from .panel import ChartPanel

__all__ = ["ChartOptions", "ChartPanel", "chart_totals", "export_chart"]
