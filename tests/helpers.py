"""Helpers several test modules share: free loopback ports, process checks, and the headless Chromium
the browser tests drive (Debian's, with the network features off)."""
from __future__ import annotations

import socket
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-dev-shm-usage"]
CATCH_ALERTS = "window.__alerts = []; window.alert = function (m) { window.__alerts.push(String(m)); };"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def running(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def require_browser():
    """Skip the calling test module unless Debian's Chromium and Playwright are installed; return
    ``playwright.sync_api``."""
    import pytest

    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (/usr/bin/chromium); run scripts/test-deps.sh",
                    allow_module_level=True)
    return pytest.importorskip("playwright.sync_api", reason="Playwright's Python package is not installed")


@contextmanager
def headless_chromium(sync_api):
    """Debian's Chromium, headless, driven by Playwright; closed on exit."""
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
