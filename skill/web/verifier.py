"""Alexa request verification on the raw request, before the SDK deserialises anything.

Implements Amazon's rules for skills hosted as a web service: the certificate URL's form, the chain
to a trusted root (``cryptography``'s X.509 verifier), the signing certificate's validity and its
``echo-api.amazon.com`` SAN, the RSA/SHA-256 ``Signature-256`` over the raw body, the request
timestamp, and the skill ID allow-list. Each failure raises ``VerificationException`` whose message
is the reason, for the log only; the client sees a bare 400.

Order is cost: :class:`RequestGate` runs the checks that cost microseconds first (headers, URL
shape, signature shape), then reads only the timestamp and skill IDs out of the body with the
standard library's ``json`` and a bounded ISO-8601 pattern, and only then may it fetch a chain or
verify a signature. The SDK's own deserialisation (``ask_sdk_model`` through dateutil, which can
spend seconds on a crafted timestamp) only ever sees bodies Amazon signed.

The clock, trust roots and chain source are constructor arguments, so a captured request can be
verified at the moment it was signed.
"""
from __future__ import annotations

import base64
import binascii
import json
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

from ask_sdk_webservice_support.verifier import VerificationException
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
#: Amazon's chain files are named like ``echo-api-cert-12.pem``; nothing else under the prefix is fetched.
CERT_FILE_NAME = re.compile(r"echo-api-cert(?:-[A-Za-z0-9]{1,32}){0,4}\.pem")
MAX_CERT_URL_LENGTH = 256
#: RSA signatures are as long as the key: 1024 to 8192 bits (Amazon's is 2048, 256 bytes).
SIGNATURE_BYTES = range(128, 1025)
MAX_SIGNATURE_HEADER_LENGTH = 2048
#: Alexa's timestamps: ISO 8601 in UTC or with an offset, optional fraction. Matched whole, length-capped.
TIMESTAMP = re.compile(r"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})")
MAX_TIMESTAMP_LENGTH = 40
MAX_SKILL_ID_LENGTH = 200
MAX_REQUEST_TYPE_LENGTH = 100
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


def shown(text: str, limit: int = 120) -> str:
    """Quote client-supplied text for a log line: escaped and cut short, so it cannot forge or flood lines."""
    return repr(text[:limit]) + ("..." if len(text) > limit else "")


