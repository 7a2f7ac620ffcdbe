"""Bind query variables with ``VALUES`` clauses of escaped RDF terms, for any SPARQL 1.1 engine.

:func:`inject_values` puts one ``VALUES ?var { term }`` per binding at the start of
the query's WHERE group: a value is an escaped term, never query text.  The same
clause goes into each subquery that projects the variable and is an element of
that group (plain, OPTIONAL, MINUS, GRAPH or a UNION branch), and recursively into
the subqueries of those: an engine evaluates a subquery on its own, before joining
it, and would otherwise compute it for every value of the variable.  This cannot
change the answer: every row of the group has the bound value (the VALUES clause
is its first element), so a subquery row with another value joins with none of
them, completes none of them and excludes none of them.  A subquery is left alone
when it has LIMIT or OFFSET (the rows kept would change), assigns the variable
(``AS ?var``), or sits in an EXISTS filter or a SERVICE call.

>>> import pyoxigraph as ox
>>> inject_values("SELECT ?s { ?s ?p ?o }", {"o": ox.Literal('x" } #')})
'SELECT ?s { VALUES ?o { "x\\\\" } #" } ?s ?p ?o }'
>>> q = "SELECT ?n { { SELECT ?s ?z WHERE { ?s ?p ?z } } ?s ?q ?n }"
>>> inject_values(q, {"z": ox.NamedNode("http://x/z")}).replace("<http://x/z>", "Z")
'SELECT ?n { VALUES ?z { Z } { SELECT ?s ?z WHERE { VALUES ?z { Z } ?s ?p ?z } } ?s ?q ?n }'
"""
from __future__ import annotations

import re
from typing import Mapping

import pyoxigraph as ox

from kg.errors import QueryError

_TOKENS = re.compile(r'''
    (?P<comment>\#[^\n]*)
  | (?P<term>"""(?:[^"\\]|\\.|"(?!""))*""" | \'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
      | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*'
      | <[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$]\w+)
  | (?P<word>(?:[^\W\d][\w.-]*)?:[\w.:-]*|[^\W\d]\w*)
  | (?P<punct>\S)''', re.X)
_EXISTS = "EXISTS"  # [NOT] EXISTS { SELECT … }: evaluated per row, left alone
_SERVICE = {"SERVICE", "SILENT"}  # two tokens before the brace: SERVICE [SILENT] <x> { SELECT … }


def term_text(term) -> str:
    """A term in SPARQL syntax (N-Triples escaping); blank nodes cannot be bound."""
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return str(term)
    raise QueryError(f"cannot bind {term!r}: only IRIs and literals can be parameters")


def inject_values(query: str, bindings: Mapping) -> str:
    """``query`` with one ``VALUES`` clause per binding in its WHERE group and joined subqueries."""
    if not bindings:
        return query
    terms = {getattr(k, "value", k): term_text(v) for k, v in bindings.items()}
    tokens = _tokenize(query)
    inserts: list[tuple[int, str]] = []
    _bind_group(tokens, _where_brace(tokens), tuple(terms), inserts)
    for at, names in sorted(inserts, reverse=True):
        clauses = "".join(f" VALUES ?{n} {{ {terms[n]} }}" for n in names)
        query = query[:at] + clauses + query[at:]
    return query


def _tokenize(query: str) -> list[tuple[str, str, int]]:
    """(kind, text, end offset) of each token; kinds: open, close, var, word, term, punct."""
    out = []
    for m in _TOKENS.finditer(query):
        kind = m.lastgroup
        if kind == "comment":
            continue
        text = m.group()
        if kind == "punct" and text in "{}":
            kind = "open" if text == "{" else "close"
        out.append((kind, text.upper() if kind == "word" else text, m.end()))
    return out


def _where_brace(tokens, select: int | None = None) -> int:
    """Index of the brace opening the WHERE group: of the query, or of the subquery at ``select``."""
    depth, parens, first = 0, 0, None
    for i in range(select or 0, len(tokens)):
        kind, text, _ = tokens[i]
        if kind == "open":
            if depth == 0 and parens == 0:
                if select is not None or (i and tokens[i - 1][1] == "WHERE"):
                    return i  # a subquery has no template: its first group is the WHERE group
                first = i if first is None else first
            depth += 1
        elif kind == "close":
            depth = max(depth - 1, 0)
        elif kind == "punct" and text in "()":
            parens += 1 if text == "(" else -1
    if first is None:
        raise QueryError("cannot bind parameters: the query has no WHERE clause")
    return first


def _closing(tokens, i: int) -> int:
    """Index of the brace closing the one opened at ``i`` (the last token if unbalanced)."""
    depth = 0
    for j in range(i, len(tokens)):
        depth += {"open": 1, "close": -1}.get(tokens[j][0], 0)
        if depth == 0:
            return j
    return len(tokens) - 1


def _bind_group(tokens, group: int, names: tuple[str, ...], inserts: list) -> None:
    """VALUES for ``names`` at the start of ``group``, and into the subqueries it joins."""
    inserts.append((tokens[group][2], names))
    end, i = _closing(tokens, group), group + 1
    while i < end:
        if tokens[i][0] != "open":
            i += 1
            continue
        close = _closing(tokens, i)
        if tokens[i + 1][1] == "SELECT" and _joined(tokens, i):
            kept = _projected(tokens, i + 1, close, names)
            if kept:
                _bind_group(tokens, _where_brace(tokens, i + 1), kept, inserts)
        i = close + 1


def _joined(tokens, i: int) -> bool:
    """Whether the subquery whose brace is at ``i`` is joined with its group (not EXISTS, SERVICE)."""
    before = [t[1] for t in tokens[max(i - 2, 0):i]]
    return not (before and before[-1] == _EXISTS or len(before) == 2 and before[0] in _SERVICE)


def _projected(tokens, select: int, close: int, names: tuple[str, ...]) -> tuple[str, ...]:
    """Those of ``names`` the subquery projects as plain variables and may be restricted on."""
    body = tokens[select:close]
    if any(t[1] in ("LIMIT", "OFFSET") for t in body):
        return ()
    group, parens, projected = _where_brace(tokens, select), 0, set()
    for kind, text, _ in tokens[select + 1:group]:
        if kind == "punct" and text in "()":
            parens += 1 if text == "(" else -1
        elif kind == "var" and parens == 0:
            projected.add(text[1:])
    assigned = {body[k + 1][1][1:] for k in range(len(body) - 1)
                if body[k][1] == "AS" and body[k + 1][0] == "var"}
    return tuple(n for n in names if n in projected and n not in assigned)
