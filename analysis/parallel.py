"""Parse and annotate batches on other cores while the caller goes on reading and writing.

The parser's field mapping and the annotators are pure, CPU-bound Python; a big import
spends most of its time in them. `AnnotatorPool` sends chunks of work (a function importable
by name and its items) to worker processes (`python -m analysis.parallel`, fed over pipes)
and hands back tickets whose results are what the function gives inline: `annotate_chunk`
gives the values `annotate` and `relevance` give. Workers are plain subprocesses rather than multiprocessing ones:
they never re-run the caller's script, inherit no open database or lock file, and exit when
the parent's pipe closes, even after a SIGKILL. When a worker fails, the caller annotates
inline instead, so a pool problem costs speed, never records.
"""

from __future__ import annotations

import logging
import os
import pickle
import queue
import signal
import struct
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

log = logging.getLogger(__name__)

#: Records per task: small enough to spread a 500-record batch over the workers.
CHUNK = 100
#: Environment variable that sets the number of annotation processes (0: inline).
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


class _Worker:
    """One annotation subprocess with a thread feeding it and a thread collecting results."""

    def __init__(self) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_ROOT), env.get("PYTHONPATH")]))
        self.process = subprocess.Popen(
            WORKER_COMMAND,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            cwd=_ROOT,
        )
        self.tasks: queue.SimpleQueue = queue.SimpleQueue()
        self.results: queue.SimpleQueue = queue.SimpleQueue()
        threading.Thread(target=self._feed, daemon=True).start()
        threading.Thread(target=self._collect, daemon=True).start()

    def _feed(self) -> None:
        """Write queued tasks to the worker (a thread, so a busy worker never blocks parsing)."""
        stdin = self.process.stdin
        try:
            while (task := self.tasks.get()) is not None:
                write_frame(stdin, task)
        except OSError:
            pass  # the worker died; _collect reports it
        finally:
            try:
                stdin.close()
            except OSError:
                pass

    def _collect(self) -> None:
        """Read results as they come (a thread, so a worker never blocks on a full pipe)."""
        try:
            while True:
                self.results.put(read_frame(self.process.stdout))
        except Exception as exc:  # noqa: BLE001 - EOF or a broken frame: the worker is gone
            self.results.put(exc)

    def close(self, kill: bool = False) -> None:
        """Ask the worker to finish (or kill it, when its work is no longer wanted) and wait."""
        self.tasks.put(None)
        if kill:
            self.process.kill()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()


class AnnotatorPool:
    """Worker processes for annotation, started on first use; use as a context manager.

    Tickets must be redeemed (results) in the order they were submitted.
    """

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.broken = False
        self._pool: list[_Worker] = []
        self._next = 0

    def __enter__(self) -> AnnotatorPool:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.close(kill=exc_type is not None)

    @property
    def enabled(self) -> bool:
        """True when annotation should go to worker processes."""
        return self.workers >= 1 and not self.broken

    def submit(self, func: Callable[..., list], items: list, *args: Any) -> list[_Worker]:
        """Queue func(chunk, *args) for each chunk of items; the tickets say which worker has
        each chunk ([]: do it inline). func must be importable by name (pickled by reference)
        and give one result per item."""
        if not self.enabled or not items:
            return []
        try:
            while len(self._pool) < self.workers:
                self._pool.append(_Worker())
        except OSError as exc:
            self._give_up(exc)
            return []
        tickets = []
        for start in range(0, len(items), CHUNK):
            worker = self._pool[self._next % len(self._pool)]
            self._next += 1
            worker.tasks.put((func, items[start : start + CHUNK], args))
            tickets.append(worker)
        return tickets

    def results(self, tickets: list[_Worker]) -> list | None:
        """The results for submit's tickets in order, or None if a worker failed."""
        out: list = []
        for worker in tickets:
            if self.broken:
                return None
            got = worker.results.get()
            if isinstance(got, BaseException) or not isinstance(got, list):
                self._give_up(got)
                return None
            out.extend(got)
        return out

    def _give_up(self, reason: object) -> None:
        """Stop using worker processes for the rest of this import."""
        log.warning("annotation worker failed (%s); annotating in this process", reason)
        self.broken = True
        self.close(kill=True)

    def close(self, kill: bool = False) -> None:
        """Shut the workers down; kill them when their queued work is not wanted."""
        pool, self._pool = self._pool, []
        for worker in pool:
            worker.close(kill)


def main() -> None:
    """Worker loop: read (func, items, args) frames from stdin, write func's results back."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write into the result pipe
    try:
        while True:
            func, items, args = read_frame(stdin)
            write_frame(stdout, func(items, *args))
    except (EOFError, BrokenPipeError):
        return  # the parent is done or gone


if __name__ == "__main__":
    main()
