"""Alexa request verification, as ask-sdk-webservice-support verifiers handed to ``SkillAdapter``.

Implements Amazon's rules for skills hosted as a web service: the certificate URL's form, the chain
to a trusted root (``cryptography``'s X.509 verifier), the signing certificate's validity and its
``echo-api.amazon.com`` SAN, the RSA/SHA-256 ``Signature-256`` over the raw body, the request
timestamp, and the skill ID allow-list. Each failure raises ``VerificationException`` whose message
is the reason, for the log only; the client sees a bare 400.

The clock, trust roots and chain source are constructor arguments, so a captured request can be
verified at the moment it was signed.
"""
from __future__ import annotations

import base64
import binascii
import posixpath
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

from ask_sdk_model import RequestEnvelope
from ask_sdk_webservice_support.verifier import AbstractVerifier, VerificationException
from ask_sdk_webservice_support.verifier_constants import (
    ALEXA_SKILL_EVENT_LIST,
    SIGNATURE_CERT_CHAIN_URL_HEADER,
    SIGNATURE_HEADER,
)
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.x509.verification import PolicyBuilder, Store, VerificationError

from skill.web.certs import CertificateChain, ChainCache, ChainUnavailable

#: The name Amazon's signing certificate must carry among its SANs.
SIGNING_DOMAIN = "echo-api.amazon.com"
CERT_URL_SCHEME = "https"
CERT_URL_HOST = "s3.amazonaws.com"
CERT_URL_PORT = 443
CERT_URL_PATH_PREFIX = "/echo.api/"
#: How far a request's timestamp may be from now; skill lifecycle events get longer.
REQUEST_TOLERANCE = timedelta(seconds=150)
SKILL_EVENT_TOLERANCE = timedelta(hours=1)

#: Returns the current time, timezone-aware.
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The production clock."""
    return datetime.now(timezone.utc)


def header_value(headers: Mapping[str, Any], name: str) -> str | None:
    """Look a header up case-insensitively (HTTP header names are), whatever mapping type holds them.

    Werkzeug's headers already match case-insensitively, so the scan only runs for plain dicts.
    """
    value = headers.get(name)
    if value is not None:
        return str(value)
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted:
            return str(value)
    return None


def _shown(text: str, limit: int = 120) -> str:
    """Quote client-supplied text for a log line: escaped and cut short, so it cannot forge or flood lines."""
    return repr(text[:limit]) + ("..." if len(text) > limit else "")


def canonical_cert_url(url: str) -> str:
    """Check ``SignatureCertChainUrl`` against Amazon's rules and return the normalised URL to fetch.

    Rules: scheme https, host s3.amazonaws.com (any case), port 443 if given, and a normalised path
    under ``/echo.api/`` (case-sensitive). Credentials, percent-escapes and backslashes are refused too:
    Amazon never sends them, and they are how path checks get bypassed.
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise VerificationException(f"SignatureCertChainUrl is not a URL: {_shown(url)}") from None
    if parts.scheme.lower() != CERT_URL_SCHEME:
        raise VerificationException(f"SignatureCertChainUrl scheme is not https: {_shown(url)}")
    if (parts.hostname or "").lower() != CERT_URL_HOST:
        raise VerificationException(f"SignatureCertChainUrl host is not {CERT_URL_HOST}: {_shown(url)}")
    if port is not None and port != CERT_URL_PORT:
        raise VerificationException(f"SignatureCertChainUrl port is not {CERT_URL_PORT}: {_shown(url)}")
    if parts.username is not None or parts.password is not None:
        raise VerificationException(f"SignatureCertChainUrl carries credentials: {_shown(url)}")
    if "%" in parts.path or "\\" in parts.path:
        raise VerificationException(f"SignatureCertChainUrl path has escapes: {_shown(url)}")
    path = posixpath.normpath(parts.path) if parts.path else ""
    if not path.startswith(CERT_URL_PATH_PREFIX):
        raise VerificationException(f"SignatureCertChainUrl path is not under {CERT_URL_PATH_PREFIX}: {_shown(url)}")
    return f"{CERT_URL_SCHEME}://{CERT_URL_HOST}{path}"


