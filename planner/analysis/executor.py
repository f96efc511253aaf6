"""Where sweeps of independent solves run: one small interface over `concurrent.futures`.

`Workers` pairs an `Executor` with the way its tasks reach the context they share (the
scenario, the catalog snapshot, the plan), so that the context travels once per worker, not
once per task:

- a local process pool (the default): each worker is started with the context (an
  initializer), and then runs task after task on it;
- a Dask cluster (`scheduler` is its address; `pip install sovplan[cluster]`): the
  context is scattered to every worker once and each task names it, through Dask's own
  `concurrent.futures` face (`Client.get_executor()`);
- in this process (`workers=1`): no process at all, for one shock or a test.

Workers solve in their own process: a solve without a cancel token never starts a child
(solver/child.py). Pool workers come from the solver's fork server where the platform has
one (warmed first, so they start with OR-Tools imported), never by forking a process that
may run GUI threads.
"""

import multiprocessing
import os
import uuid
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Generic, TypeVar

from planner.errors import PlannerError
from planner.optimise.solving import warm_up

C = TypeVar("C")
T = TypeVar("T")
R = TypeVar("R")

CLUSTER_EXTRA = "pip install 'sovplan[cluster]'"
"""How a user gets Dask's distributed scheduler."""
_INSTALLED: dict[str, Any] = {}
"""In a pool worker: the contexts its initializer installed, by token."""


@dataclass(frozen=True, slots=True)
class Installed:
    """Names a context a pool worker's initializer installed."""

    token: str


def _install(token: str, context: object) -> None:
    _INSTALLED[token] = context


def _call(fn: Callable[[Any, T], R], ref: object, item: T) -> R:
    """Runs in the worker: the task with its context."""
    context = _INSTALLED[ref.token] if isinstance(ref, Installed) else ref
    return fn(context, item)


class InProcess(Executor):
    """Runs each task at once in the caller: an executor without workers."""

    def submit(self, fn: Callable[..., R], /, *args: Any, **kwargs: Any) -> Future[R]:
        future: Future[R] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:  # the caller reads it from the future, as from a worker
            future.set_exception(exc)
        return future


@dataclass
class Workers(Generic[C]):
    """An executor and the reference its tasks pass for the shared context."""

    executor: Executor
    ref: object
    workers: int
    release: Callable[[], None] = lambda: None
    """Frees what the executor holds beyond itself (a Dask client's connection)."""
    cancelled: bool = False

    def submit(self, fn: Callable[[C, T], R], item: T) -> "Future[R]":
        """Run `fn(context, item)` on a worker; `fn` must be a module-level function."""
        return self.executor.submit(_call, fn, self.ref, item)

    def cancel(self) -> None:
        """Drop the tasks not yet started and stop waiting: running ones end on their own
        (each is one re-plan, within its time limit)."""
        self.cancelled = True
        self.executor.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        if not self.cancelled:
            self.executor.shutdown(wait=True)
        self.release()

    def __enter__(self) -> "Workers[C]":
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _pool_context() -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        warm_up()  # the solver's fork server, with OR-Tools and the program's modules loaded
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


def process_pool(context: C, workers: int) -> Workers[C]:
    token = uuid.uuid4().hex
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_pool_context(),
        initializer=_install,
        initargs=(token, context),
    )
    return Workers(pool, Installed(token), workers)


def in_process(context: C) -> Workers[C]:
    return Workers(InProcess(), context, 1)


def dask_cluster(context: C, scheduler: str) -> Workers[C]:
    """Tasks on the Dask cluster at `scheduler` (an address such as tcp://host:8786)."""
    try:
        from distributed import Client
    except ImportError:
        raise PlannerError(
            f"--scheduler needs Dask's distributed scheduler: {CLUSTER_EXTRA}"
        ) from None
    try:
        client = Client(scheduler, set_as_default=False)  # type: ignore[no-untyped-call]
    except OSError as exc:
        raise PlannerError(f"--scheduler {scheduler}: cannot reach the scheduler ({exc})") from None
    shared = client.scatter(context, broadcast=True)  # type: ignore[no-untyped-call]
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    executor = client.get_executor()  # type: ignore[no-untyped-call]
    return Workers(executor, shared, workers, release=client.close)


def open_workers(
    context: C,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    tasks: int | None = None,
) -> Workers[C]:
    """Dask when a scheduler is given; else a process pool of `workers` (default: the
    cores available, no more than the tasks), or this process when that is one."""
    if scheduler is not None:
        return dask_cluster(context, scheduler)
    count = workers if workers is not None else available_cores()
    if tasks is not None:
        count = min(count, tasks)
    return process_pool(context, count) if count > 1 else in_process(context)
