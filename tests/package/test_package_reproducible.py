"""Same inputs, same bytes: two builds in different places give identical zips.

The first build is the session's zip under test (tests/package/conftest.py: dist/lambda.zip under
``make package-smoke``, else built once per session); only the second is built here, elsewhere.
"""
from __future__ import annotations

from pathlib import Path

import pytest

import build_lambda

pytestmark = pytest.mark.package  # slow (builds or unpacks the zip): `make package-smoke` runs these, `make test` skips them


def test_two_builds_are_byte_identical(lambda_zip: Path, runtime: build_lambda.Runtime, tmp_path: Path) -> None:
    again = build_lambda.build_package(build_lambda.SKILL_ENTRY, tmp_path / "elsewhere" / "lambda.zip",
                                       stage=tmp_path / "stage", python=str(runtime.interpreter))
    assert again.parent != lambda_zip.parent
    first, second = lambda_zip.read_bytes(), again.read_bytes()
    assert len(first) > 1_000_000
    assert first == second
