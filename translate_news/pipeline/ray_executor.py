"""The stages on a Ray cluster: tasks for per-article work, a Ray Data actor pool for MT.

Ray is an optional extra (``pip install 'translate-news[ray]'``) and is imported only here, only when
``--executor ray`` asks for it. With no address Ray starts on this machine; with one, the run joins a
cluster whose nodes see the same input, output and model paths (a shared filesystem).

Outputs are the local executor's, byte for byte: the unique sentences are ordered and cut into
batches the way ``translate_enforced`` cuts them (shortest first, ``CHUNK`` per batch), so each
actor decodes the batches CTranslate2 would have decoded in one process. Results come back to the
driver, which alone writes the MT cache and the translation memory.
"""

from __future__ import annotations

import logging
import os
import pickle
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from translate_news.errors import InputError
from translate_news.glossary.match import Hit
from translate_news.mt.enforce import Translation
from translate_news.pipeline.executor import ExecutorSettings, TranslateJob

__all__ = ["RayExecutor", "RayStats", "CHUNK", "translation_batches"]

T = TypeVar("T")
R = TypeVar("R")

CHUNK = 256  # sentences per actor call: translate_enforced's own chunk, so decoding batches match
IN_FLIGHT_PER_CPU = 2  # map_ordered keeps this many tasks per cluster CPU submitted ahead of the reader


def translation_batches(sources: Sequence[str], chunk: int = CHUNK) -> list[list[int]]:
    """Indices of ``sources`` in the batches one process would decode: shortest first (a stable sort,
    as ``translate_enforced`` does), ``chunk`` at a time."""
    order = sorted(range(len(sources)), key=lambda i: len(sources[i]))
    return [order[begin : begin + chunk] for begin in range(0, len(order), chunk)]


@dataclass(frozen=True)
class RayStats:
    """What the actors did, for sizing a cluster: sentences per busy actor-second is one actor's rate."""

    batches: int = 0
    sentences: int = 0
    actor_seconds: float = 0.0  # summed over batches: time inside translate_enforced, model load excluded
    actors: int = 0  # the largest pool a translate call used


class _Translator:
    """A Ray Data actor: one engine, loaded once, translating whole batches with enforcement."""

    def __init__(self, job: TranslateJob, threads: int) -> None:
        from translate_news.mt.engine import Engine

        self.job = job
        self.engine: Engine | None = None
        self.error: InputError | None = (
            None  # sent back with every batch: an actor that dies prints Ray's traceback
        )
        try:
            self.engine = Engine(job.model, replace(job.options, threads=threads))
        except InputError as exc:
            self.error = exc

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        from translate_news.mt.enforce import translate_enforced

        done, seconds = [], []
        for payload in batch["payload"]:
            started = time.perf_counter()
            sources, hits = pickle.loads(payload)
            try:
                if self.engine is None:
                    raise self.error or InputError(None, "the model did not load")
                results: list[Translation] | InputError = translate_enforced(
                    self.engine, self.job.glossary, sources, hits, num_hypotheses=self.job.num_hypotheses
                )
            except InputError as exc:
                results = exc  # pickles as itself (InputError.__reduce__); the driver raises it
            done.append(pickle.dumps(results))
            seconds.append(time.perf_counter() - started)
        return {"batch": list(batch["batch"]), "payload": done, "seconds": seconds}