def canonical_cert_url(url: str) -> str:
    """Check ``SignatureCertChainUrl`` against Amazon's rules and return the normalised URL to fetch.

    Rules: scheme https, host s3.amazonaws.com (any case), port 443 if given, and a normalised path
    under ``/echo.api/`` (case-sensitive). Credentials, percent-escapes and backslashes are refused too:
    Amazon never sends them, and they are how path checks get bypassed. Beyond Amazon's rules, the
    file must be named like Amazon's chains (``echo-api-cert-*.pem``) and the URL be short, which
    narrows what a forger can make this server fetch.
    """
    if len(url) > MAX_CERT_URL_LENGTH:
        raise VerificationException(f"SignatureCertChainUrl is longer than {MAX_CERT_URL_LENGTH} characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise VerificationException(f"SignatureCertChainUrl is not a URL: {shown(url)}") from None
    if parts.scheme.lower() != CERT_URL_SCHEME:
        raise VerificationException(f"SignatureCertChainUrl scheme is not https: {shown(url)}")
    if (parts.hostname or "").lower() != CERT_URL_HOST:
        raise VerificationException(f"SignatureCertChainUrl host is not {CERT_URL_HOST}: {shown(url)}")
    if port is not None and port != CERT_URL_PORT:
        raise VerificationException(f"SignatureCertChainUrl port is not {CERT_URL_PORT}: {shown(url)}")
    if parts.username is not None or parts.password is not None:
        raise VerificationException(f"SignatureCertChainUrl carries credentials: {shown(url)}")
    if "%" in parts.path or "\\" in parts.path:
        raise VerificationException(f"SignatureCertChainUrl path has escapes: {shown(url)}")
    path = posixpath.normpath(parts.path) if parts.path else ""
    if not path.startswith(CERT_URL_PATH_PREFIX):
        raise VerificationException(f"SignatureCertChainUrl path is not under {CERT_URL_PATH_PREFIX}: {shown(url)}")
    if not CERT_FILE_NAME.fullmatch(path[len(CERT_URL_PATH_PREFIX):]):
        raise VerificationException(f"SignatureCertChainUrl file is not named echo-api-cert-*.pem: {shown(url)}")
    return f"{CERT_URL_SCHEME}://{CERT_URL_HOST}{path}"


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


def signature_bytes(signature_b64: str) -> bytes:
    """Decode ``Signature-256``: strict base64 of as many bytes as an RSA key of 1024 to 8192 bits signs."""
    if len(signature_b64) > MAX_SIGNATURE_HEADER_LENGTH:
        raise VerificationException(f"{SIGNATURE_HEADER} header is longer than {MAX_SIGNATURE_HEADER_LENGTH} characters")
    try:
        signature = base64.b64decode(signature_b64, validate=True)
    except (binascii.Error, ValueError):
        raise VerificationException(f"{SIGNATURE_HEADER} header is not base64") from None
    if len(signature) not in SIGNATURE_BYTES:
        raise VerificationException(f"{SIGNATURE_HEADER} is {len(signature)} bytes, not an RSA signature's length")
    return signature


def check_body_signature(leaf: x509.Certificate, signature: bytes, body: bytes) -> None:
    """``Signature-256`` is an RSA PKCS#1 v1.5 SHA-256 signature over the raw body bytes."""
    key = leaf.public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        raise VerificationException("signing certificate key is not RSA")
    try:
        key.verify(signature, body, padding.PKCS1v15(), SHA256())
    except InvalidSignature:
        raise VerificationException(f"{SIGNATURE_HEADER} does not match the body") from None


@dataclass(frozen=True)
class EnvelopeFacts:
    """What verification needs from a body, read without the SDK: when it was sent and for which skill."""

    timestamp: datetime | None
    request_type: str
    skill_ids: frozenset[str]


def read_envelope_facts(body: bytes, *, need_timestamp: bool = True) -> EnvelopeFacts:
    """Read the timestamp, request type and skill IDs with stdlib ``json``; refuse anything not shaped for it.

    Strict and bounded: the body must be a JSON object with a ``request`` object; the timestamp a
    string of at most 40 characters matching Alexa's ISO-8601 form whole; skill IDs, where present,
    short strings. The cost is linear in the body, which the size limit already bounds.
    """
    try:
        envelope = json.loads(body)
    except (ValueError, RecursionError) as error:  # RecursionError: nesting deeper than the parser's stack
        raise VerificationException(f"body is not JSON: {shown(type(error).__name__ + ': ' + str(error), 80)}") from None
    if not isinstance(envelope, dict) or not isinstance(envelope.get("request"), dict):
        raise VerificationException("body is not a request envelope (no request object)")
    request = envelope["request"]
    request_type = request.get("type")
    if not isinstance(request_type, str) or not 0 < len(request_type) <= MAX_REQUEST_TYPE_LENGTH:
        raise VerificationException("body is not a request envelope (no request type)")
    raw_timestamp = request.get("timestamp")
    timestamp = parse_timestamp(raw_timestamp) if need_timestamp or raw_timestamp is not None else None
    return EnvelopeFacts(timestamp, request_type, _skill_ids(envelope))


def parse_timestamp(value: Any) -> datetime:
    """An Alexa timestamp as an aware datetime; VerificationException for anything else."""
    if value is None:
        raise VerificationException("request has no timestamp")
    if not isinstance(value, str) or len(value) > MAX_TIMESTAMP_LENGTH:
        raise VerificationException("request timestamp is not an ISO-8601 string")
    match = TIMESTAMP.fullmatch(value)
    if match is None:
        raise VerificationException(f"request timestamp is not ISO-8601: {shown(value)}")
    seconds, fraction, zone = match.groups()
    text = seconds + (f".{fraction[:6]:0<6}" if fraction else "") + ("+00:00" if zone == "Z" else zone)
    try:
        return datetime.fromisoformat(text)
    except ValueError:  # shaped right but impossible, e.g. month 13
        raise VerificationException(f"request timestamp is not a real time: {shown(value)}") from None


def _skill_ids(envelope: dict[str, Any]) -> frozenset[str]:
    """The skill IDs an envelope claims, from ``context.System.application`` and ``session.application``."""
    found = set()
    context = envelope.get("context")
    system = context.get("System") if isinstance(context, dict) else None
    session = envelope.get("session")
    for holder in (system, session):
        application = holder.get("application") if isinstance(holder, dict) else None
        if not isinstance(application, dict) or application.get("applicationId") is None:
            continue
        value = application["applicationId"]
        if not isinstance(value, str) or len(value) > MAX_SKILL_ID_LENGTH:
            raise VerificationException("skill ID is not a short string")
        if value:
            found.add(value)
    return frozenset(found)


def check_timestamp(facts: EnvelopeFacts, now: datetime, tolerance: timedelta = REQUEST_TOLERANCE,
                    skill_event_tolerance: timedelta = SKILL_EVENT_TOLERANCE) -> None:
    """Refuse replays: the request's own timestamp must be close to now (an hour for skill events)."""
    if facts.timestamp is None:
        raise VerificationException("request has no timestamp")
    limit = skill_event_tolerance if facts.request_type in ALEXA_SKILL_EVENT_LIST else tolerance
    skew = now - facts.timestamp
    if abs(skew) > limit:
        direction = "old" if skew > timedelta(0) else "in the future"
        raise VerificationException(
            f"timestamp {facts.timestamp.isoformat()} is {abs(skew).total_seconds():.0f} s {direction} "
            f"(limit {limit.total_seconds():.0f} s)"
        )


def check_skill_ids(facts: EnvelopeFacts, allowed: frozenset[str]) -> None:
    """Serve only the configured skills: every application ID in the envelope must be on the allow-list."""
    if not facts.skill_ids:
        raise VerificationException("request names no skill ID")
    unknown = sorted(facts.skill_ids - allowed)
    if unknown:
        raise VerificationException(f"skill ID {shown(unknown[0])} is not on the allow-list")


class RequestGate:
    """Every check on one request, cheapest first, on the raw headers and body; raises on the first failure.

    Verifying (``chains`` given): headers present, certificate URL shape, signature shape; then the
    body's timestamp and skill IDs (:func:`read_envelope_facts`); only then the chain (cache, or a
    fetch), the signing certificate, path validation and the signature itself. A chain that fails
    validation is reported to the cache, which will not fetch that URL again for a while; one
    that passes is kept.

    Path validation of a cached chain is remembered for the window in which it provably holds: the
    latest not-before to the earliest not-after on the validated path (the trust store and policy
    are fixed, and nothing else in path validation depends on time). Inside that window the answer
    at any moment is the same as recomputing it, so this is exact, not a shortcut.

    Not verifying (insecure development mode): the body must still be an envelope, and a configured
    allow-list is still checked; signatures are not, and timestamps need not be present.
    """

    def __init__(
        self,
        skill_ids: Iterable[str],
        chains: ChainCache | None,
        trust_roots: Sequence[x509.Certificate] = (),
        clock: Clock = utc_now,
    ) -> None:
        self._skill_ids = frozenset(skill_ids)
        self._chains = chains
        self._store = Store(list(trust_roots)) if chains is not None else None
        self._clock = clock
        # Weak keys: an entry goes when the cache drops its chain, so this is bounded by the cache.
        self._valid_windows: WeakKeyDictionary[CertificateChain, tuple[datetime, datetime]] = WeakKeyDictionary()

    def check(self, headers: Mapping[str, Any], body: bytes) -> None:
        """Raise ``VerificationException`` naming the first check that fails."""
        if self._chains is None:  # hand-made requests need no timestamp, but one given must be well formed
            facts = read_envelope_facts(body, need_timestamp=False)
            if self._skill_ids:
                check_skill_ids(facts, self._skill_ids)
            return
        url = header_value(headers, SIGNATURE_CERT_CHAIN_URL_HEADER)
        signature_header = header_value(headers, SIGNATURE_HEADER)
        if not url:
            raise VerificationException(f"missing {SIGNATURE_CERT_CHAIN_URL_HEADER} header")
        if not signature_header:
            raise VerificationException(f"missing {SIGNATURE_HEADER} header")
        canonical_url = canonical_cert_url(url)
        signature = signature_bytes(signature_header)
        facts = read_envelope_facts(body)
        now = self._clock()
        check_timestamp(facts, now)
        check_skill_ids(facts, self._skill_ids)
        try:
            chain = self._chains.get(canonical_url)
        except ChainUnavailable as error:
            raise VerificationException(str(error)) from None
        try:
            check_signing_certificate(chain, now)
            self._check_chain(chain, now)
        except VerificationException as error:
            self._chains.refuse(canonical_url, str(error))
            raise
        self._chains.keep(canonical_url, chain)
        check_body_signature(chain.leaf, signature, body)

    def _check_chain(self, chain: CertificateChain, now: datetime) -> None:
        """Path-validate leaf → intermediates → a trusted root, under the Web PKI profile, at ``now``."""
        window = self._valid_windows.get(chain)
        if window is not None and window[0] <= now <= window[1]:
            return
        assert self._store is not None
        verifier = PolicyBuilder().store(self._store).time(now).build_server_verifier(x509.DNSName(SIGNING_DOMAIN))
        try:
            path = verifier.verify(chain.leaf, list(chain.intermediates))
        except VerificationError as error:
            raise VerificationException(f"certificate chain does not verify: {error}") from None
        self._valid_windows[chain] = (
            max(certificate.not_valid_before_utc for certificate in path),
            min(certificate.not_valid_after_utc for certificate in path),
        )
