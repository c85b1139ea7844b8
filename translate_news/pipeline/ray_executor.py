"""The stages on a Ray cluster: tasks for per-article work, one pool of translator actors for MT.

Ray is an optional extra (``pip install 'translate-news[ray]'``) and is imported only here, only when
``--executor ray`` asks for it. With no address Ray starts on this machine; with one, the run joins a
cluster whose nodes see the same input, output and model paths (a shared filesystem).

Outputs are the local executor's, byte for byte: the unique sentences are ordered and cut into
batches the way ``translate_enforced`` cuts them (shortest first, ``CHUNK`` per batch), so each
actor decodes the batches CTranslate2 would have decoded in one process. Results come back to the
driver, which alone writes the MT cache and the translation memory.

Why Ray Core actors rather than Ray Data's ``map_batches`` (the first Ray executor's): a Ray Data
actor pool belongs to one dataset's execution, and the run is chunked (a chunk's sentences are known
only once the previous chunk is written), so every chunk made a dataset, a pool and a model load of
its own (about 3 s each with the fixture model). A single run-wide dataset would need every chunk's
sentences up front, which the bounded-memory streaming run does not have. Actors created once per
run keep one translator each, loaded once, and every chunk's batches go to them.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar
from urllib.parse import urlsplit

from translate_news import defaults
from translate_news.errors import InputError
from translate_news.glossary.match import Hit
from translate_news.glossary.model import Glossary
from translate_news.mt.enforce import Translation
from translate_news.mt.engine import EngineOptions
from translate_news.mt.packages import ModelInfo
from translate_news.pipeline.executor import ExecutorSettings, TranslateJob

__all__ = ["RayExecutor", "RayStats", "CHUNK", "translation_batches"]

T = TypeVar("T")
R = TypeVar("R")

CHUNK = defaults.MT_BATCH  # sentences per actor call: translate_enforced's own chunk, batches match
IN_FLIGHT_PER_CPU = 2  # map_ordered keeps this many tasks per cluster CPU submitted ahead of the reader
ACTOR_RESTARTS = 2  # a translator lost with its node is restarted (where the cluster has room for it)
RESTART_WAIT_S = 120.0  # with every translator lost, how long the run waits for one to come back
RESUME = "finished articles and MT batches are kept: run again to resume"


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
    models_loaded: int = 0  # translator actors started in the run: one model load each
    lost: int = 0  # batches whose actor was lost (its node left the cluster): each decoded again


@dataclass(frozen=True)
class _Done:
    """One batch back from an actor: its translations (or the InputError that stopped it), and how
    long the actor was busy with it."""

    batch: int
    results: list[Translation] | InputError  # an InputError pickles as itself (InputError.__reduce__)
    seconds: float


class _Translator:
    """A Ray actor: one engine, loaded once for the run, translating whole batches with enforcement."""

    def __init__(self, model: ModelInfo, options: EngineOptions) -> None:
        from translate_news.mt.engine import Engine

        self.engine: Engine | None = None
        self.error: InputError | None = None  # sent back with every batch: a dead actor prints a traceback
        self.glossary: tuple[str, Glossary | None] = ("", None)  # the chunk's glossary, by object id
        try:
            self.engine = Engine(model, options)
        except InputError as exc:
            self.error = exc

    def device(self) -> str | InputError:
        """Where this actor decodes, once its model is loaded; or why it has no model."""
        return self.engine.device if self.engine else self.error or InputError(None, "the model did not load")

    def translate(
        self,
        batch: int,
        glossary: list[Any],
        num_hypotheses: int,
        sources: list[str],
        hits: list[tuple[Hit, ...]],
    ) -> _Done:
        """``glossary`` is ``[ObjectRef]``: in a list, Ray does not fetch it for every call, and the
        actor unpickles a chunk's glossary (the run's plus its name terms) once."""
        import ray

        from translate_news.mt.enforce import translate_enforced

        started = time.perf_counter()
        try:
            if self.engine is None:
                raise self.error or InputError(None, "the model did not load")
            ref = glossary[0]
            if self.glossary[0] != ref.hex():
                self.glossary = (ref.hex(), ray.get(ref))
            results: list[Translation] | InputError = translate_enforced(
                self.engine, self.glossary[1], sources, hits, num_hypotheses=num_hypotheses
            )
        except InputError as exc:
            results = exc
        return _Done(batch, results, time.perf_counter() - started)


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
        self._embedded = False  # whether that Ray is a cluster of this machine alone (no address)
        self._call: Any = None  # _call as a Ray remote function, made on first use
        self._pool_for: tuple[ModelInfo, EngineOptions] | None = None  # what the translators loaded
        self._ready: list[Any] = []  # translator actors with their model loaded, kept for the run
        self._loading: dict[Any, Any] = {}  # an actor's device() answer, pending → the actor
        self._devices: dict[str, str] = {}  # --device → what the translators decode on
        self._lost = 0  # actor calls lost with their actor in this run
        self._losses: dict[int, int] = {}  # id(actor handle) → times it was lost
        self.stats = RayStats()

    @property
    def _ray(self) -> Any:
        """The ray module, connected: a cluster already joined in this process (a test's), else
        ``ray.init`` at ``--ray-address`` (or ``RAY_ADDRESS``), or with none a cluster on this machine."""
        if self._ray_module is not None:
            return self._ray_module
        import ray

        if not ray.is_initialized():
            _quiet_ray_logs()
            settings = self.settings
            address = settings.address or os.environ.get("RAY_ADDRESS") or None  # a RayJob sets it
            if address is not None:
                _probe(address, settings.timeout)
            _init_within(
                ray,
                settings.timeout,
                address or "this machine",
                address=address or "local",  # not a `ray start` cluster Ray would find by itself
                num_cpus=_local_cpus(settings) if address is None else None,
                include_dashboard=False,
                runtime_env=_worker_runtime_env(settings) if address is None else None,
                logging_level=logging.ERROR,
                log_to_driver=False,
                configure_logging=True,
            )
            self._started, self._embedded = True, address is None
        self._ray_module = ray
        return ray

    def cluster_cpus(self) -> int:
        return max(1, int(self._ray.cluster_resources().get("CPU", 1)))

    def map_ordered(self, task: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """``task`` as Ray tasks, a bounded window ahead of the reader; results in input order, and
        an exception a task raised is raised here as itself."""
        if self._call is None:
            # No CPU reserved: the translator actors keep theirs for the whole run, and a chunk's
            # articles are prepared and written while its actors are idle (the phases never overlap),
            # so tasks that waited for a CPU would wait forever. The window bounds them instead.
            self._call = self._ray.remote(num_cpus=0, scheduling_strategy="SPREAD")(_call)
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
        """The value, or the exception a task raised as itself; Ray's own failures (a node lost with
        the task and its retries, an object lost with no lineage left) stop the run with one line."""
        errors = self._ray.exceptions
        try:
            return self._ray.get(ref)
        except errors.RayTaskError as exc:
            cause = getattr(exc, "cause", None)
            if isinstance(cause, Exception) and not isinstance(cause, errors.RayError):
                raise cause from None
            raise _stopped(cause if isinstance(cause, errors.RayError) else exc) from None
        except errors.RayError as exc:
            raise _stopped(exc) from None

    def device(self, options: EngineOptions) -> str:
        """The device the translators decode on, asked where they run: the driver needs no GPU (nor
        CUDA) when the actors get one, and ``auto`` means the actors' GPU, not this machine's."""
        if options.device == "cpu":
            return "cpu"  # Ray is not started for it
        if options.device == "cuda" and not self.settings.gpus_per_actor:
            raise InputError(  # Ray hides the GPUs from an actor that reserves none
                None, "--device cuda with --executor ray needs --ray-gpus-per-actor"
            )
        if options.device not in self._devices:
            self._check_gpus()
            if self._ready and self._pool_for and self._pool_for[1].device == options.device:
                answer = self._get(self._ready[0].device.remote())  # the probe would wait for their GPUs
            else:  # a task with an actor's reservation sees the GPUs (and CUDA) an actor would
                probe = self._ray.remote(_resolve_device).options(
                    num_cpus=0, num_gpus=self.settings.gpus_per_actor
                )
                answer = self._get(probe.remote(options.device))
            self._raise_if_error(answer)
            self._devices[options.device] = answer
        return self._devices[options.device]

    def _check_gpus(self) -> None:
        """A Ray started here has the GPUs it found and no more: an actor asking for more would wait
        forever. (A joined cluster may be scaling up its GPU nodes, so it is left to Ray.)"""
        wanted = self.settings.gpus_per_actor
        have = self._ray.cluster_resources().get("GPU", 0) if wanted else 0
        if wanted and self._embedded and have < wanted:
            raise InputError(None, f"--ray-gpus-per-actor {wanted:g}: Ray on this machine has {have:g} GPUs")

    def translate(
        self,
        job: TranslateJob,
        sources: Sequence[str],
        hits: Sequence[tuple[Hit, ...]],
        progress: Callable[[int], None] | None,
        on_done: Callable[[Sequence[Translation]], None] | None,
    ) -> list[Translation]:
        """Every batch to the run's translator actors, one batch per started actor at a time; each
        finished batch comes back to the driver, which reports it (``progress``, ``on_done``) as it
        arrives.

        A batch whose actor is lost (its node left the cluster) goes back to the queue for any live
        actor, not to that actor's restart, which may wait for room forever; decoding is pure, so the
        batch comes out the same. The lost actor rejoins if Ray restarts it. With every actor lost
        and none back within ``RESTART_WAIT_S`` the run stops with one line; the batches already
        back were stored by ``on_done``.

        Not ``ray.util.ActorPool``: it hands a batch to an actor still waiting for its CPUs or GPU
        (more actors asked for than fit, or a cluster still scaling up), and that batch waits with
        it. Here an actor gets work once it has loaded its model, as in Ray Data's actor pool."""
        if not sources:
            return []
        ray = self._ray
        batches = translation_batches(sources, self.chunk)
        self._grow_pool(job, len(batches))
        glossary = [ray.put(job.glossary)]  # held here until every batch is back
        queue = deque(
            (n, glossary, job.num_hypotheses, [sources[i] for i in b], [hits[i] for i in b])
            for n, b in enumerate(batches)
        )
        idle = deque(self._ready)
        busy: dict[Any, tuple[Any, tuple[Any, ...]]] = {}  # batch result → its actor and arguments
        results: list[Translation | None] = [None] * len(sources)
        self.stats = replace(self.stats, actors=max(self.stats.actors, len(self._ready) + len(self._loading)))
        while queue or busy:
            while idle and queue:
                actor, args = idle.popleft(), queue.popleft()
                busy[actor.translate.remote(*args)] = (actor, args)
            waiting = [*busy, *self._loading]
            if not waiting:  # every actor was lost for good, with batches left
                raise _stopped(None)
            lost_all = not busy and self._lost > 0  # only restarts pending: they may never come
            # Until one translator has its model, Ray may be waiting for resources that never come.
            timeout = RESTART_WAIT_S if lost_all else (None if self._ready else self.settings.timeout)
            ready = ray.wait(waiting, num_returns=1, timeout=timeout)[0]
            if not ready:
                if not lost_all and not self._ready:
                    raise InputError(None, self._unscheduled())
                raise _stopped(None)
            [ref] = ready
            if ref in self._loading:  # an actor has its model (or says why it has none)
                actor = self._loading.pop(ref)
                answer = self._from_actor(ref, actor)
                if answer is not _LOST:
                    self._raise_if_error(answer)
                    self._ready.append(actor)
                    idle.append(actor)
                continue
            actor, args = busy.pop(ref)
            done = self._from_actor(ref, actor)
            if done is _LOST:
                queue.appendleft(args)
                idle = deque(a for a in idle if a is not actor)
                self.stats = replace(self.stats, lost=self.stats.lost + 1)
                continue
            idle.append(actor)
            assert isinstance(done, _Done)
            self._raise_if_error(done.results)
            self.stats = replace(
                self.stats,
                batches=self.stats.batches + 1,
                sentences=self.stats.sentences + len(done.results),
                actor_seconds=self.stats.actor_seconds + done.seconds,
            )
            for index, translation in zip(batches[done.batch], done.results, strict=True):
                results[index] = translation
            if on_done:
                on_done(done.results)
            if progress:
                progress(len(done.results))
        final = [r for r in results if r is not None]
        if len(final) != len(sources):
            raise RuntimeError(f"Ray returned {len(final)} of {len(sources)} translations")
        return final

    def _from_actor(self, ref: Any, actor: Any) -> Any:
        """An actor call's value, or ``_LOST`` when the actor died with its node: it leaves the
        pool, and rejoins when Ray restarts it (its ``device`` answer), at most ``ACTOR_RESTARTS``
        times; then it is killed for good."""
        try:
            return self._get_raw(ref)
        except self._ray.exceptions.RayActorError:
            pass
        self._lost += 1
        self._ready = [a for a in self._ready if a is not actor]
        losses = self._losses[id(actor)] = self._losses.get(id(actor), 0) + 1
        if losses <= ACTOR_RESTARTS:
            self._loading[actor.device.remote()] = actor
        else:
            self._ray.kill(actor)
        return _LOST

    def _get_raw(self, ref: Any) -> Any:
        """``_get`` that lets an actor's loss through, for the caller to put its batch back."""
        try:
            return self._ray.get(ref)
        except self._ray.exceptions.RayActorError:
            raise
        except self._ray.exceptions.RayError:
            return self._get(ref)

    @staticmethod
    def _raise_if_error(value: object) -> None:
        if isinstance(value, InputError):
            raise value

    def _grow_pool(self, job: TranslateJob, batches: int) -> None:
        """The run's translators: started on first use, one more each time a chunk has more batches
        than there are actors (never more than ``--ray-actors`` or what the cluster holds), and kept
        for every later chunk; started afresh only if the model or its options change."""
        self._check_gpus()
        key = (job.model, job.options)
        if self._pool_for != key:
            self._kill_translators()
            self._pool_for = key
        cpus = self.cpus_per_actor()
        self._check_cpus(cpus)
        added = min(batches, self._actors(cpus)) - len(self._ready) - len(self._loading)
        if added <= 0:
            return
        translator = self._ray.remote(_Translator).options(
            num_cpus=cpus,
            num_gpus=self.settings.gpus_per_actor,
            max_restarts=ACTOR_RESTARTS,
            max_task_retries=0,  # a lost batch goes back to the queue, for any live actor
        )
        options = replace(job.options, threads=cpus)
        for _ in range(added):
            actor = translator.remote(job.model, options)
            self._loading[actor.device.remote()] = actor
        self.stats = replace(self.stats, models_loaded=self.stats.models_loaded + added)

    def _unscheduled(self) -> str:
        s = self.settings
        wanted = f"{self.cpus_per_actor()} CPUs" + (
            f" and {s.gpus_per_actor:g} GPUs" if s.gpus_per_actor else ""
        )
        return (
            f"--ray-timeout {s.timeout:g}: no translator actor ({wanted} each) started in {s.timeout:g} s;"
            " the cluster's free resources are too small or busy"
        )

    def _check_cpus(self, cpus: int) -> None:
        """An actor asking for more CPUs than Ray can ever give would wait forever: refused now. On this
        machine an actor must fit the one node; a joined cluster may still add nodes, up to its total."""
        if self._embedded:
            have = max((n["Resources"].get("CPU", 0) for n in self._ray.nodes() if n.get("Alive")), default=0)
            where = "Ray on this machine has"
        else:
            have, where = self._ray.cluster_resources().get("CPU", 0), "the Ray cluster has"
        if cpus > have:
            raise InputError(None, f"--ray-cpus-per-actor {cpus}: {where} {have:g} CPUs")

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

    def _kill_translators(self) -> None:
        for actor in [*self._ready, *self._loading.values()]:
            self._ray.kill(actor)  # frees its CPUs or GPU for the next pool (or the next run on a cluster)
        self._ready, self._loading, self._pool_for, self._losses = [], {}, None, {}

    def close(self) -> None:
        if self._ray_module is not None and self._ray_module.is_initialized():
            self._kill_translators()
            if self._started:
                self._ray_module.shutdown()
        self._ray_module, self._call, self._started, self._embedded = None, None, False, False
        self._ready, self._loading, self._pool_for, self._devices = [], {}, None, {}


