"""Build (once, cached under bench/out/) an Argos it→en package with a model of realistic size.

The benchmark measures speed, not quality, so the weights are random: what matters is that the
model costs what the real Argos it→en model costs per decoding step. That model is a Transformer-base
(6+6 layers, d_model 512, 8 heads, FFN 2048, pre-norm, shared vocabulary, int8), so this one is too.

- SentencePiece is trained on the project's own sample corpus; its few thousand pieces are the first
  ids of the CTranslate2 vocabulary (ids line up), padded with filler tokens to ``VOCAB_SIZE`` so the
  embedding and the output projection are as large as the real model's.
- The projection bias forbids </s>, <unk>, <s> and the fillers: the model never ends a sentence, so
  every variant decodes exactly ``max_decoding_length`` tokens per sentence (a fixed amount of work),
  and what it emits are real pieces that detokenize to text, as real output does.
- The package carries the rule-based MiniSBD splitter (tools/minisbd_rules.py) so argostranslate
  itself runs offline on it.

usage: python bench/bench_model.py [--out bench/out] [--force]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
CORPUS = ROOT / "tests" / "fixtures" / "model" / "corpus.it-en.tsv"
PACKAGE_NAME = "translate-it_en-bench"

# Transformer-base, as the Argos it→en model.
LAYERS = 6
D_MODEL = 512
HEADS = 8
FFN = 2048
VOCAB_SIZE = 32_000
SP_VOCAB = 8_000  # an upper bound: the small corpus yields fewer pieces (hard_vocab_limit=False)
SEED = 20_260_301
# Bump when anything above or the build changes: the cached package is rebuilt when its key differs.
BUILD_REVISION = 1


def build_key() -> str:
    corpus = hashlib.sha256(CORPUS.read_bytes()).hexdigest()[:12]
    return f"r{BUILD_REVISION}-{LAYERS}x{D_MODEL}x{HEADS}x{FFN}-v{VOCAB_SIZE}-sp{SP_VOCAB}-s{SEED}-{corpus}"


def _random_spec(pieces: list[str]):  # noqa: ANN202 - ctranslate2 is imported lazily
    """A TransformerSpec with every weight set: random matrices, unit layer norms, masked bias."""
    import numpy as np
    from ctranslate2.specs import common_spec, model_spec, transformer_spec

    rng = np.random.default_rng(SEED)
    spec = transformer_spec.TransformerSpec.from_config((LAYERS, LAYERS), HEADS, pre_norm=True)
    vocab = pieces + [f"<filler{i:05d}>" for i in range(VOCAB_SIZE - len(pieces))]
    embeddings = rng.normal(0.0, 0.02, (VOCAB_SIZE, D_MODEL)).astype(np.float32)

    def matrix(rows: int, cols: int) -> np.ndarray:
        return rng.normal(0.0, 0.02, (rows, cols)).astype(np.float32)

    def fill(layer: model_spec.LayerSpec) -> None:
        for name, value in list(layer.__dict__.items()):
            if name.startswith("_"):
                continue
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, model_spec.LayerSpec):
                        fill(item)
            elif isinstance(value, common_spec.LayerNormSpec):
                value.gamma = np.ones(D_MODEL, np.float32)
                value.beta = np.zeros(D_MODEL, np.float32)
            elif isinstance(value, model_spec.LayerSpec):
                fill(value)

    fill(spec)
    spec.encoder.embeddings[0].weight = embeddings
    spec.decoder.embeddings.weight = embeddings  # shared, as Argos models are
    spec.decoder.projection.weight = embeddings
    bias = np.zeros(VOCAB_SIZE, np.float32)
    bias[[0, 1, 2]] = -1e4  # <unk>, <s>, </s>: never end a sentence
    bias[len(pieces) :] = -1e4  # fillers
    spec.decoder.projection.bias = bias
    for layer in [*spec.encoder.layer, *spec.decoder.layer]:
        attention = layer.self_attention
        attention.linear[0].weight = matrix(3 * D_MODEL, D_MODEL)  # fused q, k, v
        attention.linear[0].bias = np.zeros(3 * D_MODEL, np.float32)
        attention.linear[1].weight = matrix(D_MODEL, D_MODEL)
        attention.linear[1].bias = np.zeros(D_MODEL, np.float32)
        cross = getattr(layer, "attention", None)
        if cross is not None:
            cross.linear[0].weight = matrix(D_MODEL, D_MODEL)  # q
            cross.linear[1].weight = matrix(2 * D_MODEL, D_MODEL)  # fused k, v
            cross.linear[2].weight = matrix(D_MODEL, D_MODEL)
            for linear, size in zip(cross.linear, (D_MODEL, 2 * D_MODEL, D_MODEL), strict=True):
                linear.bias = np.zeros(size, np.float32)
        layer.ffn.linear_0.weight = matrix(FFN, D_MODEL)
        layer.ffn.linear_0.bias = np.zeros(FFN, np.float32)
        layer.ffn.linear_1.weight = matrix(D_MODEL, FFN)
        layer.ffn.linear_1.bias = np.zeros(D_MODEL, np.float32)
    spec.config.unk_token = "<unk>"
    spec.config.bos_token = "<s>"
    spec.config.eos_token = "</s>"
    spec.config.decoder_start_token = "<s>"
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    return spec


def build(out: Path) -> Path:
    """Write the package folder ``out/PACKAGE_NAME`` atomically and return it."""
    import sentencepiece as spm

    sys.path.insert(0, str(ROOT / "tools"))
    from build_fixture_model import argos_metadata, read_pairs, train_sentencepiece
    from minisbd_rules import write_sbd

    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".bench-model-", dir=out))
    try:
        package = work / PACKAGE_NAME
        package.mkdir()
        # Argos's special ids for CTranslate2 models: <unk> = 0, <s> = 1, </s> = 2.
        sp_model = train_sentencepiece(
            read_pairs(CORPUS), SP_VOCAB, bos_id=1, eos_id=2, seed_pieces=1_000_000
        )
        (package / "sentencepiece.model").write_bytes(sp_model)
        sp = spm.SentencePieceProcessor(model_file=str(package / "sentencepiece.model"))
        pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
        assert pieces[:3] == ["<unk>", "<s>", "</s>"], pieces[:3]
        spec = _random_spec(pieces)
        spec.validate()
        spec.optimize(quantization="int8")
        (package / "model").mkdir()
        spec.save(str(package / "model"))
        write_sbd(package / "minisbd" / "it-rules.onnx")
        metadata = argos_metadata(PACKAGE_NAME, build_key(), bench_key=build_key())
        (package / "metadata.json").write_text(metadata, encoding="utf-8")
        (package / "README.md").write_text(
            f"Benchmark model: random weights, Transformer-base shape, {len(pieces)} SentencePiece pieces "
            f"padded to {VOCAB_SIZE}, int8. Translates nothing; costs what a real model costs.\n",
            encoding="utf-8",
        )
        final = out / PACKAGE_NAME
        shutil.rmtree(final, ignore_errors=True)
        os.replace(package, final)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    size = sum(p.stat().st_size for p in final.rglob("*") if p.is_file())
    print(
        f"built {final} ({size / 1e6:.1f} MB, {len(pieces)} pieces, {time.perf_counter() - started:.1f} s)",
        file=sys.stderr,
    )
    return final


def ensure_model(out: Path = OUT, force: bool = False) -> Path:
    """The cached package folder, rebuilt only when missing, stale (another key) or forced."""
    package = out / PACKAGE_NAME
    try:
        cached = json.loads((package / "metadata.json").read_text(encoding="utf-8")).get("bench_key")
    except (OSError, ValueError):
        cached = None
    if force or cached != build_key() or not (package / "model" / "model.bin").is_file():
        return build(out)
    return package


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--force", action="store_true", help="rebuild even when the cache is current")
    args = parser.parse_args()
    print(ensure_model(args.out, args.force))


if __name__ == "__main__":
    main()
