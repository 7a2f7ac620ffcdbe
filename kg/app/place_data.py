"""The place page of the web app: a zone or park, its parks, enterprises, industries, neighbor chains,
chain leaders and gaps — and the same tables as CSV.

The answers are the library's, computed on the place's area (:meth:`kg.app.site.Site.place_report`):
:func:`kg.analysis.find_gaps`, :func:`kg.analysis.leaders_report`, :func:`kg.analysis.neighbor_report`;
the counts of the parks come from the tree of :func:`kg.analysis.places.place_tree`.  This module
picks and words them.
"""
from __future__ import annotations

import csv
import io
import multiprocessing
import os
from dataclasses import dataclass

from kg.analysis import AnalysisInputError
from kg.app.data import PLACE_TYPES, FactView, NodeRef, fact_view, node_ref, type_zh, where
from kg.app.site import PlaceReport, Site, url_of
from kg.graph.access import successors

LEVEL_ZH = {"building": "同楼", "park": "同园区", "zone": "同高新区"}
TARGET_ZH = {"supplier": "园外供应商", "product": "本地缺少的产品", "customer": "园外客户", "industry": "缺少企业的产业"}
ENTERPRISES_SHOWN = 300
LINKS_SHOWN = TARGETS_SHOWN = 100  # on the page; the CSV tables have them all
TABLES = ("enterprises", "links", "leaders", "gaps")


class NotAPlaceError(AnalysisInputError):
    """The name is an entity, but not a zone or park."""

    def __init__(self, message: str, node: str):
        super().__init__(message)
        self.node = node


@dataclass
class EnterpriseRow:
    ref: NodeRef
    site: NodeRef | None
    industries: list[NodeRef]
    products: list[NodeRef]
    suppliers: int
    customers: int
    partners: list[str]


@dataclass
class LinkView:
    a: NodeRef
    b: NodeRef
    level: str
    level_zh: str
    places: list[NodeRef]
    confidence: float
    facts: list[FactView]


@dataclass
class LeaderView:
    rank: int
    ref: NodeRef
    score: float
    suppliers: int
    customers: int
    partners: int
    facts: list[FactView]


@dataclass
class TargetView:
    kind: str
    kind_zh: str
    ref: NodeRef
    local: int
    why: str
    facts: list[FactView]


@dataclass
class PlaceView:
    ref: NodeRef
    aliases: list[str]
    above: list[NodeRef]
    counts: object                       # its node of the place tree (enterprises, share, links, children)
    enterprises: list[EnterpriseRow]
    total: int
    industry: str
    industry_options: list[tuple[str, str, int]]   # (label, label, enterprises) for the filter
    data: PlaceData                                # industries, links, leaders, clusters, targets
    graph_url: str
    csv_url: str
    entity_url: str


def place_node(site: Site, ref: str) -> str:
    """The zone or park ``ref`` names; NotAPlaceError when it names another kind of entity."""
    node = site.lookup(ref)
    type_ = site.G._node[node].get("type", "")
    if type_ not in PLACE_TYPES:
        label = site.G._node[node].get("label") or node
        raise NotAPlaceError(f"{label} 是{type_zh(type_)}，不是园区或高新区", node)
    return node


def _nearest_inside(site: Site, node: str, inside: set[str]) -> NodeRef | None:
    """The nearest place of ``node`` that is ``inside`` the place shown."""
    for p in where(site, node, 99):
        if p.node in inside:
            return p
    return None


def enterprise_rows(site: Site, place: str, report: PlaceReport, industry: str = "") -> list[EnterpriseRow]:
    """The enterprises placed in ``place`` (those of :func:`kg.analysis.find_gaps`), optionally of one industry."""
    G, inside = site.G, report.inside
    partners: dict[str, set[str]] = {}
    for link in report.neighbors.links:
        partners.setdefault(link.a, set()).add(link.b_label)
        partners.setdefault(link.b, set()).add(link.a_label)
    rows = []
    for e in report.gaps.enterprises:
        n = e["iri"]
        industries = [node_ref(site, i) for i in sorted(successors(G, n, "hasIndustry"))]
        if industry and not any(industry in (i.label, i.node) for i in industries):
            continue
        rows.append(EnterpriseRow(node_ref(site, n), _nearest_inside(site, n, inside), industries,
                                  [node_ref(site, p) for p in sorted(successors(G, n, "produces"))],
                                  len([u for u in G._pred[n] if "supplies" in G._pred[n][u]]),
                                  len([v for v in G._succ[n] if "supplies" in G._succ[n][v]]),
                                  sorted(partners.get(n, ()))))
    return rows


