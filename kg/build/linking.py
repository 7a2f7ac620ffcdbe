"""Link entities across articles: one node per real thing.

Full names are canonical.  A short name links to the full name whose
structure implies it (``short_forms``) or which declared it as an alias,
when exactly one full name of that type does; otherwise it stays a node of
its own.  A park written with its zone (常州高新区青枫智谷园区) absorbs the
forms without the zone or its 高新区 (常州青枫智谷园区, 青枫智谷园区).

>>> from kg.model import Entity
>>> linker = link_entities([Entity("山东青禾膜技术有限公司", "Enterprise"), Entity("青禾膜", "Enterprise")])
>>> linker.canonical("青禾膜", "Enterprise").name
'山东青禾膜技术有限公司'
>>> sorted(linker.canonical("青禾膜", "Enterprise").aliases)
['青禾膜']
"""
from __future__ import annotations

import csv
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from kg.errors import InputError
from kg.extract.aliases import short_forms
from kg.extract.lexicon import Lexicon, load_lexicon
from kg.model import ENTITY_TYPES, Entity


@dataclass
class Linker:
    """Maps (name, type) seen in any article to its canonical :class:`Entity`."""

    entities: dict[tuple[str, str], Entity] = field(default_factory=dict)
    mapping: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)

    def canonical(self, name: str, type_: str) -> Entity:
        return self.entities[self.mapping.get((name, type_), (name, type_))]

    def all(self) -> list[Entity]:
        return sorted(self.entities.values(), key=lambda e: (e.type, e.name))


def park_forms(name: str, lex: Lexicon) -> set[str]:
    """Shorter ways of writing a park named with its zone.

    >>> sorted(park_forms("常州高新区青枫智谷园区", load_lexicon()))
    ['常州青枫智谷园区', '青枫智谷园区']
    """
    forms = set()
    for m in lex.regex["suffix"].finditer(name):
        if lex.place_suffix_type.get(m.group(0)) == "Zone" and m.end() < len(name):
            rest = name[m.end():]
            region = lex.regex["anchor"].match(name)
            if region and region.end() <= m.start():
                forms.add(name[:region.end()] + rest)
            if len(rest) >= 5:
                forms.add(rest)
    return forms


def link_entities(entities: Iterable[Entity], registry: Iterable[Entity] = (),
                  lex: Lexicon | None = None, forms_cache: dict | None = None) -> Linker:
    """Merge entities of all articles (and a user's register) into canonical ones.

    ``forms_cache`` memoises the shorter forms of each name across calls (a
    dict kept by the caller for one lexicon; a rebuild passes the previous one).
    """
    lex = lex or load_lexicon()
    forms_cache = {} if forms_cache is None else forms_cache
    merged: dict[tuple[str, str], tuple[set[str], float]] = {}
    for e in itertools.chain(registry, entities):
        aliases, conf = merged.get((e.name, e.type), (set(), 0.0))
        merged[(e.name, e.type)] = (aliases | set(e.aliases), max(conf, e.confidence))
    claims: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for (name, type_), (aliases, _) in merged.items():
        derived = forms_cache.get((name, type_))
        if derived is None:
            derived = short_forms(name, type_, lex)
            if type_ == "Park":
                derived = derived | park_forms(name, lex)
            derived = forms_cache[(name, type_)] = frozenset(derived)
        forms = set(aliases) | derived
        for form in forms:
            if form != name:
                claims[(form, type_)].add((name, type_))
    mapping = {}
    for key in merged:
        owners = {o for o in claims.get(key, ()) if o not in claims or len(claims[o]) != 1}
        if len(owners) == 1:
            mapping[key] = next(iter(owners))
    linker = Linker()
    for key, (aliases, conf) in merged.items():
        target = mapping.get(key, key)
        t_aliases, t_conf = merged[target]
        current = linker.entities.get(target)
        all_aliases = (set(current.aliases) if current else set(t_aliases)) | aliases
        if key != target:
            all_aliases.add(key[0])
        all_aliases.discard(target[0])
        linker.entities[target] = Entity(target[0], target[1], frozenset(all_aliases),
                                         max(conf, t_conf, current.confidence if current else 0.0))
    linker.mapping = mapping
    return linker


_REGISTRY_FIELDS = ("name", "type", "aliases", "park")


def read_registry(path: Path) -> tuple[list[Entity], list[tuple[str, str]]]:
    """A user's enterprise register (CSV: name, type, aliases, park).

    Returns the entities it names and the (enterprise, park) placements.
    Aliases are separated by ``;`` or ``|``.
    """
    try:
        rows = list(csv.DictReader(Path(path).read_text(encoding="utf-8-sig").splitlines()))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read registry {path}: {exc}") from None
    if not rows or "name" not in rows[0]:
        raise InputError(f"registry {path} needs a header with columns: {', '.join(_REGISTRY_FIELDS)}")
    entities, placements = [], []
    for i, row in enumerate(rows, start=2):
        name = (row.get("name") or "").strip()
        type_ = (row.get("type") or "Enterprise").strip() or "Enterprise"
        if not name:
            continue
        if type_ not in ENTITY_TYPES:
            raise InputError(f"registry {path} line {i}: unknown type {type_!r}")
        aliases = frozenset(a.strip() for a in re.split(r"[;|；]", row.get("aliases") or "") if a.strip())
        entities.append(Entity(name, type_, aliases, 1.0))
        park = (row.get("park") or "").strip()
        if park:
            entities.append(Entity(park, "Park", frozenset(), 1.0))
            placements.append((name, park))
    return entities, placements
