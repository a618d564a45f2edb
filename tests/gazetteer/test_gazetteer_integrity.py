"""Integrity of the curated gazetteer: ids, references, sources, terms of office, aliases, spot checks."""

from __future__ import annotations

import csv
import io
import re
import shutil
from collections import defaultdict
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest

from kg import gazetteer
from kg.gazetteer import ENTITY_TYPES, Gazetteer, fold, load_gazetteer

DATA = Path(gazetteer.__file__).parent / "data"
FILES = ("states.csv", "regions.csv", "organizations.csv", "people.csv", "terms.csv", "treaties.csv",
         "ambiguous_aliases.csv")
ENTITY_FILES = ("states.csv", "regions.csv", "organizations.csv", "people.csv", "treaties.csv")
QID = re.compile(r"^Q[1-9][0-9]*$")
SNAKE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")


def rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


# --------------------------------------------------------------------------- ids and sources


def test_gazetteer_ids_unique_across_files() -> None:
    seen: dict[str, str] = {}
    clashes = []
    for name in ENTITY_FILES:
        for row in rows(name):
            if row["id"] in seen:
                clashes.append(f"{row['id']} in {seen[row['id']]} and {name}")
            seen[row["id"]] = name
    assert clashes == []


@pytest.mark.parametrize("name", ENTITY_FILES)
def test_gazetteer_ids_are_snake_case_ascii(name: str) -> None:
    assert [r["id"] for r in rows(name) if not SNAKE.match(r["id"])] == []


@pytest.mark.parametrize("name", ENTITY_FILES)
def test_gazetteer_wikidata_ids_are_valid_or_empty(name: str) -> None:
    assert [r["wikidata"] for r in rows(name) if r["wikidata"] and not QID.match(r["wikidata"])] == []


def test_gazetteer_wikidata_ids_unique_per_entity(gaz: Gazetteer) -> None:
    owners: dict[str, list[str]] = defaultdict(list)
    for entry in gaz.entries.values():
        if entry.wikidata:
            owners[entry.wikidata].append(entry.id)
    assert {q: ids for q, ids in owners.items() if len(ids) > 1} == {}


@pytest.mark.parametrize("name", FILES)
def test_gazetteer_every_row_has_a_source(name: str) -> None:
    data = rows(name)
    assert data, f"{name} has no rows"
    assert [i + 2 for i, r in enumerate(data) if not (r.get("source") or "").strip()] == []


@pytest.mark.parametrize("name", FILES)
def test_gazetteer_rows_have_every_column(name: str) -> None:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        table = list(csv.reader(fh))
    width = len(table[0])
    assert [i + 1 for i, r in enumerate(table) if r and len(r) != width] == []


def test_gazetteer_every_entity_type_is_present(gaz: Gazetteer) -> None:
    assert {e.type for e in gaz.entries.values()} == set(ENTITY_TYPES)


# --------------------------------------------------------------------------- references


def test_gazetteer_capitals_are_capital_regions_of_their_state(gaz: Gazetteer) -> None:
    wrong = []
    for row in rows("states.csv"):
        if row["status"] == "former" and not row["capital"]:
            continue  # a dissolved state's capital belongs to its successor now
        capital = gaz.get(row["capital"])
        if capital is None or capital.type != "Region" or capital.kind != "capital" or capital.parent != row["id"]:
            wrong.append((row["id"], row["capital"]))
        elif gaz.capital_of(row["id"]) != row["capital"]:
            wrong.append((row["id"], gaz.capital_of(row["id"])))
    assert wrong == []


def test_gazetteer_every_capital_region_belongs_to_one_state(gaz: Gazetteer) -> None:
    capitals = [e.id for e in gaz.entries.values() if e.type == "Region" and e.kind == "capital"]
    used = [r["capital"] for r in rows("states.csv") if r["capital"]]
    assert sorted(capitals) == sorted(used)


@pytest.mark.parametrize("name", ["regions.csv", "organizations.csv"])
def test_gazetteer_parents_resolve(gaz: Gazetteer, name: str) -> None:
    dangling = [(r["id"], r["parent"]) for r in rows(name) if r["parent"] and gaz.get(r["parent"]) is None]
    assert dangling == []


