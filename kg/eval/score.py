"""Score a built graph against gold annotations (:mod:`kg.eval.gold`), as ``../shared/eval/score.py`` does.

Matching, in the words of the gold schema: a graph node stands for the gold
entity one of whose forms equals (after :func:`kg.eval.gold.norm`) one of the node's
``rdfs:label``, ``skos:prefLabel`` or ``skos:altLabel``; a node that matches
several gold entities stands for none of them. A triple ``s p o`` of any graph
whose predicate's local name is one of the ten predicates (and whose object is
not a literal) is predicted; it is right when the gold has the triple between
the entities its ends stand for (either order for ``cooperatesWith`` and
``neighborOf``). Predicted and gold triples are sets: a fact stated twice counts
once. Entities: every node typed with one of the seven types is a found entity;
found entities are counted by the gold name they stand for (or by node when none).

Missed triples carry the gold's ``evidence`` quote; spurious triples carry the
sentences of the graph's ``kg:Assertion`` nodes that state them.

>>> import json, tempfile
>>> from pathlib import Path
>>> import pyoxigraph as ox
>>> d = Path(tempfile.mkdtemp())
>>> _ = (d / "a.json").write_text(json.dumps({"entities": [
...     {"name": "甲精工有限公司", "type": "Enterprise", "aliases": ["甲精工"]},
...     {"name": "乙园", "type": "Park"}],
...     "triples": [{"s": "甲精工有限公司", "p": "locatedIn", "o": "乙园"}]}), encoding="utf-8")
>>> st = ox.Store()
>>> st.load('''@prefix kg: <https://w3id.org/kg/ontology#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
... <urn:x:a> a kg:Enterprise ; rdfs:label "甲精工" ; kg:locatedIn <urn:x:b> .
... <urn:x:b> a kg:Park ; rdfs:label "丙园" .''', ox.RdfFormat.TURTLE)
>>> r = evaluate(st, d)
>>> r.overall.gold, r.overall.predicted, r.overall.tp, r.entities.tp, r.entities.predicted
(1, 1, 0, 1, 2)
>>> [(t.subject, t.predicate, t.object) for t in r.spurious]
[('甲精工有限公司', 'locatedIn', 'urn:x:b')]
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Iterable, Sequence
from urllib.parse import unquote

import pyoxigraph as ox

from kg.errors import InputError
from kg.eval.gold import Gold, load_gold, norm, triple_key
from kg.graph.store import open_store
from kg.model import ENTITY_TYPES, PREDICATES
from kg.vocab import KG, PROV, RDF, RDFS, SKOS

__all__ = ["GraphFacts", "QuotedEvidence", "TripleItem", "EntityItem", "Score", "EntityScore", "EvalResult",
           "read_store", "read_files", "read_source", "score", "evaluate", "select", "summary_lines",
           "SHOW"]

SHOW = ("all", "missed", "spurious", "none")
_LABELS = frozenset(map(str, (RDFS.label, SKOS.prefLabel, SKOS.altLabel)))
_TYPE, _LABEL = str(RDF.type), str(RDFS.label)
_ASSERTION = {str(RDF.subject): "s", str(RDF.predicate): "p", str(RDF.object): "o",
              str(PROV.wasDerivedFrom): "article", str(KG.sentence): "sentence",
              str(KG.sourceStart): "start", str(KG.sourceEnd): "end", str(KG.rule): "rule",
              str(KG.confidence): "confidence"}
_ARTICLE_ID = str(KG.articleId)
_EXTENSIONS = {"owl": ox.RdfFormat.RDF_XML, "json-ld": ox.RdfFormat.JSON_LD}  # beyond RdfFormat.from_extension


def local_name(iri: str) -> str:
    """The last segment of an IRI after ``/``, ``#`` or ``:``.

    >>> local_name("https://w3id.org/kg/ontology#supplies"), local_name("urn:x:locatedIn")
    ('supplies', 'locatedIn')
    """
    return re.split(r"[/#:]", iri)[-1]


def _id(term) -> str:
    return term.value if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)) else str(term)


# --- what a graph says -------------------------------------------------------------------------

@dataclass(frozen=True)
class QuotedEvidence:
    """One sentence behind a triple: ``source`` is the article id (graph) or gold file name."""

    source: str
    sentence: str
    start: int | None = None
    end: int | None = None
    rule: str = ""
    confidence: float | None = None


@dataclass(frozen=True)
class GraphFacts:
    """What scoring needs from a graph (node ids are IRIs or blank node ids).

    ``labels``: (node, label) of rdfs:label, skos:prefLabel, skos:altLabel; ``names``: node → its
    rdfs:label (for display); ``types``: node → local names of its scored types (``all_types``: of
    every type); ``triples``: (s, predicate local name, o) of the ten predicates;
    ``evidence``: (s, predicate, o) as stated by a ``kg:Assertion`` → its evidence.
    """

    labels: tuple[tuple[str, str], ...]
    names: dict[str, str] = field(repr=False)
    types: dict[str, frozenset[str]] = field(repr=False)
    all_types: dict[str, frozenset[str]] = field(repr=False)
    triples: frozenset[tuple[str, str, str]] = field(repr=False)
    evidence: dict[tuple[str, str, str], tuple[QuotedEvidence, ...]] = field(repr=False)


def _number(value: str | None, kind):
    try:
        return kind(value) if value is not None else None
    except ValueError:
        return None


def _assertion_evidence(columns: dict[str, dict[str, str]], article_ids: dict[str, str]):
    out: dict[tuple[str, str, str], list[QuotedEvidence]] = defaultdict(list)
    for a, p_iri in columns["p"].items():
        p = local_name(p_iri)
        if p not in PREDICATES or a not in columns["s"] or a not in columns["o"]:
            continue
        article = columns["article"].get(a, "")
        ev = QuotedEvidence(article_ids.get(article, unquote(local_name(article)) if article else ""),
                      columns["sentence"].get(a, ""), _number(columns["start"].get(a), int),
                      _number(columns["end"].get(a), int), columns["rule"].get(a, ""),
                      _number(columns["confidence"].get(a), float))
        out[(columns["s"][a], p, columns["o"][a])].append(ev)
    return {k: tuple(sorted(v, key=lambda e: (e.source, e.start or 0, e.sentence))) for k, v in out.items()}


def read_store(store: ox.Store) -> GraphFacts:
    """Collect labels, types, relation triples and assertions from every graph of ``store``."""
    labels: set[tuple[str, str]] = set()
    types: dict[str, set[str]] = defaultdict(set)
    triples: set[tuple[str, str, str]] = set()
    columns: dict[str, dict[str, str]] = {name: {} for name in _ASSERTION.values()}
    article_ids: dict[str, str] = {}
    names: dict[str, str] = {}
    pred_name: dict[str, str] = {}
    for q in store.quads_for_pattern(None, None, None, None):
        p, s, o = q.predicate.value, _id(q.subject), q.object
        if p in _LABELS:
            labels.add((s, _id(o)))
            if p == _LABEL:
                names.setdefault(s, _id(o))
        elif p == _TYPE:
            types[s].add(local_name(_id(o)))
        elif p in _ASSERTION:
            columns[_ASSERTION[p]][s] = _id(o)
        elif p == _ARTICLE_ID:
            article_ids[s] = _id(o)
        name = pred_name.setdefault(p, local_name(p))
        if name in PREDICATES and not isinstance(o, ox.Literal):
            triples.add((s, name, _id(o)))
    scored = {n: frozenset(t & set(ENTITY_TYPES)) for n, t in types.items() if t & set(ENTITY_TYPES)}
    return GraphFacts(tuple(sorted(labels)), names, scored, {n: frozenset(t) for n, t in types.items()},
                      frozenset(triples), _assertion_evidence(columns, article_ids))


def read_files(paths: Sequence[str | Path]) -> GraphFacts:
    """Read RDF files (format from the extension, Turtle when unknown) as one graph."""
    store = ox.Store()
    for path in map(Path, paths):
        if not path.is_file():
            raise InputError(f"graph file not found: {path}")
        ext = path.suffix.lstrip(".").lower()
        fmt = ox.RdfFormat.from_extension(ext) or _EXTENSIONS.get(ext, ox.RdfFormat.TURTLE)
        try:
            store.load(path=str(path), format=fmt)
        except (SyntaxError, ValueError) as exc:
            raise InputError(f"{path}: cannot read as {fmt.name}: {str(exc).splitlines()[0]}") from None
    return read_store(store)


def read_source(source) -> GraphFacts:
    """Facts of a store, a build directory (``kg build --out DIR``), an RDF file or a list of files.

    A path that is not a file is read as a build directory, unless it is missing and has an
    extension (then it is reported as a missing file).
    """
    if isinstance(source, GraphFacts):
        return source
    if isinstance(source, ox.Store):
        return read_store(source)
    if isinstance(source, (list, tuple)):
        return read_files(source)
    path = Path(source)
    if path.is_file() or (not path.exists() and path.suffix):
        return read_files([path])
    return read_store(open_store(path))


# --- the result ---------------------------------------------------------------------------------

def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass(frozen=True)
class Score:
    """Counts of one predicate (or ``ALL``): gold triples, predicted triples, true positives."""

    name: str
    gold: int
    predicted: int
    tp: int

    @property
    def precision(self) -> float:
        return _prf(self.tp, self.predicted, self.gold)[0]

    @property
    def recall(self) -> float:
        return _prf(self.tp, self.predicted, self.gold)[1]

    @property
    def f1(self) -> float:
        return _prf(self.tp, self.predicted, self.gold)[2]

    def to_dict(self) -> dict:
        return {"name": self.name, "gold": self.gold, "predicted": self.predicted, "tp": self.tp,
                "precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass(frozen=True)
class EntityScore(Score):
    """Entities: ``predicted`` is the number of distinct found entities, ``wrong_type`` of typed nodes
    that stand for a gold entity without having its type."""

    wrong_type: int = 0

    def to_dict(self) -> dict:
        return {**super().to_dict(), "wrong_type": self.wrong_type}


@dataclass(frozen=True)
class TripleItem:
    """A missed or spurious triple. ``subject``/``object`` are gold names, or node ids of the graph
    when the node stands for no gold entity (``*_in_gold`` false); labels are for display."""

    subject: str
    predicate: str
    object: str
    subject_label: str
    object_label: str
    subject_in_gold: bool
    object_in_gold: bool
    evidence: tuple[QuotedEvidence, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class EntityItem:
    """A missed gold entity, a found entity outside the gold, or one found with another type."""

    name: str
    type: str
    label: str
    graph_types: tuple[str, ...] = ()


@dataclass(frozen=True)
class EvalResult:
    predicates: tuple[Score, ...]
    overall: Score
    entities: EntityScore
    missed: tuple[TripleItem, ...] = ()
    spurious: tuple[TripleItem, ...] = ()
    missed_entities: tuple[EntityItem, ...] = ()
    extra_entities: tuple[EntityItem, ...] = ()
    wrong_type: tuple[EntityItem, ...] = ()
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        lists = ("missed", "spurious", "missed_entities", "extra_entities", "wrong_type")
        return {"predicates": [s.to_dict() for s in self.predicates], "overall": self.overall.to_dict(),
                "entities": self.entities.to_dict(),
                **{name: [asdict(item) for item in getattr(self, name)] for name in lists},
                "warnings": list(self.warnings)}


# --- scoring ------------------------------------------------------------------------------------

class _Keys:
    """Which gold entity each node stands for, and how to show a node."""

    def __init__(self, facts: GraphFacts, gold: Gold):
        self.hits: dict[str, set[str]] = defaultdict(set)
        self.label = facts.names
        for node, label in facts.labels:
            hit = gold.names.get(norm(label))
            if hit:
                self.hits[node].add(hit)

    def key(self, node: str) -> str:
        hits = self.hits.get(node)
        if not hits:
            return node
        return next(iter(hits)) if len(hits) == 1 else "|".join(sorted(hits))

    def show(self, key: str, node: str) -> str:
        if key != node:
            return key
        return self.label.get(node) or unquote(local_name(node))


def _spurious(facts: GraphFacts, keys: _Keys, gold: Gold, predicted: dict) -> tuple[TripleItem, ...]:
    evidence: dict[tuple[str, str, str], list[QuotedEvidence]] = defaultdict(list)
    for (s, p, o), evs in facts.evidence.items():
        evidence[triple_key(keys.key(s), p, keys.key(o))].extend(evs)
    items = []
    for k in sorted(set(predicted) - gold.triples):
        s_node, _, o_node = predicted[k]
        items.append(TripleItem(k[0], k[1], k[2], keys.show(k[0], s_node), keys.show(k[2], o_node),
                                k[0] in gold.types, k[2] in gold.types, tuple(evidence.get(k, ()))))
    return tuple(items)


def _missed(gold: Gold, predicted: dict, found: set[str]) -> tuple[TripleItem, ...]:
    items = []
    for s, p, o in sorted(gold.triples - set(predicted)):
        absent = [end for end, name in (("subject", s), ("object", o)) if name not in found]
        note = " and ".join(absent) + " not in the graph" if absent else ""
        evs = tuple(QuotedEvidence(e.file, e.sentence) for e in gold.evidence[(s, p, o)])
        items.append(TripleItem(s, p, o, s, o, True, True, evs, note))
    return tuple(items)


def _entities(facts: GraphFacts, keys: _Keys, gold: Gold):
    found: dict[str, str] = {}
    wrong: list[EntityItem] = []
    for node in sorted(facts.types):
        k = keys.key(node)
        found.setdefault(k, node)
        graph_types = tuple(sorted(facts.all_types.get(node, ())))
        if k in gold.types and gold.types[k] not in graph_types:
            wrong.append(EntityItem(k, gold.types[k], k, graph_types))
    matched = set(found) & set(gold.types)
    score_ = EntityScore("entities", len(gold.types), len(found), len(matched), len(wrong))
    missed = tuple(EntityItem(n, gold.types[n], n) for n in sorted(set(gold.types) - set(found)))
    extra = tuple(EntityItem(k, "/".join(sorted(facts.types[node])), keys.show(k, node),
                             tuple(sorted(facts.types[node])))
                  for k, node in sorted(found.items()) if k not in gold.types)
    return score_, set(found), missed, extra, tuple(sorted(wrong, key=lambda e: e.name))


def score(source, gold: Gold) -> EvalResult:
    """Score a graph (see :func:`read_source` for what it may be) against ``gold``."""
    facts = read_source(source)
    keys = _Keys(facts, gold)
    predicted: dict[tuple[str, str, str], tuple[str, str, str]] = {}
    for s, p, o in sorted(facts.triples):
        k = triple_key(keys.key(s), p, keys.key(o))
        predicted.setdefault(k, (s, p, o) if k[0] == keys.key(s) else (o, p, s))
    rows = []
    for name in sorted(PREDICATES):
        gp = {t for t in gold.triples if t[1] == name}
        pp = {t for t in predicted if t[1] == name}
        rows.append(Score(name, len(gp), len(pp), len(gp & pp)))
    overall = Score("ALL", *(sum(getattr(r, f) for r in rows) for f in ("gold", "predicted", "tp")))
    ent_score, found, missed_ents, extra, wrong = _entities(facts, keys, gold)
    return EvalResult(tuple(rows), overall, ent_score, _missed(gold, predicted, found),
                      _spurious(facts, keys, gold, predicted), missed_ents, extra, wrong, gold.warnings)


def evaluate(source, gold_dir: str | Path) -> EvalResult:
    """Load the gold folder and score ``source`` against it (the library face of ``kg eval``)."""
    return score(source, load_gold(gold_dir))


def select(result: EvalResult, show: str = "all", predicate: str | None = None) -> EvalResult:
    """Keep the lists ``show`` asks for (all, missed, spurious, none), only of ``predicate`` if given.

    With a predicate the entity lists are dropped (they belong to no predicate).
    """
    if show not in SHOW:
        raise InputError(f"--show must be one of {', '.join(SHOW)}, not {show!r}")
    if predicate is not None and predicate not in PREDICATES:
        raise InputError(f"unknown predicate {predicate!r}; choose one of {', '.join(sorted(PREDICATES))}")
    keep_missed, keep_spurious = show in ("all", "missed"), show in ("all", "spurious")

    def triples(items: Iterable[TripleItem], keep: bool) -> tuple[TripleItem, ...]:
        return tuple(t for t in items if keep and predicate in (None, t.predicate))

    def entities(items, keep: bool) -> tuple[EntityItem, ...]:
        return tuple(items) if keep and predicate is None else ()

    return replace(result, missed=triples(result.missed, keep_missed),
                   spurious=triples(result.spurious, keep_spurious),
                   missed_entities=entities(result.missed_entities, keep_missed),
                   extra_entities=entities(result.extra_entities, keep_spurious),
                   wrong_type=entities(result.wrong_type, keep_missed or keep_spurious))


def summary_lines(result: EvalResult) -> list[str]:
    """The table, entity line and last line, laid out as ``score.py`` prints them.

    >>> r = EvalResult((Score("supplies", 4, 2, 1),), Score("ALL", 4, 2, 1), EntityScore("entities", 5, 4, 3))
    >>> print("\\n".join(summary_lines(r)))
    predicate         gold  pred    tp      P      R     F1
    supplies             4     2     1   0.50   0.25   0.33
    ALL                  4     2     1   0.50   0.25   0.33
    entities: gold 5 typed-nodes 4 matched 3 P 0.75 R 0.60 F1 0.67 wrong-type 0
    triple F1 0.333 (P 0.500 R 0.250)
    """
    lines = [f"{'predicate':<16}{'gold':>6}{'pred':>6}{'tp':>6}{'P':>7}{'R':>7}{'F1':>7}"]
    for s in (*result.predicates, result.overall):
        lines.append(f"{s.name:<16}{s.gold:>6}{s.predicted:>6}{s.tp:>6}"
                     f"{s.precision:>7.2f}{s.recall:>7.2f}{s.f1:>7.2f}")
    e = result.entities
    lines.append(f"entities: gold {e.gold} typed-nodes {e.predicted} matched {e.tp} "
                 f"P {e.precision:.2f} R {e.recall:.2f} F1 {e.f1:.2f} wrong-type {e.wrong_type}")
    o = result.overall
    lines.append(f"triple F1 {o.f1:.3f} (P {o.precision:.3f} R {o.recall:.3f})")
    return lines
