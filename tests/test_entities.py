"""Entity linking in our own words: names, places, titles, terms of office, treaties, coreference."""

from datetime import date

import pytest

from tests.conftest import extract_text, triples

STANDING = ("partOf", "locatedIn", "leaderOf", "partyTo", "alliedWith")


def _entities(text: str, published: date | None = date(2024, 6, 1)) -> set[tuple[str, str]]:
    return {(e.id, e.type) for e in extract_text(text, published).entities}


def _standing(text: str, published: date | None = date(2024, 6, 1)) -> set[tuple[str, str, str]]:
    return {t for t in triples(extract_text(text, published)) if t[1] in STANDING}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Talks were held in Moscow on Tuesday.", {("moscow", "Region")}, id="capital-after-in-is-a-place"),
        pytest.param("Moscow rejected the offer.", {("russia", "State")}, id="capital-as-subject-is-the-state"),
        pytest.param("The envoy flew on his way to Mexico City.", {("mexico_city", "Region")}, id="capital-after-motion-to"),
        pytest.param("Sweden faulted the government in Budapest.", {("sweden", "State"), ("hungary", "State")}, id="government-in-capital"),
        pytest.param("Japan and the Philippines held drills.", {("japan", "State"), ("philippines", "State")}, id="the-in-a-name"),
        pytest.param("Palestinian militant factions fired rockets.", set(), id="demonym-before-non-state-head"),
        pytest.param("Russian media praised the deal.", set(), id="demonym-media"),
        pytest.param("Hungary's military fleet grew.", {("hungary", "State")}, id="military-as-adjective"),
        pytest.param("Hungary's military said it was ready.", {("hungary", "State"), ("hungary_armed_forces", "Organization")}, id="military-as-institution"),
        pytest.param("Niger's junta closed the border.", {("niger", "State"), ("niger_junta", "Organization")}, id="ruling-body"),
        pytest.param("Wang Lei, a spokesman for China's Foreign Ministry, spoke.", {("wang_lei", "Person"), ("china", "State")}, id="appositive-spokesman"),
        pytest.param("The USSR collapsed.", {("soviet_union", "State")}, id="former-state"),
        pytest.param("President France met Spain.", {("france", "State"), ("spain", "State")}, id="title-before-a-state-is-no-person"),
        pytest.param("Gen. Hamas fired.", {("hamas", "Organization")}, id="title-before-a-group-is-no-person"),
        pytest.param("The Western Coastal Command moved ships.", {("western_coastal_command", "Organization")}, id="unknown-body-by-head-noun"),
        pytest.param("The Labour Party won.", set(), id="parties-are-not-bodies-of-state"),
        pytest.param("Naval Colonel Ana Ruiz spoke.", {("ana_ruiz", "Person")}, id="rank-title"),
        pytest.param("The President flew on his way to Pyongyang.", {("pyongyang", "Region")}, id="welcoming-to-capital"),
        pytest.param("Swedes and Hungarians voted.", {("sweden", "State"), ("hungary", "State")}, id="plural-people-nouns"),
        pytest.param("The Swedish vote passed.", {("sweden", "State")}, id="demonym-adjective"),
        pytest.param("Members of the Supreme Security Council met.", {("supreme_security_council", "Organization")},
                     id="known-name-inside-a-longer-unknown-one"),
        pytest.param("The UN Security Council met.", {("un_security_council", "Organization")}, id="known-name-whole"),
        pytest.param("Troops moved to Russia's Far East.", {("russian_far_east", "Region")}, id="state-possessive-for-demonym-place"),
        pytest.param("Troops moved to Russia’s Far East.", {("russian_far_east", "Region")}, id="state-possessive-typographic"),
        pytest.param("The People’s Liberation Army moved.", {("peoples_liberation_army", "Organization"), ("china", "State")}, id="typographic-apostrophe"),
    ],
)
def test_entities_linking_table(text: str, expected: set[tuple[str, str]]) -> None:
    assert _entities(text) == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        pytest.param("Russian president Vladimir Putin spoke.", date(2024, 6, 1),
                     {("vladimir_putin", "leaderOf", "russia")}, id="lower-case-title"),
        pytest.param("North Korea's leader, Kim Jong Un, spoke.", date(2024, 6, 1),
                     {("kim_jong_un", "leaderOf", "north_korea")}, id="possessive-title-comma"),
        pytest.param("Jim Mattis, the U.S. defense secretary, spoke.", date(2017, 9, 15),
                     {("jim_mattis", "leaderOf", "united_states")}, id="appositive-title"),
        pytest.param("Supreme Leader Ayatollah Ali Khamenei spoke in Iran.", date(2024, 4, 2),
                     {("ali_khamenei", "leaderOf", "iran")}, id="honorific-after-title"),
        pytest.param("Trump spoke about the United States.", date(2019, 5, 1),
                     {("donald_trump", "leaderOf", "united_states")}, id="incumbent-by-term"),
        pytest.param("Trump spoke about the United States.", date(2022, 5, 1),
                     set(), id="former-leader-not-leader-today"),
        pytest.param("Sanctions hit Olga Petrova, who heads Belarus's central bank.", date(2024, 6, 1),
                     {("olga_petrova", "leaderOf", "central_bank_of_belarus"), ("central_bank_of_belarus", "partOf", "belarus")},
                     id="who-heads-relative-clause"),
        pytest.param("Kofi Mensah, who is ECOWAS commissioner for trade, spoke.", date(2024, 6, 1),
                     {("kofi_mensah", "leaderOf", "ecowas")}, id="who-is-body-title"),
        pytest.param("The Eastern Sea Command, which is part of the People's Liberation Army, sailed.", date(2024, 6, 1),
                     {("eastern_sea_command", "partOf", "peoples_liberation_army"), ("peoples_liberation_army", "partOf", "china")},
                     id="part-of-clause"),
        pytest.param("The Pentagon said the drills would go on.", date(2024, 6, 1),
                     {("us_department_of_defense", "partOf", "united_states")}, id="seat-organ-partof-state"),
        pytest.param("Russia hosted talks in Moscow on Tuesday.", date(2024, 6, 1),
                     {("moscow", "locatedIn", "russia")}, id="capital-located-in-state"),
        pytest.param("Talks were held in Moscow on Tuesday.", date(2024, 6, 1),
                     set(), id="place-alone-brings-no-unnamed-state"),
    ],
)
def test_entities_standing_facts(text: str, published: date, expected: set[tuple[str, str, str]]) -> None:
    assert _standing(text, published) == expected