def test_gazetteer_parents_have_no_cycles(gaz: Gazetteer) -> None:
    for entry in gaz.entries.values():
        seen = {entry.id}
        parent = entry.parent
        while parent is not None:
            assert parent not in seen, f"parent cycle through {entry.id}"
            seen.add(parent)
            parent = gaz.entries[parent].parent


def test_gazetteer_term_people_and_holders_resolve(gaz: Gazetteer) -> None:
    bad = []
    for row in rows("terms.csv"):
        person, holder = gaz.get(row["person"]), gaz.get(row["of"])
        if person is None or person.type != "Leader" or holder is None or holder.type not in {"State", "Organization"}:
            bad.append((row["person"], row["of"]))
    assert bad == []


def test_gazetteer_treaty_parties_resolve(gaz: Gazetteer) -> None:
    bad = [(t.id, p) for t in gaz.entries.values() if t.type == "Treaty" for p in t.parties
           if gaz.get(p) is None or gaz.entries[p].type not in {"State", "Organization"}]
    assert bad == []


def test_gazetteer_ambiguous_defaults_resolve(gaz: Gazetteer) -> None:
    for row in rows("ambiguous_aliases.csv"):
        default = gaz.get(row["default"])
        assert default is not None and default.type == row["type"], row


# --------------------------------------------------------------------------- terms of office


def test_gazetteer_terms_ordered_by_person_then_start() -> None:
    keys = [(r["person"], r["start"]) for r in rows("terms.csv")]
    assert keys == sorted(keys)


def test_gazetteer_terms_start_before_end(gaz: Gazetteer) -> None:
    assert [t for t in gaz.terms if t.end is not None and not t.start < t.end] == []


def test_gazetteer_terms_do_not_overlap_for_one_office(gaz: Gazetteer) -> None:
    by_key = defaultdict(list)
    for term in gaz.terms:
        by_key[(term.person, term.office, term.of)].append(term)
    overlaps = []
    for key, terms in by_key.items():
        terms.sort(key=lambda t: t.start)
        for before, after in pairwise(terms):
            if before.end is None or after.start < before.end:
                overlaps.append(key)
    assert overlaps == []


def test_gazetteer_offices_include_common_titles(gaz: Gazetteer) -> None:
    assert {"President", "Prime Minister", "Chancellor", "Supreme Leader", "Foreign Minister", "Defence Minister",
            "Secretary of State", "Secretary of Defense", "Defense Secretary", "Foreign Secretary",
            "Secretary-General", "High Representative", "General Secretary", "Vice President",
            "King", "Crown Prince"} <= gaz.offices()


@pytest.mark.parametrize(
    ("of", "day", "role", "expected"),
    [
        ("united_states", date(2019, 6, 1), "head_of_state", "donald_trump"),
        ("united_states", date(2025, 4, 29), "head_of_state", "donald_trump"),
        ("united_states", date(2022, 6, 1), "head_of_state", "joe_biden"),
        ("united_kingdom", date(2021, 1, 1), "head_of_government", "boris_johnson"),
        ("united_kingdom", date(2024, 1, 1), "head_of_government", "rishi_sunak"),
        ("russia", date(2024, 6, 19), "head_of_state", "vladimir_putin"),
        ("north_korea", date(2024, 6, 19), "head_of_state", "kim_jong_un"),
        ("russia", date(2023, 1, 1), "defence_minister", "sergei_shoigu"),
        ("russia", date(2024, 11, 1), "defence_minister", "andrei_belousov"),
        ("ukraine", date(2022, 3, 1), "head_of_state", "volodymyr_zelenskyy"),
        ("ukraine", date(2022, 3, 1), "foreign_minister", "dmytro_kuleba"),
        ("china", date(2023, 5, 1), "foreign_minister", "qin_gang"),
        ("south_korea", date(2023, 1, 1), "head_of_state", "yoon_suk_yeol"),
        ("united_nations", date(2016, 6, 1), "org_head", "ban_ki_moon"),
        ("united_nations", date(2020, 6, 1), "org_head", "antonio_guterres"),
        ("nato", date(2020, 6, 1), "org_head", "jens_stoltenberg"),
        ("nato", date(2025, 1, 1), "org_head", "mark_rutte"),
        ("lebanon", date(2020, 1, 1), "head_of_state", "michel_aoun"),
        ("lebanon", date(2025, 6, 1), "head_of_state", "joseph_aoun"),
    ],
)
def test_gazetteer_holders_on_a_day(gaz: Gazetteer, of: str, day: date, role: str, expected: str) -> None:
    assert expected in {t.person for t in gaz.holders(of, day, role)}


