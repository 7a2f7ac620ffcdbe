"""Serve the built store as a SPARQL 1.1 Protocol endpoint with the Oxigraph server.

``kg serve`` runs the ``oxigraph`` binary from PyPI (package ``oxigraph``) on
the build's store: read-only (``serve-read-only``) unless updates are allowed,
with the union of all named graphs as the default graph, so queries need no
``GRAPH`` clause.  The server speaks the protocol (GET and POST on ``/query``,
``/update`` when writable, the Graph Store Protocol on ``/store``, content
negotiation) and has a query page for a browser at ``/``.

>>> cmd = server_command("/data/store", port=7878, binary="oxigraph")
>>> " ".join(cmd)
'oxigraph serve-read-only --location /data/store --bind 127.0.0.1:7878 --union-default-graph'
>>> is_loopback("127.0.0.1"), is_loopback("0.0.0.0")
(True, False)

The server holds the store directory it serves (:func:`hold_store`, see
:mod:`kg.holds`): rebuilding while it runs swaps in the new store for the next
server and keeps this one's directory until it stops.
"""
from __future__ import annotations

import ipaddress
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from .errors import KgError
from .holds import hold, release
from .store import store_path

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 7878


class ServerError(KgError):
    """The SPARQL server cannot be started."""


def find_oxigraph() -> str:
    """Path of the ``oxigraph`` server binary: beside this Python first, then on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if not found:
        raise ServerError("the Oxigraph server is not installed: pip install 'oxigraph>=0.5,<0.6'")
    return found


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def server_command(location, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                   allow_update: bool = False, timeout: float | None = None,
                   binary: str | None = None) -> list[str]:
    """The command line that serves the Oxigraph directory ``location``."""
    cmd = [binary or find_oxigraph(), "serve" if allow_update else "serve-read-only",
           "--location", str(location), "--bind", f"{host}:{port}", "--union-default-graph"]
    if timeout:
        cmd += ["--timeout-s", str(max(1, round(timeout)))]
    return cmd


def hold_store(out) -> tuple[Path, Path]:
    """Resolve the store of the build directory ``out`` and hold it; return (store, hold file).

    The hold is made before the store is checked again, and a build reads the holds
    after swapping its store in, so either the build keeps the held directory or
    this sees the new one (and holds that instead).
    """
    location = store_path(out)
    while True:
        held_file = hold(location)
        current = store_path(out)
        if current == location:
            return location, held_file
        release(held_file)
        location = current


def endpoint_urls(host: str, port: int) -> dict[str, str]:
    """The URLs of a server on ``host:port``: query page, query, update and graph store."""
    shown = f"[{host}]" if ":" in host else host
    base = f"http://{shown}:{port}"
    return {"page": base + "/", "query": base + "/query", "update": base + "/update",
            "store": base + "/store"}


def start_server(location, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                 allow_update: bool = False, timeout: float | None = None,
                 wait: float = 15.0, **popen) -> subprocess.Popen:
    """Start the server and return once it answers; raise ServerError if it does not."""
    proc = subprocess.Popen(server_command(location, host, port, allow_update, timeout), **popen)
    url = endpoint_urls(host, port)["query"] + "?query=ASK%7B%7D"
    try:
        _wait_ready(proc, url, port, wait)
    except BaseException:
        stop_server(proc)
        raise
    return proc


def _wait_ready(proc: subprocess.Popen, url: str, port: int, wait: float) -> None:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ServerError(f"the Oxigraph server exited with code {proc.returncode} "
                              f"(is port {port} free, and the store not open for writing?)")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.05)
    raise ServerError(f"the Oxigraph server did not answer on port {port} within {wait:g} s")


def stop_server(proc: subprocess.Popen) -> int:
    """Stop a server started by :func:`start_server`; return its exit code."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return proc.returncode
