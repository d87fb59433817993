"""What is in the Lambda zip: only what runs there, compiled for the runtime, with fixed metadata."""
from __future__ import annotations

import re
import stat
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

import build_lambda

pytestmark = pytest.mark.package  # slow (builds or unpacks the zip): `make package-smoke` runs these, `make test` skips them

FIVE_MB = 5 * 1024 * 1024
NOT_AT_RUN_TIME = ("skill/web/", "skill/simulator/", "skill/lint/", "skill/__main__.py", "skill/models.py")
NEVER_SHIPPED = ("boto3", "botocore", "flask", "flask_ask_sdk", "werkzeug", "gunicorn", "cryptography",
                 "rapidfuzz", "pytest", "_pytest", "hypothesis", "cfnlint", "pip", "setuptools")


@pytest.fixture(scope="module")
def entries(lambda_zip: Path) -> list[zipfile.ZipInfo]:
    with zipfile.ZipFile(lambda_zip) as archive:
        return archive.infolist()


@pytest.fixture(scope="module")
def names(entries: list[zipfile.ZipInfo]) -> list[str]:
    return [entry.filename for entry in entries]


def test_handler_module_at_the_root_and_the_skill_package_beside_it(names: list[str]) -> None:
    assert "lambda_function.py" in names
    assert {"skill/__init__.py", "skill/app.py", "skill/dialogue/step.py"} <= set(names)


def test_development_only_code_and_libraries_stay_out(names: list[str]) -> None:
    assert not [name for name in names if name.startswith(NOT_AT_RUN_TIME)]
    top_level = {name.split("/")[0].removesuffix(".py") for name in names}
    assert not top_level & set(NEVER_SHIPPED)


def test_dependencies_are_exactly_the_lambda_pins(names: list[str]) -> None:
    pins = re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", build_lambda.LAMBDA_REQUIREMENTS.read_text(), re.M)
    wanted = {(re.sub(r"[-_.]+", "_", name).lower(), version) for name, version in pins}
    shipped = {tuple(part.lower() for part in name.split("/")[0].removesuffix(".dist-info").rsplit("-", 1))
               for name in names if name.split("/")[0].endswith(".dist-info")}
    assert shipped == wanted
    assert ("ask_sdk_core", "1.19.0") in shipped


def test_every_run_time_content_file_is_there_and_no_build_time_one(names: list[str]) -> None:
    content = build_lambda.ROOT / "skill" / "content"
    files = {path.relative_to(build_lambda.ROOT).as_posix()
             for path in content.rglob("*") if path.suffix in build_lambda.DATA_SUFFIXES}
    templates = {name for name in files if "/templates/" in name}  # read by `make models` only
    assert templates and "skill/content/en-US/locale.toml" in files
    assert files - templates <= set(names)
    assert not [name for name in names if "/templates/" in name]


def test_every_module_has_unchecked_hash_bytecode_for_the_runtime(
        lambda_zip: Path, names: list[str], runtime: build_lambda.Runtime) -> None:
    magic = bytes.fromhex(subprocess.run(
        [str(runtime.interpreter), "-I", "-c", "import importlib.util as u; print(u.MAGIC_NUMBER.hex())"],
        capture_output=True, text=True, check=True).stdout.strip())
    tag = f"cpython-{runtime.version.replace('.', '')}"
    sources = [name for name in names if name.endswith(".py")]
    assert len(sources) > 100
    with zipfile.ZipFile(lambda_zip) as archive:
        for source in sources:
            folder, _, module = source.rpartition("/")
            cached = f"{folder + '/' if folder else ''}__pycache__/{module[:-3]}.{tag}.pyc"
            header = archive.read(cached)[:8]
            assert header[:4] == magic, cached
            assert int.from_bytes(header[4:8], "little") == 0b01, cached  # hash-based, source not checked


def test_entries_are_sorted_files_with_one_timestamp_and_mode(entries: list[zipfile.ZipInfo]) -> None:
    names = [entry.filename for entry in entries]
    assert names == sorted(names)
    expected_time = time.gmtime(build_lambda.source_date_epoch())[:6]
    for entry in entries:
        assert not entry.is_dir()
        assert entry.date_time == expected_time, entry.filename
        assert entry.external_attr >> 16 == stat.S_IFREG | 0o644, entry.filename


def test_pure_python_so_it_runs_on_arm64_and_x86_64(names: list[str]) -> None:
    assert not [name for name in names if name.endswith((".so", ".pyd", ".dylib"))]


def test_fits_the_five_megabyte_budget(lambda_zip: Path) -> None:
    assert lambda_zip.stat().st_size <= FIVE_MB


def test_lambda_pins_agree_with_the_project_constraints() -> None:
    """requirements/lambda.txt is generated within constraints.txt; a pin bumped in one alone is caught."""
    normal = lambda name: re.sub(r"[-_.]+", "-", name).lower()  # noqa: E731
    pin = re.compile(r"^([A-Za-z0-9_.-]+)==(\S+)", re.M)
    constraints = {normal(name): version for name, version in pin.findall(build_lambda.CONSTRAINTS.read_text())}
    lambda_pins = {normal(name): version for name, version in pin.findall(build_lambda.LAMBDA_REQUIREMENTS.read_text())}
    assert lambda_pins and all(constraints.get(name) == version for name, version in lambda_pins.items())
