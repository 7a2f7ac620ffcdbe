"""kg.graph.holds: store directories a running server holds are kept by a rebuild."""
from __future__ import annotations

import os
import subprocess
import sys

from kg.build.store import commit_build
from kg.graph.holds import alive, held, hold, release
from kg.sparql.serve import hold_store


def a_dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def stores(out):
    return sorted(p.name for p in out.glob("store-*"))


def test_hold_names_the_directory_until_released(tmp_path):
    (tmp_path / "store-a").mkdir()
    path = hold(tmp_path / "store-a")
    assert path == tmp_path / ".holds" / str(os.getpid())
    assert path.read_text(encoding="utf-8") == "store-a\n"
    assert held(tmp_path) == {"store-a"}
    release(path)
    release(path)  # twice is harmless
    assert held(tmp_path) == set()


def test_holds_of_dead_processes_are_ignored_and_removed(tmp_path):
    dead = a_dead_pid()
    assert not alive(dead) and alive(os.getpid())
    stale = hold(tmp_path / "store-old", pid=dead)
    hold(tmp_path / "store-live")
    assert held(tmp_path) == {"store-live"}
    assert not stale.exists()


def test_a_build_keeps_a_held_store_and_the_next_one_removes_it(tmp_path):
    def build(name):
        (tmp_path / name).mkdir()
        commit_build(tmp_path, tmp_path / name, {})

    build("store-a")
    served = hold(tmp_path / "store-a")
    build("store-b")
    assert stores(tmp_path) == ["store-a", "store-b"]
    assert os.readlink(tmp_path / "store") == "store-b"
    build("store-c")
    assert stores(tmp_path) == ["store-a", "store-c"]
    release(served)
    build("store-d")
    assert stores(tmp_path) == ["store-d"]


def test_hold_store_holds_the_current_store(tmp_path):
    (tmp_path / "store-a").mkdir()
    commit_build(tmp_path, tmp_path / "store-a", {})
    location, path = hold_store(tmp_path)
    assert location == (tmp_path / "store-a").resolve()
    assert held(tmp_path) == {"store-a"}
    release(path)
