import os
import struct
import zlib
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import MAX_PARAGRAPH_CHARS, document_from_text, iter_paths, read_document

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
            "binary.txt: is a PNG image, not text "
            "(give a UTF-8 text file or a saved HTML page; convert other formats to text first)",
            id="binary",
        ),
        pytest.param(
            "missing.txt", "missing.txt: does not exist (or vanished while reading) (check the path)", id="missing"
        ),
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


# -- hostile files: each is rejected with one message naming the file, the reason and the fix ----------

NOT_TEXT_FIX = "(give a UTF-8 text file or a saved HTML page; convert other formats to text first)"


def png_bytes() -> bytes:
    """A real 8x8 greyscale PNG: signature, IHDR, IDAT, IEND with their CRCs."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    pixels = b"".join(b"\x00" + bytes((x * 31 + y * 7) % 256 for x in range(8)) for y in range(8))
    header = struct.pack(">IIBBBBB", 8, 8, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(pixels)) + chunk(b"IEND", b"")


# An uncompressed one-page PDF: all ASCII, so only its signature tells it from text.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /Contents 4 0 R >> endobj\n"
    b"4 0 obj << /Length 52 >> stream\nBT /F1 12 Tf 72 712 Td (Chile condemned Peru today.) Tj ET\n"
    b"endstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        pytest.param(png_bytes(), "is a PNG image, not text", id="png"),
        pytest.param(PDF_BYTES, "is a PDF document, not text", id="pdf-renamed-txt"),
        pytest.param(b"PK\x03\x04" + bytes(range(256)) * 4, "is a ZIP archive (or a Word/OpenDocument file), not text", id="zip"),
        pytest.param(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4, "is a JPEG image, not text", id="jpeg"),
        pytest.param(bytes(range(256)) * 8, "is not text (binary content or an unknown encoding)", id="noise"),
        pytest.param(b"\xff\xfeA\x00B\x00C", "starts like UTF-16 text but is not (truncated data at byte 6)",
                     id="utf-16-odd-length"),
        pytest.param(b"\xff\xfe\x00\xd8A\x00", "starts like UTF-16 text but is not (illegal UTF-16 surrogate at byte 2)",
                     id="utf-16-lone-surrogate"),
    ],
)
def test_ingest_rejects_binary_formats_by_content(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        read_document(path)
    assert str(err.value) == f"{path}: {reason} {NOT_TEXT_FIX}"


LATIN = "Le ministre français a condamné la frappe. Chile condemned Peru on Tuesday."


@pytest.mark.parametrize(
    "encoding",
    [
        pytest.param("latin-1", id="latin-1"),
        pytest.param("cp1252", id="cp1252"),
        pytest.param("utf-16", id="utf-16-bom"),
        pytest.param("utf-16-le", id="utf-16-le-no-bom"),
        pytest.param("utf-16-be", id="utf-16-be-no-bom"),
        pytest.param("utf-8-sig", id="utf-8-bom"),
    ],
)
def test_ingest_detects_encodings_exactly(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(LATIN.encode(encoding))
    assert read_document(path).text == LATIN


def test_ingest_rejects_a_pipe_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "feed.txt"
    os.mkfifo(fifo)  # opening a FIFO for reading would wait forever for a writer
    with pytest.raises(InputError) as err:
        read_document(fifo)
    assert str(err.value) == f"{fifo}: is not a regular file (a pipe, socket or device) (give an article file)"


def test_ingest_rejects_a_device_instead_of_reading_it_forever(tmp_path: Path) -> None:
    link = tmp_path / "zeros.txt"
    link.symlink_to("/dev/zero")
    with pytest.raises(InputError) as err:
        read_document(link)
    assert str(err.value) == f"{link}: is not a regular file (a pipe, socket or device) (give an article file)"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        pytest.param(
            lambda d: ((d / "a.txt").symlink_to(d / "b.txt"), (d / "b.txt").symlink_to(d / "a.txt")),
            "is a symbolic link loop (point the link at a real file or remove it)",
            id="link-loop",
        ),
        pytest.param(
            lambda d: (d / "a.txt").symlink_to(d / "gone.txt"),
            "is a broken symbolic link (to {d}/gone.txt) (point the link at a file or remove it)",
            id="broken-link",
        ),
        pytest.param(
            lambda d: (d / "a.txt").mkdir(),
            "is a directory where a file was expected (give the files inside it)",
            id="directory",
        ),
    ],
)
def test_ingest_rejects_unreadable_paths(tmp_path: Path, make: Callable[[Path], object], message: str) -> None:
    make(tmp_path)
    with pytest.raises(InputError) as err:
        read_document(tmp_path / "a.txt")
    assert str(err.value) == f"{tmp_path / 'a.txt'}: " + message.format(d=tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 file anyway: permission denial cannot be staged")
def test_ingest_rejects_a_file_without_read_permission(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Chile condemned Peru.")
    path.chmod(0)
    with pytest.raises(InputError) as err:
        read_document(path)
    assert str(err.value) == f"{path}: cannot be read: permission denied (check the file's permissions)"


def test_ingest_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing read or allocated
    with pytest.raises(InputError) as err:
        read_document(big)
    assert str(err.value) == (
        f"{big}: is 52,428,800 bytes, over the 10,485,760-byte limit for one article "
        "(split it, or raise the limit with --max-bytes)"
    )


def test_ingest_raising_the_size_limit_admits_the_file(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("Chile condemned Peru over the border incident.\n" * 40)
    with pytest.raises(InputError, match="over the 1,000-byte limit"):
        read_document(path, max_bytes=1000)
    assert read_document(path, max_bytes=2000).text.count("\n") == 40


def test_ingest_rejects_a_paragraph_too_long_to_split_in_time() -> None:
    text = "Chile condemned Peru over the border incident. " * 1100
    with pytest.raises(InputError) as err:
        document_from_text(text, source="wall.txt")
    assert str(err.value) == (
        f"wall.txt: has a paragraph of {len(text):,} characters without a line break "
        f"(over the {MAX_PARAGRAPH_CHARS:,}-character limit) (break the text into paragraphs)"
    )
    lines = text.replace(". ", ".\n")
    assert len(document_from_text(lines, source="lines.txt").text) == len(lines)


def test_ingest_html_scripts_styles_and_comments_never_become_text() -> None:
    page = (
        "<html><head><style>.x{content:'Spain attacked Italy'}</style>"
        "<script>var s = 'France attacked Germany'; alert(1)</script></head><body>"
        "<p>Chile condemned Peru on Tuesday. <script>document.write('Cuba attacked Mexico')</script>"
        "<!-- Chad attacked Niger --><p onclick=\"Laos attacked Nepal\">Talks are planned.<div><b>unclosed <i>tags"
        "<script>Fiji attacked Tonga"
    )
    text = document_from_text(page, source="page.html", html=True).text
    assert text == "Chile condemned Peru on Tuesday.\nTalks are planned.\nunclosed tags"

