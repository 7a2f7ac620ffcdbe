"""Synthetic industrial-chain graphs: zones, parks, enterprises, products, power-law supply edges.

``synth(n)`` gives ``(entities, triples)`` for ``n`` enterprises, deterministic
for a seed, with about 10 relation edges per enterprise:

* one park per ~100 enterprises, one zone per 10 parks (``belongsTo``); 90 % of
  enterprises ``locatedIn`` a park, the rest directly in a zone;
* 30 industries (``hasIndustry`` for parks, zones and enterprises), n/2 products
  (``produces``: 1–2 per enterprise);
* ``supplies``: ~6 per enterprise, customers chosen by preferential attachment
  (power-law in-degree: a few 链主 with thousands of suppliers), 30 % of them
  inside the supplier's own park;
* ``cooperatesWith`` n/2 pairs (30 % in one park), ``neighborOf`` n/20 pairs.

``quads(entities, triples)`` turns them into the store layout of
``docs/architecture.md`` (entities graph, one graph per 1,000 triples as an
"article", one ``kg:Assertion`` per triple), so ``kg.graph.read.to_networkx`` can be
timed on it.  Run ``python benchmarks/chain_synth.py 1000`` to see counts.
"""
from __future__ import annotations

import random
import sys
from collections import Counter

import pyoxigraph as ox

from kg.vocab import GRAPH_ENTITIES, KG, PROV, RDF, RDFS, XSD, article_graph, article_iri, assertion_iri, entity_iri


def _ids(type_: str, fmt: str, n: int) -> list[str]:
    return [entity_iri(type_, fmt.format(i)) for i in range(n)]


