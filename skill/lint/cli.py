"""``python -m skill lint [--strict] [PATH ...]``: certification checks offline, in CI and at the desk.

Prints one line per problem, ``file: path.to.node: rule: severity: message``, and exits 1 when there
is an error (or, with ``--strict``, a warning), 2 on a usage mistake, 0 otherwise.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from skill.cliargs import ArgumentParser
from skill.lint.catalog import RULES
from skill.lint.runner import Target, lint_targets

MODELS_DIR = "interaction_models"
MANIFEST = Path("skill-package") / "skill.json"


def _project_root() -> Path:
    """The working directory when it holds the models, else the checkout this package lives in."""
    cwd = Path.cwd()
    if (cwd / MODELS_DIR).is_dir():
        return cwd
    return Path(__file__).resolve().parents[2]


def _shown(path: Path) -> str:
    """Paths relative to the working directory when possible: short and clickable in a terminal."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def default_targets() -> list[Target]:
    root = _project_root()
    paths = sorted((root / MODELS_DIR).glob("*.json"))
    if (root / MANIFEST).is_file():
        paths.append(root / MANIFEST)
    return [Target(p, _shown(p), explicit=True) for p in paths]


def targets_for(arguments: list[str]) -> list[Target]:
    """Files as given (and shown as typed); folders are searched for JSON, skipping unrelated JSON files."""
    targets = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            targets += [Target(p, str(p), explicit=False) for p in sorted(path.rglob("*.json")) if p.is_file()]
        elif path.is_file():
            targets.append(Target(path, argument, explicit=True))
        else:
            raise FileNotFoundError(argument)
    return targets


def _parser() -> argparse.ArgumentParser:
    parser = ArgumentParser(
        prog="python -m skill lint",
        description="Check Alexa interaction models and skill manifests against certification rules, offline. "
                    f"With no PATH: {MODELS_DIR}/*.json and {MANIFEST} (when present).",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="model or manifest files, or folders to search")
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")
    parser.add_argument("--rules", action="store_true", help="list every rule id with its severity and exit")
    return parser


def main(command: str, argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if args.rules:
        for rule in RULES.values():
            print(f"{rule.id}: {rule.severity.value}: {rule.scope}: {rule.summary}")
        return 0
    try:
        targets = targets_for(args.paths) if args.paths else default_targets()
    except (FileNotFoundError, PermissionError) as exc:
        print(f"{command}: no such file or folder: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return 2
    if not targets:
        print(f"{command}: nothing to check (no {MODELS_DIR}/*.json here)", file=sys.stderr)
        return 2
    try:
        problems = lint_targets(targets)
    except OSError as exc:
        print(f"{command}: cannot read {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 2
    for found in problems:
        print(found.format())
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    print(f"{command}: {len(targets)} files, {errors} errors, {warnings} warnings", file=sys.stderr)
    return 1 if errors or (args.strict and warnings) else 0
