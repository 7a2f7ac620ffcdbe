"""kg: Chinese news about high-tech zones and industrial parks → a knowledge graph of industrial-chain
(邻链) relations, and the tools to act on it.

The library in one place, as networkx and rdflib expose theirs::

    import kg
    report = kg.build(kg.BuildSettings("corpus", "out"))   # articles → store (kg.build)
    G = kg.load_graph("out")                               # store → networkx (kg.graph)
    kg.query("out", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")  # SPARQL (kg.sparql)
    kg.neighbor_chain_links(G)                             # analyses (kg.analysis)

The packages follow the data: :mod:`kg.extract` (text → entities and relations) → :mod:`kg.build`
(the store) → :mod:`kg.graph` (reading it; placement and the neighbor-chain rule) →
:mod:`kg.sparql`, :mod:`kg.eval`, :mod:`kg.analysis` → :mod:`kg.viz` → :mod:`kg.app` → :mod:`kg.cli`.
Names are imported on first use, so ``import kg`` stays cheap.

>>> import kg
>>> kg.extract_article(kg.Article.from_text("t", "常州高新区青枫智谷园区位于常州高新区。")).entities[1].name
'常州高新区'
"""
from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys

# public name -> module that defines it
_API = {
    "Article": "kg.model", "Entity": "kg.model", "Relation": "kg.model", "KgError": "kg.errors",
    "extract_article": "kg.extract.article", "extract_articles": "kg.extract.article",
    "read_corpus": "kg.extract.reader",
    "BuildSettings": "kg.build.pipeline", "BuildReport": "kg.build.pipeline", "build": "kg.build.pipeline",
    "open_store": "kg.graph.store", "load_graph": "kg.graph.read", "to_networkx": "kg.graph.read",
    "resolve_name": "kg.graph.resolve", "chain_links": "kg.graph.neighbor_chain",
    "placement": "kg.graph.placement", "members": "kg.graph.placement",
    "run_query": "kg.sparql.run", "run_named": "kg.sparql.queries", "list_queries": "kg.sparql.queries",
    "evaluate": "kg.eval.score",
    "supply_chain": "kg.analysis", "neighbor_chain_links": "kg.analysis", "neighbor_report": "kg.analysis",
    "recommend_partners": "kg.analysis", "find_gaps": "kg.analysis", "chain_leaders": "kg.analysis",
    "leaders_report": "kg.analysis",
    "view": "kg.viz.view", "render_html": "kg.viz.view",
}

# Module paths of earlier releases (the README and notebooks of the time use them) -> their homes now.
MOVED = {
    "kg.pipeline": "kg.build.pipeline", "kg.update": "kg.build.update", "kg.index": "kg.build.index",
    "kg.cache": "kg.build.cache", "kg.parallel": "kg.build.parallel", "kg.linking": "kg.build.linking",
    "kg.derive": "kg.build.derive", "kg.rdf": "kg.build.rdf", "kg.export": "kg.build.export",
    "kg.stats": "kg.build.stats", "kg.store": "kg.graph.store", "kg.holds": "kg.graph.holds",
    "kg.neighborhood": "kg.graph.neighborhood", "kg.resolve": "kg.graph.resolve", "kg.values": "kg.sparql.values",
    "kg.serve": "kg.sparql.serve", "kg.push": "kg.sparql.push", "kg.queries": "kg.sparql.queries",
    "kg.viz_select": "kg.viz.select", "kg.viz_layout": "kg.viz.layout", "kg.viz_page": "kg.viz.page",
    "kg.gold": "kg.eval.gold", "kg.evaluate": "kg.eval.score", "kg.reader": "kg.extract.reader",
    "kg.normalize": "kg.extract.normalize", "kg.sentences": "kg.extract.sentences", "kg.lexicon": "kg.extract.lexicon",
}

__all__ = sorted(_API)


def __getattr__(name: str):
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def query(store_dir, text: str, bindings=None, timeout: float | None = None):
    """Run a SPARQL query on the store of a build directory; the result as :class:`kg.sparql.run.Result`."""
    from kg.graph.store import open_store
    from kg.sparql.run import run_query
    return run_query(open_store(store_dir), text, bindings, timeout)


class _MovedModules(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Imports an old module path (``kg.pipeline``) as the module that lives there now."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname in MOVED:
            return importlib.util.spec_from_loader(fullname, self)
        return None

    def create_module(self, spec):
        module = importlib.import_module(MOVED[spec.name])
        spec.loader_state = module.__spec__  # the import machinery puts the old path's spec on the module
        return module

    def exec_module(self, module):
        module.__spec__ = module.__spec__.loader_state


sys.meta_path.append(_MovedModules())
