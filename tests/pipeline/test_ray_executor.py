"""The Ray executor on a local Ray cluster this module starts: same bytes as the local executor."""

from __future__ import annotations

import csv
import os
import pickle
import re
import socket
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from support import ARTICLES, FIXTURE_CORPUS, FIXTURE_MODEL, GLOSSARY, ROOT, run_cli

from translate_news.documents.registry import read_article
from translate_news.errors import InputError
from translate_news.fileio import LOCK_NAME
from translate_news.glossary.match import build_matcher, find_hits
from translate_news.glossary.model import load_glossary
from translate_news.layout import RUN_RECORD
from translate_news.mt.engine import EngineOptions
from translate_news.mt.packages import resolve_model
from translate_news.pipeline.executor import ExecutorSettings, LocalExecutor, TranslateJob

ray = pytest.importorskip("ray", reason="Ray is not installed: pip install -e '.[ray]' (CI installs it)")

from translate_news.pipeline.ray_executor import RayExecutor, translation_batches  # noqa: E402

CORPUS = FIXTURE_CORPUS
DATED = ("Creation-Date", "Revision-Date")  # a run's clock, in PO headers


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """A two-CPU Ray cluster on this machine, shared by the module's tests; its address."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    try:
        yield ray.get_runtime_context().gcs_address
    finally:
        ray.shutdown()


def corpus_sources() -> list[str]:
    with CORPUS.open(encoding="utf-8", newline="") as handle:
        return [row["source"] for row in csv.DictReader(handle, delimiter="\t")]


def output_bytes(folder: Path) -> dict[str, bytes]:
    """Every output file's bytes, but for the lines that carry the run's date."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name not in (LOCK_NAME, RUN_RECORD) and ".sqlite" not in path.name:
            lines = path.read_bytes().splitlines(keepends=True)
            out[path.relative_to(folder).as_posix()] = b"".join(
                line for line in lines if not any(d.encode() in line for d in DATED)
            )
    return out


def make_archive(folder: Path) -> Path:
    """More unique sentences than one MT batch holds: the run cuts several batches, and the two actors
    each translate some. The fixture model knows only its corpus, so these are its sentences, each
    said again with a number of its own (the model's English for those is whatever it decodes)."""
    folder.mkdir()
    sources = corpus_sources()
    for number in range(3):
        body = "\n\n".join(f"{s} ({number + 1} di 3)" if number else s for s in sources)
        (folder / f"raccolta-{number + 1}.txt").write_text(
            f"Raccolta {number + 1}\n\n{body}\n", encoding="utf-8"
        )
    return folder


def test_batches_are_the_ones_translate_enforced_cuts() -> None:
    sources = ["ccc", "a", "bb", "d", "eeee"]
    assert translation_batches(sources, 2) == [[1, 3], [2, 0], [4]]
    assert translation_batches([], 2) == []


def test_translate_job_pickles_with_its_glossary() -> None:
    glossary = load_glossary(GLOSSARY)
    job = TranslateJob(resolve_model(FIXTURE_MODEL), EngineOptions(threads=1), glossary)
    copy = pickle.loads(pickle.dumps(job))
    assert copy == job
    assert copy.glossary is not None and copy.glossary.version == glossary.version
    assert dict(copy.glossary.by_id) == dict(glossary.by_id)


def test_small_batches_on_two_actors_translate_as_one_process(cluster: str) -> None:
    """Many small batches, repaired per batch, give the fixture model's one-process translations:
    for this model, batch composition does not change a draft. Two actors of the node's two CPUs
    do not both fit: the batches go to the one that starts, none waits on the other."""
    glossary = load_glossary(GLOSSARY)
    matcher = build_matcher(glossary)
    sources = corpus_sources()
    hits = [tuple(find_hits(matcher, s)) for s in sources]
    assert sum(bool(h) for h in hits) > 10  # enforcement and repair are exercised
    job = TranslateJob(resolve_model(FIXTURE_MODEL), EngineOptions(threads=1), glossary)
    local = LocalExecutor().translate(job, sources, hits, None, None)
    stored: list[str] = []
    ticks: list[int] = []
    executor = RayExecutor(ExecutorSettings("ray", actors=2), chunk=16)
    try:
        remote = executor.translate(
            job, sources, hits, ticks.append, lambda done: stored.extend(t.source for t in done)
        )
    finally:
        executor.close()
    assert remote == local
    assert sorted(stored) == sorted(sources)  # each translation reaches the driver's writer once
    assert sum(ticks) == len(sources) and len(ticks) == len(translation_batches(sources, 16))
    assert ray.is_initialized()  # a cluster the executor joined is left running


