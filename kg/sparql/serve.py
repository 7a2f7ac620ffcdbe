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
:mod:`kg.graph.holds`): rebuilding while it runs swaps in the new store for the next
server and keeps this one's directory until it stops.

``kg serve`` does not put the Oxigraph server on the user's address: it runs it
on a free loopback port (:func:`start_backend`) and serves the proxy of
:mod:`kg.sparql.endpoint` there instead (:func:`running_endpoint`), which refuses
``SERVICE`` clauses unless told otherwise.  The Oxigraph server gets SIGTERM
when the process that started it dies, even by SIGKILL (Linux), and runs without
``RUST_BACKTRACE``, so its errors are one line.
"""
from __future__ import annotations

import ctypes
import errno
import ipaddress
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError
from kg.graph.holds import held, hold, release
from kg.graph.store import store_path
from kg.sparql.endpoint import sparql_proxy_app

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 7878


class ServerError(KgError):
    """The SPARQL server cannot be started."""


class PortInUseError(ServerError):
    """The address to serve on is taken by another process."""

    exit_code = 2


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
    held(location.parent)  # drops the holds of servers that died without releasing them
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
    """Start the server and return once it answers; raise ServerError if it does not.

    Unless ``popen`` says otherwise, the server runs without ``RUST_BACKTRACE`` and
    dies with the thread that calls this (see :func:`parent_death_signal`).
    """
    popen.setdefault("env", child_env())
    popen.setdefault("preexec_fn", parent_death_signal())
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


def stop_on_sigterm() -> None:
    """Make ``kill`` (SIGTERM) stop a server the way Ctrl-C does (a KeyboardInterrupt in the main thread)."""
    signal.signal(signal.SIGTERM, _interrupt)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def child_env() -> dict[str, str]:
    """This process's environment without the Rust backtrace switches (no backtrace under an error)."""
    return {k: v for k, v in os.environ.items() if k not in ("RUST_BACKTRACE", "RUST_LIB_BACKTRACE")}


PR_SET_PDEATHSIG = 1


def parent_death_signal():
    """A ``preexec_fn`` that has the child get SIGTERM when its parent dies; None off Linux.

    The kernel sends it when the *thread* that started the child ends, so start
    children that should live as long as the process from the main thread.
    """
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def preexec() -> None:
        prctl(PR_SET_PDEATHSIG, ctypes.c_ulong(signal.SIGTERM), ctypes.c_ulong(0), ctypes.c_ulong(0),
              ctypes.c_ulong(0))
        if os.getppid() != parent:  # the parent died before prctl: do what the signal would have
            os.kill(os.getpid(), signal.SIGTERM)
    return preexec


def listen_socket(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` and listening; PortInUseError if another process has the port."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    except socket.gaierror as exc:
        raise ServerError(f"cannot serve on {host}: {exc.strerror}") from None
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise PortInUseError(f"port {port} is in use") from None
        raise ServerError(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None
    return sock


def free_loopback_port() -> int:
    """A TCP port free on 127.0.0.1 now (another process may take it before it is used)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_backend(location, allow_update: bool = False, timeout: float | None = None,
                  attempts: int = 3) -> tuple[subprocess.Popen, int]:
    """Start the Oxigraph server on a free loopback port; return (process, port).

    Its output is kept out of the terminal; the last line it printed becomes the
    error message when it does not start.  A port taken meanwhile is retried.
    """
    reason = ""
    for _ in range(attempts):
        port = free_loopback_port()
        with tempfile.TemporaryFile() as log:
            try:
                return start_server(location, "127.0.0.1", port, allow_update, timeout,
                                    stdout=subprocess.DEVNULL, stderr=log), port
            except ServerError as exc:
                reason = _last_line(log) or str(exc)
        if "in use" not in reason:
            break
    raise ServerError(f"the Oxigraph server cannot start: {reason}")


def _last_line(log) -> str:
    log.seek(0)
    lines = [line.strip() for line in log.read().decode("utf-8", "replace").splitlines() if line.strip()]
    return lines[-1] if lines else ""


@dataclass
class RunningEndpoint:
    """The Oxigraph server process and the front server (uvicorn, in a thread) of ``kg serve``."""

    process: subprocess.Popen
    front: object
    thread: threading.Thread

    def wait(self) -> int:
        """Block until the Oxigraph server exits (return its code) or the front stops (return 1)."""
        while self.thread.is_alive():
            try:
                return self.process.wait(0.5)
            except subprocess.TimeoutExpired:
                continue
        return 1


def start_front(app, sock: socket.socket, wait: float = 10.0):
    """Serve the ASGI ``app`` on the listening ``sock`` in a thread; return (server, thread) once it serves."""
    import uvicorn

    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on",
                            server_header=False, date_header=False, timeout_graceful_shutdown=2)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="kg-endpoint", daemon=True)
    thread.start()
    deadline = time.monotonic() + wait
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            stop_front(server, thread)
            raise ServerError("the endpoint server did not start")
        time.sleep(0.02)
    return server, thread


def stop_front(server, thread: threading.Thread) -> None:
    """Stop a server started by :func:`start_front`: finish the requests under way, then force."""
    server.should_exit = True
    thread.join(5)
    if thread.is_alive():
        server.force_exit = True
        thread.join(2)


@contextmanager
def running_endpoint(location, sock: socket.socket, allow_update: bool = False,
                     timeout: float | None = None, allow_service: bool = False):
    """Serve the store ``location`` on ``sock`` (see the module doc); stop everything on exit.

    Yields a :class:`RunningEndpoint` once the front server answers on ``sock``.
    """

    proc, port = start_backend(location, allow_update, timeout)
    server_hold = front = None
    try:
        server_hold = hold(location, proc.pid)  # kept should the server outlive this process
        front = start_front(sparql_proxy_app(f"http://127.0.0.1:{port}", allow_service), sock)
        yield RunningEndpoint(proc, *front)
    finally:
        if front:
            stop_front(*front)
        stop_server(proc)
        if server_hold:
            release(server_hold)
