"""Write the union of a store's graphs as Turtle or N-Triples, one graph at a time.

Nothing is copied into memory but one graph's serialisation: the output is a
prefix header followed by each graph's triples (the default graph, then the
named graphs in IRI order), so a triple stated in two graphs is written
twice — the same RDF graph, as any reader sees it.

:func:`write_graph_file` writes ``graph.ttl`` and returns where each graph's
Turtle lies in it; given those ranges of the previous file, it copies the
graphs that did not change from there (``os.copy_file_range``: no bytes
through Python) and serialises only the others.  The bytes are the same as
writing every graph afresh.

>>> import io, pyoxigraph as ox
>>> store = ox.Store()
>>> store.add(ox.Quad(ox.NamedNode("https://w3id.org/kg/id/zone/甲"), ox.NamedNode("https://w3id.org/kg/ontology#p"),
...                   ox.Literal("v"), ox.NamedNode("https://w3id.org/kg/id/graph/entities")))
>>> buf = io.BytesIO()
>>> write_union(store, "ttl", buf)
>>> buf.getvalue().decode().splitlines()[-1]
'<https://w3id.org/kg/id/zone/甲> kg:p "v" .'
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO, Iterator

import pyoxigraph as ox

PREFIXES = {
    "kg": "https://w3id.org/kg/ontology#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}
_COPY_CHUNK = 1 << 24


def header(fmt: str) -> bytes:
    """The prefix declarations written once at the top (Turtle only)."""
    if fmt != "ttl":
        return b""
    return "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items()).encode() + b"\n"


def graphs(store: ox.Store) -> Iterator[tuple[str, ox.NamedNode | ox.DefaultGraph]]:
    """``(name, graph)`` of every graph with triples, in output order ("" is the default graph)."""
    if next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None:
        yield "", ox.DefaultGraph()
    for name in sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)):
        yield name, ox.NamedNode(name)


def graph_bytes(store: ox.Store, graph, fmt: str) -> bytes | memoryview:
    """One graph's triples serialised, without prefix declarations (the header has them)."""
    if fmt == "ttl":
        data = store.dump(format=ox.RdfFormat.TURTLE, from_graph=graph, prefixes=PREFIXES)
        pos = 0
        while data.startswith(b"@prefix ", pos):
            pos = data.index(b"\n", pos) + 1
        return memoryview(data)[pos:]
    return store.dump(format=_FORMATS[fmt], from_graph=graph)


def write_union(store: ox.Store, fmt: str, output: BinaryIO) -> None:
    """Write every graph's triples to ``output`` as one Turtle (``ttl``) or N-Triples (``nt``) document."""
    output.write(header(fmt))
    for _, graph in graphs(store):
        output.write(graph_bytes(store, graph, fmt))


def write_graph_file(store: ox.Store, target: Path, old: Path | None = None,
                     reuse: dict[str, tuple[int, int]] | None = None,
                     written: dict[str, bytes] | None = None) -> dict[str, tuple[int, int]]:
    """Write the union of ``store`` as Turtle to ``target``; return each graph's ``(offset, length)`` in it.

    ``reuse`` maps graphs that are unchanged since ``old`` was written to their range in ``old``;
    those are copied from there instead of serialised.  ``written`` gives the Turtle of graphs
    the caller serialised itself (the build writes the entities graph from its items).
    """
    written = written or {}
    ranges: dict[str, tuple[int, int]] = {}
    reuse = reuse if old is not None else None
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    src = os.open(old, os.O_RDONLY) if reuse else None
    try:
        pos = _write_all(fd, header("ttl"), 0)
        run: list[int] = []  # [offset in old, length] of reused graphs not copied yet (adjacent ones merge)
        for name, graph in graphs(store):
            start = pos + (run[1] if run else 0)
            if name not in written and reuse and name in reuse:
                offset, length = reuse[name]
                if run and run[0] + run[1] == offset:
                    run[1] += length
                else:
                    pos = _copy_range(src, fd, *run, pos) if run else pos
                    run = [offset, length]
                ranges[name] = (start, length)
                continue
            if run:
                pos = _copy_range(src, fd, *run, pos)
                run = []
            pos = _write_all(fd, written[name] if name in written else graph_bytes(store, graph, "ttl"), pos)
            ranges[name] = (start, pos - start)
        if run:
            _copy_range(src, fd, *run, pos)
    finally:
        os.close(fd)
        if src is not None:
            os.close(src)
    return ranges


def _write_all(fd: int, data, pos: int) -> int:
    view = memoryview(data)
    while view:
        n = os.pwrite(fd, view, pos)
        pos += n
        view = view[n:]
    return pos


def _copy_range(src: int, dst: int, offset: int, length: int, pos: int) -> int:
    end = offset + length
    while offset < end:
        try:
            n = os.copy_file_range(src, dst, end - offset, offset, pos)
        except (AttributeError, OSError):  # no copy_file_range here (or not across these files)
            n = _write_all(dst, os.pread(src, min(end - offset, _COPY_CHUNK), offset), pos) - pos
        if n <= 0:
            raise OSError(f"graph.ttl changed while it was read (offset {offset})")
        offset += n
        pos += n
    return pos
