"""The certvalidator fallback: flask-ask-sdk imports, and the SDK's own verifier can only refuse."""
from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from skill.web import compat
from tests.web.conftest import Pki
from tests.web.envelopes import CERT_URL, body_of, launch, signed_headers

ROOT = Path(__file__).resolve().parents[2]


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    """A fresh interpreter, so nothing this test process imported can mask an import failure."""
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("module", ["skill.web.verifier", "skill.web.envelope", "skill.web.app", "skill.web.cli"])
def test_every_web_module_imports_on_its_own(module: str) -> None:
    """The package installs the fallback, whichever of its modules is imported first."""
    result = run_python(f"import {module}")
    assert result.returncode == 0, result.stderr


def test_flask_ask_sdk_imports_through_the_app_module() -> None:
    result = run_python(
        "import skill.web.app\n"
        "from flask_ask_sdk.skill_adapter import SkillAdapter\n"
        "from ask_sdk_webservice_support.verifier import RequestVerifier\n"
        "import skill.web.compat as c\n"
        "print(SkillAdapter.__module__, repr(c.FALLBACK_REASON))\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("flask_ask_sdk.skill_adapter ")


def test_fallback_is_used_exactly_when_the_plain_import_fails() -> None:
    """Without the fallback the SDK fails to import here for the recorded reason; with it, it loads."""
    plain = run_python("import flask_ask_sdk.skill_adapter")
    reason = run_python("import skill.web.compat as c; print(c.install_certvalidator_fallback())").stdout.strip()
    if reason == "None":
        assert plain.returncode == 0, plain.stderr
    else:
        assert plain.returncode != 0
        assert reason.split(":")[0] in plain.stderr  # e.g. LibraryNotFoundError from oscrypto


def test_fallback_is_idempotent() -> None:
    assert compat.install_certvalidator_fallback() == compat.install_certvalidator_fallback()


@pytest.mark.skipif(compat.install_certvalidator_fallback() is None, reason="real certvalidator imports on this host")
def test_sdk_builtin_verifier_fails_closed_with_the_stand_in(pki: Pki) -> None:
    """Even a perfectly signed request is refused if someone re-enables the SDK's RequestVerifier."""
    from ask_sdk_webservice_support.verifier import RequestVerifier, VerificationException

    verifier = RequestVerifier()
    verifier._cert_cache[CERT_URL] = pki.chains[CERT_URL]  # seeded so the SDK does not go to the network
    body = body_of(launch(datetime.now(timezone.utc)))
    with pytest.raises(VerificationException, match="Certificate chain is not valid"):
        verifier.verify(signed_headers(body, pki.signing_key), body.decode(), None)
