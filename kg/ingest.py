"""Files, folders and HTML pages → Documents: the only stage that reads user input."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from charset_normalizer import from_bytes

from kg.clean import clean_text
from kg.dates import find_published, parse_date
from kg.errors import InputError
from kg.model import Document

__all__ = [
    "DEFAULT_MAX_BYTES",
    "HTML_SUFFIXES",
    "MAX_PARAGRAPH_CHARS",
    "TEXT_SUFFIXES",
    "Rejected",
    "document_from_text",
    "iter_paths",
    "read_document",
    "sample_dir",
]

TEXT_SUFFIXES = frozenset({".txt", ".text", ""})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
DEFAULT_MAX_BYTES = 10 * 1024 * 1024  # a news article is ~5 KB; 10 MB is a book, not an article
# A news paragraph is a few hundred characters. Text with no line break for longer than this is a
# dump, not an article, and costs the sentence splitter time quadratic in the line's length.
MAX_PARAGRAPH_CHARS = 50_000
_NOT_TEXT_FIX = "give a UTF-8 text file or a saved HTML page; convert other formats to text first"
# Leading bytes of formats that are mostly ASCII (so no encoding detector rejects them) or common by mistake.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/OpenDocument file)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"{\\rtf", "an RTF document"),
    (b"%!PS", "a PostScript document"),
    (b"\x7fELF", "an executable program"),
)


@dataclass(frozen=True, slots=True)
class Rejected:
    """A file that was not ingested, and why."""

    path: str
    reason: str


def sample_dir() -> Path:
    """Return the folder of sample articles shipped with the package."""
    return Path(__file__).resolve().parent / "samples"


def iter_paths(sources: Iterable[str | Path]) -> Iterator[Path]:
    """Yield every article file under the given files and folders, in a stable order.

    Folders are walked recursively without following symbolic links (so a link loop
    cannot trap the walk); hidden files and non-article suffixes are skipped.
    """
    for source in sources:
        path = Path(source)
        if path.is_dir():
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    child = Path(root, name)
                    if not name.startswith(".") and _is_article_name(child):
                        yield child
        else:
            yield path


def _is_article_name(path: Path) -> bool:
    return path.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES and not path.name.endswith(
        ".gold.json"
    )


def _decode(path: Path, raw: bytes) -> str:
    for magic, kind in _SIGNATURES:
        if raw.startswith(magic):
            raise InputError(str(path), f"is {kind}, not text", _NOT_TEXT_FIX)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(
                str(path), f"starts like UTF-16 text but is not ({exc.reason} at byte {exc.start})", _NOT_TEXT_FIX
            ) from None
    if b"\x00" not in raw:
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
    best = from_bytes(raw).best()
    if best is None or b"\x00" in raw and not best.encoding.startswith("utf_16"):
        raise InputError(
            str(path),
            "is not text (binary content or an unknown encoding)",
            _NOT_TEXT_FIX,
        )
    return str(best)


def read_document(
    path: str | Path,
    *,
    published: date | None = None,
    ingested: datetime | None = None,
    max_bytes: int | None = None,
) -> Document:
    """Read one article file (plain text or a saved HTML page) into a ``Document``.

    Files over ``max_bytes`` (``None``: ``DEFAULT_MAX_BYTES``) are refused. Raises ``InputError``
    naming the file and the fix when it cannot be an article.
    """
    path = Path(path)
    raw = _read_bounded(path, max_bytes or DEFAULT_MAX_BYTES)
    if not raw.strip():
        raise InputError(str(path), "is empty", "remove it or give it the article text")
    text = _decode(path, raw)
    is_html = path.suffix.lower() in HTML_SUFFIXES or text.lstrip()[:15].lower().startswith(
        ("<!doctype html", "<html")
    )
    return document_from_text(
        text,
        source=str(path),
        html=is_html,
        published=published,
        ingested=ingested,
    )


def _read_bounded(path: Path, max_bytes: int) -> bytes:
    """Read at most ``max_bytes`` of a regular file; never block on a pipe or read a device forever."""
    try:
        # O_NONBLOCK: opening a FIFO named like an article must not wait for a writer
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise _os_error(path, exc) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(str(path), "is a directory where a file was expected", "give the files inside it")
        raise InputError(str(path), "is not a regular file (a pipe, socket or device)", "give an article file")
    with os.fdopen(fd, "rb") as handle:
        if info.st_size > max_bytes:
            raise InputError(
                str(path),
                f"is {info.st_size:,} bytes, over the {max_bytes:,}-byte limit for one article",
                "split it, or raise the limit with --max-bytes",
            )
        try:
            raw = handle.read(max_bytes + 1)  # bounded even if the file grows after the size check
        except OSError as exc:
            raise _os_error(path, exc) from None
    if len(raw) > max_bytes:
        raise InputError(
            str(path),
            f"grew past the {max_bytes:,}-byte limit for one article while being read",
            "split it, or raise the limit with --max-bytes",
        )
    return raw


def _os_error(path: Path, exc: OSError) -> InputError:
    if exc.errno == errno.ENOENT and path.is_symlink():
        return InputError(
            str(path), f"is a broken symbolic link (to {os.readlink(path)})", "point the link at a file or remove it"
        )
    if exc.errno == errno.ENOENT:
        return InputError(str(path), "does not exist (or vanished while reading)", "check the path")
    if exc.errno == errno.ELOOP:
        return InputError(str(path), "is a symbolic link loop", "point the link at a real file or remove it")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return InputError(str(path), "cannot be read: permission denied", "check the file's permissions")
    if exc.errno == errno.EISDIR:
        return InputError(str(path), "is a directory where a file was expected", "give the files inside it")
    return InputError(str(path), f"cannot be read: {exc.strerror or exc}", "check the disk and the path")


def _check_paragraphs(source: str, body: str) -> None:
    longest = max((len(line) for line in body.split("\n")), default=0)
    if longest > MAX_PARAGRAPH_CHARS:
        raise InputError(
            source,
            f"has a paragraph of {longest:,} characters without a line break "
            f"(over the {MAX_PARAGRAPH_CHARS:,}-character limit)",
            "break the text into paragraphs",
        )


def document_from_text(
    text: str,
    *,
    source: str,
    html: bool = False,
    published: date | None = None,
    ingested: datetime | None = None,
) -> Document:
    """Build a ``Document`` from already-decoded text or HTML.

    >>> document_from_text("Talks resumed.\\nPublished: 2024-05-02", source="x.txt").published
    datetime.date(2024, 5, 2)
    """
    content_hash = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    title: str | None = None
    page_date: date | None = None
    media_type = "text/plain"
    if html:
        body, title, page_date = _from_html(source, text)
        media_type = "text/html"
    else:
        body = clean_text(text)
        first = next((line.strip() for line in body.splitlines() if line.strip()), "")
        title = first[:300] or None
    if not body.strip():
        raise InputError(source, "has no article text after removing page furniture", "give the article itself")
    _check_paragraphs(source, body)
    return Document(
        source=source,
        text=body,
        content_hash=content_hash,
        title=title,
        published=published or page_date or find_published(body),
        ingested=ingested or datetime.now(UTC).replace(microsecond=0),
        media_type=media_type,
    )


def _from_html(source: str, html: str) -> tuple[str, str | None, date | None]:
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    try:
        extracted = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False, favor_recall=True
        )
        text = getattr(extracted, "text", None) or ""
        if not text.strip():
            # short or badly broken pages defeat the main extractor: fall back to its baseline,
            # which keeps the paragraphs' text and still drops scripts and styles
            _, text, _ = trafilatura.baseline(html)
    except Exception as exc:  # noqa: BLE001 -- trafilatura raises assorted parser errors on hostile markup
        raise InputError(
            source, f"is HTML that cannot be parsed ({exc})", "save the page again, or give its text"
        ) from None
    if not text.strip():
        raise InputError(source, "is an HTML page with no article text", "save the article page itself")
    title = getattr(extracted, "title", None)
    raw_date = getattr(extracted, "date", None)
    page_date = parse_date(raw_date) if raw_date else None
    return clean_text(text), title or None, page_date
