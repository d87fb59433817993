"""Fetching Amazon's signing certificate chains, with a short timeout and a bounded, expiring cache.

Alexa names the chain by URL in every request; fetching it each time would add a round trip to S3
per request and let anyone make this server fetch on demand. The cache keeps parsed chains for a
while (the URL changes when Amazon rotates the certificate) and holds at most a few entries.
"""
from __future__ import annotations

import threading
import time
import urllib.request
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from cryptography import x509

#: Fetches the PEM chain at a URL; raises on any failure. Injectable so tests need no network.
Fetcher = Callable[[str], bytes]
#: Seconds on a monotonic clock; injectable so tests can expire entries without sleeping.
MonotonicClock = Callable[[], float]

#: A chain is a few kilobytes; anything much bigger is not a certificate chain.
MAX_CHAIN_BYTES = 64 * 1024


class ChainUnavailable(Exception):
    """The chain could not be fetched or parsed; the message says why (for the log, not the client)."""


@dataclass(frozen=True, eq=False)
class CertificateChain:
    """A signing certificate and the intermediates Amazon serves with it, in the order served.

    Compared by identity: the cache hands out one object per fetch, so verifiers can remember
    facts about it (``eq=False`` also keeps it hashable and weak-referenceable at no cost).
    """

    leaf: x509.Certificate
    intermediates: tuple[x509.Certificate, ...]

    @cached_property
    def leaf_dns_names(self) -> frozenset[str]:
        """The leaf's DNS SANs, lower-cased; parsed once per chain, not once per request."""
        try:
            san = self.leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        except (x509.ExtensionNotFound, ValueError):
            return frozenset()
        return frozenset(name.lower() for name in san.get_values_for_type(x509.DNSName))


def http_fetcher(timeout_seconds: float) -> Fetcher:
    """Build the production fetcher: HTTPS GET with a timeout and a size cap."""

    def fetch(url: str) -> bytes:
        with urllib.request.urlopen(url, timeout=timeout_seconds) as response:  # noqa: S310 (URL checked by caller)
            body = response.read(MAX_CHAIN_BYTES + 1)
        if len(body) > MAX_CHAIN_BYTES:
            raise ChainUnavailable(f"certificate chain larger than {MAX_CHAIN_BYTES} bytes")
        return body

    return fetch


def parse_chain(pem: bytes) -> CertificateChain:
    """Split a PEM bundle into the leaf (first) and its intermediates."""
    try:
        certificates = x509.load_pem_x509_certificates(pem)
    except ValueError:
        raise ChainUnavailable("certificate chain is not valid PEM") from None
    return CertificateChain(leaf=certificates[0], intermediates=tuple(certificates[1:]))


class ChainCache:
    """Parsed chains by URL, each kept for ``ttl_seconds``, at most ``max_entries`` (least recently used go first).

    Thread-safe: the development server and gthread workers share one cache between threads.
    """

    def __init__(
        self,
        fetcher: Fetcher,
        *,
        ttl_seconds: float = 3600.0,
        max_entries: int = 16,
        clock: MonotonicClock = time.monotonic,
    ) -> None:
        self._fetcher = fetcher
        self._ttl_seconds = ttl_seconds
        self._max_entries = max_entries
        self._clock = clock
        self._entries: OrderedDict[str, tuple[float, CertificateChain]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, url: str) -> CertificateChain:
        """Return the chain at ``url``, from the cache while fresh, else fetched and parsed now."""
        now = self._clock()
        with self._lock:
            entry = self._entries.get(url)
            if entry is not None and entry[0] > now:
                self._entries.move_to_end(url)
                return entry[1]
        chain = self._fetch(url)
        with self._lock:
            self._entries[url] = (now + self._ttl_seconds, chain)
            self._entries.move_to_end(url)
            while len(self._entries) > self._max_entries:
                self._entries.popitem(last=False)
        return chain

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def _fetch(self, url: str) -> CertificateChain:
        """Fetch outside the lock so one slow download does not stall requests using cached chains."""
        try:
            pem = self._fetcher(url)
        except ChainUnavailable:
            raise
        except Exception as error:  # network and HTTP failures come in many types; all mean "unavailable"
            raise ChainUnavailable(f"could not fetch certificate chain: {type(error).__name__}: {error}") from None
        return parse_chain(pem)
