"""Translate sentences with an Argos package's CTranslate2 model and SentencePiece tokenizer.

We call CTranslate2 directly rather than argostranslate.translate: its sentence splitter downloads a
model at first use (fails offline) and it translates one text at a time. Here every segment of a run
is translated in one deduplicated, length-sorted, token-budgeted stream.
"""

from __future__ import annotations

import json
import os
import struct
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from translate_news import defaults
from translate_news.errors import InputError
from translate_news.mt.packages import ModelInfo

# Argos's own decoding settings, so our output matches what Argos users get.
LENGTH_PENALTY = 0.2
# Tokens per CTranslate2 batch. On CPU, small batches decoded in parallel beat big batches with
# multi-threaded matrix products (Transformer-base, beam 4, 2 cores: 2 workers × 1 thread on 256-token
# batches is 1.65× faster than 1 worker × 2 threads, at a third of the memory). GPUs want big batches.
BATCH_TOKENS = 256
GPU_BATCH_TOKENS = 4096


def thread_layout(device: str, threads: int) -> tuple[int, int]:
    """(inter_threads, intra_threads): on CPU one single-threaded worker per thread."""
    return (1, threads) if device == "cuda" else (threads, 1)


def batch_tokens(device: str, beam: int = defaults.BEAM_SIZE) -> int:
    """Source tokens per batch for a decode with ``beam``: the sizes above are for the default beam, and
    a batch keeps about as many decoder rows (sentences × beam) whatever the beam, so a greedy decode
    (repair's continuations) takes four times the sentences; on 2 cores a 1,024-token greedy batch
    finishes forced prefixes about 1.9× faster than a 256-token one (bench/README.md)."""
    base = GPU_BATCH_TOKENS if device == "cuda" else BATCH_TOKENS
    return max(32, base * defaults.BEAM_SIZE // max(1, beam))


# CTranslate2's compute types (ctranslate2.get_supported_compute_types lists what a device runs fast).
DEVICES = ("cpu", "cuda", "auto")  # the CLI's --device choices; auto: CUDA when CTranslate2 sees a GPU
COMPUTE_TYPES = (
    "default",
    "auto",
    "int8",
    "int8_float32",
    "int8_float16",
    "int8_bfloat16",
    "int16",
    "float16",
    "bfloat16",
    "float32",
)


@dataclass(frozen=True)
class EngineOptions:
    beam_size: int = defaults.BEAM_SIZE
    threads: int = defaults.THREADS  # 0: one per core (never CTranslate2's own 0)
    device: str = defaults.DEVICE  # cpu, cuda or auto
    compute_type: str = defaults.COMPUTE_TYPE
    max_decoding_length: int = defaults.MAX_DECODING_LENGTH


@dataclass(frozen=True)
class Hypothesis:
    text: str
    tokens: tuple[str, ...]
    score: float
    attention: tuple[tuple[float, ...], ...] | None = None


def check_compute_type(compute_type: str) -> None:
    """Refuse a misspelt ``--compute-type`` before any work, without importing CTranslate2."""
    if compute_type not in COMPUTE_TYPES:
        raise InputError(
            None, f"--compute-type {compute_type}: unknown; use one of {', '.join(COMPUTE_TYPES)}"
        )


def position_limit(model_dir: Path) -> int | None:
    """The most positions the model can encode, from ``model.bin``'s stored position encodings.

    A longer source makes CTranslate2 fail for the whole batch, so over-long sentences are split
    first. Reads only the variable headers (seeking past the weights); None when there is no table
    (positions computed on the fly) or the file is in a layout we do not know.
    """
    limits = []
    try:
        with open(model_dir / "model.bin", "rb") as handle:
            version, _name = _read(handle, "<I")[0], _read_string(handle)
            if version < 5:
                return None
            _read(handle, "<I")  # revision
            for _ in range(_read(handle, "<I")[0]):
                name = _read_string(handle)
                dims = _read(handle, f"<{_read(handle, '<B')[0]}I")
                _dtype, size = _read(handle, "<BI")
                handle.seek(size, os.SEEK_CUR)
                if name.endswith("position_encodings/encodings") and dims:
                    limits.append(dims[0])
    except (OSError, struct.error, UnicodeDecodeError):
        return None
    return min(limits) if limits else None


def _read(handle, fmt: str) -> tuple[int, ...]:  # noqa: ANN001
    return struct.unpack(fmt, handle.read(struct.calcsize(fmt)))


def _read_string(handle) -> str:  # noqa: ANN001
    (length,) = _read(handle, "<H")
    return handle.read(length)[:-1].decode("utf-8")


def _special_source_tokens(model_dir: Path) -> int:
    """Tokens CTranslate2 adds to every source (``add_source_bos``/``add_source_eos`` in config.json)."""
    try:
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 2
    if not isinstance(config, dict):
        return 2
    return int(bool(config.get("add_source_bos"))) + int(bool(config.get("add_source_eos")))


def load_tokenizer(model: ModelInfo):  # noqa: ANN201 - sentencepiece is imported lazily
    import sentencepiece

    path = model.path / "sentencepiece.model"
    try:
        return sentencepiece.SentencePieceProcessor(model_file=str(path))
    except (RuntimeError, OSError) as exc:
        raise InputError(path, f"cannot load the SentencePiece model: {_first_line(exc)}") from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class SourceBudget:
    """How many SentencePiece tokens one MT input may have, and a counter for them.

    Half the position limit: the translation shares the same table, and English output can be
    longer than its source. Only a text that might exceed the budget is tokenized (and the
    tokenizer loaded), so a run of normal sentences never pays for this.
    """

    def __init__(self, model: ModelInfo, tokenizer=None) -> None:  # noqa: ANN001
        model_dir = model.path / "model"
        limit = position_limit(model_dir)
        self.limit = limit
        self.tokens = None if limit is None else max(1, limit // 2 - _special_source_tokens(model_dir))
        self._model = model
        self._tokenizer = tokenizer

    def might_exceed(self, text: str) -> bool:
        """False only when ``text`` surely fits: each piece covers at least one byte of the
        NFKC-normalised text (SentencePiece's normalisation), plus one for the word marker."""
        if self.tokens is None:
            return False
        return len(unicodedata.normalize("NFKC", text).encode("utf-8")) + 1 > self.tokens

    def count(self, text: str) -> int:
        if self._tokenizer is None:
            self._tokenizer = load_tokenizer(self._model)
        return len(self._tokenizer.encode(text, out_type=str))


def resolve_threads(threads: int) -> int:
    return threads if threads > 0 else max(1, len(os.sched_getaffinity(0)))


def resolve_device(device: str) -> str:
    import ctranslate2

    if device == "auto":
        return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
    if device == "cuda" and ctranslate2.get_cuda_device_count() == 0:
        raise InputError(None, "--device cuda: CTranslate2 sees no CUDA GPU (use --device cpu or auto)")
    return device


def _load_translator(model_dir: Path, device: str, options: EngineOptions):  # noqa: ANN202
    """The CTranslate2 model; a bad option or a corrupt file becomes one line naming it."""
    import ctranslate2

    inter, intra = thread_layout(device, resolve_threads(options.threads))
    try:
        return ctranslate2.Translator(
            str(model_dir),
            device=device,
            compute_type=options.compute_type,
            inter_threads=inter,
            intra_threads=intra,
        )
    except ValueError as exc:
        if "compute type" in str(exc):
            raise InputError(None, f"--compute-type {options.compute_type}: {_first_line(exc)}") from None
        raise InputError(_culprit(model_dir, exc), f"cannot load the model: {_first_line(exc)}") from None
    except (RuntimeError, OSError) as exc:
        if device == "cuda" and "cuda" in str(exc).lower():
            raise InputError(None, f"--device {device}: {_first_line(exc)}") from None
        raise InputError(_culprit(model_dir, exc), f"cannot load the model: {_first_line(exc)}") from None


def _culprit(model_dir: Path, exc: BaseException) -> Path:
    """The file a CTranslate2 load error is about: its messages do not always say."""
    for path in sorted(model_dir.glob("*.json")):
        try:
            json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return path
    message = str(exc)
    if "model.bin" in message or "Variable" in message or not (model_dir / "model.bin").is_file():
        return model_dir / "model.bin"
    return model_dir


class Engine:
    """One loaded model. Loading is the slow part, so a run creates it once, and only if needed."""

    def __init__(self, model: ModelInfo, options: EngineOptions) -> None:
        check_compute_type(options.compute_type)
        self.model = model
        self.options = options
        self.device = resolve_device(options.device)
        self.tokenizer = load_tokenizer(model)
        self.translator = _load_translator(model.path / "model", self.device, options)
        self.budget = SourceBudget(model, self.tokenizer)
        # The decoder shares the position table: decoding past it fails the whole batch.
        self.max_decoding_length = min(options.max_decoding_length, self.budget.limit or 1 << 30)

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
        greedy: bool = False,
    ) -> list[list[Hypothesis]]:
        """Translate pre-tokenized sentences; returns ``num_hypotheses`` hypotheses per sentence, at
        most the beam (``options.beam_size``, the one place a run's beam is kept; ``greedy`` decodes
        this call with a beam of one). ``return_attention`` attaches the attention of each sentence's
        top hypothesis (all repair reads), not the others'."""
        beam = 1 if greedy else self.options.beam_size
        if num_hypotheses > beam:
            raise ValueError(f"{num_hypotheses} hypotheses asked of a beam of {beam}")
        if not batch:
            return []
        prefix = target_prefix
        if self.model.target_prefix:
            prefix = [[self.model.target_prefix, *(p or [])] for p in (prefix or [None] * len(batch))]
        results = self.translator.translate_batch(
            [list(tokens) for tokens in batch],
            target_prefix=[list(p) if p else None for p in prefix] if prefix else None,
            max_batch_size=batch_tokens(self.device, beam),
            batch_type="tokens",
            beam_size=beam,
            num_hypotheses=num_hypotheses,
            length_penalty=LENGTH_PENALTY,
            max_decoding_length=self.max_decoding_length,
            replace_unknowns=True,
            return_scores=True,
            return_attention=return_attention,
        )
        out = []
        for result in results:
            attentions: list[list[list[float]] | None] = [None] * len(result.hypotheses)
            if return_attention and attentions:
                attentions[0] = result.attention[0]
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
        return [sum(lp) / max(1, len(lp)) for lp in self.token_log_probs(sources, targets)]

    def token_log_probs(
        self, sources: Sequence[Sequence[str]], targets: Sequence[Sequence[str]]
    ) -> list[list[float]]:
        """Each target token's log-probability given the source and the tokens before it, then the end
        token's: one forward pass, no decoding (repair ranks forced prefixes with it)."""
        if not sources:
            return []
        # A draft decoded to the full table plus the decoder's start token would overrun it and fail
        # the whole batch (and the run): a candidate that long is scored on the part the table holds.
        most = (self.budget.limit or 1 << 30) - 1
        results = self.translator.score_batch(
            [list(s) for s in sources],
            [list(t)[:most] for t in targets],
            max_batch_size=batch_tokens(self.device),
            batch_type="tokens",
        )
        return [list(r.log_probs) for r in results]
