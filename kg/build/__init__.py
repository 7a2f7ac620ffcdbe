"""Building the store from a corpus: extract every article (in parallel, cached), link names across
articles, write the article graphs and the derived neighbor-chain links, export ``graph.ttl``;
rebuilds patch only what changed (:mod:`kg.build.update`)."""
from kg.build.pipeline import BuildReport, BuildSettings, build

__all__ = ["BuildSettings", "BuildReport", "build"]
