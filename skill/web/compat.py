"""Lets ``flask_ask_sdk`` import on hosts where ``certvalidator`` cannot.

Why this exists: ``ask_sdk_webservice_support.verifier`` (imported by ``flask_ask_sdk``) imports
``certvalidator`` at module level, and ``certvalidator`` imports ``oscrypto``. oscrypto 1.3.0, the
latest release, reads the OpenSSL version with a one-digit-per-part pattern, so on OpenSSL 3.0.10 or
newer ("3.0.19") it raises ``LibraryNotFoundError`` at import (wbond/oscrypto issue 78; the fix is
unreleased). certvalidator 0.11 is also broken at validation time with asn1crypto 1.5.1, so the
SDK's own ``RequestVerifier`` cannot work here even once it imports.

The SDK touches certvalidator only inside that ``RequestVerifier``, which this package switches off
and replaces with :mod:`skill.web.verifier` (chain validation by ``cryptography``). So when the real
import fails, :func:`install_certvalidator_fallback` registers a stand-in ``certvalidator`` whose
validator rejects every chain: the SDK imports, and its built-in verifier, should anyone turn it back
on, fails closed (HTTP 400) instead of passing. Nothing in site-packages is changed.

``skill/web/__init__.py`` calls it, so every ``skill.web`` module can import the SDK.
Remove this module when a fixed oscrypto is released and pinned, or the SDK drops certvalidator.
"""
from __future__ import annotations

import sys
import types

#: Why the stand-in was installed (the import error), or ``None`` if the real package imported.
FALLBACK_REASON: str | None = None


class PathError(Exception):
    """Mirrors ``certvalidator.errors.PathError`` so the SDK's ``except`` clause still matches."""


class ValidationError(Exception):
    """Mirrors ``certvalidator.errors.ValidationError``; raised for every chain by the stand-in."""


class RefusingCertificateValidator:
    """Stands in for ``certvalidator.CertificateValidator``: refuses every chain, so nothing passes unchecked."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        raise ValidationError(
            "certvalidator is unavailable on this host (see skill.web.compat); "
            "use skill.web.verifier instead of the SDK's RequestVerifier"
        )


def install_certvalidator_fallback() -> str | None:
    """Import the real ``certvalidator`` if it works, else register the refusing stand-in.

    Returns the reason a stand-in is in use, or ``None``. Safe to call more than once.
    """
    global FALLBACK_REASON
    if FALLBACK_REASON is not None:
        return FALLBACK_REASON
    try:
        import certvalidator  # noqa: F401  (only probing whether it imports)
    except Exception as error:  # oscrypto raises its own LibraryNotFoundError, not ImportError
        FALLBACK_REASON = f"{type(error).__name__}: {error}"
        _register_stand_in()
    return FALLBACK_REASON


def _register_stand_in() -> None:
    """Put stand-in ``certvalidator`` and ``certvalidator.errors`` modules in ``sys.modules``.

    Leftover submodules of the failed import are dropped first so the stand-in is all the SDK sees.
    """
    for name in [name for name in sys.modules if name == "certvalidator" or name.startswith("certvalidator.")]:
        del sys.modules[name]
    errors = types.ModuleType("certvalidator.errors", "Stand-in errors (see skill.web.compat).")
    errors.PathError = PathError  # type: ignore[attr-defined]
    errors.ValidationError = ValidationError  # type: ignore[attr-defined]
    package = types.ModuleType("certvalidator", "Stand-in that refuses every chain (see skill.web.compat).")
    package.CertificateValidator = RefusingCertificateValidator  # type: ignore[attr-defined]
    package.errors = errors  # type: ignore[attr-defined]
    sys.modules["certvalidator.errors"] = errors
    sys.modules["certvalidator"] = package