_LOST = object()  # an actor call that died with its actor


def _stopped(exc: BaseException | None) -> InputError:
    """One line for a run Ray could not finish (no traceback): what Ray said, and that a rerun resumes."""
    if exc is None:
        said = f"every translator actor was lost, none back within {RESTART_WAIT_S:.0f} s"
    else:
        said = f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"
    return InputError(None, f"--executor ray: the cluster failed ({said}); {RESUME}")


def _call(task: Callable[[T], R], item: T) -> R:
    """One ``map_ordered`` item on a worker (any callable, builtins included; the task pickles by name)."""
    return task(item)


def _resolve_device(device: str) -> str:
    """``--device`` as a translator would resolve it: run with the actors' GPU reservation."""
    from translate_news.mt.engine import resolve_device

    return resolve_device(device)


def _probe(address: str, timeout: float) -> None:
    """Refuse an address nothing answers at within ``timeout``: Ray itself retries for many minutes."""
    if address in ("auto", "local"):
        return
    scheme, _, rest = address.rpartition("://")
    parts = urlsplit(f"//{rest}")
    try:
        port = parts.port or (10001 if scheme == "ray" else 6379)
        with socket.create_connection((parts.hostname or "", port), timeout=timeout):
            pass
    except (OSError, ValueError) as exc:
        reason = "timed out" if isinstance(exc, TimeoutError) else exc.strerror or str(exc)
        raise InputError(None, f"--ray-address {address}: cannot connect ({reason})") from None


