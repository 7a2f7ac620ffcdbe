"""Run the web app for ``kg app``: the graph loaded once, an Oxigraph child for ``/sparql/``, uvicorn.

Like ``kg serve`` (:mod:`kg.sparql.serve`, whose helpers this reuses): the address is bound first, so a
port in use fails before the graph is loaded; the store directory is held while the app runs (a
rebuild keeps it); the Oxigraph server runs read-only on a private loopback port and is reached
through the SPARQL proxy of :mod:`kg.sparql.endpoint` (SERVICE refused unless allowed); the front
server is uvicorn in a thread.  Without the Oxigraph server binary the app runs without ``/sparql/``.
"""
from __future__ import annotations

import gc
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from kg.app import create_app
from kg.app.place_data import prepare_places
from kg.app.site import Site, load_site
from kg.graph.holds import hold, release
from kg.sparql.serve import (ServerError, endpoint_urls, hold_store, is_loopback, listen_socket, start_backend,
                             start_front, stop_front, stop_on_sigterm, stop_server)

__all__ = ["RunningApp", "running_app", "serve_app"]


@dataclass
class RunningApp:
    """The front server (uvicorn in a thread) and, when it started, the Oxigraph child."""

    front: object
    thread: threading.Thread
    sparql_note: str = ""

    def wait(self) -> None:
        """Block until the front server stops."""
        while self.thread.is_alive():
            self.thread.join(0.5)


@contextmanager
def running_app(site: Site, sock, allow_service: bool = False):
    """Serve the app over ``site`` on the listening ``sock``; stop everything on exit.

    Call it from the main thread: the Oxigraph child dies with the thread that started it.
    """
    proc = server_hold = front = None
    upstream, note = None, ""
    try:
        try:
            proc, port = start_backend(site.location)
            server_hold = hold(site.location, proc.pid)
            upstream = f"http://127.0.0.1:{port}"
        except ServerError as exc:
            note = f"SPARQL 查询未启用：{exc}"
        app = create_app(site, sparql_upstream=upstream, allow_service=allow_service, sparql_note=note)
        front = start_front(app, sock)
        yield RunningApp(*front, note)
    finally:
        if front:
            stop_front(*front)
        if proc:
            stop_server(proc)
        if server_hold:
            release(server_hold)


def serve_app(out: Path, host: str, port: int, allow_service: bool = False,
              say: Callable[[str], None] = print, warn: Callable[[str], None] = print) -> None:
    """``kg app``: bind, load the build ``out``, start the app and its SPARQL child, serve until Ctrl-C.

    ``say`` prints the addresses; ``warn`` prints warnings (stderr).  Library errors (a missing or
    broken store, a port in use) propagate before anything is served.
    """
    with listen_socket(host, port) as sock:
        if not is_loopback(host):
            warn(f"kg: warning: serving on {host}, reachable from other machines")
        location, held_file = hold_store(out)
        try:
            site = load_site(out, location)
            started = time.perf_counter()
            places = prepare_places(site)  # every zone's and park's page data, before the first request
            gc.freeze()  # the graph stays for the life of the process: keep it out of the collector's way
            say(f"kg app: loaded {out}: {len(site.G)} entities, {site.G.number_of_edges()} relations, "
                f"{len(site.articles)} articles in {site.seconds:.2f} s; "
                f"prepared {places} zone and park pages in {time.perf_counter() - started:.2f} s")
            stop_on_sigterm()
            try:
                with running_app(site, sock, allow_service) as running:
                    _print_urls(say, warn, host, port, running.sparql_note, allow_service)
                    running.wait()
            except KeyboardInterrupt:
                pass
        finally:
            release(held_file)


def _print_urls(say, warn, host: str, port: int, note: str, allow_service: bool) -> None:
    """The addresses of the app and of its SPARQL endpoint (or why that is off)."""
    urls = endpoint_urls(host, port)
    say(f"web app (read-only): {urls['page']}")
    if note:
        warn(f"kg: warning: {note}")
    else:
        service = ", SERVICE allowed" if allow_service else ""
        say(f"SPARQL endpoint: {urls['page']}sparql/query{service}  query page: {urls['page']}sparql/")
    say("(Ctrl-C to stop)")
