"""The benchmark's variants, each run by bench/run_bench.py in a child process of its own.

A child process per variant gives each its own peak RSS and a cold start, as a user's run has. Each
child times only its work and writes a JSON result; run_bench.py adds wall time and peak RSS.

usage (run_bench.py does this):
  python bench/variants.py argos   RESULT.json ARTICLES MAX_DECODING_LENGTH
  python bench/variants.py cli     RESULT.json MAX_DECODING_LENGTH -- run ARTICLES -o OUT ...
  python bench/variants.py ceiling RESULT.json ARTICLES MODEL_DIR MAX_DECODING_LENGTH BEAM THREADS DEVICE
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any


def peak_rss_bytes() -> int:
    """This process's own peak RSS (VmHWM).

    Not wait4's ru_maxrss: Linux carries the parent's high-water mark into a child across
    fork/vfork + exec, so a child of a big parent would report at least the parent's peak.
    """
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def _write(result_path: str, result: dict[str, Any]) -> None:
    result["peak_rss_bytes"] = peak_rss_bytes()
    Path(result_path).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


def _bound_translator(max_decoding_length: int, counts: dict[str, Any]) -> None:
    """Make every ctranslate2.Translator built from now on decode at most ``max_decoding_length``.

    Argos passes no max_decoding_length (CTranslate2's default is 256), and a model that never ends
    a sentence would decode 256 tokens each; this keeps Argos's call otherwise untouched.
    argostranslate.translate looks up ``ctranslate2.Translator`` when it loads the model, so
    replacing the attribute reaches it without touching Argos's code.
    """
    import ctranslate2

    class BoundedTranslator(ctranslate2.Translator):
        def translate_batch(self, source, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
            kwargs.setdefault("max_decoding_length", max_decoding_length)
            counts["calls"] += 1
            counts["compute_type"] = self.compute_type
            counts["sentences"] += len(source)
            return super().translate_batch(source, *args, **kwargs)

    ctranslate2.Translator = BoundedTranslator


def baseline_texts(articles: Path) -> list[str]:
    """Each article as Argos users would pass it: its text, one paragraph (or title) per line.

    Front matter, list markers and line wrapping are left out; that only spares Argos work (Argos
    translates every line of its input as a paragraph), so the baseline is, if anything, flattered.
    """
    from translate_news.documents.article import ARTICLE_SUFFIXES
    from translate_news.documents.registry import read_article

    texts = []
    for path in sorted(articles.iterdir()):
        if path.suffix not in ARTICLE_SUFFIXES or path.name.lower() == "readme.md":
            continue
        article = read_article(path)
        lines = [" ".join(article.source[b.start : b.end].split()) for b in article.blocks]
        texts.append("\n".join(line for line in lines if line))
    return texts


def argos(result_path: str, articles: str, max_decoding_length: str) -> None:
    """a. argostranslate.translate.translate(text, "it", "en") per article; settings come from env."""
    texts = baseline_texts(Path(articles))
    counts: dict[str, Any] = {"calls": 0, "sentences": 0, "compute_type": None}
    started = time.perf_counter()
    _bound_translator(int(max_decoding_length), counts)
    from argostranslate import settings
    from argostranslate import translate as argos_translate

    imported = time.perf_counter()
    outputs = [argos_translate.translate(text, "it", "en") for text in texts]  # model loads at the first
    done = time.perf_counter()
    _write(
        result_path,
        {
            "seconds": done - imported,
            "import_seconds": imported - started,
            "mt_sentences": counts["sentences"],
            "translate_batch_calls": counts["calls"],
            "output_chars": sum(len(o) for o in outputs),
            "settings": {
                "beam_size": settings.beam_size,
                "intra_threads": settings.intra_threads,
                "inter_threads": settings.inter_threads,
                "compute_type": f"{settings.compute_type} ({counts['compute_type']})",
                "batch_size": settings.batch_size,
                "device": settings.device,
                "chunk_type": settings.chunk_type.name,
            },
        },
    )


def cli(result_path: str, max_decoding_length: str, *argv: str) -> None:
    """b/c. The real CLI (translate_news.cli.main.main, what ``python -m translate_news`` runs) with ``argv``
    and the decoding bound as ``--max-decoding-length``; only ``run()`` is wrapped, to read its summary.
    This child first re-executes itself under jemalloc where the console script would (allocator.py):
    the benchmark measures the allocator a user's ``run`` gets."""
    import dataclasses
    import importlib

    from translate_news import allocator

    allocator.reexec_preloaded()
    import translate_news.pipeline.runner

    cli_main = importlib.import_module("translate_news.cli.main")  # the package re-exports main()

    args = [a for a in argv if a != "--"] + ["--max-decoding-length", str(int(max_decoding_length))]
    pipeline_run = translate_news.pipeline.runner.run
    captured: dict[str, Any] = {}

    def timed_run(config, reporter=None):  # noqa: ANN001, ANN202
        summary = pipeline_run(config, reporter)
        captured.update(dataclasses.asdict(summary))
        return summary

    translate_news.pipeline.runner.run = timed_run
    if "ray" in args:  # --executor ray: keep what the actors report (per-actor throughput) before close
        from translate_news.pipeline import ray_executor

        close = ray_executor.RayExecutor.close

        def closing(self):  # noqa: ANN001, ANN202
            captured["ray_stats"] = dataclasses.asdict(self.stats)
            close(self)

        ray_executor.RayExecutor.close = closing
    sys.argv = ["translate-news", *args]
    code = 0
    try:
        cli_main.main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    ray_stats = captured.pop("ray_stats", None)
    result = {"seconds": captured.get("seconds"), "summary": captured, "exit": code}
    result["allocator"] = allocator.in_use()
    _write(result_path, {**result, "ray_stats": ray_stats} if ray_stats else result)
    sys.exit(code)


def unique_inputs(articles: Path) -> list[str]:
    """The texts the pipeline sends to MT on a first run: sentences with markup stripped and the text
    inside Markdown spans, unique, in order."""
    import tempfile

    from translate_news.pipeline.runner import list_articles, prepare

    seen: dict[str, None] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for path in list_articles(articles):
            item = prepare(path, None, Path(scratch))
            for text, _spans in item.plain.values():
                seen.setdefault(text, None)
            for phrase in item.phrases:  # Markdown span texts are translated alone too
                seen.setdefault(phrase, None)
    return list(seen)


def ceiling(
    result_path: str,
    articles: str,
    model_dir: str,
    max_decoding_length: str,
    beam: str,
    threads: str,
    device: str,
    layout: str = "ours",
) -> None:
    """d. One translate_batch over the pre-tokenized unique inputs, with our engine's settings.

    ``layout`` "intra" (row d′): one CTranslate2 worker with every thread instead of the engine's
    layout, to show which thread layout is the faster on this machine.

    Only translate_batch is timed: no model load, no tokenization, no reading or writing, one
    hypothesis. No pipeline can translate these inputs faster with this model and these settings.
    """
    import ctranslate2
    import sentencepiece

    from translate_news.mt.engine import LENGTH_PENALTY, batch_tokens, thread_layout
    from translate_news.mt.packages import read_package

    model = read_package(Path(model_dir))
    texts = unique_inputs(Path(articles))
    tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(model.path / "sentencepiece.model"))
    tokens = tokenizer.encode(texts, out_type=str)
    load_started = time.perf_counter()
    translator = ctranslate2.Translator(
        str(model.path / "model"),
        device=device,
        inter_threads=thread_layout(device, int(threads))[0] if layout == "ours" else 1,
        intra_threads=thread_layout(device, int(threads))[1] if layout == "ours" else int(threads),
    )
    started = time.perf_counter()
    results = translator.translate_batch(
        tokens,
        target_prefix=[[model.target_prefix]] * len(tokens) if model.target_prefix else None,
        max_batch_size=batch_tokens(device, int(beam)),
        batch_type="tokens",
        beam_size=int(beam),
        num_hypotheses=1,
        length_penalty=LENGTH_PENALTY,
        max_decoding_length=int(max_decoding_length),
    )
    done = time.perf_counter()
    _write(
        result_path,
        {
            "seconds": done - started,
            "load_seconds": started - load_started,
            "mt_sentences": len(tokens),
            "source_tokens": sum(len(t) for t in tokens),
            "target_tokens": sum(len(r.hypotheses[0]) for r in results),
            "compute_type": translator.compute_type,
            "device": translator.device,
        },
    )


if __name__ == "__main__":
    variants = {"argos": argos, "cli": cli, "ceiling": ceiling}
    variants[sys.argv[1]](*sys.argv[2:])
