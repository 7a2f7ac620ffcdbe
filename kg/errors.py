"""The one family of errors the library raises.

Only the CLI turns these into messages and exit codes; everything else lets
them propagate.  Each error carries a one-line, user-facing message.
"""
from __future__ import annotations


class KgError(Exception):
    """Base class of every error the library raises on purpose."""

    exit_code = 1


class InputError(KgError):
    """Something the user gave us (a path, a file, an option) is unusable."""

    exit_code = 2


class ArticleError(InputError):
    """One article cannot be read; a build reports and skips it."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class CorpusError(InputError):
    """The corpus as a whole is unusable (missing folder, no articles)."""


class StoreError(KgError):
    """The store is missing, locked or damaged."""


class QueryError(KgError):
    """A SPARQL query is malformed or failed."""

    exit_code = 2


class NameResolutionError(KgError):
    """A name given by the user matches no entity, or several."""

    exit_code = 3

    def __init__(self, message: str, candidates: tuple[str, ...] = ()):
        super().__init__(message)
        self.candidates = candidates
