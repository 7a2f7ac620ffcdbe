"""kg.sparql.run: running queries, syntax errors, timeouts, VALUES injection and result formats."""
from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import QueryError
from kg.sparql.run import (Endpoint, EndpointError, QueryTimeoutError, format_result, inject_values, run_query,
                           syntax_error)

A, P, G = ox.NamedNode("http://x/a"), ox.NamedNode("http://x/p"), ox.NamedNode("http://x/g")
INT = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")


@pytest.fixture()
def store() -> ox.Store:
    s = ox.Store()
    s.add(ox.Quad(A, P, ox.Literal('甲,"乙"'), G))
    s.add(ox.Quad(A, P, ox.Literal("3", datatype=INT), G))
    s.add(ox.Quad(A, P, ox.Literal("hi", language="en"), G))
    return s


SELECT = "SELECT ?s ?o ?x WHERE { ?s <http://x/p> ?o } ORDER BY STR(?o)"


def test_select_reads_the_union_of_named_graphs(store):
    r = run_query(store, SELECT)
    assert r.kind == "select" and r.variables == ("s", "o", "x")
    assert [row[1].value for row in r.rows] == ["3", "hi", '甲,"乙"'] and r.rows[0][2] is None
    assert r.records()[0] == {"s": "http://x/a", "o": "3", "x": None}


def test_ask_and_construct(store):
    assert run_query(store, "ASK { ?s ?p 3 }").boolean is True
    r = run_query(store, "CONSTRUCT { ?s kg:supplies ?o } WHERE { ?s ?p ?o FILTER(isNumeric(?o)) }")
    turtle = format_result(r, "ttl")
    assert "@prefix kg: <https://w3id.org/kg/ontology#> .\n" in turtle
    assert turtle.endswith("\n<http://x/a> kg:supplies 3 .\n")
    assert format_result(r, "nt") == "<http://x/a> <https://w3id.org/kg/ontology#supplies> " \
                                     '"3"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json"])
def test_results_formats_match_pyoxigraph(store, fmt):
    expected = store.query(SELECT, use_default_graph_as_union=True).serialize(
        format={"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
                "json": ox.QueryResultsFormat.JSON}[fmt]).decode()
    assert format_result(run_query(store, SELECT), fmt) == expected


def test_exact_csv_tsv_json(store):
    r = run_query(store, SELECT)
    assert format_result(r, "csv") == 's,o,x\r\nhttp://x/a,3,\r\nhttp://x/a,hi,\r\nhttp://x/a,"甲,""乙""",\r\n'
    assert format_result(r, "tsv").splitlines()[3] == '<http://x/a>\t"甲,\\"乙\\""\t'
    bindings = json.loads(format_result(r, "json"))["results"]["bindings"]
    assert bindings[1] == {"s": {"type": "uri", "value": "http://x/a"},
                           "o": {"type": "literal", "value": "hi", "xml:lang": "en"}}
    ask = run_query(store, "ASK { ?s ?p 4 }")
    assert json.loads(format_result(ask, "json")) == {"head": {}, "boolean": False}
    assert format_result(ask, "table") == "ask\nfalse"


def test_formats_that_do_not_fit_the_answer(store):
    with pytest.raises(QueryError, match="use --format ttl or nt"):
        format_result(run_query(store, "CONSTRUCT WHERE { ?s ?p ?o }"), "csv")
    with pytest.raises(QueryError, match="is for CONSTRUCT"):
        format_result(run_query(store, SELECT), "ttl")
    with pytest.raises(QueryError, match="unknown format"):
        format_result(run_query(store, SELECT), "xml")


def test_syntax_errors_give_line_and_column(store):
    with pytest.raises(QueryError, match=r"syntax error at line 3, column \d+") as err:
        run_query(store, "SELECT *\nWHERE {\n  ?s ?p }")
    assert err.value.exit_code == 2
    with pytest.raises(QueryError, match=r"line 1, column \d+: undeclared prefix"):
        run_query(store, "SELECT * { ?s ?p ex:x }")
    assert str(syntax_error("garbled")) == "SPARQL syntax error: garbled"


def test_parameters_bind_by_values_or_by_substitution(store):
    assert len(run_query(store, "SELECT ?o { ?s ?p ?o }", {"s": A}).rows) == 3
    assert len(run_query(store, "SELECT ?o ?s { ?s ?p ?o }", {"s": A}, binding="substitution").rows) == 3
    with pytest.raises(QueryError, match="SELECT projection"):
        run_query(store, "SELECT ?o { ?s ?p ?o }", {"s": A}, binding="substitution")


