"""Builds what AWS and Alexa are given: the Lambda zip and the ASK CLI skill package.

Usage (from the repository root, with the project venv):
  python scripts/build_lambda.py package [--out dist/lambda.zip] [--no-bytecode]
  python scripts/build_lambda.py skill-package [--endpoint ARN]
  python scripts/build_lambda.py lock

Why a script of our own rather than ``sam build``: the zip must be byte-for-byte reproducible
(sorted entries, fixed timestamps and permissions, hash-based .pyc), carry bytecode compiled by
the interpreter that matches the Lambda runtime, hold only what ``lambda_function`` imports,
and build with no Docker and no AWS account.
"""
from __future__ import annotations

import argparse
import json
import modulefinder
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "template.yaml"
LAMBDA_REQUIREMENTS = ROOT / "requirements" / "lambda.txt"
CONSTRAINTS = ROOT / "requirements" / "constraints.txt"
SKILL_ENTRY = ROOT / "lambda" / "lambda_function.py"
MANIFEST_SOURCE = ROOT / "skill-package" / "skill.json"
INTERACTION_MODELS = ROOT / "interaction_models"
BUILD = ROOT / "build"
WHEEL_CACHE = BUILD / "wheels"

# Files the skill reads at run time, as declared in pyproject's package-data.
DATA_SUFFIXES = frozenset({".toml", ".json"})
# Data folders nothing reads at run time: the interaction model's sample templates (skill/content/<language>/
# templates/) are expanded by `make models` on a developer's machine.
SKIPPED_DIRS = frozenset({"__pycache__", "templates"})
# Where the function's code lives on Lambda: tracebacks then name real paths.
LAMBDA_TASK_ROOT = "/var/task"
# Zip's earliest representable date; used when SOURCE_DATE_EPOCH is not set.
DEFAULT_EPOCH = 315532800
# pip writes these when installing; they differ between installs and nothing at run time reads them.
PIP_INSTALL_RECORDS = ("RECORD", "INSTALLER", "REQUESTED", "direct_url.json")
LAMBDA_ARN = re.compile(r"^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]+)?$")
ENDPOINT_PLACEHOLDER = "arn:aws:lambda:REGION:ACCOUNT_ID:function:FUNCTION_NAME"


class BuildError(RuntimeError):
    """A build precondition failed; the message says what to do."""


class UsageError(BuildError):
    """A command-line argument is wrong (exit status 2); the message names it."""


class ArgumentParser(argparse.ArgumentParser):
    """argparse, except that a bad argument is one line and exit status 2 (as ``skill.cliargs`` does for
    ``python -m skill``; this script stays importable without the project installed)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


@dataclass(frozen=True)
class Runtime:
    """The Lambda runtime the package targets and the local interpreter that compiles for it."""

    version: str  # "3.13"
    interpreter: Path

    @property
    def name(self) -> str:
        return f"python{self.version}"


def template_runtime_version(template: Path = TEMPLATE) -> str:
    """The one place the runtime is chosen is template.yaml; everything else follows it."""
    found = re.findall(r"^\s*Runtime:\s*python(\d+\.\d+)\s*$", template.read_text(encoding="utf-8"), re.M)
    if len(set(found)) != 1:
        raise BuildError(f"{template.name}: expected exactly one Python runtime, found {found or 'none'}")
    return found[0]


def _interpreter_version(candidate: str | Path) -> str | None:
    try:
        result = subprocess.run(
            [str(candidate), "-I", "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True, text=True, timeout=30, check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def _explicit_runtime(candidate: str, version: str, source: str) -> Runtime:
    """The interpreter the user named (``--python`` or $LAMBDA_PYTHON), or a UsageError saying what is wrong with it."""
    path = Path(candidate)
    if not path.exists() and not shutil.which(candidate):
        raise UsageError(f"{source}{candidate}: no such file")
    found = _interpreter_version(candidate)
    if found is None:
        raise UsageError(f"{source}{candidate}: could not run it as a Python interpreter")
    if found != version:
        raise UsageError(f"{source}{candidate}: is Python {found}, but template.yaml's runtime is python{version}; "
                         f"give a Python {version} interpreter (bytecode is only valid for the version that wrote it)")
    return Runtime(version=version, interpreter=path)


def _pyenv_interpreters(version: str) -> list[Path]:
    """pyenv's X.Y, asked of pyenv itself or, when it is not on PATH, found in its versions folder."""
    found: list[Path] = []
    pyenv = shutil.which("pyenv")
    if pyenv:
        result = subprocess.run([pyenv, "prefix", version], capture_output=True, text=True, check=False)
        if result.returncode == 0 and result.stdout.strip():
            found.append(Path(result.stdout.strip().splitlines()[0]) / "bin" / f"python{version}")
    root = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")
    found.extend(sorted(root.glob(f"versions/{version}.*/bin/python{version}"), reverse=True))
    return found


