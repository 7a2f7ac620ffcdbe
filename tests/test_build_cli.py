"""`kg build`, `kg stats`, `kg export`: output, bad inputs, and builds that fail or are killed."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from typer.testing import CliRunner

from kg import pipeline
from kg.build.store import remove_stale_temporaries
from kg.cli import app
from kg.graph.store import open_store
from kg.vocab import KG, is_derived_graph

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOOD = "潍坊高新区光电产业园位于潍坊高新区。龙口中宇机械有限公司为潍柴动力股份有限公司配套生产风扇离合器。\n"

runner = CliRunner()


def run_kg(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def _assert_one_error_line(result, code: int | None = None):
    assert result.exit_code != 0
    if code is not None:
        assert result.exit_code == code
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kg: error: ")
    assert "Traceback" not in result.output + result.stderr


@pytest.fixture()
def small_corpus(tmp_path) -> Path:
    corpus = tmp_path / "articles"
    corpus.mkdir()
    (corpus / "a.txt").write_text(GOOD, encoding="utf-8")
    return corpus


@pytest.fixture()
def built(small_corpus, tmp_path) -> Path:
    out = tmp_path / "out"
    result = run_kg("build", small_corpus, "--out", out, "--quiet")
    assert result.exit_code == 0, result.output + result.stderr
    return out


# ---- help --------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["build", "stats", "export"])
def test_every_command_has_help_with_an_example(command):
    result = run_kg(command, "--help")
    assert result.exit_code == 0
    assert "Example: kg " + command in result.output


def test_top_level_help_lists_the_commands():
    result = run_kg("--help")
    assert result.exit_code == 0
    for command in ("build", "stats", "export"):
        assert command in result.output


# ---- build, stats, export ----------------------------------------------------------

def test_build_prints_a_summary_and_writes_the_build(built, small_corpus):
    assert (built / "store").is_symlink()
    info = json.loads((built / "build.json").read_text(encoding="utf-8"))
    assert info["articles"] == 1
    assert info["relations"] == {"locatedIn": 1, "supplies": 1} or info["relations"].get("supplies") == 1
    ttl = Graph().parse(built / "graph.ttl", format="turtle")
    assert len(ttl) == info["triples"]


def test_build_summary_table(small_corpus, tmp_path):
    result = run_kg("build", small_corpus, "--out", tmp_path / "o")
    assert result.exit_code == 0
    for row in ("articles", "entity  Enterprise", "relation supplies", "triples (with provenance)", "time"):
        assert row in result.output


def test_quiet_build_prints_nothing(small_corpus, tmp_path):
    result = run_kg("build", small_corpus, "--out", tmp_path / "o", "-q")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert (tmp_path / "o" / "graph.ttl").is_file()


def test_quiet_build_still_reports_skipped_articles(small_corpus, tmp_path):
    (small_corpus / "b.txt").write_bytes(b"\x00\x01binary\x00" * 50)
    result = run_kg("build", small_corpus, "--out", tmp_path / "o", "-q")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == f"kg: skipped {small_corpus / 'b.txt'}: binary file (contains NUL bytes)\n"


def test_utf16_articles_are_built(small_corpus, tmp_path):
    text = GOOD.replace("龙口", "烟台")
    (small_corpus / "le.txt").write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    (small_corpus / "be.txt").write_bytes(b"\xfe\xff" + text.replace("烟台", "威海").encode("utf-16-be"))
    result = run_kg("build", small_corpus, "--out", tmp_path / "o", "-q")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    info = json.loads((tmp_path / "o" / "build.json").read_text(encoding="utf-8"))
    assert (info["articles"], info["skipped"]) == (3, [])
    assert info["relations"]["supplies"] == 3


def test_stats_counts_the_built_graph(built):
    result = run_kg("stats", "--store", built, "--json")
    assert result.exit_code == 0, result.stderr
    stats = json.loads(result.output)
    assert stats["articles"] == 1
    assert stats["relations"]["supplies"] == 1
    assert stats["entities"]["Enterprise"] == 2
    assert stats["triples"] == len(open_store(built))
    table = run_kg("stats", "--store", built)
    assert "relation supplies" in table.output


@pytest.mark.parametrize("fmt,parse_as", [
    ("ttl", "turtle"), ("nt", "nt"),
    ("jsonld", "json-ld"),
])
def test_export_triple_formats_hold_every_triple(built, tmp_path, fmt, parse_as):
    target = tmp_path / f"g.{fmt}"
    result = run_kg("export", "--store", built, "--format", fmt, "-o", target)
    assert result.exit_code == 0, result.stderr
    graph = Graph().parse(target, format=parse_as)
    reference = Graph().parse(built / "graph.ttl", format="turtle")
    assert len(graph) == len(reference)


def test_export_jsonld_holds_every_quad(built, tmp_path):
    target = tmp_path / "g.jsonld"
    assert run_kg("export", "--store", built, "--format", "jsonld", "-o", target).exit_code == 0
    ds = Dataset().parse(target, format="json-ld")
    assert sum(1 for _ in ds.quads()) == len(open_store(built))


def test_export_nquads_keeps_named_graphs(built, tmp_path):
    target = tmp_path / "g.nq"
    assert run_kg("export", "--store", built, "--format", "nq", "-o", target).exit_code == 0
    ds = Dataset().parse(target, format="nquads")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert "https://w3id.org/kg/id/graph/entities" in names
    assert "https://w3id.org/kg/id/graph/article/a" in names
    assert sum(1 for _ in ds.quads()) == len(open_store(built))


def test_export_to_stdout(built):
    result = run_kg("export", "--store", built, "--format", "nt")
    assert result.exit_code == 0
    assert "<https://w3id.org/kg/ontology#supplies>" in result.output


def test_export_unknown_format_is_one_error_line(built):
    _assert_one_error_line(run_kg("export", "--store", built, "--format", "xml"), 2)


@pytest.mark.parametrize("command", ["stats", "export"])
def test_commands_without_a_build_fail_cleanly(tmp_path, command):
    result = run_kg(command, "--store", tmp_path / "nothing")
    _assert_one_error_line(result, 1)
    assert "no built graph" in result.stderr


# ---- derived facts ---------------------------------------------------------------

PARK_PAIR = ("云岭高新区滇池光谷产业园位于云岭高新区。\n昆湖精密机械有限公司落户滇池光谷产业园。\n"
             "星澜电驱科技有限公司入驻滇池光谷产业园。\n")
PAIR_SUPPLY = "昆湖精密机械有限公司为星澜电驱科技有限公司配套生产电机壳体。\n"
CHAIN_LINKS = """SELECT ?aName ?bName ?rule (COUNT(?source) AS ?sources) WHERE {
  GRAPH ?g {
    ?a kg:neighborChainWith ?b .
    ?x rdf:subject ?a ; rdf:predicate kg:neighborChainWith ; rdf:object ?b ; kg:rule ?rule ;
       prov:wasDerivedFrom ?source .
  }
  FILTER(STRSTARTS(STR(?g), "https://w3id.org/kg/id/graph/derived/"))
  ?source a kg:Assertion ; kg:sentence ?sentence .
  ?a rdfs:label ?aName . ?b rdfs:label ?bName .
} GROUP BY ?aName ?bName ?rule"""


def _chain_links(out: Path) -> list[list[str]]:
    result = run_kg("query", CHAIN_LINKS, "--store", out, "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.output)["results"]["bindings"]
    return [[row[k]["value"] for k in ("aName", "bName", "rule", "sources")] for row in rows]


def test_build_stores_neighbor_chain_links_for_sparql(tmp_path):
    corpus, out = tmp_path / "articles", tmp_path / "out"
    corpus.mkdir()
    (corpus / "a.txt").write_text(PARK_PAIR + PAIR_SUPPLY, encoding="utf-8")
    assert run_kg("build", corpus, "--out", out, "-q").exit_code == 0
    # supported by the supply and both placements in the park
    assert _chain_links(out) == [["昆湖精密机械有限公司", "星澜电驱科技有限公司", "neighbor-chain/park", "3"]]
    ttl = Graph().parse(out / "graph.ttl", format="turtle")
    assert len(list(ttl.triples((None, KG.neighborChainWith, None)))) == 1


def test_rebuild_recomputes_the_derived_graph(tmp_path):
    corpus, out = tmp_path / "articles", tmp_path / "out"
    corpus.mkdir()
    (corpus / "a.txt").write_text(PARK_PAIR + PAIR_SUPPLY, encoding="utf-8")
    assert run_kg("build", corpus, "--out", out, "-q").exit_code == 0
    time.sleep(1.1)  # store directories are stamped to the second
    (corpus / "a.txt").write_text(PARK_PAIR, encoding="utf-8")  # the supply is gone
    assert run_kg("build", corpus, "--out", out, "-q").exit_code == 0
    assert _chain_links(out) == []
    assert not [q for q in open_store(out) if is_derived_graph(q.graph_name.value)]


JSONLD_BUG = ("`kg export --help` says jsonld gets all graphs merged, but kg.build.store.dump writes named graphs "
              "for it (pyoxigraph's JSON_LD supports datasets), so a plain JSON-LD reader sees no triples")


# ---- bad input ---------------------------------------------------------------------

@pytest.mark.parametrize("out", ["file", "file/sub"])
def test_out_that_is_a_file_is_one_error_line(small_corpus, tmp_path, out):
    (tmp_path / "file").write_text("keep me", encoding="utf-8")
    result = run_kg("build", small_corpus, "--out", tmp_path / out)
    where = "" if out == "file" else f": {tmp_path / 'file'}"
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"kg: error: --out {tmp_path / out}{where} is a file, not a folder\n"
    assert (tmp_path / "file").read_text(encoding="utf-8") == "keep me"


def test_missing_folder(tmp_path):
    result = run_kg("build", tmp_path / "missing", "--out", tmp_path / "out")
    _assert_one_error_line(result, 2)
    assert "corpus folder not found" in result.stderr
    assert not (tmp_path / "out").exists()


def test_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run_kg("build", tmp_path / "empty", "--out", tmp_path / "out")
    _assert_one_error_line(result, 2)
    assert "no articles" in result.stderr


def test_one_bad_article_is_reported_and_skipped(small_corpus, tmp_path):
    (small_corpus / "b.txt").write_bytes(b"\x00\x01binary\x00" * 50)
    out = tmp_path / "out"
    result = run_kg("build", small_corpus, "--out", out)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("kg: skipped ")
    assert "binary file (contains NUL bytes)" in result.stderr
    info = json.loads((out / "build.json").read_text(encoding="utf-8"))
    assert info["articles"] == 1
    assert info["skipped"] == [[str(small_corpus / "b.txt"), "binary file (contains NUL bytes)"]]
    assert "Traceback" not in result.output + result.stderr


def test_skipped_article_is_reported_on_one_line(small_corpus, tmp_path):
    bad = small_corpus / ("a-rather-long-file-name-for-a-bad-article-" * 2 + ".txt")
    bad.write_bytes(b"\x00\x01binary\x00" * 50)
    result = run_kg("build", small_corpus, "--out", tmp_path / "out", "-q")
    assert result.stderr.strip() == f"kg: skipped {bad}: binary file (contains NUL bytes)"


@pytest.mark.parametrize("bad", [b"", b"\x00" * 100, b"\x81\x30\xff\xfe\xfd" * 20])
def test_folder_with_only_bad_articles(tmp_path, bad):
    corpus = tmp_path / "bad"
    corpus.mkdir()
    (corpus / "x.txt").write_bytes(bad)
    (corpus / "y.md").write_bytes(b"\x00PK")
    result = run_kg("build", corpus, "--out", tmp_path / "out", "-q")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == f"kg: error: no readable articles in {corpus} (2 skipped)"
    assert [l for l in lines if l.startswith("kg: error:")] == [lines[-1]]
    assert lines[0].startswith("kg: skipped ")
    assert "Traceback" not in result.output + result.stderr
    assert not (tmp_path / "out" / "store").exists()


def test_only_bad_articles_via_subprocess_is_one_error_line(tmp_path):
    corpus = tmp_path / "bad"
    corpus.mkdir()
    (corpus / "x.txt").write_bytes(b"\x00\x00")
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(corpus), "--out", str(tmp_path / "o")],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 2
    errors = [l for l in proc.stderr.splitlines() if l.startswith("kg: error:")]
    assert errors == [f"kg: error: no readable articles in {corpus} (1 skipped)"]
    assert "Traceback" not in proc.stdout + proc.stderr


# ---- failed and interrupted builds leave the previous build usable ------------------

def _snapshot(out: Path) -> tuple[bytes, int]:
    return (out / "graph.ttl").read_bytes(), len(open_store(out))


@pytest.mark.parametrize("stage,change_all", [
    ("kg.build.update.write_new_store", True),   # most articles changed: a new store is written
    ("kg.build.update.copy_store", False),       # few changed: a copy of the previous store is patched
    ("kg.build.update.add_quads", False),        # fails after the copy lost the changed graphs
    ("kg.build.pipeline.write_export", False),
    ("kg.build.pipeline.write_export", True),
    ("kg.build.pipeline.update_derived", False),  # a patched store: the links around the changes
    ("kg.build.pipeline.write_derived", True),
])
def test_failed_store_writing_keeps_the_previous_build(built, small_corpus, monkeypatch, stage, change_all):
    before = _snapshot(built)
    before_quads = sorted(str(q) for q in open_store(built))
    if change_all:
        (small_corpus / "a.txt").write_text(GOOD.replace("龙口", "威海"), encoding="utf-8")
    (small_corpus / "c.txt").write_text(GOOD.replace("龙口", "烟台"), encoding="utf-8")

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(stage, boom)
    result = run_kg("build", small_corpus, "--out", built, "-q")
    _assert_one_error_line(result, 1)
    assert "No space left on device" in result.stderr
    assert _snapshot(built) == before
    assert sorted(str(q) for q in open_store(built)) == before_quads
    assert [p.name for p in built.glob("store-*")] == [os.readlink(built / "store")]
    assert sorted(p.name for p in built.iterdir() if p.name.startswith(".")) == []


def test_failed_build_leaves_no_temporary_files(built, small_corpus, monkeypatch):
    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(pipeline, "write_export", boom)
    run_kg("build", small_corpus, "--out", built, "-q")
    assert sorted(p.name for p in built.iterdir() if p.name.startswith(".")) == []


def _dead_pid() -> int:
    """A pid no process can have: above the kernel's limit."""
    return int(Path("/proc/sys/kernel/pid_max").read_text()) + 1


