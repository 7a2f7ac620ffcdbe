"""One article through every extraction stage, as a pipeline of components over one document.

Sentences (:mod:`kg.extract.sentences`) → candidate mentions from the rules, the learned
recogniser, products and industries, chosen per sentence → aliases resolved across the article →
relations → entities kept.  Every stage works on character offsets into the article's text.

>>> from kg.model import Article
>>> ex = extract_article(Article.from_text("t", "常州高新区青枫智谷园区位于常州高新区。"))
>>> [(e.name, e.type) for e in ex.entities]
[('常州高新区青枫智谷园区', 'Park'), ('常州高新区', 'Zone')]
"""
from __future__ import annotations

from kg.extract.aliases import resolve_aliases
from kg.extract.industries import industry_mentions
from kg.extract.learned import learned_mentions, model_left_edges
from kg.extract.lexicon import load_lexicon
from kg.extract.mentions import choose_mentions, find_mentions
from kg.extract.ner import tag_spans, worth_tagging
from kg.extract.products import product_mentions
from kg.extract.relations import extract_relations
from kg.extract.sentences import split_sentences
from kg.model import Article, ArticleExtraction, Entity, Mention

__all__ = ["extract_article", "extract_articles", "keep_entities", "STANDALONE_CONFIDENCE"]

# An entity no relation uses is kept only this sure: the one threshold for weak names, applied to each
# article here and to the linked entities of the store (kg.build.update).
STANDALONE_CONFIDENCE = 0.8


def extract_article(article: Article) -> ArticleExtraction:
    """Run every per-article stage on one article."""
    return extract_articles([article])[0]


def extract_articles(articles: list[Article]) -> list[ArticleExtraction]:
    """Run every per-article stage on each article; the name model sees all their sentences at once
    (one batched pass is several times faster than one per article)."""
    sentences = [split_sentences(a) for a in articles]
    spans = iter(tag_spans([s.text(a) if worth_tagging(a, s) else "" for a, ss in zip(articles, sentences) for s in ss]))
    return [_extract(a, ss, [next(spans) for _ in ss]) for a, ss in zip(articles, sentences)]


def _extract(article: Article, sentences, spans) -> ArticleExtraction:
    lex = load_lexicon()
    mentions = [m for s, found in zip(sentences, spans) for m in _sentence_mentions(article, s, found, lex)]
    entities, mentions = resolve_aliases(article, sentences, mentions, lex)
    relations = extract_relations(article, sentences, mentions, lex)
    entities = keep_entities(entities, relations)
    known = {(e.name, e.type) for e in entities}
    extra = {(n, t) for r in relations for n, t in ((r.subject, r.subject_type), (r.object, r.object_type))
             if (n, t) not in known}
    entities = entities + tuple(Entity(n, t, frozenset(), 0.9) for n, t in sorted(extra))
    return ArticleExtraction(article, sentences, tuple(mentions), entities, relations)


def _sentence_mentions(article: Article, s, found, lex) -> list[Mention]:
    """The chosen mentions of one sentence: the rules' (left edges checked against the model's), the
    model's, products and industries."""
    rules = model_left_edges(article, s, find_mentions(article, s, lex), found, lex)
    learned = learned_mentions(article, s, found, lex, rule_ends=frozenset(m.end for m in rules))
    return choose_mentions([*rules, *learned, *product_mentions(article, s, lex), *industry_mentions(article, s, lex)])


def keep_entities(entities: tuple[Entity, ...], relations) -> tuple[Entity, ...]:
    """Drop weak candidates that no relation uses, already in the article (the store applies the same rule,
    :data:`kg.build.update.STANDALONE_CONFIDENCE`, to the linked entities)."""
    used = {(n, t) for r in relations for n, t in ((r.subject, r.subject_type), (r.object, r.object_type))}
    return tuple(e for e in entities if e.confidence >= STANDALONE_CONFIDENCE or (e.name, e.type) in used)
