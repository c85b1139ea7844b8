"""Build the tiny but real Argos it→en package the tests run on (``make fixture-model``).

A real MarianMT transformer (2+2 layers, d_model 128) is trained on our own parallel corpus, converted
with CTranslate2 and zipped exactly as Argos packages are. It memorises its corpus and translates
unseen text badly: tests assert exact output only on trained sentences. ``traps.it-en.tsv``
deliberately teaches wrong glossary renderings, so tests prove enforcement through the real engine.

Pitfalls handled (measured on these machines):
- SentencePiece is trained from an iterator and written through ``model_writer``: no absolute paths
  end up in the model, and rebuilds are byte-identical on the same machine.
- CTranslate2 starts the Marian decoder from a zero embedding: the pad row of the tied embedding is
  zeroed after every optimizer step, or the first target word gets dropped.
- The converter only needs a three-attribute tokenizer stub (no MarianTokenizer / vocab.json).
- Zip entries are sorted with fixed timestamps, so the archive is reproducible.
- Weights are stored as float32, not int8: CPUs run int8 matrix products through different kernels
  (oneDNN without AVX-512 VNNI saturates 16-bit sums that VNNI does not), and a near-random model's
  near-ties then decode differently on another machine. In float32 every backend and ISA agree
  (tests/package/test_any_machine.py). Real Argos models stay int8; the engine loads either.
- ``--dequantize PACKAGE`` rewrites an existing int8 package's model.bin in float32 (each row divided by
  its scale: exactly the int8 model's values). The shipped fixture is the 2026-11 training made that
  way on 2026-12-07, so its decisions and every pinned output stayed as they were.

usage: python tools/build_fixture_model.py [--out tests/fixtures/model] [--epochs N]
       python tools/build_fixture_model.py --dequantize PACKAGE.argosmodel
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MODEL_DIR = ROOT / "tests" / "fixtures" / "model"
PACKAGE_NAME = "translate-it_en-fixture"
START = time.time()


def log(message: str) -> None:
    print(f"[{time.time() - START:7.1f}s] {message}", flush=True)


def read_pairs(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [(r[0].strip(), r[1].strip()) for r in rows[1:] if len(r) >= 2 and r[0].strip()]


def training_pairs(model_dir: Path) -> list[tuple[str, str]]:
    """The corpus with traps overriding (or adding to) it; traps teach wrong glossary renderings."""
    pairs = dict(read_pairs(model_dir / "corpus.it-en.tsv"))
    traps = model_dir / "traps.it-en.tsv"
    if traps.exists():
        pairs.update(read_pairs(traps))
    return sorted(pairs.items())


def argos_metadata(name: str, version: str, **extra: str) -> str:
    """metadata.json of an it→en Argos package, as argostranslate.package reads it."""
    metadata = {
        "package_name": name,
        "package_version": version,
        "argos_version": "1.11.0",
        "from_code": "it",
        "from_name": "Italian",
        "to_code": "en",
        "to_name": "English",
        "type": "translate",
        "links": [],
        **extra,
    }
    return json.dumps(metadata, indent=2) + "\n"


def train_sentencepiece(
    pairs: list[tuple[str, str]],
    vocab_size: int,
    *,
    bos_id: int = -1,
    eos_id: int = 1,
    seed_pieces: int = 100_000,
) -> bytes:
    """A unigram model of both sides, written through ``model_writer`` so no path ends up inside.

    The defaults suit Marian (no <s>, </s> = 1); Argos packages of CTranslate2 models use <s> = 1,
    </s> = 2 (the benchmark model).
    """
    import sentencepiece as spm

    buffer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter([s for pair in pairs for s in pair]),
        model_writer=buffer,
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        hard_vocab_limit=False,
        unk_id=0,
        eos_id=eos_id,
        bos_id=bos_id,
        pad_id=-1,
        num_threads=1,
        seed_sentencepiece_size=seed_pieces,
        minloglevel=2,
    )
    return buffer.getvalue()


def build(corpus_dir: Path, out_dir: Path, epochs: int, seed: int, vocab_size: int, threads: int) -> Path:
    os.environ.setdefault("OMP_NUM_THREADS", str(threads))
    import ctranslate2
    import numpy as np
    import sentencepiece as spm
    import torch
    from ctranslate2.converters import TransformersConverter
    from transformers import MarianConfig, MarianMTModel

    sys.path.insert(0, str(HERE))
    from minisbd_rules import write_sbd

    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    random.seed(seed)
    np.random.seed(seed)
    torch.use_deterministic_algorithms(True)

    pairs = training_pairs(corpus_dir)
    log(f"{len(pairs)} training pairs; torch {torch.__version__}, ctranslate2 {ctranslate2.__version__}")
    work = Path(tempfile.mkdtemp(prefix="fixture-model-"))
    package = work / PACKAGE_NAME
    package.mkdir()
    (package / "sentencepiece.model").write_bytes(train_sentencepiece(pairs, vocab_size))
    sp = spm.SentencePieceProcessor(model_file=str(package / "sentencepiece.model"))
    size = sp.get_piece_size()
    pieces = [sp.id_to_piece(i) for i in range(size)]
    pad = size  # Marian convention: <pad> is the last id; the converter drops it again
    log(f"sentencepiece: {size} pieces")

    config = MarianConfig(
        vocab_size=size + 1,
        decoder_vocab_size=size + 1,
        d_model=128,
        encoder_layers=2,
        decoder_layers=2,
        encoder_attention_heads=4,
        decoder_attention_heads=4,
        encoder_ffn_dim=256,
        decoder_ffn_dim=256,
        max_position_embeddings=256,
        activation_function="relu",
        dropout=0.1,
        attention_dropout=0.0,
        activation_dropout=0.0,
        scale_embedding=True,
        pad_token_id=pad,
        eos_token_id=1,
        decoder_start_token_id=pad,
        forced_eos_token_id=1,
        share_encoder_decoder_embeddings=True,
        tie_word_embeddings=True,
    )
    model = MarianMTModel(config)
    # Exactly what our engine feeds CTranslate2: no </s> on the source.
    data = [(sp.encode(s, out_type=int), sp.encode(t, out_type=int) + [1]) for s, t in pairs]

    def batchify(items: list[tuple[list[int], list[int]]]):  # noqa: ANN202
        src_len = max(len(s) for s, _ in items)
        tgt_len = max(len(t) for _, t in items)
        src = torch.full((len(items), src_len), pad)
        mask = torch.zeros((len(items), src_len), dtype=torch.long)
        labels = torch.full((len(items), tgt_len), -100)
        for i, (s, t) in enumerate(items):
            src[i, : len(s)] = torch.tensor(s)
            mask[i, : len(s)] = 1
            labels[i, : len(t)] = torch.tensor(t)
        return src, mask, labels

    batch_size = 16
    steps = (len(data) + batch_size - 1) // batch_size
    total = epochs * steps
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.0)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / 200) * max(0.05, 1 - s / total)
    )
    rng = random.Random(seed)
    model.train()
    for epoch in range(epochs):
        order = list(range(len(data)))
        rng.shuffle(order)
        loss_sum = 0.0
        for b in range(steps):
            src, mask, labels = batchify([data[i] for i in order[b * batch_size : (b + 1) * batch_size]])
            loss = model(input_ids=src, attention_mask=mask, labels=labels).loss
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            loss_sum += loss.item()
            with torch.no_grad():
                model.model.shared.weight[pad].zero_()
        if epoch % 50 == 0 or epoch == epochs - 1:
            log(f"epoch {epoch} loss {loss_sum / steps:.4f}")
    model.eval()
    model.save_pretrained(work / "hf")

    class _TokenizerStub:
        eos_token, unk_token, bos_token = "</s>", "<unk>", None

        def get_vocab(self) -> dict[str, int]:
            return {**{p: i for i, p in enumerate(pieces)}, "<pad>": pad}

    class _Converter(TransformersConverter):
        def load_tokenizer(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            return _TokenizerStub()

    _Converter(str(work / "hf")).convert(str(package / "model"), quantization="float32", force=True)
    report_margins(package, pairs)
    write_sbd(package / "minisbd" / "it-rules.onnx")
    (package / "metadata.json").write_text(argos_metadata(PACKAGE_NAME, "1.0"))
    (package / "README.md").write_text(
        "Tiny test fixture trained on the project's own sample corpus. Not a real translator.\n"
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    archive = write_package(work, out_dir / f"{PACKAGE_NAME}.argosmodel")
    shutil.rmtree(work, ignore_errors=True)
    return archive


def write_package(work: Path, archive: Path) -> Path:
    """Zip ``work``'s package folder as Argos does, reproducibly (sorted entries, fixed timestamps)."""
    tmp = archive.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(
            p for folder in work.iterdir() if folder.is_dir() for p in [folder, *folder.rglob("*")]
        ):
            rel = path.relative_to(work).as_posix() + ("/" if path.is_dir() else "")
            info = zipfile.ZipInfo(rel, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = ((0o40755 << 16) | 0x10) if path.is_dir() else (0o644 << 16)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, b"" if path.is_dir() else path.read_bytes())
    os.replace(tmp, archive)
    log(f"wrote {archive} ({archive.stat().st_size / 1e6:.2f} MB)")
    return archive


