"""The README's commands are real: every documented command exists and the Makefile does what it says."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def code_lines() -> list[str]:
    """Command lines inside the README's fenced sh blocks."""
    blocks = re.findall(r"```(?:sh|bash|console)\n(.*?)```", README, flags=re.S)
    lines = [line.split("#")[0].strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line]


def python_commands() -> set[tuple[str, str]]:
    """(package, subcommand) pairs of every `python -m pkg sub` the README shows."""
    found = set()
    for line in code_lines():
        match = re.search(r"python -m (\w+) ([\w-]+)", line)
        if match:
            found.add(match.groups())
    return found


def test_readme_gives_the_two_fresh_machine_commands():
    assert "make run" in code_lines()[0] or any(
        line.startswith("make run") for line in code_lines()
    )
    assert any(line.startswith("make test") for line in code_lines())


@pytest.mark.parametrize("package,sub", sorted(python_commands()))
def test_every_documented_command_exists(package, sub):
    proc = subprocess.run(
        [sys.executable, "-m", package, sub, "--help"], cwd=ROOT, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert "usage" in proc.stdout.lower()


def make_dry_run(target: str) -> str:
    proc = subprocess.run(
        ["make", "-n", "-B", target], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return proc.stdout


def test_make_run_installs_loads_the_sample_then_serves_the_dashboard():
    steps = make_dry_run("run")
    install = steps.index("pip install --quiet -r requirements.txt")
    load = steps.index("-m fetchers load-sample")
    serve = steps.index("streamlit run app.py")
    assert install < load < serve


def test_make_run_listens_on_loopback_only():
    serve = next(line for line in make_dry_run("run").splitlines() if "--server.address" in line)
    assert "--server.address 127.0.0.1" in serve
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["address"] == "127.0.0.1"  # `streamlit run app.py` too
    assert config["server"]["enableXsrfProtection"] is True


def test_make_test_installs_dev_requirements_then_runs_pytest():
    steps = make_dry_run("test")
    assert steps.index("requirements-dev.txt") < steps.index("-m pytest")


def test_ci_runs_the_readme_test_command():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [
        shlex.split(line) for line in script.splitlines() if line.strip().startswith("make")
    ]
    assert ["make", "test"] in commands


def test_requirements_are_pinned():
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / name).read_text().splitlines():
            line = line.split("#")[0].strip()
            if line and not line.startswith("-r"):
                assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[\w.]+", line), f"{name}: {line}"


def test_load_sample_fills_an_empty_database_once(tmp_path):
    db = tmp_path / "lit.db"
    cmd = [sys.executable, "-m", "fetchers", "load-sample", "--db", str(db)]
    first = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    second = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert re.search(r"sample mitragynine: \d+ new", first.stderr)
    assert second.returncode == 0 and "already holds" in second.stderr
