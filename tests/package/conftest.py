"""Fixtures for the Lambda package tests: the zip under test, unpacked once into an empty directory.

The zip is $LAMBDA_ZIP when set (``make package-smoke`` points it at dist/lambda.zip), otherwise
a fresh build into a temporary directory, so the suite never tests a stale artefact by accident.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import build_lambda  # noqa: E402  (lives in scripts/, not an installed package)
import lambda_harness  # noqa: E402


@pytest.fixture(scope="session")
def runtime() -> build_lambda.Runtime:
    """The interpreter matching template.yaml's runtime; without it the package cannot be checked."""
    return build_lambda.find_runtime()


@pytest.fixture(scope="session")
def lambda_zip(runtime: build_lambda.Runtime, tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("LAMBDA_ZIP")
    if given:
        return Path(given).resolve()
    scratch = tmp_path_factory.mktemp("build")
    return build_lambda.build_package(build_lambda.SKILL_ENTRY, scratch / "lambda.zip",
                                      stage=scratch / "stage", python=str(runtime.interpreter))


@pytest.fixture(scope="session")
def unpacked(lambda_zip: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return lambda_harness.unpack(lambda_zip, tmp_path_factory.mktemp("task"))
