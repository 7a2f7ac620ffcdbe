"""Read-side view models of the web app: what each page shows, in Chinese, from the library's answers.

Nothing here computes an answer: names come from the :class:`~kg.graph.names.NameIndex`, supply
chains from :func:`kg.analysis.supply_chain`, partners from :func:`kg.analysis.recommend_partners`,
placement from :mod:`kg.graph.placement`, facts from :mod:`kg.graph.access`.  This module only picks
what a page shows and words it (types, relations and rules in 简体中文, links to other pages).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import quote

from kg.analysis import recommend_partners, supply_chain
from kg.analysis.chain import ChainStep
from kg.app.site import Site, url_of
from kg.graph.access import fact
from kg.graph.placement import placement, uplinks
from kg.model import PREDICATES, SYMMETRIC

TYPE_ZH = {"Zone": "高新区", "Park": "园区", "Enterprise": "企业", "Institution": "机构", "Person": "人物",
           "Product": "产品", "Industry": "产业"}
TYPE_ORDER = tuple(TYPE_ZH)
PLACE_TYPES = ("Park", "Zone")
ACTORS = ("Enterprise", "Institution")
PREDICATE_ZH = {"belongsTo": "隶属于", "locatedIn": "位于", "supplies": "供货给", "cooperatesWith": "合作",
                "subsidiaryOf": "是子公司，母公司为", "investsIn": "投资", "produces": "生产", "worksFor": "任职于",
                "hasIndustry": "属于产业", "neighborOf": "同楼邻居"}
#: (predicate, direction seen from the entity) → the heading of its group on the entity page
GROUP_ZH = {("supplies", "out"): "客户（向其供货）", ("supplies", "in"): "供应商（为其供货）",
            ("locatedIn", "out"): "所在地", ("locatedIn", "in"): "入驻的企业与机构",
            ("belongsTo", "out"): "隶属于", ("belongsTo", "in"): "下属园区",
            ("cooperatesWith", "both"): "合作伙伴", ("neighborOf", "both"): "同楼邻居",
            ("subsidiaryOf", "out"): "母公司", ("subsidiaryOf", "in"): "子公司",
            ("investsIn", "out"): "投资对象", ("investsIn", "in"): "投资方",
            ("produces", "out"): "产品", ("produces", "in"): "生产企业",
            ("worksFor", "out"): "任职单位", ("worksFor", "in"): "人员",
            ("hasIndustry", "out"): "产业", ("hasIndustry", "in"): "属于该产业的企业与园区"}
MATCH_ZH = {"label": "名称一致", "alias": "别名一致", "prefix": "开头一致", "contains": "包含", "near": "相近"}
RULE_ZH = {"existing_partner": "已有供货或合作关系", "same_building": "同楼（邻居）", "same_park": "同在一个园区",
           "same_zone": "同在一个高新区", "makes_chain_input": "生产您的供应商所供产品（可就近替代）",
           "serves_customer_industry": "为您客户所在的产业供货", "short_supply_path": "两步供应链相连，经由",
           "shared_partner": "有共同的供货或合作对象", "same_cluster": "同产业或同产品"}
RELATIONS_SHOWN = 50   # relations listed per group on an entity page
EVIDENCE_SHOWN = 3     # sentences shown per fact
CHAIN_CHILDREN = 20    # suppliers or customers listed under one step of a chain
SEARCH_SHOWN = 50


def type_zh(type_: str) -> str:
    """The Chinese name of an entity type (the type itself when unknown)."""
    return TYPE_ZH.get(type_, type_ or "未分类")


@dataclass
class NodeRef:
    """A node as a link: its label, type and the page that shows it (place page for zones and parks)."""

    node: str
    label: str
    type: str
    type_zh: str
    url: str


def node_ref(site: Site, node: str) -> NodeRef:
    """``node`` as a link to its page."""
    data = site.G._node.get(node, {})
    type_ = data.get("type", "")
    page = "place" if type_ in PLACE_TYPES else "entity"
    return NodeRef(node, str(data.get("label") or node), type_, type_zh(type_), url_of(page, node))


def article_url(article: str, start: int | None = None) -> str:
    """The article page, at the mark of the sentence that starts at ``start`` in the source."""
    return _article_path(article) + (f"#s{start}" if start is not None else "")


@lru_cache(maxsize=1 << 16)
def _article_path(article: str) -> str:
    """The path of an article's page (cached: the same articles come back on every page)."""
    return f"/article/{quote(article, safe='')}"


