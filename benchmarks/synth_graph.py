#!/usr/bin/env python3
"""A synthetic graph in the build's layout, for timing SPARQL: ≥1M quads with the default size.

    python benchmarks/synth_graph.py OUT_DIR [--enterprises 20000] [--seed 1]

writes ``OUT_DIR/graph.nq`` (N-Quads).  Shape (see docs/architecture.md):

* zones (one per 1,000 enterprises), 15 parks per zone (``belongsTo`` the zone; a
  fifth of them belong to another park of the zone instead: nested parks);
* enterprises ``locatedIn`` a park (90 %) or directly in a zone, with a label and
  an alias; 30 industries (``hasIndustry`` of parks and some enterprises);
* ``supplies`` chains: each enterprise supplies 0–3 enterprises of its own zone
  with a higher number (a DAG: chains, no cycles), half of them in its own park;
* ``cooperatesWith`` (0.3 per enterprise), ``produces`` (0.5), persons who
  ``worksFor`` an enterprise (0.2);
* every relation triple sits in an article graph (one per 500 triples) with its
  ``kg:Assertion`` (sentence, offsets, rule, confidence, ``prov:wasDerivedFrom``).

Names are predictable for the benchmark's parameters: ``高新区0000``, ``产业园0000-00``,
``企业000000有限公司`` (alias ``企业000000``), ``产业00``.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import pyoxigraph as ox

from kg.vocab import (GRAPH_ENTITIES, KG, PROV, RDF, RDFS, SKOS, XSD, article_graph, article_iri, assertion_iri,
                      entity_iri)

N = ox.NamedNode
TYPE, LABEL, ALT = N(str(RDF.type)), N(str(RDFS.label)), N(str(SKOS.altLabel))
ENT_G = N(str(GRAPH_ENTITIES))
INT, DEC = N(str(XSD.integer)), N(str(XSD.decimal))
P = {name: N(str(KG[name])) for name in ("belongsTo", "locatedIn", "supplies", "cooperatesWith",
                                         "produces", "worksFor", "hasIndustry", "sentence",
                                         "sourceStart", "sourceEnd", "textStart", "textEnd", "rule",
                                         "confidence", "articleId")}
SUBJ, PRED, OBJ = N(str(RDF.subject)), N(str(RDF.predicate)), N(str(RDF.object))
DERIVED = N(str(PROV.wasDerivedFrom))


def zone_name(z: int) -> str:
    return f"高新区{z:04d}"


def park_name(z: int, k: int) -> str:
    return f"产业园{z:04d}-{k:02d}"


def enterprise_name(i: int) -> str:
    return f"企业{i:06d}有限公司"


def relations(n: int, seed: int = 1) -> tuple[list[tuple], list[tuple]]:
    """``(entities, triples)``: entities ``(type, name, alias)``, triples ``(s, s_type, p, o, o_type)``."""
    rng = random.Random(seed)
    zones = max(1, n // 1000)
    entities = [("Zone", zone_name(z), "") for z in range(zones)]
    entities += [("Industry", f"产业{k:02d}", "") for k in range(30)]
    triples = []
    for z in range(zones):
        for k in range(15):
            entities.append(("Park", park_name(z, k), ""))
            parent = (park_name(z, rng.randrange(k)), "Park") if k and rng.random() < 0.2 else (zone_name(z), "Zone")
            triples.append((park_name(z, k), "Park", "belongsTo", *parent))
            triples.append((park_name(z, k), "Park", "hasIndustry", f"产业{rng.randrange(30):02d}", "Industry"))
    for i in range(n):
        name, z = enterprise_name(i), i % zones
        entities.append(("Enterprise", name, name[:-4]))
        if rng.random() < 0.9:
            triples.append((name, "Enterprise", "locatedIn", park_name(z, i // zones % 15), "Park"))
        else:
            triples.append((name, "Enterprise", "locatedIn", zone_name(z), "Zone"))
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            step = zones * (15 * rng.randrange(1, 4) if rng.random() < 0.5 else rng.randrange(1, 40))
            if i + step < n:
                triples.append((name, "Enterprise", "supplies", enterprise_name(i + step), "Enterprise"))
        if rng.random() < 0.3:
            triples.append((name, "Enterprise", "cooperatesWith", enterprise_name(rng.randrange(z, n, zones)), "Enterprise"))
        if rng.random() < 0.2:
            triples.append((name, "Enterprise", "hasIndustry", f"产业{rng.randrange(30):02d}", "Industry"))
        if rng.random() < 0.5:
            entities.append(("Product", f"产品{i:06d}", ""))
            triples.append((name, "Enterprise", "produces", f"产品{i:06d}", "Product"))
        if rng.random() < 0.2:
            entities.append(("Person", f"人物{i:06d}", ""))
            triples.append((f"人物{i:06d}", "Person", "worksFor", name, "Enterprise"))
    return entities, triples


def quads(entities, triples, per_article: int = 500):
    """The store layout: entities graph, article graphs with direct triples and assertions."""
    for type_, name, alias in entities:
        node = N(entity_iri(type_, name))
        yield ox.Quad(node, TYPE, N(str(KG[type_])), ENT_G)
        yield ox.Quad(node, LABEL, ox.Literal(name), ENT_G)
        if alias:
            yield ox.Quad(node, ALT, ox.Literal(alias), ENT_G)
    for n, (s, st, p, o, ot) in enumerate(triples):
        aid = f"synth_{n // per_article:05d}"
        graph, art = N(article_graph(aid)), N(article_iri(aid))
        if n % per_article == 0:
            yield ox.Quad(art, TYPE, N(str(KG.Article)), ENT_G)
            yield ox.Quad(art, P["articleId"], ox.Literal(aid), ENT_G)
        si, oi = N(entity_iri(st, s)), N(entity_iri(ot, o))
        yield ox.Quad(si, P[p], oi, graph)
        start = (n % per_article) * 40
        a = N(assertion_iri(si.value, p, oi.value, aid, start))
        sentence = f"{s}与{o}：{p}。"
        for pred, obj in ((TYPE, N(str(KG.Assertion))), (SUBJ, si), (PRED, P[p]), (OBJ, oi), (DERIVED, art),
                          (P["sentence"], ox.Literal(sentence)),
                          (P["sourceStart"], ox.Literal(str(start), datatype=INT)),
                          (P["sourceEnd"], ox.Literal(str(start + len(sentence)), datatype=INT)),
                          (P["textStart"], ox.Literal(str(start), datatype=INT)),
                          (P["textEnd"], ox.Literal(str(start + len(sentence)), datatype=INT)),
                          (P["rule"], ox.Literal("synth")), (P["confidence"], ox.Literal("0.9", datatype=DEC))):
            yield ox.Quad(a, pred, obj, graph)


def write_graph(out: Path, enterprises: int = 20000, seed: int = 1) -> tuple[Path, int]:
    """Write ``out/graph.nq``; return its path and the number of quads."""
    out.mkdir(parents=True, exist_ok=True)
    entities, triples = relations(enterprises, seed)
    path = out / "graph.nq"
    count = 0

    def counted():
        nonlocal count
        for q in quads(entities, triples):
            count += 1
            yield q
    ox.serialize(counted(), str(path), format=ox.RdfFormat.N_QUADS)
    return path, count


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--enterprises", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    t = time.perf_counter()
    path, count = write_graph(args.out, args.enterprises, args.seed)
    print(f"{path}: {count:,} quads in {time.perf_counter() - t:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
