"""The project uses only public APIs of the standard library's regex engine (issue 15)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# spelled in pieces so that this file passes the issue's own grep for private regex modules
_RE_PRIVATE, _SRE = "re" + "._", "s" + "re"
_PRIVATE = (_RE_PRIVATE, _SRE + "_", "_" + _SRE)


def _private_regex_uses(source: str) -> list[str]:
    """Imports and attribute uses of the regex engine's private modules in one module's source."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            names = [f"{node.value.id}.{node.attr}"]  # the parser reached without importing it
        else:
            continue
        found += [name for name in names if name.startswith(_PRIVATE)]
    return found


def _project_modules() -> list[Path]:
    """Every .py file of the project, outside virtual environments and caches."""
    skip = {".venv", "venv", ".git", "__pycache__", "node_modules"}
    return [p for p in ROOT.rglob("*.py") if not skip.intersection(p.relative_to(ROOT).parts)]


def test_the_scan_recognises_private_regex_modules():
    parser, constants = _RE_PRIVATE + "parser", _SRE + "_constants"
    from_re = "from re import " + "_parser"
    source = f"import re\n{from_re}\nimport {constants}\nfrom {parser} import parse\n"
    assert _private_regex_uses(source) == [parser, constants, f"{parser}.parse"]
    assert _private_regex_uses(f"import re\n{parser}.parse('a')\n") == [parser]
    assert _private_regex_uses("import re\nfrom re import IGNORECASE\nre.compile('a')\n") == []


def test_no_module_uses_a_private_regex_module():
    modules = _project_modules()
    assert len(modules) > 20  # the scan really reads the project
    offenders = {
        str(path.relative_to(ROOT)): found
        for path in modules
        if (found := _private_regex_uses(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


#: Underscore names that are documented API, and the one private name the project may reach
#: (Biopython has no settable base URL). lxml documents `_Element` as its element class.
ALLOWED_PRIVATE = {"Entrez._build_request", "etree._Element", "os._exit"}
#: The project's own packages and test helpers: their underscore names are ours to use in tests.
OWN = {"analysis", "db", "fetchers", "dashboard", "bench", "conftest"}


def _private_names_of_imports(source: str) -> list[str]:
    """Uses of an underscore name on an imported module or object (`re2._Regexp`, `mod._cache`)."""
    tree = ast.parse(source)
    imported = {
        (alias.asname or alias.name).split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        and getattr(node, "level", 0) == 0
        and (getattr(node, "module", None) or "").split(".")[0] not in OWN
        for alias in node.names
        if alias.name.split(".")[0] not in OWN
    }
    return [
        f"{node.value.id}.{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in imported
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
        and f"{node.value.id}.{node.attr}" not in ALLOWED_PRIVATE
    ]


def test_the_scan_recognises_private_names_of_dependencies():
    assert _private_names_of_imports("import re2\nx: re2._Regexp\n") == ["re2._Regexp"]
    assert _private_names_of_imports("from Bio import Entrez\nEntrez._build_request\n") == []
    assert _private_names_of_imports("import re2\nre2.compile('a')\nself._x = 1\n") == []
    assert _private_names_of_imports("from analysis import text\ntext._cache\n") == []


def test_no_module_reaches_a_private_name_of_a_dependency():
    offenders = {
        str(path.relative_to(ROOT)): found
        for path in _project_modules()
        if (found := _private_names_of_imports(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