def test_syntax_errors_point_into_the_query_as_written_not_the_bound_one(store):
    with pytest.raises(QueryError, match="line 1, column 20:"):
        run_query(store, "SELECT ?o { ?s ?p }", {"s": A})


def chain_store(n: int) -> ox.Store:
    s = ox.Store()
    s.bulk_extend(ox.Quad(ox.NamedNode(f"http://x/{i}"), P, ox.NamedNode(f"http://x/{i + 1}"))
                  for i in range(n))
    return s


def test_timeout_gives_up_on_the_embedded_store():
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a <http://x/p>* ?b }"  # ~1 s on 1500 nodes
    with pytest.raises(QueryTimeoutError, match="within 0.05 s") as err:
        run_query(chain_store(1500), slow, timeout=0.05)
    assert err.value.exit_code == 124
    assert run_query(chain_store(10), slow, timeout=30).rows[0][0].value == "66"


def test_errors_in_the_worker_reach_the_caller(store):
    with pytest.raises(QueryError, match="syntax error"):
        run_query(store, "SELECT", timeout=5)


# ---------------------------------------------------------------- VALUES injection

@pytest.mark.parametrize("query,expected", [
    ("SELECT ?s { ?s ?p ?o }", "SELECT ?s { VALUES ?o { 1 } ?s ?p ?o }"),
    ("SELECT ?s WHERE { ?s ?p ?o }", "SELECT ?s WHERE { VALUES ?o { 1 } ?s ?p ?o }"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT { ?s ?p ?o } WHERE { VALUES ?o { 1 } ?s ?p ?o }"),
    ("# a { comment\nPREFIX e: <http://e/x>\nASK { ?s ?p ?o }",
     "# a { comment\nPREFIX e: <http://e/x>\nASK { VALUES ?o { 1 } ?s ?p ?o }"),
    ('SELECT ("{" AS ?b) ?where { ?s ?p ?o }', 'SELECT ("{" AS ?b) ?where { VALUES ?o { 1 } ?s ?p ?o }'),
    ("SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } } }",
     "SELECT * WHERE { VALUES ?o { 1 } { SELECT ?s WHERE { ?s ?p ?o } } }"),
])
def test_values_go_at_the_start_of_the_where_group(query, expected):
    one = ox.Literal("1", datatype=INT)
    assert inject_values(query, {"o": one}).replace('"1"^^<http://www.w3.org/2001/XMLSchema#integer>', "1") == expected


def test_values_refuse_what_cannot_be_bound():
    with pytest.raises(QueryError, match="no WHERE"):
        inject_values("DESCRIBE <http://x/a>", {"o": A})
    with pytest.raises(QueryError, match="only IRIs and literals"):
        inject_values("SELECT * { ?s ?p ?o }", {"o": ox.BlankNode()})
    assert inject_values("SELECT * { ?s ?p ?o }", {}) == "SELECT * { ?s ?p ?o }"


@pytest.mark.parametrize("value", ['x" } ; DROP ALL ; #', "a'''b", "x\\u0022 } #", 'x\\" }', "\n} #"])
def test_injected_literals_parse_as_one_term(store, value):
    text = inject_values("SELECT ?o WHERE { ?s ?p ?o }", {"o": ox.Literal(value)})
    assert store.query(text, use_default_graph_as_union=True).variables == [ox.Variable("o")]
    assert list(store.query(text.replace("SELECT ?o", "SELECT (COUNT(*) AS ?n)"),
                            use_default_graph_as_union=True))[0]["n"].value == "0"
    assert len(store) == 3


# ---------------------------------------------------------------- endpoint failures (no server)

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_endpoint_is_one_error():
    with pytest.raises(EndpointError, match="cannot reach endpoint http://127.0.0.1:"):
        run_query(Endpoint(f"http://127.0.0.1:{free_port()}/query", timeout=2), "ASK {}")
    with pytest.raises(EndpointError, match="must be an http"):
        Endpoint("ftp://x/query")


def test_endpoint_timeout_on_a_server_that_never_answers():
    with socket.socket() as listener:  # accepts connections (backlog) but never replies
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/query"
        with pytest.raises(QueryTimeoutError, match="did not answer within 0.3 s"):
            run_query(Endpoint(url, timeout=0.3), "ASK {}")


runner = CliRunner()


def test_cli_reports_unreachable_endpoint_in_one_line(tmp_path):
    out = runner.invoke(app, ["query", "ASK {}", "--endpoint", f"http://127.0.0.1:{free_port()}/query"])
    assert out.exit_code == 1
    assert out.stderr.startswith("kg: error: cannot reach endpoint") and len(out.stderr.splitlines()) == 1


def test_cli_syntax_error_exits_2_with_line_and_column(tmp_path):
    s = ox.Store(str(tmp_path / "store"))
    s.add(ox.Quad(A, P, A, G))
    s.flush()
    del s
    q = tmp_path / "bad.rq"
    q.write_text("# a comment\nSELECT * WHERE {\n  ?s ?p ?o . FILTER(?x = ) }\n", encoding="utf-8")
    out = runner.invoke(app, ["query", str(q), "--store", str(tmp_path / "store")])
    assert out.exit_code == 2
    assert re.match(r"kg: error: SPARQL syntax error at line 3, column \d+: expected", out.stderr)
    out = runner.invoke(app, ["query", "ASK { ?s ?p ?o }", "--store", str(tmp_path / "store"), "-f", "json"])
    assert out.exit_code == 0 and json.loads(out.stdout) == {"head": {}, "boolean": True}
    out = runner.invoke(app, ["query", "CONSTRUCT WHERE { ?s ?p ?o }", "--store", str(tmp_path / "store")])
    assert out.exit_code == 0 and out.stdout.endswith("<http://x/a> <http://x/p> <http://x/a> .\n")


@pytest.fixture()
def store_dir(tmp_path) -> str:
    s = ox.Store(str(tmp_path / "store"))
    s.add(ox.Quad(A, P, A, G))
    s.flush()
    del s
    return str(tmp_path / "store")


UPDATE_REFUSED = ("kg: error: updates are not run by kg query (it only reads); "
                  "use kg serve --allow-update and a SPARQL client\n")


@pytest.mark.parametrize("update", [
    "INSERT DATA { <a:b> <a:c> <a:d> }",
    "# add one\nPREFIX x: <http://x/#> BASE <http://x/>\n  insert data { x:a x:p x:b }",
    "PREFIX : <http://x/> DELETE WHERE { ?s ?p ?o }",
    "WITH <http://x/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "DROP ALL", "clear default", "LOAD <http://x/data.ttl>", "CREATE GRAPH <http://x/h>",
    "ADD DEFAULT TO <http://x/h>", "MOVE <http://x/g> TO DEFAULT", "COPY DEFAULT TO <http://x/h>",
])
def test_cli_refuses_updates_in_one_line(store_dir, update):
    out = runner.invoke(app, ["query", update, "--store", store_dir])
    assert (out.exit_code, out.stdout, out.stderr) == (2, "", UPDATE_REFUSED)
    assert len(ox.Store.read_only(store_dir)) == 1


def test_cli_refuses_an_update_in_a_query_file(store_dir, tmp_path):
    q = tmp_path / "drop.rq"
    q.write_text("# title: drop it all\n\nDROP ALL\n", encoding="utf-8")
    out = runner.invoke(app, ["query", str(q), "--store", store_dir])
    assert (out.exit_code, out.stderr) == (2, UPDATE_REFUSED)


@pytest.mark.parametrize("query", ['SELECT ("INSERT" AS ?x) {}', "# DROP ALL\nASK {}",
                                   "PREFIX insert: <http://x/> ASK { ?s insert:p ?o }", "DESCRIBE <http://x/a>"])
def test_queries_that_mention_update_words_still_run(store_dir, query):
    out = runner.invoke(app, ["query", query, "--store", store_dir])
    assert out.exit_code == 0, out.stderr


def test_cli_refuses_a_parameter_given_twice(store_dir):
    out = runner.invoke(app, ["query", "enterprises-in", "--param", "zone=A", "--param", "zone=B",
                              "--store", store_dir])
    assert (out.exit_code, out.stdout, out.stderr) == (2, "", "kg: error: --param zone given twice\n")


LONG = "http://x/" + "a-rather-long-name-" * 8  # a column of 161 characters


def _long_table() -> str:
    bar = "━" * (len(LONG) + 2)
    return (f"┏{bar}┓\n┃ {'s':<{len(LONG)}} ┃\n┡{bar}┩\n"
            f"│ {LONG} │\n└{'─' * (len(LONG) + 2)}┘\n")


def test_cli_table_is_not_wrapped_when_stdout_is_not_a_terminal(store_dir):
    s = ox.Store(store_dir)
    s.add(ox.Quad(ox.NamedNode(LONG), P, A, G))
    s.flush()
    del s
    query = "SELECT ?s { ?s ?p ?o FILTER(STRLEN(STR(?s)) > 20) }"
    out = runner.invoke(app, ["query", query, "--store", store_dir], env={"COLUMNS": "80"})
    assert (out.exit_code, out.stdout, out.stderr) == (0, _long_table(), "1 row\n")
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "query", query, "--store", store_dir],
                          capture_output=True, text=True, env={**os.environ, "COLUMNS": "80"})
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, _long_table(), "1 row\n")
