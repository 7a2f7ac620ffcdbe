"""The HTML page of a graph view: one self-contained file, no network access.

The page is ``templates/page.html`` with its stylesheet and script (``static/page.css``,
``static/page.js``) and pyvis's vis-network inlined, so the file works offline.

The template is rendered by Jinja with autoescaping on; graph data goes in
through ``tojson`` (which escapes ``<``, ``>``, ``&`` and ``'``), and the
script only ever puts names and sentences into the page with
``textContent``, so no label or sentence can become markup.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

import jinja2
import pyvis
from markupsafe import Markup

FONT_STACK = ('"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", '
              '"WenQuanYi Micro Hei", "PingFang SC", "Hiragino Sans GB", '
              '"Microsoft YaHei", "SimHei", sans-serif')

VIS_DIR = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"


@lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """The vis-network script and stylesheet shipped with pyvis, to inline."""
    js = (VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8")
    css = (VIS_DIR / "vis-network.css").read_text(encoding="utf-8")
    return js, css


_ENV = jinja2.Environment(loader=jinja2.PackageLoader("kg.viz", "templates"), autoescape=True,
                          undefined=jinja2.StrictUndefined)


def _static(name: str) -> str:
    return resources.files("kg.viz").joinpath("static", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def page_template() -> jinja2.Template:
    """The compiled page (``templates/page.html``), with the inlined assets (vis-network from pyvis,
    ``static/page.css`` and ``static/page.js``) bound as trusted markup."""
    js, vis_css = vis_assets()
    return _ENV.get_template("page.html", globals={
        "vis_js": Markup(js),
        "vis_css": Markup(vis_css),
        "css": Markup(_static("page.css").replace("FONTS", FONT_STACK)),
        "script": Markup(_static("page.js")),
    })
