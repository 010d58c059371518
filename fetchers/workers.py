"""Worker processes for big imports: how many, and a pool that never outlives the import.

A standard-library process pool (concurrent.futures) whose workers come from a forkserver,
so they never copy the importer's open database, lock file or threads. Each worker keeps
pandas and numpy out (sqlite-utils would load them for nothing) and exits as soon as the
importing process is gone, even after a SIGKILL. This module imports only the standard
library, so a worker that unpickles its initializer loads nothing else first.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.connection import wait

from fetchers import UNUSED_BY_IMPORTS

log = logging.getLogger(__name__)

#: Environment variable that sets the number of worker processes (0: all in the importer).
WORKERS_ENV = "KRATOM_WORKERS"
_MAX_DEFAULT = 4
#: Seconds an idle worker gets to exit after the import before it is killed.
EXIT_GRACE = 5.0


def default_workers() -> int:
    """Worker processes for big imports: KRATOM_WORKERS, else one per core but the importer's
    own (it splits the file and writes meanwhile; more workers only contend), at most 4."""
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


def start_worker() -> None:
    """Each worker's initializer: keep pandas and numpy out, and end with the importer."""
    for name in UNUSED_BY_IMPORTS:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]  # "import name" fails
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=exit_with, args=(parent.sentinel,), daemon=True).start()


def exit_with(sentinel: int) -> None:
    """Wait until the importing process is gone, then stop this worker at once (its
    results would have nowhere to go; a killed import must not leave workers behind)."""
    wait([sentinel])
    os._exit(1)


@contextlib.contextmanager
def worker_pool(workers: int) -> Iterator[ProcessPoolExecutor | None]:
    """A pool of `workers` processes (None for 0), started on first use; on leaving, its
    idle workers exit and any still busy (hung) after EXIT_GRACE are killed."""
    if workers < 1:
        yield None
        return
    before = set(multiprocessing.active_children())
    context = multiprocessing.get_context("forkserver")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=start_worker)
    try:
        yield pool
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        for child in set(multiprocessing.active_children()) - before:
            child.join(EXIT_GRACE)
            if child.is_alive():
                child.kill()
                child.join()