def _init_within(ray: Any, timeout: float, where: str, **init: Any) -> None:
    """``ray.init`` given ``timeout`` seconds: a server that accepts but never answers as Ray would keep
    it waiting for many minutes. On time out the attempt is left behind in a daemon thread."""
    outcome: list[BaseException | None] = []

    def attempt() -> None:
        try:
            ray.init(**init)
            outcome.append(None)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            outcome.append(exc)

    if init.get("address") == "local":  # started here: nothing to wait for, and Ray may want the main thread
        attempt()
    else:
        thread = threading.Thread(target=attempt, name="ray-init", daemon=True)
        thread.start()
        thread.join(timeout)
    if not outcome:
        raise InputError(
            None, f"--executor ray: Ray on {where} did not answer within --ray-timeout {timeout:g} s"
        )
    error = outcome[0]
    if isinstance(error, (ConnectionError, RuntimeError, ValueError)):
        raise InputError(None, f"--executor ray: cannot start or join Ray on {where}: {error}") from None
    if error is not None:
        raise error


def _worker_runtime_env(settings: ExecutorSettings) -> dict[str, Any] | None:
    """Ray started here: its workers translate on the driver's allocator too (Ray execs each worker
    with these variables set, so a preload takes effect)."""
    return {"env_vars": dict(settings.worker_environment)} if settings.worker_environment else None


