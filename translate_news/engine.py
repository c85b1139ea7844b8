"""Translate sentences with an Argos package's CTranslate2 model and SentencePiece tokenizer.

We call CTranslate2 directly rather than argostranslate.translate: its sentence splitter downloads a
model at first use (fails offline) and it translates one text at a time. Here every segment of a run
is translated in one deduplicated, length-sorted, token-budgeted stream.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from translate_news.models import ModelInfo

# Argos's own decoding settings, so our output matches what Argos users get.
LENGTH_PENALTY = 0.2
DEFAULT_BEAM = 4
# Tokens per CTranslate2 batch. On CPU, small batches decoded in parallel beat big batches with
# multi-threaded matrix products (Transformer-base, beam 4, 2 cores: 2 workers × 1 thread on 256-token
# batches is 1.65× faster than 1 worker × 2 threads, at a third of the memory). GPUs want big batches.
BATCH_TOKENS = 256
GPU_BATCH_TOKENS = 4096


def thread_layout(device: str, threads: int) -> tuple[int, int]:
    """(inter_threads, intra_threads): on CPU one single-threaded worker per thread."""
    return (1, threads) if device == "cuda" else (threads, 1)


def batch_tokens(device: str) -> int:
    return GPU_BATCH_TOKENS if device == "cuda" else BATCH_TOKENS


CHUNK_SENTENCES = 256  # progress granularity; CTranslate2 re-batches inside each chunk


@dataclass(frozen=True)
class EngineOptions:
    beam_size: int = DEFAULT_BEAM
    threads: int = 0  # 0: one per core (never CTranslate2's own 0, which is 35-50x slower here)
    device: str = "cpu"  # cpu, cuda or auto
    compute_type: str = "default"
    max_decoding_length: int = 256


@dataclass(frozen=True)
class Hypothesis:
    text: str
    tokens: tuple[str, ...]
    score: float
    attention: tuple[tuple[float, ...], ...] | None = None


def resolve_threads(threads: int) -> int:
    return threads if threads > 0 else max(1, len(os.sched_getaffinity(0)))


def resolve_device(device: str) -> str:
    import ctranslate2

    if device == "auto":
        return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
    if device == "cuda" and ctranslate2.get_cuda_device_count() == 0:
        from translate_news.errors import InputError

        raise InputError(None, "--device cuda: CTranslate2 sees no CUDA GPU (use --device cpu or auto)")
    return device


class Engine:
    """One loaded model. Loading is the slow part, so a run creates it once, and only if needed."""

    def __init__(self, model: ModelInfo, options: EngineOptions) -> None:
        import ctranslate2
        import sentencepiece

        self.model = model
        self.options = options
        self.device = resolve_device(options.device)
        inter, intra = thread_layout(self.device, resolve_threads(options.threads))
        self.translator = ctranslate2.Translator(
            str(model.path / "model"),
            device=self.device,
            compute_type=options.compute_type,
            inter_threads=inter,
            intra_threads=intra,
        )
        self.tokenizer = sentencepiece.SentencePieceProcessor(
            model_file=str(model.path / "sentencepiece.model")
        )

    def tokenize(self, texts: Sequence[str]) -> list[list[str]]:
        return self.tokenizer.encode(list(texts), out_type=str)

    def detokenize(self, tokens: Sequence[str]) -> str:
        pieces = list(tokens)
        if self.model.target_prefix and pieces and pieces[0] == self.model.target_prefix:
            pieces = pieces[1:]
        return " ".join(self.tokenizer.decode_pieces(pieces).replace("\u2581", " ").split())

    def translate_tokens(
        self,
        batch: Sequence[Sequence[str]],
        *,
        num_hypotheses: int = 1,
        target_prefix: Sequence[Sequence[str] | None] | None = None,
        return_attention: bool = False,
    ) -> list[list[Hypothesis]]:
        """Translate pre-tokenized sentences; returns ``num_hypotheses`` hypotheses per sentence."""
        if not batch:
            return []
        prefix = target_prefix
        if self.model.target_prefix:
            prefix = [[self.model.target_prefix, *(p or [])] for p in (prefix or [None] * len(batch))]
        results = self.translator.translate_batch(
            [list(tokens) for tokens in batch],
            target_prefix=[list(p) if p else None for p in prefix] if prefix else None,
            max_batch_size=batch_tokens(self.device),
            batch_type="tokens",
            beam_size=max(self.options.beam_size, num_hypotheses),
            num_hypotheses=num_hypotheses,
            length_penalty=LENGTH_PENALTY,
            max_decoding_length=self.options.max_decoding_length,
            replace_unknowns=True,
            return_scores=True,
            return_attention=return_attention,
        )
        out = []
        for result in results:
            attentions = result.attention if return_attention else [None] * len(result.hypotheses)
            out.append(
                [
                    Hypothesis(
                        self.detokenize(tokens),
                        tuple(tokens),
                        float(score),
                        tuple(tuple(row) for row in att) if att is not None else None,
                    )
                    for tokens, score, att in zip(result.hypotheses, result.scores, attentions, strict=True)
                ]
            )
        return out

    def score_tokens(self, sources: Sequence[Sequence[str]], targets: Sequence[Sequence[str]]) -> list[float]:
        """Mean log-probability per target token: compares candidates of different lengths fairly."""
        if not sources:
            return []
        results = self.translator.score_batch(
            [list(s) for s in sources],
            [list(t) for t in targets],
            max_batch_size=batch_tokens(self.device),
            batch_type="tokens",
        )
        return [sum(r.log_probs) / max(1, len(r.log_probs)) for r in results]

    def translate_texts(
        self,
        texts: Sequence[str],
        *,
        num_hypotheses: int = 1,
        progress: Callable[[int], None] | None = None,
    ) -> list[list[Hypothesis]]:
        """Translate unique texts, shortest first in chunks so the progress bar moves steadily."""
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        tokens = self.tokenize([texts[i] for i in order])
        results: list[list[Hypothesis]] = [[] for _ in texts]
        for begin in range(0, len(order), CHUNK_SENTENCES):
            chunk = tokens[begin : begin + CHUNK_SENTENCES]
            for index, hyps in zip(
                order[begin : begin + CHUNK_SENTENCES],
                self.translate_tokens(chunk, num_hypotheses=num_hypotheses),
                strict=True,
            ):
                results[index] = hyps
            if progress:
                progress(len(chunk))
        return results
