"""The packages the benchmarks compare, built the one way dist/lambda.zip is, and the machine they ran on.

Every variant is built by scripts/build_lambda.py (same pinned dependencies, same compiler, same zip
writer) and unpacked into a fresh empty directory under build/bench/, so the skill and the
hello-world baseline differ only in their own code.
"""
from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import build_lambda  # noqa: E402
import lambda_harness  # noqa: E402

WORK = build_lambda.BUILD / "bench"
HELLO_WORLD = ROOT / "bench" / "hello_world" / "lambda_function.py"


@dataclass(frozen=True)
class Variant:
    """One package under test: which handler module, with or without bytecode."""

    name: str
    entry: Path
    bytecode: bool = True

    @property
    def zip_path(self) -> Path:
        return WORK / f"{self.name}.zip"

    @property
    def unpacked(self) -> Path:
        return WORK / "task" / self.name


SKILL = Variant("skill", build_lambda.SKILL_ENTRY)
HELLO = Variant("hello-world", HELLO_WORLD)
SKILL_SOURCE_ONLY = Variant("skill-no-bytecode", build_lambda.SKILL_ENTRY, bytecode=False)
HELLO_SOURCE_ONLY = Variant("hello-world-no-bytecode", HELLO_WORLD, bytecode=False)


def prepare(variants: list[Variant], runtime: build_lambda.Runtime) -> None:
    """Build each zip and unpack it into an empty directory, as Lambda does into /var/task."""
    for variant in variants:
        build_lambda.build_package(variant.entry, variant.zip_path, stage=WORK / "stage" / variant.name,
                                   bytecode=variant.bytecode, python=str(runtime.interpreter))
        if variant.unpacked.exists():
            shutil.rmtree(variant.unpacked)
        lambda_harness.unpack(variant.zip_path, variant.unpacked)


def machine(runtime: build_lambda.Runtime) -> str:
    """One line naming the hardware and software the figures come from."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    version = subprocess.run(
        [str(runtime.interpreter), "-c", "import sys; print(sys.version.split()[0])"],
        capture_output=True, text=True, check=True).stdout.strip()
    return (f"{model}, {os.cpu_count()} cores, {platform.system()} {platform.release()} {platform.machine()}; "
            f"CPython {version} ({runtime.interpreter})")


def percentile(values: list[float], fraction: float) -> float:
    """Inclusive percentile: with fraction 0.99 the value 99 % of samples do not exceed."""
    return statistics.quantiles(values, n=1000, method="inclusive")[round(fraction * 1000) - 1]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f} ms"