def _local_cpus(settings: ExecutorSettings) -> int:
    """The embedded cluster's CPUs: what the translators were asked for, else this machine's cores."""
    cores = len(os.sched_getaffinity(0))
    return settings.actors * settings.cpus_per_actor if settings.actors and settings.cpus_per_actor else cores


def _quiet_ray_logs() -> None:
    """Ray logs advice at INFO and WARNING; a run's own progress bar says enough, and errors still show.

    Ray also prints the cluster's error messages (a raylet that died) on the driver's stdout, where
    ``--json`` puts its one document: they go to Ray's logger instead, at WARNING. What a lost node
    costs the run, the run says itself (a batch decoded again, or one line and exit 2)."""
    import ray._private.worker as ray_worker

    logging.getLogger("ray").setLevel(logging.ERROR)
    printing = getattr(ray_worker, "print_to_stdstream", None)  # a private name: absent, Ray prints
    if printing is None or getattr(printing, "__module__", "") == __name__:
        return

    def cluster_errors_to_log(data: dict[str, Any], ignore_prefix: bool) -> None:
        if data.get("pid") == "raylet":  # listen_error_messages: the cluster's errors
            for line in data.get("lines", []):
                logging.getLogger("ray").warning("%s", line)
            return
        printing(data, ignore_prefix)

    ray_worker.print_to_stdstream = cluster_errors_to_log
