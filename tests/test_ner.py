"""The learned name recogniser (kg.extract.ner): the shipped ONNX model, batching, windows, decoding."""
from __future__ import annotations

import numpy as np

from kg.extract import ner


def test_names_posts_and_persons_with_offsets():
    text = "江苏恒远精密机械有限公司总经理周明华表示"
    assert ner.tag_spans([text]) == [[(0, 12, "company"), (12, 15, "job"), (15, 18, "person")]]


def test_batch_keeps_input_order_and_empty_texts():
    texts = ["周明华表示", "", "江苏恒远精密机械有限公司总经理周明华表示"]
    out = ner.tag_spans(texts)
    assert out[1] == []
    assert out[0] == ner.tag_spans([texts[0]])[0]
    assert out[2] == ner.tag_spans([texts[2]])[0]


def test_long_text_is_tagged_in_windows_with_global_offsets():
    text = "园" * ner.MAX_LEN + "江苏恒远精密机械有限公司总经理周明华表示"
    spans = ner.tag_spans([text])[0]
    assert (ner.MAX_LEN, ner.MAX_LEN + 12, "company") in spans
    assert all(text[s:e] for s, e, _ in spans)


def test_every_half_width_form_the_model_lacks_reads_as_its_full_width_form():
    vocab = ner._model().chars
    full = [chr(c) for c in range(0xFF01, 0xFF5F) if chr(c) in vocab]
    assert all(chr(ord(f) - 0xFEE0) in vocab for f in full)
    assert vocab["；"] == vocab[";"] or ";" in vocab


def test_viterbi_follows_transitions_over_emissions():
    logits = np.array([[[2.0, 0.0], [2.0, 1.9]]])
    stay = np.array([[0.0, -5.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]])  # 0 → 1 costs 5
    free = np.zeros((3, 3))
    assert [p.tolist() for p in ner.viterbi(logits, free, np.array([2]))] == [[0, 0]]
    logits2 = np.array([[[2.0, 0.0], [0.0, 3.0]]])
    assert [p.tolist() for p in ner.viterbi(logits2, free, np.array([2]))] == [[0, 1]]
    assert [p.tolist() for p in ner.viterbi(logits2, stay, np.array([2]))] == [[1, 1]]  # 2+0 < 0+3


def test_viterbi_stops_at_each_row_length():
    logits = np.array([[[0.0, 1.0], [5.0, 0.0]], [[1.0, 0.0], [0.0, 0.0]]])
    paths = ner.viterbi(logits, np.zeros((3, 3)), np.array([2, 1]))
    assert [p.tolist() for p in paths] == [[1, 0], [0]]
