"""One exception hierarchy: every error geokg raises on purpose is a ``KGError``."""

from __future__ import annotations

__all__ = [
    "ClusterError",
    "ExportError",
    "ExtractionError",
    "InputError",
    "KGError",
    "QueryError",
    "ServeError",
    "StoreError",
    "ValidationError",
]


class KGError(Exception):
    """Base class: the message names the thing at fault and the fix."""


class InputError(KGError):
    """An input file or folder cannot be read as an article."""

    def __init__(self, path: str, reason: str, fix: str = "") -> None:
        self.path = path
        self.reason = reason
        self.fix = fix
        message = f"{path}: {reason}"
        if fix:
            message += f" ({fix})"
        super().__init__(message)


class ExtractionError(KGError):
    """The extractor failed on a document (a bug: please report it with the file)."""


class ClusterError(KGError):
    """A compute cluster (Dask scheduler) cannot be reached or lost its workers."""


class StoreError(KGError):
    """The graph store cannot be opened, read or written."""


class QueryError(KGError):
    """A SPARQL query is malformed, unknown or failed."""


class ServeError(KGError):
    """The SPARQL endpoint cannot start (address in use, engine missing or of another version)."""


class ExportError(KGError):
    """An export format or destination is not usable."""


class ValidationError(KGError):
    """A graph does not conform to the SHACL shapes."""
