"""Shared first step of every notebook: make the project importable and pick the database.

The database is $LITERATURE_DB when it names an existing file (a relative path is read
from the project root too, as `make notebooks` sets it); otherwise a database of the
bundled sample, built once in the temporary folder, so the notebooks run on a fresh clone.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def database() -> Path:
    """The database the analysis reads, announced so a reader knows what the numbers cover."""
    from fetchers.ops import ensure_sample_db

    env = os.environ.get("LITERATURE_DB")
    for candidate in (Path(env), ROOT / env) if env else ():
        if candidate.is_file():
            print(f"Reading {candidate.resolve()} (LITERATURE_DB)")
            return candidate.resolve()
    if env:
        print(f"LITERATURE_DB={env} does not exist yet; using the bundled sample instead")
    path = ensure_sample_db()
    print(f"Reading the bundled sample: {path}")
    return path