def synth(n: int, seed: int = 0) -> tuple[list[tuple], list[tuple]]:
    """``(entities, triples)`` of a chain graph with ``n`` enterprises (see module doc)."""
    rng = random.Random(seed)
    n_parks = max(1, n // 100)
    n_zones = max(1, n_parks // 10)
    names = {"Zone": "高新区{:05d}", "Park": "产业园{:06d}", "Enterprise": "企业{:07d}有限公司",
             "Industry": "产业{:02d}", "Product": "产品{:07d}"}
    counts = {"Zone": n_zones, "Park": n_parks, "Enterprise": n, "Industry": 30, "Product": max(1, n // 2)}
    ids = {t: _ids(t, names[t], counts[t]) for t in names}
    entities = [(iri, t, names[t].format(i)) for t in names for i, iri in enumerate(ids[t])]
    zones, parks, ents, inds, prods = (ids[t] for t in ("Zone", "Park", "Enterprise", "Industry", "Product"))
    triples: list[tuple] = []
    for i, p in enumerate(parks):
        triples.append((p, "belongsTo", zones[i % n_zones]))
        triples += [(p, "hasIndustry", ind) for ind in rng.sample(inds, 2)]
    for z in zones:
        triples += [(z, "hasIndustry", ind) for ind in rng.sample(inds, 3)]
    park_of = [rng.randrange(n_parks) for _ in range(n)]
    in_park: dict[int, list[int]] = {}
    for e, p in enumerate(park_of):
        in_park.setdefault(p, []).append(e)
    for e, iri in enumerate(ents):
        where = parks[park_of[e]] if rng.random() < 0.9 else zones[park_of[e] % n_zones]
        triples.append((iri, "locatedIn", where))
        triples.append((iri, "hasIndustry", inds[rng.randrange(30)]))
        triples += [(iri, "produces", prods[rng.randrange(len(prods))]) for _ in range(rng.choice((1, 2)))]
    triples += _supplies(rng, ents, park_of, in_park)
    triples += _pairs(rng, ents, park_of, in_park, "cooperatesWith", n // 2, 0.3)
    triples += _pairs(rng, ents, park_of, in_park, "neighborOf", n // 20, 1.0)
    return entities, list(dict.fromkeys(triples))


def _supplies(rng, ents, park_of, in_park, per: int = 6) -> list[tuple]:
    """Growth with preferential attachment: enterprise s sells to earlier ones, each
    chosen with probability ∝ (its number of suppliers + 1) — a power-law in-degree."""
    out, pool = [], [0]
    for s in range(1, len(ents)):
        for _ in range(per):
            c = rng.choice(in_park[park_of[s]]) if rng.random() < 0.3 else rng.choice(pool)
            if c != s:
                out.append((ents[s], "supplies", ents[c]))
                pool.append(c)
        pool.append(s)
    return out


def _pairs(rng, ents, park_of, in_park, pred, count, local) -> list[tuple]:
    out = []
    for _ in range(count):
        a = rng.randrange(len(ents))
        b = rng.choice(in_park[park_of[a]]) if rng.random() < local else rng.randrange(len(ents))
        if a != b:
            out.append((ents[a], pred, ents[b]))
    return out


_N = ox.NamedNode
_T = {name: _N(str(term)) for name, term in (
    ("type", RDF.type), ("label", RDFS.label), ("s", RDF.subject), ("p", RDF.predicate), ("o", RDF.object),
    ("from", PROV.wasDerivedFrom), ("sentence", KG.sentence), ("start", KG.sourceStart), ("end", KG.sourceEnd),
    ("tstart", KG.textStart), ("tend", KG.textEnd), ("rule", KG.rule), ("conf", KG.confidence),
    ("assertion", KG.Assertion), ("article", KG.Article), ("aid", KG.articleId))}
_INT, _DEC = _N(str(XSD.integer)), _N(str(XSD.decimal))


def _sentence(labels: dict, s: str, p: str, o: str) -> str:
    return f"{labels[s]}{p}{labels[o]}。"


def with_sentences(entities, triples) -> list[tuple]:
    """``(s, p, o, sentence)``: the triples with the evidence sentences :func:`quads` writes."""
    labels = {iri: name for iri, _, name in entities}
    return [(s, p, o, _sentence(labels, s, p, o)) for s, p, o in triples]


def quads(entities, triples, per_article: int = 1000):
    """The quads of the store layout for ``(entities, triples)`` (a generator)."""
    ent_g = _N(str(GRAPH_ENTITIES))
    labels = {}
    for iri, type_, name in entities:
        labels[iri] = name
        yield ox.Quad(_N(iri), _T["type"], _N(str(KG[type_])), ent_g)
        yield ox.Quad(_N(iri), _T["label"], ox.Literal(name), ent_g)
    for i, (s, p, o) in enumerate(triples):
        aid = f"synth{i // per_article:06d}"
        g, art = _N(article_graph(aid)), _N(article_iri(aid))
        if i % per_article == 0:
            yield ox.Quad(art, _T["type"], _T["article"], ent_g)
            yield ox.Quad(art, _T["aid"], ox.Literal(aid), ent_g)
        sn, pn, on = _N(s), _N(str(KG[p])), _N(o)
        sentence = _sentence(labels, s, p, o)
        a = _N(assertion_iri(s, p, o, aid, i))
        start = (i % per_article) * 40
        yield ox.Quad(sn, pn, on, g)
        for key, value in (("type", _T["assertion"]), ("s", sn), ("p", pn), ("o", on), ("from", art),
                           ("sentence", ox.Literal(sentence)), ("rule", ox.Literal("synth")),
                           ("conf", ox.Literal("0.90", datatype=_DEC)),
                           ("start", ox.Literal(str(start), datatype=_INT)),
                           ("end", ox.Literal(str(start + len(sentence)), datatype=_INT)),
                           ("tstart", ox.Literal(str(start), datatype=_INT)),
                           ("tend", ox.Literal(str(start + len(sentence)), datatype=_INT))):
            yield ox.Quad(a, _T[key], value, g)


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    ents, trips = synth(size)
    print(f"{len(ents)} entities, {len(trips)} triples")
    print(dict(Counter(p for _, p, _ in trips)))
    indeg = Counter(o for _, p, o in trips if p == "supplies")
    print("top supplier counts (power law):", [c for _, c in indeg.most_common(5)])
