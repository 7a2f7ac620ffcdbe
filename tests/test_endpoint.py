"""The endpoint of ``kg serve``: SERVICE refusal (kg.sparql.endpoint), a busy port, and the server dying with kg serve.

The process tests run the real ``kg serve`` and ``oxigraph`` binaries on loopback ports.
"""
from __future__ import annotations

import http.client
import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

from helpers import free_port, running
from kg.graph.holds import HOLDS
from kg.sparql.endpoint import REFUSAL, sparql_proxy_app, sparql_texts, uses_service
from kg.sparql.serve import (ServerError, endpoint_urls, find_oxigraph, listen_socket, start_front, start_server,
                             stop_front, stop_server)

ZONE = 'SELECT ?z WHERE { ?z <http://www.w3.org/2000/01/rdf-schema#label> "潍坊高新区" }'
ZONE_IRI = "https://w3id.org/kg/id/zone/潍坊高新区"


# ---------------------------------------------------------------- uses_service

@pytest.mark.parametrize("query, expected", [
    ("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", True),
    ("select * { service silent <http://example.org/sparql> { ?s ?p ?o } }", True),
    ("SELECT * { SeRvIcE ?endpoint { ?s ?p ?o } }", True),
    ("SELECT * {SERVICE<http://x/>{}}", True),
    ("SELECT * { SERVICESILENT <http://x/> {} }", True),  # Oxigraph needs no space between keywords
    ("SELECT * { ?s ?p 1SERVICE<http://x/>{} }", True),
    ("SELECT * { ?s ?p ?o .SERVICE <http://x/> {} }", True),
    ("SELECT * { ?s ?p ?o.SERVICE <http://x/> {} }", True),
    ("SELECT * { ?s ?p 1.SERVICE <http://x/> {} }", True),
    ('SELECT * { ?s ?p "a"@en.SERVICE <http://x/> {} }', True),
    ("PREFIX : <http://x/> SELECT * { SERVICE:x {} }", True),
    ("SELECT * { ?s <http://x/p#frag> ?o . SERVICE <http://x/> {} }", True),
    ("SELECT * { ?s ?p 'it\\'s' SERVICE <http://x/> {} }", True),
    ("SELECT * { ?s ex:p\\#x ?o SERVICE <http://x/> {} }", True),  # \\# is part of the name, not a comment
    ("SELECT * { ?a ?b ?c FILTER(?a<?c&&'x>y') SERVICE<http://x/>{} 'z' ?p ?o }", True),
    ("SELECT * { ?a ?b ?c FILTER(?a<?c#>'''\n) SERVICE<http://x/>{}\n'''z''' ?p ?o }", True),
    ("INSERT { ?s ?p ?o } WHERE { SERVICE <http://x/> { ?s ?p ?o } }", True),
    ("SELECT ?service WHERE { ?service a ?type }", False),
    ("SELECT * { ?s $service ?o }", False),
    ("SELECT * { ?s ex:service ex:SERVICE }", False),
    ("SELECT * { ?s ex:a.SERVICE ?o }", False),
    ("SELECT * { ?s ?p _:service }", False),
    ("SELECT * { ?s <http://x/SERVICE> ?o }", False),
    ("SELECT * { ?s <http://x/service#SERVICE> ?o }", False),
    ("SELECT * { ?s ?p 'SERVICE <http://x/> {}' }", False),
    ('SELECT * { ?s ?p "say \\"SERVICE\\"" }', False),
    ("SELECT * { ?s ?p '''\nSERVICE <http://x/> {}\n''' }", False),
    ('SELECT * { ?s ?p """SERVICE""" }', False),
    ("SELECT * { ?s ?p ?o } # SERVICE <http://x/> {}", False),
    ("SELECT * { ?s ?p ?o FILTER(?o < 3 && ?s > 2) }", False),
    ("", False),
])
def test_uses_service(query, expected):
    assert uses_service(query) is expected