def _industry_options(rows: list[EnterpriseRow]) -> list[tuple[str, str, int]]:
    """The industries of the enterprises, most enterprises first, for the filter."""
    tally: dict[str, int] = {}
    for row in rows:
        for i in row.industries:
            tally[i.label] = tally.get(i.label, 0) + 1
    return [(label, label, n) for label, n in sorted(tally.items(), key=lambda t: (-t[1], t[0]))]


def _why(kind: str, row: dict) -> str:
    """The reason of a 补链 target, in Chinese, from its row of the gap report."""
    if kind == "supplier":
        return f"从本地以外为 {'、'.join(row['local'])} 供货"
    if kind == "product":
        return f"{'、'.join(row['used_by'])} 采购，由 {'、'.join(row['made_by'])} 生产，本地无企业生产"
    if kind == "customer":
        return f"向 {'、'.join(row['local'])} 采购，位于本地以外：可就近引入的客户"
    return "本地的主导产业，尚无已知本地企业"


def target_views(site: Site, report: PlaceReport, limit: int | None = None) -> list[TargetView]:
    """The investment-promotion targets (补链招商) of :func:`kg.analysis.find_gaps`, with reasons."""
    gaps = report.gaps
    rows = {("supplier", r["node"]): r for r in gaps.outside_suppliers}
    rows.update({("product", r["product"]): r for r in gaps.products_missing})
    rows.update({("customer", r["node"]): r for r in gaps.outside_customers})
    rows.update({("industry", r["industry"]): r for r in gaps.industries})
    return [TargetView(t["kind"], TARGET_ZH.get(t["kind"], t["kind"]), node_ref(site, t["node"]), t["local"],
                       _why(t["kind"], rows[(t["kind"], t["node"])]), [fact_view(site, f, 1) for f in t["facts"][:6]])
            for t in gaps.targets[:limit]]


def link_views(site: Site, report: PlaceReport, limit: int | None = None) -> list[LinkView]:
    """The neighbor-chain links of the place (:func:`kg.analysis.neighbor_report`)."""
    return [LinkView(node_ref(site, link.a), node_ref(site, link.b), link.level, LEVEL_ZH.get(link.level, link.level),
                     [node_ref(site, p["iri"]) for p in link.places], link.confidence,
                     [fact_view(site, f, 2) for f in link.relations + link.colocation])
            for link in report.neighbors.links[:limit]]


def leader_views(site: Site, report: PlaceReport) -> list[LeaderView]:
    """The chain leaders (链主) of :func:`kg.analysis.leaders_report`."""
    return [LeaderView(i, node_ref(site, l.node), l.score, l.suppliers, l.customers, l.partners,
                       [fact_view(site, f, 1) for f in l.facts[:4]])
            for i, l in enumerate(report.leaders.leaders, 1)]


@dataclass
class PlaceData:
    """What the page of one place shows whatever the filter: kept per place (:func:`place_data`)."""

    rows: list[EnterpriseRow]
    industries: list[tuple[NodeRef, list[str]]]
    links: list[LinkView]
    links_total: int
    leaders: list[LeaderView]
    clusters: list[tuple[str, list[str], list[str]]]
    targets: list[TargetView]
    targets_total: int


def place_data(site: Site, node: str) -> PlaceData:
    """The page data of the zone or park ``node``, computed from its reports once and kept."""
    found = site.views.get(("place", node))
    if found is None:
        report = site.place_report(node)
        found = PlaceData(enterprise_rows(site, node, report),
                          [(node_ref(site, r["industry"]), r["local"]) for r in report.gaps.industries],
                          link_views(site, report, LINKS_SHOWN), len(report.neighbors.links),
                          leader_views(site, report),
                          [(c.leader, c.members, c.industries + c.products) for c in report.leaders.clusters],
                          target_views(site, report, TARGETS_SHOWN), len(report.gaps.targets))
        site.views[("place", node)] = found
    return found


