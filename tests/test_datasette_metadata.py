"""datasette/metadata.json describes tables and columns that really exist."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from db import DEFAULT_DB, open_db

METADATA = Path(__file__).resolve().parents[1] / "datasette" / "metadata.json"
PUBLIC = {
    "articles",
    "article_topics",
    "fetch_runs",
    "records",
    "annotations",
    "open_questions",
    "corrections",
    "notes",
    "trials",
}


@pytest.fixture(scope="module")
def schema(tmp_path_factory) -> dict[str, set[str]]:
    """Columns of every table and view of a freshly migrated database."""
    db = open_db(tmp_path_factory.mktemp("meta") / "literature.db")
    names = db.table_names() + db.view_names()
    columns = {name: {c.name for c in db[name].columns} for name in names}
    db.close()
    return columns


@pytest.fixture(scope="module")
def tables() -> dict[str, dict]:
    """The table descriptions, under the database name Datasette derives from the file."""
    meta = json.loads(METADATA.read_text(encoding="utf-8"))
    assert list(meta["databases"]) == [DEFAULT_DB.stem]  # datasette data/literature.db
    return meta["databases"][DEFAULT_DB.stem]["tables"]


def test_metadata_names_only_tables_and_columns_that_exist(schema, tables):
    for table, spec in tables.items():
        assert table in schema, f"metadata describes {table}, which the schema lacks"
        unknown = set(spec.get("columns", {})) - schema[table]
        assert not unknown, f"{table}: no such columns {sorted(unknown)}"


def test_metadata_describes_every_public_table(tables):
    missing = PUBLIC - set(tables)
    assert not missing, f"undescribed public tables: {sorted(missing)}"
    for table, spec in tables.items():
        assert spec.get("description", "").strip(), f"{table} has no description"
        assert all(text.strip() for text in spec.get("columns", {}).values()), table


def test_metadata_describes_every_column_of_the_articles_view(schema, tables):
    described = set(tables["articles"]["columns"])
    assert schema["articles"] <= described, sorted(schema["articles"] - described)
