"""Shared fixtures: a throwaway database path, a fake E-utilities server, a fetch environment.

Nothing here reaches the internet: the only HTTP server is the loopback fake that
`fake_eutils` starts, and `eutils_env` points the fetcher at it.
"""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from fake_eutils import FakeEutils  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
TEST_EMAIL = "tests@example.org"


@pytest.fixture
def plain_main(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bare __main__ for tests that start worker pools: forkserver workers import the
    parent's __main__ script again, and Streamlit's AppTest leaves app.py there."""
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))


@pytest.fixture
def tmp_db_path(tmp_path: Path) -> Path:
    """Where a test's database goes (not created yet)."""
    return tmp_path / "literature.db"


@pytest.fixture
def fake_eutils():
    """A running fake E-utilities server with an empty corpus."""
    server = FakeEutils().start()
    yield server
    server.stop()


@pytest.fixture
def eutils_env(monkeypatch: pytest.MonkeyPatch, fake_eutils: FakeEutils) -> FakeEutils:
    """Environment for a fetch against the fake: email set, no API key, fast backoff."""
    monkeypatch.setenv("NCBI_EMAIL", TEST_EMAIL)
    monkeypatch.delenv("NCBI_API_KEY", raising=False)
    monkeypatch.setenv("EUTILS_BASE_URL", fake_eutils.base_url)
    monkeypatch.setenv("FETCH_BACKOFF_SCALE", "0.01")
    monkeypatch.setenv("FETCH_TIMEOUT", "2")
    monkeypatch.delenv("LITERATURE_DB", raising=False)
    return fake_eutils


@pytest.fixture
def write_topics(tmp_path: Path):
    """Write a topics TOML from {slug: query} and return its path."""

    def write(queries: dict[str, str], name: str = "topics.toml") -> Path:
        lines = []
        for slug, query in queries.items():
            lines += [f"[topics.{slug}]", f"query = {json.dumps(query)}", ""]
        path = tmp_path / name
        path.write_text("\n".join(lines), encoding="utf-8")
        return path

    return write


@pytest.fixture
def run_fetch(tmp_db_path: Path):
    """Run `python -m fetchers run` in-process (argparse included); returns the exit status."""
    from fetchers.__main__ import build_parser
    from fetchers.run import cmd_run

    def run(topics: Path, *extra: str, db: Path | None = None) -> int:
        argv = ["run", "--db", str(db or tmp_db_path), "--topics", str(topics)]
        argv += ["--sources", "pubmed", "--quiet", *extra]
        return cmd_run(build_parser().parse_args(argv))

    return run
