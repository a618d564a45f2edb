import pytest

from kg.clean import clean_text


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("error: Content is protected !!", id="copy-protection"),
        pytest.param("Exit mobile version", id="amp"),
        pytest.param("- Trusted Partner -", id="decorated-label"),
        pytest.param("Advertisement", id="ad"),
        pytest.param("Share this article", id="share"),
        pytest.param("Home › World › Asia", id="breadcrumb"),
        pytest.param("Read more: Ceasefire talks stall", id="read-more"),
    ],
)
def test_clean_drops_page_furniture(line: str) -> None:
    text = f"Troops crossed the border on Monday.\n{line}\nOfficials confirmed it."
    cleaned = clean_text(text)
    assert line not in cleaned
    assert len(cleaned) == len(text)  # offsets into the document stay valid
    assert "Troops crossed the border on Monday." in cleaned
    assert "Officials confirmed it." in cleaned


def test_clean_drops_truncated_breadcrumb_copy_of_headline() -> None:
    text = "Home World Ceasefire Collapses As Border Clashes Resume, Talks...\nCeasefire Collapses As Border Clashes Resume, Talks Suspended\nBody."
    cleaned = clean_text(text)
    assert "Home World" not in cleaned
    assert "Ceasefire Collapses As Border Clashes Resume, Talks Suspended" in cleaned


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("Troops Deployed Under New Pact", id="headline"),
        pytest.param("Home guard units were mobilised across the region.", id="sentence-starting-home"),
        pytest.param("Share prices fell after the strike.", id="sentence-starting-share"),
    ],
)
def test_clean_keeps_article_lines(line: str) -> None:
    assert line in clean_text(f"{line}\nMore text.")