@dataclass
class EvidenceView:
    sentence: str
    article: str
    title: str
    url: str
    rule: str
    confidence: float | None


@dataclass
class FactView:
    """One relation with its sentences: ``subject predicate object``."""

    subject: NodeRef
    predicate: str
    predicate_zh: str
    object: NodeRef
    confidence: float
    evidence: list[EvidenceView]
    more_evidence: int = 0


def evidence_views(site: Site, evidence, limit: int | None = EVIDENCE_SHOWN) -> list[EvidenceView]:
    """The first ``limit`` evidence records of a fact, with their articles' titles and links."""
    titles = site.G.graph.get("articles") or {}
    shown = list(evidence)[:limit] if limit else list(evidence)
    return [EvidenceView(e["sentence"] or "", e["article"] or "", titles.get(e["article"], "") or e["article"] or "",
                         article_url(e["article"], e["start"]) if e["article"] else "", e["rule"] or "",
                         e["confidence"]) for e in shown]


def fact_view(site: Site, f: dict, limit: int | None = EVIDENCE_SHOWN) -> FactView:
    """A fact dict of :func:`kg.graph.access.fact` (or an analysis) as a view."""
    ev = f.get("evidence") or []
    return FactView(node_ref(site, f["subject"]), f["predicate"], PREDICATE_ZH.get(f["predicate"], f["predicate"]),
                    node_ref(site, f["object"]), f.get("confidence", 1.0), evidence_views(site, ev, limit),
                    max(0, len(ev) - limit) if limit else 0)


def where(site: Site, node: str, limit: int = 2) -> list[NodeRef]:
    """Where a node sits: the places a zone or park belongs to, else the places it is in, nearest first."""
    if site.G._node.get(node, {}).get("type") in PLACE_TYPES:
        above = [p for p in uplinks(site.G, node) if p != node]
    else:
        above = list(placement(site.G, node, site.uplinks))
    return [node_ref(site, p) for p in above[:limit]]


# ---- home ---------------------------------------------------------------------------------------

@dataclass
class HomeView:
    counts: list[tuple[str, str, int]]   # (type, Chinese name, count)
    relations: int
    links: int
    articles: list[tuple[str, str, str]]  # (id, title, url)
    tree: list
    empty: bool


def home_view(site: Site, articles_shown: int = 100) -> HomeView:
    """The zones and parks as a tree with counts (:func:`kg.analysis.places.place_tree`), and totals."""
    tally = Counter(data.get("type", "") for data in site.G._node.values())
    counts = [(t, type_zh(t), tally[t]) for t in TYPE_ORDER if tally[t]]
    arts = [(r.id, r.title or r.id, article_url(r.id)) for r in list(site.articles.values())[:articles_shown]]
    return HomeView(counts, site.G.number_of_edges(), len(site.report.links), arts, site.tree, not site.G)


# ---- search -------------------------------------------------------------------------------------

@dataclass
class HitView:
    ref: NodeRef
    form: str
    match: str
    places: list[NodeRef]


@dataclass
class SearchView:
    q: str
    type: str
    hits: list[HitView]
    total: int
    exact: int          # entities with this name as label or alias (several: an ambiguous name)
    types: list[tuple[str, str]] = field(default_factory=lambda: [(t, type_zh(t)) for t in TYPE_ORDER])


def search_view(site: Site, q: str, type_: str = "") -> SearchView:
    """Names and aliases matching ``q``, ranked (:meth:`kg.graph.names.NameIndex.search`)."""
    q = q.strip()
    types = (type_,) if type_ in TYPE_ZH else None
    found, total, exact = site.names.search_counted(q, SEARCH_SHOWN, types) if q else ([], 0, 0)
    hits = [HitView(node_ref(site, h.node), h.form, MATCH_ZH[h.match], where(site, h.node)) for h in found]
    return SearchView(q, type_ if types else "", hits, total, exact)


def near_names(site: Site, name: str, limit: int = 8) -> list[NodeRef]:
    """Suggestions for a name that matched nothing."""
    return [node_ref(site, h.node) for h in site.names.near(name, limit)]


# ---- entity -------------------------------------------------------------------------------------

@dataclass
class RelationGroup:
    title: str
    predicate: str
    direction: str
    facts: list[FactView]
    total: int


@dataclass
class ChainView:
    ref: NodeRef
    fact: FactView
    children: list["ChainView"]
    more: int


