"""Convert foolnltk's BiLSTM-CRF name recogniser to ONNX for kg/models/ner/.

foolnltk (PyPI ``foolnltk`` 0.1.7, https://github.com/rockyzhengwu/FoolNLTK, Apache-2.0) ships a
TensorFlow 1 graph ``data/ner.pb`` (character embedding → bidirectional BasicLSTMCell → tanh layer →
tag scores, with a CRF transition matrix) and its character map ``data/map.zip``.  This script, run
once by a maintainer in a throwaway environment (TensorFlow and onnx are *not* kg dependencies)::

    python -m venv /tmp/conv && /tmp/conv/bin/pip install tensorflow-cpu onnx onnxruntime
    /tmp/conv/bin/pip download foolnltk==0.1.7 --no-deps -d /tmp/fool
    tar xzf /tmp/fool/foolnltk-0.1.7.tar.gz -C /tmp/fool
    /tmp/conv/bin/python scripts/make_ner_model.py /tmp/fool/foolnltk-0.1.7

reads the graph's weights and writes the same network as ONNX with the native bidirectional ``LSTM``
operator (3–4× faster on ONNX Runtime than the loop ``tf2onnx`` makes of TensorFlow's ``while``),
then checks that TensorFlow and ONNX Runtime give the same scores on a few sentences.
Outputs ``kg/models/ner/model.onnx`` (inputs ``char_inputs:0`` int32 [batch, time], ``lengths:0``
int32 [batch]; outputs ``logits`` [batch, time, tags] and ``transitions`` [tags+1, tags+1]) and
``vocab.json`` (character → id, half-width punctuation and letters mapped like their full-width
forms, and the tag names).  Dropout is inactive at inference (keep probability 1.0) and left out.
"""
from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "kg" / "models" / "ner"
CELL = "char_bilstm/bidirectional_rnn/{}/basic_lstm_cell/{}"


def weights(pb: Path) -> dict[str, np.ndarray]:
    import tensorflow as tf
    from tensorflow.python.framework import tensor_util
    graph = tf.compat.v1.GraphDef()
    graph.ParseFromString(pb.read_bytes())
    out = {n.name: tensor_util.MakeNdarray(n.attr["value"].tensor) for n in graph.node if n.op == "Const"}
    forget = [n for n in graph.node if n.name.endswith("fw/basic_lstm_cell/add/y")]
    out["forget_bias"] = tensor_util.MakeNdarray(forget[0].attr["value"].tensor) if forget else np.float32(1.0)
    return out


def lstm_params(w: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """TensorFlow's [input+hidden, 4H] kernel (gates i, j, f, o) as ONNX's W, R, B (gates i, o, f, c)."""
    Ws, Rs, Bs = [], [], []
    for d in ("fw", "bw"):
        kernel, bias = w[CELL.format(d, "kernel")], w[CELL.format(d, "bias")].copy()
        hidden = kernel.shape[1] // 4
        inputs = kernel.shape[0] - hidden
        i, j, f, o = (slice(k * hidden, (k + 1) * hidden) for k in range(4))
        order = [i, o, f, j]
        bias[f] += float(w["forget_bias"])
        Ws.append(np.concatenate([kernel[:inputs, g].T for g in order]))
        Rs.append(np.concatenate([kernel[inputs:, g].T for g in order]))
        Bs.append(np.concatenate([np.concatenate([bias[g] for g in order]), np.zeros(4 * hidden, np.float32)]))
    return np.stack(Ws), np.stack(Rs), np.stack(Bs)


def build(w: dict[str, np.ndarray]):
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    W, R, B = lstm_params(w)
    hidden = R.shape[2]
    init = [numpy_helper.from_array(a.astype(np.float32), name) for name, a in [
        ("embedding", np.concatenate([w["Const_1"], w["char_embeding"]])),  # the graph prepends a row
        ("W", W), ("R", R), ("B", B),
        ("w_tanh", w["project/hidden/w_tanh"]), ("b_tanh", w["project/hidden/b_tanh"]),
        ("w_out", w["project/output/w_out"]), ("b_out", w["project/output/b_out"]),
        ("transitions_value", w["crf_loss/transitions"])]]
    init.append(numpy_helper.from_array(np.array([0, 0, 2 * hidden], np.int64), "shape_bt2h"))
    nodes = [
        helper.make_node("Gather", ["embedding", "char_inputs:0"], ["emb"]),             # [B,T,E]
        helper.make_node("Transpose", ["emb"], ["emb_t"], perm=[1, 0, 2]),               # [T,B,E]
        helper.make_node("LSTM", ["emb_t", "W", "R", "B", "lengths:0"], ["Y"],
                         hidden_size=hidden, direction="bidirectional"),                  # [T,2,B,H]
        helper.make_node("Transpose", ["Y"], ["Y_t"], perm=[2, 0, 1, 3]),                # [B,T,2,H]
        helper.make_node("Reshape", ["Y_t", "shape_bt2h"], ["states"]),                   # [B,T,2H]
        helper.make_node("MatMul", ["states", "w_tanh"], ["h0"]),
        helper.make_node("Add", ["h0", "b_tanh"], ["h1"]),
        helper.make_node("Tanh", ["h1"], ["h2"]),
        helper.make_node("MatMul", ["h2", "w_out"], ["s0"]),
        helper.make_node("Add", ["s0", "b_out"], ["logits"]),
        helper.make_node("Identity", ["transitions_value"], ["transitions"]),
    ]
    graph = helper.make_graph(
        nodes, "foolnltk_ner",
        [helper.make_tensor_value_info("char_inputs:0", TensorProto.INT32, ["batch", "time"]),
         helper.make_tensor_value_info("lengths:0", TensorProto.INT32, ["batch"])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", "time", w["project/output/b_out"].shape[0]]),
         helper.make_tensor_value_info("transitions", TensorProto.FLOAT, list(w["crf_loss/transitions"].shape))],
        init)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="kg make_ner_model")
    onnx.checker.check_model(model)
    return model


