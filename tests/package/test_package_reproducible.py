"""Same inputs, same bytes: two builds in different places give identical zips."""
from __future__ import annotations

from pathlib import Path

import build_lambda


def test_two_builds_are_byte_identical(runtime: build_lambda.Runtime, tmp_path: Path) -> None:
    zips = [build_lambda.build_package(build_lambda.SKILL_ENTRY, tmp_path / f"build{n}" / "lambda.zip",
                                       stage=tmp_path / f"stage{n}", python=str(runtime.interpreter))
            for n in (1, 2)]
    first, second = (path.read_bytes() for path in zips)
    assert len(first) > 1_000_000
    assert first == second
