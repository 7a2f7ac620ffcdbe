"""The graph and its store: open and hold the Oxigraph store, read it into networkx, resolve names,
read a neighbourhood, and the rules of placement and the neighbor chain over the graph.

>>> from kg.graph import graph_from_triples
>>> G = graph_from_triples([("e", "Enterprise", "甲")], [])
>>> G.nodes["e"]["label"]
'甲'
"""
from kg.graph.read import Evidence, Statement, graph_from_triples, load_graph, statement_quads, to_networkx

__all__ = ["to_networkx", "load_graph", "graph_from_triples", "Evidence", "Statement", "statement_quads"]