def find_runtime(explicit: str | None = None) -> Runtime:
    """Find a CPython whose minor version matches the Lambda runtime: bytecode is only valid there.

    Order: --python, $LAMBDA_PYTHON, pythonX.Y on PATH, pyenv's installed X.Y.
    """
    version = template_runtime_version()
    if explicit:
        return _explicit_runtime(explicit, version, "--python ")
    if os.environ.get("LAMBDA_PYTHON"):
        return _explicit_runtime(os.environ["LAMBDA_PYTHON"], version, "LAMBDA_PYTHON=")
    candidates: list[str | Path] = []
    on_path = shutil.which(f"python{version}")
    if on_path:
        candidates.append(on_path)
    candidates.extend(_pyenv_interpreters(version))
    for candidate in candidates:
        if _interpreter_version(candidate) == version:
            return Runtime(version=version, interpreter=Path(candidate))
    raise BuildError(
        f"no Python {version} interpreter found (template.yaml says python{version}); "
        f"install one or pass --python / set LAMBDA_PYTHON to it"
    )


def source_date_epoch() -> int:
    """Timestamp written into every zip entry (the reproducible-builds convention)."""
    return max(int(os.environ.get("SOURCE_DATE_EPOCH", DEFAULT_EPOCH)), DEFAULT_EPOCH)


def app_files(entry: Path, root: Path = ROOT) -> dict[str, Path]:
    """Map zip names to files: the entry as lambda_function.py, data beside it, and what it imports.

    Only project modules reachable by import from the entry go in (so the web server, simulator
    and linters stay out), plus the data files in the directories of the packages that do.
    """
    files: dict[str, Path] = {"lambda_function.py": entry}
    for data in sorted(entry.parent.iterdir()):
        if data.is_file() and data.suffix in DATA_SUFFIXES:
            files[data.name] = data
    finder = modulefinder.ModuleFinder(path=[str(entry.parent), str(root)])
    finder.run_script(str(entry))
    package_dirs: dict[Path, Path] = {}
    for module in finder.modules.values():
        if not module.__file__ or module.__name__ == "__main__":
            continue
        path = Path(module.__file__).resolve()
        # Modules beside the entry land at the zip's root, like the entry; the project's under their path.
        base = next((b for b in (entry.parent.resolve(), root) if path.is_relative_to(b)), None)
        if base is None:
            continue
        files[path.relative_to(base).as_posix()] = path
        if module.__path__:
            package_dirs[path.parent] = base
    for package_dir, base in sorted(package_dirs.items()):
        for data in _package_data(package_dir):
            files[data.relative_to(base).as_posix()] = data
    return files


def _package_data(package_dir: Path) -> list[Path]:
    """Data files of one package: its own, and those in sub-folders that are not packages themselves."""
    found: list[Path] = []
    for child in sorted(package_dir.iterdir()):
        if child.is_file() and child.suffix in DATA_SUFFIXES:
            found.append(child)
        elif child.is_dir() and child.name not in SKIPPED_DIRS and not (child / "__init__.py").exists():
            found.extend(_package_data(child))
    return found


def download_wheels(runtime: Runtime, requirements: Path = LAMBDA_REQUIREMENTS) -> Path:
    """Fetch the pinned, hash-checked pure-Python wheels once; later builds reuse them offline."""
    WHEEL_CACHE.mkdir(parents=True, exist_ok=True)
    _pip("download", "--dest", str(WHEEL_CACHE), *_target_flags(runtime), "-r", str(requirements))
    return WHEEL_CACHE


def _target_flags(runtime: Runtime) -> list[str]:
    # Pure-Python wheels only: the package then runs on arm64 and x86_64 alike, and every
    # runtime dependency of ask-sdk-core publishes one.
    return ["--no-deps", "--only-binary=:all:", "--implementation", "py", "--abi", "none",
            "--platform", "any", "--python-version", runtime.version]


def _pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", *args, "--quiet", "--disable-pip-version-check"], check=True)