def test_gazetteer_trump_not_president_in_2022(gaz: Gazetteer) -> None:
    assert {t.person for t in gaz.holders("united_states", date(2022, 6, 1), "head_of_state")} == {"joe_biden"}


def test_gazetteer_boris_johnson_head_of_government_only_while_in_office(gaz: Gazetteer) -> None:
    def heads(day: date) -> set[str]:
        return {t.person for t in gaz.holders("united_kingdom", day, "head_of_government")}

    assert heads(date(2021, 1, 1)) == {"boris_johnson"}
    assert "boris_johnson" not in heads(date(2024, 1, 1))


def test_gazetteer_term_end_is_exclusive(gaz: Gazetteer) -> None:
    handover = date(2021, 1, 20)
    assert {t.person for t in gaz.holders("united_states", handover, "head_of_state")} == {"joe_biden"}


def test_gazetteer_terms_of_orders_by_start(gaz: Gazetteer) -> None:
    terms = gaz.terms_of("donald_trump")
    assert [t.start for t in terms] == sorted(t.start for t in terms)
    assert {t.start.year for t in terms if t.office == "President"} == {2017, 2025}


def test_gazetteer_multi_title_office_cell_gives_one_term_per_title(gaz: Gazetteer) -> None:
    titles = {t.office for t in gaz.terms_of("lloyd_austin")}
    assert {"Secretary of Defense", "Defense Secretary"} <= titles


# --------------------------------------------------------------------------- states


def test_gazetteer_has_the_193_un_members() -> None:
    status = [r["status"] for r in rows("states.csv")]
    assert status.count("un_member") == 193


@pytest.mark.parametrize(
    ("state", "status"),
    [("taiwan", "non_member"), ("kosovo", "non_member"), ("palestine", "un_observer"), ("holy_see", "un_observer")],
)
def test_gazetteer_has_observers_and_non_members(gaz: Gazetteer, state: str, status: str) -> None:
    entry = gaz.get(state)
    assert entry is not None and entry.type == "State" and entry.kind == status


def test_gazetteer_states_have_iso_codes() -> None:
    assert [r["id"] for r in rows("states.csv") if not (len(r["iso2"]) == 2 and len(r["iso3"]) == 3)] == []


def test_gazetteer_states_csv_up_to_date_with_pycountry() -> None:
    pytest.importorskip("pycountry")
    from kg.gazetteer.build_states import refresh

    text = (DATA / "states.csv").read_text(encoding="utf-8")
    assert refresh(text) == text


# --------------------------------------------------------------------------- aliases


def test_gazetteer_same_type_alias_collisions_are_listed(gaz: Gazetteer) -> None:
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for alias in gaz.aliases:
        owners[(fold(alias.text), gaz.entries[alias.entity_id].type)].add(alias.entity_id)
    unlisted = {key: ids for key, ids in owners.items() if len(ids) > 1 and key not in gaz.ambiguous}
    assert unlisted == {}
    for key, default in gaz.ambiguous.items():
        assert default in owners.get(key, {default}), key


def test_gazetteer_every_entry_has_its_label_as_alias(gaz: Gazetteer) -> None:
    labelled = {(a.entity_id, a.text) for a in gaz.aliases if a.role == "label"}
    assert [e.id for e in gaz.entries.values() if (e.id, e.label) not in labelled] == []


def test_gazetteer_alias_roles_are_known(gaz: Gazetteer) -> None:
    assert {a.role for a in gaz.aliases} <= {"label", "alias", "abbreviation", "demonym", "capital", "seat"}


