"""deploy/: the crontab, the systemd units and the nightly wrapper do what the docs say."""

from __future__ import annotations

import configparser
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from fetchers.__main__ import build_parser

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
INSTALL_DIR = "/opt/kratom-evidence-tracker"  # the path the examples use
CRON_FIELD = re.compile(r"^(\*|\d+(-\d+)?)(/\d+)?(,(\*|\d+(-\d+)?)(/\d+)?)*$")
CRON_RANGES = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)]
NAMES = re.compile(
    r"^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|sun|mon|tue|wed|thu|fri|sat)$"
)


def cron_jobs(text: str) -> list[tuple[list[str], str]]:
    """(five time fields, command) for every job line, commented-out examples included."""
    jobs = []
    for line in text.splitlines():
        line = line.strip().removeprefix("#").strip()
        parts = line.split(None, 5)
        if len(parts) == 6 and all(CRON_FIELD.match(p) or NAMES.match(p) for p in parts[:5]):
            jobs.append((parts[:5], parts[5]))
    return jobs


def check_cron_fields(fields: list[str]) -> None:
    """Every number of every field lies in that field's range."""
    for field, (low, high) in zip(fields, CRON_RANGES, strict=True):
        for number in re.findall(r"\d+", field.split("/")[0]):
            assert low <= int(number) <= high, f"{field} out of {low}-{high}"


def fetcher_commands(shell: str) -> list[list[str]]:
    """The argument lists after `-m fetchers` in a shell snippet."""
    found = []
    lines = [line for line in shell.splitlines() if "-m fetchers" in line]
    for segment in re.split(r";|&&|\n", "\n".join(lines)):
        words = shlex.split(segment, comments=True)
        if "-m" in words and "fetchers" in words:
            args = words[words.index("fetchers") + 1 :]
            found.append([w for w in args if not w.startswith((">", "2>"))])
    return found


def nightly_commands() -> dict[str, object]:
    """nightly.sh's fetcher invocations, parsed by the real argument parser."""
    script = (DEPLOY / "nightly.sh").read_text()
    script = script.replace('"$PYTHON"', "python").replace("$LOG_FILE", "/var/log/k/fetch.log")
    script = re.sub(r'"\$(\w+)/?"', lambda m: f"/tmp/{m.group(1).lower()}/", script)
    return {args.command: args for args in map(build_parser().parse_args, fetcher_commands(script))}


def test_nightly_script_fetches_quietly_with_a_log_then_digests_then_checks_status():
    commands = nightly_commands()
    assert list(commands) == ["run", "digest", "status"]
    assert commands["run"].quiet and commands["run"].log_file
    assert commands["digest"].output and commands["digest"].since
    assert commands["status"].max_age


def test_nightly_script_is_valid_sh_and_executable():
    script = DEPLOY / "nightly.sh"
    assert os.access(script, os.X_OK)
    subprocess.run(["sh", "-n", str(script)], check=True)


def test_crontab_example_runs_the_nightly_job_with_its_environment():
    text = (DEPLOY / "crontab.example").read_text()
    env = dict(re.findall(r"^([A-Z_]+)=(.*)$", text, re.MULTILINE))
    assert {"NCBI_EMAIL", "LITERATURE_DB", "MAILTO", "PATH"} <= set(env)
    assert "NCBI_API_KEY=" not in re.sub(r"^#.*$", "", text, flags=re.MULTILINE)  # no secret live
    active = cron_jobs("\n".join(ln for ln in text.splitlines() if not ln.startswith("#")))
    assert len(active) == 1
    fields, command = active[0]
    check_cron_fields(fields)
    assert command.split()[0] == f"{INSTALL_DIR}/deploy/nightly.sh"
    assert "fetchers" in (DEPLOY / "nightly.sh").read_text()


def test_crontab_spelled_out_alternative_parses_as_fetcher_commands():
    jobs = cron_jobs((DEPLOY / "crontab.example").read_text())
    inline = [command for _, command in jobs if "-m fetchers" in command]
    assert inline, "the commented alternative without the wrapper is missing"
    for fields, _ in jobs:
        check_cron_fields(fields)
    commands = [build_parser().parse_args(a) for a in fetcher_commands(inline[0])]
    assert [c.command for c in commands] == ["run", "digest", "status"]
    assert commands[0].quiet and commands[0].log_file
    assert "%" not in inline[0]  # cron turns % into newlines


def read_unit(name: str) -> configparser.ConfigParser:
    """A systemd unit file as sections and keys."""
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read_string((DEPLOY / name).read_text())
    return parser


