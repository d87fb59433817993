"""Every command answers a bad argument with one line naming the problem and exit status 2, never a traceback.

Run as a user runs them (a fresh interpreter, from the repository root), since a traceback or a
usage block is what they would see.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SKILL = [sys.executable, "-m", "skill"]
BUILD = [sys.executable, "scripts/build_lambda.py"]
SKILL_ID = "amzn1.ask.skill.00000000-0000-4000-8000-000000000000"

#: (command line, words the one line must contain)
BAD_ARGUMENTS = {
    "unknown command": (SKILL + ["nonsense"], "unknown command 'nonsense'"),
    "chat unknown flag": (SKILL + ["chat", "--nope"], "unrecognized arguments: --nope"),
    "ask with no question": (SKILL + ["ask"], "the following arguments are required: question"),
    "ask endpoint not a URL": (SKILL + ["ask", "--endpoint", "notaurl", "hi"], "not an http:// or https:// URL: 'notaurl'"),
    "ask endpoint bad port": (SKILL + ["ask", "--endpoint", "http://127.0.0.1:99999/", "hi"], "not a URL"),
    "ask audio-dir is a file": (SKILL + ["ask", "--audio-dir", "README.md", "hi"], "not a folder: 'README.md'"),
    "serve port -1": (SKILL + ["serve", "--port", "-1"], "port must be from 1 to 65535 (got -1)"),
    "serve port 70000": (SKILL + ["serve", "--port", "70000"], "port must be from 1 to 65535 (got 70000)"),
    "serve port word": (SKILL + ["serve", "--port", "http"], "not a port number: 'http'"),
    "serve PORT env 70000": (SKILL + ["serve", "--skill-id", SKILL_ID], "PORT must be a port from 1 to 65535"),
    "serve no skill id": (SKILL + ["serve"], "set the environment variable SKILL_ID"),
    "serve insecure on the network": (SKILL + ["serve", "--insecure-dev-mode", "--host", "0.0.0.0"],
                                      "insecure development mode serves loopback only"),
    "lint unknown flag": (SKILL + ["lint", "--nope"], "unrecognized arguments: --nope"),
    "models unknown flag": (SKILL + ["models", "--nope"], "unrecognized arguments: --nope"),
    "build unknown command": (BUILD + ["nonsense"], "invalid choice: 'nonsense'"),
    "build missing value": (BUILD + ["package", "--out"], "expected one argument"),
    "build python missing": (BUILD + ["package", "--python", "/no/such/python"], "--python /no/such/python: no such file"),
    "build python not python": (BUILD + ["package", "--python", "README.md"], "could not run it as a Python interpreter"),
}
ENV = {"serve PORT env 70000": {"PORT": "70000"}}


def run(command: list[str], env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items()
                   if key not in {"SKILL_ID", "SKILL_INSECURE_DEV_MODE", "PORT", "HOST", "LAMBDA_PYTHON"}}
    return subprocess.run(command, cwd=ROOT, env={**environment, **(env or {})}, capture_output=True, text=True,
                          timeout=timeout, check=False)


def assert_one_line_usage_error(result: subprocess.CompletedProcess[str], words: str) -> None:
    lines = result.stderr.splitlines()
    assert result.returncode == 2, result.stderr
    assert len(lines) == 1, result.stderr
    assert words in lines[0], lines[0]
    assert "Traceback" not in result.stderr and result.stdout == ""


@pytest.mark.parametrize("case", sorted(BAD_ARGUMENTS))
def test_bad_argument_is_one_line_and_status_2(case: str) -> None:
    command, words = BAD_ARGUMENTS[case]
    assert_one_line_usage_error(run(command, ENV.get(case)), words)


def test_build_python_of_another_version_says_which_version_it_is() -> None:
    result = run(BUILD + ["package", "--python", sys.executable])
    if sys.version_info[:2] == (3, 13):
        pytest.skip("this interpreter is the runtime's version, so it is not a wrong one")
    assert_one_line_usage_error(result, f"is Python {sys.version_info[0]}.{sys.version_info[1]}, "
                                        "but template.yaml's runtime is python3.13")


def test_insecure_mode_on_the_network_needs_the_second_flag(monkeypatch: pytest.MonkeyPatch) -> None:
    """With --allow-insecure-on-network the dev server does start on that host (run_simple is replaced, so nothing binds)."""
    import werkzeug.serving

    from skill.web import cli

    started: list[Any] = []
    monkeypatch.setattr(werkzeug.serving, "run_simple", lambda host, port, app, **options: started.append((host, port)))
    monkeypatch.delenv("SKILL_ID", raising=False)
    assert cli.main("serve", ["--insecure-dev-mode", "--host", "0.0.0.0", "--port", "8123"]) == 2
    assert started == []
    assert cli.main("serve", ["--insecure-dev-mode", "--host", "0.0.0.0", "--port", "8123",
                              "--allow-insecure-on-network"]) == 0
    assert cli.main("serve", ["--insecure-dev-mode", "--host", "::1", "--port", "8123"]) == 0
    assert cli.main("serve", ["--insecure-dev-mode", "--host", "localhost", "--port", "8123"]) == 0
    assert started == [("0.0.0.0", 8123), ("::1", 8123), ("localhost", 8123)]


@pytest.mark.parametrize("env, words", [
    ({}, "set the environment variable SKILL_ID"),
    ({"SKILL_ID": SKILL_ID, "SKILL_INSECURE_DEV_MODE": "1"}, "SKILL_INSECURE_DEV_MODE is set, but the WSGI entry always verifies"),
    ({"SKILL_ID": SKILL_ID, "SKILL_INSECURE_DEV_MODE": "maybe"}, "SKILL_INSECURE_DEV_MODE must be one of"),
])
def test_gunicorn_refuses_a_bad_configuration_with_one_clear_line_and_stops(env: dict[str, str], words: str) -> None:
    """The README's production command: no traceback, no worker restarted forever, one line naming the variable."""
    result = run([sys.executable, "-m", "gunicorn", "--preload", "-w", "2", "-b", "127.0.0.1:0", "skill.web.wsgi:app"],
                 env, timeout=60)
    assert result.returncode != 0
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("skill.web.wsgi: ") and words in lines[0], result.stderr
    assert "pass --skill-id" not in result.stderr  # gunicorn has no such flag