@dataclass
class ReasonView:
    rule: str
    rule_zh: str
    points: float
    items: list[str]
    facts: list[FactView]


@dataclass
class PartnerView:
    ref: NodeRef
    score: float
    reasons: list[ReasonView]


@dataclass
class EntityView:
    ref: NodeRef
    aliases: list[str]
    places: list[NodeRef]
    groups: list[RelationGroup]
    upstream: list[ChainView] | None
    downstream: list[ChainView] | None
    more: tuple[int, int]          # suppliers and customers not listed at the first step
    up: int
    down: int
    partners: list[PartnerView] | None
    articles: list[tuple[str, str, str]]
    graph_url: str


def _edges_of(site: Site, node: str) -> dict[tuple[str, str], list[tuple[str, str, str]]]:
    """(predicate, direction) → the edges ``(u, v, key)`` of ``node``."""
    out: dict[tuple[str, str], list] = {}
    for v, keys in site.G._succ[node].items():
        for key in keys:
            out.setdefault((key, "both" if key in SYMMETRIC else "out"), []).append((node, v, key))
    for u, keys in site.G._pred[node].items():
        for key in keys:
            if u != node:
                out.setdefault((key, "both" if key in SYMMETRIC else "in"), []).append((u, node, key))
    return out


def relation_groups(site: Site, node: str) -> list[RelationGroup]:
    """Every relation of ``node``, grouped by predicate and direction, each with its sentences."""
    order = {p: i for i, p in enumerate(PREDICATES)}
    groups = []
    for (key, direction), edges in sorted(_edges_of(site, node).items(),
                                          key=lambda kv: (order.get(kv[0][0], 99), kv[0][1])):
        other = lambda e: e[1] if e[0] == node else e[0]  # noqa: E731
        edges.sort(key=lambda e: (str(site.G._node[other(e)].get("label") or ""), other(e)))
        facts = [fact_view(site, fact(site.G, u, v, k)) for u, v, k in edges[:RELATIONS_SHOWN]]
        title = GROUP_ZH.get((key, direction), key)
        groups.append(RelationGroup(title, key, direction, facts, len(edges)))
    return groups


def _chain(site: Site, steps: list[ChainStep]) -> list[ChainView]:
    """Chain steps as views, ``CHAIN_CHILDREN`` below each step at most."""
    return [ChainView(node_ref(site, s.node), fact_view(site, s.fact, 1), _chain(site, s.children[:CHAIN_CHILDREN]),
                      max(0, len(s.children) - CHAIN_CHILDREN)) for s in steps]


def partner_views(site: Site, node: str, top: int = 10) -> list[PartnerView]:
    """Ranked partners (:func:`kg.analysis.recommend_partners`) with their reasons in Chinese."""
    return [PartnerView(node_ref(site, c.node), c.score,
                        [ReasonView(r.rule, RULE_ZH.get(r.rule, r.rule), r.points, r.items,
                                    [fact_view(site, f, 1) for f in r.facts[:6]]) for r in c.reasons])
            for c in recommend_partners(site.G, node, top=top)]


def _articles_of(site: Site, groups: list[RelationGroup]) -> list[tuple[str, str, str]]:
    """The articles the shown relations come from."""
    seen: dict[str, str] = {}
    for g in groups:
        for f in g.facts:
            for e in f.evidence:
                seen.setdefault(e.article, e.title)
    return [(a, t, article_url(a)) for a, t in sorted(seen.items())]


def entity_view(site: Site, ref: str, up: int = 2, down: int = 2) -> EntityView:
    """Everything the entity page shows of the node ``ref`` names (see :meth:`Site.lookup`)."""
    node = site.lookup(ref)
    data = site.G._node[node]
    groups = relation_groups(site, node)
    upstream = downstream = partners = None
    more = (0, 0)
    if data.get("type") in ACTORS:
        chain = supply_chain(site.G, node, up, down)
        upstream = _chain(site, chain.upstream[:CHAIN_CHILDREN])
        downstream = _chain(site, chain.downstream[:CHAIN_CHILDREN])
        more = (max(0, len(chain.upstream) - CHAIN_CHILDREN), max(0, len(chain.downstream) - CHAIN_CHILDREN))
        partners = partner_views(site, node)
    return EntityView(node_ref(site, node), list(data.get("aliases") or ()), where(site, node, 6), groups,
                      upstream, downstream, more, up, down, partners, _articles_of(site, groups),
                      url_of("graph", node))
