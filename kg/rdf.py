"""Turn linked entities and relations into RDF quads.

Layout (see ``ontology/README.md``):

* ``<id/graph/entities>`` holds each entity's ``rdf:type``, ``rdfs:label``
  (canonical name) and ``skos:altLabel`` (aliases), and the articles.
* ``<id/graph/article/ID>`` holds, for one article, the direct relation
  triples ``s kg:p o`` and one ``kg:Assertion`` per triple with its evidence:
  ``rdf:subject/predicate/object``, ``prov:wasDerivedFrom`` the article,
  ``kg:sentence``, ``kg:sourceStart``/``kg:sourceEnd`` in the source file,
  ``kg:rule`` and ``kg:confidence``.

>>> from kg.model import Entity
>>> quads = list(entity_quads([Entity("潍坊高新区", "Zone", frozenset({"潍坊高新技术产业开发区"}))]))
>>> len(quads)
3
"""
from __future__ import annotations

from typing import Iterable, Iterator

from pyoxigraph import Literal, NamedNode, Quad

from .model import Article, Entity, Relation
from .vocab import (DCTERMS, GRAPH_ENTITIES, KG, PROV, RDF, RDFS, SKOS, XSD, article_graph,
                    article_iri, assertion_iri, entity_iri)

_TYPE = NamedNode(str(RDF.type))
_LABEL = NamedNode(str(RDFS.label))
_ALT = NamedNode(str(SKOS.altLabel))
_ENT_G = NamedNode(str(GRAPH_ENTITIES))
_DECIMAL = NamedNode(str(XSD.decimal))
_INTEGER = NamedNode(str(XSD.integer))


def _n(iri) -> NamedNode:
    return NamedNode(str(iri))


def entity_node(entity: Entity) -> NamedNode:
    return NamedNode(entity_iri(entity.type, entity.name))


def entity_quads(entities: Iterable[Entity]) -> Iterator[Quad]:
    """Type, canonical label and aliases of each entity, in the entities graph."""
    for ent in entities:
        node = entity_node(ent)
        yield Quad(node, _TYPE, _n(KG[ent.type]), _ENT_G)
        yield Quad(node, _LABEL, Literal(ent.name), _ENT_G)
        for alias in sorted(ent.aliases):
            yield Quad(node, _ALT, Literal(alias), _ENT_G)


def article_quads(article: Article) -> Iterator[Quad]:
    node = NamedNode(article_iri(article.id))
    yield Quad(node, _TYPE, _n(KG.Article), _ENT_G)
    yield Quad(node, _n(KG.articleId), Literal(article.id), _ENT_G)
    yield Quad(node, _n(KG.contentHash), Literal(article.digest or "-"), _ENT_G)
    if article.title:
        yield Quad(node, _LABEL, Literal(article.title), _ENT_G)
    if article.path:
        yield Quad(node, _n(KG.sourceFile), Literal(article.path), _ENT_G)
    if article.date:
        yield Quad(node, _n(DCTERMS.date), Literal(article.date), _ENT_G)
    if article.paper:
        yield Quad(node, _n(KG.paper), Literal(article.paper), _ENT_G)


def relation_quads(relation: Relation, article: Article, subject: Entity,
                   obj: Entity) -> Iterator[Quad]:
    """The direct triple and its reified evidence, in the article's graph."""
    graph = NamedNode(article_graph(article.id))
    s, o, p = entity_node(subject), entity_node(obj), _n(KG[relation.predicate])
    yield Quad(s, p, o, graph)
    a = NamedNode(assertion_iri(s.value, relation.predicate, o.value, article.id, relation.start))
    src_start, src_end = article.source_span(relation.start, relation.end)
    yield Quad(a, _TYPE, _n(KG.Assertion), graph)
    yield Quad(a, _n(RDF.subject), s, graph)
    yield Quad(a, _n(RDF.predicate), p, graph)
    yield Quad(a, _n(RDF.object), o, graph)
    yield Quad(a, _n(PROV.wasDerivedFrom), NamedNode(article_iri(article.id)), graph)
    yield Quad(a, _n(KG.sentence), Literal(article.text[relation.start:relation.end]), graph)
    yield Quad(a, _n(KG.sourceStart), Literal(str(src_start), datatype=_INTEGER), graph)
    yield Quad(a, _n(KG.sourceEnd), Literal(str(src_end), datatype=_INTEGER), graph)
    yield Quad(a, _n(KG.textStart), Literal(str(relation.start), datatype=_INTEGER), graph)
    yield Quad(a, _n(KG.textEnd), Literal(str(relation.end), datatype=_INTEGER), graph)
    yield Quad(a, _n(KG.rule), Literal(relation.rule), graph)
    yield Quad(a, _n(KG.confidence), Literal(f"{relation.confidence:.2f}", datatype=_DECIMAL), graph)
