"""kg.sparql.values: VALUES clauses in the WHERE group and in the subqueries joined with it."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.sparql.values import inject_values

X = "http://x/"
Z = ox.NamedNode(X + "z")


def bound(query: str, **terms) -> str:
    """``query`` with its bindings, terms shortened to Z for the expected strings."""
    return inject_values(query, terms or {"z": Z}).replace(f"<{X}z>", "Z")


@pytest.mark.parametrize("query,expected", [
    ("SELECT ?n { { SELECT ?z ?s WHERE { ?s ?p ?z } } }",
     "SELECT ?n { VALUES ?z { Z } { SELECT ?z ?s WHERE { VALUES ?z { Z } ?s ?p ?z } } }"),
    ("SELECT ?n { { SELECT DISTINCT ?s ?z { { SELECT ?z { ?z ?p ?o } } } } }",  # nested, without WHERE
     "SELECT ?n { VALUES ?z { Z } { SELECT DISTINCT ?s ?z { VALUES ?z { Z } { SELECT ?z { VALUES ?z { Z } "
     "?z ?p ?o } } } } }"),
    ("SELECT ?n { ?s ?p ?o OPTIONAL { SELECT ?z { ?z ?q ?o } } }",
     "SELECT ?n { VALUES ?z { Z } ?s ?p ?o OPTIONAL { SELECT ?z { VALUES ?z { Z } ?z ?q ?o } } }"),
    ("SELECT ?n { ?s ?p ?z MINUS { SELECT ?z ?s { ?z ?q ?s } } }",
     "SELECT ?n { VALUES ?z { Z } ?s ?p ?z MINUS { SELECT ?z ?s { VALUES ?z { Z } ?z ?q ?s } } }"),
    ("SELECT ?n { { SELECT ?z { ?z ?q ?o } } UNION { ?z ?p ?n } }",
     "SELECT ?n { VALUES ?z { Z } { SELECT ?z { VALUES ?z { Z } ?z ?q ?o } } UNION { ?z ?p ?n } }"),
])
def test_values_go_into_subqueries_that_project_the_variable(query, expected):
    assert bound(query) == expected


@pytest.mark.parametrize("query", [
    "SELECT ?n { { SELECT ?s { ?s ?p ?z } } }",  # not projected: its ?z is another variable
    "SELECT ?n { { SELECT * { ?s ?p ?z } } }",  # only explicit projections
    "SELECT ?n { { SELECT ?z { ?s ?p ?z } LIMIT 3 } }",  # the rows kept would change
    "SELECT ?n { { SELECT ?z { ?s ?p ?z } ORDER BY ?s OFFSET 1 } }",
    "SELECT ?n { { SELECT ?z { ?s ?p ?o BIND(?o AS ?z) } } }",  # assigned inside: a syntax error
    "SELECT ?n { ?s ?p ?z FILTER NOT EXISTS { SELECT ?z { ?z ?q ?s } } }",  # evaluated per row
    "SELECT ?n { SERVICE <http://x/sparql> { SELECT ?z { ?z ?q ?n } } }",  # another engine
    "SELECT ?n { OPTIONAL { ?s ?p ?o { SELECT ?z { ?z ?q ?o } } } }",  # not an element of the group
    'SELECT ?n { ?s ?p "{ SELECT ?z { ?z ?q ?o } }" }',  # text in a literal
])
def test_subqueries_where_the_restriction_could_change_the_answer_are_left_alone(query):
    assert bound(query) == query.replace("SELECT ?n {", "SELECT ?n { VALUES ?z { Z }", 1)


def graph() -> ox.Store:
    """Two zones, each with a park and enterprises; one enterprise sits in no zone."""
    store = ox.Store()
    for s, p, o in [("p1", "in", "z1"), ("p2", "in", "z2"), ("a", "at", "p1"), ("b", "at", "p1"),
                    ("c", "at", "p2"), ("d", "at", "z2"), ("a", "to", "b"), ("c", "to", "d"),
                    ("b", "to", "c"), ("e", "to", "a")]:
        store.add(ox.Quad(ox.NamedNode(X + s), ox.NamedNode(X + p), ox.NamedNode(X + o)))
    return store


SHAPES = [  # every place a subquery can sit, with a zone parameter ?z
    "SELECT ?e ?z { { SELECT ?e ?z { ?e <http://x/at>/<http://x/in>? ?z } } }",
    "SELECT ?e ?f ?z { { SELECT ?e ?z { ?e <http://x/at>/<http://x/in>? ?z } } ?e <http://x/to> ?f "
    "OPTIONAL { SELECT ?f ?z { ?f <http://x/at>/<http://x/in>? ?z } } }",
    "SELECT ?e ?z { ?e <http://x/at> ?p . ?p <http://x/in> ?z "
    "MINUS { SELECT ?e ?z { ?x <http://x/to> ?e . ?x <http://x/at>/<http://x/in> ?z } } }",
    "SELECT (COUNT(*) AS ?n) ?z { { SELECT ?z (COUNT(?e) AS ?k) { ?e <http://x/at>/<http://x/in>? ?z } "
    "GROUP BY ?z } UNION { SELECT ?z { ?p <http://x/in> ?z } } } GROUP BY ?z",
]


@pytest.mark.parametrize("query", SHAPES)
@pytest.mark.parametrize("zone", ["z1", "z2", "nowhere"])
def test_the_answer_is_the_one_of_a_values_clause_at_the_top_only(query, zone):
    store, term = graph(), ox.NamedNode(X + zone)
    outer_only = query.replace("{", f"{{ VALUES ?z {{ {term} }}", 1)
    inside = inject_values(query, {"z": term})
    assert inside.count("VALUES") > outer_only.count("VALUES")
    expected = {tuple(s) for s in store.query(outer_only)}
    assert {tuple(s) for s in store.query(inside)} == expected


def test_a_hostile_literal_stays_one_term_in_every_subquery():
    store = graph()
    query = "SELECT ?e { { SELECT ?e ?z { ?e <http://x/at> ?z } } }"
    text = inject_values(query, {"z": ox.Literal('x" } } ; DROP ALL ; #')})
    assert text.count("VALUES") == 2
    assert list(store.query(text)) == [] and len(store) == 10
