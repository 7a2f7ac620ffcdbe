"""A learned name recogniser: FoolNLTK's BiLSTM-CRF on ONNX Runtime, as a source of candidate names.

The model (``kg/models/ner``, converted by ``scripts/make_ner_model.py``; Apache-2.0, see its NOTICE)
tags each character with B/M/E/S of ``org``, ``company``, ``location``, ``person``, ``job`` or
``time``.  :func:`tag_spans` runs it over many short texts at once (sorted by length and batched, which
is ~5× faster than one at a time) and decodes the best tag path with the CRF transitions in numpy.

>>> tag_spans(["江苏恒远精密机械有限公司总经理周明华表示"])
[[(0, 12, 'company'), (12, 15, 'job'), (15, 18, 'person')]]
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Sequence

import numpy as np

from kg.extract.lexicon import alternation, load_lexicon, read_words
from kg.model import Article, Sentence

BATCH = 48
MAX_LEN = 400  # longer texts are tagged in windows of this many characters


def worth_tagging(article: Article, sentence: Sentence) -> bool:
    """Run the model only where it pays: on sentences that hold a cue of ``kg/data/model_cues.txt``
    or a name head (有限公司, 高新区 …); the others are read by the rules alone.

    >>> from kg.model import Article
    >>> from kg.extract.sentences import split_sentences
    >>> a = Article.from_text("t", "今年一季度产值增长三成。恒瑞精工、启明光电落户园区。")
    >>> [worth_tagging(a, s) for s in split_sentences(a)]
    [False, True]
    """
    return bool(_cue_regex().search(article.text, sentence.start, sentence.end)
                or load_lexicon().regex["suffix"].search(article.text, sentence.start, sentence.end))


@lru_cache(maxsize=1)
def _cue_regex() -> re.Pattern:
    return re.compile(alternation(read_words("model_cues.txt") + list(load_lexicon().titles)))


@dataclass(frozen=True)
class _Model:
    session: object
    chars: dict
    oov: int
    tags: tuple[str, ...]


@lru_cache(maxsize=1)
def _model() -> _Model:
    import onnxruntime as ort
    folder = resources.files("kg").joinpath("models").joinpath("ner")
    vocab = json.loads(folder.joinpath("vocab.json").read_text(encoding="utf-8"))
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1  # builds parallelise over articles, not inside one
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    session = ort.InferenceSession(folder.joinpath("model.onnx").read_bytes(), options,
                                   providers=["CPUExecutionProvider"])
    return _Model(session, vocab["chars"], vocab["oov"], tuple(vocab["tags"]))


def tag_spans(texts: Sequence[str]) -> list[list[tuple[int, int, str]]]:
    """Names the model finds in each text: ``(start, end, kind)`` with character offsets."""
    model = _model()
    pieces = [(i, off, text[off:off + MAX_LEN]) for i, text in enumerate(texts)
              for off in range(0, max(len(text), 1), MAX_LEN) if text]
    order = sorted(range(len(pieces)), key=lambda k: len(pieces[k][2]))
    out: list[list[tuple[int, int, str]]] = [[] for _ in texts]
    for b in range(0, len(order), BATCH):
        batch = [pieces[k] for k in order[b:b + BATCH]]
        for (i, off, piece), path in zip(batch, _decode_batch(model, [p[2] for p in batch])):
            out[i].extend((off + s, off + e, kind) for s, e, kind in _spans(path, model.tags))
    return [sorted(spans) for spans in out]


def _decode_batch(model: _Model, texts: list[str]) -> list[np.ndarray]:
    lengths = np.array([len(t) for t in texts], dtype=np.int32)
    ids = np.zeros((len(texts), int(lengths.max())), dtype=np.int32)
    for row, text in enumerate(texts):
        ids[row, :len(text)] = [model.chars.get(c, model.oov) for c in text]
    logits, transitions = model.session.run(None, {"char_inputs:0": ids, "lengths:0": lengths})
    return viterbi(logits, transitions, lengths)


def viterbi(logits: np.ndarray, transitions: np.ndarray, lengths: np.ndarray) -> list[np.ndarray]:
    """Best tag paths of a batch; ``transitions`` has one extra row and column for the start state.

    >>> logits = np.array([[[1.0, 0.0], [0.0, 2.0]]])
    >>> trans = np.zeros((3, 3))
    >>> [p.tolist() for p in viterbi(logits, trans, np.array([2]))]
    [[0, 1]]
    """
    batch, steps, n = logits.shape
    trans = transitions[:n, :n]
    score = transitions[n, :n] + logits[:, 0, :]           # from the start state
    back = np.zeros((batch, steps, n), dtype=np.int32)
    stay = np.arange(n)[None, :]
    for t in range(1, steps):
        cand = score[:, :, None] + trans[None, :, :]          # [batch, from, to]
        best = cand.argmax(axis=1)
        live = (t < lengths)[:, None]
        score = np.where(live, cand.max(axis=1) + logits[:, t, :], score)
        back[:, t, :] = np.where(live, best, stay)
    paths = []
    for row in range(batch):
        length = int(lengths[row])
        tag = int(score[row].argmax())
        path = [tag]
        for t in range(length - 1, 0, -1):
            tag = int(back[row, t, tag])
            path.append(tag)
        paths.append(np.array(path[::-1], dtype=np.int32))
    return paths


def _spans(path: np.ndarray, tags: tuple[str, ...]) -> list[tuple[int, int, str]]:
    spans, start, kind = [], None, ""
    for i, tag_id in enumerate(path.tolist()):
        tag = tags[tag_id]
        if tag == "O":
            start = None
            continue
        pos, _, k = tag.partition("_")
        if pos == "S":
            spans.append((i, i + 1, k))
            start = None
        elif pos == "B":
            start, kind = i, k
        elif pos == "E" and start is not None and k == kind:
            spans.append((start, i + 1, k))
            start = None
        elif pos == "M" and (start is None or k != kind):
            start = None
    return spans
