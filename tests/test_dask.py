"""`kg build --engine dask`: the same store as a local build, on a 2-worker LocalCluster over loopback."""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.build.parallel import ClusterError, DaskRunner, make_runner
from kg.build.pipeline import BuildSettings, build
from kg.cli import app
from kg.graph.store import open_store

distributed = pytest.importorskip("distributed")

TEXTS = [
    "常州高新区青枫智谷园区隶属于常州高新区。江苏恒瑞新材料科技有限公司位于常州高新区青枫智谷园区。",
    "江苏恒瑞新材料科技有限公司为常州天合光电股份有限公司配套生产光伏背板。",
    "常州天合光电股份有限公司与南京大学合作研发新型光伏电池。",
    "潍坊高新区重点发展生物医药、新材料等主导产业。",
]


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as c:
        yield c


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i, text in enumerate(TEXTS * 5):
        (folder / f"a{i:02d}.txt").write_text(text, encoding="utf-8")
    return folder


def quads(out: Path) -> list[str]:
    return sorted(str(q) for q in open_store(out))


def test_dask_build_matches_local_build(cluster, corpus, tmp_path):
    build(BuildSettings(corpus=corpus, out=tmp_path / "local", incremental=False))
    report = build(BuildSettings(corpus=corpus, out=tmp_path / "dask", engine="dask",
                                 scheduler=cluster.scheduler_address, incremental=False))
    assert report.articles == 20
    assert quads(tmp_path / "dask") == quads(tmp_path / "local")


def test_dask_runner_counts_cluster_threads(cluster):
    with make_runner(engine="dask", scheduler=cluster.scheduler_address) as runner:
        assert isinstance(runner, DaskRunner) and runner.workers == 2


def test_cli_build_engine_dask(cluster, corpus, tmp_path):
    build(BuildSettings(corpus=corpus, out=tmp_path / "local", incremental=False))
    result = CliRunner().invoke(app, ["build", str(corpus), "--out", str(tmp_path / "dask"), "-q",
                                      "--engine", "dask", "--scheduler", cluster.scheduler_address])
    assert result.exit_code == 0, result.output
    assert quads(tmp_path / "dask") == quads(tmp_path / "local")


def test_unreachable_scheduler_is_a_cluster_error():
    with pytest.raises(ClusterError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        DaskRunner("tcp://127.0.0.1:9", timeout=1)


def test_cli_unreachable_scheduler_is_one_line(corpus, tmp_path):
    result = CliRunner().invoke(app, ["build", str(corpus), "--out", str(tmp_path / "o"), "-q",
                                      "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 1
    assert "kg: error: cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output
    assert "Traceback" not in result.output
