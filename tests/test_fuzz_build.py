"""`kg build` fed random Unicode, control characters, huge lines and mixed encodings: a summary or one
clear error line, never a traceback, and time bounded by the input's length (generously: the point is
that no input makes a build's cost grow with the square of its length)."""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()
NAMES = st.sampled_from(["潍坊", "中宇机械有限公司", "高新区", "光电产业园", "为", "配套", "、", "及", "与", "。",
                         "(以下简称“中宇”)", "\n", "\t", "\x00", "\x1b[31m", "\u202e", "\ufeff", "😀", "ＡＢ"])
TEXT = st.lists(st.one_of(NAMES, st.characters()), max_size=80).map("".join)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "gb18030", "big5"])
# A huge line: one piece repeated with no sentence end (a scraped page, a PDF dump).
HUGE = st.tuples(NAMES, st.integers(2_000, 40_000)).map(lambda t: t[0] * (t[1] // max(1, len(t[0]))))
FILES = st.lists(st.tuples(st.one_of(TEXT, HUGE), ENCODINGS, st.sampled_from([".txt", ".md", ".html"])),
                 min_size=1, max_size=3)
SECONDS_PER_CHAR = 0.002  # ~1,000× slower than a real build: only quadratic growth or a hang trips it


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(FILES)
def test_build_never_shows_a_traceback_and_is_bounded(files):
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        chars = 0
        for i, (text, encoding, suffix) in enumerate(files):
            (corpus / f"a{i}{suffix}").write_bytes(text.encode(encoding, errors="replace"))
            chars += len(text)
        start = time.perf_counter()
        result = runner.invoke(app, ["build", str(corpus), "--out", str(Path(tmp) / "out"), "-q"])
        seconds = time.perf_counter() - start
    assert "Traceback" not in result.output + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    if result.exit_code:
        assert result.stderr.strip().splitlines()[-1].startswith("kg: error: "), result.stderr
    assert seconds < 10 + chars * SECONDS_PER_CHAR, (seconds, chars)