def install_dependencies(stage: Path, runtime: Runtime, requirements: Path = LAMBDA_REQUIREMENTS) -> None:
    """Install the runtime pins into the stage from the wheel cache, then drop pip's install records."""
    wheels = download_wheels(runtime, requirements)
    _pip("install", "--target", str(stage), "--no-index", "--find-links", str(wheels), "--no-compile",
         *_target_flags(runtime), "-r", str(requirements))
    shutil.rmtree(stage / "bin", ignore_errors=True)
    for dist_info in stage.glob("*.dist-info"):
        for name in PIP_INSTALL_RECORDS:
            (dist_info / name).unlink(missing_ok=True)
    native = sorted(p.relative_to(stage).as_posix() for p in stage.rglob("*.so"))
    if native:
        raise BuildError(f"native extensions would tie the package to one architecture: {native}")


def compile_bytecode(stage: Path, runtime: Runtime) -> None:
    """Compile with the runtime's own CPython so cold starts never compile.

    unchecked-hash .pyc embed no source mtime; PYTHONHASHSEED fixes set-constant order; paths are
    rewritten to /var/task so the bytes do not depend on where the build ran. ask-sdk-model's
    docstrings carry invalid escapes; their SyntaxWarnings are upstream noise, silenced here.
    """
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    subprocess.run(
        [str(runtime.interpreter), "-I", "-W", "ignore::SyntaxWarning", "-m", "compileall", "-q", "-f", "-j", "0",
         "--invalidation-mode", "unchecked-hash", "-s", str(stage), "-p", LAMBDA_TASK_ROOT, str(stage)],
        check=True, env=env,
    )


def stage_package(entry: Path, stage: Path, runtime: Runtime, *, bytecode: bool = True) -> Path:
    """Lay out the function's code exactly as it will sit in /var/task."""
    if stage.exists():
        shutil.rmtree(stage)
    stage.mkdir(parents=True)
    install_dependencies(stage, runtime)
    for name, source in app_files(entry).items():
        target = stage / name
        if target.exists():
            raise BuildError(f"{name} from the project would overwrite a dependency's file")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    if bytecode:
        compile_bytecode(stage, runtime)
    if (stage / "skill" / "app.py").is_file():
        check_content(stage, runtime)
    return stage