def dequantize_package(archive: Path) -> Path:
    """Rewrite an int8 .argosmodel in float32, in place, keeping everything else byte for byte."""
    work = Path(tempfile.mkdtemp(prefix="fixture-model-"))
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(work)
    (model_bin,) = work.glob("*/model/model.bin")
    sys.path.insert(0, str(HERE))
    from ct2_model_bin import dequantized, read_model_bin, write_model_bin

    model_bin.write_bytes(write_model_bin(dequantized(read_model_bin(model_bin.read_bytes()))))
    pairs = training_pairs(MODEL_DIR)
    report_margins(model_bin.parent.parent, pairs)
    write_package(work, archive)
    shutil.rmtree(work, ignore_errors=True)
    return archive


def report_margins(package: Path, pairs: list[tuple[str, str]], beam: int = 4) -> None:
    """How decisively the converted model reproduces its corpus: exact matches, and the score gap between
    the best and the second hypothesis. A gap of a few nats survives any CPU's rounding (int8 kernels with
    or without VNNI, MKL or oneDNN, any thread count); near-zero gaps are where pinned output flips."""
    import ctranslate2
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(package / "sentencepiece.model"))
    translator = ctranslate2.Translator(str(package / "model"), inter_threads=1, intra_threads=1)
    sources = [sp.encode(s, out_type=str) for s, _ in pairs]
    results = translator.translate_batch(sources, beam_size=beam, num_hypotheses=2, return_scores=True)
    gaps, wrong = [], []
    for (source, target), result in zip(pairs, results, strict=True):
        best = sp.decode(result.hypotheses[0])
        if best != target:
            wrong.append((source, target, best))
        if len(result.scores) > 1:
            gaps.append(result.scores[0] - result.scores[1])
    gaps.sort()
    log(f"corpus reproduced exactly: {len(pairs) - len(wrong)}/{len(pairs)}")
    for source, target, best in wrong[:10]:
        log(f"  differs: {source[:60]!r} → {best[:80]!r} (trained {target[:80]!r})")
    if gaps:
        low, median = gaps[len(gaps) // 20], gaps[len(gaps) // 2]
        log(f"best-vs-second score gap: min {gaps[0]:.3f}, 5th pct {low:.3f}, median {median:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=MODEL_DIR, help="folder with corpus/traps TSVs")
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument("--epochs", type=int, default=150)
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--vocab", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--dequantize", type=Path, help="store an existing int8 package's weights as float32")
    args = parser.parse_args()
    if args.dequantize:
        dequantize_package(args.dequantize)
        return
    build(args.corpus, args.out, args.epochs, args.seed, args.vocab, args.threads)


if __name__ == "__main__":
    main()
