"""The pinned demo is the same on every machine: every CPU code path CTranslate2 can take here, 1 and 2
threads, and the other things that differ between machines (locale, time zone, umask, file order, hash
seed). Each variant re-runs the demo in a fresh process and must reproduce the pinned English articles
(tests/package/test_regressions) and every catalog's translations and notes.

Why these variants: the fixture is a real, tiny model, and a near-tie in its beam flips with the
floating-point path. Its int8 matrix products go through oneDNN or MKL, each with its own ISA dispatch
(oneDNN without AVX-512 VNNI is what a CPU without AVX-512 runs), and CTranslate2's own kernels through
``CT2_FORCE_CPU_ISA``. The fixture is trained until its outputs are decisive on all of them
(tools/build_fixture_model.py reports the margins); this test is the proof on the machine it runs on.
The variants and what each produced are printed in the test summary.

A CPU this machine cannot emulate rounds differently again, so the last variants run a copy of the
fixture whose every weight is multiplied by (1 + 0.001·N(0, 1)): thousands of times any float32 kernel
difference. The pins hold there too, so they do not rest on a near-tie.
"""

from __future__ import annotations

import os
import platform
import random
import shutil
import sys
import zipfile
from pathlib import Path

import polib
import pytest
from support import ARTICLES, FIXTURE_MODEL, GLOSSARY, PINNED, ROOT, run_cli

from translate_news.documents.registry import read_article
from translate_news.pipeline.runner import list_articles

VARIANT_RESULTS: list[tuple[str, str]] = []  # (variant, "agrees" or what differed), for the summary


def _cpu_flags() -> set[str]:
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return set()
    for line in text.splitlines():
        if line.startswith(("flags", "Features")):
            return set(line.split(":", 1)[1].split())
    return set()


def _variants() -> list[tuple[str, dict[str, str], int]]:
    """(name, environment, threads): every ISA the CPU allows at 1 and 2 threads, then each GEMM
    backend and backend ISA this CPU can emulate, then the non-CPU differences between machines."""
    flags = _cpu_flags()
    x86 = platform.machine().lower() in {"x86_64", "amd64"}
    isas = ["GENERIC"]
    if x86:
        isas += [
            isa for isa, flag in (("AVX", "avx"), ("AVX2", "avx2"), ("AVX512", "avx512f")) if flag in flags
        ]
    elif "asimd" in flags:
        isas += ["NEON"]
    variants = [(f"isa={isa} threads={t}", {"CT2_FORCE_CPU_ISA": isa}, t) for isa in isas for t in (1, 2)]
    if x86:
        variants += [
            ("gemm=oneDNN", {"CT2_USE_MKL": "0"}, 1),
            ("gemm=MKL", {"CT2_USE_MKL": "1"}, 1),
            # oneDNN's own dispatch: AVX2 without VNNI is a CPU without AVX-512; SSE4.1 an old one.
            ("gemm=oneDNN isa=AVX2 (no VNNI)", {"CT2_USE_MKL": "0", "ONEDNN_MAX_CPU_ISA": "AVX2"}, 2),
            ("gemm=oneDNN isa=SSE41", {"CT2_USE_MKL": "0", "ONEDNN_MAX_CPU_ISA": "SSE41"}, 1),
            ("gemm=MKL isa=AVX2", {"CT2_USE_MKL": "1", "MKL_ENABLE_INSTRUCTIONS": "AVX2"}, 1),
        ]
    variants += [(f"weights x(1+0.001*noise) seed={seed}", {"PERTURB_SEED": str(seed)}, 2) for seed in (1, 2)]
    variants += [
        ("locale=C tz=Pacific/Kiritimati", {"LC_ALL": "C", "LANG": "C", "TZ": "Pacific/Kiritimati"}, 1),
        ("locale=it_IT tz=America/Los_Angeles", {"LANG": "it_IT.UTF-8", "TZ": "America/Los_Angeles"}, 1),
        ("umask=077 shuffled files", {"PYTHONHASHSEED": "4242"}, 1),
    ]
    return variants


