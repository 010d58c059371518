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
