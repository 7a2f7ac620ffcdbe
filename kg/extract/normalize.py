"""Normalise article text while keeping a map back to the source.

Text that came out of PDFs is broken into short column lines, with stray
spaces inside numbers and dates.  :func:`normalize_text` joins such lines,
removes the spaces, folds full-width ASCII to half-width and (for HTML)
strips markup.  Every output character remembers the index of the source
character it came from.

>>> text, offsets = normalize_text("6月 4日，华宇国际配\\n\\n套产业园一期工程建设如火如荼")
>>> text
'6月4日,华宇国际配套产业园一期工程建设如火如荼'
>>> offsets[5], offsets[10]
(6, 13)
"""
from __future__ import annotations

import html
import re
from statistics import quantiles
from typing import Callable

_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_WIDTH[0x3000] = 0x20
_WIDTH[0x00A0] = 0x20

_TERMINAL = set("。！？!?；;：:…”」』\"')）】》")
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_HEADING = re.compile(r"^\s*(#|>|▶|图片来源|来源|本报|记者|编辑|责任编辑)")

_TAGS = re.compile(r"(?is)<(script|style)\b.*?</\1\s*>|<!--.*?-->|<br\s*/?>|</p\s*>|</div\s*>|</h[1-6]\s*>|<[^>]+>|&#?\w+;")
_NEWLINES = re.compile(r"[ \t]*\r?\n(?:[ \t]*\r?\n)*[ \t]*")
_SPACES_NUM = re.compile(rf"(?<=[0-9{_CJK}%.])[ \t]+(?=[0-9])|(?<=[0-9])[ \t]+(?=[{_CJK}%])")
_SPACES_CJK = re.compile(rf"(?<=[{_CJK},.、()])[ \t]+(?=[{_CJK}(),])")
_SPACE_RUNS = re.compile(r"[ \t]{2,}")


def _apply(text: str, offsets: list[int], pattern: re.Pattern,
           repl: Callable[[re.Match], str]) -> tuple[str, list[int]]:
    """Replace every match of ``pattern`` by ``repl(match)``, carrying offsets.

    Replacement characters map to the source index of the match's first
    character (or, for an empty replacement, disappear).
    """
    parts: list[str] = []
    offs: list[int] = []
    last = 0
    for m in pattern.finditer(text):
        new = repl(m)
        if new == m.group(0):
            continue
        parts.append(text[last:m.start()])
        offs.extend(offsets[last:m.start()])
        parts.append(new)
        offs.extend([offsets[m.start()]] * len(new))
        last = m.end()
    if not parts:
        return text, offsets
    parts.append(text[last:])
    offs.extend(offsets[last:len(text)])
    offs.append(offsets[len(text)])
    return "".join(parts), offs


def strip_markup(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """Remove HTML tags, scripts and comments; decode character references."""
    def repl(m: re.Match) -> str:
        tok = m.group(0)
        if tok.startswith("&"):
            return html.unescape(tok)
        low = tok[:4].lower()
        if low.startswith(("<br", "</p", "</d", "</h")):
            return "\n"
        return ""
    return _apply(text, offsets, _TAGS, repl)


def _column_width(text: str) -> int:
    lengths = [len(line.strip()) for line in text.split("\n") if line.strip()]
    if len(lengths) < 4:
        return max(lengths, default=0)
    return int(quantiles(lengths, n=4)[2])


def join_broken_lines(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """Join lines that a PDF column broke inside a sentence.

    A line break is removed when the line before it is nearly as long as the
    text's typical line and does not end a sentence; headings, bylines and
    short lines keep their break.
    """
    width = _column_width(text)
    threshold = max(10, int(width * 0.75))

    def repl(m: re.Match) -> str:
        start = text.rfind("\n", 0, m.start()) + 1
        prev = text[start:m.start()].strip()
        nxt = text[m.end():m.end() + 1]
        prose = len(prev) >= threshold or (len(prev) >= 10 and any(p in prev for p in ",;、"))
        if (prev and nxt and prev[-1] not in _TERMINAL and prose
                and not _HEADING.match(prev) and nxt not in "#>▶"):
            return ""
        return "\n"
    return _apply(text, offsets, _NEWLINES, repl)


def normalize_text(raw: str, markup: bool = False) -> tuple[str, tuple[int, ...]]:
    """Return ``(text, offsets)``; ``offsets[i]`` indexes ``raw`` (one extra entry at the end)."""
    offsets = list(range(len(raw) + 1))
    text = raw.translate(_WIDTH)
    if markup:
        text, offsets = strip_markup(text, offsets)
    text, offsets = join_broken_lines(text, offsets)
    text, offsets = _apply(text, offsets, _SPACES_NUM, lambda m: "")
    text, offsets = _apply(text, offsets, _SPACES_CJK, lambda m: "" if _in_prose(text, m) else " ")
    text, offsets = _apply(text, offsets, _SPACE_RUNS, lambda m: " ")
    return text, tuple(offsets)


def _in_prose(text: str, m: re.Match) -> bool:
    """A space between CJK characters is stray inside prose, a separator in a byline."""
    start = text.rfind("\n", 0, m.start()) + 1
    end = text.find("\n", m.end())
    line = text[start:end if end >= 0 else len(text)]
    return any(p in line for p in ",。;!?") and len(line) > 20
