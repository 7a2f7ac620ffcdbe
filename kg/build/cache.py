"""Per-article extraction cache: a rebuild re-extracts only new or changed articles.

Each :class:`~kg.model.ArticleExtraction` is pickled under ``OUT/cache/`` in
a file named by :func:`cache_key`: the article's content hash
(:attr:`Article.digest`), its id, path and metadata, and a fingerprint of
the extractor's code and data files, so an edited article, a renamed file or
a new lexicon all miss the cache.  A build records which keys it used and
:meth:`ExtractionCache.prune` drops the rest (deleted or changed articles).

The cache is private to a build directory; it holds pickles, so never point
``OUT`` at a directory written by someone you do not trust.

>>> import tempfile
>>> from kg.model import Article, ArticleExtraction
>>> cache = ExtractionCache(Path(tempfile.mkdtemp()))
>>> a = Article.from_text("a1", "常州高新区。", digest="abc")
>>> cache.get(a) is None
True
>>> cache.put(ArticleExtraction(a, (), (), (), ()))
>>> cache.get(a).article.id, cache.hits, cache.misses
('a1', 1, 1)
>>> cache.prune(), len(cache)
(0, 1)
"""
from __future__ import annotations

import hashlib
import os
import pickle
from functools import lru_cache
from pathlib import Path

from kg.model import Article, ArticleExtraction

CACHE_DIR = "cache"
_SUFFIX = ".pkl"
# The code and data an extraction depends on (relative to the kg package).
_EXTRACTOR_FILES = ("model.py",)
_EXTRACTOR_DIRS = ("extract", "data", "models")


@lru_cache(maxsize=1)
def extractor_fingerprint() -> str:
    """A hash of the extractor's source and data files: changing any of them invalidates the cache.

    >>> len(extractor_fingerprint())
    16
    """
    root = Path(__file__).parents[1]
    files = [root / f for f in _EXTRACTOR_FILES]
    for d in _EXTRACTOR_DIRS:
        files += sorted(p for p in (root / d).rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    h = hashlib.sha256()
    for path in files:
        if path.is_file():
            h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def cache_key(article: Article) -> str:
    """The file name stem of an article's cached extraction.

    >>> a = Article.from_text("a1", "常州高新区。", digest="abc")
    >>> cache_key(a) == cache_key(Article.from_text("a1", "常州高新区。", digest="abd"))
    False
    """
    digest = article.digest or hashlib.sha256(article.source.encode("utf-8")).hexdigest()
    parts = (extractor_fingerprint(), digest, article.id, article.path, article.title, article.date, article.paper)
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


class ExtractionCache:
    """Pickled extractions of one build directory, keyed by :func:`cache_key`."""

    def __init__(self, out: Path):
        self.dir = Path(out) / CACHE_DIR
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> Path:
        return self.dir / (key + _SUFFIX)

    def get(self, article: Article) -> ArticleExtraction | None:
        """The cached extraction of ``article``, or None (also for an unreadable cache file)."""
        key = cache_key(article)
        self.used.add(key)
        value = self.load(key)
        if value is None or value.article != article:
            self.misses += 1
            return None
        self.hits += 1
        return value

    def load(self, key: str) -> ArticleExtraction | None:
        """The extraction stored under ``key`` (a :func:`cache_key`), or None; counts neither hit nor miss."""
        try:
            with open(self._path(key), "rb") as fh:
                value = pickle.load(fh)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
            return None
        return value if isinstance(value, ArticleExtraction) else None

    def keep(self, key: str) -> None:
        """Mark ``key`` as used by this build, so :meth:`prune` keeps it."""
        self.used.add(key)

    def put(self, extraction: ArticleExtraction) -> None:
        """Store an extraction (written aside, then renamed into place)."""
        key = cache_key(extraction.article)
        self.used.add(key)
        self.dir.mkdir(parents=True, exist_ok=True)
        tmp = self.dir / f".{key}.tmp-{os.getpid()}"
        with open(tmp, "wb") as fh:
            pickle.dump(extraction, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self._path(key))

    def prune(self) -> int:
        """Delete every cached extraction this build did not use; return how many."""
        if not self.dir.is_dir():
            return 0
        dropped = 0
        for path in self.dir.iterdir():
            if path.name.startswith(".") or (path.suffix == _SUFFIX and path.stem not in self.used):
                path.unlink(missing_ok=True)
                dropped += 1
        return dropped

    def __len__(self) -> int:
        return sum(1 for p in self.dir.glob("*" + _SUFFIX)) if self.dir.is_dir() else 0