def test_readme_commands_run_the_venv_interpreter() -> None:
    """A newcomer copies commands: a bare `python -m skill` outside the venv fails with ModuleNotFoundError."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    fenced = re.findall(r"^```[a-z]*\n(.*?)^```", readme, re.M | re.S)
    commands = [line for block in fenced for line in block.splitlines()]
    commands += [line for line in readme.splitlines() if line.startswith("|")]  # the command tables
    assert any(".venv/bin/python -m skill" in line for line in commands)
    bare = [line for line in commands if re.search(r"(?<![/\w.])python3? -m skill\b", line)]
    assert bare == []


def test_make_help_lists_the_targets() -> None:
    result = subprocess.run(["make", "--no-print-directory", "help"], cwd=ROOT, capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    documented = re.findall(r"^## .*\n([a-z][a-z-]*):", makefile, re.M)
    assert len(documented) >= 10
    listed = {line.split()[0] for line in result.stdout.splitlines() if line.startswith("  ")}
    assert set(documented) <= listed, set(documented) - listed


def test_the_first_make_says_it_is_creating_the_environment(tmp_path: Path) -> None:
    """The real first-run recipe against an empty folder; only the package install is skipped (PIP=true)."""
    venv = tmp_path / "venv"
    result = subprocess.run(["make", "--no-print-directory", f"VENV={venv}", "PIP=true", f"{venv}/.installed"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Creating the Python environment in {venv}/"), result.stdout
    assert (venv / "bin" / "python").exists()


def test_a_missing_package_is_one_line_naming_it_and_the_venv() -> None:
    """An interpreter without the project's packages (the README's examples run outside .venv/) gets a
    one-line hint, not a ModuleNotFoundError traceback."""
    hide_rapidfuzz = "import runpy, sys; sys.modules['rapidfuzz'] = None; sys.argv = ['skill', 'chat']; " \
                     "runpy.run_module('skill', run_name='__main__')"
    result = run([sys.executable, "-c", hide_rapidfuzz])
    assert result.returncode == 2
    assert_one_line_usage_error(result, "rapidfuzz")
    assert ".venv/bin/python -m skill chat" in result.stderr
