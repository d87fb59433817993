"""Where the skill's extra cold-start time goes: modules it imports that the hello-world skill does not.

Usage: python bench/import_profile.py [--top N]   (make bench-imports)

Runs ``python -X importtime`` on both unpacked packages (same isolated interpreter as the cold-start
benchmark) and lists the modules only the skill loads, by their own import time and by the time
including what they pull in. importtime adds its own overhead; use it to rank, not as absolute figures.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import variants
from variants import build_lambda

LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)$")


def import_times(package_dir: Path, python: Path) -> dict[str, tuple[int, int]]:
    """Module -> (self, cumulative) microseconds for ``import lambda_function`` from package_dir."""
    script = f"import sys; sys.path.insert(0, {str(package_dir)!r}); import lambda_function"
    stderr = subprocess.run([str(python), "-I", "-S", "-B", "-X", "importtime", "-c", script],
                            capture_output=True, text=True, check=True).stderr
    return {match[4]: (int(match[1]), int(match[2]))
            for match in map(LINE.match, stderr.splitlines()) if match}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=25, help="modules to list (default 25)")
    args = parser.parse_args(argv)
    runtime = build_lambda.find_runtime()
    variants.prepare([variants.SKILL, variants.HELLO], runtime)
    skill = import_times(variants.SKILL.unpacked, runtime.interpreter)
    hello = import_times(variants.HELLO.unpacked, runtime.interpreter)
    extra = {name: times for name, times in skill.items() if name not in hello}
    total = lambda times: sum(own for own, _ in times.values()) / 1000  # noqa: E731
    print(f"machine: {variants.machine(runtime)}")
    print(f"import self-time: skill {total(skill):.1f} ms, hello-world {total(hello):.1f} ms; "
          f"{len(extra)} modules only the skill imports take {total(extra):.1f} ms")
    print(f"{'self':>9}{'with imports':>14}  module")
    for name, (own, cumulative) in sorted(extra.items(), key=lambda item: -item[1][0])[:args.top]:
        print(f"{own / 1000:7.2f}ms{cumulative / 1000:12.2f}ms  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