class SignatureVerifier(AbstractVerifier):
    """Checks that Amazon signed this exact body: URL rules, chain, signing certificate, signature.

    Path validation of a cached chain is remembered for the window in which it provably holds: the
    latest not-before to the earliest not-after on the validated path (the trust store and policy
    are fixed, and nothing else in path validation depends on time). Inside that window the answer
    at any moment is the same as recomputing it, so this is exact, not a shortcut; outside it, or
    for a newly fetched chain, the chain is validated in full. Everything else is checked on every
    request. This keeps verification at a small fraction of a request's cost (bench/README.md).
    """

    def __init__(self, chains: ChainCache, trust_roots: Sequence[x509.Certificate], clock: Clock = utc_now) -> None:
        self._chains = chains
        self._store = Store(list(trust_roots))
        self._clock = clock
        # Weak keys: an entry goes when the cache drops its chain, so this is bounded by the cache.
        self._valid_windows: WeakKeyDictionary[CertificateChain, tuple[datetime, datetime]] = WeakKeyDictionary()

    def verify(self, headers: Mapping[str, Any], serialized_request_env: str, deserialized_request_env: Any) -> None:
        """Raise ``VerificationException`` naming the first check that fails."""
        url = header_value(headers, SIGNATURE_CERT_CHAIN_URL_HEADER)
        signature = header_value(headers, SIGNATURE_HEADER)
        if not url:
            raise VerificationException(f"missing {SIGNATURE_CERT_CHAIN_URL_HEADER} header")
        if not signature:
            raise VerificationException(f"missing {SIGNATURE_HEADER} header")
        try:
            chain = self._chains.get(canonical_cert_url(url))
        except ChainUnavailable as error:
            raise VerificationException(str(error)) from None
        now = self._clock()
        check_signing_certificate(chain, now)
        self._check_chain(chain, now)
        check_body_signature(chain.leaf, signature, serialized_request_env.encode("utf-8"))

    def _check_chain(self, chain: CertificateChain, now: datetime) -> None:
        """Path-validate leaf → intermediates → a trusted root, under the Web PKI profile, at ``now``."""
        window = self._valid_windows.get(chain)
        if window is not None and window[0] <= now <= window[1]:
            return
        verifier = PolicyBuilder().store(self._store).time(now).build_server_verifier(x509.DNSName(SIGNING_DOMAIN))
        try:
            path = verifier.verify(chain.leaf, list(chain.intermediates))
        except VerificationError as error:
            raise VerificationException(f"certificate chain does not verify: {error}") from None
        self._valid_windows[chain] = (
            max(certificate.not_valid_before_utc for certificate in path),
            min(certificate.not_valid_after_utc for certificate in path),
        )


def check_signing_certificate(chain: CertificateChain, now: datetime) -> None:
    """The signing certificate must be valid now and list ``echo-api.amazon.com`` itself (no wildcard) as a SAN."""
    leaf = chain.leaf
    if not leaf.not_valid_before_utc <= now <= leaf.not_valid_after_utc:
        raise VerificationException(
            f"signing certificate is not valid at {now.isoformat()} "
            f"(valid {leaf.not_valid_before_utc.isoformat()} to {leaf.not_valid_after_utc.isoformat()})"
        )
    if SIGNING_DOMAIN not in chain.leaf_dns_names:
        raise VerificationException(
            f"signing certificate SANs {sorted(chain.leaf_dns_names)!r} do not include {SIGNING_DOMAIN}"
        )


def check_body_signature(leaf: x509.Certificate, signature_b64: str, body: bytes) -> None:
    """``Signature-256`` is base64 of an RSA PKCS#1 v1.5 SHA-256 signature over the raw body bytes."""
    try:
        signature = base64.b64decode(signature_b64, validate=True)
    except (binascii.Error, ValueError):
        raise VerificationException(f"{SIGNATURE_HEADER} header is not base64") from None
    key = leaf.public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        raise VerificationException("signing certificate key is not RSA")
    try:
        key.verify(signature, body, padding.PKCS1v15(), SHA256())
    except InvalidSignature:
        raise VerificationException(f"{SIGNATURE_HEADER} does not match the body") from None


class TimestampVerifier(AbstractVerifier):
    """Refuses replays: the request's own timestamp must be close to now (an hour for skill events)."""

    def __init__(
        self,
        clock: Clock = utc_now,
        tolerance: timedelta = REQUEST_TOLERANCE,
        skill_event_tolerance: timedelta = SKILL_EVENT_TOLERANCE,
    ) -> None:
        self._clock = clock
        self._tolerance = tolerance
        self._skill_event_tolerance = skill_event_tolerance

    def verify(self, headers: Mapping[str, Any], serialized_request_env: str, deserialized_request_env: Any) -> None:
        """Raise ``VerificationException`` when the timestamp is missing, stale or in the future."""
        request = getattr(deserialized_request_env, "request", None)
        timestamp = getattr(request, "timestamp", None)
        if not isinstance(timestamp, datetime):
            raise VerificationException("request has no timestamp")
        if timestamp.tzinfo is None:
            timestamp = timestamp.replace(tzinfo=timezone.utc)
        is_skill_event = getattr(request, "object_type", None) in ALEXA_SKILL_EVENT_LIST
        limit = self._skill_event_tolerance if is_skill_event else self._tolerance
        skew = self._clock() - timestamp
        if abs(skew) > limit:
            direction = "old" if skew > timedelta(0) else "in the future"
            raise VerificationException(
                f"timestamp {timestamp.isoformat()} is {abs(skew).total_seconds():.0f} s {direction} "
                f"(limit {limit.total_seconds():.0f} s)"
            )


class SkillIdVerifier(AbstractVerifier):
    """Serves only the configured skills: every application ID in the envelope must be on the allow-list."""

    def __init__(self, allowed: Iterable[str]) -> None:
        self._allowed = frozenset(allowed)

    def verify(self, headers: Mapping[str, Any], serialized_request_env: str, deserialized_request_env: Any) -> None:
        """Raise ``VerificationException`` when no skill ID is present or any is not allowed."""
        found = application_ids(deserialized_request_env)
        if not found:
            raise VerificationException("request names no skill ID")
        unknown = sorted(found - self._allowed)
        if unknown:
            raise VerificationException(f"skill ID {_shown(unknown[0])} is not on the allow-list")


def application_ids(envelope: RequestEnvelope | None) -> set[str]:
    """The skill IDs an envelope claims, from ``context.System`` and ``session`` (either may be absent)."""
    sources = (
        getattr(getattr(getattr(envelope, "context", None), "system", None), "application", None),
        getattr(getattr(envelope, "session", None), "application", None),
    )
    return {str(app.application_id) for app in sources if getattr(app, "application_id", None)}
