"""Command line: ``python -m skill COMMAND [ARGS]``.

Each command lives in its own module with a ``main(command, argv) -> int`` so that one concern
never imports another's dependencies (the Lambda package has no Flask, for example).
"""
from __future__ import annotations

import importlib
import sys

COMMANDS: dict[str, tuple[str, str]] = {
    "chat": ("skill.simulator.cli", "talk to the skill in a terminal"),
    "ask": ("skill.simulator.cli", "ask one question and print the answer"),
    "serve": ("skill.web.cli", "serve the skill over HTTP (development server)"),
    "lint": ("skill.lint.cli", "check interaction models and manifest offline"),
    "models": ("skill.models", "regenerate interaction_models/ from the knowledge data and sample templates"),
}


def _usage() -> str:
    lines = ["usage: python -m skill COMMAND [ARGS]", "", "commands:"]
    lines += [f"  {name:<8} {help_text}" for name, (_, help_text) in COMMANDS.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(_usage())
        return 0
    command, rest = args[0], args[1:]
    if command not in COMMANDS:
        print(f"python -m skill: unknown command {command!r} (commands: {', '.join(COMMANDS)}; see --help)",
              file=sys.stderr)
        return 2
    try:
        module = importlib.import_module(COMMANDS[command][0])
        return int(module.main(command, rest) or 0)
    except ModuleNotFoundError as error:
        if (error.name or "skill").split(".")[0] == "skill":
            raise  # our own code is broken: that is a bug to see in full, not a setup problem
        print(f"python -m skill {command}: the package {error.name!r} is not installed for {sys.executable}. "
              f"Run `make test` once to create .venv/, then use .venv/bin/python -m skill {command}",
              file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
