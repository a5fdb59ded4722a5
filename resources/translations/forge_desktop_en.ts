<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en">
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../../forge_desktop/ui/main_window.py" line="910" />
        <source>Copied %n row(s)</source>
        <translation><numerusform>Copied %n row</numerusform><numerusform>Copied %n rows</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../forge_desktop/ui/main_window.py" line="937" />
        <source>Wrote %n row(s) to {0}</source>
        <translation><numerusform>Wrote %n row to {0}</numerusform><numerusform>Wrote %n rows to {0}</numerusform></translation>
    </message>
</context>
<context>
    <name>RefreshButton</name>
    <message numerus="yes">
        <location filename="../../forge_desktop/ui/change_watch.py" line="70" />
        <source>%n change(s) by {0} — Refresh</source>
        <translation><numerusform>%n change by {0} — Refresh</numerusform><numerusform>%n changes by {0} — Refresh</numerusform></translation>
    </message>
</context>
<context>
    <name>SavedViewsMenu</name>
    <message numerus="yes">
        <location filename="../../forge_desktop/ui/saved_views.py" line="275" />
        <source>Exported %n view(s) to {0}</source>
        <translation><numerusform>Exported %n view to {0}</numerusform><numerusform>Exported %n views to {0}</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../forge_desktop/ui/saved_views.py" line="291" />
        <source>Imported %n view(s).</source>
        <translation><numerusform>Imported %n view.</numerusform><numerusform>Imported %n views.</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../forge_desktop/ui/saved_views.py" line="295" />
        <source>%n view(s) were saved already, unchanged.</source>
        <translation><numerusform>%n view was saved already, unchanged.</numerusform><numerusform>%n views were saved already, unchanged.</numerusform></translation>
    </message>
</context>
<context>
    <name>StatisticsDialog</name>
    <message numerus="yes">
        <location filename="../../forge_desktop/ui/column_stats.py" line="195" />
        <source>%n row(s) under the current filters</source>
        <translation><numerusform>%n row under the current filters</numerusform><numerusform>%n rows under the current filters</numerusform></translation>
    </message>
</context>
<context>
    <name>TablePage</name>
    <message numerus="yes">
        <location filename="../../forge_desktop/ui/table_page.py" line="319" />
        <source>{0} of %n financing record(s)</source>
        <translation><numerusform>{0} of %n financing record</numerusform><numerusform>{0} of %n financing records</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../forge_desktop/ui/table_page.py" line="320" />
        <source>{0} of %n participant(s)</source>
        <translation><numerusform>{0} of %n participant</numerusform><numerusform>{0} of %n participants</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../forge_desktop/ui/table_page.py" line="321" />
        <source>{0} of %n agreement(s)</source>
        <translation><numerusform>{0} of %n agreement</numerusform><numerusform>{0} of %n agreements</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../forge_desktop/ui/table_page.py" line="322" />
        <source>{0} of %n source(s)</source>
        <translation><numerusform>{0} of %n source</numerusform><numerusform>{0} of %n sources</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../forge_desktop/ui/table_page.py" line="375" />
        <source>%n selected</source>
        <translation><numerusform>%n selected</numerusform><numerusform>%n selected</numerusform></translation>
    </message>
</context>
<context>
    <name>ValueCountsDialog</name>
    <message numerus="yes">
        <location filename="../../forge_desktop/ui/column_stats.py" line="116" />
        <source>%n row(s) under the current filters</source>
        <translation><numerusform>%n row under the current filters</numerusform><numerusform>%n rows under the current filters</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../forge_desktop/ui/column_stats.py" line="117" />
        <source>%n value(s)</source>
        <translation><numerusform>%n value</numerusform><numerusform>%n values</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../forge_desktop/ui/column_stats.py" line="119" />
        <source>the %n most frequent shown</source>
        <translation><numerusform>the %n most frequent shown</numerusform><numerusform>the %n most frequent shown</numerusform></translation>
    </message>
</context>
</TS>