"""Shared fixtures: one build of the bundled corpus per test session.

Other test modules may use ``corpus_build`` (the out directory of
``kg build corpus``); it is built once and must be treated as read-only.
"""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
ONTOLOGY = ROOT / "ontology"


@pytest.fixture(scope="session")
def corpus_build(tmp_path_factory) -> Path:
    """Build ``corpus/`` once into a temporary directory; return that out directory."""
    from kg.build.pipeline import BuildSettings, build

    out = tmp_path_factory.mktemp("corpus-build") / "out"
    build(BuildSettings(corpus=CORPUS, out=out))
    return out