def test_build_removes_the_temporary_files_of_dead_builds(built, small_corpus):
    dead, key = _dead_pid(), "0" * 64
    (built / f".graph.ttl.tmp-{dead}").write_text("half a graph", encoding="utf-8")
    (built / f".build.json.tmp-{dead}").write_text("{", encoding="utf-8")
    (built / f".store.tmp-{dead}").symlink_to("store-gone")
    (built / "cache" / f".{key}.tmp-{dead}").write_bytes(b"half a pickle")
    with subprocess.Popen(["sleep", "60"]) as live:  # another build, still running
        try:
            (built / f".graph.ttl.tmp-{live.pid}").write_text("being written", encoding="utf-8")
            proc = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(small_corpus), "--out", str(built),
                                   "-q"], capture_output=True, text=True)
        finally:
            live.kill()
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")
    assert sorted(p.name for p in built.iterdir() if p.name.startswith(".")) == [f".graph.ttl.tmp-{live.pid}"]
    assert sorted(p.name for p in (built / "cache").iterdir() if p.name.startswith(".")) == []


def test_remove_stale_temporaries_names_what_it_removed(tmp_path):
    dead = _dead_pid()
    for name in (f".graph.ttl.tmp-{dead}", f".graph.ttl.tmp-{os.getpid()}", "graph.ttl", f".tmp-{dead}"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / f".store.tmp-{dead}").symlink_to("store-gone")
    assert remove_stale_temporaries(tmp_path) == [f".graph.ttl.tmp-{dead}", f".store.tmp-{dead}"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [f".graph.ttl.tmp-{os.getpid()}", f".tmp-{dead}",
                                                          "graph.ttl"]
    assert remove_stale_temporaries(tmp_path / "missing") == []


def test_rebuild_replaces_the_store_and_drops_the_old_one(built, small_corpus):
    old = os.readlink(built / "store")
    (small_corpus / "c.txt").write_text(GOOD.replace("龙口中宇", "烟台华宇"), encoding="utf-8")
    assert run_kg("build", small_corpus, "--out", built, "-q").exit_code == 0
    assert os.readlink(built / "store") != old
    assert [p.name for p in built.glob("store-*")] == [os.readlink(built / "store")]
    assert json.loads((built / "build.json").read_text(encoding="utf-8"))["articles"] == 2


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory) -> Path:
    corpus = tmp_path_factory.mktemp("big")
    for copy in range(40):
        for src in sorted(CORPUS.glob("*.txt")):
            shutil.copy(src, corpus / f"{copy:03d}_{src.name}")
    return corpus


def test_killed_build_leaves_the_previous_build_usable(big_corpus, built, small_corpus):
    before = _snapshot(built)
    current = os.readlink(built / "store")
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(big_corpus), "--out", str(built), "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            if any(p.name != current for p in built.glob("store-*")):
                break  # it has started writing the new store
            time.sleep(0.005)
        killed_while_running = proc.poll() is None
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    assert killed_while_running, "the build finished before it could be killed"
    assert _snapshot(built) == before
    assert os.readlink(built / "store") == current
    # the next build succeeds and clears the half-written store away
    assert run_kg("build", small_corpus, "--out", built, "-q").exit_code == 0
    assert [p.name for p in built.glob("store-*")] == [os.readlink(built / "store")]
