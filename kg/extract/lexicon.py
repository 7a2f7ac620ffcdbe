"""Lexicons and patterns, loaded once from the data files in ``kg/data``.

>>> lex = load_lexicon()
>>> "常州" in lex.regions, lex.org_suffix_type["有限公司"]
(True, 'Enterprise')
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources


def _read(name: str) -> str:
    return resources.files("kg").joinpath("data").joinpath(name).read_text(encoding="utf-8")


def read_words(name: str) -> list[str]:
    """Whitespace-separated words of a data file, ignoring ``#`` comments."""
    words: list[str] = []
    for line in _read(name).splitlines():
        line = line.split("#", 1)[0]
        words.extend(line.split())
    return words


def read_table(name: str) -> list[list[str]]:
    """Tab-separated rows of a data file, ignoring ``#`` comments and blank lines."""
    rows = []
    for line in _read(name).splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            rows.append([c.strip() for c in line.split("\t")])
    return rows


def read_sections(name: str) -> dict[str, list[str]]:
    """Words of a data file grouped by ``[section]`` headers."""
    out: dict[str, list[str]] = {}
    current = ""
    for line in _read(name).splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            continue
        out.setdefault(current, []).extend(line.split())
    return out


def alternation(words) -> str:
    """A regex alternation of ``words``, longest first.

    >>> alternation(["高新区", "高新", "区"])
    '高新区|高新|区'
    """
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True) if w)


def trie_alternation(words) -> str:
    """The same language as :func:`alternation`, longest match first, as a prefix tree (fast for thousands of words).

    >>> import re
    >>> rx = re.compile(trie_alternation(["苏州", "苏州市", "宿迁"]))
    >>> [m.group(0) for m in rx.finditer("苏州市和宿迁")]
    ['苏州市', '宿迁']
    """
    tree: dict = {}
    for w in set(words):
        if w:
            node = tree
            for ch in w:
                node = node.setdefault(ch, {})
            node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body
    return emit(tree)


@dataclass(frozen=True)
class Lexicon:
    regions: frozenset[str]
    divisions: frozenset[str]
    province_of: dict[str, str]
    org_prefixes: frozenset[str]
    org_suffix_type: dict[str, str]
    org_suffix_conf: dict[str, float]
    place_suffix_type: dict[str, str]
    place_suffix_conf: dict[str, float]
    name_words: frozenset[str]
    industries: frozenset[str]
    titles: tuple[str, ...]
    surnames: frozenset[str]
    person_followers: tuple[str, ...]
    strong_stops: frozenset[str]
    weak_stops: frozenset[str]
    soft_stops: frozenset[str]
    product_heads: tuple[str, ...]
    product_stops: frozenset[str]
    product_generic: frozenset[str]
    known_bodies: dict[str, str]
    common_words: dict[str, str] = field(default_factory=dict, repr=False)  # word -> part of speech
    facility_heads: tuple[str, ...] = ()
    provinces: frozenset[str] = frozenset()
    org_descriptors: frozenset[str] = frozenset()
    named_park_suffixes: frozenset[str] = frozenset()
    building_suffixes: frozenset[str] = frozenset()
    topic_cues: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    regex: dict[str, re.Pattern] = field(default_factory=dict, repr=False)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Load every lexicon file and compile the regexes built from them."""
    org = read_table("org_suffixes.tsv")
    place = read_table("place_suffixes.tsv")
    bounds = read_sections("boundaries.txt")
    products = read_sections("product_heads.txt")
    regions = frozenset(read_words("regions.txt"))
    division_rows = read_table("divisions.tsv")
    divisions = frozenset(r[0] for r in division_rows)
    prefixes = frozenset(read_words("org_prefixes.txt"))
    titles = tuple(sorted(set(read_words("titles.txt")), key=len, reverse=True))
    lex = Lexicon(
        regions=regions,
        divisions=divisions,
        province_of={r[0]: r[1] for r in division_rows if len(r) > 1 and r[1]},
        org_prefixes=prefixes,
        org_suffix_type={r[0]: r[1] for r in org},
        org_suffix_conf={r[0]: float(r[2]) for r in org},
        place_suffix_type={r[0]: r[1] for r in place},
        place_suffix_conf={r[0]: float(r[2]) for r in place},
        name_words=frozenset(read_words("name_industry_words.txt")),
        industries=frozenset(read_words("industries.txt")),
        titles=titles,
        surnames=frozenset(read_words("surnames.txt")),
        person_followers=tuple(sorted(set(read_words("person_followers.txt")), key=len, reverse=True)),
        strong_stops=frozenset(bounds.get("strong", [])),
        weak_stops=frozenset(bounds.get("weak", [])),
        soft_stops=frozenset(bounds.get("soft", [])),
        product_heads=tuple(sorted(set(products.get("", [])), key=len, reverse=True)),
        product_stops=frozenset(products.get("stops", [])),
        product_generic=frozenset(products.get("generic", [])),
        known_bodies={r[0]: r[1] for r in read_table("known_bodies.tsv")},
        common_words={r[0]: r[1] for r in read_table("common_words.tsv")},
        facility_heads=tuple(read_words("facility_heads.txt")),
        provinces=frozenset(read_words("provinces.txt")),
        org_descriptors=frozenset(read_words("org_descriptors.txt")),
        named_park_suffixes=frozenset(r[0] for r in place if r[3:] == ["named"]),
        building_suffixes=frozenset(r[0] for r in place if r[3:] == ["inside"]),
        topic_cues={k: tuple(v) for k, v in read_sections("topic_cues.txt").items() if k},
    )
    lex.regex.update(
        suffix=re.compile(f"(?:{alternation(list(lex.org_suffix_type) + list(lex.place_suffix_type))})"),
        anchor=re.compile(trie_alternation(list(regions) + list(prefixes))),
        # every county-level division too: the left edge of zone names (颍上县|经济开发区), never of
        # company names, where a county's short form is often a trade name's first characters (吉隆|达)
        division=re.compile(trie_alternation(list(regions | divisions) + list(prefixes))),
        strong=re.compile(alternation(lex.strong_stops)),
        weak=re.compile(alternation(lex.weak_stops)),
        soft=re.compile(alternation(lex.soft_stops)),
        title=re.compile(f"(?:{alternation(titles)})"),
        industry=re.compile(alternation(lex.industries)),
        name_word=re.compile(f"(?:{alternation(lex.name_words)})$"),
        follower=re.compile(f"(?:{alternation(lex.person_followers)})"),
        known=re.compile(alternation(lex.known_bodies)),
        product=re.compile(f"(?:{alternation(lex.product_heads)})"),
        product_stop=re.compile(alternation(lex.product_stops)),
    )
    return lex
