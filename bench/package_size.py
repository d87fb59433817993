"""Package size: the Lambda zip in bytes and MB, what takes the room, and what bytecode adds.

Usage: python bench/package_size.py   (make bench-size)

Builds the skill with and without bytecode (and the hello-world baseline) exactly as dist/lambda.zip
is built, then reports compressed sizes from the zip's own entries.
"""
from __future__ import annotations

import sys
import zipfile
from collections import Counter

import variants
from variants import build_lambda

TARGET_BYTES = 5 * 1024 * 1024
MB = 1024 * 1024


def main() -> int:
    runtime = build_lambda.find_runtime()
    compared = [variants.SKILL, variants.SKILL_SOURCE_ONLY, variants.HELLO]
    variants.prepare(compared, runtime)
    print(f"machine: {variants.machine(runtime)}")
    for variant in compared:
        size = variant.zip_path.stat().st_size
        print(f"{variant.name:<20}{size:>10} bytes  {size / MB:6.2f} MB")
    skill = variants.SKILL.zip_path.stat().st_size
    print(f"skill zip vs {TARGET_BYTES // MB} MB budget: {'within' if skill <= TARGET_BYTES else 'OVER'} "
          f"({skill / TARGET_BYTES:.0%} used)")
    print(f"bytecode adds {(skill - variants.SKILL_SOURCE_ONLY.zip_path.stat().st_size) / MB:.2f} MB")
    by_part: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    with zipfile.ZipFile(variants.SKILL.zip_path) as archive:
        for entry in archive.infolist():
            by_part[part_of(entry.filename)] += entry.compress_size
            by_kind["bytecode (.pyc)" if entry.filename.endswith(".pyc") else
                    "source (.py)" if entry.filename.endswith(".py") else "data and metadata"] += entry.compress_size
    print("compressed bytes in the skill zip, by package:")
    for part, size in by_part.most_common():
        print(f"  {part:<22}{size:>10}  {size / MB:6.2f} MB")
    print("by kind:")
    for kind, size in by_kind.most_common():
        print(f"  {kind:<22}{size:>10}  {size / MB:6.2f} MB")
    print(f"  {'zip headers':<22}{skill - sum(by_kind.values()):>10}  {(skill - sum(by_kind.values())) / MB:6.2f} MB")
    return 0


def part_of(name: str) -> str:
    """The package an entry belongs to: its top folder or a root module's name; dist-info kept apart."""
    top, _, rest = name.partition("/")
    if top == "__pycache__":
        return rest.split(".")[0]
    if top.endswith(".dist-info"):
        return "*.dist-info (licences)"
    return top.removesuffix(".py")


if __name__ == "__main__":
    sys.exit(main())