class RayExecutor:
    """Per-article tasks and an MT actor pool on Ray; shared state stays with the caller."""

    name = "ray"

    def __init__(self, settings: ExecutorSettings, chunk: int = CHUNK) -> None:
        """Checks that Ray is installed; Ray itself starts (or is joined) on first use, so a run with
        nothing to translate never pays for it."""
        import importlib.util

        if importlib.util.find_spec("ray") is None:
            raise InputError(None, "--executor ray needs Ray: pip install 'translate-news[ray]'")
        self.settings = settings
        self.chunk = chunk
        self._ray_module: Any = None
        self._started = False  # whether this executor started Ray (and so shuts it down)
        self._call: Any = None  # _call as a Ray remote function, made on first use
        self.stats = RayStats()

    @property
    def _ray(self) -> Any:
        """The ray module, connected: a cluster already joined in this process (a test's), else
        ``ray.init`` here (no address: a cluster on this machine) or at ``--ray-address``."""
        if self._ray_module is not None:
            return self._ray_module
        import ray

        if not ray.is_initialized():
            _quiet_ray_logs()
            settings = self.settings
            try:
                ray.init(
                    address=settings.address,
                    num_cpus=_local_cpus(settings) if settings.address is None else None,
                    include_dashboard=False,
                    logging_level=logging.ERROR,
                    log_to_driver=False,
                    configure_logging=True,
                )
            except (ConnectionError, RuntimeError, ValueError) as exc:
                where = settings.address or "this machine"
                raise InputError(
                    None, f"--executor ray: cannot start or join Ray on {where}: {exc}"
                ) from None
            self._started = True
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False  # the CLI draws its own
        context.print_on_execution_start = False
        self._ray_module = ray
        return ray

    def cluster_cpus(self) -> int:
        return max(1, int(self._ray.cluster_resources().get("CPU", 1)))

    def map_ordered(self, task: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """``task`` as Ray tasks, a bounded window ahead of the reader; results in input order, and
        an exception a task raised is raised here as itself."""
        if self._call is None:
            self._call = self._ray.remote(_call)
        window: deque[Any] = deque()
        limit = IN_FLIGHT_PER_CPU * self.cluster_cpus()
        shared = self._ray.put(task)  # once: a task carries the run's matcher or glossary
        for item in items:
            window.append(self._call.remote(shared, item))
            if len(window) >= limit:
                yield self._get(window.popleft())
        while window:
            yield self._get(window.popleft())

    def _get(self, ref: Any) -> Any:
        try:
            return self._ray.get(ref)
        except self._ray.exceptions.RayTaskError as exc:
            cause = getattr(exc, "cause", None)
            if isinstance(cause, Exception):
                raise cause from None
            raise

    def translate(
        self,
        job: TranslateJob,
        sources: Sequence[str],
        hits: Sequence[tuple[Hit, ...]],
        progress: Callable[[int], None] | None,
        on_done: Callable[[Sequence[Translation]], None] | None,
    ) -> list[Translation]:
        """Ray Data ``map_batches`` over an actor pool; each finished batch comes back to the driver,
        which reports it (``progress``, ``on_done``) before the next."""
        if not sources:
            return []
        batches = translation_batches(sources, self.chunk)
        rows = [
            {"batch": n, "payload": pickle.dumps(([sources[i] for i in b], [hits[i] for i in b]))}
            for n, b in enumerate(batches)
        ]
        cpus = self.cpus_per_actor()
        actors = min(len(batches), self._actors(cpus))
        dataset = self._ray.data.from_items(rows, override_num_blocks=len(rows)).map_batches(
            _Translator,
            fn_constructor_args=(job, cpus),
            batch_size=1,
            batch_format="numpy",
            compute=self._ray.data.ActorPoolStrategy(size=actors),
            num_cpus=cpus,
            num_gpus=self.settings.gpus_per_actor or None,
        )
        _quiet_ray_logs()
        results: list[Translation | None] = [None] * len(sources)
        stats = self.stats
        for row in dataset.iter_rows():
            done: list[Translation] | InputError = pickle.loads(row["payload"])
            if isinstance(done, InputError):
                raise done
            stats = RayStats(
                stats.batches + 1,
                stats.sentences + len(done),
                stats.actor_seconds + float(row["seconds"]),
                max(stats.actors, actors),
            )
            for index, translation in zip(batches[int(row["batch"])], done, strict=True):
                results[index] = translation
            if on_done:
                on_done(done)
            if progress:
                progress(len(done))
        self.stats = stats
        final = [r for r in results if r is not None]
        if len(final) != len(sources):
            raise RuntimeError(f"Ray returned {len(final)} of {len(sources)} translations")
        return final

    def cpus_per_actor(self) -> int:
        """``--ray-cpus-per-actor``, else the smallest node's CPUs: one translator per node, its
        threads decoding batches side by side (one model copy per node, as the local run has)."""
        if self.settings.cpus_per_actor:
            return self.settings.cpus_per_actor
        nodes = [n["Resources"].get("CPU", 0) for n in self._ray.nodes() if n.get("Alive")]
        return max(1, int(min((c for c in nodes if c), default=1)))

    def _actors(self, cpus: int) -> int:
        settings = self.settings
        if settings.actors:
            return settings.actors
        if settings.gpus_per_actor:
            gpus = self._ray.cluster_resources().get("GPU", 0)
            return max(1, int(gpus // settings.gpus_per_actor))
        return max(1, self.cluster_cpus() // cpus)

    def close(self) -> None:
        if self._started and self._ray_module is not None and self._ray_module.is_initialized():
            self._ray_module.shutdown()
        self._ray_module, self._call, self._started = None, None, False


def _call(task: Callable[[T], R], item: T) -> R:
    """One ``map_ordered`` item on a worker (any callable, builtins included; the task pickles by name)."""
    return task(item)


def _local_cpus(settings: ExecutorSettings) -> int:
    """The embedded cluster's CPUs: what the translators were asked for, else this machine's cores."""
    cores = len(os.sched_getaffinity(0))
    return settings.actors * settings.cpus_per_actor if settings.actors and settings.cpus_per_actor else cores


def _quiet_ray_logs() -> None:
    """Ray logs each dataset's plan and progress, and advice, at INFO and WARNING; a run's own progress
    bar says enough, and errors still show."""
    for name in ("ray", "ray.data"):
        logging.getLogger(name).setLevel(logging.ERROR)