def check_content(stage: Path, runtime: Runtime) -> None:
    """Load and validate every content file of the staged skill, for every locale, in the function's
    own interpreter and isolated from this checkout: content that fails is never zipped, so it never
    reaches Lambda (which then loads each file on first use, off the cold-start path)."""
    probe = ("import sys; sys.path.insert(0, sys.argv[1]); "
             "from skill.app import load_content; load_content()")
    done = subprocess.run([str(runtime.interpreter), "-I", "-S", "-B", "-c", probe, str(stage)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BuildError(f"the skill's content failed its checks; nothing was zipped:\n{done.stderr.strip()[-2000:]}")


def write_zip(stage: Path, out: Path, epoch: int | None = None) -> Path:
    """Zip the stage reproducibly: sorted names, one timestamp, 0644 files, no directory entries."""
    date_time = time.gmtime(source_date_epoch() if epoch is None else epoch)[:6]
    names = sorted(p.relative_to(stage).as_posix() for p in stage.rglob("*") if p.is_file())
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in names:
            info = zipfile.ZipInfo(name, date_time)
            info.create_system = 3  # Unix, so the permission bits below are honoured
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, (stage / name).read_bytes(), compresslevel=9)
    partial.replace(out)
    return out


def build_package(entry: Path, out: Path, *, stage: Path | None = None, bytecode: bool = True,
                  python: str | None = None) -> Path:
    """Stage, compile and zip one Lambda function whose handler module is ``entry``."""
    runtime = find_runtime(python)
    stage = stage or BUILD / "stage" / out.stem
    stage_package(entry, stage, runtime, bytecode=bytecode)
    return write_zip(stage, out)


def assemble_skill_package(out: Path, endpoint: str | None = None) -> Path:
    """Build the ASK CLI skill package: the manifest plus each locale's interaction model.

    The endpoint placeholder in skill-package/skill.json becomes ``endpoint`` when given, and is
    dropped otherwise (the ASK CLI fills it after deploying the function).
    """
    manifest = json.loads(MANIFEST_SOURCE.read_text(encoding="utf-8"))
    custom = manifest["manifest"]["apis"]["custom"]
    if endpoint:
        if not LAMBDA_ARN.match(endpoint):
            raise BuildError(f"not a Lambda function ARN: {endpoint!r}")
        custom["endpoint"]["uri"] = endpoint
    elif custom.get("endpoint", {}).get("uri") == ENDPOINT_PLACEHOLDER:
        # Alexa rejects a malformed ARN on import; without one, `ask deploy` sets the endpoint
        # itself once its deployer has created the function.
        del custom["endpoint"]
    locales = set(manifest["manifest"]["publishingInformation"]["locales"])
    models = {path.stem: path for path in sorted(INTERACTION_MODELS.glob("*.json"))}
    if missing := sorted(locales - set(models)):
        raise BuildError(f"skill.json lists locales with no interaction model: {missing}")
    if out.exists():
        shutil.rmtree(out)
    (out / "interactionModels" / "custom").mkdir(parents=True)
    (out / "skill.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for locale in sorted(locales):
        shutil.copyfile(models[locale], out / "interactionModels" / "custom" / f"{locale}.json")
    assets = MANIFEST_SOURCE.parent / "assets"
    if assets.is_dir():  # icons the manifest names as file://assets/...
        shutil.copytree(assets, out / "assets")
    return out


def lock(out: Path = LAMBDA_REQUIREMENTS) -> Path:
    """Resolve ask-sdk-core's runtime closure within the project constraints and pin it with hashes."""
    version = template_runtime_version()
    runtime_pins = _runtime_dependencies()
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        flags = [f for f in _target_flags(Runtime(version, Path(sys.executable))) if f != "--no-deps"]
        _pip("install", "--dry-run", "--ignore-installed", "--report", str(report), *flags,
             "-c", str(CONSTRAINTS), *runtime_pins)
        resolved = json.loads(report.read_text(encoding="utf-8"))["install"]
    lines = [
        "# Runtime dependencies of the AWS Lambda package (dist/lambda.zip): pyproject's [project].dependencies",
        f"# and their closure, pure-Python wheels for CPython {version}, within requirements/constraints.txt.",
        "# Generated by `python scripts/build_lambda.py lock`; do not edit by hand.",
    ]
    for item in sorted(resolved, key=lambda i: i["metadata"]["name"].lower()):
        name, pinned = item["metadata"]["name"], item["metadata"]["version"]
        digest = item["download_info"]["archive_info"]["hashes"]["sha256"]
        lines.append(f"{name}=={pinned} \\\n    --hash=sha256:{digest}")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def _runtime_dependencies() -> list[str]:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return list(project["dependencies"])


def main(argv: list[str] | None = None) -> int:
    parser = ArgumentParser(prog="build_lambda.py", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    package = commands.add_parser("package", help="build the Lambda deployment zip")
    package.add_argument("--entry", type=Path, default=SKILL_ENTRY, help="the handler module (lambda_function.py)")
    package.add_argument("--out", type=Path, default=ROOT / "dist" / "lambda.zip")
    package.add_argument("--stage", type=Path, help="where to lay the files out (default build/stage/<zip name>)")
    package.add_argument("--no-bytecode", action="store_true", help="leave out .pyc (for the cold-start comparison)")
    package.add_argument("--python", help="interpreter matching the template's runtime (default: found)")
    skill_package = commands.add_parser("skill-package", help="assemble build/skill-package for the ASK CLI")
    skill_package.add_argument("--out", type=Path, default=BUILD / "skill-package")
    skill_package.add_argument("--endpoint", default=os.environ.get("SKILL_ENDPOINT_ARN"),
                               help="Lambda ARN for apis.custom.endpoint.uri (default $SKILL_ENDPOINT_ARN)")
    commands.add_parser("lock", help="regenerate requirements/lambda.txt")
    args = parser.parse_args(argv)
    try:
        if args.command == "package":
            out = build_package(args.entry.resolve(), args.out.resolve(), stage=args.stage,
                                bytecode=not args.no_bytecode, python=args.python)
            print(f"{out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}: {out.stat().st_size} bytes")
        elif args.command == "skill-package":
            out = assemble_skill_package(args.out.resolve(), args.endpoint)
            note = "" if args.endpoint else " (no endpoint: pass --endpoint ARN, or let `ask deploy` set it)"
            print(f"{out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}{note}")
        else:
            print(lock())
    except UsageError as error:
        print(f"build_lambda.py: {error}", file=sys.stderr)
        return 2
    except (BuildError, subprocess.CalledProcessError) as error:
        print(f"build_lambda.py: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
