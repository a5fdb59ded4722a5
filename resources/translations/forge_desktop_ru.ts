<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>ChangesModel</name>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="151"/>
        <source>#</source>
        <translation>№</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="151"/>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="151"/>
        <source>Author</source>
        <translation>Автор</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="151"/>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="152"/>
        <source>Tables</source>
        <translation>Таблицы</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="152"/>
        <source>Records</source>
        <translation>Записи</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="152"/>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="196"/>
        <source>… and {0} more changes: Export… writes them all</source>
        <translation>… и ещё изменений: {0}; «Экспорт…» запишет все</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="328"/>
        <source>Change set {0}, {1} UTC</source>
        <translation>Набор изменений {0}, {1} UTC</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="330"/>
        <source>Takes back change set {0}</source>
        <translation>Отменяет набор изменений {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="332"/>
        <source>Source: {0}</source>
        <translation>Источник: {0}</translation>
    </message>
</context>
<context>
    <name>ChangesView</name>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="346"/>
        <source>Changes</source>
        <translation>Изменения</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="351"/>
        <location filename="../../forge_desktop/ui/changes_view.py" line="356"/>
        <source>Since</source>
        <translation>С даты</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="352"/>
        <source>Only change sets made on or after this day</source>
        <translation>Только наборы изменений с этого дня</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="358"/>
        <location filename="../../forge_desktop/ui/changes_view.py" line="400"/>
        <source>Author</source>
        <translation>Автор</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="359"/>
        <source>Anyone</source>
        <translation>Любой</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="362"/>
        <location filename="../../forge_desktop/ui/changes_view.py" line="400"/>
        <source>Table</source>
        <translation>Таблица</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="363"/>
        <source>Any table</source>
        <translation>Любая таблица</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="367"/>
        <location filename="../../forge_desktop/ui/changes_view.py" line="401"/>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="368"/>
        <source>Any kind</source>
        <translation>Любой вид</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="371"/>
        <source>&amp;Undo this change set</source>
        <translation>&amp;Отменить этот набор изменений</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="372"/>
        <source>Put its records back as they were before it (your own change sets only); the undo is logged too</source>
        <translation>Вернуть записи в прежний вид (только свои наборы изменений); отмена тоже записывается в журнал</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="375"/>
        <source>E&amp;xport…</source>
        <translation>Э&amp;кспорт…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="376"/>
        <source>Write every change of the listed change sets as CSV</source>
        <translation>Записать все изменения показанных наборов в CSV</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="381"/>
        <source>Change sets</source>
        <translation>Наборы изменений</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="458"/>
        <source>Reading the change log…</source>
        <translation>Чтение журнала изменений…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="489"/>
        <source>The newest {0} of {1} change sets: narrow the filters to see older ones</source>
        <translation>Новейшие {0} из {1} наборов изменений: сузьте фильтры, чтобы увидеть более старые</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="492"/>
        <source>{0} change sets · double-click a change to go to its record</source>
        <translation>Наборов изменений: {0} · двойной щелчок по изменению открывает запись</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="495"/>
        <source>No change sets match: every import, edit, deletion and undo is listed here</source>
        <translation>Нет подходящих наборов изменений: здесь перечислены все импорты, правки, удаления и отмены</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="501"/>
        <source>The change log could not be read: {0}</source>
        <translation>Не удалось прочитать журнал изменений: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="536"/>
        <source>Go to {0}</source>
        <translation>Перейти к {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="538"/>
        <source>Undo change set {0}</source>
        <translation>Отменить набор изменений {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="567"/>
        <source>Undid change set {0}: {1} records put back</source>
        <translation>Набор изменений {0} отменён: записей возвращено: {1}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="568"/>
        <source>Undid change sets {0}: {1} records put back</source>
        <translation>Наборы изменений {0} отменены: записей возвращено: {1}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="574"/>
        <location filename="../../forge_desktop/ui/changes_view.py" line="588"/>
        <source>Undo change set</source>
        <translation>Отмена набора изменений</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="575"/>
        <source>Later change sets of yours changed the same records: {0}.

Undo them together with change set {1}?</source>
        <translation>Ваши более поздние наборы изменений затронули те же записи: {0}.

Отменить их вместе с набором изменений {1}?</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="579"/>
        <source>Undo both</source>
        <translation>Отменить оба</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="580"/>
        <source>Undo all {0}</source>
        <translation>Отменить все ({0})</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="589"/>
        <source>Nothing was undone: {0}</source>
        <translation>Ничего не отменено: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="594"/>
        <source>Export the change log</source>
        <translation>Экспорт журнала изменений</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="595"/>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>Файлы CSV (*.csv);;Все файлы (*)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="615"/>
        <source>Wrote {0} changes to {1}</source>
        <translation>Записано изменений: {0} в {1}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="619"/>
        <source>Export failed</source>
        <translation>Экспорт не удался</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/changes_view.py" line="620"/>
        <source>{0}

Nothing was written.</source>
        <translation>{0}

Ничего не записано.</translation>
    </message>
</context>
<context>
    <name>ColumnStats</name>
    <message>
        <location filename="../../forge_desktop/ui/column_stats.py" line="62"/>
        <source>This could not be counted: {0}</source>
        <translation>Подсчитать не удалось: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/column_stats.py" line="67"/>
        <source>Counting…</source>
        <translation>Подсчёт…</translation>
    </message>
</context>
<context>
    <name>DatabaseOpening</name>
    <message>
        <location filename="../../forge_desktop/ui/app.py" line="312"/>
        <source>Opening the database</source>
        <translation>Открытие базы данных</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/app.py" line="323"/>
        <source>Rebuilding the database from the shipped data…</source>
        <translation>База данных пересоздаётся из поставляемых данных…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/app.py" line="325"/>
        <source>Building the database from the shipped data (first start only)…</source>
        <translation>База данных создаётся из поставляемых данных (только при первом запуске)…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/app.py" line="327"/>
        <source>Opening the database…</source>
        <translation>Открытие базы данных…</translation>
    </message>
</context>
<context>
    <name>DatabaseProblem</name>
    <message>
        <location filename="../../forge_desktop/ui/app.py" line="173"/>
        <source>The database cannot be opened</source>
        <translation>Не удаётся открыть базу данных</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/app.py" line="176"/>
        <source>Rebuild makes a fresh database from the shipped data at the same place; the unreadable file is kept beside it. Open another lets you pick a database file.</source>
        <translation>«Пересоздать» создаёт новую базу данных из поставляемых данных в том же месте; нечитаемый файл сохраняется рядом. «Открыть другую» позволяет выбрать файл базы данных.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/app.py" line="178"/>
        <source>Rebuild</source>
        <translation>Пересоздать</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/app.py" line="179"/>
        <source>Open another…</source>
        <translation>Открыть другую…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/app.py" line="180"/>
        <source>Quit</source>
        <translation>Выход</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/app.py" line="336"/>
        <source>Rebuild failed</source>
        <translation>Не удалось пересоздать базу данных</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/app.py" line="360"/>
        <source>Open a FORGE database</source>
        <translation>Открыть базу данных FORGE</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/app.py" line="361"/>
        <source>SQLite databases (*.sqlite *.db);;All files (*)</source>
        <translation>Базы данных SQLite (*.sqlite *.db);;Все файлы (*)</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <location filename="../../forge_desktop/ui/detail.py" line="71"/>
        <source>Record detail</source>
        <translation>Сведения о записи</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/detail.py" line="88"/>
        <source>Select a row to read the whole record, the sources it rests on and the records related to it.</source>
        <translation>Выберите строку, чтобы увидеть запись целиком, источники, на которых она основана, и связанные с ней записи.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/detail.py" line="109"/>
        <source>source</source>
        <translation>источник</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/detail.py" line="110"/>
        <source>How the source was read</source>
        <translation>Как прочитан источник</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/detail.py" line="110"/>
        <source>none</source>
        <translation>нет</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/detail.py" line="111"/>
        <source>Related</source>
        <translation>Связанное</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/detail.py" line="111"/>
        <source>All fields</source>
        <translation>Все поля</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/detail.py" line="149"/>
        <source>official</source>
        <translation>официальный</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/detail.py" line="149"/>
        <source>press</source>
        <translation>пресса</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/detail.py" line="150"/>
        <source>filing</source>
        <translation>документ для регулятора</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/detail.py" line="150"/>
        <source>other</source>
        <translation>другое</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/detail.py" line="151"/>
        <source>Sources</source>
        <translation>Источники</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/detail.py" line="151"/>
        <source>Source</source>
        <translation>Источник</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/detail.py" line="153"/>
        <source>one source, not an official one</source>
        <translation>один источник, не официальный</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/detail.py" line="154"/>
        <source>verbatim</source>
        <translation>дословно</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/detail.py" line="154"/>
        <source>In English:</source>
        <translation>По-английски:</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/detail.py" line="183"/>
        <source>History</source>
        <translation>История</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/detail.py" line="183"/>
        <source>Source:</source>
        <translation>Источник:</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/detail.py" line="199"/>
        <source>… and {0} earlier</source>
        <translation>… и более ранних: {0}</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="137"/>
        <source>Export {0}</source>
        <translation>Экспорт: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="143"/>
        <source>Selected rows ({0})</source>
        <translation>Выделенные строки ({0})</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="144"/>
        <source>All rows matching the filters ({0})</source>
        <translation>Все строки, соответствующие фильтрам ({0})</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="145"/>
        <source>The whole table</source>
        <translation>Вся таблица</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="158"/>
        <source>Start with a byte-order mark (for Excel)</source>
        <translation>Добавить в начало метку порядка байтов (для Excel)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="159"/>
        <source>Columns as on screen, headed by their labels</source>
        <translation>Столбцы как на экране, с их названиями в заголовках</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="161"/>
        <source>The columns shown, in their order, with their labels as headers and stages and instruments in words. Amounts and dates stay numbers and dates; each amount&apos;s qualifier (up to, conditional) and each date&apos;s precision (a month, a year) come in a column beside it.</source>
        <translation>Видимые столбцы в их порядке, с названиями в заголовках, стадии и инструменты словами. Суммы и даты остаются числами и датами; уточнение каждой суммы (до, условно) и точность каждой даты (месяц, год) идут в столбце рядом.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="165"/>
        <source>All columns as stored, for re-import</source>
        <translation>Все столбцы как хранятся, для повторного импорта</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="167"/>
        <source>Every column, headed by its field name (amount_usd), with values as stored (direct_loan): the form Import reads back as it is.</source>
        <translation>Все столбцы, в заголовках имена полей (amount_usd), значения как хранятся (direct_loan): в таком виде импорт читает файл обратно без изменений.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="171"/>
        <source>Labels, as on screen</source>
        <translation>Подписи, как на экране</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="172"/>
        <source>Field names (amount_usd)</source>
        <translation>Имена полей (amount_usd)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="174"/>
        <source>What heads each column: its label in the interface&apos;s language, or its field name, as scripts read it. Import reads either back.</source>
        <translation>Что стоит в заголовке столбца: подпись на языке интерфейса или имя поля, как его читают скрипты. Импорт читает и то и другое.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="177"/>
        <source>Add provenance: Russian quote, summary, notes, source</source>
        <translation>Добавить сведения о происхождении: цитата на русском, краткое содержание, примечания, источник</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="178"/>
        <source>Include sources</source>
        <translation>Включить источники</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="180"/>
        <source>A column citing each record&apos;s sources with the passages quoted. An XLSX file also gets a Sources sheet, with how many records rest on each, and the data&apos;s version.</source>
        <translation>Столбец со ссылками на источники каждой записи и цитатами. В файл XLSX также добавляется лист «Источники» с числом записей на каждом и версией данных.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="185"/>
        <source>Browse…</source>
        <translation>Обзор…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="195"/>
        <source>Rows</source>
        <translation>Строки</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="199"/>
        <source>Columns</source>
        <translation>Столбцы</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="200"/>
        <source>Column headers</source>
        <translation>Заголовки столбцов</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="201"/>
        <source>Format</source>
        <translation>Формат</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="203"/>
        <source>File</source>
        <translation>Файл</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="243"/>
        <source>Export to</source>
        <translation>Экспортировать в</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="255"/>
        <source>Replace the file?</source>
        <translation>Заменить файл?</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="256"/>
        <source>{0} already exists in {1}. Replace it?</source>
        <translation>Файл {0} уже есть в папке {1}. Заменить его?</translation>
    </message>
</context>
<context>
    <name>ExportRunner</name>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="309"/>
        <source>Exporting to {0}…</source>
        <translation>Экспорт в {0}…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="310"/>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="942"/>
        <source>Export cancelled; no file written</source>
        <translation>Экспорт отменён; файл не записан</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="945"/>
        <source>Export failed</source>
        <translation>Ошибка экспорта</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="946"/>
        <source>{0}

Nothing was written.</source>
        <translation>{0}

Ничего не записано.</translation>
    </message>
</context>
<context>
    <name>Facet</name>
    <message>
        <location filename="../../forge_desktop/ui/facets.py" line="73"/>
        <source>Clear</source>
        <translation>Сбросить</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/facets.py" line="76"/>
        <source>Clear facet {0}</source>
        <translation>Сбросить фильтр по значениям {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/facets.py" line="86"/>
        <source>Values of {0}</source>
        <translation>Значения столбца {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/facets.py" line="139"/>
        <source>no values in these rows</source>
        <translation>в этих строках нет значений</translation>
    </message>
</context>
<context>
    <name>FacetPanel</name>
    <message>
        <location filename="../../forge_desktop/ui/facets.py" line="188"/>
        <source>Facets</source>
        <translation>Фильтры по значениям</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <location filename="../../forge_desktop/ui/filter_bar.py" line="59"/>
        <source>Filter column</source>
        <translation>Столбец фильтра</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/filter_bar.py" line="63"/>
        <source>Filter operator</source>
        <translation>Оператор фильтра</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/filter_bar.py" line="64"/>
        <source>value, e.g. 100M or EXIM, DFC</source>
        <translation>значение, напр. 100M или EXIM, DFC</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/filter_bar.py" line="65"/>
        <source>Filter value</source>
        <translation>Значение фильтра</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/filter_bar.py" line="70"/>
        <source>Add</source>
        <translation>Добавить</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/filter_bar.py" line="71"/>
        <source>Add this filter (Enter)</source>
        <translation>Добавить этот фильтр (Enter)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/filter_bar.py" line="72"/>
        <source>or</source>
        <translation>или</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/filter_bar.py" line="73"/>
        <source>Join this condition to the previous filter: a row passes if either holds</source>
        <translation>Объединить это условие с предыдущим фильтром: строка проходит, если выполняется любое из них</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/filter_bar.py" line="135"/>
        <source>A and B</source>
        <translation>A and B</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/filter_bar.py" line="135"/>
        <source>A, B, C</source>
        <translation>A, B, C</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/filter_bar.py" line="136"/>
        <source>value</source>
        <translation>значение</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/filter_bar.py" line="242"/>
        <source>Click to remove this filter
{0}</source>
        <translation>Нажмите, чтобы убрать этот фильтр
{0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/filter_bar.py" line="244"/>
        <source>Remove filter {0}</source>
        <translation>Удалить фильтр {0}</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <location filename="../../forge_desktop/ui/help_text.py" line="107"/>
        <source>FORGE Desktop — help</source>
        <translation>FORGE Desktop — справка</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="96"/>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="601"/>
        <source>Import records</source>
        <translation>Импорт записей</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="106"/>
        <source>Choose file…</source>
        <translation>Выбрать файл…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="113"/>
        <source>detect</source>
        <translation>авто</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="114"/>
        <source>tab</source>
        <translation>табуляция</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="116"/>
        <source>Check</source>
        <translation>Проверить</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="124"/>
        <source>Encoding</source>
        <translation>Кодировка</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="126"/>
        <source>Delimiter</source>
        <translation>Разделитель</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="131"/>
        <source>Into</source>
        <translation>В таблицу</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="132"/>
        <source>File</source>
        <translation>Файл</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="135"/>
        <source>Choose a file to see what would be imported.</source>
        <translation>Выберите файл, чтобы увидеть, что будет импортировано.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="140"/>
        <source>New values: tick those that are not typos</source>
        <translation>Новые значения: отметьте те, что не являются опечатками</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="159"/>
        <source>Records as they will be stored</source>
        <translation>Записи в том виде, в каком они будут сохранены</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="173"/>
        <source>Import progress</source>
        <translation>Ход импорта</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="185"/>
        <source>Import</source>
        <translation>Импортировать</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="239"/>
        <source>Cancelling…</source>
        <translation>Отмена…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="249"/>
        <source>Reading the file…</source>
        <translation>Чтение файла…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="250"/>
        <source>Writing…</source>
        <translation>Сохранение…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="285"/>
        <source>Writing record {0} of {1}…</source>
        <translation>Сохранение записи {0} из {1}…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="287"/>
        <source>Checking row {0} of {1}…</source>
        <translation>Проверка строки {0} из {1}…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="289"/>
        <source>Checking the links between records…</source>
        <translation>Проверка связей между записями…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="297"/>
        <source>Check cancelled — nothing was changed. Press Check to read the file again.</source>
        <translation>Проверка отменена — ничего не изменено. Нажмите «Проверить», чтобы прочитать файл снова.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="300"/>
        <source>Import cancelled — nothing was changed.</source>
        <translation>Импорт отменён — ничего не изменено.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="308"/>
        <source>Import from</source>
        <translation>Импорт из файла</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="333"/>
        <source>Checking {0}…</source>
        <translation>Проверка {0}…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="369"/>
        <source>&lt;b&gt;This file cannot be imported:&lt;/b&gt; {0}</source>
        <translation>&lt;b&gt;Этот файл нельзя импортировать:&lt;/b&gt; {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="384"/>
        <source>{0} rows read · {1} ready to import · {2} with errors · {3} warnings</source>
        <translation>Прочитано строк: {0} · готово к импорту: {1} · с ошибками: {2} · предупреждений: {3}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="388"/>
        <source>Some agencies, instruments or stages are not known yet: tick each one that is really new, fix the file for typos.</source>
        <translation>Некоторые ведомства, инструменты или стадии пока неизвестны: отметьте каждое действительно новое значение, а опечатки исправьте в файле.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="391"/>
        <source>Nothing will be imported until every error is fixed.</source>
        <translation>Ничего не будет импортировано, пока не исправлены все ошибки.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="402"/>
        <source>Column “{0}” is</source>
        <translation>Столбец «{0}»:</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="404"/>
        <source>ignored</source>
        <translation>не импортируется</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="432"/>
        <source>Add “{0}” as a new {1} (rows {2})</source>
        <translation>Добавить «{0}» как новое значение (тип: {1}; строки {2})</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="453"/>
        <source>Row</source>
        <translation>Строка</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="453"/>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="147"/>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="529"/>
        <source>Problems</source>
        <translation>Проблемы</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="104"/>
        <source>a .csv, .xlsx, .ods or .json file</source>
        <translation>файл .csv, .xlsx, .ods или .json</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="109"/>
        <source>detect (BOM, UTF-8, else a Cyrillic code page)</source>
        <translation>определить (BOM, UTF-8, иначе кириллическая кодовая страница)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="309"/>
        <source>Tables (*.csv *.tsv *.txt *.xlsx *.ods *.json);;All files (*)</source>
        <translation>Таблицы (*.csv *.tsv *.txt *.xlsx *.ods *.json);;Все файлы (*)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="462"/>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="568"/>
        <source>error</source>
        <translation>ошибка</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="462"/>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="568"/>
        <source>warning</source>
        <translation>предупреждение</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="462"/>
        <source>ok</source>
        <translation>ОК</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="474"/>
        <source>As read from the file: this row will not be imported</source>
        <translation>Как прочитано из файла: эта строка не будет импортирована</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="489"/>
        <source>day</source>
        <translation>день</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="489"/>
        <source>month</source>
        <translation>месяц</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="489"/>
        <source>year</source>
        <translation>год</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="490"/>
        <source>{0} ({1})</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="536"/>
        <source>errors: {0}</source>
        <translation>ошибок: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="537"/>
        <source>warnings: {0}</source>
        <translation>предупреждений: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="560"/>
        <source>The file and its header</source>
        <translation>Файл и его заголовок</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="564"/>
        <source>Row {0}</source>
        <translation>Строка {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="599"/>
        <source>This column will not be imported: {0}</source>
        <translation>Этот столбец не будет импортирован: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="600"/>
        <source>These columns will not be imported: {0}</source>
        <translation>Эти столбцы не будут импортированы: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="604"/>
        <source>The records are imported without their cells. Map a column to keep what it holds.</source>
        <translation>Записи будут импортированы без их ячеек. Сопоставьте столбец, чтобы сохранить его содержимое.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="606"/>
        <source>Import anyway</source>
        <translation>Всё равно импортировать</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="607"/>
        <source>Map them</source>
        <translation>Сопоставить</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="629"/>
        <source>Importing {0} records…</source>
        <translation>Импорт записей: {0}…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="651"/>
        <source>&lt;b&gt;The import failed and nothing was written:&lt;/b&gt; {0}</source>
        <translation>&lt;b&gt;Импорт не удался, ничего не записано:&lt;/b&gt; {0}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="180"/>
        <source>FORGE Desktop</source>
        <translation>FORGE Desktop</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="181"/>
        <source>FORGE Desktop — critical minerals 2026</source>
        <translation>FORGE Desktop — критически важные минералы, 2026</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="198"/>
        <source>Facets</source>
        <translation>Фильтры по значениям</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="223"/>
        <source>Committed USD</source>
        <translation>Обязательства, USD</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="225"/>
        <source>Loading the chart…</source>
        <translation>Загрузка диаграммы…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="238"/>
        <source>Changes</source>
        <translation>Изменения</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="249"/>
        <source>Pivot table</source>
        <translation>Сводная таблица</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="251"/>
        <source>Loading the pivot…</source>
        <translation>Сводная таблица загружается…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="279"/>
        <source>Search</source>
        <translation>Поиск</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="280"/>
        <source>Search English or Russian (Ctrl+F)</source>
        <translation>Поиск на английском или русском (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="290"/>
        <source>Status</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="296"/>
        <source>Selection</source>
        <translation>Выделение</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="298"/>
        <source>Read only</source>
        <translation>Только чтение</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="337"/>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="338"/>
        <source>&amp;Export…</source>
        <translation>&amp;Экспорт…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="339"/>
        <source>Export the selected or filtered rows</source>
        <translation>Экспортировать выделенные или отфильтрованные строки</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="340"/>
        <source>&amp;Import…</source>
        <translation>&amp;Импорт…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="341"/>
        <source>Add records from a CSV, XLSX or JSON file</source>
        <translation>Добавить записи из файла CSV, XLSX или JSON</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="343"/>
        <source>&amp;Quit</source>
        <translation>&amp;Выход</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="345"/>
        <source>&amp;Edit</source>
        <translation>&amp;Правка</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="346"/>
        <source>&amp;Copy rows</source>
        <translation>&amp;Копировать строки</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="348"/>
        <source>Copy the selected rows as TSV with a header</source>
        <translation>Копировать выделенные строки в формате TSV с заголовком</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="350"/>
        <source>Copy c&amp;ell</source>
        <translation>Копировать &amp;ячейку</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="351"/>
        <source>Copy the current cell (a number as its plain value)</source>
        <translation>Копировать текущую ячейку (число — как простое значение)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="352"/>
        <source>&amp;Find</source>
        <translation>&amp;Найти</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="353"/>
        <source>Clear search and &amp;filters</source>
        <translation>Сбросить поиск и &amp;фильтры</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="357"/>
        <source>&amp;Undo</source>
        <translation>&amp;Отменить</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="359"/>
        <source>&amp;Redo</source>
        <translation>&amp;Повторить</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="365"/>
        <source>&amp;New record…</source>
        <translation>&amp;Новая запись…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="367"/>
        <source>Add a record to this table, with its source</source>
        <translation>Добавить запись в эту таблицу вместе с источником</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="368"/>
        <source>&amp;Edit record…</source>
        <translation>&amp;Изменить запись…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="369"/>
        <source>Correct the selected record</source>
        <translation>Исправить выбранную запись</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="371"/>
        <source>D&amp;uplicate record…</source>
        <translation>&amp;Дублировать запись…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="372"/>
        <source>A new record that starts as a copy of the selected one</source>
        <translation>Новая запись — копия выбранной</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="373"/>
        <source>&amp;Delete record…</source>
        <translation>&amp;Удалить запись…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="375"/>
        <source>Delete the selected record</source>
        <translation>Удалить выбранную запись</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="376"/>
        <source>Your &amp;name in the change log…</source>
        <translation>Ваше &amp;имя в журнале изменений…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="378"/>
        <source>&amp;Undo last import</source>
        <translation>&amp;Отменить последний импорт</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="382"/>
        <source>&amp;View</source>
        <translation>&amp;Вид</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="386"/>
        <source>&amp;Next table</source>
        <translation>&amp;Следующая таблица</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="387"/>
        <source>Previous table</source>
        <translation>Предыдущая таблица</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="388"/>
        <source>Next &amp;pane</source>
        <translation>Следующая &amp;панель</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="389"/>
        <source>Move between the search, the table, the detail and the chart</source>
        <translation>Переход между поиском, таблицей, подробностями и диаграммой</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="390"/>
        <source>Previous pane</source>
        <translation>Предыдущая панель</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="392"/>
        <source>&amp;Back</source>
        <translation>&amp;Назад</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="393"/>
        <source>&amp;Forward</source>
        <translation>&amp;Вперёд</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="396"/>
        <source>&amp;Chart</source>
        <translation>&amp;Диаграмма</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="400"/>
        <source>C&amp;hanges</source>
        <translation>&amp;Журнал изменений</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="402"/>
        <source>The change log: every import, edit, deletion and undo</source>
        <translation>Журнал изменений: все импорты, правки, удаления и отмены</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="406"/>
        <source>&amp;Pivot table</source>
        <translation>&amp;Сводная таблица</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="408"/>
        <source>Rows × columns of the table on screen, with totals; double-click a cell to show its records</source>
        <translation>Строки × столбцы таблицы на экране, с итогами; двойной щелчок по ячейке показывает её записи</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="412"/>
        <source>E&amp;xport chart…</source>
        <translation>&amp;Экспорт диаграммы…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="414"/>
        <source>&amp;Theme</source>
        <translation>&amp;Тема</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="419"/>
        <source>&amp;Reset layout</source>
        <translation>Сбросить &amp;расположение</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="421"/>
        <location filename="../../forge_desktop/ui/main_window.py" line="422"/>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="423"/>
        <source>&amp;About FORGE Desktop</source>
        <translation>&amp;О программе FORGE Desktop</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="425"/>
        <source>Navigation</source>
        <translation>Навигация</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="450"/>
        <source>&amp;System</source>
        <translation>&amp;Системная</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="450"/>
        <source>&amp;Light</source>
        <translation>С&amp;ветлая</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="450"/>
        <source>&amp;Dark</source>
        <translation>&amp;Тёмная</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="481"/>
        <source>Export selected rows…</source>
        <translation>Экспортировать выделенные строки…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="484"/>
        <source>Export all filtered rows…</source>
        <translation>Экспортировать все отфильтрованные строки…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="492"/>
        <source>Filter by this value</source>
        <translation>Фильтр по этому значению</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="492"/>
        <source>Exclude this value</source>
        <translation>Исключить это значение</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="501"/>
        <source>(empty)</source>
        <translation>(пусто)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="569"/>
        <source>Cleared all filters</source>
        <translation>Все фильтры сняты</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="578"/>
        <source>Cleared filter {0} — Esc again clears all</source>
        <translation>Снят фильтр {0} — повторный Esc снимет все</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="580"/>
        <source>Cleared filter {0}</source>
        <translation>Снят фильтр {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="717"/>
        <source>Committed USD — {0}</source>
        <translation>Обязательства, USD — {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="763"/>
        <source>Pivot: {0}</source>
        <translation>Сводная: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="788"/>
        <source>Select a source to read it whole, with links to the records resting on it; double-click it to show them.</source>
        <translation>Выберите источник, чтобы прочитать его целиком со ссылками на записи, которые на нём основаны; двойной щелчок показывает их.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="798"/>
        <source>This record could not be read: {0}</source>
        <translation>Не удалось прочитать запись: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="802"/>
        <source>This record no longer exists.</source>
        <translation>Эта запись больше не существует.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="861"/>
        <source>Show records from this source</source>
        <translation>Показать записи из этого источника</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="866"/>
        <source>Show records from this source in</source>
        <translation>Показать записи из этого источника в</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="905"/>
        <source>No cell to copy: click one first</source>
        <translation>Нет ячейки для копирования: сначала щёлкните по ячейке</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="907"/>
        <source>Copied “{0}”</source>
        <translation>Скопировано «{0}»</translation>
    </message>
    <message numerus="yes">
        <location filename="../../forge_desktop/ui/main_window.py" line="910"/>
        <source>Copied %n row(s)</source>
        <translation>
            <numerusform>Скопирована %n строка</numerusform>
            <numerusform>Скопированы %n строки</numerusform>
            <numerusform>Скопировано %n строк</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../forge_desktop/ui/main_window.py" line="937"/>
        <source>Wrote %n row(s) to {0}</source>
        <translation>
            <numerusform>Записана %n строка в {0}</numerusform>
            <numerusform>Записаны %n строки в {0}</numerusform>
            <numerusform>Записано %n строк в {0}</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="955"/>
        <location filename="../../forge_desktop/ui/main_window.py" line="969"/>
        <source>Read only: {0}</source>
        <translation>Только чтение: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="1028"/>
        <location filename="../../forge_desktop/ui/main_window.py" line="1060"/>
        <source>Select a record first</source>
        <translation>Сначала выберите запись</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="1047"/>
        <source>Nothing changed</source>
        <translation>Ничего не изменилось</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="1049"/>
        <source>Added {0}</source>
        <translation>Добавлено: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="1049"/>
        <source>Edited {0}</source>
        <translation>Изменено: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="1066"/>
        <source>Delete record</source>
        <translation>Удаление записи</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="1069"/>
        <source>{0} cannot be deleted: {1} depend on it. Delete or move them first.</source>
        <translation>{0} нельзя удалить: от неё зависят {1}. Сначала удалите или перенесите их.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="1073"/>
        <source>Delete {0} from {1}? Edit → Undo brings it back.</source>
        <translation>Удалить {0} из таблицы «{1}»? «Правка → Отменить» вернёт её.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="1083"/>
        <source>Deleted {0}</source>
        <translation>Удалено: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="1101"/>
        <source>Undo</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="1108"/>
        <source>Your name in the change log</source>
        <translation>Ваше имя в журнале изменений</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="1109"/>
        <source>Changes you make are recorded under:</source>
        <translation>Ваши изменения записываются под именем:</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="1132"/>
        <source>Database problem</source>
        <translation>Проблема с базой данных</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="1197"/>
        <source>Nothing to undo: no records have been imported</source>
        <translation>Нечего отменять: записи не импортировались</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="1199"/>
        <source>Remove the records imported at {0} (UTC), {1} in all</source>
        <translation>Удалить записи, импортированные {0} (UTC), всего {1}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="912"/>
        <source> (of {0} selected: use Export for more)</source>
        <translation> (из {0} выделенных; для остальных используйте экспорт)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="984"/>
        <source>Imported {0} records into {1} · Edit → Undo last import removes them</source>
        <translation>Импортировано записей: {0}, таблица «{1}» · Правка → Отменить последний импорт удалит их</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="997"/>
        <location filename="../../forge_desktop/ui/main_window.py" line="1001"/>
        <location filename="../../forge_desktop/ui/main_window.py" line="1019"/>
        <source>Undo last import</source>
        <translation>Отменить последний импорт</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="998"/>
        <source>No imported records to remove.</source>
        <translation>Нет импортированных записей для удаления.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="1002"/>
        <source>Remove the {0} records imported at {1} (UTC)?</source>
        <translation>Удалить записи ({0}), импортированные {1} (UTC)?</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="1012"/>
        <source>Nothing was removed: {0}</source>
        <translation>Ничего не удалено: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="1016"/>
        <source>Removed {0} imported records</source>
        <translation>Удалено импортированных записей: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="1156"/>
        <source>Preparing fast totals… (records: {0})</source>
        <translation>Подготовка быстрых итогов… (записей: {0})</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="1163"/>
        <source>Fast totals ready (records in the columnar copy: {0}).</source>
        <translation>Быстрые итоги готовы (записей в колоночной копии: {0}).</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="1224"/>
        <source>About FORGE Desktop</source>
        <translation>О программе FORGE Desktop</translation>
    </message>
</context>
<context>
    <name>ManageViewsDialog</name>
    <message>
        <location filename="../../forge_desktop/ui/saved_views.py" line="389"/>
        <source>Saved views</source>
        <translation>Сохранённые представления</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/saved_views.py" line="394"/>
        <source>&amp;Show</source>
        <translation>&amp;Показать</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/saved_views.py" line="395"/>
        <source>&amp;Rename</source>
        <translation>Пере&amp;именовать</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/saved_views.py" line="396"/>
        <source>&amp;Delete</source>
        <translation>&amp;Удалить</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/saved_views.py" line="451"/>
        <source>No saved views yet.</source>
        <translation>Сохранённых представлений пока нет.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/saved_views.py" line="477"/>
        <source>Delete saved view</source>
        <translation>Удалить сохранённое представление</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/saved_views.py" line="478"/>
        <source>Delete the saved view “{0}”?</source>
        <translation>Удалить сохранённое представление «{0}»?</translation>
    </message>
</context>
<context>
    <name>QueryError</name>
    <message>
        <location filename="../../forge_desktop/core/query.py" line="233"/>
        <source>a value is missing</source>
        <translation>не указано значение</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/query.py" line="234"/>
        <source>between needs two values: A and B</source>
        <translation>для «между» нужны два значения: A and B</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/query.py" line="235"/>
        <source>the first value is larger than the second, so nothing can match</source>
        <translation>первое значение больше второго, поэтому ничего не подойдёт</translation>
    </message>
</context>
<context>
    <name>QueryTableModel</name>
    <message>
        <location filename="../../forge_desktop/ui/table_model.py" line="289"/>
        <source>Aggregate: totals count its listed parts instead</source>
        <translation>Сводная запись: в итогах вместо неё учитываются перечисленные части</translation>
    </message>
</context>
<context>
    <name>RecordForm</name>
    <message>
        <location filename="../../forge_desktop/ui/record_form.py" line="77"/>
        <source>New record: {0}</source>
        <translation>Новая запись: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/record_form.py" line="77"/>
        <source>Edit {1}: {0}</source>
        <translation>Правка {1}: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/record_form.py" line="78"/>
        <source>Duplicate of {1}: {0}</source>
        <translation>Копия {1}: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/record_form.py" line="92"/>
        <source>Source this rests on</source>
        <translation>Источник, на котором основана запись</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/record_form.py" line="95"/>
        <source>Keep the record&apos;s sources</source>
        <translation>Оставить источники записи</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/record_form.py" line="96"/>
        <source>— choose a source —</source>
        <translation>— выберите источник —</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/record_form.py" line="97"/>
        <source>New source…</source>
        <translation>Новый источник…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/record_form.py" line="99"/>
        <source>Source</source>
        <translation>Источник</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/record_form.py" line="106"/>
        <source>2026-03-02, Mar 2026 or 2026</source>
        <translation>2026-03-02, мар 2026 или 2026</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/record_form.py" line="111"/>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/record_form.py" line="112"/>
        <source>Title</source>
        <translation>Название</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/record_form.py" line="113"/>
        <source>Publisher</source>
        <translation>Издатель</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/record_form.py" line="114"/>
        <source>Published</source>
        <translation>Опубликован</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/record_form.py" line="115"/>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/record_form.py" line="116"/>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/record_form.py" line="122"/>
        <source>the source&apos;s</source>
        <translation>как у источника</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/record_form.py" line="124"/>
        <source>Quote, verbatim</source>
        <translation>Цитата дословно</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/record_form.py" line="125"/>
        <source>Quote&apos;s language</source>
        <translation>Язык цитаты</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/record_form.py" line="126"/>
        <source>Quote in English</source>
        <translation>Цитата по-английски</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/record_form.py" line="127"/>
        <source>why: kept in the change log</source>
        <translation>почему: сохраняется в журнале изменений</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/record_form.py" line="129"/>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/record_form.py" line="173"/>
        <source>no</source>
        <translation>нет</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/record_form.py" line="174"/>
        <source>yes</source>
        <translation>да</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/record_form.py" line="178"/>
        <source>up to $400 million</source>
        <translation>up to $400 million</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/record_form.py" line="180"/>
        <source>2026-02-04, Feb 2026 or 2026</source>
        <translation>2026-02-04, фев 2026 или 2026</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/record_form.py" line="182"/>
        <source>several: separate with ;</source>
        <translation>несколько: через ;</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/record_form.py" line="184"/>
        <source>made from the name if empty</source>
        <translation>если пусто — из названия</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/record_form.py" line="330"/>
        <source>Nothing was saved: {0}</source>
        <translation>Ничего не сохранено: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/record_form.py" line="343"/>
        <source>Add “{0}” as a new value</source>
        <translation>Добавить «{0}» как новое значение</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/record_form.py" line="348"/>
        <source>Nothing was saved: each problem is shown under its field.</source>
        <translation>Ничего не сохранено: каждая ошибка показана под своим полем.</translation>
    </message>
</context>
<context>
    <name>RefreshButton</name>
    <message numerus="yes">
        <location filename="../../forge_desktop/ui/change_watch.py" line="70"/>
        <source>%n change(s) by {0} — Refresh</source>
        <translation>
            <numerusform>%n изменение от {0} — обновить</numerusform>
            <numerusform>%n изменения от {0} — обновить</numerusform>
            <numerusform>%n изменений от {0} — обновить</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/change_watch.py" line="72"/>
        <source>Others changed the records since this window last read them. Refresh keeps your filters, selection and scroll position.</source>
        <translation>Другие изменили записи с тех пор, как это окно их прочитало. Обновление сохранит ваши фильтры, выделение и положение прокрутки.</translation>
    </message>
</context>
<context>
    <name>SaveViewDialog</name>
    <message>
        <location filename="../../forge_desktop/ui/saved_views.py" line="344"/>
        <source>Save current view</source>
        <translation>Сохранить текущее представление</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/saved_views.py" line="349"/>
        <source>e.g. DOD over $100M</source>
        <translation>например, DOD свыше $100M</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/saved_views.py" line="360"/>
        <source>&amp;Name:</source>
        <translation>&amp;Имя:</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/saved_views.py" line="375"/>
        <source>Replaces the saved view “{0}”.</source>
        <translation>Заменит сохранённое представление «{0}».</translation>
    </message>
</context>
<context>
    <name>SavedViews</name>
    <message>
        <location filename="../../forge_desktop/core/saved_views.py" line="69"/>
        <source>a view needs a name</source>
        <translation>у представления должно быть имя</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/saved_views.py" line="146"/>
        <source>the filter “{0}”</source>
        <translation>фильтр «{0}»</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/saved_views.py" line="147"/>
        <source>the choice in the {0} facet</source>
        <translation>выбор в фасете {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/saved_views.py" line="148"/>
        <source>the sort by {0}</source>
        <translation>сортировка по {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/saved_views.py" line="149"/>
        <source>the column {0}</source>
        <translation>столбец {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/saved_views.py" line="151"/>
        <source>there is no column {0} any more</source>
        <translation>столбца {0} больше нет</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/saved_views.py" line="152"/>
        <source>there is no facet {0} any more</source>
        <translation>фасета {0} больше нет</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/saved_views.py" line="201"/>
        <source>View “{0}”: left out {1}; the rest is applied.</source>
        <translation>Представление «{0}»: пропущено — {1}; остальное применено.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/saved_views.py" line="210"/>
        <source>view “{0}” is of the table {1}, which this version does not have</source>
        <translation>представление «{0}» относится к таблице {1}, которой в этой версии нет</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/saved_views.py" line="268"/>
        <source>The saved views file could not be read ({0}); it was kept as {1} and the views start afresh.</source>
        <translation>Файл сохранённых представлений не удалось прочитать ({0}); он сохранён как {1}, список представлений начат заново.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/saved_views.py" line="271"/>
        <source>Some saved views could not be read ({0}) and were left out; the file as it was is kept as {1}.</source>
        <translation>Некоторые сохранённые представления не удалось прочитать ({0}), они пропущены; файл в прежнем виде сохранён как {1}.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/saved_views.py" line="290"/>
        <source>unknown view “{0}”; the saved views: {1}</source>
        <translation>неизвестное представление «{0}»; сохранённые представления: {1}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/saved_views.py" line="291"/>
        <source>unknown view “{0}”; no views are saved yet (save one in the window: View → Saved views → Save current view…)</source>
        <translation>неизвестное представление «{0}»; сохранённых представлений пока нет (сохраните его в окне: Вид → Сохранённые представления → Сохранить текущее представление…)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/saved_views.py" line="395"/>
        <location filename="../../forge_desktop/core/saved_views.py" line="483"/>
        <source>cannot read {0}: {1}</source>
        <translation>не удалось прочитать {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/saved_views.py" line="418"/>
        <source>{0} cannot be read ({1}) nor kept aside: {2}; fix or remove it</source>
        <translation>{0} не удаётся ни прочитать ({1}), ни отложить в сторону: {2}; исправьте или удалите его</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/saved_views.py" line="429"/>
        <source>cannot save the views: {0}</source>
        <translation>не удалось сохранить представления: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/saved_views.py" line="451"/>
        <source>a view named “{0}” exists already</source>
        <translation>представление с именем «{0}» уже есть</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/saved_views.py" line="472"/>
        <source>cannot export the views: {0}</source>
        <translation>не удалось экспортировать представления: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/saved_views.py" line="490"/>
        <source>{0}: {1}; nothing was imported</source>
        <translation>{0}: {1}; ничего не импортировано</translation>
    </message>
</context>
<context>
    <name>SavedViewsMenu</name>
    <message>
        <location filename="../../forge_desktop/ui/saved_views.py" line="79"/>
        <source>Table</source>
        <translation>Таблица</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/saved_views.py" line="81"/>
        <source>Filters</source>
        <translation>Фильтры</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/saved_views.py" line="84"/>
        <source>Search</source>
        <translation>Поиск</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/saved_views.py" line="87"/>
        <source>Sorted by</source>
        <translation>Сортировка</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/saved_views.py" line="90"/>
        <source>Columns ({0})</source>
        <translation>Столбцы ({0})</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/saved_views.py" line="97"/>
        <source>{0}: {1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/saved_views.py" line="122"/>
        <source>Saved &amp;views</source>
        <translation>Сохранённые &amp;представления</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/saved_views.py" line="125"/>
        <source>&amp;Save current view…</source>
        <translation>&amp;Сохранить текущее представление…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/saved_views.py" line="127"/>
        <source>Name the current table, filters, search, sort and columns, to recall them here or with --view</source>
        <translation>Дать имя текущей таблице, фильтрам, поиску, сортировке и столбцам, чтобы вернуться к ним здесь или через --view</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/saved_views.py" line="131"/>
        <source>&amp;Manage…</source>
        <translation>&amp;Управление…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/saved_views.py" line="133"/>
        <source>E&amp;xport views…</source>
        <translation>&amp;Экспорт представлений…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/saved_views.py" line="135"/>
        <source>&amp;Import views…</source>
        <translation>&amp;Импорт представлений…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/saved_views.py" line="162"/>
        <source>Saved views</source>
        <translation>Сохранённые представления</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/saved_views.py" line="184"/>
        <source>{0} — {1}</source>
        <translation>{0} — {1}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/saved_views.py" line="192"/>
        <source>No saved views yet</source>
        <translation>Сохранённых представлений пока нет</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/saved_views.py" line="228"/>
        <source>Saved view “{0}”</source>
        <translation>Представление «{0}» сохранено</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/saved_views.py" line="238"/>
        <source>The view “{0}” is no longer saved.</source>
        <translation>Представление «{0}» больше не сохранено.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/saved_views.py" line="252"/>
        <source>Showing the view “{0}”</source>
        <translation>Показано представление «{0}»</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/saved_views.py" line="268"/>
        <source>Export saved views</source>
        <translation>Экспорт сохранённых представлений</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/saved_views.py" line="269"/>
        <location filename="../../forge_desktop/ui/saved_views.py" line="284"/>
        <source>Saved views (*.json)</source>
        <translation>Сохранённые представления (*.json)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../forge_desktop/ui/saved_views.py" line="275"/>
        <source>Exported %n view(s) to {0}</source>
        <translation>
            <numerusform>Экспортировано %n представление в {0}</numerusform>
            <numerusform>Экспортировано %n представления в {0}</numerusform>
            <numerusform>Экспортировано %n представлений в {0}</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/saved_views.py" line="282"/>
        <source>Import saved views</source>
        <translation>Импорт сохранённых представлений</translation>
    </message>
    <message numerus="yes">
        <location filename="../../forge_desktop/ui/saved_views.py" line="291"/>
        <source>Imported %n view(s).</source>
        <translation>
            <numerusform>Импортировано %n представление.</numerusform>
            <numerusform>Импортировано %n представления.</numerusform>
            <numerusform>Импортировано %n представлений.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/saved_views.py" line="292"/>
        <source>“{0}” was added as “{1}”: a different view has that name.</source>
        <translation>«{0}» добавлено как «{1}»: под этим именем уже есть другое представление.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../forge_desktop/ui/saved_views.py" line="295"/>
        <source>%n view(s) were saved already, unchanged.</source>
        <translation>
            <numerusform>%n представление уже было сохранено без изменений.</numerusform>
            <numerusform>%n представления уже были сохранены без изменений.</numerusform>
            <numerusform>%n представлений уже были сохранены без изменений.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StatisticsDialog</name>
    <message>
        <location filename="../../forge_desktop/ui/column_stats.py" line="148"/>
        <source>Statistics</source>
        <translation>Статистика</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/column_stats.py" line="153"/>
        <source>With a value</source>
        <translation>Со значением</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/column_stats.py" line="153"/>
        <source>Empty</source>
        <translation>Пусто</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/column_stats.py" line="154"/>
        <source>Minimum</source>
        <translation>Минимум</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/column_stats.py" line="154"/>
        <source>Maximum</source>
        <translation>Максимум</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/column_stats.py" line="155"/>
        <source>Sum</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/column_stats.py" line="155"/>
        <source>Median</source>
        <translation>Медиана</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/column_stats.py" line="155"/>
        <source>Mean</source>
        <translation>Среднее</translation>
    </message>
    <message numerus="yes">
        <location filename="../../forge_desktop/ui/column_stats.py" line="195"/>
        <source>%n row(s) under the current filters</source>
        <translation>
            <numerusform>%n строка при текущих фильтрах</numerusform>
            <numerusform>%n строки при текущих фильтрах</numerusform>
            <numerusform>%n строк при текущих фильтрах</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/column_stats.py" line="200"/>
        <source>By the counting rules, as the status line totals: {0}</source>
        <translation>По правилам подсчёта, как в итогах строки состояния: {0}</translation>
    </message>
</context>
<context>
    <name>TablePage</name>
    <message>
        <location filename="../../forge_desktop/ui/table_page.py" line="149"/>
        <source>{0} table</source>
        <translation>Таблица «{0}»</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/table_page.py" line="179"/>
        <source>Clear search and filters</source>
        <translation>Сбросить поиск и фильтры</translation>
    </message>
    <message numerus="yes">
        <location filename="../../forge_desktop/ui/table_page.py" line="319"/>
        <source>{0} of %n financing record(s)</source>
        <translation>
            <numerusform>{0} из %n записи о финансировании</numerusform>
            <numerusform>{0} из %n записей о финансировании</numerusform>
            <numerusform>{0} из %n записей о финансировании</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../forge_desktop/ui/table_page.py" line="320"/>
        <source>{0} of %n participant(s)</source>
        <translation>
            <numerusform>{0} из %n участника</numerusform>
            <numerusform>{0} из %n участников</numerusform>
            <numerusform>{0} из %n участников</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../forge_desktop/ui/table_page.py" line="321"/>
        <source>{0} of %n agreement(s)</source>
        <translation>
            <numerusform>{0} из %n соглашения</numerusform>
            <numerusform>{0} из %n соглашений</numerusform>
            <numerusform>{0} из %n соглашений</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../forge_desktop/ui/table_page.py" line="322"/>
        <source>{0} of %n source(s)</source>
        <translation>
            <numerusform>{0} из %n источника</numerusform>
            <numerusform>{0} из %n источников</numerusform>
            <numerusform>{0} из %n источников</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/table_page.py" line="326"/>
        <location filename="../../forge_desktop/ui/table_page.py" line="378"/>
        <source>{0} committed</source>
        <translation>обязательства: {0}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../forge_desktop/ui/table_page.py" line="375"/>
        <source>%n selected</source>
        <translation>
            <numerusform>выделена %n запись</numerusform>
            <numerusform>выделены %n записи</numerusform>
            <numerusform>выделено %n записей</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/table_page.py" line="385"/>
        <source>No {0} match this search and these filters.</source>
        <translation>В таблице «{0}» нет записей, соответствующих этому поиску и фильтрам.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/table_page.py" line="388"/>
        <source>This table is empty.</source>
        <translation>Эта таблица пуста.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/table_page.py" line="402"/>
        <source>The query failed: {0}</source>
        <translation>Ошибка запроса: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/table_page.py" line="459"/>
        <source>Value counts…</source>
        <translation>Частоты значений…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/table_page.py" line="461"/>
        <source>Statistics…</source>
        <translation>Статистика…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/table_page.py" line="469"/>
        <source>Reset columns</source>
        <translation>Сбросить столбцы</translation>
    </message>
</context>
<context>
    <name>Totals</name>
    <message>
        <location filename="../../forge_desktop/core/counting.py" line="173"/>
        <source>records without a dollar amount, counted but not summed: {0}</source>
        <translation>записи без суммы в долларах учтены, но не суммированы: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/counting.py" line="170"/>
        <source>aggregates counted through their listed parts, not summed: {0}</source>
        <translation>сводные записи учтены через перечисленные части, без суммирования: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/counting.py" line="171"/>
        <source>{0} ({1}, of which {2} listed)</source>
        <translation>{0} ({1}, из них перечислено {2})</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/counting.py" line="172"/>
        <source>{0} ({1}, of which {2} listed: {3} not itemised)</source>
        <translation>{0} ({1}, из них перечислено {2}, без разбивки — {3})</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/counting.py" line="174"/>
        <source>conditional amounts left out: {0} ({1})</source>
        <translation>условные суммы не учтены: {0} ({1})</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/counting.py" line="175"/>
        <source>conditional amounts included: {0} ({1})</source>
        <translation>условные суммы учтены: {0} ({1})</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/pivot.py" line="96"/>
        <location filename="../../forge_desktop/core/counting.py" line="176"/>
        <source>a record in several {0} counts in each, once in the total</source>
        <translation>запись с несколькими значениями {0} учитывается в каждом, в итоге — один раз</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/counting.py" line="177"/>
        <source>records counted: {0} of {1}</source>
        <translation>учтено записей: {0} из {1}</translation>
    </message>
</context>
<context>
    <name>ValueCountsDialog</name>
    <message>
        <location filename="../../forge_desktop/ui/column_stats.py" line="80"/>
        <location filename="../../forge_desktop/ui/column_stats.py" line="86"/>
        <source>Value counts</source>
        <translation>Частоты значений</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/column_stats.py" line="87"/>
        <source>Value</source>
        <translation>Значение</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/column_stats.py" line="87"/>
        <source>Count</source>
        <translation>Количество</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/column_stats.py" line="87"/>
        <source>Share</source>
        <translation>Доля</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/column_stats.py" line="100"/>
        <source>Click a value to show only its rows.</source>
        <translation>Щёлкните значение, чтобы показать только его строки.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../forge_desktop/ui/column_stats.py" line="116"/>
        <source>%n row(s) under the current filters</source>
        <translation>
            <numerusform>%n строка при текущих фильтрах</numerusform>
            <numerusform>%n строки при текущих фильтрах</numerusform>
            <numerusform>%n строк при текущих фильтрах</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../forge_desktop/ui/column_stats.py" line="117"/>
        <source>%n value(s)</source>
        <translation>
            <numerusform>%n значение</numerusform>
            <numerusform>%n значения</numerusform>
            <numerusform>%n значений</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../forge_desktop/ui/column_stats.py" line="119"/>
        <source>the %n most frequent shown</source>
        <translation>
            <numerusform>показано %n самое частое</numerusform>
            <numerusform>показаны %n самых частых</numerusform>
            <numerusform>показаны %n самых частых</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/column_stats.py" line="121"/>
        <source>A row with several values counts under each: the shares add up to more than 100%.</source>
        <translation>Строка с несколькими значениями учитывается при каждом из них: сумма долей больше 100%.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/column_stats.py" line="126"/>
        <source>(empty)</source>
        <translation>(пусто)</translation>
    </message>
</context>
<context>
    <name>ViewSummary</name>
    <message>
        <location filename="../../forge_desktop/ui/saved_views.py" line="330"/>
        <source>{0}:</source>
        <translation>{0}:</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../forge_desktop/ui/app.py" line="68"/>
        <source>Something went wrong</source>
        <translation>Что-то пошло не так</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/app.py" line="69"/>
        <source>{0}

The app is still running. Details were written to
{1}</source>
        <translation>{0}

Приложение продолжает работать. Подробности записаны в
{1}</translation>
    </message>
</context>
<context>
    <name>changes</name>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="238"/>
        <source>added</source>
        <translation>добавлена</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="239"/>
        <source>edited</source>
        <translation>изменена</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="240"/>
        <source>deleted</source>
        <translation>удалена</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="241"/>
        <source>imported</source>
        <translation>импортирована</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="242"/>
        <source>undone</source>
        <translation>отменено</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="243"/>
        <source>refreshed from a release</source>
        <translation>обновлено из выпуска данных</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="260"/>
        <source>the whole record</source>
        <translation>вся запись</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="262"/>
        <source>Sources</source>
        <translation>Источники</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="306"/>
        <source>record removed</source>
        <translation>запись удалена</translation>
    </message>
</context>
<context>
    <name>chart</name>
    <message>
        <location filename="../../forge_desktop/ui/chart/timeline_view.py" line="79"/>
        <source>{0} (known to the month)</source>
        <translation>{0} (известен месяц)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/timeline_view.py" line="81"/>
        <source>{0} (known to the year)</source>
        <translation>{0} (известен год)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/timeline_view.py" line="89"/>
        <source>no dollar amount</source>
        <translation>нет суммы в долларах</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/timeline_view.py" line="94"/>
        <source>Stage: {0} · Agency: {1}</source>
        <translation>Стадия: {0} · Ведомство: {1}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/timeline_view.py" line="97"/>
        <source>not counted: an aggregate whose parts are counted instead</source>
        <translation>не учтено: сводная запись, вместо неё учтены её части</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/timeline_view.py" line="99"/>
        <source>not counted: conditional amounts are left out</source>
        <translation>не учтено: условные суммы исключены</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/timeline_view.py" line="101"/>
        <source>not counted in the totals</source>
        <translation>не учтено в итогах</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/timeline_view.py" line="107"/>
        <location filename="../../forge_desktop/ui/chart/layout.py" line="265"/>
        <source>US government money only; co-financing is not counted</source>
        <translation>Только средства правительства США; софинансирование не учитывается</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/timeline_view.py" line="108"/>
        <source>dated records drawn: {0} of {1}</source>
        <translation>показано датированных записей: {0} из {1}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/timeline_view.py" line="110"/>
        <source>left out beyond the limit of {0}, the smallest amounts: {1} ({2})</source>
        <translation>не показаны сверх предела {0}, наименьшие суммы: {1} ({2})</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/timeline_view.py" line="113"/>
        <source>undated records, not on the timeline: {0} ({1})</source>
        <translation>записи без даты, не на шкале времени: {0} ({1})</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/timeline_view.py" line="116"/>
        <source>hollow, dashed: not counted in the totals</source>
        <translation>пустые, пунктиром: не учтены в итогах</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/timeline_view.py" line="408"/>
        <source>No dated records in these rows.</source>
        <translation>В этих строках нет датированных записей.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/layout.py" line="268"/>
        <source>cumulative; undated records not shown</source>
        <translation>нарастающим итогом; записи без даты не показаны</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/layout.py" line="271"/>
        <source>log scale: a bar&apos;s height is its total, split in proportion to its segments&apos; amounts</source>
        <translation>логарифмическая шкала: высота столбца — его итог, разделённый пропорционально суммам его сегментов</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/layout.py" line="135"/>
        <location filename="../../forge_desktop/ui/chart/layout.py" line="251"/>
        <source>(none)</source>
        <translation>(нет)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/layout.py" line="148"/>
        <source>USD, log</source>
        <translation>USD, лог.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/layout.py" line="149"/>
        <source>USD</source>
        <translation>USD</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/layout.py" line="251"/>
        <source>undated</source>
        <translation>без даты</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/map_view.py" line="293"/>
        <source>World map</source>
        <translation>Карта мира</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/map_view.py" line="524"/>
        <location filename="../../forge_desktop/ui/chart/layout.py" line="146"/>
        <source>committed USD, log scale</source>
        <translation>обязательства, USD, логарифмическая шкала</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/map_view.py" line="524"/>
        <location filename="../../forge_desktop/ui/chart/layout.py" line="147"/>
        <source>committed USD</source>
        <translation>обязательства, USD</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/map_view.py" line="558"/>
        <source>No data</source>
        <translation>Нет данных</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/map_view.py" line="563"/>
        <source>No shape: {0}</source>
        <translation>Нет на карте: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/panel.py" line="129"/>
        <source>Commitments chart</source>
        <translation>Диаграмма обязательств</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/panel.py" line="144"/>
        <source>Chart view</source>
        <translation>Вид диаграммы</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/groupings.py" line="47"/>
        <source>By agency</source>
        <translation>По ведомствам</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/groupings.py" line="49"/>
        <source>By mineral</source>
        <translation>По минералам</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/groupings.py" line="51"/>
        <source>By location (country)</source>
        <translation>По местам (страны)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/groupings.py" line="53"/>
        <source>Over time (month)</source>
        <translation>По времени (месяцы)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/panel.py" line="150"/>
        <source>Stack by</source>
        <translation>Разбивка</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/groupings.py" line="57"/>
        <source>Stacked by stage</source>
        <translation>С разбивкой по стадиям</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/groupings.py" line="58"/>
        <source>Stacked by instrument</source>
        <translation>С разбивкой по инструментам</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/groupings.py" line="59"/>
        <source>Stacked by agency</source>
        <translation>С разбивкой по ведомствам</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/groupings.py" line="60"/>
        <source>Not stacked</source>
        <translation>Без разбивки</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/panel.py" line="153"/>
        <source>Log scale</source>
        <translation>Логарифмическая шкала</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/panel.py" line="154"/>
        <source>Include conditional</source>
        <translation>Включая условные</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/panel.py" line="156"/>
        <source>Cumulative</source>
        <translation>Нарастающим итогом</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/panel.py" line="157"/>
        <source>Export…</source>
        <translation>Экспорт…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/panel.py" line="158"/>
        <source>Save the chart as PNG or SVG</source>
        <translation>Сохранить диаграмму в формате PNG или SVG</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/panel.py" line="254"/>
        <source>The timeline&apos;s lanes</source>
        <translation>Дорожки шкалы времени</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/panel.py" line="313"/>
        <source>Counting… (the bars show the previous answer)</source>
        <translation>Подсчёт… (столбцы показывают предыдущий результат)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/panel.py" line="342"/>
        <source>The chart could not be drawn: {0}</source>
        <translation>Не удалось построить диаграмму: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/panel.py" line="344"/>
        <location filename="../../forge_desktop/ui/chart/panel.py" line="346"/>
        <source>The chart could not be drawn</source>
        <translation>Не удалось построить диаграмму</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/panel.py" line="363"/>
        <location filename="../../forge_desktop/ui/chart/panel.py" line="376"/>
        <location filename="../../forge_desktop/ui/chart/layout.py" line="150"/>
        <source>No dollar amounts in these rows.</source>
        <translation>В этих строках нет сумм в долларах.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/panel.py" line="403"/>
        <source>(click: filter the table; Shift+click: this segment)</source>
        <translation>(щелчок: отфильтровать таблицу; Shift+click: этот сегмент)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/panel.py" line="404"/>
        <location filename="../../forge_desktop/ui/chart/map_data.py" line="54"/>
        <source>{0} · {1} records</source>
        <translation>{0} · записей: {1}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/panel.py" line="407"/>
        <source>{0}: {1} · {2} records</source>
        <translation>{0}: {1} · записей: {2}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/panel.py" line="412"/>
        <location filename="../../forge_desktop/ui/chart/map_data.py" line="57"/>
        <source>by stage:</source>
        <translation>по стадиям:</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/panel.py" line="496"/>
        <source>Commitments over time</source>
        <translation>Обязательства во времени</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/panel.py" line="502"/>
        <source>Committed USD by country</source>
        <translation>Обязательства в долларах США по странам</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/panel.py" line="405"/>
        <location filename="../../forge_desktop/ui/chart/panel.py" line="414"/>
        <location filename="../../forge_desktop/ui/chart/map_data.py" line="42"/>
        <location filename="../../forge_desktop/ui/chart/map_data.py" line="55"/>
        <location filename="../../forge_desktop/ui/chart/map_data.py" line="59"/>
        <source>no amount</source>
        <translation>без суммы</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/panel.py" line="147"/>
        <source>Over time (timeline)</source>
        <translation>Во времени (шкала)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/panel.py" line="148"/>
        <source>By country on a map</source>
        <translation>По странам на карте</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/panel.py" line="462"/>
        <source>Export chart as PNG or SVG…</source>
        <translation>Экспорт диаграммы в PNG или SVG…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/panel.py" line="463"/>
        <source>Switch log / linear scale</source>
        <translation>Переключить логарифмическую / линейную шкалу</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/export.py" line="35"/>
        <location filename="../../forge_desktop/ui/chart/panel.py" line="473"/>
        <source>Export chart</source>
        <translation>Экспорт диаграммы</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/panel.py" line="474"/>
        <source>The chart is still loading.</source>
        <translation>Диаграмма ещё загружается.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/panel.py" line="492"/>
        <location filename="../../forge_desktop/ui/chart/panel.py" line="513"/>
        <source>Export failed</source>
        <translation>Ошибка экспорта</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/export.py" line="42"/>
        <source>Format</source>
        <translation>Формат</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/export.py" line="43"/>
        <source>Width</source>
        <translation>Ширина</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/export.py" line="44"/>
        <source>Height</source>
        <translation>Высота</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/export.py" line="55"/>
        <source>Save chart</source>
        <translation>Сохранить диаграмму</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/timeline_view.py" line="359"/>
        <location filename="../../forge_desktop/ui/chart/view.py" line="103"/>
        <source>Counting…</source>
        <translation>Подсчёт…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/map_data.py" line="38"/>
        <source>a state or city counts under its country</source>
        <translation>штат или город учитывается в своей стране</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/map_data.py" line="41"/>
        <source>no location: {0} records ({1})</source>
        <translation>без места: записей {0} ({1})</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/map_data.py" line="51"/>
        <source>no records in this selection</source>
        <translation>в этой выборке нет записей</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/map_data.py" line="53"/>
        <source>(click: filter the table)</source>
        <translation>(щелчок: отфильтровать таблицу)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/map_data.py" line="65"/>
        <source>and {0} more</source>
        <translation>и ещё {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/chart/map_data.py" line="66"/>
        <source>places within: {0}</source>
        <translation>места внутри: {0}</translation>
    </message>
</context>
<context>
    <name>columns</name>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="229"/>
        <source>Quote (Russian)</source>
        <translation>Цитата (рус.)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="231"/>
        <source>Summary</source>
        <translation>Краткое содержание</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="232"/>
        <source>Notes</source>
        <translation>Примечания</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="233"/>
        <location filename="../../forge_desktop/core/columns.py" line="434"/>
        <source>Origin</source>
        <translation>Происхождение</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/exports/citations.py" line="47"/>
        <location filename="../../forge_desktop/core/columns.py" line="237"/>
        <source>Sources</source>
        <translation>Источники</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/exports/citations.py" line="56"/>
        <location filename="../../forge_desktop/core/columns.py" line="235"/>
        <source>Source</source>
        <translation>Источник</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/exports/citations.py" line="56"/>
        <location filename="../../forge_desktop/core/columns.py" line="319"/>
        <location filename="../../forge_desktop/core/columns.py" line="338"/>
        <location filename="../../forge_desktop/core/columns.py" line="360"/>
        <location filename="../../forge_desktop/core/columns.py" line="414"/>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/exports/citations.py" line="57"/>
        <location filename="../../forge_desktop/core/columns.py" line="425"/>
        <source>Publisher</source>
        <translation>Издатель</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/exports/citations.py" line="58"/>
        <location filename="../../forge_desktop/core/columns.py" line="427"/>
        <source>Published</source>
        <translation>Опубликован</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/exports/citations.py" line="59"/>
        <location filename="../../forge_desktop/core/columns.py" line="432"/>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/exports/citations.py" line="59"/>
        <location filename="../../forge_desktop/core/columns.py" line="433"/>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/exports/citations.py" line="60"/>
        <location filename="../../forge_desktop/core/columns.py" line="423"/>
        <source>Records</source>
        <translation>Записи</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="320"/>
        <source>Name</source>
        <translation>Название</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="321"/>
        <source>Name (Russian)</source>
        <translation>Название (рус.)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="322"/>
        <source>ISO 3166</source>
        <translation>ISO 3166</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/exports/citations.py" line="58"/>
        <location filename="../../forge_desktop/core/columns.py" line="323"/>
        <location filename="../../forge_desktop/core/columns.py" line="340"/>
        <location filename="../../forge_desktop/core/columns.py" line="430"/>
        <source>Kind</source>
        <translation>Тип</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="325"/>
        <source>Region</source>
        <translation>Регион</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="327"/>
        <source>Roles</source>
        <translation>Роли</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="328"/>
        <location filename="../../forge_desktop/core/columns.py" line="367"/>
        <source>Organisation</source>
        <translation>Организация</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/exports/citations.py" line="57"/>
        <location filename="../../forge_desktop/core/columns.py" line="339"/>
        <location filename="../../forge_desktop/core/columns.py" line="415"/>
        <source>Title</source>
        <translation>Наименование</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="342"/>
        <source>Parties</source>
        <translation>Стороны</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="343"/>
        <location filename="../../forge_desktop/core/columns.py" line="386"/>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="344"/>
        <location filename="../../forge_desktop/core/columns.py" line="387"/>
        <location filename="../../forge_desktop/core/columns.py" line="428"/>
        <source>Date precision</source>
        <translation>Точность даты</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="346"/>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="348"/>
        <location filename="../../forge_desktop/core/columns.py" line="391"/>
        <source>Aggregate</source>
        <translation>Агрегат</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="350"/>
        <source>Count</source>
        <translation>Количество</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="361"/>
        <source>Agency</source>
        <translation>Ведомство</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="363"/>
        <source>Recipient / programme</source>
        <translation>Получатель / программа</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="365"/>
        <source>Recipient (Russian)</source>
        <translation>Получатель (рус.)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="369"/>
        <source>Instrument</source>
        <translation>Инструмент</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="371"/>
        <source>Stage</source>
        <translation>Стадия</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="373"/>
        <source>Amount (USD)</source>
        <translation>Сумма (USD)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="374"/>
        <source>Qualifier</source>
        <translation>Уточнение суммы</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="376"/>
        <source>Co-financing (USD)</source>
        <translation>Софинансирование (USD)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="378"/>
        <source>Co-financing source</source>
        <translation>Источник софинансирования</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="380"/>
        <source>Quantity</source>
        <translation>Объём</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="382"/>
        <source>Unit</source>
        <translation>Единица</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="384"/>
        <source>Minerals</source>
        <translation>Минералы</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="385"/>
        <source>Locations</source>
        <translation>Места</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="389"/>
        <source>Part of</source>
        <translation>Входит в</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="393"/>
        <source>Agreement</source>
        <translation>Соглашение</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="417"/>
        <source>Participants</source>
        <translation>Участники</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="419"/>
        <source>Agreements</source>
        <translation>Соглашения</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="421"/>
        <source>Financing</source>
        <translation>Финансирование</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="44"/>
        <source>the record&apos;s key, as exports and the command line name it</source>
        <translation>ключ записи, как его пишут экспорт и командная строка</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="45"/>
        <source>the source sentence in Russian, verbatim</source>
        <translation>предложение источника на русском, дословно</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="46"/>
        <source>what the record says, in English</source>
        <translation>что говорит запись, по-английски</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="47"/>
        <source>how the source was read, and what it does not say</source>
        <translation>как прочитан источник и чего он не говорит</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="48"/>
        <source>curated from the shipped record, or imported by you</source>
        <translation>из поставляемых данных или импортировано вами</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="49"/>
        <source>the report the record comes from, or when it was imported</source>
        <translation>отчёт, из которого взята запись, или когда она импортирована</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="50"/>
        <source>every source the record rests on, its main one and any other</source>
        <translation>все источники записи: основной и остальные</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="51"/>
        <source>whether the date is known to the day, the month or the year</source>
        <translation>известна ли дата с точностью до дня, месяца или года</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="52"/>
        <source>the delegation: a country or an organisation</source>
        <translation>делегация: страна или организация</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="53"/>
        <source>the name as the Russian source writes it</source>
        <translation>название так, как его пишет русский источник</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="54"/>
        <source>the country&apos;s three-letter code</source>
        <translation>трёхбуквенный код страны</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="55"/>
        <source>country or organisation</source>
        <translation>страна или организация</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="56"/>
        <source>the continent (UN M49)</source>
        <translation>континент (M49 ООН)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="57"/>
        <source>what it did at the ministerial: attended, signed a framework, joined FORGE…</source>
        <translation>что сделал на министерской встрече: участвовал, подписал рамочное соглашение, вступил в FORGE…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="59"/>
        <source>the organisation it is</source>
        <translation>какая это организация</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="60"/>
        <source>the agreement, in English</source>
        <translation>соглашение, по-английски</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="61"/>
        <source>framework or MOU, action plan, strategic partnership or memorandum</source>
        <translation>рамочное соглашение или меморандум о взаимопонимании, план действий, стратегическое партнёрство или меморандум</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="63"/>
        <source>the countries and organisations that sign it</source>
        <translation>страны и организации, которые его подписывают</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="64"/>
        <source>when it was signed or announced, as precisely as known</source>
        <translation>когда подписано или объявлено, с известной точностью</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="65"/>
        <source>signed, negotiations concluded, in force, announced or intended</source>
        <translation>подписано, переговоры завершены, действует, объявлено или намечено</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="67"/>
        <source>a count of agreements the source does not name one by one</source>
        <translation>число соглашений, которые источник не называет поимённо</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="69"/>
        <source>how many agreements an aggregate counts</source>
        <translation>сколько соглашений насчитывает сводная запись</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="70"/>
        <source>the US agency that commits the money</source>
        <translation>ведомство США, которое выделяет деньги</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="71"/>
        <source>the company, project or programme</source>
        <translation>компания, проект или программа</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="72"/>
        <source>the recipient as the Russian source writes it</source>
        <translation>получатель так, как его пишет русский источник</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="73"/>
        <source>the known company or consortium it goes to</source>
        <translation>известная компания или консорциум, которым предназначены деньги</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="74"/>
        <source>loan, debt, equity, letter of interest, funding opportunity…</source>
        <translation>кредит, долг, доля в капитале, письмо о заинтересованности, конкурс на финансирование…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="76"/>
        <source>how far it has gone, from announced to funded: a letter of interest is no loan</source>
        <translation>насколько продвинулось, от объявления до выплаты: письмо о заинтересованности — не кредит</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="78"/>
        <source>committed US dollars, with “up to”, “&gt;” or “(cond.)” where the source says so</source>
        <translation>обещанные доллары США, с «до», «обещанные доллары США, с «up to», «&gt;» или «(cond.)», где так сказано в источникеgt;» или «(усл.)», где так сказано в источнике</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="80"/>
        <source>whether the amount is exact, an upper bound, a lower bound or conditional</source>
        <translation>точна ли сумма, верхняя ли это граница, нижняя или сумма условна</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="82"/>
        <source>private or other public dollars alongside, never part of the US amount</source>
        <translation>частные или другие государственные деньги рядом, никогда не часть суммы США</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="84"/>
        <source>who brings the co-financing</source>
        <translation>кто даёт софинансирование</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="85"/>
        <source>a quantity instead of money (tonnes of copper)</source>
        <translation>количество вместо денег (тонны меди)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="86"/>
        <source>the unit of the quantity</source>
        <translation>единица количества</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="87"/>
        <source>the minerals the source names for it</source>
        <translation>полезные ископаемые, которые называет для неё источник</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="88"/>
        <source>where the project is: countries, states, regions</source>
        <translation>где проект: страны, штаты, регионы</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="89"/>
        <source>when it was announced, as precisely as known</source>
        <translation>когда объявлено, с известной точностью</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="90"/>
        <source>the aggregate it is a listed part of (totals count the parts)</source>
        <translation>сводная запись, в которой она перечислена как часть (итоги считают части)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="92"/>
        <source>a total whose listed parts are records of their own</source>
        <translation>итог, перечисленные части которого — отдельные записи</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="94"/>
        <source>the agreement it carries out</source>
        <translation>соглашение, которое она исполняет</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="95"/>
        <source>the source&apos;s key, as exports and the command line name it</source>
        <translation>ключ источника, как его называют экспорт и командная строка</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="96"/>
        <source>the document&apos;s title, as published</source>
        <translation>название документа, как опубликовано</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="97"/>
        <source>who published it</source>
        <translation>кто его опубликовал</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="98"/>
        <source>when it was published, as precisely as known</source>
        <translation>когда опубликован, с известной точностью</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="99"/>
        <source>a government&apos;s or agency&apos;s own release, a press report, a filing or other</source>
        <translation>официальное сообщение правительства или ведомства, публикация в прессе, раскрытие отчётности или иное</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="101"/>
        <source>the language it is written in (ISO 639-1)</source>
        <translation>язык документа (ISO 639-1)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="102"/>
        <source>where it is on the web</source>
        <translation>где он находится в сети</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="103"/>
        <source>how many participants rest on it</source>
        <translation>сколько участников на нём основано</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="104"/>
        <source>how many agreements rest on it</source>
        <translation>сколько соглашений на нём основано</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="105"/>
        <source>how many financing records rest on it</source>
        <translation>сколько записей о финансировании на нём основано</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="106"/>
        <source>how many records rest on it, in all</source>
        <translation>сколько записей на нём основано, всего</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="107"/>
        <source>shipped with the data, or added by an import or by you</source>
        <translation>поставлен с данными или добавлен импортом либо вами</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="121"/>
        <source>Click to sort, again to reverse; Ctrl+click to sort by a further key</source>
        <translation>Щелчок — сортировать, ещё щелчок — в обратном порядке; Ctrl+щелчок — добавить ключ сортировки</translation>
    </message>
</context>
<context>
    <name>exports</name>
    <message>
        <location filename="../../forge_desktop/core/exports/citations.py" line="50"/>
        <source>Data as of change {0}, {1} UTC</source>
        <translation>Данные на изменение {0}, {1} UTC</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/exports/citations.py" line="51"/>
        <source>Data as shipped: nothing has been changed</source>
        <translation>Данные в исходном виде: ничего не изменено</translation>
    </message>
</context>
<context>
    <name>filters</name>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="129"/>
        <source>contains</source>
        <translation>содержит</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="130"/>
        <source>starts with</source>
        <translation>начинается с</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="131"/>
        <source>is one of</source>
        <translation>одно из</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="132"/>
        <source>between</source>
        <translation>между</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="133"/>
        <source>is empty</source>
        <translation>пусто</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="134"/>
        <source>is not empty</source>
        <translation>не пусто</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="189"/>
        <source>{0} is empty</source>
        <translation>{0}: пусто</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="191"/>
        <source>{0} is not empty</source>
        <translation>{0}: не пусто</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="197"/>
        <source>{0} between {1} and {2}</source>
        <translation>{0} между {1} и {2}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="199"/>
        <source>{0} is one of {1}</source>
        <translation>{0}: одно из {1}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="201"/>
        <source>{0} contains {1}</source>
        <translation>{0} содержит {1}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="203"/>
        <source>{0} starts with {1}</source>
        <translation>{0} начинается с {1}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="213"/>
        <source>or</source>
        <translation>или</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/labels.py" line="228"/>
        <source>{0}: there is no “{1}”; choose one of {2}</source>
        <translation>{0}: нет значения «{1}»; выберите одно из: {2}</translation>
    </message>
</context>
<context>
    <name>formatting</name>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="24"/>
        <source>up to {}</source>
        <translation>до {}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="25"/>
        <source>&gt; {}</source>
        <translation>&gt; {}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="26"/>
        <source>{} (cond.)</source>
        <translation>{} (усл.)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="121"/>
        <source>yes</source>
        <translation>да</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="121"/>
        <source>no</source>
        <translation>нет</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="131"/>
        <source>Bilateral framework / MOU</source>
        <translation>Двустороннее рамочное соглашение / меморандум</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="132"/>
        <source>Action plan</source>
        <translation>План действий</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="133"/>
        <source>Strategic partnership</source>
        <translation>Стратегическое партнёрство</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="134"/>
        <source>Memorandum</source>
        <translation>Меморандум</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="135"/>
        <source>Signed</source>
        <translation>Подписано</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="136"/>
        <source>Negotiations concluded</source>
        <translation>Переговоры завершены</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="137"/>
        <source>In force</source>
        <translation>Действует</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="138"/>
        <source>Announced</source>
        <translation>Объявлено</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="139"/>
        <source>Intended</source>
        <translation>Намечено</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="140"/>
        <source>Day</source>
        <translation>День</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="141"/>
        <source>Month</source>
        <translation>Месяц</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="142"/>
        <source>Year</source>
        <translation>Год</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="143"/>
        <source>Direct loan</source>
        <translation>Прямой кредит</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="144"/>
        <source>Debt</source>
        <translation>Долг</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="145"/>
        <source>Equity</source>
        <translation>Доля в капитале</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="146"/>
        <source>Investment</source>
        <translation>Инвестиция</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="147"/>
        <source>Financing</source>
        <translation>Финансирование</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="148"/>
        <source>Letter of interest</source>
        <translation>Письмо о заинтересованности</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="149"/>
        <source>Letter of intent</source>
        <translation>Письмо о намерениях</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="150"/>
        <source>NOFO</source>
        <translation>NOFO</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="151"/>
        <source>NOI</source>
        <translation>NOI</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="152"/>
        <source>PIA</source>
        <translation>PIA</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="153"/>
        <source>Joint venture</source>
        <translation>Совместное предприятие</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="154"/>
        <source>Partnership</source>
        <translation>Партнёрство</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="155"/>
        <source>Country</source>
        <translation>Страна</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="156"/>
        <source>Subdivision</source>
        <translation>Субъект страны</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="157"/>
        <source>Region</source>
        <translation>Регион</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="158"/>
        <source>Curated</source>
        <translation>Из поставки</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="159"/>
        <source>Imported</source>
        <translation>Импортировано</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="160"/>
        <source>Entered</source>
        <translation>Введено</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="161"/>
        <source>Edited</source>
        <translation>Изменено</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="162"/>
        <source>Organisation</source>
        <translation>Организация</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="163"/>
        <source>Exact</source>
        <translation>Точно</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="164"/>
        <source>Up to</source>
        <translation>До</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="165"/>
        <source>More than</source>
        <translation>Более</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="166"/>
        <source>Conditional</source>
        <translation>Условно</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="167"/>
        <source>Attended</source>
        <translation>Участвовал</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="168"/>
        <source>Bilateral signed</source>
        <translation>Подписал двустороннее соглашение</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="169"/>
        <source>FORGE chair</source>
        <translation>Председатель FORGE</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="170"/>
        <source>Joined FORGE</source>
        <translation>Вступил в FORGE</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="171"/>
        <source>Action plan partner</source>
        <translation>Партнёр по плану действий</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="172"/>
        <source>Action plan intended</source>
        <translation>Намечен план действий</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="173"/>
        <source>Official</source>
        <translation>Официальный</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="174"/>
        <source>Press</source>
        <translation>Пресса</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="175"/>
        <source>Filing</source>
        <translation>Отчётность</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="176"/>
        <source>Other</source>
        <translation>Иное</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="177"/>
        <source>Opportunity</source>
        <translation>Возможность</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="178"/>
        <source>Negotiating</source>
        <translation>Переговоры</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="179"/>
        <source>Approved</source>
        <translation>Одобрено</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="180"/>
        <source>Committed</source>
        <translation>Обязательство</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/formatting.py" line="181"/>
        <source>Funded</source>
        <translation>Выплачено</translation>
    </message>
</context>
<context>
    <name>help</name>
    <message>
        <location filename="../../forge_desktop/ui/help_text.py" line="19"/>
        <source>&lt;b&gt;Tables&lt;/b&gt;: Participants, Agreements, Financing, and the Sources they rest on (Ctrl+1…4, Ctrl+Tab for the next). Double-click a source for its records; the &lt;i&gt;Sources&lt;/i&gt; facet of each table picks the records of any source.</source>
        <translation>&lt;b&gt;Таблицы&lt;/b&gt;: «Участники», «Соглашения», «Финансирование» и «Источники», на которых они основаны (Ctrl+1…4, Ctrl+Tab — следующая). Двойной щелчок по источнику показывает его записи; фасет &lt;i&gt;Источники&lt;/i&gt; каждой таблицы отбирает записи любого источника.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/help_text.py" line="22"/>
        <source>&lt;b&gt;Search&lt;/b&gt; (Ctrl+F): English or Russian, any case; every word must match.</source>
        <translation>&lt;b&gt;Поиск&lt;/b&gt; (Ctrl+F): на английском или русском, без учёта регистра; должно совпасть каждое слово.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/help_text.py" line="23"/>
        <source>&lt;b&gt;Sort&lt;/b&gt;: click a column header; click again to reverse; Ctrl+click adds a second key.</source>
        <translation>&lt;b&gt;Сортировка&lt;/b&gt;: щёлкните заголовок столбца; повторный щелчок меняет порядок; Ctrl+click добавляет второй ключ.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/help_text.py" line="25"/>
        <source>&lt;b&gt;Filter&lt;/b&gt;: pick a column, an operator and a value (&lt;code&gt;100M&lt;/code&gt;, &lt;code&gt;EXIM, DFC&lt;/code&gt;, &lt;code&gt;2025-10 and 2025-12&lt;/code&gt;) and press Enter. Tick &lt;i&gt;or&lt;/i&gt; to join it to the previous filter as an OR group. Click a chip to remove it.</source>
        <translation>&lt;b&gt;Фильтр&lt;/b&gt;: выберите столбец, оператор и значение (&lt;code&gt;100M&lt;/code&gt;, &lt;code&gt;EXIM, DFC&lt;/code&gt;, &lt;code&gt;2025-10 and 2025-12&lt;/code&gt;) и нажмите Enter. Отметьте &lt;i&gt;или&lt;/i&gt;, чтобы объединить условие с предыдущим фильтром в группу ИЛИ. Щёлкните по метке фильтра, чтобы удалить его.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/help_text.py" line="29"/>
        <source>&lt;b&gt;Facets&lt;/b&gt; (left): click a value to keep only it, Ctrl+click for several. Counts are what you would get.</source>
        <translation>&lt;b&gt;Фильтры по значениям&lt;/b&gt; (слева): щёлкните значение, чтобы оставить только его, Ctrl+click — чтобы выбрать несколько. Числа показывают, сколько строк останется.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/help_text.py" line="31"/>
        <source>&lt;b&gt;Detail&lt;/b&gt; (right): the whole record, its Russian source sentence and related records. Enter jumps there; Alt+Left / Alt+Right go back and forward, and Back takes off the filter a followed link put on. A link&apos;s filter is not kept for the next start unless you build on it.</source>
        <translation>&lt;b&gt;Подробности&lt;/b&gt; (справа): вся запись, её исходная фраза на русском языке и связанные записи. Enter переводит туда фокус; Alt+Left / Alt+Right — назад и вперёд, и «Назад» снимает фильтр, поставленный переходом по ссылке. Фильтр ссылки не сохраняется до следующего запуска, если вы не продолжили работу с ним.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/help_text.py" line="35"/>
        <source>&lt;b&gt;Copy&lt;/b&gt;: Ctrl+C copies the selected rows as TSV, ready to paste into a spreadsheet; Ctrl+Shift+C copies the current cell (a number as its plain value).</source>
        <translation>&lt;b&gt;Копирование&lt;/b&gt;: Ctrl+C копирует выделенные строки в формате TSV, готовом для вставки в электронную таблицу; Ctrl+Shift+C копирует текущую ячейку (число — как простое значение).</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/help_text.py" line="38"/>
        <source>&lt;b&gt;Export&lt;/b&gt; (Ctrl+E): the selected rows, the filtered rows or the whole table, as CSV, XLSX or JSON, with the columns on screen.</source>
        <translation>&lt;b&gt;Экспорт&lt;/b&gt; (Ctrl+E): выделенные строки, отфильтрованные строки или вся таблица в формате CSV, XLSX или JSON, со столбцами, показанными на экране.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/help_text.py" line="40"/>
        <source>&lt;b&gt;Import&lt;/b&gt; (Ctrl+I): every row is checked and previewed first; a file with any error imports nothing. An agency, instrument or stage not seen before must be ticked as new (a typo should not become a category). Edit → Undo last import removes exactly what it added.</source>
        <translation>&lt;b&gt;Импорт&lt;/b&gt; (Ctrl+I): каждая строка сначала проверяется и показывается для просмотра; файл хотя бы с одной ошибкой не импортируется вовсе. Ранее не встречавшиеся ведомство, инструмент или стадию нужно отметить как новые (опечатка не должна превратиться в категорию). Правка → Отменить последний импорт удаляет ровно то, что было добавлено.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/help_text.py" line="44"/>
        <source>&lt;b&gt;Keep the record&lt;/b&gt;: Ctrl+N adds a record, F2 (or a double-click on the detail) corrects it, Ctrl+D duplicates it, Delete removes it. The form reads what an import reads and shows each problem under its field; a new record needs its source. Ctrl+Z / Ctrl+Shift+Z undo and redo your changes; View → Changes (Ctrl+Shift+H) lists every change, who made it and why.</source>
        <translation>&lt;b&gt;Ведение записей&lt;/b&gt;: Ctrl+N добавляет запись, F2 (или двойной щелчок по карточке) исправляет её, Ctrl+D дублирует, Delete удаляет. Форма читает то же, что импорт, и показывает каждую ошибку под её полем; новой записи нужен источник. Ctrl+Z / Ctrl+Shift+Z отменяют и повторяют ваши изменения; «Вид → Журнал изменений» (Ctrl+Shift+H) показывает все изменения: кто и зачем их внёс.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/help_text.py" line="54"/>
        <source>&lt;b&gt;Right-click a cell&lt;/b&gt;: &lt;i&gt;Copy cell&lt;/i&gt;, &lt;i&gt;Filter by this value&lt;/i&gt; or &lt;i&gt;Exclude this value&lt;/i&gt; (a list cell offers each of its values; an empty cell filters by &lt;code&gt;empty&lt;/code&gt;).</source>
        <translation>&lt;b&gt;Правый щелчок по ячейке&lt;/b&gt;: &lt;i&gt;Копировать ячейку&lt;/i&gt;, &lt;i&gt;Фильтр по этому значению&lt;/i&gt; или &lt;i&gt;Исключить это значение&lt;/i&gt; (ячейка-список предлагает каждое из своих значений; пустая ячейка фильтрует по &lt;code&gt;empty&lt;/code&gt;).</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/help_text.py" line="57"/>
        <source>&lt;b&gt;Right-click a header&lt;/b&gt;: &lt;i&gt;Value counts…&lt;/i&gt; lists the column&apos;s values under the current filters, most frequent first, with their share: click one to filter by it. A money or number column has &lt;i&gt;Statistics…&lt;/i&gt; instead: count, empty, minimum, maximum, sum, median and mean. Show or hide columns there too.</source>
        <translation>&lt;b&gt;Правый щелчок по заголовку&lt;/b&gt;: &lt;i&gt;Частоты значений…&lt;/i&gt; перечисляют значения столбца при текущих фильтрах, самые частые первыми, с их долей: щёлкните значение, чтобы отфильтровать по нему. У столбца с суммами или числами вместо этого есть &lt;i&gt;Статистика…&lt;/i&gt;: количество, пустые, минимум, максимум, сумма, медиана и среднее. Там же можно показать или скрыть столбцы.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/help_text.py" line="67"/>
        <source>&lt;b&gt;Esc&lt;/b&gt; clears the search first, then the filter set last (a chip or a facet&apos;s choice: the status line says which); pressed again straight after, every filter; then the selection.</source>
        <translation>&lt;b&gt;Esc&lt;/b&gt; сначала очищает поиск, затем снимает последний поставленный фильтр (метку или выбор в фильтре по значениям: строка состояния говорит, какой); нажатый сразу ещё раз — все фильтры; затем снимает выделение.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/help_text.py" line="70"/>
        <source>&lt;b&gt;Tab&lt;/b&gt; goes from the search to the table, the detail and the chart. In the table the arrow keys move and Tab leaves it.</source>
        <translation>&lt;b&gt;Tab&lt;/b&gt; переходит от поиска к таблице, подробностям и диаграмме. В таблице стрелки перемещают по ячейкам, а Tab выводит из неё.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/help_text.py" line="72"/>
        <source>&lt;b&gt;F6&lt;/b&gt; jumps to the next pane, Shift+F6 to the previous: the search, the table, the detail and the chart, as in a browser.</source>
        <translation>&lt;b&gt;F6&lt;/b&gt; переходит к следующей панели, Shift+F6 — к предыдущей: поиск, таблица, подробности и диаграмма, как в браузере.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/help_text.py" line="82"/>
        <source>Totals never double count: an aggregate (Σ, italic) such as EXIM&apos;s $14.8B of letters of interest is counted through its listed parts. Records without a dollar amount (action plans, a copper offtake) are counted, not summed. Co-financing is private or other public money, never part of the US commitment. A letter of interest or a funding opportunity is not a loan: look at &lt;i&gt;Stage&lt;/i&gt;.</source>
        <translation>Итоги никогда не учитывают одно и то же дважды: сводная запись (Σ, курсив), например письма о заинтересованности EXIM на 14,8 млрд долларов, учитывается через перечисленные в ней части. Записи без суммы в долларах (планы действий, офтейк-соглашение по меди) учитываются в количестве, но не суммируются. Софинансирование — это частные или иные государственные средства, которые никогда не входят в обязательства США. Письмо о заинтересованности или объявление о приёме заявок на финансирование — не кредит: смотрите столбец &lt;i&gt;Стадия&lt;/i&gt;.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/help_text.py" line="91"/>
        <source>Reading the money</source>
        <translation>Как читать суммы</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/help_text.py" line="93"/>
        <source>Finding your way</source>
        <translation>Как ориентироваться</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/help_text.py" line="94"/>
        <source>A column&apos;s values</source>
        <translation>Значения столбца</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/help_text.py" line="95"/>
        <source>The keyboard</source>
        <translation>Клавиатура</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/help_text.py" line="121"/>
        <source>
&lt;h3&gt;FORGE Desktop {version}&lt;/h3&gt;
&lt;p&gt;An open-source explorer for the critical-minerals record of 2026: the Critical Minerals
Ministerial of 4 February 2026 in Washington, FORGE (the Forum on Resource Geostrategic
Engagement), the agreements signed and what US agencies committed.&lt;/p&gt;
&lt;p&gt;&lt;b&gt;Data source:&lt;/b&gt; a Russian-language news report of the ministerial (MiddleAsianNews, citing
the US State Department), curated by hand into English with the Russian original kept verbatim
for every record. See &lt;code&gt;data/README.md&lt;/code&gt; for how each passage was read.&lt;/p&gt;
</source>
        <translation>
&lt;h3&gt;FORGE Desktop {version}&lt;/h3&gt;
&lt;p&gt;Программа с открытым исходным кодом для изучения данных о критически важных минералах за 2026 год: министерская встреча
по критически важным минералам (Critical Minerals Ministerial) 4 февраля 2026 года в Вашингтоне, FORGE (Forum on Resource
Geostrategic Engagement — Форум по геостратегическому взаимодействию в сфере ресурсов), подписанные соглашения и обязательства ведомств США.&lt;/p&gt;
&lt;p&gt;&lt;b&gt;Источник данных:&lt;/b&gt; русскоязычная новостная публикация о министерской встрече (MiddleAsianNews со ссылкой на
Государственный департамент США), вручную переработанная на английский язык с дословным сохранением русского оригинала
для каждой записи. О том, как толковался каждый фрагмент, см. &lt;code&gt;data/README.md&lt;/code&gt;.&lt;/p&gt;
</translation>
    </message>
</context>
<context>
    <name>pivot</name>
    <message>
        <location filename="../../forge_desktop/ui/pivot.py" line="67"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/pivot.py" line="68"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Книга Excel (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/pivot.py" line="69"/>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/pivot.py" line="75"/>
        <source>Month</source>
        <translation>Месяц</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/pivot.py" line="77"/>
        <source>Year</source>
        <translation>Год</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/pivot.py" line="165"/>
        <source>{0}: no records</source>
        <translation>{0}: записей нет</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/pivot.py" line="168"/>
        <source>no dollar amount</source>
        <translation>нет суммы в долларах</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/pivot.py" line="171"/>
        <source>of which without a dollar amount: {0}</source>
        <translation>из них без суммы в долларах: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/pivot.py" line="172"/>
        <source>Double-click: show these records</source>
        <translation>Двойной щелчок: показать эти записи</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/pivot.py" line="243"/>
        <location filename="../../forge_desktop/ui/pivot.py" line="296"/>
        <source>Pivot table</source>
        <translation>Сводная таблица</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/pivot.py" line="259"/>
        <source>Rows</source>
        <translation>Строки</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/pivot.py" line="260"/>
        <source>Rows, second level</source>
        <translation>Строки, второй уровень</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/pivot.py" line="261"/>
        <source>Columns</source>
        <translation>Столбцы</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/pivot.py" line="262"/>
        <source>Columns, second level</source>
        <translation>Столбцы, второй уровень</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/pivot.py" line="266"/>
        <source>Cells show</source>
        <translation>В ячейках</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/pivot.py" line="267"/>
        <location filename="../../forge_desktop/core/exports/pivot_files.py" line="24"/>
        <source>Committed USD</source>
        <translation>Обязательства, USD</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/pivot.py" line="268"/>
        <location filename="../../forge_desktop/core/exports/pivot_files.py" line="25"/>
        <source>Records</source>
        <translation>Записи</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/pivot.py" line="270"/>
        <source>Sort rows</source>
        <translation>Порядок строк</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/pivot.py" line="271"/>
        <source>Largest first</source>
        <translation>Сначала крупнейшие</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/pivot.py" line="272"/>
        <source>By name</source>
        <translation>По названию</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/pivot.py" line="273"/>
        <source>Include conditional</source>
        <translation>Включая условные</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/pivot.py" line="275"/>
        <source>Export…</source>
        <translation>Экспорт…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/pivot.py" line="276"/>
        <source>Save the pivot as shown: CSV, XLSX or JSON</source>
        <translation>Сохранить сводную таблицу как показано: CSV, XLSX или JSON</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/pivot.py" line="280"/>
        <source>Rows:</source>
        <translation>Строки:</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/pivot.py" line="283"/>
        <source>Columns:</source>
        <translation>Столбцы:</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/pivot.py" line="336"/>
        <location filename="../../forge_desktop/core/pivot.py" line="35"/>
        <source>(none)</source>
        <translation>(нет)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/pivot.py" line="428"/>
        <source>A column can be used once: choose different columns for the rows and the columns.</source>
        <translation>Столбец можно использовать один раз: выберите разные столбцы для строк и столбцов.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/pivot.py" line="444"/>
        <source>Counting… (the table shows the previous answer)</source>
        <translation>Подсчёт… (в таблице прежний ответ)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/pivot.py" line="453"/>
        <source>The pivot could not be counted: {0}</source>
        <translation>Сводную таблицу подсчитать не удалось: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/pivot.py" line="467"/>
        <source>Double-click a cell to show its records.</source>
        <translation>Двойной щелчок по ячейке показывает её записи.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/pivot.py" line="516"/>
        <source>Show these records</source>
        <translation>Показать эти записи</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/pivot.py" line="517"/>
        <source>Copy</source>
        <translation>Копировать</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/pivot.py" line="518"/>
        <source>Collapse all</source>
        <translation>Свернуть всё</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/pivot.py" line="519"/>
        <source>Expand all</source>
        <translation>Развернуть всё</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/pivot.py" line="520"/>
        <source>Export pivot…</source>
        <translation>Экспорт сводной таблицы…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/pivot.py" line="530"/>
        <location filename="../../forge_desktop/ui/pivot.py" line="534"/>
        <source>Export pivot</source>
        <translation>Экспорт сводной таблицы</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/pivot.py" line="531"/>
        <source>The pivot is still being counted.</source>
        <translation>Сводная таблица ещё подсчитывается.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/pivot.py" line="551"/>
        <source>Export failed</source>
        <translation>Экспорт не удался</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/exports/pivot_files.py" line="84"/>
        <location filename="../../forge_desktop/core/exports/pivot_files.py" line="137"/>
        <location filename="../../forge_desktop/core/exports/pivot_files.py" line="194"/>
        <source>Note: {0}</source>
        <translation>Примечание: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/exports/pivot_files.py" line="168"/>
        <source>Pivot</source>
        <translation>Сводная</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/pivot.py" line="36"/>
        <source>undated</source>
        <translation>без даты</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/pivot.py" line="37"/>
        <source>Total</source>
        <translation>Итого</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/pivot.py" line="38"/>
        <source>{0} total</source>
        <translation>{0}: итого</translation>
    </message>
</context>
<context>
    <name>records</name>
    <message>
        <location filename="../../forge_desktop/core/records.py" line="188"/>
        <source>Agreements with {0}</source>
        <translation>Соглашения, где участвует {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/records.py" line="191"/>
        <source>Financing located in {0}</source>
        <translation>Финансирование по месту: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/records.py" line="199"/>
        <source>Organisation</source>
        <translation>Организация</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/records.py" line="200"/>
        <source>Country · {0}</source>
        <translation>Страна · {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/records.py" line="215"/>
        <source>Commitment {0}</source>
        <translation>Обязательство {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/records.py" line="219"/>
        <source>aggregate of {0} (not itemised)</source>
        <translation>сводная запись, позиций: {0} (без детализации)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/records.py" line="228"/>
        <source>Part of the aggregate {0}</source>
        <translation>Часть сводной записи {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/records.py" line="231"/>
        <source>Its parts</source>
        <translation>Её части</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/records.py" line="234"/>
        <source>All {0} records</source>
        <translation>Все записи {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/records.py" line="238"/>
        <source>The agreement</source>
        <translation>Соглашение</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/records.py" line="248"/>
        <source>Participant: {0}</source>
        <translation>Участник: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/records.py" line="251"/>
        <source>no dollar amount</source>
        <translation>без суммы в долларах</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/records.py" line="254"/>
        <source>aggregate: totals count its parts instead</source>
        <translation>сводная запись: в итогах вместо неё учитываются её части</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/records.py" line="271"/>
        <source>Participants resting on it</source>
        <translation>Участники, основанные на нём</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/records.py" line="272"/>
        <source>Agreements resting on it</source>
        <translation>Соглашения, основанные на нём</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/records.py" line="273"/>
        <source>Financing records resting on it</source>
        <translation>Финансирование, основанное на нём</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/records.py" line="291"/>
        <source>Records resting on it: {0}</source>
        <translation>Записи, основанные на нём: {0}</translation>
    </message>
</context>
<context>
    <name>tables</name>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="316"/>
        <source>Participants</source>
        <translation>Участники</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="335"/>
        <source>Agreements</source>
        <translation>Соглашения</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="357"/>
        <source>Financing</source>
        <translation>Финансирование</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/exports/xlsx.py" line="285"/>
        <location filename="../../forge_desktop/core/columns.py" line="411"/>
        <source>Sources</source>
        <translation>Источники</translation>
    </message>
</context>
</TS>
