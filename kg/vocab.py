"""The project's vocabulary: every IRI the code uses, in one place.

Checked against ``ontology/kg.ttl`` by ``tests/test_vocab.py``: each class
and property here is declared there, and vice versa.

>>> str(KG.supplies)
'https://w3id.org/kg/ontology#supplies'
>>> entity_iri("Enterprise", "山东某某科技有限公司") == entity_iri("Enterprise", "山东某某科技有限公司")
True
"""
from __future__ import annotations

import hashlib
import re
from urllib.parse import quote

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

KG_NS = "https://w3id.org/kg/ontology#"
ID_NS = "https://w3id.org/kg/id/"
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")


class _KG(Namespace):
    pass


KG = _KG(KG_NS)
ID = Namespace(ID_NS)

CLASSES = ("Zone", "Park", "Enterprise", "Institution", "Person", "Product", "Industry",
           "Article", "Assertion")
OBJECT_PROPERTIES = ("belongsTo", "locatedIn", "supplies", "cooperatesWith", "subsidiaryOf",
                     "investsIn", "produces", "worksFor", "hasIndustry", "neighborOf",
                     "hasPart", "hosts", "suppliedBy", "hasSubsidiary", "producedBy",
                     "employs", "isIndustryOf", "neighborChainWith", "place", "neighborSupplies",
                     "neighborCooperatesWith", "indexedPlace")
DATA_PROPERTIES = ("sentence", "sourceStart", "sourceEnd", "textStart", "textEnd",
                   "rule", "confidence", "sourceFile", "contentHash", "articleId", "paper", "level",
                   "indexedName")

GRAPH_ENTITIES = ID["graph/entities"]
GRAPH_DERIVED = ID["graph/derived"]  # derived facts live in its parts, <graph/derived/00> … (derived_graph)
DERIVED_PARTS = 64

__all__ = ["id_of", "KG", "ID", "DCTERMS", "ORG", "SCHEMA", "PROV", "SKOS", "RDF", "RDFS", "OWL", "XSD",
           "entity_iri", "article_iri", "article_graph", "assertion_iri", "CLASSES",
           "OBJECT_PROPERTIES", "DATA_PROPERTIES", "GRAPH_ENTITIES", "GRAPH_DERIVED", "DERIVED_PARTS",
           "derived_graph", "is_derived_graph", "chain_index_graph", "is_chain_index_graph"]

_UNSAFE = re.compile(r"[^\w\u3400-\u9fff\-.]", re.UNICODE)


def _slug(text: str) -> str:
    return _UNSAFE.sub(lambda m: quote(m.group(0), safe=""), text)


def id_of(key: str) -> str:
    """The IRI of ``type/name`` (a name as written, its unsafe characters not yet escaped).

    >>> id_of("enterprise/甲(乙)公司") == entity_iri("Enterprise", "甲(乙)公司")
    True
    """
    kind, _, name = key.partition("/")
    return f"{ID_NS}{kind}/{_slug(name)}"


def entity_iri(type_: str, name: str) -> str:
    """Deterministic, readable IRI of an entity: type and canonical name."""
    return f"{ID_NS}{type_.lower()}/{_slug(name)}"


def article_iri(article_id: str) -> str:
    return f"{ID_NS}article/{_slug(article_id)}"


def article_graph(article_id: str) -> str:
    """The named graph holding one article's relations and their evidence."""
    return f"{ID_NS}graph/article/{_slug(article_id)}"


def derived_graph(subject: str) -> str:
    """The part of the derived graph holding the derived statements about ``subject`` (an IRI).

    Derived facts are spread over :data:`DERIVED_PARTS` graphs by a hash of their
    subject, so a rebuild that changes a few entities rewrites a few parts.

    >>> derived_graph("https://w3id.org/kg/id/enterprise/甲公司")
    'https://w3id.org/kg/id/graph/derived/59'
    """
    part = int(hashlib.sha1(subject.encode()).hexdigest()[:8], 16) % DERIVED_PARTS
    return f"{GRAPH_DERIVED}/{part:02d}"


def is_derived_graph(graph: str) -> bool:
    """Whether ``graph`` (an IRI) is a part of the derived graph."""
    return graph.startswith(f"{GRAPH_DERIVED}/")


def assertion_iri(subject: str, predicate: str, obj: str, article_id: str, start: int) -> str:
    key = "\x1f".join((subject, predicate, obj, article_id, str(start)))
    return f"{ID_NS}assertion/{hashlib.sha1(key.encode()).hexdigest()[:20]}"


def chain_index_graph(place: str, level: str) -> str:
    """The part of the derived graph indexing the neighbor-chain links of ``place`` at ``level``
    (:mod:`kg.build.chain_index`).

    >>> chain_index_graph("https://w3id.org/kg/id/park/江湾园", "park")
    'https://w3id.org/kg/id/graph/derived/chain/8ece6b16407e/park'
    """
    return f"{GRAPH_DERIVED}/chain/{hashlib.sha1(place.encode()).hexdigest()[:12]}/{level}"


def is_chain_index_graph(graph: str) -> bool:
    """Whether ``graph`` (an IRI) is a part of the neighbor-chain index."""
    return graph.startswith(f"{GRAPH_DERIVED}/chain/")
