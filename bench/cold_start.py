"""Cold start: a fresh process from the unpacked zip imports the handler and answers a launch request.

Usage: python bench/cold_start.py [--runs N]   (make bench-cold)

For each run, every variant gets one new isolated interpreter (``python -I -S -B``, only the unpacked
package and the standard library importable, nothing written to disk), started in turn so that
background noise spreads evenly. Reported per variant, as medians over the runs:
- process: wall time from spawning the interpreter to its exit, as the parent sees it;
- import+answer: inside that process, ``import lambda_function`` plus the first LaunchRequest;
- import: the ``import lambda_function`` part alone.
The skill is compared with the hello-world skill, and each with a zip that has no bytecode
(what precompiling buys, given that /var/task is read-only and nothing can be cached there).
"""
from __future__ import annotations

import argparse
import statistics
import sys

import variants
from variants import build_lambda, lambda_harness, ms

TARGET = 1.15


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40, help="processes per variant (default 40)")
    args = parser.parse_args(argv)
    runtime = build_lambda.find_runtime()
    compared = [variants.SKILL, variants.HELLO, variants.SKILL_SOURCE_ONLY, variants.HELLO_SOURCE_ONLY]
    variants.prepare(compared, runtime)
    launch = [lambda_harness.launch_request()]
    for variant in compared:  # one untimed run each, so the file cache is equally warm for all
        check(lambda_harness.invoke(variant.unpacked, launch, python=runtime.interpreter), variant)
    wall: dict[str, list[float]] = {v.name: [] for v in compared}
    inside: dict[str, list[float]] = {v.name: [] for v in compared}
    imports: dict[str, list[float]] = {v.name: [] for v in compared}
    for _ in range(args.runs):
        for variant in compared:
            result = lambda_harness.invoke(variant.unpacked, launch, python=runtime.interpreter)
            check(result, variant)
            wall[variant.name].append(result.wall_seconds)
            inside[variant.name].append(result.first_answer_seconds)
            imports[variant.name].append(result.import_seconds)
    median_wall = {name: statistics.median(values) for name, values in wall.items()}
    median_inside = {name: statistics.median(values) for name, values in inside.items()}
    median_import = {name: statistics.median(values) for name, values in imports.items()}

    print(f"cold start, median of {args.runs} fresh processes per variant")
    print(f"machine: {variants.machine(runtime)}")
    print(f"{'variant':<26}{'process':>12}{'import+answer':>16}{'import':>12}")
    for variant in compared:
        print(f"{variant.name:<26}{ms(median_wall[variant.name]):>12}{ms(median_inside[variant.name]):>16}"
              f"{ms(median_import[variant.name]):>12}")
    skill, hello = variants.SKILL.name, variants.HELLO.name
    process_ratio = median_wall[skill] / median_wall[hello]
    inside_ratio = median_inside[skill] / median_inside[hello]
    print(f"skill / hello-world: process {process_ratio:.2f}x, import+answer {inside_ratio:.2f}x "
          f"(target <= {TARGET:.2f}x: {'met' if process_ratio <= TARGET else 'missed'} on process time)")
    for with_code, without in ((variants.SKILL, variants.SKILL_SOURCE_ONLY),
                               (variants.HELLO, variants.HELLO_SOURCE_ONLY)):
        saved = median_wall[without.name] - median_wall[with_code.name]
        print(f"bytecode saves {with_code.name}: {saved * 1000:.1f} ms per cold start "
              f"({median_wall[without.name] / median_wall[with_code.name]:.2f}x slower without)")
    return 0


def check(result: lambda_harness.Invocation, variant: variants.Variant) -> None:
    """A timing only counts if the launch was answered and the session left open for the user."""
    response = result.responses[0]["response"]
    if response.get("shouldEndSession") is not False or "outputSpeech" not in response:
        raise SystemExit(f"{variant.name}: launch was not answered properly: {response}")


if __name__ == "__main__":
    sys.exit(main())
