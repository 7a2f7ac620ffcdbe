"""Interactive views of the graph: choose what to draw (:mod:`kg.viz.select`), lay it out
(:mod:`kg.viz.layout`), write one offline HTML page (:mod:`kg.viz.page`, templates and assets as
package files); :mod:`kg.viz.view` ties them together."""
from kg.viz.view import View, neighbor_chain_levels, render_html, view, view_store

__all__ = ["View", "view", "view_store", "render_html", "neighbor_chain_levels"]
