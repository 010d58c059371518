"""Parse and annotate batches on other cores while the caller goes on reading and writing.

The parser's field mapping and the annotators are pure, CPU-bound Python; a big import
spends most of its time in them. `AnnotatorPool` sends chunks of work (a function importable
by name and its items) to worker processes (`python -m analysis.parallel`, fed over pipes)
and hands back tickets whose results are what the function gives inline (`annotate_chunk`
gives the values `annotate` and `relevance` give). Workers are plain subprocesses rather
than multiprocessing ones: they never re-run the caller's script, inherit no open database
or lock file, and exit when the parent's pipe closes, even after a SIGKILL. When a worker
fails, the caller does its work inline instead, so a pool problem costs speed, never records.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import signal
import struct
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from fetchers import hidden_modules

log = logging.getLogger(__name__)

#: Records per task: small enough to spread a 500-record batch over the workers.
CHUNK = 100
#: Environment variable that sets the number of worker processes (0: all in the importer).
WORKERS_ENV = "KRATOM_WORKERS"
_MAX_DEFAULT = 4
_HEADER = struct.Struct("!Q")
_ROOT = Path(__file__).resolve().parents[1]
#: How a worker is started (tests swap it for a command that fails).
WORKER_COMMAND = [sys.executable, "-m", "analysis.parallel"]

Result = tuple[dict[str, Any], dict[str, tuple[float, str]]]


def default_workers() -> int:
    """Worker processes for big imports: KRATOM_WORKERS, else one per core but the importer's
    own (it parses and writes meanwhile; more workers than that only contend), at most 4."""
    raw = os.environ.get(WORKERS_ENV, "").strip()
    if raw:
        try:
            return max(0, int(raw))
        except ValueError:
            log.warning("ignoring %s=%r: not a whole number", WORKERS_ENV, raw)
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return min(cores - 1, _MAX_DEFAULT)


def annotate_chunk(inputs: list[dict], topics: tuple[str, ...]) -> list[Result]:
    """Annotation and per-topic relevance for each input, in order."""
    from . import annotate, relevance

    return [(annotate(item), {t: relevance(item, t) for t in topics}) for item in inputs]


def write_frame(stream: IO[bytes], obj: object) -> None:
    """Send one pickled object, length first."""
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)))
    stream.write(data)
    stream.flush()


def read_frame(stream: IO[bytes]) -> object:
    """Receive one object written by write_frame; EOFError when the other side is gone."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError("pipe closed")
    size = _HEADER.unpack(header)[0]
    data = stream.read(size)
    if len(data) < size:
        raise EOFError("pipe closed mid-message")
    return pickle.loads(data)


#: Tasks sent ahead to each worker, so it never waits for the next one.
IN_FLIGHT = 2
#: Seconds without a result for a task a worker holds before the worker counts as hung (a
#: task takes about 0.1 s): it is killed and the import goes on in the importing process,
#: so a stopped or deadlocked worker cannot hang a nightly run.
STALL_SECONDS = 120.0


class Task:
    """One chunk of work: run by a worker process, or by the caller if none has taken it yet."""

    __slots__ = ("call", "done", "here", "value")

    def __init__(self, call: tuple[Callable[..., list], list, tuple]) -> None:
        self.call = call
        self.value: Any = None
        self.here = False
        self.done = threading.Event()

    def run_here(self) -> None:
        """Do the work in this process."""
        func, items, args = self.call
        self.here = True
        self.finish(func(items, *args))

    def finish(self, value: Any) -> None:
        """Hand over the result (or the exception that lost it) to whoever waits."""
        self.value = value
        self.done.set()


