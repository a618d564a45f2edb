from datetime import date
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import iter_paths, read_document

FIXTURES = Path(__file__).parent / "fixtures" / "articles"


def test_ingest_reads_plain_text_with_dateline() -> None:
    doc = read_document(FIXTURES / "golden.txt")
    assert doc.title == "Germany sends troops to Lithuania's Kaunas region"
    assert doc.published == date(2024, 3, 5)
    assert doc.media_type == "text/plain"
    assert len(doc.content_hash) == 64


def test_ingest_published_option_wins() -> None:
    assert read_document(FIXTURES / "golden.txt", published=date(2020, 1, 2)).published == date(2020, 1, 2)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        pytest.param("empty.txt", "empty.txt: is empty (remove it or give it the article text)", id="empty"),
        pytest.param(
            "binary.txt",
            "binary.txt: is not text (binary content or an unknown encoding) "
            "(give a UTF-8 text file or a saved HTML page)",
            id="binary",
        ),
        pytest.param("missing.txt", "missing.txt: does not exist (or vanished while reading)", id="missing"),
    ],
)
def test_ingest_rejects_with_file_and_fix(name: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        read_document(FIXTURES / name)
    assert str(err.value) == f"{FIXTURES / name}: " + message.split(": ", 1)[1]


def test_ingest_size_limit_names_the_option(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("Talks resumed. " * 100)
    with pytest.raises(InputError, match="over the 100-byte limit for one article.*--max-bytes"):
        read_document(big, max_bytes=100)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("latin1.txt", "Président", id="latin-1"),
        pytest.param("utf16.txt", "Japan protests North Korean missile launch", id="utf-16-bom"),
    ],
)
def test_ingest_decodes_other_encodings(name: str, expected: str) -> None:
    doc = read_document(FIXTURES / name)
    assert "\ufffd" not in doc.text
    assert expected in doc.text


def test_ingest_html_goes_through_boilerplate_removal() -> None:
    doc = read_document(FIXTURES / "broken.html")
    assert doc.media_type == "text/html"
    assert "alert(1)" not in doc.text


def test_ingest_walk_skips_gold_files_and_link_loops(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A.")
    (tmp_path / "a.gold.json").write_text("{}")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text("<p>B</p>")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    assert [p.relative_to(tmp_path).as_posix() for p in iter_paths([tmp_path])] == ["a.txt", "sub/b.html"]
