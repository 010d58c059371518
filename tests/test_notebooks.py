"""The analysis notebooks run top to bottom on the bundled sample, and are committed clean."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import analysis
from db import open_db
from fetchers.importer import import_file
from fetchers.ops import ensure_sample_db

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "entrez"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
PLOTLY = "application/vnd.plotly.v1+json"


def test_there_are_the_two_analyses():
    names = {p.name for p in PATHS}
    assert {"01_growth_and_designs.ipynb", "02_sample_sizes_and_claims.ipynb"} <= names


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_committed_notebook_has_no_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, (
                f"{path.name}: clear the outputs before committing (Edit > Clear Outputs)"
            )


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> Path:
    return ensure_sample_db(tmp_path_factory.mktemp("notebooks") / "sample.db")


def outputs(nb) -> list[dict]:
    """Every output of every code cell."""
    return [out for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_notebook_runs_top_to_bottom_on_the_sample(path, sample_db, monkeypatch):
    monkeypatch.setenv("LITERATURE_DB", str(sample_db))  # the kernel inherits the environment
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=180,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    client.execute()  # raises CellExecutionError on the first failing cell
    outs = outputs(nb)
    assert not [o for o in outs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outs if o.output_type == "stream")
    assert f"Reading {sample_db.resolve()}" in text
    figures = [o for o in outs if PLOTLY in o.get("data", {})]
    assert len(figures) >= 2, "each analysis draws at least two plotly figures"
    for figure in figures:
        spec = figure["data"][PLOTLY]
        spec = json.loads(spec) if isinstance(spec, str) else spec
        assert spec["data"], "a figure without traces"
    tables = [o for o in outs if "<table" in str(o.get("data", {}).get("text/html", ""))]
    assert len(tables) >= 3, "each analysis shows its tables"
    assert not [
        o for o in outs if o.output_type == "stream" and o.name == "stderr" and "Warning" in o.text
    ], "the notebook raised warnings"


def test_sample_db_is_built_once_and_rebuilt_when_the_annotator_changes(tmp_path):
    path = ensure_sample_db(tmp_path / "sample.db")
    db = open_db(path)
    first = db.execute("SELECT count(*), min(first_seen) FROM records").fetchone()
    assert first[0] > 0
    db.execute("UPDATE annotations SET annotator_version = 'an older version'")
    db.conn.commit()
    db.close()
    assert ensure_sample_db(path) == path
    db = open_db(path)
    versions = {r[0] for r in db.execute("SELECT DISTINCT annotator_version FROM annotations")}
    assert versions == {analysis.ANNOTATOR_VERSION}
    assert db.execute("SELECT count(*) FROM records").fetchone()[0] == first[0]
    db.close()


def test_sample_db_never_replaces_a_database_with_other_records(tmp_path):
    path = tmp_path / "literature.db"
    db = open_db(path)
    import_file(db, FIXTURES / "pubmed1.xml", ["mitragynine"])
    db.execute("UPDATE annotations SET annotator_version = 'an older version'")
    db.conn.commit()
    before = db.execute("SELECT count(*) FROM records").fetchone()[0]
    db.close()
    with pytest.raises(ValueError, match="more than the bundled sample"):
        ensure_sample_db(path)
    db = open_db(path)
    assert db.execute("SELECT count(*) FROM records").fetchone()[0] == before > 0
    db.close()


# --- every shape of database the CLI can make ---------------------------------------------

ROOT = NOTEBOOKS.parent
SAMPLE = ROOT / "data" / "sample"


def cli(*args: str) -> None:
    """python -m fetchers ARGS, in this process."""
    from fetchers.__main__ import main

    assert main(list(args)) == 0


def make_shape(shape: str, path: Path) -> Path:
    """A database as the CLI leaves it: empty, one topic, records without topic links, or
    only registered trials (the fetcher's own store step, on the recorded studies)."""
    if shape == "empty":
        open_db(path).close()
    elif shape == "one topic":
        cli(
            "import",
            "--quiet",
            "--db",
            str(path),
            "--topic",
            "prolactin",
            str(SAMPLE / "prolactin.xml"),
        )
    elif shape == "no topic links":
        cli(
            "import",
            "--quiet",
            "--db",
            str(path),
            str(SAMPLE / "withdrawal.xml"),
            str(FIXTURES / "pubmed2.xml"),
        )
    else:
        from fake_ctgov import real_studies

        from fetchers.clinicaltrials_rows import parse_study, store_trials

        db = open_db(path)
        store_trials(db, [parse_study(s) for s in real_studies()], "mitragynine")
        db.close()
    return path


def run_notebook(path: Path, db_path: Path, monkeypatch) -> list[dict]:
    """Execute a notebook on db_path; its outputs (raises on the first failing cell)."""
    monkeypatch.setenv("LITERATURE_DB", str(db_path))
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
    )
    client.execute()
    return outputs(nb)


SHAPES = ["empty", "one topic", "no topic links", "only trials"]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_notebook_runs_on_every_database_the_cli_makes(path, shape, tmp_path, monkeypatch):
    monkeypatch.setattr("fetchers.__main__.setup_logging", lambda *a, **k: None)
    db_path = make_shape(shape, tmp_path / "literature.db")
    outs = run_notebook(path, db_path, monkeypatch)
    assert not [o for o in outs if o.output_type == "error"]
    assert not [o for o in outs if o.output_type == "stream" and o.name == "stderr"
                and "Warning" in o.text], "the notebook raised warnings"  # fmt: skip
    text = "".join(o.get("text", "") for o in outs if o.output_type == "stream")
    html = "".join(str(o.get("data", {}).get("text/html", "")) for o in outs)
    if path.name.startswith("01") and shape == "no topic links":
        assert "(no topic)" in html and "0 records in the selection" not in text
    if path.name.startswith("01") and shape == "one topic":
        assert "Prolactin" in html and "(no topic)" not in html
    if path.name.startswith("01") and shape in ("empty", "only trials"):
        assert "0 records in the selection" in text
