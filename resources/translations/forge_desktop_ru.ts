<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>DatabaseProblem</name>
    <message>
        <location filename="../../forge_desktop/ui/app.py" line="66"/>
        <source>The database cannot be opened</source>
        <translation>Не удаётся открыть базу данных</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/app.py" line="69"/>
        <source>Rebuild makes a fresh database from the shipped data at the same place; the unreadable file is kept beside it. Open another lets you pick a database file.</source>
        <translation>«Пересоздать» создаёт новую базу данных из поставляемых данных в том же месте; нечитаемый файл сохраняется рядом. «Открыть другую» позволяет выбрать файл базы данных.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/app.py" line="71"/>
        <source>Rebuild</source>
        <translation>Пересоздать</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/app.py" line="72"/>
        <source>Open another…</source>
        <translation>Открыть другую…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/app.py" line="73"/>
        <source>Quit</source>
        <translation>Выход</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/app.py" line="101"/>
        <source>Rebuild failed</source>
        <translation>Не удалось пересоздать базу данных</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/app.py" line="105"/>
        <source>Open a FORGE database</source>
        <translation>Открыть базу данных FORGE</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/app.py" line="106"/>
        <source>SQLite databases (*.sqlite *.db);;All files (*)</source>
        <translation>Базы данных SQLite (*.sqlite *.db);;Все файлы (*)</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <location filename="../../forge_desktop/ui/detail.py" line="32"/>
        <source>Record detail</source>
        <translation>Сведения о записи</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/detail.py" line="40"/>
        <source>Select a row to read the whole record, its source sentence in Russian and the records related to it.</source>
        <translation>Выберите строку, чтобы увидеть запись целиком, исходную фразу на русском языке и связанные с ней записи.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/detail.py" line="50"/>
        <source>Source (Russian, verbatim)</source>
        <translation>Источник (по-русски, дословно)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/detail.py" line="50"/>
        <source>source</source>
        <translation>источник</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/detail.py" line="51"/>
        <source>How the source was read</source>
        <translation>Как прочитан источник</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/detail.py" line="51"/>
        <source>none</source>
        <translation>нет</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/detail.py" line="52"/>
        <source>Related</source>
        <translation>Связанное</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/detail.py" line="52"/>
        <source>All fields</source>
        <translation>Все поля</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="65"/>
        <source>Export {0}</source>
        <translation>Экспорт: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="71"/>
        <source>Selected rows ({0})</source>
        <translation>Выделенные строки ({0})</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="72"/>
        <source>All rows matching the filters ({0})</source>
        <translation>Все строки, соответствующие фильтрам ({0})</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="73"/>
        <source>The whole table</source>
        <translation>Вся таблица</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="84"/>
        <source>Start with a byte-order mark (for Excel)</source>
        <translation>Добавить в начало метку порядка байтов (для Excel)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="85"/>
        <source>Columns as on screen</source>
        <translation>Столбцы как на экране</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="86"/>
        <source>All columns</source>
        <translation>Все столбцы</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="88"/>
        <source>Add provenance: Russian quote, summary, notes, source</source>
        <translation>Добавить сведения о происхождении: цитата на русском, краткое содержание, примечания, источник</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="90"/>
        <source>Browse…</source>
        <translation>Обзор…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="100"/>
        <source>Rows</source>
        <translation>Строки</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="104"/>
        <source>Columns</source>
        <translation>Столбцы</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="105"/>
        <source>Format</source>
        <translation>Формат</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="107"/>
        <source>File</source>
        <translation>Файл</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="139"/>
        <source>Export to</source>
        <translation>Экспортировать в</translation>
    </message>
</context>
<context>
    <name>ExportRunner</name>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="177"/>
        <source>Exporting to {0}…</source>
        <translation>Экспорт в {0}…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="178"/>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="199"/>
        <source>Wrote {0} rows to {1}</source>
        <translation>Записано строк в {1}: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="206"/>
        <source>Export cancelled; no file written</source>
        <translation>Экспорт отменён; файл не записан</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="209"/>
        <source>Export failed</source>
        <translation>Ошибка экспорта</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/export_dialog.py" line="210"/>
        <source>{0}

