"""The built store on disk, read side: where a build directory's Oxigraph database is, and opening it.

A build directory ``OUT`` holds::

    OUT/store          -> symlink to the current Oxigraph database (store-<random>/)
    OUT/graph.ttl      the whole graph as Turtle (all named graphs merged)
    OUT/build.json     the summary of the build that wrote them

Writing and swapping stores is the build's (:mod:`kg.build.store`).
"""
from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox

from kg.errors import StoreError

__all__ = ["store_path", "open_store", "read_build_info"]


def store_path(out: Path) -> Path:
    """The Oxigraph directory of a build directory (or of a store directory itself)."""
    out = Path(out)
    link = out / "store"
    if link.exists():
        return link.resolve()
    if (out / "CURRENT").exists() or any(out.glob("*.sst")):
        return out
    raise StoreError(f"no built graph in {out} (run `kg build` first, or pass --store DIR)")


def open_store(out: Path, read_only: bool = True) -> ox.Store:
    """Open the store of a build directory; read-only by default."""
    path = store_path(out)
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except (OSError, RuntimeError) as exc:  # RuntimeError: a damaged database (CURRENT file corrupted …)
        raise StoreError(f"cannot open store {path}: {exc}") from None


def read_build_info(out: Path) -> dict:
    path = Path(out) / "build.json"
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))
