"""Write a rule-based MiniSBD sentence splitter as ONNX (no learned weights).

argostranslate.translate downloads MiniSBD's Italian model at first use and fails offline; a package
that carries ``minisbd/it-rules.onnx`` uses this instead. It splits after '.', '!' and '?'. Only the
Argos baseline in the benchmark and the fixture package need it; our pipeline does its own splitting.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

END = [".", "!", "?"]


def write_sbd(path: Path, lang: str = "it") -> None:
    import onnx
    from onnx import TensorProto, helper

    vocab = {"lang": lang, "idx": 0, "cutoff": 0, "lower": False, "_id2unit": ["<PAD>", "<UNK>", *END]}
    vocab["_unit2id"] = {u: i for i, u in enumerate(vocab["_id2unit"])}
    config = {
        "skip_newline": False,
        "max_seqlen": 1000,
        "no_ssplit": False,
        "batch_size": 32,
        "feat_funcs": [],
        "use_dictionary": False,
        "num_dict_feat": 0,
    }

    def const(name: str, values: list[float], dtype: int = TensorProto.FLOAT):  # noqa: ANN202
        return helper.make_tensor(name, dtype, [len(values)], values)

    nodes = [
        # is_end[b, n] = units[b, n] >= 2: ids 2..4 are the sentence-final marks
        helper.make_node("Constant", [], ["two"], value=helper.make_tensor("t", TensorProto.INT64, [], [2])),
        helper.make_node("GreaterOrEqual", ["units", "two"], ["is_end_b"]),
        helper.make_node("Cast", ["is_end_b"], ["is_end"], to=TensorProto.FLOAT),
        helper.make_node("Constant", [], ["axes"], value=const("a", [-1], TensorProto.INT64)),
        helper.make_node("Unsqueeze", ["is_end", "axes"], ["e"]),
        # logits = e * [0,0,10,0,0] + (1 - e) * [10,0,0,0,0]: class 2 (sentence end) or class 0
        helper.make_node("Constant", [], ["w_end"], value=const("we", [0.0, 0.0, 10.0, 0.0, 0.0])),
        helper.make_node("Constant", [], ["w_mid"], value=const("wm", [10.0, 0.0, 0.0, 0.0, 0.0])),
        helper.make_node(
            "Constant", [], ["one"], value=helper.make_tensor("o", TensorProto.FLOAT, [], [1.0])
        ),
        helper.make_node("Sub", ["one", "e"], ["ne"]),
        helper.make_node("Mul", ["e", "w_end"], ["a1"]),
        helper.make_node("Mul", ["ne", "w_mid"], ["a2"]),
        helper.make_node("Add", ["a1", "a2"], ["logits"]),
    ]
    graph = helper.make_graph(
        nodes,
        "rule_sbd",
        [
            helper.make_tensor_value_info("units", TensorProto.INT64, ["B", "N"]),
            helper.make_tensor_value_info("features", TensorProto.FLOAT, ["B", "N", "F"]),
        ],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["B", "N", 5])],
    )
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="translate-news"
    )
    model.ir_version = 8
    helper.set_model_props(
        model,
        {"lang_code": lang, "config": json.dumps(config), "vocab": json.dumps(vocab), "lexicon": "null"},
    )
    onnx.checker.check_model(model)
    path.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(path))


if __name__ == "__main__":
    write_sbd(Path(sys.argv[1]))
