"""Read a corpus folder into :class:`~kg.model.Article` records.

Text files may be UTF-8 (with or without BOM), UTF-16 or UTF-32 with a BOM,
or GB18030/GBK; ``.txt``, ``.md`` and ``.html``/``.htm`` are read, markup
stripped.  A bad file becomes
an :class:`~kg.errors.ArticleError` in the stream, so a build can report it
and go on with the others.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "a.txt").write_text("# 标题\\n\\n常州高新区光电产业园。", encoding="gb18030")
>>> [(a.id, a.title) for a in read_corpus(d)]
[('a', '标题')]
"""
from __future__ import annotations

import codecs
import hashlib
import json
import re
from pathlib import Path
from typing import Iterator

from kg.errors import ArticleError, CorpusError
from kg.extract.normalize import normalize_text
from kg.model import Article

SUFFIXES = (".txt", ".md", ".html", ".htm")
MANIFEST = "manifest.json"
_DATE = re.compile(r"(20\d\d|19\d\d)年(\d{1,2})月(\d{1,2})日")
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),  # before UTF-16's: FF FE 00 00
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_PAPER = re.compile(r"(《[^》]{2,12}》|[\u4e00-\u9fff]{2,6}日报|[\u4e00-\u9fff]{2,6}时报)")


def decode_bytes(data: bytes, name: str = "<bytes>") -> str:
    """Decode article bytes as UTF-16/32 when they start with its BOM, else UTF-8, else GB18030;
    raise ArticleError otherwise."""
    if not data.strip():
        raise ArticleError(name, "empty file")
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding:
        return _decode_unicode(data, encoding, name)
    if b"\x00" in data[:4096]:
        raise ArticleError(name, "binary file (contains NUL bytes)")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
        raise ArticleError(name, "binary file (mostly control characters)")
    raise ArticleError(name, "undecodable bytes (neither UTF-8 nor GB18030)")


def _decode_unicode(data: bytes, encoding: str, name: str) -> str:
    """Decode bytes that start with the BOM of ``encoding`` (UTF-16 or UTF-32); raise ArticleError
    when they are not text in it."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise ArticleError(name, f"undecodable bytes (not {encoding.upper()} despite its byte-order mark)") from None
    if not text.strip():
        raise ArticleError(name, "empty file")
    if "\x00" in text[:4096]:
        raise ArticleError(name, "binary file (contains NUL characters)")
    if not _looks_like_text(text):
        raise ArticleError(name, "binary file (mostly control characters)")
    return text


def _looks_like_text(text: str) -> bool:
    sample = text[:4096]
    bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\r\n\t\f") or 0xE000 <= ord(c) <= 0xF8FF)
    return bad <= len(sample) * 0.05


def read_article(path: Path, article_id: str | None = None, meta: dict | None = None) -> Article:
    """Read one file into an Article; raise ArticleError when it is unusable."""
    return article_from_bytes(path, read_bytes(path), article_id, meta)


def read_bytes(path: Path) -> bytes:
    """The bytes of an article file; raise ArticleError when it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ArticleError(str(path), f"cannot read ({exc.strerror or exc})") from None


def article_from_bytes(path: Path, data: bytes, article_id: str | None = None, meta: dict | None = None) -> Article:
    """The Article of the bytes ``data`` read from ``path``; raise ArticleError when they are unusable."""
    raw = decode_bytes(data, str(path))
    text, offsets = normalize_text(raw, markup=path.suffix.lower() in (".html", ".htm"))
    if not re.search(r"[\u4e00-\u9fff]", text):
        raise ArticleError(str(path), "no Chinese text found")
    meta = dict(meta or {})
    meta.setdefault("title", guess_title(text))
    meta.setdefault("date", guess_date(text))
    meta.setdefault("paper", guess_paper(text))
    return Article(
        id=article_id or path.stem, text=text, source=raw, offsets=offsets, path=str(path),
        title=meta["title"], date=meta["date"], paper=meta["paper"],
        digest=hashlib.sha256(data).hexdigest(),
    )


def guess_title(text: str) -> str:
    """The first non-empty line, without Markdown marks, as the title."""
    for line in text.split("\n"):
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:80]
    return ""


def guess_date(text: str) -> str:
    m = _DATE.search(text[:400])
    return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else ""


def guess_paper(text: str) -> str:
    m = _PAPER.search(text[:400])
    return m.group(1).strip("《》") if m else ""


def list_articles(corpus: Path) -> list[Path]:
    """The article files of a corpus folder (recursively), sorted; raise CorpusError if none."""
    corpus = Path(corpus)
    if not corpus.exists():
        raise CorpusError(f"corpus folder not found: {corpus}")
    if corpus.is_file():
        files = [corpus] if corpus.suffix.lower() in SUFFIXES else []
    else:
        files = sorted((p for p in corpus.rglob("*")
                        if p.suffix.lower() in SUFFIXES and not p.name.startswith(".") and p.is_file()),
                       key=lambda p: p.parts)  # the order of Path objects, much faster
        files = [p for p in files if p.name.lower() != "readme.md"]
    if not files:
        raise CorpusError(f"no articles (.txt, .md, .html) in {corpus}")
    return files


def load_manifest(corpus: Path) -> dict[str, dict]:
    """``manifest.json`` of the corpus, keyed by file name (empty when absent or unreadable)."""
    path = Path(corpus) / MANIFEST
    if not path.is_file():
        return {}
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {row["file"]: row for row in rows if isinstance(row, dict) and "file" in row}


def iter_sources(corpus: Path, files: list[Path] | None = None) -> Iterator[tuple[Path, str | None, dict]]:
    """``(path, article id or None, metadata)`` of every article file (of ``files`` when given, as
    listed by :func:`list_articles`), metadata from ``manifest.json``."""
    corpus = Path(corpus)
    files = list_articles(corpus) if files is None else files
    manifest = load_manifest(corpus) if corpus.is_dir() else {}
    for path in files:
        row = manifest.get(path.name, {})
        yield path, row.get("id"), {k: row[k] for k in ("title", "date", "paper") if row.get(k)}


def read_corpus(corpus: Path) -> Iterator[Article | ArticleError]:
    """Yield an Article, or the ArticleError of a bad file, for every article file."""
    for path, article_id, meta in iter_sources(corpus):
        try:
            yield read_article(path, article_id, meta)
        except ArticleError as exc:
            yield exc
