"""The words of the Help and About boxes."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from .. import __version__


def help_html() -> str:
    return QCoreApplication.translate("help", """
<h3>Finding your way</h3>
<ul>
<li><b>Tables</b>: Participants, Agreements, Financing (Ctrl+1…3, Ctrl+Tab for the next).</li>
<li><b>Search</b> (Ctrl+F): English or Russian, any case; every word must match. Esc clears it.</li>
<li><b>Sort</b>: click a column header; click again to reverse; Ctrl+click adds a second key.
Right-click a header to show or hide columns.</li>
<li><b>Filter</b>: pick a column, an operator and a value (<code>100M</code>, <code>EXIM, DFC</code>,
<code>2025-10 and 2025-12</code>) and press Enter. Tick <i>or</i> to join it to the previous filter as an OR group.
Click a chip to remove it.</li>
<li><b>Facets</b> (left): click a value to keep only it, Ctrl+click for several. Counts are what
you would get.</li>
<li><b>Detail</b> (right): the whole record, its Russian source sentence and related records.
Enter jumps there; Alt+Left / Alt+Right go back and forward.</li>
<li><b>Copy</b>: Ctrl+C copies the selected rows as TSV, ready to paste into a spreadsheet.</li>
<li><b>Export</b> (Ctrl+E): the selected rows, the filtered rows or the whole table, as CSV, XLSX or
JSON, with the columns on screen.</li>
<li><b>Import</b> (Ctrl+I): every row is checked and previewed first; a file with any error imports
nothing. An agency, instrument or stage not seen before must be ticked as new (a typo should not
become a category). Edit → Undo last import removes exactly what it added.</li>
</ul>
<h3>Reading the money</h3>
<p>Totals never double count: an aggregate (Σ, italic) such as EXIM's $14.8B of letters of
interest is counted through its listed parts. Records without a dollar amount (action plans,
a copper offtake) are counted, not summed. Co-financing is private or other public money,
never part of the US commitment. A letter of interest or a funding opportunity is not a loan:
look at <i>Stage</i>.</p>
""")


def about_html() -> str:
    return QCoreApplication.translate("help", """
<h3>FORGE Desktop {version}</h3>
<p>An open-source explorer for the critical-minerals record of 2026: the Critical Minerals
Ministerial of 4 February 2026 in Washington, FORGE (the Forum on Resource Geostrategic
Engagement), the agreements signed and what US agencies committed.</p>
<p><b>Data source:</b> a Russian-language news report of the ministerial (MiddleAsianNews, citing
the US State Department), curated by hand into English with the Russian original kept verbatim
for every record. See <code>data/README.md</code> for how each passage was read.</p>
""").format(version=__version__)
