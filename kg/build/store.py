"""Writing the on-disk store: an Oxigraph database plus exports, swapped in atomically.

A build directory ``OUT`` holds::

    OUT/store          -> symlink to the current Oxigraph database (store-<random>/)
    OUT/graph.ttl      the whole graph as Turtle (all named graphs merged)
    OUT/build.json     the summary of the build that wrote them

A build writes a new ``store-<random>`` and new files beside the old ones and
swaps them in with atomic renames, so an interrupted or failed build leaves
the previous store and export usable.  A file written aside is named
``.NAME.tmp-PID`` after the process writing it; the next build removes those
of processes that are gone (:func:`remove_stale_temporaries`).
"""
from __future__ import annotations

import gc
import os
import re
import shutil
import tempfile
import traceback
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from kg.build.cache import CACHE_DIR
from kg.build.export import PREFIXES, write_union
from kg.errors import InputError, StoreError
from kg.graph.holds import alive, held

EXPORT_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
}


TEMPORARY = re.compile(r"\..+\.tmp-(\d{1,9})")  # .NAME.tmp-PID: written aside by process PID, then renamed


def check_out_folder(out: Path) -> None:
    """Raise InputError when ``out``, or the nearest existing path above it, is not a folder."""
    for path in (out, *out.parents):
        if path.is_dir():
            return
        if path.exists() or path.is_symlink():
            where = "" if path == out else f": {path}"
            raise InputError(f"--out {out}{where} is a file, not a folder")


def remove_stale_temporaries(out: Path) -> list[str]:
    """Delete the temporary files (``.NAME.tmp-PID``) of dead processes in ``out`` and its cache;
    return their names.

    A build killed between writing such a file and renaming it into place
    leaves it behind; the file of a live process (a build running now) is kept.
    """
    removed = []
    for folder in (out, out / CACHE_DIR):
        for path in folder.iterdir() if folder.is_dir() else ():
            m = TEMPORARY.fullmatch(path.name)
            if m and not alive(int(m.group(1))) and (path.is_symlink() or not path.is_dir()):
                path.unlink(missing_ok=True)
                removed.append(path.name)
    return sorted(removed)


def write_new_store(out: Path, quads: Iterable[ox.Quad], batch: int = 50_000) -> Path:
    """Write quads into a fresh store directory beside the current one; return its path."""
    out.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix="store-", dir=out))  # a name no other build can take
    try:
        store = ox.Store(str(path))
        add_quads(store, quads, batch)
        store.flush()
        store.optimize()  # one sorted run per index: queries seek 2-3× faster than on the batches' files
        del store
    except BaseException as exc:
        store = None  # noqa: F841  (release the database before deleting its files)
        discard(path, exc)
        raise
    return path


def add_quads(store: ox.Store, quads: Iterable[ox.Quad], batch: int = 50_000, bulk: bool = True) -> None:
    """Stream quads into ``store`` in batches of ``batch`` (never all in memory).

    ``bulk`` uses Oxigraph's bulk loader (fast for many quads, slow to start);
    otherwise each batch is one transaction (better for a few quads).
    """
    add = store.bulk_extend if bulk else store.extend
    buf: list[ox.Quad] = []
    for q in quads:
        buf.append(q)
        if len(buf) >= batch:
            add(buf)
            buf.clear()
    if buf:
        add(buf)


def dump(store: ox.Store, fmt: str, output) -> None:
    """Serialise a store; formats without graphs get the union of all graphs.

    Turtle and N-Triples are streamed graph by graph; JSON-LD (one document)
    is built from an in-memory union of the graphs.
    """
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    rdf_format = EXPORT_FORMATS[fmt]
    if rdf_format.supports_datasets and fmt != "jsonld":  # JSON-LD readers expect one graph
        store.dump(output, rdf_format, prefixes=PREFIXES if fmt == "trig" else None)
        return
    if fmt in ("ttl", "nt"):
        write_union(store, fmt, output)
        return
    union = ox.Store()
    union.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in store)
    union.dump(output, rdf_format, from_graph=ox.DefaultGraph())


def commit_build(out: Path, new_store: Path, files: dict[str, bytes | str],
                 staged: dict[str, Path] | None = None) -> None:
    """Swap a new store and its files into ``out`` atomically, then drop old stores
    (except those a running ``kg serve`` holds, see :mod:`kg.graph.holds`).

    ``files`` are written aside then renamed; ``staged`` files already written
    aside are renamed into place.
    """
    for name, tmp in (staged or {}).items():
        os.replace(tmp, out / name)
    for name, content in files.items():
        tmp = out / f".{name}.tmp-{os.getpid()}"
        data = content.encode("utf-8") if isinstance(content, str) else content
        tmp.write_bytes(data)
        os.replace(tmp, out / name)
    link_tmp = out / f".store.tmp-{os.getpid()}"
    if link_tmp.is_symlink() or link_tmp.exists():
        link_tmp.unlink()
    link_tmp.symlink_to(new_store.name)
    os.replace(link_tmp, out / "store")
    keep = held(out) | {new_store.name}  # read after the swap: a server that holds a store now keeps it
    for old in out.glob("store-*"):
        if old.is_dir() and old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)


def copy_store(out: Path, source: Path) -> Path:
    """A copy of the store at ``source`` in a fresh directory of ``out`` (hard links to its immutable files).

    The copy is independent: changing it never changes ``source``.
    """
    path = Path(tempfile.mkdtemp(prefix="store-", dir=out))
    path.rmdir()  # the backup creates it itself; the random name is still practically ours
    try:
        ox.Store.read_only(str(source)).backup(str(path))
    except OSError as exc:
        discard(path)
        raise StoreError(f"cannot copy store {source}: {exc}") from None
    return path


def discard(path: Path, error: BaseException | None = None) -> None:
    """Delete a store directory whose build failed.

    With ``error``, first drop the store objects its traceback still holds, so
    the database is closed (its background work done) before its files go.
    """
    if error is not None:
        traceback.clear_frames(error.__traceback__)
        gc.collect()
    shutil.rmtree(path, ignore_errors=True)
