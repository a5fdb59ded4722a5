"""Places written in Russian: an import may name a country as the Russian reader does
("Чили"), a country the import adds gets its Russian name, and the search finds it in Russian."""

from __future__ import annotations

from sqlalchemy.orm import Session

from forge_desktop.core.query import Query, fetch
from forge_desktop.core.schema import Location

from .conftest import financing, import_file, stored, stored_financing, write_csv


def test_a_country_named_in_russian_imports_and_is_found_in_russian(engine, tmp_path):
    path = write_csv(tmp_path / "ru.csv", [
        financing("ru-chile", locations="Чили", recipient="Codelco lithium"),
        financing("ru-korea", locations="Республика Корея; Теннесси", recipient="Korea Zinc II"),
        financing("ru-korea-common", locations="Южная Корея", recipient="Korea Zinc III"),
    ])
    result = import_file(engine, "financing", path)
    assert result.records == 3
    chile = stored(engine, Location, "CHL")
    assert (chile.name, chile.name_ru) == ("Chile", "Чили")
    assert stored_financing(engine, "ru-chile")["locations"] == ["Chile"]
    assert set(stored_financing(engine, "ru-korea")["locations"]) == {"Republic of Korea", "Tennessee"}
    assert stored_financing(engine, "ru-korea-common")["locations"] == ["Republic of Korea"]
    with Session(engine) as s:
        found = fetch(s, Query("financing", search="чили"))
        ids = {row[[c.name for c in found.columns].index("id")] for row in found.rows}
    assert ids == {"ru-chile"}
