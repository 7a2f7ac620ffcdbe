"""Store directories held by a running ``kg serve``, so that a rebuild keeps them.

A build swaps ``OUT/store`` to a new ``store-<stamp>`` directory and deletes the
old ones (:func:`kg.build.store.commit_build`).  A server still running on an old
directory would go on reading deleted files: the old build, silently, with its
disk space never freed and updates written into a directory that no longer
exists.  So ``kg serve`` *holds* the directory it serves — a file
``OUT/.holds/<pid>`` naming it, removed when the server stops — and a build
keeps every directory held by a live process.  The first build after the
holder is gone removes it.

>>> import tempfile
>>> out = Path(tempfile.mkdtemp())
>>> (out / "store-1").mkdir()
>>> h = hold(out / "store-1")
>>> held(out)
{'store-1'}
>>> release(h)
>>> held(out)
set()
"""
from __future__ import annotations

import os
from pathlib import Path

HOLDS = ".holds"


def hold(location: Path, pid: int | None = None) -> Path:
    """Mark the store directory ``location`` as in use by process ``pid`` (default: this one)."""
    location = Path(location)
    folder = location.parent / HOLDS
    folder.mkdir(exist_ok=True)
    path = folder / str(pid or os.getpid())
    tmp = folder / f".{path.name}.tmp"
    tmp.write_text(location.name + "\n", encoding="utf-8")
    os.replace(tmp, path)  # a reader sees the whole name or no file
    return path


def release(path: Path) -> None:
    """Remove a hold made by :func:`hold` (nothing if it is gone already)."""
    Path(path).unlink(missing_ok=True)


def alive(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie (a reused pid keeps a directory longer, nothing worse)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """Whether ``pid`` has exited and awaits its parent (Linux ``/proc``; False elsewhere)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[:1] in (["Z"], ["X"])


def held(out: Path) -> set[str]:
    """Names of the store directories in ``out`` held by live processes; drops holds of dead ones.

    >>> held(Path("/nonexistent"))
    set()
    """
    folder = Path(out) / HOLDS
    names = set()
    for path in folder.glob("[0-9]*") if folder.is_dir() else ():
        if not path.name.isdigit():
            continue
        if not alive(int(path.name)):
            release(path)
            continue
        try:
            names.add(path.read_text(encoding="utf-8").strip())
        except OSError:  # released meanwhile
            continue
    return names
