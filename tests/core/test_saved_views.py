"""Saved views: the file (round trip, rename, delete, export and import, broken files),
reading a view against today's columns, and ``--view`` on the command line.

The command line runs in-process through ``forge_desktop.__main__.main(argv)`` with the
``forge`` fixture of ``test_cli``; the views file is the one the window writes (the user's
config folder, isolated per test by the autouse fixture in ``tests/conftest.py``).
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

from forge_desktop.core import saved_views
from forge_desktop.core.query import AnyOf, Condition, Op, Query, SortKey
from forge_desktop.core.saved_views import SavedView, SavedViewError, ViewStore, fit

from . import test_cli
from .test_cli import ok

DOD_QUERY = Query("financing", (Condition("agency", Op.EQ, "DOD"),), "",
                  (SortKey("amount_usd", True),), columns=("id", "amount_usd"))
DOD_AMOUNTS = [2_400_000_000, 1_250_000_000, 620_000_000, 150_000_000, 150_000_000, 93_000_000,
               80_000_000, 35_000_000]

forge = test_cli.forge  # the command line in-process, with its own data folder (a fixture)


@pytest.fixture
def store(tmp_path) -> ViewStore:
    return ViewStore(tmp_path / "config" / "views.json")


def test_a_view_round_trips_through_the_file_whole(store):
    query = Query("financing", (
        AnyOf((Condition("stage", Op.EQ, "funded"), Condition("agency", Op.EQ, "DFC"))),
        Condition("recipient", Op.IN, ("Korea Zinc, Inc.", "MP Materials")),
        Condition("date", Op.BETWEEN, ("2025-10", "2025-12")),
        Condition("cofinancing_usd", Op.NOTEMPTY)),
        "МОНГОЛИЯ", (SortKey("agency"), SortKey("amount_usd", True)),
        columns=("recipient", "amount_usd", "agency"))
    view = SavedView.of("  Big   funded ones ", query, [("minerals", ["lithium", "rare earths"])])
    store.save(view)

    again = ViewStore(store.path).load().find("big FUNDED ones")  # any case finds it
    assert again == view and again.name == "Big funded ones"
    fitted = fit(again)
    assert fitted.left_out == ()
    assert fitted.query() == Query(
        "financing", (*query.filters, Condition("minerals", Op.IN, ("lithium", "rare earths"))),
        query.search, query.sort, columns=query.columns)


def test_the_file_keeps_filters_and_sort_keys_in_their_text_form(store):
    store.save(SavedView.of("dod", DOD_QUERY))
    data = json.loads(store.path.read_text(encoding="utf-8"))
    assert data["views"] == [{"name": "dod", "table": "financing", "filters": ["agency = DOD"],
                              "facets": {}, "search": "", "sort": ["-amount_usd"],
                              "columns": ["id", "amount_usd"]}]


def test_saving_a_name_again_replaces_it_in_place(store):
    for name in ("b", "a", "c"):
        store.save(SavedView(name, "financing"))
    store.save(SavedView("A", "agreements", search="mexico"))
    found = store.load()
    assert found.names == ("b", "A", "c")
    assert found.find("a").table == "agreements"


def test_rename_and_delete(store):
    store.save(SavedView("first", "financing"))
    store.save(SavedView("second", "participants"))
    assert store.rename("first", "  Renamed ").names == ("Renamed", "second")
    assert store.rename("renamed", "RENAMED").names == ("RENAMED", "second")  # its own case
    with pytest.raises(SavedViewError, match="a view named “second” exists already"):
        store.rename("RENAMED", "Second")
    with pytest.raises(SavedViewError, match="a view needs a name"):
        store.rename("RENAMED", "   ")
    assert store.delete("second").names == ("RENAMED",)
    assert ViewStore(store.path).load().names == ("RENAMED",)
    with pytest.raises(SavedViewError, match="unknown view “second”; the saved views: RENAMED"):
        store.delete("second")


def test_an_unknown_name_says_which_views_there_are(store):
    with pytest.raises(SavedViewError, match="no views are saved yet"):
        store.load().find("dod")
    store.save(SavedView("zinc", "financing"))
    store.save(SavedView("dod", "financing"))
    with pytest.raises(SavedViewError) as caught:
        store.load().find("doe")
    assert str(caught.value) == "unknown view “doe”; the saved views: zinc, dod"


def test_two_writers_never_lose_each_others_views(store):
    other_window = ViewStore(store.path)
    store.load()
    other_window.save(SavedView("theirs", "financing"))
    store.save(SavedView("mine", "financing"))
    assert ViewStore(store.path).load().names == ("theirs", "mine")


def test_a_failed_write_leaves_the_file_as_it_was(store, monkeypatch):
    store.save(SavedView("kept", "financing"))
    before = store.path.read_bytes()

    def broken(_views):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(saved_views, "_document", broken)
    with pytest.raises(SavedViewError, match="No space left on device"):
        store.save(SavedView("new", "financing"))
    assert store.path.read_bytes() == before
    assert sorted(p.name for p in store.path.parent.iterdir()) == ["views.json"]  # no temp file


def test_the_default_file_is_in_the_users_config_folder():
    config = Path(os.environ["XDG_CONFIG_HOME"])
    assert ViewStore().path == config / "forge-desktop" / "views.json"


def test_export_and_import_add_views_and_never_replace_one(store, tmp_path):
    store.save(SavedView.of("dod", DOD_QUERY))
    store.save(SavedView("mexico", "agreements", search="mexico"))
    shared = tmp_path / "shared.json"
    assert store.export_to(shared).names == ("dod", "mexico")

    colleague = ViewStore(tmp_path / "colleague" / "views.json")
    colleague.save(SavedView("mexico", "agreements", search="méxico"))  # another view, same name
    result = colleague.import_from(shared)
    assert result.added == ("dod",)
    assert result.renamed == (("mexico", "mexico (2)"),)
    assert colleague.load().find("mexico").search == "méxico"
    assert colleague.load().find("mexico (2)").search == "mexico"

    again = colleague.import_from(shared)  # the same file twice adds nothing
    assert (again.added, again.renamed, again.unchanged) == ((), (), ("dod", "mexico"))
    assert colleague.load().names == ("mexico", "dod", "mexico (2)")


def test_an_import_file_with_a_bad_entry_imports_nothing(store, tmp_path):
    store.save(SavedView("mine", "financing"))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"views": [{"name": "ok", "table": "financing"},
                                         {"name": "broken", "table": "financing",
                                          "filters": "agency = DOD"}]}), encoding="utf-8")
    with pytest.raises(SavedViewError, match="view “broken”, malformed; nothing was imported"):
        store.import_from(bad)
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(SavedViewError, match="not valid JSON"):
        store.import_from(bad)
    assert store.load().names == ("mine",)


def test_a_file_that_is_not_json_is_kept_aside_and_the_views_start_afresh(store):
    store.path.parent.mkdir(parents=True)
    store.path.write_text('{"views": [{"name": "dod", "table": "financing",}', encoding="utf-8")
    broken = store.path.read_bytes()

    found = store.load()
    assert found.views == ()
    assert found.repair is not None and found.repair.whole
    backup = store.path.with_name("views.json.broken")
    assert found.repair.backup == backup and backup.read_bytes() == broken
    assert "could not be read (not valid JSON" in found.repair.text()
    assert str(backup) in found.repair.text()

    assert store.load().repair is None  # said once
    store.save(SavedView("new", "financing"))
    assert backup.read_bytes() == broken  # a later save never touches it

    store.path.write_bytes(b"\xff\xfe not utf-8")
    again = store.load()
    assert again.repair is not None and again.repair.backup.name == "views.json.broken-2"
    assert backup.read_bytes() == broken


def test_a_file_with_one_bad_entry_keeps_the_others_and_a_copy_of_itself(store):
    store.path.parent.mkdir(parents=True)
    text = json.dumps({"views": [{"name": "good", "table": "financing", "search": "zinc"},
                                 {"name": "bad", "table": "financing", "sort": 5},
                                 {"table": "financing"},
                                 {"name": "GOOD", "table": "agreements"}]})
    store.path.write_text(text, encoding="utf-8")

    found = store.load()
    assert found.names == ("good",)
    assert found.repair is not None and not found.repair.whole
    assert found.repair.backup.read_text(encoding="utf-8") == text
    assert found.repair.text() == (
        "Some saved views could not be read (view “bad”, malformed; an entry without a name; "
        f"a second view “GOOD”) and were left out; the file as it was is kept as "
        f"{found.repair.backup}.")
    assert ViewStore(store.path).load() == saved_views.ViewsFile(found.views)  # repaired


def test_a_file_of_the_wrong_shape_is_kept_aside(store):
    store.path.parent.mkdir(parents=True)
    store.path.write_text('["dod"]', encoding="utf-8")
    found = store.load()
    assert found.views == () and found.repair is not None
    assert found.repair.detail == "no list of views in it"
    assert not store.path.exists()


def test_a_view_naming_columns_that_are_gone_applies_the_rest():
    view = SavedView("old", "financing",
                     filters=("agency = DOD", "tonnage > 5", "stage = funded or grade = high",
                              "amount_usd > lots"),
                     facets=(("minerals", ("lithium",)), ("recipient", ("x",))),
                     sort=("-tonnage", "-amount_usd"), columns=("id", "tonnage", "amount_usd"))
    fitted = fit(view)
    assert fitted.query() == Query("financing", (Condition("agency", Op.EQ, "DOD"),
                                                 Condition("minerals", Op.IN, ("lithium",))),
                                   "", (SortKey("amount_usd", True),), columns=("id", "amount_usd"))
    message = fitted.message()
    assert message.startswith("View “old”: left out the filter “tonnage > 5” (there is no column "
                              "tonnage any more); the filter “stage = funded or grade = high” "
                              "(there is no column grade any more); the filter “amount_usd > lots”")
    assert ("the choice in the recipient facet (there is no facet recipient any more); "
            "the sort by tonnage (there is no column tonnage any more); "
            "the column tonnage (there is no column tonnage any more); the rest is applied.") in message


def test_a_view_of_a_table_that_is_gone_cannot_apply():
    with pytest.raises(SavedViewError, match="is of the table contracts, which this version"):
        fit(SavedView("x", "contracts"))


# --------------------------------------------------------------------------- --view


def export_rows(result) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(ok(result), newline="")))


def test_export_view_applies_its_table_filters_sort_and_columns(forge):
    ViewStore().save(SavedView.of("DOD by size", DOD_QUERY))
    rows = export_rows(forge.run("export", "--view", "dod by size"))
    assert list(rows[0]) == ["id", "amount_usd"]
    assert [int(r["amount_usd"]) for r in rows] == DOD_AMOUNTS
    assert rows == export_rows(forge.run("export", "financing", "--view", "DOD by size"))


def test_where_adds_to_a_view_and_sort_and_columns_replace_its_own(forge):
    ViewStore().save(SavedView.of("dod", DOD_QUERY))
    rows = export_rows(forge.run("export", "--view", "dod", "--where", "amount_usd > 500e6"))
    assert [int(r["amount_usd"]) for r in rows] == DOD_AMOUNTS[:3]
    rows = export_rows(forge.run("export", "--view", "dod", "--sort", "amount_usd",
                                 "--columns", "recipient,amount_usd"))
    assert list(rows[0]) == ["recipient", "amount_usd"]
    assert [int(r["amount_usd"]) for r in rows] == DOD_AMOUNTS[::-1]


def test_a_views_facet_choices_and_search_apply_and_search_adds_words(forge):
    query = Query("financing", (Condition("agency", Op.EQ, "DOD"),), columns=("id",))
    ViewStore().save(SavedView.of("dod jamaica", query, [("locations", ["Jamaica"])]))
    assert ok(forge.run("export", "--view", "dod jamaica")) == '"id"\r\n"dod-atalco"\r\n'
    ViewStore().save(SavedView.of("zinc", Query("financing", search="korea", columns=("id",))))
    assert len(export_rows(forge.run("export", "--view", "zinc"))) == 3
    rows = export_rows(forge.run("export", "--view", "zinc", "--search", "investors"))
    assert [r["id"] for r in rows] == ["dod-korea-zinc-financing"]


def test_totals_view_counts_what_the_view_shows(forge):
    ViewStore().save(SavedView.of("dod", DOD_QUERY))
    ViewStore().save(SavedView("mexico agreements", "agreements", search="mexico"))
    by_view = json.loads(ok(forge.run("totals", "--view", "dod", "--format", "json")))
    by_hand = json.loads(ok(forge.run("totals", "--where", "agency = DOD", "--format", "json")))
    assert by_view == by_hand and by_view["records"] == 8
    agreements = json.loads(ok(forge.run("totals", "--view", "mexico agreements", "--by", "kind",
                                         "--format", "json")))
    assert agreements["records"] == 1  # the view's table, not financing


def test_chart_view_draws_what_the_view_shows(forge):
    ViewStore().save(SavedView.of("dod", DOD_QUERY))
    ok(forge.run("chart", "--view", "dod", "--format", "svg", "-o", "view.svg"))
    ok(forge.run("chart", "--where", "agency = DOD", "--format", "svg", "-o", "hand.svg"))
    ok(forge.run("chart", "--format", "svg", "-o", "all.svg"))
    view, hand, everything = ((forge.cwd / name).read_text(encoding="utf-8")
                              for name in ("view.svg", "hand.svg", "all.svg"))
    assert view == hand != everything


def test_a_view_of_another_table_is_refused_in_one_line(forge):
    ViewStore().save(SavedView("countries", "participants"))
    for args in (("export", "financing", "--view", "countries"),
                 ("chart", "--view", "countries", "-o", "c.png")):
        result = forge.run(*args)
        assert result.returncode == 2
        assert result.stderr.decode().splitlines() == [
            "forge-desktop: error: view “countries” shows participants, not financing"]
    assert not (forge.cwd / "c.png").exists()


def test_an_unknown_view_names_the_known_ones_and_exits_2(forge):
    for name in ("dod", "zinc"):
        ViewStore().save(SavedView(name, "financing"))
    result = forge.run("export", "--view", "doe")
    assert result.returncode == 2 and result.stdout == b""
    assert result.stderr.decode() == (
        "forge-desktop: error: unknown view “doe”; the saved views: dod, zinc\n")


def test_export_without_a_table_or_a_view_says_what_is_missing(forge):
    result = forge.run("export")
    assert result.returncode == 2
    assert "name the TABLE to export" in result.stderr.decode()


def test_a_view_from_an_older_version_warns_and_applies_the_rest(forge):
    ViewStore().save(SavedView("old", "financing", filters=("agency = DOD", "tonnage > 5"),
                               columns=("id", "tonnage")))
    result = forge.run("export", "--view", "old")
    assert ok(result).count("\r\n") == 9 and ok(result).startswith('"id"\r\n')
    assert result.stderr.decode() == (
        "forge-desktop: warning: View “old”: left out the filter “tonnage > 5” (there is no "
        "column tonnage any more); the column tonnage (there is no column tonnage any more); "
        "the rest is applied.\n")


def test_a_broken_views_file_is_one_message_and_kept_aside(forge):
    path = ViewStore().path
    path.parent.mkdir(parents=True)
    path.write_text("{oops", encoding="utf-8")
    result = forge.run("export", "--view", "dod")
    assert result.returncode == 2 and b"Traceback" not in result.stderr
    warning, error = result.stderr.decode().splitlines()
    assert warning.startswith("forge-desktop: warning: The saved views file could not be read "
                              "(not valid JSON")
    assert str(path.with_name("views.json.broken")) in warning
    assert error.startswith("forge-desktop: error: unknown view “dod”; no views are saved yet")
    assert path.with_name("views.json.broken").read_text(encoding="utf-8") == "{oops"