def prepare_places(site: Site, types: tuple[str, ...] = PLACE_TYPES, workers: int | None = None,
                   parallel_from: int = 64) -> int:
    """Compute the page data of every place of ``types`` now, so no request waits for it; return how many.

    From ``parallel_from`` places on, ``workers`` processes (default: one per core) share the work:
    forked from this one, they read the same graph (copy-on-write) and send back the page data.
    Call it before any thread is started (forking copies only the calling thread).
    """
    places = sorted((n for n, data in site.G._node.items() if data.get("type") in types),
                    key=lambda n: (site.G._node[n].get("type") != "Zone", n))  # the big ones first
    workers = workers or os.cpu_count() or 1
    if workers < 2 or len(places) < parallel_from or "fork" not in multiprocessing.get_all_start_methods():
        for node in places:
            place_data(site, node)
        return len(places)
    global _FORKED
    _FORKED = site
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for node, data in pool.imap_unordered(_prepare_one, places, chunksize=4):
                site.views[("place", node)] = data
    finally:
        _FORKED = None
    return len(places)


_FORKED: Site | None = None  # the site a forked worker of prepare_places reads


def _prepare_one(node: str) -> tuple[str, PlaceData]:
    """In a forked worker: the page data of one place."""
    return node, place_data(_FORKED, node)


def place_view(site: Site, ref: str, industry: str = "") -> PlaceView:
    """Everything the place page shows of the zone or park ``ref`` names."""
    node = place_node(site, ref)
    data = place_data(site, node)
    rows = [r for r in data.rows if not industry or any(industry in (i.label, i.node) for i in r.industries)]
    attrs = site.G._node[node]
    return PlaceView(node_ref(site, node), list(attrs.get("aliases") or ()), where(site, node, 6),
                     site.tree_nodes.get(node), rows[:ENTERPRISES_SHOWN], len(rows), industry,
                     _industry_options(data.rows), data, url_of("graph", node),
                     url_of("place", node, ".csv"), url_of("entity", node))


def place_csv(site: Site, ref: str, table: str = "enterprises", industry: str = "") -> tuple[str, str]:
    """``(file name, CSV text)`` of one table of the place page (with a byte-order mark for Excel)."""
    node = place_node(site, ref)
    report = site.place_report(node)
    if table not in TABLES:
        raise AnalysisInputError(f"没有这张表：{table}（可选：{'、'.join(TABLES)}）")
    header, rows = _TABLES[table](site, node, report, industry)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    label = site.G._node[node].get("label") or "place"
    return f"{label}-{table}.csv", "\ufeff" + out.getvalue()


def _enterprise_table(site, node, report, industry):
    """The enterprises (of one industry, if given), as in the page."""
    return (["企业", "所在园区", "产业", "产品", "供应商数", "客户数", "邻链伙伴"],
            [[r.ref.label, r.site.label if r.site else "", "、".join(i.label for i in r.industries),
              "、".join(p.label for p in r.products), r.suppliers, r.customers, "、".join(r.partners)]
             for r in enterprise_rows(site, node, report, industry)])


def _link_table(site, node, report, industry):
    """Every neighbor-chain link of the place."""
    return (["企业甲", "企业乙", "层级", "共同所在", "置信度"],
            [[l.a.label, l.b.label, l.level_zh, "、".join(p.label for p in l.places), f"{l.confidence:.2f}"]
             for l in link_views(site, report)])


def _leader_table(site, node, report, industry):
    """The chain leaders."""
    return (["排名", "企业", "得分", "供应商数", "客户数", "合作伙伴数"],
            [[l.rank, l.ref.label, f"{l.score:.4f}", l.suppliers, l.customers, l.partners]
             for l in leader_views(site, report)])


def _gap_table(site, node, report, industry):
    """Every 补链 target with its reason."""
    return (["类型", "目标", "相关本地企业数", "原因"],
            [[t.kind_zh, t.ref.label, t.local, t.why] for t in target_views(site, report)])


_TABLES = {"enterprises": _enterprise_table, "links": _link_table, "leaders": _leader_table, "gaps": _gap_table}