def _perturbed_fixture(folder: Path, seed: int) -> Path:
    """The fixture package with its float32 weights perturbed (tools/ct2_model_bin.py)."""
    sys.path.insert(0, str(ROOT / "tools"))
    from build_fixture_model import write_package
    from ct2_model_bin import perturbed, read_model_bin, write_model_bin

    work = folder / "package"
    with zipfile.ZipFile(FIXTURE_MODEL) as archive:
        archive.extractall(work)
    (model_bin,) = work.glob("*/model/model.bin")
    model = perturbed(read_model_bin(model_bin.read_bytes()), relative=1e-3, seed=seed)
    model_bin.write_bytes(write_model_bin(model))
    return write_package(work, folder / FIXTURE_MODEL.name)


def _pinned_english(article_path: Path) -> tuple[str, str]:
    """The English article's file name in the output, and its pinned text (test_regressions.py)."""
    article = read_article(article_path)
    pinned = PINNED / f"test_final_english_{article_path.stem.replace('-', '_')}_.{article.format}"
    return f"{article.slug}.en.{article.format}", pinned.read_text(encoding="utf-8")


def _translations(out: Path) -> dict[tuple[str, str], tuple[str, str, bool]]:
    found = {}
    for po_path in sorted(out.glob("*/*.en.po")):
        for entry in polib.pofile(str(po_path)):
            found[(po_path.parent.name, entry.msgid)] = (entry.msgstr, entry.comment, entry.fuzzy)
    return found


@pytest.fixture(scope="module")
def reference(demo_output: Path) -> dict[tuple[str, str], tuple[str, str, bool]]:
    return _translations(demo_output)


@pytest.mark.parametrize("name, env, threads", _variants(), ids=[v[0] for v in _variants()])
def test_demo_is_the_same_on_this_variant(
    name: str, env: dict[str, str], threads: int, reference: dict, tmp_path: Path
) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    samples = list_articles(ARTICLES)
    if "shuffled" in name:
        # Another file system lists a folder in another order: create the files in a shuffled order.
        random.Random(7).shuffle(samples)
    for sample in samples:
        shutil.copy(sample, articles / sample.name)
    out = tmp_path / "out"
    model = FIXTURE_MODEL
    if "PERTURB_SEED" in env:
        model = _perturbed_fixture(tmp_path / "model", int(env["PERTURB_SEED"]))
        # A --model archive is unpacked once per content digest: a cache of its own shows it was loaded.
        env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    old_umask = os.umask(0o077) if "umask" in name else None
    try:
        result = run_cli(
            "run", articles, "--output", out, "--model", model, "--glossary", GLOSSARY,
            "--threads", str(threads), cwd=tmp_path, env=env,
        )  # fmt: skip
    finally:
        if old_umask is not None:
            os.umask(old_umask)
    assert result.returncode == 0, result.stderr
    if model != FIXTURE_MODEL:
        with zipfile.ZipFile(FIXTURE_MODEL) as archive:
            original = archive.read("translate-it_en-fixture/model/model.bin")
        loaded = [p.read_bytes() for p in (tmp_path / "cache").rglob("model.bin")]
        assert loaded and original not in loaded, "the perturbed copy was not the model loaded"
    differences = []
    for sample in samples:
        slug = read_article(sample).slug
        english_name, pinned = _pinned_english(sample)
        if (out / slug / english_name).read_text(encoding="utf-8") != pinned:
            differences.append(english_name)
    produced = _translations(out)
    differences += [
        f"{slug}: {msgid[:50]!r}"
        for (slug, msgid), value in produced.items()
        if reference.get((slug, msgid)) != value
    ]
    if set(produced) != set(reference):
        differences.append(f"{len(set(produced) ^ set(reference))} entries only on one side")
    VARIANT_RESULTS.append((name, "agrees" if not differences else "DIFFERS: " + "; ".join(differences[:4])))
    assert not differences, f"{name}: {differences}"