def test_systemd_service_runs_the_nightly_script_with_the_env_file():
    unit = read_unit("kratom-fetch.service")
    service = unit["Service"]
    assert service["Type"] == "oneshot"
    assert service["ExecStart"] == f"{INSTALL_DIR}/deploy/nightly.sh"
    assert service["WorkingDirectory"] == INSTALL_DIR
    assert service["EnvironmentFile"].startswith("/etc/")
    assert "network-online.target" in unit["Unit"]["After"]


def test_systemd_timer_fires_nightly_and_catches_up():
    timer = read_unit("kratom-fetch.timer")
    assert re.fullmatch(r"\*-\*-\* \d\d:\d\d:\d\d", timer["Timer"]["OnCalendar"])
    assert timer["Timer"]["Persistent"] == "true"
    assert timer["Timer"]["Unit"] == "kratom-fetch.service"
    assert timer["Install"]["WantedBy"] == "timers.target"


def test_env_example_documents_every_setting_and_holds_no_secret():
    text = (DEPLOY / "kratom-fetch.env.example").read_text()
    live = dict(re.findall(r"^([A-Z_]+)=(.*)$", text, re.MULTILINE))
    for line in text.splitlines():
        assert not line.strip() or line.startswith("#") or re.match(r"^[A-Z_]+=\S*$", line), line
    assert "NCBI_API_KEY" not in live and "# NCBI_API_KEY=" in text
    used = set(re.findall(r"\$\{(\w+):-", (DEPLOY / "nightly.sh").read_text()))
    assert used <= set(live), f"not in the env example: {used - set(live)}"
    assert {"NCBI_EMAIL", "LITERATURE_DB"} <= set(live)


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze not installed")
def test_systemd_units_pass_systemd_analyze_verify(tmp_path):
    env = tmp_path / "fetch.env"
    env.write_text("NCBI_EMAIL=test@example.org\n")
    service = (DEPLOY / "kratom-fetch.service").read_text().replace(INSTALL_DIR, str(ROOT))
    service = re.sub(r"^EnvironmentFile=.*$", f"EnvironmentFile={env}", service, flags=re.MULTILINE)
    (tmp_path / "kratom-fetch.service").write_text(service)
    shutil.copy(DEPLOY / "kratom-fetch.timer", tmp_path)
    units = [str(tmp_path / "kratom-fetch.service"), str(tmp_path / "kratom-fetch.timer")]
    result = subprocess.run(
        ["systemd-analyze", "verify", *units], capture_output=True, text=True, cwd=tmp_path
    )
    complaints = [line for line in result.stderr.splitlines() if "kratom-fetch" in line]
    assert result.returncode == 0 and not complaints, result.stderr
    calendar = read_unit("kratom-fetch.timer")["Timer"]["OnCalendar"]
    subprocess.run(["systemd-analyze", "calendar", calendar], check=True, capture_output=True)


STUB = """#!/bin/sh
# A stand-in for the venv's python: logs its arguments, exits as told per subcommand.
echo "$*" >> "$CALLS"
for word in "$@"; do
    case "$word" in run|digest|status) eval "exit \\${RC_$word:-0}" ;; esac
done
"""


def run_nightly(tmp_path: Path, **codes: int) -> tuple[int, list[str]]:
    """Run nightly.sh with a stub interpreter; returns its status and the calls made."""
    stub = tmp_path / "python"
    stub.write_text(STUB)
    stub.chmod(0o755)
    calls = tmp_path / "calls.txt"
    calls.write_text("")
    env = {
        "PATH": os.environ["PATH"],
        "PYTHON": str(stub),
        "CALLS": str(calls),
        "LOG_DIR": str(tmp_path / "logs"),
        "DIGEST_DIR": str(tmp_path / "digests"),
        **{f"RC_{name}": str(code) for name, code in codes.items()},
    }
    result = subprocess.run(
        [str(DEPLOY / "nightly.sh")], env=env, capture_output=True, text=True, timeout=30
    )
    return result.returncode, calls.read_text().splitlines()


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        ({}, 0),
        ({"run": 1}, 0),  # a partial fetch alone is no alarm: the next run fills the gap
        ({"status": 1}, 1),  # stale
        ({"run": 1, "status": 1}, 1),
        ({"run": 4}, 4),  # unusable database
        ({"run": 3}, 3),  # another run holds the lock
    ],
)
def test_nightly_script_exit_status(tmp_path, codes, expected):
    status, calls = run_nightly(tmp_path, **codes)
    assert status == expected
    assert [c.split()[4] for c in calls] == ["run", "digest", "status"]  # always all three
    assert (tmp_path / "logs").is_dir() and (tmp_path / "digests").is_dir()
