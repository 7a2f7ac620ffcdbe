"""Gold annotations: the entities and triples a person found in their articles.

A gold folder holds one JSON file per article (``*.json``, read in name order)::

    {"doc": "a1.txt",
     "entities": [{"name": "东湖某某光电有限公司", "type": "Enterprise", "aliases": ["某某光电"]}],
     "triples": [{"s": "东湖某某光电有限公司", "p": "locatedIn", "o": "东湖光谷产业园",
                  "evidence": "某某光电位于东湖光谷产业园"}]}

``name`` is the fullest form of a name, ``aliases`` every other form of it;
``s`` and ``o`` are names listed in ``entities``; ``evidence`` (optional) quotes
the sentence. Names and aliases are compared after removing white space and
quotes (:func:`norm`). The first file that uses a form keeps it; a later entity
claiming it gets a warning. Triples of other predicates are not scored.

>>> import json, tempfile
>>> from pathlib import Path
>>> d = Path(tempfile.mkdtemp())
>>> _ = (d / "a1.json").write_text(json.dumps({"entities": [
...     {"name": "某某光电有限公司", "type": "Enterprise", "aliases": ["某某 光电"]},
...     {"name": "光谷产业园", "type": "Park"}],
...     "triples": [{"s": "某某光电有限公司", "p": "locatedIn", "o": "光谷产业园"}]}), encoding="utf-8")
>>> gold = load_gold(d)
>>> gold.names["某某光电"], sorted(gold.triples), gold.warnings
('某某光电有限公司', [('某某光电有限公司', 'locatedIn', '光谷产业园')], ())
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from kg.errors import InputError
from kg.model import ENTITY_TYPES, PREDICATES, SYMMETRIC

__all__ = ["Gold", "GoldEvidence", "GoldError", "load_gold", "norm", "triple_key"]

_STRIP = re.compile(r"[\s\u3000“”‘’\"'「」『』《》]")


class GoldError(InputError):
    """A gold folder or file that cannot be read as gold annotations."""


def norm(text: str) -> str:
    """A name as it is compared: without white space and quotes.

    >>> norm(" 《某某 光电》 ")
    '某某光电'
    """
    return _STRIP.sub("", str(text))


def triple_key(s: str, p: str, o: str) -> tuple[str, str, str]:
    """The triple as it is compared: a symmetric predicate's ends in string order.

    >>> triple_key("乙", "cooperatesWith", "甲"), triple_key("乙", "supplies", "甲")
    (('乙', 'cooperatesWith', '甲'), ('乙', 'supplies', '甲'))
    >>> triple_key("b", "neighborOf", "a")
    ('a', 'neighborOf', 'b')
    """
    if p in SYMMETRIC and o < s:
        s, o = o, s
    return (s, p, o)


@dataclass(frozen=True)
class GoldEvidence:
    """Where a gold triple is stated: the gold file and its ``evidence`` quote ("" if none)."""

    file: str
    sentence: str


@dataclass(frozen=True)
class Gold:
    """The union of a gold folder.

    ``names``: normalised form → gold name; ``types``: gold name → type;
    ``triples``: scored triples as :func:`triple_key`; ``evidence``: triple → quotes.
    """

    folder: str
    files: tuple[str, ...]
    names: Mapping[str, str] = field(repr=False)
    types: Mapping[str, str] = field(repr=False)
    triples: frozenset[tuple[str, str, str]] = field(repr=False)
    evidence: Mapping[tuple[str, str, str], tuple[GoldEvidence, ...]] = field(repr=False)
    warnings: tuple[str, ...] = ()


def _read_json(path: Path) -> dict:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise GoldError(f"{path}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise GoldError(f"{path}: not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("entities"), list) \
            or not isinstance(doc.get("triples"), list):
        raise GoldError(f'{path}: a gold file is an object with "entities" and "triples" lists')
    return doc


def _strings(item, keys: tuple[str, ...]) -> bool:
    return isinstance(item, dict) and all(isinstance(item.get(k), str) and item[k] for k in keys)


def _check_entity(path: Path, i: int, ent) -> list[str]:
    if not _strings(ent, ("name", "type")):
        raise GoldError(f'{path}: entity {i + 1} needs a "name" and a "type" (strings)')
    aliases = ent.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise GoldError(f'{path}: entity {i + 1} ({ent["name"]}): "aliases" must be a list of strings')
    return aliases


def _check_triple(path: Path, i: int, t) -> None:
    if not _strings(t, ("s", "p", "o")):
        raise GoldError(f'{path}: triple {i + 1} needs "s", "p" and "o" (strings)')
    if not isinstance(t.get("evidence", ""), str):
        raise GoldError(f'{path}: triple {i + 1}: "evidence" must be a string')


class _Collector:
    """Accumulates the files of a folder, in order, the way they are scored."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.types: dict[str, str] = {}
        self.evidence: dict[tuple[str, str, str], list[GoldEvidence]] = {}
        self.warnings: list[str] = []

    def add_file(self, path: Path) -> None:
        doc = _read_json(path)
        listed = set()
        for i, ent in enumerate(doc["entities"]):
            aliases = _check_entity(path, i, ent)
            self._add_entity(path, ent["name"], ent["type"], aliases)
            listed.add(ent["name"])
        for i, t in enumerate(doc["triples"]):
            _check_triple(path, i, t)
            self._add_triple(path, t, listed)

    def _add_entity(self, path: Path, name: str, type_: str, aliases: list[str]) -> None:
        if type_ not in ENTITY_TYPES:
            self.warnings.append(f"{path.name}: {name!r} has type {type_!r}, not one of {', '.join(ENTITY_TYPES)}")
        elif self.types.get(name, type_) != type_:
            self.warnings.append(f"{path.name}: {name!r} is {type_}, an earlier file says {self.types[name]}")
        self.types[name] = type_
        for form in [name, *aliases]:
            key = norm(form)
            if key in self.names and self.names[key] != name:
                self.warnings.append(f"{path.name}: {form!r} names both {self.names[key]!r} and {name!r}")
            self.names.setdefault(key, name)

    def _add_triple(self, path: Path, t: dict, listed: set[str]) -> None:
        s, p, o = t["s"], t["p"], t["o"]
        if p not in PREDICATES:
            self.warnings.append(f"{path.name}: predicate {p!r} is not scored ({s} {p} {o})")
            return
        for end in (s, o):
            if end not in listed:
                self.warnings.append(f"{path.name}: {end!r} in ({s} {p} {o}) is not a name listed in its entities")
        ev = GoldEvidence(path.name, t.get("evidence", ""))
        self.evidence.setdefault(triple_key(s, p, o), []).append(ev)


def load_gold(folder: str | Path) -> Gold:
    """Read every ``*.json`` of ``folder``; raise :class:`GoldError` for an unusable one."""
    folder = Path(folder)
    if not folder.is_dir():
        raise GoldError(f"gold folder not found: {folder}")
    paths = sorted(folder.glob("*.json"))
    if not paths:
        raise GoldError(f"no gold files (*.json) in {folder}")
    c = _Collector()
    for path in paths:
        c.add_file(path)
    return Gold(folder=str(folder), files=tuple(p.name for p in paths), names=c.names, types=c.types,
                triples=frozenset(c.evidence), evidence={k: tuple(v) for k, v in c.evidence.items()},
                warnings=tuple(c.warnings))
