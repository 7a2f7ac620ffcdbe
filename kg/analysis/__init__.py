"""Neighbor-chain analysis over the networkx graph of :func:`kg.graph.read.to_networkx`.

Plain functions; none changes the graph or touches the RDF store::

    from kg.graph import load_graph
    from kg.analysis import supply_chain, neighbor_chain_links, recommend_partners
    G = load_graph("out")
"""
from kg.analysis.chain import ChainStep, SupplyChain, downstream, supply_chain, upstream
from kg.analysis.common import AnalysisInputError
from kg.analysis.gaps import GapReport, find_gaps
from kg.analysis.leaders import chain_leaders, industrial_clusters, leaders_report
from kg.analysis.neighbors import neighbor_chain_links, neighbor_report, park_shares
from kg.analysis.partners import RULES, Candidate, Reason, recommend_partners

__all__ = ["ChainStep", "SupplyChain", "upstream", "downstream", "supply_chain", "AnalysisInputError",
           "GapReport", "find_gaps", "chain_leaders", "industrial_clusters", "leaders_report",
           "neighbor_chain_links", "neighbor_report", "park_shares", "RULES", "Candidate", "Reason",
           "recommend_partners"]
