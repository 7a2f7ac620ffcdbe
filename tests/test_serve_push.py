"""End to end against a real Oxigraph server process: kg push, kg query --endpoint, kg serve."""
from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from typer.testing import CliRunner

from helpers import free_port
from kg.cli import app
from kg.errors import InputError
from kg.graph.store import open_store, store_path
from kg.sparql.push import replace_update
from kg.sparql.queries import named_query, run_named
from kg.sparql.run import Endpoint, run_query
from kg.sparql.serve import ServerError, endpoint_urls, find_oxigraph, start_server, stop_server

CORPUS = Path(__file__).resolve().parent.parent / "corpus"



def have_oxigraph() -> bool:
    try:
        return bool(find_oxigraph())
    except ServerError:
        return False


pytestmark = pytest.mark.skipif(not have_oxigraph(), reason="needs the oxigraph server: pip install oxigraph")

runner = CliRunner()
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
ARGS = {"enterprises-in": {"place": "潍坊高新区"}, "parks-of": {"zone": "潍坊高新区"},
        "suppliers-of": {"entity": "潍柴动力"}, "customers-of": {"entity": "龙口中宇机械有限公司"},
        "neighbor-chain": {}, "evidence": {"entity": "龙口中宇", "other": "潍柴动力"},
        "by-industry": {"industry": "生物医药"}, "people-of": {"entity": "潍坊高新区"},
        "relations-of": {"entity": "山东天维膜"}, "search": {"text": "潍柴"}, "summary": {}}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A writable Oxigraph server on an empty store, on a free loopback port."""
    port = free_port()
    proc = start_server(tmp_path_factory.mktemp("remote"), port=port, allow_update=True,
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    yield endpoint_urls("127.0.0.1", port)
    stop_server(proc)


def count(url: str) -> int:
    return int(run_query(Endpoint(url), COUNT).rows[0][0].value)


@pytest.fixture(scope="module")
def pushed(server, corpus_build):
    out = runner.invoke(app, ["push", "--endpoint", server["query"], "--store", str(corpus_build)])
    assert out.exit_code == 0, out.output
    return out.stdout


def test_push_loads_every_quad(pushed, server, corpus_build):
    store = open_store(corpus_build)
    assert count(server["query"]) == len(store)
    graphs = len(list(store.named_graphs()))
    assert pushed.strip() == f"pushed {len(store)} triples in {graphs} graph(s) to {server['update']}"


def test_a_second_push_changes_nothing(pushed, server, corpus_build):
    before = count(server["query"])
    out = runner.invoke(app, ["push", "-e", server["update"], "--store", str(corpus_build)])
    assert out.exit_code == 0 and count(server["query"]) == before


@pytest.mark.parametrize("name", sorted(ARGS))
def test_endpoint_answers_like_the_embedded_store(pushed, server, corpus_build, name):
    local = run_named(open_store(corpus_build), named_query(name), ARGS[name])
    remote = run_named(Endpoint(server["query"]), named_query(name), ARGS[name])
    assert remote.variables == local.variables
    assert remote.rows == local.rows


def test_cli_query_endpoint_prints_the_same_csv(pushed, server, corpus_build):
    args = ["query", "suppliers-of", "-p", "entity=潍柴动力", "-f", "csv"]
    local = runner.invoke(app, [*args, "--store", str(corpus_build)])
    remote = runner.invoke(app, [*args, "--endpoint", server["query"]])
    assert remote.exit_code == 0 and remote.stdout == local.stdout and "龙口中宇机械有限公司" in remote.stdout


@pytest.mark.parametrize("place", ["潍坊高新区", "潍坊高新区光电产业园"])
def test_endpoint_binds_a_parameter_inside_subqueries_like_the_store(pushed, server, corpus_build, place):
    """neighbor-chain binds ?within in its subqueries too (kg.sparql.values): same rows on both."""
    q = named_query("neighbor-chain")
    local = run_named(open_store(corpus_build), q, {"within": place})
    assert local.rows and run_named(Endpoint(server["query"]), q, {"within": place}).rows == local.rows


def test_hostile_parameter_on_the_endpoint_returns_nothing_and_changes_nothing(pushed, server):
    before = count(server["query"])
    out = runner.invoke(app, ["query", "search", "-p", 'text=x" } ; DROP ALL ; #', "-e", server["query"], "-f", "csv"])
    assert out.exit_code == 0 and out.stdout.splitlines() == ["entity,name,type"]
    out = runner.invoke(app, ["query", "relations-of", "-p", "entity=x' } } ; CLEAR ALL #", "-e", server["query"]])
    assert out.exit_code == 3 and "no entity" in out.stderr
    assert count(server["query"]) == before


def test_endpoint_syntax_error_exits_2(server):
    out = runner.invoke(app, ["query", "SELECT * WHERE { ?s ?p }", "-e", server["query"]])
    assert out.exit_code == 2 and out.stderr.startswith("kg: error: SPARQL syntax error at line 1, column")


def test_endpoint_ask_and_construct(pushed, server):
    out = runner.invoke(app, ["query", "ASK { ?z a kg:Zone }", "-e", server["query"], "-f", "json"])
    assert json.loads(out.stdout) == {"head": {}, "boolean": True}
    out = runner.invoke(app, ["query", "CONSTRUCT { ?z a kg:Zone } WHERE { ?z a kg:Zone ; rdfs:label \"潍坊高新区\" }",
                              "-e", server["query"]])
    assert out.exit_code == 0 and out.stdout.rstrip().endswith("<https://w3id.org/kg/id/zone/潍坊高新区> a kg:Zone .")


def test_push_into_one_named_graph_replaces_it(pushed, server, corpus_build):
    graph = "https://example.org/graph/kg"
    before = count(server["query"])
    for _ in range(2):
        out = runner.invoke(app, ["push", "-e", server["update"], "-g", graph, "--store", str(corpus_build)])
        assert out.exit_code == 0, out.output
    in_graph = run_query(Endpoint(server["query"]),
                         f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").rows[0][0]
    _, distinct, _ = replace_update(open_store(corpus_build), graph)
    assert int(in_graph.value) == distinct and count(server["query"]) == before + distinct
    assert runner.invoke(app, ["push", "-e", server["update"], "-g", graph + "?x=1", "--store", str(corpus_build)]).exit_code == 0


def test_push_refuses_a_bad_graph_and_a_missing_server(corpus_build):
    with pytest.raises(InputError, match="absolute IRI"):
        replace_update(open_store(corpus_build), "not an iri")
    out = runner.invoke(app, ["push", "-e", f"http://127.0.0.1:{free_port()}/update", "--store", str(corpus_build)])
    assert out.exit_code == 1 and out.stderr.startswith("kg: error: cannot reach endpoint")


# ---------------------------------------------------------------- kg serve

@pytest.fixture(scope="module")
def served(corpus_build):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", str(corpus_build),
                             "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = proc.stdout.readline()
    yield proc, port, first
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        proc.wait(10)


def http(url, data=None, headers=None, method=None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    with urllib.request.urlopen(req, timeout=10) as resp:
        return resp.status, resp.headers.get_content_type(), resp.read().decode("utf-8")


def test_serve_speaks_the_protocol_with_content_negotiation(served):
    proc, port, first = served
    assert first.strip() == f"SPARQL endpoint (read-only): http://127.0.0.1:{port}/query"
    base = f"http://127.0.0.1:{port}"
    q = 'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?z WHERE { ?z rdfs:label "潍坊高新区" }'
    status, ctype, body = http(f"{base}/query?query={quote(q)}", headers={"Accept": "text/csv"})
    assert (status, ctype, body) == (200, "text/csv", "z\r\nhttps://w3id.org/kg/id/zone/潍坊高新区\r\n")
    status, ctype, body = http(f"{base}/query", data=q.encode(), method="POST", headers={
        "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    assert ctype == "application/sparql-results+json"
    assert json.loads(body)["results"]["bindings"][0]["z"]["value"] == "https://w3id.org/kg/id/zone/潍坊高新区"
    status, ctype, page = http(base + "/")
    assert ctype == "text/html" and "<html" in page


def test_serve_is_read_only_by_default(served):
    _, port, _ = served
    with pytest.raises(urllib.error.HTTPError) as err:
        http(f"http://127.0.0.1:{port}/update", data=b"DROP ALL", method="POST",
             headers={"Content-Type": "application/sparql-update"})
    assert err.value.code == 403


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_serve_stops_its_server_on_ctrl_c_and_kill(corpus_build, sig):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", str(corpus_build),
                             "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc.stdout.readline()
    proc.send_signal(sig)
    assert proc.wait(10) == 0
    time.sleep(0.2)
    with pytest.raises(urllib.error.URLError):
        http(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D")


def test_serve_reports_a_busy_port(corpus_build):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        with pytest.raises(ServerError, match="exited with code"):
            start_server(store_path(corpus_build), port=s.getsockname()[1], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    out = runner.invoke(app, ["serve", "--store", "/nonexistent/out"])
    assert out.exit_code == 1 and "no built graph" in out.stderr


def kg_build(out):
    """``kg build corpus --out OUT`` in its own process, as a user runs it."""
    done = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(CORPUS), "--out", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return store_path(out)


def test_a_rebuild_while_serving_keeps_the_served_store_until_the_server_stops(tmp_path):
    out = tmp_path / "out"
    served = kg_build(out)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", str(out), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().startswith("SPARQL endpoint")
        rebuilt = kg_build(out)
        assert rebuilt != served and served.is_dir()
        q = 'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?z WHERE { ?z rdfs:label "潍坊高新区" }'
        _, _, body = http(f"http://127.0.0.1:{port}/query?query={quote(q)}", headers={"Accept": "text/csv"})
        assert body == "z\r\nhttps://w3id.org/kg/id/zone/潍坊高新区\r\n"
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(10) == 0
    assert list((out / ".holds").iterdir()) == []
    latest = kg_build(out)
    assert sorted(p.name for p in out.glob("store-*")) == [latest.name]
