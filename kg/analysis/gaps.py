"""Chain gaps of a park or zone: what is held locally, what comes from outside, what to attract.

For a place (park or zone, with its sub-parks) the report lists

* ``industries``: the industries of the place and of its parks, each with the
  local enterprises that have it (none known → a gap);
* ``products_made``: products made by local enterprises (positions held);
* ``outside_suppliers`` / ``outside_customers``: supply links that cross the
  border — local enterprises whose suppliers or customers sit outside;
* ``products_missing``: products local enterprises buy (their suppliers make
  them) that no local enterprise makes;
* ``targets``: the investment-promotion list (补链招商) built from the above —
  outside suppliers and missing products first, ranked by how many local
  enterprises depend on them, then outside customers and empty industries.

>>> from kg.graph.read import graph_from_triples
>>> G = graph_from_triples([("z", "Zone", "区"), ("in", "Enterprise", "本地"), ("out", "Enterprise", "外地"),
...                         ("x", "Product", "部件")],
...                        [("in", "locatedIn", "z"), ("out", "supplies", "in"), ("out", "produces", "x")])
>>> [(t["kind"], t["label"], t["local"]) for t in find_gaps(G, "z").targets]
[('supplier', '外地', 1), ('product', '部件', 1)]
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import networkx as nx

from kg.analysis.common import (ENTERPRISE, PLACE_TYPES, SUPPLY, customers, facts, label, members, node_info,
                                predecessors, require_node, sub_places, successors, suppliers)

__all__ = ["GapReport", "find_gaps"]


@dataclass
class GapReport:
    place: str
    label: str
    type: str
    enterprises: list[dict]
    industries: list[dict]
    products_made: list[dict]
    outside_suppliers: list[dict]
    outside_customers: list[dict]
    products_missing: list[dict]
    targets: list[dict]

    def to_dict(self) -> dict:
        return asdict(self)


def _by_label(G, nodes):
    return sorted(nodes, key=lambda n: (label(G, n), n))


def _industries(G, places: set[str], local: set[str]) -> list[dict]:
    out = []
    for ind in _by_label(G, {i for p in places for i in successors(G, p, "hasIndustry")}):
        holders = _by_label(G, [e for e in predecessors(G, ind, "hasIndustry") if e in local])
        named_by = [(p, "hasIndustry", ind) for p in _by_label(G, places) if ind in successors(G, p, "hasIndustry")]
        out.append({"industry": ind, "label": label(G, ind), "local": [label(G, e) for e in holders],
                    "facts": facts(G, named_by + [(e, "hasIndustry", ind) for e in holders])})
    return out


def _products_made(G, local: set[str]) -> list[dict]:
    made: dict[str, list[str]] = {}
    for e in local:
        for prod in successors(G, e, "produces"):
            made.setdefault(prod, []).append(e)
    return [{"product": p, "label": label(G, p), "makers": [label(G, e) for e in _by_label(G, made[p])],
             "facts": facts(G, [(e, "produces", p) for e in _by_label(G, made[p])])}
            for p in _by_label(G, made)]


def _crossing(G, local: set[str], inbound: bool) -> list[dict]:
    """Outside suppliers of local enterprises (inbound) or outside customers (outbound)."""
    links: dict[str, list[str]] = {}
    for e in local:
        for other in (suppliers(G, e) if inbound else customers(G, e)):
            if other not in local:
                links.setdefault(other, []).append(e)
    out = []
    for other in _by_label(G, links):
        locals_ = _by_label(G, links[other])
        edges = [(other, SUPPLY, e) if inbound else (e, SUPPLY, other) for e in locals_]
        out.append({"node": other, "label": label(G, other), "local": [label(G, e) for e in locals_],
                    "facts": facts(G, edges)})
    out.sort(key=lambda r: -len(r["local"]))
    return out


def _missing_products(G, local: set[str]) -> list[dict]:
    made_here = {p for e in local for p in successors(G, e, "produces")}
    used: dict[str, dict[str, set[str]]] = {}
    for e in local:
        for s in suppliers(G, e):
            for prod in successors(G, s, "produces"):
                if prod not in made_here:
                    used.setdefault(prod, {}).setdefault(s, set()).add(e)
    out = []
    for prod in _by_label(G, used):
        makers = _by_label(G, used[prod])
        users = _by_label(G, {e for es in used[prod].values() for e in es})
        edges = [(s, "produces", prod) for s in makers] + \
                [(s, SUPPLY, e) for s in makers for e in _by_label(G, used[prod][s])]
        out.append({"product": prod, "label": label(G, prod), "used_by": [label(G, e) for e in users],
                    "made_by": [label(G, s) for s in makers], "facts": facts(G, edges)})
    out.sort(key=lambda r: -len(r["used_by"]))
    return out


def _targets(report: GapReport) -> list[dict]:
    rows = [("supplier", r["node"], r["label"], len(r["local"]),
             f"supplies {', '.join(r['local'])} from outside", r["facts"]) for r in report.outside_suppliers]
    rows += [("product", r["product"], r["label"], len(r["used_by"]),
              f"used by {', '.join(r['used_by'])}, made by {', '.join(r['made_by'])}", r["facts"])
             for r in report.products_missing]
    rows.sort(key=lambda r: -r[3])
    rows += [("customer", r["node"], r["label"], len(r["local"]),
              f"buys from {', '.join(r['local'])}: a customer to bring closer", r["facts"])
             for r in report.outside_customers]
    rows += [("industry", r["industry"], r["label"], 0, "an industry of the place with no local enterprise known",
              r["facts"]) for r in report.industries if not r["local"]]
    return [{"kind": k, "node": n, "label": lab, "local": c, "why": why, "facts": f}
            for k, n, lab, c, why, f in rows]


def find_gaps(G: nx.MultiDiGraph, place: str) -> GapReport:
    """The chain gaps of ``place`` (a park or zone IRI) and its sub-parks."""
    info = node_info(G, require_node(G, place, PLACE_TYPES))
    local = members(G, place, (ENTERPRISE,))
    report = GapReport(
        place, info["label"], info["type"], [node_info(G, e) for e in _by_label(G, local)],
        _industries(G, sub_places(G, place), local), _products_made(G, local),
        _crossing(G, local, inbound=True), _crossing(G, local, inbound=False),
        _missing_products(G, local), [])
    report.targets = _targets(report)
    return report
