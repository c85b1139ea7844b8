"""Where the stages run: in this process (``LocalExecutor``) or on a Ray cluster (``RayExecutor``).

The run hands an executor pure functions over picklable values; the executor decides where they run.
What writes shared state (the translation memory, the MT cache) stays with the caller: results come
back to it, batch by batch, and it stores them (one writer).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TypeVar

from translate_news import defaults
from translate_news.glossary.match import Hit
from translate_news.glossary.model import Glossary
from translate_news.mt.enforce import Translation
from translate_news.mt.engine import EngineOptions
from translate_news.mt.packages import ModelInfo

if TYPE_CHECKING:  # the engine (ctranslate2) is imported on first use
    from translate_news.mt.engine import Engine

__all__ = [
    "EXECUTORS",
    "Executor",
    "ExecutorKind",
    "ExecutorSettings",
    "LocalExecutor",
    "TranslateJob",
    "open_executor",
]

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class TranslateJob:
    """Everything a translator needs, loaded once per worker: the model, its options and the glossary
    (with the run's implicit name terms) that enforcement checks against."""

    model: ModelInfo
    options: EngineOptions
    glossary: Glossary | None

    @property
    def num_hypotheses(self) -> int:
        """Enforcement picks among the whole beam: the beam is carried once, in ``options``."""
        return self.options.beam_size


class Executor(Protocol):
    name: str

    def map_ordered(self, task: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """``task`` over ``items``, results in input order; ``task`` is a picklable module-level function."""
        ...

    def translate(
        self,
        job: TranslateJob,
        sources: Sequence[str],
        hits: Sequence[tuple[Hit, ...]],
        progress: Callable[[int], None] | None,
        on_done: Callable[[Sequence[Translation]], None] | None,
    ) -> list[Translation]:
        """Enforced translations of unique ``sources``, in order; ``on_done`` sees each finished batch."""
        ...

    def device(self, options: EngineOptions) -> str:
        """``options.device`` resolved where the translators run (``auto`` → ``cuda`` or ``cpu``)."""
        ...

    def close(self) -> None: ...


class LocalExecutor:
    """This process: one engine, loaded on first use and kept for the run."""

    name = "local"

    def __init__(self, settings: ExecutorSettings | None = None) -> None:
        """``settings`` name this executor; a process needs nothing else from them."""
        self._engines: dict[tuple[ModelInfo, EngineOptions], Engine] = {}

    def map_ordered(self, task: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        return map(task, items)

    def translate(
        self,
        job: TranslateJob,
        sources: Sequence[str],
        hits: Sequence[tuple[Hit, ...]],
        progress: Callable[[int], None] | None,
        on_done: Callable[[Sequence[Translation]], None] | None,
    ) -> list[Translation]:
        from translate_news.mt.enforce import translate_enforced
        from translate_news.mt.engine import Engine

        key = (job.model, job.options)
        engine = self._engines.get(key)
        if engine is None:
            engine = self._engines[key] = Engine(job.model, job.options)
        return translate_enforced(
            engine,
            job.glossary,
            sources,
            hits,
            num_hypotheses=job.num_hypotheses,
            progress=progress,
            on_done=on_done,
        )

    def device(self, options: EngineOptions) -> str:
        from translate_news.mt.engine import resolve_device

        return resolve_device(options.device)

    def close(self) -> None:
        self._engines.clear()


@dataclass(frozen=True)
class ExecutorSettings:
    """Which executor a run uses and, for a cluster, where it is and how its translators are sized."""

    name: str = defaults.EXECUTOR
    address: str | None = None  # a Ray cluster to join; None starts one on this machine
    actors: int = 0  # translator actors; 0: as many as the cluster's CPUs (or GPUs) allow
    cpus_per_actor: int = 0  # CTranslate2 threads of each translator; 0: a node's CPUs (one per node)
    gpus_per_actor: float = 0.0  # GPUs each translator holds (then it decodes on CUDA)
    timeout: float = defaults.RAY_TIMEOUT  # to reach the cluster, and for the first translator's resources
    # Variables for the worker processes a run starts on this machine (Ray without an address): the
    # driver's jemalloc (translate_news/allocator.py). A joined cluster's nodes keep their own.
    worker_environment: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ExecutorKind:
    """One ``--executor`` choice: where its class lives (``module:class``, imported only when opened,
    so Ray, an optional extra, stays off the CLI's path) and what it is (``run --help`` lists it)."""

    name: str
    factory: str
    description: str

    def open(self, settings: ExecutorSettings) -> Executor:
        import importlib

        module, _, cls = self.factory.partition(":")
        return getattr(importlib.import_module(module), cls)(settings)


EXECUTORS: dict[str, ExecutorKind] = {
    kind.name: kind
    for kind in (
        ExecutorKind("local", "translate_news.pipeline.executor:LocalExecutor", "this process"),
        ExecutorKind(
            "ray",
            "translate_news.pipeline.ray_executor:RayExecutor",
            "a Ray cluster (pip install 'translate-news[ray]')",
        ),
    )
}


def open_executor(settings: ExecutorSettings) -> Executor:
    """The executor ``settings`` names, opened with those settings."""
    return EXECUTORS[settings.name].open(settings)
