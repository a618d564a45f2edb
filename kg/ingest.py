"""Files, folders and HTML pages → Documents: the only stage that reads user input."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from charset_normalizer import from_bytes

from kg.clean import clean_text
from kg.dates import find_published, parse_date
from kg.errors import InputError
from kg.model import Document

__all__ = [
    "DEFAULT_MAX_BYTES",
    "HTML_SUFFIXES",
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
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
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
            "give a UTF-8 text file or a saved HTML page",
        )
    return str(best)


def read_document(
    path: str | Path,
    *,
    published: date | None = None,
    ingested: datetime | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Document:
    """Read one article file (plain text or a saved HTML page) into a ``Document``.

    Raises ``InputError`` naming the file and the fix when it cannot be an article.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                str(path),
                f"is {size:,} bytes, over the {max_bytes:,}-byte limit for one article",
                "split it, or raise the limit with --max-bytes",
            )
        raw = path.read_bytes()
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError(str(path), "does not exist (or vanished while reading)") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a directory where a file was expected") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot be read: {exc.strerror or exc}", "check permissions") from None
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
        raise InputError(source, "has no article text after removing page furniture")
    return Document(
        source=source,
        text=body,
        content_hash=content_hash,
        title=title,
        published=published or page_date or find_published(body),
        ingested=ingested or datetime.now(timezone.utc).replace(microsecond=0),
        media_type=media_type,
    )


def _from_html(source: str, html: str) -> tuple[str, str | None, date | None]:
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    try:
        extracted = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False, favor_recall=True
        )
    except Exception as exc:  # trafilatura raises assorted parser errors on hostile markup
        raise InputError(source, f"is HTML that cannot be parsed ({exc})") from None
    text = (extracted.text or "") if extracted is not None else ""
    if not text.strip():
        # short or badly broken pages defeat the main extractor: fall back to its baseline,
        # which keeps the paragraphs' text and still drops scripts and styles
        _, text, _ = trafilatura.baseline(html)
    if not text.strip():
        raise InputError(source, "is an HTML page with no article text", "save the article page itself")
    title = extracted.title if extracted is not None else None
    raw_date = extracted.date if extracted is not None else None
    page_date = parse_date(raw_date) if raw_date else None
    return clean_text(text), title or None, page_date