def test_later_calls_reuse_the_actors_with_the_call_s_glossary(cluster: str) -> None:
    """Each chunk is a translate call with a glossary of its own (the run's plus its name terms): the
    actors loaded for the first call translate the second, enforcing the second call's glossary."""
    glossary = load_glossary(GLOSSARY)
    matcher = build_matcher(glossary)
    sources = corpus_sources()
    hits = [tuple(find_hits(matcher, s)) for s in sources]
    model = resolve_model(FIXTURE_MODEL)
    enforced = TranslateJob(model, EngineOptions(threads=1), glossary)
    plain = replace(enforced, glossary=None)
    no_hits = [()] * len(sources)
    local = LocalExecutor()
    expected = [
        local.translate(enforced, sources, hits, None, None),
        local.translate(plain, sources, no_hits, None, None),
    ]
    assert expected[0] != expected[1]  # the glossary changes drafts, so a stale one on an actor shows
    executor = RayExecutor(ExecutorSettings("ray", actors=2, cpus_per_actor=1), chunk=64)
    try:
        got = [executor.translate(enforced, sources, hits, None, None)]
        got.append(executor.translate(plain, sources, no_hits, None, None))
    finally:
        executor.close()
    assert got == expected
    assert executor.stats.models_loaded == executor.stats.actors == 2
    assert executor.stats.batches == 2 * len(translation_batches(sources, 64))


