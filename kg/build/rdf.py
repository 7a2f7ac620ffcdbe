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
>>> quads = list(entity_quads([Entity("常州高新区", "Zone", frozenset({"常州高新技术产业开发区"}))]))
>>> len(quads)
3
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Iterator

from pyoxigraph import Literal, NamedNode, Quad

from kg.model import Article, Entity, Relation
from kg.vocab import (DCTERMS, GRAPH_ENTITIES, KG, PROV, RDF, RDFS, SKOS, XSD, article_graph, article_iri,
                      assertion_iri, entity_iri)

_TYPE = NamedNode(str(RDF.type))
_LABEL = NamedNode(str(RDFS.label))
_ALT = NamedNode(str(SKOS.altLabel))
_ENT_G = NamedNode(str(GRAPH_ENTITIES))
_DECIMAL = NamedNode(str(XSD.decimal))
_INTEGER = NamedNode(str(XSD.integer))
# Nodes of the evidence, built once (an rdflib namespace lookup builds and validates a URIRef each time).
_ASSERTION = NamedNode(str(KG.Assertion))
_SUBJECT, _PREDICATE, _OBJECT = (NamedNode(str(t)) for t in (RDF.subject, RDF.predicate, RDF.object))
_DERIVED_FROM = NamedNode(str(PROV.wasDerivedFrom))
_SENTENCE, _RULE, _CONFIDENCE = (NamedNode(str(t)) for t in (KG.sentence, KG.rule, KG.confidence))
_SOURCE_START, _SOURCE_END, _TEXT_START, _TEXT_END = (
    NamedNode(str(t)) for t in (KG.sourceStart, KG.sourceEnd, KG.textStart, KG.textEnd))
_PREDICATES: dict[str, NamedNode] = {}


@lru_cache(maxsize=512)
def _n(iri) -> NamedNode:
    """The node of a vocabulary IRI (cached: building rdflib terms and nodes is slow)."""
    return NamedNode(str(iri))


@lru_cache(maxsize=1 << 16)
def _entity_node(type_: str, name: str) -> NamedNode:
    return NamedNode(entity_iri(type_, name))


def entity_node(entity: Entity) -> NamedNode:
    return _entity_node(entity.type, entity.name)


def entity_quads(entities: Iterable[Entity]) -> Iterator[Quad]:
    """Type, canonical label and aliases of each entity, in the entities graph."""
    for ent in entities:
        node = entity_node(ent)
        yield Quad(node, _TYPE, _n(KG[ent.type]), _ENT_G)
        yield Quad(node, _LABEL, Literal(ent.name), _ENT_G)
        for alias in sorted(ent.aliases):
            yield Quad(node, _ALT, Literal(alias), _ENT_G)


@lru_cache(maxsize=64)
def _article_node(article_id: str) -> NamedNode:
    return NamedNode(article_iri(article_id))


@lru_cache(maxsize=64)
def _article_graph_node(article_id: str) -> NamedNode:
    return NamedNode(article_graph(article_id))


def article_quads(article: Article) -> Iterator[Quad]:
    """An article's record in the entities graph: type, id, content hash, title, file, date, paper."""
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
    src_start, src_end = article.source_span(relation.start, relation.end)
    yield from evidence_quads(relation, article.id, article.text[relation.start:relation.end],
                              (src_start, src_end), subject, obj)