@pytest.mark.parametrize(
    ("text", "entity", "role"),
    [
        ("DPRK", "north_korea", "abbreviation"),
        ("U.S.", "united_states", "abbreviation"),
        ("Kremlin", "russia", "seat"),
        ("White House", "united_states", "seat"),
        ("Downing Street", "united_kingdom", "seat"),
        ("Pyongyang", "north_korea", "capital"),
        ("Kiev", "ukraine", "capital"),
        ("North Korean", "north_korea", "demonym"),
        ("Emirati", "united_arab_emirates", "demonym"),
        ("Türkiye", "turkey", "alias"),
        ("UNSC", "un_security_council", "abbreviation"),
        ("State Department", "us_department_of_state", "alias"),
        ("Pentagon", "us_department_of_defense", "alias"),
        ("Kim Jong-un", "kim_jong_un", "alias"),
        ("Kursk region", "kursk_oblast", "alias"),
        ("Odessa", "odesa", "alias"),
        ("JCPOA", "jcpoa", "abbreviation"),
    ],
)
def test_gazetteer_alias_spot_checks(gaz: Gazetteer, text: str, entity: str, role: str) -> None:
    assert any(a.text == text and a.entity_id == entity and a.role == role for a in gaz.aliases)


def test_gazetteer_capital_of(gaz: Gazetteer) -> None:
    assert gaz.capital_of("north_korea") == "pyongyang"
    assert gaz.capital_of("ukraine") == "kyiv"
    assert gaz.capital_of("no_such_state") is None


def test_gazetteer_dangerous_bare_words_are_not_aliases(gaz: Gazetteer) -> None:
    folded = {fold(a.text) for a in gaz.aliases}
    assert {"the north", "the south", "the alliance", "foreign ministry", "korea"} & folded == set()


@pytest.mark.parametrize(
    ("left", "right"),
    [("Aleksandar Vučić", "aleksandar vucic"), ("U.S.", "US"), ("Sana’a", "Sana'a"), ("  Kim   Jong Un ", "kim jong un"),
     ("Bab el-Mandeb", "bab elmandeb")],
)
def test_gazetteer_fold_equates_variants(left: str, right: str) -> None:
    assert fold(left) == fold(right)


# --------------------------------------------------------------------------- malformed data


@pytest.mark.parametrize(
    ("name", "bad_line", "message"),
    [
        ("regions.csv", "bad_region,Bad Region,,capital,nowhere,,a source\n", "not an id in any data file"),
        ("regions.csv", "bad_region,Bad Region,Q0,city,,,a source\n", "wikidata"),
        ("organizations.csv", "bad_org,Bad Org,,club,,,a source\n", "kind"),
        ("people.csv", "bad_person,Bad Person,,,\n", "source"),
        ("people.csv", "Bad Person,Bad Person,,,a source\n", "snake_case"),
        ("terms.csv", "vladimir_putin,President,head_of_state,russia,2024-13-01,,a source\n", "start"),
        ("terms.csv", "vladimir_putin,President,head_of_state,russia,2024-01-01,2023-01-01,a source\n", "not after"),
        ("treaties.csv", "bad_treaty,Bad Treaty,,mars,,,a source\n", "party"),
        ("states.csv", "bad_state,Bad State,,,,,,,,\n", "cells"),
    ],
)
def test_gazetteer_malformed_row_raises_with_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, bad_line: str, message: str
) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    path = data / name
    text = path.read_text(encoding="utf-8")
    path.write_text(text + bad_line, encoding="utf-8")
    line = text.count("\n") + 1
    monkeypatch.setattr(gazetteer.resources, "files", lambda _package: tmp_path)
    with pytest.raises(ValueError) as excinfo:
        gazetteer._load()
    assert name in str(excinfo.value) and f"line {line}" in str(excinfo.value)
    assert message in str(excinfo.value)


def test_gazetteer_loads_from_a_copy_unchanged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(DATA, tmp_path / "data")
    monkeypatch.setattr(gazetteer.resources, "files", lambda _package: tmp_path)
    copy = gazetteer._load()
    assert len(copy.entries) == len(load_gazetteer().entries)


def test_gazetteer_csv_files_are_utf8_with_source_column() -> None:
    for file in FILES:
        text = (DATA / file).read_text(encoding="utf-8")
        header = next(csv.reader(io.StringIO(text)))
        assert header and header[-1] == "source", file