def vocab(map_zip: Path) -> dict:
    data = json.loads(zipfile.ZipFile(map_zip).open("all_map.json").readline())
    chars: dict[str, int] = data["char_map"]
    for code in range(0xFF01, 0xFF5F):  # kg folds full-width ASCII to half-width before extraction
        full, half = chr(code), chr(code - 0xFEE0)
        if full in chars and half not in chars:
            chars[half] = chars[full]
    tags = [data["ner_map"][str(i)] for i in range(len(data["ner_map"]))]
    return {"chars": chars, "tags": tags, "oov": chars["<OOV>"]}


def check(pb: Path, onnx_path: Path, voc: dict) -> float:
    """Largest difference between TensorFlow's and ONNX Runtime's scores on a small batch."""
    import onnxruntime as ort
    import tensorflow as tf
    texts = ["江苏恒远精密机械有限公司总经理周明华表示", "园区集聚了恒瑞精工、启明光电等企业。", "高新区"]
    lengths = np.array([len(t) for t in texts], np.int32)
    ids = np.zeros((len(texts), lengths.max()), np.int32)
    for row, t in enumerate(texts):
        ids[row, :len(t)] = [voc["chars"].get(c, voc["oov"]) for c in t]
    graph = tf.compat.v1.GraphDef()
    graph.ParseFromString(pb.read_bytes())
    with tf.Graph().as_default() as g:
        tf.import_graph_def(graph, name="p")
        with tf.compat.v1.Session(graph=g) as sess:
            ref = sess.run("p/project/logits:0", {"p/char_inputs:0": ids, "p/lengths:0": lengths, "p/dropout:0": 1.0})
    got = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"]).run(
        ["logits"], {"char_inputs:0": ids, "lengths:0": lengths})[0]
    return max(float(np.abs(ref[r, :n] - got[r, :n]).max()) for r, n in enumerate(lengths))


def main(fool_dir: str) -> None:
    import onnx
    root = Path(fool_dir)
    pb = root / "data" / "ner.pb"
    OUT.mkdir(parents=True, exist_ok=True)
    onnx.save(build(weights(pb)), OUT / "model.onnx")
    voc = vocab(root / "data" / "map.zip")
    (OUT / "vocab.json").write_text(json.dumps(voc, ensure_ascii=False), encoding="utf-8")
    diff = check(pb, OUT / "model.onnx", voc)
    print(f"wrote {OUT}; largest score difference TensorFlow vs ONNX Runtime: {diff:.2e}")
    if diff > 1e-3:
        raise SystemExit("the converted model does not reproduce the original")


if __name__ == "__main__":
    main(sys.argv[1])