class _Worker:
    """One worker subprocess, with a thread feeding it the pool's oldest tasks and a thread
    collecting its results (threads, so a busy worker never blocks reading or writing)."""

    def __init__(self, pool: AnnotatorPool) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_ROOT), env.get("PYTHONPATH")]))
        self.pool = pool
        self.sent: deque[Task] = deque()
        self.process = subprocess.Popen(
            WORKER_COMMAND,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            cwd=_ROOT,
        )
        self.threads = [
            threading.Thread(target=self._feed, daemon=True),
            threading.Thread(target=self._collect, daemon=True),
        ]
        for thread in self.threads:
            thread.start()

    def _next_task(self) -> Task | None:
        """The pool's oldest waiting task, once fewer than IN_FLIGHT are out; None to stop."""
        pool = self.pool
        with pool.changed:
            while not pool.closing and (not pool.waiting or len(self.sent) >= IN_FLIGHT):
                pool.changed.wait()
            if pool.closing:
                return None
            task = pool.waiting.popleft()
            self.sent.append(task)
            return task

    def _feed(self) -> None:
        """Send tasks until the pool closes or the worker dies."""
        stdin = self.process.stdin
        try:
            while (task := self._next_task()) is not None:
                write_frame(stdin, task.call)
        except OSError:
            pass  # the worker died; _collect reports it
        finally:
            try:
                stdin.close()
            except OSError:
                pass

    def _collect(self) -> None:
        """Pair each result with the oldest task sent; on a failure, fail every task sent."""
        pool = self.pool
        try:
            while True:
                value = read_frame(self.process.stdout)
                with pool.changed:
                    task = self.sent.popleft()
                    pool.changed.notify_all()
                task.finish(value)
        except Exception as exc:  # noqa: BLE001 - EOF or a broken frame: the worker is gone
            with pool.changed:
                lost, self.sent = list(self.sent), deque()
            if lost or not pool.closing:
                pool.fail(exc)
            for task in lost:
                task.finish(exc)

    def close(self, kill: bool = False) -> None:
        """Let the worker finish (or kill it, when its work is no longer wanted) and wait."""
        if kill:
            self.process.kill()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for thread in self.threads:
            thread.join(timeout=10)
        self.process.stdout.close()


class AnnotatorPool:
    """Worker processes started on first use; use as a context manager.

    Tickets must be redeemed (results) in the order they were submitted. While the caller
    waits for a result, it does the newest task no worker has taken yet, so it never idles
    while there is work (a worker takes the oldest).
    """

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.broken = False
        self.closing = False
        self.waiting: deque[Task] = deque()
        self.changed = threading.Condition()
        self._pool: list[_Worker] = []

    def __enter__(self) -> AnnotatorPool:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.close(kill=exc_type is not None)

    @property
    def enabled(self) -> bool:
        """True when work should go to worker processes."""
        return self.workers >= 1 and not self.broken

    def submit(self, func: Callable[..., list], items: list, *args: Any) -> list[Task]:
        """Queue func(chunk, *args) for each chunk of items; the tickets for results ([]: do
        it inline). func must be importable by name (pickled by reference) and give one
        result per item."""
        if not self.enabled or not items:
            return []
        try:
            while len(self._pool) < self.workers:
                self._pool.append(_Worker(self))
        except OSError as exc:
            self.fail(exc)
            return []
        tickets = [Task((func, items[i : i + CHUNK], args)) for i in range(0, len(items), CHUNK)]
        with self.changed:
            self.waiting.extend(tickets)
            self.changed.notify_all()
        return tickets

    def results(self, tickets: list[Task]) -> list | None:
        """The results for submit's tickets in order, or None if a worker failed."""
        out: list = []
        for task in tickets:
            idle = 0.0  # seconds spent waiting on a worker for this task, doing nothing else
            while not task.done.is_set() and not self.broken:
                with self.changed:
                    if task in self.waiting:  # nobody took it: do it now
                        self.waiting.remove(task)
                        mine = task
                    else:
                        mine = self.waiting.pop() if self.waiting else None
                if mine is not None:
                    mine.run_here()
                    continue
                started = time.monotonic()
                if not task.done.wait(timeout=min(1.0, STALL_SECONDS)):
                    idle += time.monotonic() - started
                    if idle >= STALL_SECONDS:
                        self.fail(f"no result for {idle:.0f} s; the worker was stopped")
                        self.kill()
            if self.broken or isinstance(task.value, BaseException):
                return None
            out.extend(task.value)
        return out

    def kill(self) -> None:
        """Kill every worker now (their collectors then see the pipes close)."""
        for worker in self._pool:
            with contextlib.suppress(OSError):
                worker.process.kill()

    def fail(self, reason: object) -> None:
        """Stop using worker processes for the rest of this import."""
        if not self.broken:
            log.warning("import worker failed (%s); annotating in this process", reason)
        self.broken = True
        with self.changed:
            self.waiting.clear()  # nobody waits for these any more: the caller goes inline

    def close(self, kill: bool = False) -> None:
        """Shut the workers down; kill them when their queued work is not wanted."""
        with self.changed:
            self.closing = True
            self.waiting.clear()
            self.changed.notify_all()
        pool, self._pool = self._pool, []
        for worker in pool:
            worker.close(kill or self.broken)


def main() -> None:
    """Worker loop: read (func, items, args) frames from stdin, write func's results back."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write into the result pipe
    # Workers never use pandas or numpy (the dashboard does): kept out for the worker's life.
    with hidden_modules():
        try:
            while True:
                func, items, args = read_frame(stdin)
                write_frame(stdout, func(items, *args))
        except (EOFError, BrokenPipeError):
            return  # the parent is done or gone


if __name__ == "__main__":
    main()