def evidence_quads(relation: Relation, article_id: str, sentence: str, source_span: tuple[int, int],
                   subject: Entity, obj: Entity) -> Iterator[Quad]:
    """:func:`relation_quads` from the evidence alone: the sentence and its span in the source file."""
    graph = _article_graph_node(article_id)
    p = _PREDICATES.get(relation.predicate)
    if p is None:
        p = _PREDICATES[relation.predicate] = NamedNode(str(KG[relation.predicate]))
    s, o = entity_node(subject), entity_node(obj)
    yield Quad(s, p, o, graph)
    a = NamedNode(assertion_iri(s.value, relation.predicate, o.value, article_id, relation.start))
    src_start, src_end = source_span
    yield Quad(a, _TYPE, _ASSERTION, graph)
    yield Quad(a, _SUBJECT, s, graph)
    yield Quad(a, _PREDICATE, p, graph)
    yield Quad(a, _OBJECT, o, graph)
    yield Quad(a, _DERIVED_FROM, _article_node(article_id), graph)
    yield Quad(a, _SENTENCE, Literal(sentence), graph)
    yield Quad(a, _SOURCE_START, Literal(str(src_start), datatype=_INTEGER), graph)
    yield Quad(a, _SOURCE_END, Literal(str(src_end), datatype=_INTEGER), graph)
    yield Quad(a, _TEXT_START, Literal(str(relation.start), datatype=_INTEGER), graph)
    yield Quad(a, _TEXT_END, Literal(str(relation.end), datatype=_INTEGER), graph)
    yield Quad(a, _RULE, Literal(relation.rule), graph)
    yield Quad(a, _CONFIDENCE, Literal(f"{relation.confidence:.2f}", datatype=_DECIMAL), graph)


def entity_item(entity: Entity) -> tuple:
    """A hashable item of the entities graph standing for one entity's quads (see :func:`item_quads`)."""
    return ("entity", entity.type, entity.name, tuple(sorted(entity.aliases)))


def article_item(article_id: str, metas: Iterable[tuple]) -> tuple:
    """The item of the articles with one id: ``metas`` are ``(id, title, path, date, paper, digest)``."""
    return ("article", article_id, tuple(sorted(metas)))


def item_quads(item: tuple) -> Iterator[Quad]:
    """The quads of an entities-graph item; distinct items have distinct subjects, so their quads never overlap.

    >>> [q.object.value for q in item_quads(("entity", "Zone", "甲高新区", ()))][1]
    '甲高新区'
    """
    if item[0] == "entity":
        _, type_, name, aliases = item
        yield from entity_quads([Entity(name, type_, frozenset(aliases))])
    else:
        for id_, title, path, date, paper, digest in item[2]:
            yield from article_quads(Article(id_, "", "", (0,), path=path, title=title, date=date,
                                             paper=paper, digest=digest))


_ESCAPES = {c: f"\\u{c:04X}" for c in (*range(0x20), 0x7F)}
_ESCAPES.update({ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"})


def _lit(text: str) -> str:
    return '"' + text.translate(_ESCAPES) + '"'


def item_turtle(item: tuple) -> str:
    """The triples of :func:`item_quads` as Turtle (prefixes ``kg``, ``rdfs``, ``skos``), written without a store.

    >>> item_turtle(("entity", "Zone", "甲高新区", ("甲",))).splitlines()
    ['<https://w3id.org/kg/id/zone/甲高新区> a kg:Zone ;', '\\trdfs:label "甲高新区" ;', '\\tskos:altLabel "甲" .']
    """
    if item[0] == "entity":
        _, type_, name, aliases = item
        text = f"<{entity_iri(type_, name)}> a kg:{type_} ;\n\trdfs:label {_lit(name)}"
        if aliases:
            text += " ;\n\tskos:altLabel " + " , ".join(_lit(a) for a in aliases)
        return text + " .\n"
    parts = []
    for id_, title, path, date, paper, digest in item[2]:
        fields = [f"<{article_iri(id_)}> a kg:Article", f"kg:articleId {_lit(id_)}",
                  f"kg:contentHash {_lit(digest or '-')}"]
        for pred, value in (("rdfs:label", title), ("kg:sourceFile", path),
                            ("<http://purl.org/dc/terms/date>", date), ("kg:paper", paper)):
            if value:
                fields.append(f"{pred} {_lit(value)}")
        parts.append(" ;\n\t".join(fields) + " .\n")
    return "".join(parts)


def items_turtle(items: Iterable[tuple]) -> bytes:
    """The entities graph as Turtle, items in sorted order (the same bytes for the same items)."""
    return "".join(item_turtle(i) for i in sorted(items)).encode("utf-8")
