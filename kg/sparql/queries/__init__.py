"""The library of named SPARQL queries shipped with kg: one ``.rq`` file each.

Every file starts with a header of ``#`` comments, then the query::

    # title: Enterprises in a park or zone
    # description: Enterprises located in the park or zone, ...
    #   (continued on lines indented by two more spaces)
    # param: place Zone|Park  the zone or park (name, alias or IRI)
    # example: kg query enterprises-in --param place=常州高新区

A ``param`` line gives the variable's name, its kind and a description.  The
kind is ``any`` (any entity), entity types joined by ``|``, ``text`` (a plain
literal) or ``predicate`` (a predicate's local name); a trailing ``?`` marks
an optional parameter.  Parameters are projected by the query (SPARQL
substitution needs it) and bound as RDF terms, never pasted into the text.

>>> q = named_query("enterprises-in")
>>> q.title, [(p.name, p.types, p.optional) for p in q.params]
('Enterprises in a park or zone', [('place', ('Zone', 'Park'), False)])
>>> parse_param("other any?  the other end")
Param(name='other', kind='any', optional=True, description='the other end')
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from kg.errors import InputError
from kg.graph.resolve import resolve_name
from kg.model import ENTITY_TYPES, PREDICATES
from kg.sparql.run import inject_values, run_query
from kg.vocab import KG

KINDS = ("any", "text", "predicate")
_HEADER = re.compile(r"^#\s?(\w+):\s*(.*)$")
_PARAM = re.compile(r"^(\w+)\s+([\w|]+)(\?)?\s*(.*)$")


@dataclass(frozen=True)
class Param:
    """A declared parameter of a named query."""

    name: str
    kind: str
    optional: bool = False
    description: str = ""

    @property
    def types(self) -> tuple[str, ...] | None:
        """Entity types a name must resolve to; ``None`` for any type or a non-entity kind."""
        if self.kind in KINDS:
            return None
        return tuple(self.kind.split("|"))

    @property
    def is_entity(self) -> bool:
        return self.kind not in ("text", "predicate")


@dataclass(frozen=True)
class NamedQuery:
    """A query of the library: its name (the file stem), header and SPARQL text."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    examples: tuple[str, ...]
    text: str

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def parse_param(spec: str) -> Param:
    """Parse the value of a ``# param:`` line: ``NAME KIND[?]  description``."""
    m = _PARAM.match(spec.strip())
    if not m:
        raise InputError(f"bad parameter declaration {spec!r} (expected: NAME KIND[?] description)")
    name, kind, optional, description = m.groups()
    bad = [k for k in kind.split("|") if k not in ENTITY_TYPES] if kind not in KINDS else []
    if bad:
        raise InputError(f"parameter {name}: unknown kind {'|'.join(bad)!r}; use any, text, "
                         f"predicate or entity types ({', '.join(ENTITY_TYPES)})")
    return Param(name, kind, bool(optional), description.strip())


def parse_query_file(name: str, text: str) -> NamedQuery:
    """Read the header comments of a query; the text is kept whole (line numbers stay right)."""
    fields: dict[str, list[str]] = {"title": [], "description": [], "param": [], "example": []}
    last = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = _HEADER.match(line)
        if m and m.group(1) in fields:
            last = m.group(1)
            fields[last].append(m.group(2).strip())
        elif last and line.startswith("#  "):
            fields[last][-1] += " " + line[1:].strip()
    params = tuple(parse_param(p) for p in fields["param"])
    return NamedQuery(name=name, title=" ".join(fields["title"]) or name,
                      description=" ".join(fields["description"]), params=params,
                      examples=tuple(fields["example"]), text=text)


def _files() -> dict[str, Path]:
    root = resources.files(__name__)
    return {Path(f.name).stem: Path(str(f)) for f in root.iterdir() if f.name.endswith(".rq")}


def list_queries() -> list[NamedQuery]:
    """Every named query, sorted by name.

    >>> "neighbor-chain" in [q.name for q in list_queries()]
    True
    """
    return [named_query(name) for name in sorted(_files())]


def named_query(name: str) -> NamedQuery:
    """The named query ``name``; :class:`~kg.errors.InputError` if there is none."""
    files = _files()
    if name not in files:
        raise InputError(f"no named query {name!r}; `kg query --list` shows them "
                         f"({', '.join(sorted(files))})")
    return parse_query_file(name, files[name].read_text(encoding="utf-8"))


def load_query_file(path: Path) -> NamedQuery:
    """A query from a ``.rq`` file of the user's; its header may declare parameters too."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeError) as exc:
        raise InputError(f"cannot read query file {path}: {exc}") from None
    return parse_query_file(Path(path).stem, text)


# ---------------------------------------------------------------- binding and running

class _BindWithValues:
    """A source whose ``substitutions`` become a VALUES clause (for queries that do not
    project the substituted variable, which pyoxigraph's substitution requires)."""

    def __init__(self, source):
        self.source = source

    def query(self, text, use_default_graph_as_union=True, substitutions=None):
        return self.source.query(inject_values(text, substitutions or {}),
                                 use_default_graph_as_union=use_default_graph_as_union)


def bind_value(source, param: Param, value: str):
    """The RDF term a parameter value stands for: a literal, a predicate or a resolved entity."""
    import pyoxigraph as ox

    if param.kind == "text":
        return ox.Literal(value)
    if param.kind == "predicate":
        if value not in PREDICATES:
            raise InputError(f"{param.name}: unknown predicate {value!r}; use one of {', '.join(PREDICATES)}")
        return ox.NamedNode(str(KG[value]))
    iri = resolve_name(_BindWithValues(source), value, param.types)
    try:
        return ox.NamedNode(iri)
    except ValueError as exc:
        raise InputError(f"{param.name}: {value!r} is not a valid IRI: {exc}") from None


def bind_parameters(source, query: NamedQuery, given: dict[str, str]) -> dict[str, object]:
    """RDF terms for the ``--param NAME=VALUE`` given; names resolve through labels and aliases.

    A query that declares no parameters (an ad-hoc query) takes any, as entity names.
    """
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(given) - set(declared)) if declared else []
    if unknown:
        raise InputError(f"{query.name} has no parameter {unknown[0]!r}; it takes "
                         f"{', '.join(declared)}")
    missing = [p.name for p in query.params if not p.optional and p.name not in given]
    if missing:
        raise InputError(f"{query.name} needs --param {missing[0]}=… ({declared[missing[0]].description})")
    return {name: bind_value(source, declared.get(name, Param(name, "any")), value)
            for name, value in given.items()}


def run_named(source, query: NamedQuery, given: dict[str, str], timeout: float | None = None):
    """Bind the parameters, run the query and drop the echoed parameter columns."""
    result = run_query(source, query.text, bind_parameters(source, query, given), timeout)
    if result.kind != "select":
        return result
    result = result.drop(p.name for p in query.params)  # an unbound optional one may vary
    return replace(result, rows=tuple(dict.fromkeys(result.rows)))


def load_query(arg: str, stdin=None) -> NamedQuery:
    """What ``kg query ARG`` means: ``-`` (stdin), a ``.rq`` file, a named query or SPARQL text.

    >>> load_query("summary").name, load_query("ASK { ?s ?p ?o }").name
    ('summary', 'query')
    """
    if arg == "-":
        import sys
        return parse_query_file("stdin", (stdin or sys.stdin).read())
    if arg.endswith(".rq") or (len(arg) < 4096 and "\n" not in arg and Path(arg).is_file()):
        return load_query_file(Path(arg))
    if re.fullmatch(r"[\w-]+", arg):
        return named_query(arg)
    return parse_query_file("query", arg)
