"""notebooks/walkthrough.ipynb runs top to bottom in a fresh kernel, and is stored without outputs."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="nbformat is not installed (pip install -e '.[test]')")
nbclient = pytest.importorskip("nbclient", reason="nbclient is not installed (pip install -e '.[test]')")
pytest.importorskip("ipykernel", reason="ipykernel is not installed (pip install -e '.[test]')")

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "walkthrough.ipynb"
KERNEL = "kg-test-venv"


def test_notebook_is_stored_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert len(code) >= 6
    assert all(c.outputs == [] and c.execution_count is None for c in code)


@pytest.fixture
def kernel(tmp_path, monkeypatch) -> str:
    """A kernelspec running this interpreter (the venv's), registered in a private Jupyter path."""
    spec = tmp_path / "jupyter" / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "kg (test venv)", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    return KERNEL


def test_notebook_runs_from_a_clean_kernel(kernel):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, kernel_name=kernel, timeout=300,
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    outputs = [c.outputs for c in nb.cells if c.cell_type == "code"]
    assert not [o for cell in outputs for o in cell if o.output_type == "error"]
    text = "".join(o.get("text", "") for cell in outputs for o in cell if o.output_type == "stream")
    assert "5 articles" in text
    assert "enterprises-in   Enterprises in a park or zone" in text
    assert "suppliers of 潍柴动力股份有限公司 -> ['龙口中宇机械有限公司']" in text
    assert "山东天维膜技术有限公司 ⇄ 山东环科环保科技有限公司 [building]" in text
    view = outputs[-1][-1]
    assert view.output_type == "execute_result"
    shown = view.data["text/html"]
    assert shown.startswith("<iframe srcdoc=") and "潍坊高新区光电产业园" in shown