def test_sparql_texts_reads_the_url_the_form_and_the_body():
    assert sparql_texts("query=ASK%7B%7D&default-graph-uri=x", None, b"") == ["ASK{}"]
    assert sparql_texts("", "application/x-www-form-urlencoded", b"update=CLEAR+ALL&using-graph-uri=x") == ["CLEAR ALL"]
    assert sparql_texts("", "application/sparql-update; charset=utf-8", "CLEAR ALL".encode()) == ["CLEAR ALL"]
    assert sparql_texts("query=a", "application/x-www-form-urlencoded", b"query=b") == ["a", "b"]
    assert sparql_texts("", None, b"") == []


# ---------------------------------------------------------------- helpers

def have_oxigraph() -> bool:
    try:
        return bool(find_oxigraph())
    except ServerError:
        return False


needs_oxigraph = pytest.mark.skipif(not have_oxigraph(), reason="needs the oxigraph server: pip install oxigraph")
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal and /proc are Linux")


def request(url, data=None, headers=None):
    """(status, content type, body) of a request; HTTP errors are answers too."""
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.headers.get_content_type(), resp.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get_content_type(), err.read().decode("utf-8")


def post_raw(port, path, body, headers):
    """(status, body) of a POST with ``headers`` as given, repeated names included."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.putrequest("POST", path)
        for name, value in [*headers, ("Content-Length", str(len(body)))]:
            conn.putheader(name, value)
        conn.endheaders(body)
        answer = conn.getresponse()
        return answer.status, answer.read().decode("utf-8")
    finally:
        conn.close()


def start_kg_serve(store, port, *args):
    """``kg serve`` in its own process; returns it once it printed its address lines."""
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", str(store), "--port", str(port), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = [proc.stdout.readline(), proc.stdout.readline()]
    if lines != [f"SPARQL endpoint (read-only): http://127.0.0.1:{port}/query\n",
                 f"query page: http://127.0.0.1:{port}/  (Ctrl-C to stop)\n"]:
        stop(proc)
        pytest.fail(f"kg serve printed {lines!r}, exit code {proc.returncode}: {proc.stderr.read()}")
    return proc


def stop(proc) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def remote(tmp_path_factory):
    """A second, writable Oxigraph server on loopback holding one triple, for SERVICE to call."""
    port = free_port()
    proc = start_server(tmp_path_factory.mktemp("federated"), port=port, allow_update=True,
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        urls = endpoint_urls("127.0.0.1", port)
        status, _, _ = request(urls["update"], b'INSERT DATA { <urn:kg:a> <urn:kg:says> "from the remote server" }',
                               {"Content-Type": "application/sparql-update"})
        assert status == 204
        yield urls
    finally:
        stop_server(proc)


def federated(remote) -> str:
    return f"SELECT ?o WHERE {{ SERVICE <{remote['query']}> {{ <urn:kg:a> <urn:kg:says> ?o }} }}"


# ---------------------------------------------------------------- kg serve refuses SERVICE

@needs_oxigraph
def test_read_only_serve_refuses_service_and_answers_other_queries(corpus_build, remote):
    port = free_port()
    proc = start_kg_serve(corpus_build, port)
    base = f"http://127.0.0.1:{port}"
    q = federated(remote)
    update = f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{remote['query']}> {{ ?s ?p ?o }} }}"
    try:
        for url, data, headers in [
            (f"{base}/query?query={quote(q)}", None, {}),
            (f"{base}/query", urlencode({"query": q}).encode(), {"Content-Type": "application/x-www-form-urlencoded"}),
            (f"{base}/query", q.encode(), {"Content-Type": "application/sparql-query"}),
            (f"{base}/update", urlencode({"update": update}).encode(),
             {"Content-Type": "application/x-www-form-urlencoded"}),
        ]:
            assert request(url, data, headers) == (400, "text/plain", REFUSAL)
        two_types = [("Content-Type", "application/x-www-form-urlencoded"), ("Content-Type", "application/sparql-query")]
        assert post_raw(port, "/query", q.encode(), two_types) == (400, REFUSAL)  # checked as the server reads it
        status, ctype, body = request(f"{base}/query?query={quote(ZONE)}", headers={"Accept": "text/csv"})
        assert (status, ctype, body) == (200, "text/csv", f"z\r\n{ZONE_IRI}\r\n")
        status, ctype, body = request(f"{base}/query", ZONE.encode(), {
            "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
        assert (status, ctype) == (200, "application/sparql-results+json")
        assert json.loads(body)["results"]["bindings"] == [{"z": {"type": "uri", "value": ZONE_IRI}}]
        assert request(f"{base}/update", b"DROP ALL", {"Content-Type": "application/sparql-update"})[0] == 403
    finally:
        stop(proc)
    assert proc.returncode == 0


@needs_oxigraph
def test_allow_service_forwards_the_federated_query(corpus_build, remote):
    port = free_port()
    proc = start_kg_serve(corpus_build, port, "--allow-service")
    try:
        status, ctype, body = request(f"http://127.0.0.1:{port}/query?query={quote(federated(remote))}",
                                      headers={"Accept": "text/csv"})
        assert (status, ctype, body) == (200, "text/csv", "o\r\nfrom the remote server\r\n")
    finally:
        stop(proc)


@needs_oxigraph
def test_the_proxy_app_mounted_under_a_prefix_forwards_the_path_below_it(remote):
    from starlette.applications import Starlette
    from starlette.routing import Mount

    web = Starlette(routes=[Mount("/sparql", app=sparql_proxy_app(remote["page"]))])
    with listen_socket("127.0.0.1", 0) as sock:
        front = start_front(web, sock)
        base = "http://127.0.0.1:%d/sparql" % sock.getsockname()[1]
        try:
            status, _, body = request(f"{base}/query?query={quote('ASK { ?s ?p ?o }')}",
                                      headers={"Accept": "application/sparql-results+json"})
            assert (status, json.loads(body)) == (200, {"head": {}, "boolean": True})
            assert request(f"{base}/query", federated(remote).encode(),
                           {"Content-Type": "application/sparql-query"}) == (400, "text/plain", REFUSAL)
        finally:
            stop_front(*front)


# ---------------------------------------------------------------- a busy port

@needs_oxigraph
def test_serve_on_a_busy_port_prints_one_line_and_exits_2(corpus_build):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "kg.cli", "serve", "--store", str(corpus_build), "--port", str(port)],
                              capture_output=True, text=True, timeout=30)
    assert done.returncode == 2
    assert done.stderr == f"kg: error: port {port} is in use\n"
    assert done.stdout == ""
    assert "Traceback" not in done.stderr and "backtrace" not in done.stderr.lower()


# ---------------------------------------------------------------- dying with kg serve

@needs_oxigraph
@linux_only
def test_oxigraph_dies_with_a_killed_kg_serve_and_the_port_serves_again(corpus_build):
    port = free_port()
    proc = start_kg_serve(corpus_build, port)
    again = None
    try:
        children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
        assert len(children) == 1
        child = int(children[0])
        assert "oxigraph" in Path(f"/proc/{child}/cmdline").read_text()
        holds = corpus_build / HOLDS
        assert (holds / str(proc.pid)).exists() and (holds / str(child)).exists()
        proc.kill()
        proc.wait(5)
        deadline = time.monotonic() + 5
        while running(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not running(child)
        again = start_kg_serve(corpus_build, port)
        status, _, body = request(f"http://127.0.0.1:{port}/query?query={quote(ZONE)}", headers={"Accept": "text/csv"})
        assert (status, body) == (200, f"z\r\n{ZONE_IRI}\r\n")
        assert not (holds / str(proc.pid)).exists() and not (holds / str(child)).exists()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if again is not None:
            stop(again)