def test_entities_described_treaty_between_two_states_has_both_parties() -> None:
    found = _standing("Japan and the Philippines signed a defence pact on Monday.")
    treaty = "defence_pact_between_japan_and_philippines"
    assert found == {
        ("japan", "partyTo", treaty), ("philippines", "partyTo", treaty), ("japan", "alliedWith", "philippines"),
    }


def test_entities_a_new_pact_that_was_signed_is_a_treaty() -> None:
    found = _standing("Japan and the Philippines signed a new defence pact on Monday.")
    treaty = "defence_pact_between_japan_and_philippines"
    assert ("japan", "partyTo", treaty) in found and ("philippines", "partyTo", treaty) in found


def test_entities_described_treaty_links_the_curated_one_by_parties_and_year() -> None:
    assert _standing("Egypt and Israel signed a peace treaty in 1979.") == {
        ("egypt", "partyTo", "egypt_israel_peace_treaty"), ("israel", "partyTo", "egypt_israel_peace_treaty"),
    }


def test_entities_pact_with_a_former_state_is_not_a_standing_alliance() -> None:
    found = _standing("North Korea and the Soviet Union concluded a friendship and mutual assistance treaty in 1961.")
    assert found == {
        ("north_korea", "partyTo", "soviet_north_korean_treaty"), ("soviet_union", "partyTo", "soviet_north_korean_treaty"),
    }


def test_entities_sought_agreement_is_no_treaty() -> None:
    text = "Turkey is trying to broker a peace agreement between Armenia and Azerbaijan."
    assert {t for _, t in _entities(text)} == {"State"}


def test_entities_description_without_parties_takes_the_treaty_of_the_most_named_states() -> None:
    text = (
        "Russia and North Korea held talks. Russia praised North Korea. "
        "Under a mutual defence agreement, troops were sent. South Korea and the United States watched."
    )
    assert ("russia", "partyTo", "russia_north_korea_treaty") in _standing(text, date(2025, 1, 1))
    # a treaty signed after the article was published cannot be the one it describes
    assert ("russia", "partyTo", "russia_north_korea_treaty") not in _standing(text, date(2024, 1, 1))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Israel denied the report, although it has repeatedly attacked Hezbollah.",
                     {("israel", "attacks", "hezbollah")}, id="it-after-the-one-actor"),
        pytest.param("Iran and Iraq signed the plan. Officials said it would punish Kuwait.", set(), id="it-with-two-candidates"),
    ],
)
def test_entities_pronoun_it(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert {t for t in triples(extract_text(text)) if t[1] not in STANDING} == expected


def test_entities_group_anaphor_names_each_member() -> None:
    extraction = extract_text("Greece and Turkey held talks. The two countries condemned Syria.")
    assert [m.entity_id for m in extraction.mentions if m.role == "coref"] == ["greece", "turkey"]
    assert triples(extraction) == {("greece", "condemns", "syria"), ("turkey", "condemns", "syria")}


@pytest.mark.parametrize(
    ("text", "target"),
    [
        pytest.param("Iran criticised Israel. Later the country said it would respond.", "iran", id="topic-over-latest"),
        pytest.param("The US called on Iran. The US then urged the country to stop.", "iran", id="not-its-clause-subject"),
        pytest.param("ECOWAS met in Abuja. The regional bloc warned Niger.", "ecowas", id="adjective-bloc"),
    ],
)
def test_entities_anaphora(text: str, target: str) -> None:
    extraction = extract_text(text)
    resolved = [m.entity_id for m in extraction.mentions if m.text.lower().startswith("the ") and m.role == "coref"]
    assert resolved == [target]