Nothing was written.</source>
        <translation>{0}

Ничего не записано.</translation>
    </message>
</context>
<context>
    <name>Facet</name>
    <message>
        <location filename="../../forge_desktop/ui/facets.py" line="47"/>
        <source>Clear</source>
        <translation>Сбросить</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/facets.py" line="50"/>
        <source>Clear facet {0}</source>
        <translation>Сбросить фильтр по значениям {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/facets.py" line="60"/>
        <source>Values of {0}</source>
        <translation>Значения столбца {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/facets.py" line="109"/>
        <source>no values in these rows</source>
        <translation>в этих строках нет значений</translation>
    </message>
</context>
<context>
    <name>FacetPanel</name>
    <message>
        <location filename="../../forge_desktop/ui/facets.py" line="144"/>
        <source>Facets</source>
        <translation>Фильтры по значениям</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <location filename="../../forge_desktop/ui/filter_bar.py" line="50"/>
        <source>Filter column</source>
        <translation>Столбец фильтра</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/filter_bar.py" line="54"/>
        <source>Filter operator</source>
        <translation>Оператор фильтра</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/filter_bar.py" line="55"/>
        <source>value, e.g. 100M or EXIM, DFC</source>
        <translation>значение, напр. 100M или EXIM, DFC</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/filter_bar.py" line="56"/>
        <source>Filter value</source>
        <translation>Значение фильтра</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/filter_bar.py" line="61"/>
        <source>Add</source>
        <translation>Добавить</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/filter_bar.py" line="62"/>
        <source>Add this filter (Enter)</source>
        <translation>Добавить этот фильтр (Enter)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/filter_bar.py" line="63"/>
        <source>or</source>
        <translation>или</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/filter_bar.py" line="64"/>
        <source>Join this condition to the previous filter: a row passes if either holds</source>
        <translation>Объединить это условие с предыдущим фильтром: строка проходит, если выполняется любое из них</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/filter_bar.py" line="116"/>
        <source>A and B</source>
        <translation>A and B</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/filter_bar.py" line="116"/>
        <source>A, B, C</source>
        <translation>A, B, C</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/filter_bar.py" line="117"/>
        <source>value</source>
        <translation>значение</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/filter_bar.py" line="181"/>
        <source>Remove this filter</source>
        <translation>Удалить этот фильтр</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/filter_bar.py" line="182"/>
        <source>Remove filter {0}</source>
        <translation>Удалить фильтр {0}</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="52"/>
        <source>Import records</source>
        <translation>Импорт записей</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="60"/>
        <source>a .csv, .xlsx or .json file</source>
        <translation>файл .csv, .xlsx или .json</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="61"/>
        <source>Choose file…</source>
        <translation>Выбрать файл…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="64"/>
        <source>detect (UTF-8, else cp1251)</source>
        <translation>автоопределение (UTF-8, иначе cp1251)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="68"/>
        <source>detect</source>
        <translation>авто</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="69"/>
        <source>tab</source>
        <translation>табуляция</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="71"/>
        <source>Check</source>
        <translation>Проверить</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="78"/>
        <source>Encoding</source>
        <translation>Кодировка</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="80"/>
        <source>Delimiter</source>
        <translation>Разделитель</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="85"/>
        <source>Into</source>
        <translation>В таблицу</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="86"/>
        <source>File</source>
        <translation>Файл</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="89"/>
        <source>Choose a file to see what would be imported.</source>
        <translation>Выберите файл, чтобы увидеть, что будет импортировано.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="94"/>
        <source>New values: tick those that are not typos</source>
        <translation>Новые значения: отметьте те, что не являются опечатками</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="103"/>
        <source>Import</source>
        <translation>Импортировать</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="122"/>
        <source>Import from</source>
        <translation>Импорт из файла</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="123"/>
        <source>Tables (*.csv *.tsv *.txt *.xlsx *.json);;All files (*)</source>
        <translation>Таблицы (*.csv *.tsv *.txt *.xlsx *.json);;Все файлы (*)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="154"/>
        <source>Checking {0}…</source>
        <translation>Проверка {0}…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="172"/>
        <source>&lt;b&gt;This file cannot be imported:&lt;/b&gt; {0}</source>
        <translation>&lt;b&gt;Этот файл нельзя импортировать:&lt;/b&gt; {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="183"/>
        <source>{0} rows read · {1} ready to import · {2} with errors · {3} warnings</source>
        <translation>Прочитано строк: {0} · готово к импорту: {1} · с ошибками: {2} · предупреждений: {3}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="186"/>
        <source>Some agencies, instruments or stages are not known yet: tick each one that is really new, fix the file for typos.</source>
        <translation>Некоторые ведомства, инструменты или стадии пока неизвестны: отметьте каждое действительно новое значение, а опечатки исправьте в файле.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="189"/>
        <source>Nothing will be imported until every error is fixed.</source>
        <translation>Ничего не будет импортировано, пока не исправлены все ошибки.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="199"/>
        <source>Column “{0}” is</source>
        <translation>Столбец «{0}»:</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="202"/>
        <source>ignored</source>
        <translation>не импортируется</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="228"/>
        <source>Add “{0}” as a new {1} (rows {2})</source>
        <translation>Добавить «{0}» как новое значение (тип: {1}; строки {2})</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="241"/>
        <source>Row</source>
        <translation>Строка</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="241"/>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="241"/>
        <source>Problems</source>
        <translation>Проблемы</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="252"/>
        <source>header</source>
        <translation>заголовок</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="262"/>
        <source>error</source>
        <translation>ошибка</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="262"/>
        <source>warning</source>
        <translation>предупреждение</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="262"/>
        <source>ok</source>
        <translation>ОК</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="288"/>
        <source>Importing {0} records…</source>
        <translation>Импорт записей: {0}…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/import_dialog.py" line="301"/>
        <source>&lt;b&gt;The import failed and nothing was written:&lt;/b&gt; {0}</source>
        <translation>&lt;b&gt;Импорт не удался, ничего не записано:&lt;/b&gt; {0}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="59"/>
        <source>FORGE Desktop</source>
        <translation>FORGE Desktop</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="60"/>
        <source>FORGE Desktop — critical minerals 2026</source>
        <translation>FORGE Desktop — критически важные минералы, 2026</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="71"/>
        <source>Facets</source>
        <translation>Фильтры по значениям</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="116"/>
        <source>Search</source>
        <translation>Поиск</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="117"/>
        <source>Search English or Russian (Ctrl+F)</source>
        <translation>Поиск на английском или русском (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="127"/>
        <source>Status</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="151"/>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="152"/>
        <source>&amp;Export…</source>
        <translation>&amp;Экспорт…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="153"/>
        <source>Export the selected or filtered rows</source>
        <translation>Экспортировать выделенные или отфильтрованные строки</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="154"/>
        <source>&amp;Import…</source>
        <translation>&amp;Импорт…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="155"/>
        <source>Add records from a CSV, XLSX or JSON file</source>
        <translation>Добавить записи из файла CSV, XLSX или JSON</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="157"/>
        <source>&amp;Quit</source>
        <translation>&amp;Выход</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="159"/>
        <source>&amp;Edit</source>
        <translation>&amp;Правка</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="160"/>
        <source>&amp;Copy rows</source>
        <translation>&amp;Копировать строки</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="162"/>
        <source>Copy the selected rows as TSV with a header</source>
        <translation>Копировать выделенные строки в формате TSV с заголовком</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="163"/>
        <source>&amp;Find</source>
        <translation>&amp;Найти</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="164"/>
        <source>Clear search and &amp;filters</source>
        <translation>Сбросить поиск и &amp;фильтры</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="166"/>
        <source>&amp;Undo last import</source>
        <translation>&amp;Отменить последний импорт</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="168"/>
        <source>&amp;View</source>
        <translation>&amp;Вид</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="172"/>
        <source>&amp;Next table</source>
        <translation>&amp;Следующая таблица</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="173"/>
        <source>Previous table</source>
        <translation>Предыдущая таблица</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="175"/>
        <source>&amp;Back</source>
        <translation>&amp;Назад</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="176"/>
        <source>&amp;Forward</source>
        <translation>&amp;Вперёд</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="179"/>
        <source>&amp;Chart</source>
        <translation>&amp;Диаграмма</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="182"/>
        <source>E&amp;xport chart…</source>
        <translation>&amp;Экспорт диаграммы…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="184"/>
        <source>&amp;Reset layout</source>
        <translation>Сбросить &amp;расположение</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="186"/>
        <location filename="../../forge_desktop/ui/main_window.py" line="187"/>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="188"/>
        <source>&amp;About FORGE Desktop</source>
        <translation>&amp;О программе FORGE Desktop</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="190"/>
        <source>Navigation</source>
        <translation>Навигация</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="216"/>
        <source>Export selected rows…</source>
        <translation>Экспортировать выделенные строки…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="219"/>
        <source>Export all filtered rows…</source>
        <translation>Экспортировать все отфильтрованные строки…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="283"/>
        <source>Committed USD — {0}</source>
        <translation>Обязательства, USD — {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="316"/>
        <source>This record could not be read: {0}</source>
        <translation>Не удалось прочитать запись: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="322"/>
        <source>This record no longer exists.</source>
        <translation>Эта запись больше не существует.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="379"/>
        <source>Copied {0} rows</source>
        <translation>Скопировано строк: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="381"/>
        <source> (of {0} selected: use Export for more)</source>
        <translation> (из {0} выделенных; для остальных используйте экспорт)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="407"/>
        <source>Imported {0} records into {1} · Edit → Undo last import removes them</source>
        <translation>Импортировано записей: {0}, таблица «{1}» · Правка → Отменить последний импорт удалит их</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="414"/>
        <location filename="../../forge_desktop/ui/main_window.py" line="419"/>
        <location filename="../../forge_desktop/ui/main_window.py" line="423"/>
        <location filename="../../forge_desktop/ui/main_window.py" line="434"/>
        <source>Undo last import</source>
        <translation>Отменить последний импорт</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="420"/>
        <source>No imported records to remove.</source>
        <translation>Нет импортированных записей для удаления.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="424"/>
        <source>Remove the {0} records imported at {1} (UTC)?</source>
        <translation>Удалить записи ({0}), импортированные {1} (UTC)?</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="435"/>
        <source>Nothing was removed: {0}</source>
        <translation>Ничего не удалено: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="439"/>
        <source>Removed {0} imported records</source>
        <translation>Удалено импортированных записей: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="449"/>
        <source>FORGE Desktop — help</source>
        <translation>FORGE Desktop — справка</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/main_window.py" line="452"/>
        <source>About FORGE Desktop</source>
        <translation>О программе FORGE Desktop</translation>
    </message>
</context>
<context>
    <name>QueryTableModel</name>
    <message>
        <location filename="../../forge_desktop/ui/table_model.py" line="249"/>
        <source>Aggregate: totals count its listed parts instead</source>
        <translation>Сводная запись: в итогах вместо неё учитываются перечисленные части</translation>
    </message>
</context>
<context>
    <name>TablePage</name>
    <message>
        <location filename="../../forge_desktop/ui/table_page.py" line="78"/>
        <source>{0} table</source>
        <translation>Таблица «{0}»</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/table_page.py" line="102"/>
        <source>Clear search and filters</source>
        <translation>Сбросить поиск и фильтры</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/table_page.py" line="181"/>
        <source>financing records</source>
        <translation>Записи о финансировании</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/table_page.py" line="181"/>
        <source>participants</source>
        <translation>Участники</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/table_page.py" line="182"/>
        <source>agreements</source>
        <translation>Соглашения</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/table_page.py" line="183"/>
        <source>{0} of {1} {2}</source>
        <translation>{2}: {0} из {1}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/table_page.py" line="186"/>
        <source>{0} committed</source>
        <translation>обязательства: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/table_page.py" line="196"/>
        <source>No {0} match this search and these filters.</source>
        <translation>В таблице «{0}» нет записей, соответствующих этому поиску и фильтрам.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/table_page.py" line="199"/>
        <source>This table is empty.</source>
        <translation>Эта таблица пуста.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/table_page.py" line="209"/>
        <source>The query failed: {0}</source>
        <translation>Ошибка запроса: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/table_page.py" line="262"/>
        <source>Reset columns</source>
        <translation>Сбросить столбцы</translation>
    </message>
</context>
<context>
    <name>Totals</name>
    <message>
        <location filename="../../forge_desktop/core/aggregate.py" line="88"/>
        <source>aggregates counted through their parts, not summed: {0}</source>
        <translation>сводные записи учтены через их части, без суммирования: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/aggregate.py" line="89"/>
        <source>records without a dollar amount, counted but not summed: {0}</source>
        <translation>записи без суммы в долларах учтены, но не суммированы: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/aggregate.py" line="90"/>
        <source>conditional amounts left out: {0}</source>
        <translation>условные суммы не учтены: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/aggregate.py" line="91"/>
        <source>a record in several {0} counts in each, once in the total</source>
        <translation>запись с несколькими значениями {0} учитывается в каждом, в итоге — один раз</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/aggregate.py" line="92"/>
        <source>records counted: {0} of {1}</source>
        <translation>учтено записей: {0} из {1}</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../forge_desktop/ui/app.py" line="49"/>
        <source>Something went wrong</source>
        <translation>Что-то пошло не так</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/app.py" line="50"/>
        <source>{0}

The app is still running. Details were written to
{1}</source>
        <translation>{0}

Приложение продолжает работать. Подробности записаны в
{1}</translation>
    </message>
</context>
<context>
    <name>chart</name>
    <message>
        <location filename="../../forge_desktop/ui/charts.py" line="122"/>
        <source>US government money only; co-financing is not counted</source>
        <translation>Только средства правительства США; софинансирование не учитывается</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/charts.py" line="125"/>
        <source>cumulative; undated records not shown</source>
        <translation>нарастающим итогом; записи без даты не показаны</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/charts.py" line="135"/>
        <location filename="../../forge_desktop/ui/charts.py" line="258"/>
        <source>(none)</source>
        <translation>(нет)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/charts.py" line="135"/>
        <source>undated</source>
        <translation>без даты</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/charts.py" line="281"/>
        <source>committed USD, log scale</source>
        <translation>обязательства, USD, логарифмическая шкала</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/charts.py" line="281"/>
        <source>committed USD</source>
        <translation>обязательства, USD</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/charts.py" line="359"/>
        <source>Commitments chart</source>
        <translation>Диаграмма обязательств</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/charts.py" line="372"/>
        <source>Chart view</source>
        <translation>Вид диаграммы</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/charts.py" line="373"/>
        <source>By agency</source>
        <translation>По ведомствам</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/charts.py" line="374"/>
        <source>By mineral</source>
        <translation>По минералам</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/charts.py" line="375"/>
        <source>By location (country)</source>
        <translation>По местам (страны)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/charts.py" line="376"/>
        <source>Over time (month)</source>
        <translation>По времени (месяцы)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/charts.py" line="378"/>
        <source>Stack by</source>
        <translation>Разбивка</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/charts.py" line="379"/>
        <source>Stacked by stage</source>
        <translation>С разбивкой по стадиям</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/charts.py" line="380"/>
        <source>Stacked by instrument</source>
        <translation>С разбивкой по инструментам</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/charts.py" line="381"/>
        <source>Stacked by agency</source>
        <translation>С разбивкой по ведомствам</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/charts.py" line="382"/>
        <source>Not stacked</source>
        <translation>Без разбивки</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/charts.py" line="384"/>
        <source>Log scale</source>
        <translation>Логарифмическая шкала</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/charts.py" line="385"/>
        <source>Include conditional</source>
        <translation>Включая условные</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/charts.py" line="387"/>
        <source>Cumulative</source>
        <translation>Нарастающим итогом</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/charts.py" line="388"/>
        <source>Export…</source>
        <translation>Экспорт…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/charts.py" line="389"/>
        <source>Save the chart as PNG or SVG</source>
        <translation>Сохранить диаграмму в формате PNG или SVG</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/charts.py" line="485"/>
        <source>Counting… (the bars show the previous answer)</source>
        <translation>Подсчёт… (столбцы показывают предыдущий результат)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/charts.py" line="498"/>
        <source>The chart could not be drawn: {0}</source>
        <translation>Не удалось построить диаграмму: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/charts.py" line="512"/>
        <source>No dollar amounts in these rows.</source>
        <translation>В этих строках нет сумм в долларах.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/charts.py" line="523"/>
        <source>(click: filter the table; Shift+click: this segment)</source>
        <translation>(щелчок: отфильтровать таблицу; Shift+click: этот сегмент)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/charts.py" line="524"/>
        <source>{0} · {1} records</source>
        <translation>{0} · записей: {1}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/charts.py" line="526"/>
        <source>{0}: {1} · {2} records</source>
        <translation>{0}: {1} · записей: {2}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/charts.py" line="531"/>
        <source>by stage:</source>
        <translation>по стадиям:</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/charts.py" line="533"/>
        <source>no amount</source>
        <translation>без суммы</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/charts.py" line="572"/>
        <source>Export chart as PNG or SVG…</source>
        <translation>Экспорт диаграммы в PNG или SVG…</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/charts.py" line="573"/>
        <source>Switch log / linear scale</source>
        <translation>Переключить логарифмическую / линейную шкалу</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/charts.py" line="578"/>
        <location filename="../../forge_desktop/ui/charts.py" line="596"/>
        <source>Export chart</source>
        <translation>Экспорт диаграммы</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/charts.py" line="579"/>
        <source>The chart is still loading.</source>
        <translation>Диаграмма ещё загружается.</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/charts.py" line="590"/>
        <source>Export failed</source>
        <translation>Ошибка экспорта</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/charts.py" line="603"/>
        <source>Format</source>
        <translation>Формат</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/charts.py" line="604"/>
        <source>Width</source>
        <translation>Ширина</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/charts.py" line="605"/>
        <source>Height</source>
        <translation>Высота</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/charts.py" line="616"/>
        <source>Save chart</source>
        <translation>Сохранить диаграмму</translation>
    </message>
</context>
<context>
    <name>columns</name>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="148"/>
        <source>Quote (Russian)</source>
        <translation>Цитата (рус.)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="149"/>
        <source>Summary</source>
        <translation>Краткое содержание</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="150"/>
        <source>Notes</source>
        <translation>Примечания</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="151"/>
        <source>Origin</source>
        <translation>Происхождение</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="153"/>
        <source>Source</source>
        <translation>Источник</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="213"/>
        <location filename="../../forge_desktop/core/columns.py" line="232"/>
        <location filename="../../forge_desktop/core/columns.py" line="255"/>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="214"/>
        <source>Name</source>
        <translation>Название</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="215"/>
        <source>Name (Russian)</source>
        <translation>Название (рус.)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="216"/>
        <source>ISO 3166</source>
        <translation>ISO 3166</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="217"/>
        <location filename="../../forge_desktop/core/columns.py" line="234"/>
        <source>Kind</source>
        <translation>Тип</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="220"/>
        <source>Region</source>
        <translation>Регион</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="221"/>
        <source>Roles</source>
        <translation>Роли</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="222"/>
        <location filename="../../forge_desktop/core/columns.py" line="262"/>
        <source>Organisation</source>
        <translation>Организация</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="233"/>
        <source>Title</source>
        <translation>Наименование</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="237"/>
        <source>Parties</source>
        <translation>Стороны</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="238"/>
        <location filename="../../forge_desktop/core/columns.py" line="279"/>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="239"/>
        <location filename="../../forge_desktop/core/columns.py" line="280"/>
        <source>Date precision</source>
        <translation>Точность даты</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="241"/>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="243"/>
        <location filename="../../forge_desktop/core/columns.py" line="284"/>
        <source>Aggregate</source>
        <translation>Агрегат</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="245"/>
        <source>Count</source>
        <translation>Количество</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="256"/>
        <source>Agency</source>
        <translation>Ведомство</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="259"/>
        <source>Recipient / programme</source>
        <translation>Получатель / программа</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="260"/>
        <source>Recipient (Russian)</source>
        <translation>Получатель (рус.)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="264"/>
        <source>Instrument</source>
        <translation>Инструмент</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="266"/>
        <source>Stage</source>
        <translation>Стадия</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="268"/>
        <source>Amount (USD)</source>
        <translation>Сумма (USD)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="269"/>
        <source>Qualifier</source>
        <translation>Уточнение суммы</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="271"/>
        <source>Co-financing (USD)</source>
        <translation>Софинансирование (USD)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="273"/>
        <source>Co-financing source</source>
        <translation>Источник софинансирования</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="275"/>
        <source>Quantity</source>
        <translation>Объём</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="276"/>
        <source>Unit</source>
        <translation>Единица</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="277"/>
        <source>Minerals</source>
        <translation>Минералы</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="278"/>
        <source>Locations</source>
        <translation>Места</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="282"/>
        <source>Part of</source>
        <translation>Входит в</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="286"/>
        <source>Agreement</source>
        <translation>Соглашение</translation>
    </message>
</context>
<context>
    <name>help</name>
    <message>
        <location filename="../../forge_desktop/ui/help_text.py" line="11"/>
        <source>
&lt;h3&gt;Finding your way&lt;/h3&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;Tables&lt;/b&gt;: Participants, Agreements, Financing (Ctrl+1…3, Ctrl+Tab for the next).&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Search&lt;/b&gt; (Ctrl+F): English or Russian, any case; every word must match. Esc clears it.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Sort&lt;/b&gt;: click a column header; click again to reverse; Ctrl+click adds a second key.
Right-click a header to show or hide columns.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Filter&lt;/b&gt;: pick a column, an operator and a value (&lt;code&gt;100M&lt;/code&gt;, &lt;code&gt;EXIM, DFC&lt;/code&gt;,
&lt;code&gt;2025-10 and 2025-12&lt;/code&gt;) and press Enter. Tick &lt;i&gt;or&lt;/i&gt; to join it to the previous filter as an OR group.
Click a chip to remove it.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Facets&lt;/b&gt; (left): click a value to keep only it, Ctrl+click for several. Counts are what
you would get.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Detail&lt;/b&gt; (right): the whole record, its Russian source sentence and related records.
Enter jumps there; Alt+Left / Alt+Right go back and forward.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Copy&lt;/b&gt;: Ctrl+C copies the selected rows as TSV, ready to paste into a spreadsheet.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Export&lt;/b&gt; (Ctrl+E): the selected rows, the filtered rows or the whole table, as CSV, XLSX or
JSON, with the columns on screen.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Import&lt;/b&gt; (Ctrl+I): every row is checked and previewed first; a file with any error imports
nothing. An agency, instrument or stage not seen before must be ticked as new (a typo should not
become a category). Edit → Undo last import removes exactly what it added.&lt;/li&gt;
&lt;/ul&gt;
&lt;h3&gt;Reading the money&lt;/h3&gt;
&lt;p&gt;Totals never double count: an aggregate (Σ, italic) such as EXIM&apos;s $14.8B of letters of
interest is counted through its listed parts. Records without a dollar amount (action plans,
a copper offtake) are counted, not summed. Co-financing is private or other public money,
never part of the US commitment. A letter of interest or a funding opportunity is not a loan:
look at &lt;i&gt;Stage&lt;/i&gt;.&lt;/p&gt;
</source>
        <translation>
&lt;h3&gt;Как ориентироваться&lt;/h3&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;Таблицы&lt;/b&gt;: «Участники», «Соглашения», «Финансирование» (Ctrl+1…3, Ctrl+Tab — следующая).&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Поиск&lt;/b&gt; (Ctrl+F): на английском или русском, без учёта регистра; должно совпасть каждое слово. Esc очищает поиск.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Сортировка&lt;/b&gt;: щёлкните заголовок столбца; повторный щелчок меняет порядок; Ctrl+click добавляет второй ключ.
Щелчок правой кнопкой по заголовку позволяет показать или скрыть столбцы.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Фильтр&lt;/b&gt;: выберите столбец, оператор и значение (&lt;code&gt;100M&lt;/code&gt;, &lt;code&gt;EXIM, DFC&lt;/code&gt;,
&lt;code&gt;2025-10 and 2025-12&lt;/code&gt;) и нажмите Enter. Отметьте &lt;i&gt;или&lt;/i&gt;, чтобы объединить условие с предыдущим фильтром в группу ИЛИ.
Щёлкните по метке фильтра, чтобы удалить его.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Фильтры по значениям&lt;/b&gt; (слева): щёлкните значение, чтобы оставить только его, Ctrl+click — чтобы выбрать несколько. Числа
показывают, сколько строк останется.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Подробности&lt;/b&gt; (справа): вся запись, её исходная фраза на русском языке и связанные записи.
Enter переводит туда фокус; Alt+Left / Alt+Right — назад и вперёд.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Копирование&lt;/b&gt;: Ctrl+C копирует выделенные строки в формате TSV, готовом для вставки в электронную таблицу.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Экспорт&lt;/b&gt; (Ctrl+E): выделенные строки, отфильтрованные строки или вся таблица в формате CSV, XLSX или
JSON, со столбцами, показанными на экране.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Импорт&lt;/b&gt; (Ctrl+I): каждая строка сначала проверяется и показывается для просмотра; файл хотя бы с одной ошибкой
не импортируется вовсе. Ранее не встречавшиеся ведомство, инструмент или стадию нужно отметить как новые (опечатка не должна
превратиться в категорию). Правка → Отменить последний импорт удаляет ровно то, что было добавлено.&lt;/li&gt;
&lt;/ul&gt;
&lt;h3&gt;Как читать суммы&lt;/h3&gt;
&lt;p&gt;Итоги никогда не учитывают одно и то же дважды: сводная запись (Σ, курсив), например письма о заинтересованности EXIM
на 14,8 млрд долларов, учитывается через перечисленные в ней части. Записи без суммы в долларах (планы действий,
офтейк-соглашение по меди) учитываются в количестве, но не суммируются. Софинансирование — это частные или иные государственные средства,
которые никогда не входят в обязательства США. Письмо о заинтересованности или объявление о приёме заявок на финансирование — не кредит:
смотрите столбец &lt;i&gt;Стадия&lt;/i&gt;.&lt;/p&gt;
</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/ui/help_text.py" line="42"/>
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
    <name>records</name>
    <message>
        <location filename="../../forge_desktop/core/records.py" line="121"/>
        <source>Agreements with {0}</source>
        <translation>Соглашения, где участвует {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/records.py" line="124"/>
        <source>Financing located in {0}</source>
        <translation>Финансирование по месту: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/records.py" line="132"/>
        <source>Organisation</source>
        <translation>Организация</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/records.py" line="133"/>
        <source>Country · {0}</source>
        <translation>Страна · {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/records.py" line="149"/>
        <source>Commitment {0}</source>
        <translation>Обязательство {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/records.py" line="153"/>
        <source>aggregate of {0} (not itemised)</source>
        <translation>сводная запись, позиций: {0} (без детализации)</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/records.py" line="161"/>
        <source>Part of the aggregate {0}</source>
        <translation>Часть сводной записи {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/records.py" line="165"/>
        <source>Its parts</source>
        <translation>Её части</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/records.py" line="168"/>
        <source>All {0} records</source>
        <translation>Все записи {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/records.py" line="172"/>
        <source>The agreement</source>
        <translation>Соглашение</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/records.py" line="182"/>
        <source>Participant: {0}</source>
        <translation>Участник: {0}</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/records.py" line="185"/>
        <source>no dollar amount</source>
        <translation>без суммы в долларах</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/records.py" line="188"/>
        <source>aggregate: totals count its parts instead</source>
        <translation>сводная запись: в итогах вместо неё учитываются её части</translation>
    </message>
</context>
<context>
    <name>tables</name>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="210"/>
        <source>Participants</source>
        <translation>Участники</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="229"/>
        <source>Agreements</source>
        <translation>Соглашения</translation>
    </message>
    <message>
        <location filename="../../forge_desktop/core/columns.py" line="252"/>
        <source>Financing</source>
        <translation>Финансирование</translation>
    </message>
</context>
</TS>