def test_a_chunked_run_loads_the_model_once_per_actor(
    cluster: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Five chunks, one actor (the node's two CPUs), one model load; the local executor's bytes."""
    from translate_news.pipeline import runner

    opened: list[RayExecutor] = []
    monkeypatch.setattr(
        runner, "open_executor", lambda settings: opened.append(RayExecutor(settings)) or opened[-1]
    )
    common = ["--model", FIXTURE_MODEL, "--glossary", GLOSSARY, "--threads", "1", "--chunk-size", "2", "-q"]
    local = run_cli("run", ARTICLES, "--output", tmp_path / "local", *common)
    assert local.returncode == 0, local.stderr
    config = runner.RunConfig(
        ARTICLES,
        tmp_path / "ray",
        GLOSSARY,
        FIXTURE_MODEL,
        EngineOptions(threads=1),
        chunk_size=2,
        executor=ExecutorSettings("ray"),
    )
    summary = runner.run(config)
    assert summary.chunks == 5 and summary.translated > 0
    [executor] = opened
    assert executor.stats.models_loaded == executor.stats.actors == 1
    assert executor.stats.batches >= 5  # at least one per chunk, all on the one actor
    expected, got = output_bytes(tmp_path / "local"), output_bytes(tmp_path / "ray")
    assert got.keys() == expected.keys()
    assert [name for name in expected if got[name] != expected[name]] == []


def test_the_device_is_resolved_where_the_actors_run(cluster: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """``--device auto`` means the actors' GPU: a driver that sees one (faked here) does not make the
    actors' drafts, decoded on CPU, look like CUDA drafts in the MT cache; ``cuda`` needs GPUs for them."""
    import ctranslate2

    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: 1)
    assert LocalExecutor().device(EngineOptions(device="auto")) == "cuda"
    executor = RayExecutor(ExecutorSettings("ray"))
    try:
        assert executor.device(EngineOptions(device="auto")) == "cpu"  # no GPU reserved, none seen
        assert executor.device(EngineOptions(device="cpu")) == "cpu"
        with pytest.raises(
            InputError, match=r"^--device cuda with --executor ray needs --ray-gpus-per-actor$"
        ):
            executor.device(EngineOptions(device="cuda"))
    finally:
        executor.close()


# Ray started by the run, in a process of its own (this module's tests share a cluster already up).
WORKERS_ALLOCATOR = """
import sys
from translate_news.allocator import in_use
from translate_news.pipeline.executor import ExecutorSettings
from translate_news.pipeline.ray_executor import RayExecutor

variables = (("LD_PRELOAD", sys.argv[1]), ("MALLOC_CONF", "oversize_threshold:0"))
executor = RayExecutor(ExecutorSettings("ray", worker_environment=variables))
try:
    print(sorted(set(executor.map_ordered(lambda _: in_use(), range(8)))))
finally:
    executor.close()
"""


def test_workers_of_a_ray_started_here_run_on_the_drivers_jemalloc() -> None:
    """The driver's jemalloc (translate_news/allocator.py) reaches the workers that do the run's work."""
    from translate_news import allocator

    library = allocator._installed_jemalloc()
    if library is None and not os.environ.get("CI"):  # CI installs libjemalloc2 (.ci/run)
        pytest.skip("no libjemalloc.so.2 on this machine")
    assert library is not None
    done = subprocess.run(
        [sys.executable, "-c", WORKERS_ALLOCATOR, str(library)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "RAY_ADDRESS": ""},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "['jemalloc']"


def test_gpus_this_machine_lacks_are_refused_not_waited_for(tmp_path: Path) -> None:
    """Ray started here has the GPUs it found; an actor asking for one more would wait forever."""
    import ctranslate2

    if ctranslate2.get_cuda_device_count():
        pytest.skip("this machine has a GPU")
    result = run_cli(
        "run",
        ARTICLES,
        "--output",
        tmp_path / "out",
        "--model",
        FIXTURE_MODEL,
        "--executor",
        "ray",
        "--device",
        "cuda",
        "--ray-gpus-per-actor",
        "1",
        env={"RAY_ADDRESS": ""},  # Ray started here, whatever the shell says
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "translate-news: error: --ray-gpus-per-actor 1: Ray on this machine has 0 GPUs"
    ]


def test_map_ordered_keeps_order_and_raises_the_task_error(cluster: str, tmp_path: Path) -> None:
    """Tasks run on the cluster's workers (project functions, builtins); a bad article's InputError
    reaches the driver as itself, naming the file."""
    bad = tmp_path / "rotto.md"
    bad.write_bytes(b"---\ntitle: [\n---\nTesto.\xff\n")
    executor = RayExecutor(ExecutorSettings("ray"))
    try:
        assert list(executor.map_ordered(abs, range(-40, 0))) == list(range(40, 0, -1))
        good = sorted(ARTICLES.glob("*.md"))[:2]
        articles = list(executor.map_ordered(read_article, good))
        assert articles == [read_article(path) for path in good]
        with pytest.raises(InputError) as raised:
            list(executor.map_ordered(read_article, [good[0], bad, good[1]]))
        assert str(raised.value) == str(_local_error(bad))
    finally:
        executor.close()


def _local_error(path: Path) -> InputError:
    with pytest.raises(InputError) as raised:
        read_article(path)
    return raised.value


@pytest.mark.parametrize("articles", ["demo", "archive"])
def test_run_on_ray_writes_the_local_bytes(cluster: str, tmp_path: Path, articles: str) -> None:
    """PO, TSV, XLIFF, TMX and English files: the same bytes from both executors (dates aside)."""
    folder = ARTICLES if articles == "demo" else make_archive(tmp_path / "articles")
    common = ["--model", FIXTURE_MODEL, "--glossary", GLOSSARY, "--threads", "1", "-q"]
    local = run_cli("run", folder, "--output", tmp_path / "local", *common)
    assert local.returncode == 0, local.stderr
    remote = run_cli(
        "run", folder, "--output", tmp_path / "ray", *common, "--executor", "ray", "--ray-address", cluster
    )
    assert remote.returncode == 0, remote.stderr
    expected, got = output_bytes(tmp_path / "local"), output_bytes(tmp_path / "ray")
    assert {Path(name).suffix for name in expected} >= {".po", ".tsv", ".xlf", ".tmx", ".txt"}
    assert got.keys() == expected.keys()
    assert [name for name in expected if got[name] != expected[name]] == []


def test_a_bad_article_on_ray_costs_only_itself(cluster: str, tmp_path: Path) -> None:
    """Prepared in a Ray task, a bad article comes back as its one-line error, as in a local run; the
    others are written with the local bytes."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for path in sorted(ARTICLES.glob("*.md"))[:2]:
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "rotto.md").write_bytes(b"---\ntitle: [\n---\nTesto.\xff\n")
    common = ["--model", FIXTURE_MODEL, "--glossary", GLOSSARY, "--threads", "1", "-q"]
    local = run_cli("run", folder, "--output", tmp_path / "local", *common)
    remote = run_cli(
        "run", folder, "--output", tmp_path / "ray", *common, "--executor", "ray", "--ray-address", cluster
    )
    assert remote.returncode == local.returncode == 3
    errors = [line for line in remote.stderr.splitlines() if line.startswith("translate-news:")]
    assert [line.replace("/ray", "/local") for line in errors] == local.stderr.splitlines()
    assert "rotto.md" in remote.stderr and "Traceback" not in remote.stderr
    assert output_bytes(tmp_path / "ray") == output_bytes(tmp_path / "local")


def test_prepare_and_write_run_as_ray_tasks(
    cluster: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The driver hands reading and writing to the executor: with Ray they are tasks on the cluster."""
    from translate_news.pipeline.runner import RunConfig, run

    tasks: list[str] = []
    real = RayExecutor.map_ordered

    def recording(self: RayExecutor, task, items):  # type: ignore[no-untyped-def]
        tasks.append(task.func.__name__)
        return real(self, task, items)

    monkeypatch.setattr(RayExecutor, "map_ordered", recording)
    config = RunConfig(
        ARTICLES, tmp_path / "out", GLOSSARY, FIXTURE_MODEL, executor=ExecutorSettings("ray", address=cluster)
    )
    summary = run(config)
    assert summary.articles == len(list(ARTICLES.glob("*.*"))) - 1 and summary.failed == 0  # README.md
    assert tasks == ["_prepare_task", "_write_task"]


def test_ray_stays_off_the_cli_import_path() -> None:
    code = "import sys, translate_news.cli.main, translate_news.pipeline.runner; print('ray' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "False"


def test_gpus_per_actor_without_a_gpu_device_is_refused(tmp_path: Path) -> None:
    result = run_cli(
        "run", ARTICLES, "--output", tmp_path / "out", "--executor", "ray", "--ray-gpus-per-actor", "1"
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "translate-news: error: --ray-gpus-per-actor needs --device cuda (or auto)"
    ]


def test_without_ray_installed_the_run_stops_before_any_work(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A machine without the extra gets one line naming it, before the output folder is touched."""
    import importlib.util

    from translate_news.pipeline.runner import RunConfig, run

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "ray" else real(name, *a)
    )
    config = RunConfig(ARTICLES, tmp_path / "out", None, FIXTURE_MODEL, executor=ExecutorSettings("ray"))
    with pytest.raises(InputError, match=r"^--executor ray needs Ray: pip install 'translate-news\[ray\]'$"):
        run(config)
    assert not (tmp_path / "out").exists()


def test_a_model_an_actor_cannot_load_is_one_line(cluster: str, tmp_path: Path) -> None:
    """The driver reads the package; the actor loads the weights: its InputError reaches the CLI as one
    line and exit code 2, not Ray's traceback."""
    with zipfile.ZipFile(FIXTURE_MODEL) as archive:
        archive.extractall(tmp_path / "unpacked")
    package = next((tmp_path / "unpacked").iterdir())
    weights = package / "model" / "model.bin"
    weights.write_bytes(weights.read_bytes()[:1000])
    result = run_cli(
        "run",
        ARTICLES,
        "--output",
        tmp_path / "out",
        "--model",
        package,
        "--no-glossary",
        "--executor",
        "ray",
        "--ray-address",
        cluster,
    )
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("translate-news: error:")]
    assert errors and "cannot load the model" in errors[0]
    assert "Traceback" not in result.stderr


def test_a_catalog_saved_while_a_ray_run_translates_is_merged_not_overwritten(
    cluster: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The write task on the cluster finds the reviewer's save and returns ``FileChanged``; the driver
    reads their catalog again and merges into it, as in a local run."""
    import polib

    from translate_news.pipeline import runner
    from translate_news.pipeline.runner import RunConfig, run
    from translate_news.review.catalog import catalog_text

    folder = tmp_path / "articles"
    folder.mkdir()
    first, second = "La sala prove riapre domani.", "Il coro cerca nuove voci per l'inverno."
    article = folder / "coro.txt"
    article.write_text(f"{first}\n", encoding="utf-8")
    config = RunConfig(
        folder, tmp_path / "out", None, FIXTURE_MODEL, executor=ExecutorSettings("ray", address=cluster)
    )
    run(config)
    article.write_text(f"{first}\n\n{second}\n", encoding="utf-8")
    po_path = tmp_path / "out" / "coro" / "coro.en.po"
    reviewed = "The rehearsal room reopens tomorrow."
    real = runner.machine_translations

    def translating(*args: object, **kwargs: object) -> object:
        po = polib.pofile(str(po_path))
        entry = next(e for e in po if e.msgid == first)
        if entry.msgstr != reviewed:
            entry.msgstr, entry.flags = reviewed, []
            po_path.write_bytes(catalog_text(po).encode("utf-8"))
        return real(*args, **kwargs)

    monkeypatch.setattr(runner, "machine_translations", translating)
    summary = run(config)
    assert summary.failed == 0, summary.errors
    entries = {e.msgid: e for e in polib.pofile(str(po_path))}
    assert (entries[first].msgstr, entries[first].flags) == (reviewed, [])
    assert second in entries


def run_bounded(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The CLI in a child process that must end by itself: Ray's own connection retries ran ten minutes."""
    return subprocess.run(
        [sys.executable, "-m", "translate_news", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=90,
        env={**os.environ, "RAY_ADDRESS": ""},
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_address_nothing_listens_at_is_one_line(tmp_path: Path) -> None:
    port = free_port()
    result = run_bounded(
        "run", ARTICLES, "-o", tmp_path / "out", "--model", FIXTURE_MODEL, "--executor", "ray",
        "--ray-address", f"127.0.0.1:{port}", "-q",
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"translate-news: error: --ray-address 127.0.0.1:{port}: cannot connect (Connection refused)"
    ]


def test_an_address_that_never_answers_as_ray_times_out(tmp_path: Path) -> None:
    """A server that accepts the connection and says nothing: Ray would wait for it for minutes."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(64)
        port = server.getsockname()[1]
        result = run_bounded(
            "run", ARTICLES, "-o", tmp_path / "out", "--model", FIXTURE_MODEL, "--executor", "ray",
            "--ray-address", f"127.0.0.1:{port}", "--ray-timeout", "2", "-q",
        )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"translate-news: error: --executor ray: Ray on 127.0.0.1:{port} did not answer"
        " within --ray-timeout 2 s"
    ]


def test_more_cpus_per_actor_than_ray_has_is_refused(tmp_path: Path) -> None:
    """The actor could never be placed, so it would wait for ever: refused before any MT."""
    result = run_bounded(
        "run", ARTICLES, "-o", tmp_path / "out", "--model", FIXTURE_MODEL, "--executor", "ray",
        "--ray-cpus-per-actor", "256", "-q",
    )  # fmt: skip
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert re.fullmatch(
        r"translate-news: error: --ray-cpus-per-actor 256: Ray on this machine has \d+ CPUs", line
    )


def test_a_translator_the_cluster_has_no_room_for_times_out(cluster: str) -> None:
    """Every CPU held by someone else: the first translator never starts, and the call says so."""

    @ray.remote(num_cpus=2)
    class Holder:
        def ready(self) -> bool:
            return True

    holder = Holder.remote()
    ray.get(holder.ready.remote())
    job = TranslateJob(resolve_model(FIXTURE_MODEL), EngineOptions(threads=1, beam_size=1), None)
    executor = RayExecutor(ExecutorSettings("ray", cpus_per_actor=1, timeout=2))
    try:
        with pytest.raises(InputError, match=r"no translator actor \(1 CPUs each\) started in 2 s"):
            executor.translate(job, ["Una frase breve."], [()], None, None)
    finally:
        executor.close()
        ray.kill(holder)


def doomed_translators(marker: Path, every: bool) -> type:
    """``_Translator`` whose process exits in every ``translate`` call, as if its node were lost: the
    first actor to start only (its id claims ``marker``, and a restart keeps the id), or every actor."""
    from translate_news.pipeline.ray_executor import _Translator

    class Doomed(_Translator):
        def __init__(self, *args: object) -> None:
            super().__init__(*args)  # type: ignore[arg-type]
            me = ray.get_runtime_context().get_actor_id()
            try:
                with marker.open("x") as claim:
                    claim.write(me)
            except FileExistsError:
                pass
            self.doomed = every or marker.read_text() == me

        def translate(self, *args: object) -> object:
            if self.doomed:
                os._exit(1)
            return super().translate(*args)  # type: ignore[arg-type]

    return Doomed


def test_a_batch_whose_actor_dies_is_translated_by_another(
    cluster: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One of two actors dies in every batch it is given (restarted by Ray, then given up): each of its
    batches goes back to the queue and the other actor translates it, once; the one-process drafts."""
    from translate_news.pipeline import ray_executor

    monkeypatch.setattr(ray_executor, "_Translator", doomed_translators(tmp_path / "doomed", every=False))
    glossary = load_glossary(GLOSSARY)
    matcher = build_matcher(glossary)
    sources = corpus_sources()
    hits = [tuple(find_hits(matcher, s)) for s in sources]
    job = TranslateJob(resolve_model(FIXTURE_MODEL), EngineOptions(threads=1), glossary)
    local = LocalExecutor().translate(job, sources, hits, None, None)
    stored: list[str] = []
    executor = RayExecutor(ExecutorSettings("ray", actors=2, cpus_per_actor=1), chunk=16)
    try:
        remote = executor.translate(
            job, sources, hits, None, lambda done: stored.extend(t.source for t in done)
        )
    finally:
        executor.close()
    assert remote == local
    assert sorted(stored) == sorted(sources)  # each batch reaches the driver's writer once
    assert executor.stats.lost >= 1
    assert executor.stats.batches == len(translation_batches(sources, 16))


def test_every_actor_lost_stops_the_run_with_one_line(
    cluster: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every actor dies in every batch: after Ray's restarts the executor stops with one InputError
    (the CLI's one line and exit 2), not Ray's traceback, and not a wait for ever."""
    from translate_news.pipeline import ray_executor

    monkeypatch.setattr(ray_executor, "_Translator", doomed_translators(tmp_path / "doomed", every=True))
    sources = corpus_sources()[:40]
    job = TranslateJob(resolve_model(FIXTURE_MODEL), EngineOptions(threads=1), None)
    executor = RayExecutor(ExecutorSettings("ray", actors=2, cpus_per_actor=1), chunk=16)
    try:
        with pytest.raises(InputError) as raised:
            executor.translate(job, sources, [()] * len(sources), None, None)
    finally:
        executor.close()
    message = str(raised.value)
    assert message.startswith("--executor ray: the cluster failed (every translator actor was lost")
    assert message.endswith("finished articles and MT batches are kept: run again to resume")
    assert "\n" not in message
