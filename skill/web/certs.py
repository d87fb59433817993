"""Fetching Amazon's signing certificate chains: one deadline per fetch, and a cache of verified chains only.

Alexa names the chain by URL in every request; fetching it each time would add a round trip to S3
per request and let anyone make this server fetch on demand. So:

- a fetch has one overall deadline, name lookup included, and follows no redirects;
- the cache keeps only chains that went on to verify (``ChainCache.keep``), so URLs naming junk
  cannot push the real chain out;
- a URL whose fetch or verification failed is refused without fetching for a short while (the
  negative cache), so repeating a forged request does not repeat the download.
"""
from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

from cryptography import x509

#: Fetches the PEM chain at a URL; raises on any failure. Injectable so tests need no network.
Fetcher = Callable[[str], bytes]
#: Seconds on a monotonic clock; injectable so tests can expire entries without sleeping.
MonotonicClock = Callable[[], float]

#: Resolves a host name as ``socket.getaddrinfo`` does; injectable so tests can make lookups slow.
Resolver = Callable[..., list[tuple[Any, ...]]]

#: A chain is a few kilobytes; anything much bigger is not a certificate chain.
MAX_CHAIN_BYTES = 64 * 1024
READ_CHUNK_BYTES = 4096


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


def http_fetcher(timeout_seconds: float, *, resolve: Resolver = socket.getaddrinfo) -> Fetcher:
    """Build the production fetcher: a GET that ends by ``timeout_seconds`` after it starts, whatever the peer does.

    Why not ``urllib.request``: its timeout applies to each socket operation, so a server dripping a
    byte at a time (or a slow name lookup, which no socket timeout covers) holds the caller far past
    it, and it follows redirects to any host. Here the lookup runs in a helper thread the caller stops
    waiting for at the deadline, a timer shuts the socket down at the deadline (which ends any
    blocked read at once), and ``http.client`` never follows redirects: any status but 200 fails.
    TLS uses the system's trust store, as urllib did.
    """

    def fetch(url: str) -> bytes:
        deadline = time.monotonic() + timeout_seconds
        parts = urlsplit(url)
        secure = parts.scheme == "https"
        host = parts.hostname or ""
        port = parts.port or (443 if secure else 80)
        address = _lookup(resolve, host, port, deadline, timeout_seconds)
        sock = socket.create_connection(address, timeout=_remaining(deadline, timeout_seconds))
        watchdog = threading.Timer(_remaining(deadline, timeout_seconds), _shut, args=(sock,))
        watchdog.daemon = True
        watchdog.start()
        try:
            if secure:
                sock = ssl.create_default_context().wrap_socket(sock, server_hostname=host)
                watchdog.args = (sock,)
            connection = http.client.HTTPConnection(host, port, timeout=_remaining(deadline, timeout_seconds))
            connection.sock = sock  # connected above, within the deadline; http.client only speaks HTTP on it
            connection.request("GET", parts.path or "/", headers={"Accept": "*/*", "Connection": "close"})
            response = connection.getresponse()
            if response.status != 200:
                hint = " (redirects are not followed)" if 300 <= response.status < 400 else ""
                raise ChainUnavailable(f"certificate chain URL answered HTTP {response.status}{hint}")
            body = b""
            while len(body) <= MAX_CHAIN_BYTES:
                sock.settimeout(_remaining(deadline, timeout_seconds))
                chunk = response.read(READ_CHUNK_BYTES)
                if not chunk:
                    break
                body += chunk
        except (OSError, http.client.HTTPException) as error:
            if time.monotonic() >= deadline:
                raise ChainUnavailable(f"certificate chain fetch took longer than {timeout_seconds:g} s") from None
            raise
        finally:
            watchdog.cancel()
            sock.close()
        if len(body) > MAX_CHAIN_BYTES:
            raise ChainUnavailable(f"certificate chain larger than {MAX_CHAIN_BYTES} bytes")
        return body

    return fetch


def _remaining(deadline: float, timeout_seconds: float) -> float:
    """Seconds left before ``deadline``; raises once it has passed (a zero socket timeout would mean non-blocking)."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise ChainUnavailable(f"certificate chain fetch took longer than {timeout_seconds:g} s")
    return left


def _lookup(resolve: Resolver, host: str, port: int, deadline: float, timeout_seconds: float) -> tuple[Any, ...]:
    """The first address for ``host``, or ChainUnavailable if the lookup fails or outlives the deadline.

    ``getaddrinfo`` cannot be interrupted, so it runs in a daemon thread that is abandoned, not
    waited for, when the deadline passes (it ends when the resolver gives up on its own).
    """
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append(resolve(host, port, type=socket.SOCK_STREAM))
        except Exception as error:  # reported below, in the caller's thread
            outcome.append(error)

    thread = threading.Thread(target=run, name="chain-dns", daemon=True)
    thread.start()
    thread.join(_remaining(deadline, timeout_seconds))
    if not outcome:
        raise ChainUnavailable(f"certificate chain fetch took longer than {timeout_seconds:g} s (name lookup)")
    if isinstance(outcome[0], Exception):
        raise ChainUnavailable(f"could not resolve {host}: {outcome[0]}")
    if not outcome[0]:
        raise ChainUnavailable(f"could not resolve {host}: no addresses")
    return tuple(outcome[0][0][4][:2])


def _shut(sock: socket.socket) -> None:
    """The deadline passed: end any read or handshake blocked on ``sock`` now."""
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed or never connected: nothing is blocked on it


def parse_chain(pem: bytes) -> CertificateChain:
    """Split a PEM bundle into the leaf (first) and its intermediates."""
    try:
        certificates = x509.load_pem_x509_certificates(pem)
    except ValueError:
        raise ChainUnavailable("certificate chain is not valid PEM") from None
    return CertificateChain(leaf=certificates[0], intermediates=tuple(certificates[1:]))


class ChainCache:
    """Verified chains by URL, and recent failures by URL, each bounded and expiring.

    ``get`` answers from the verified entries while fresh, refuses a URL that failed within
    ``failure_ttl_seconds`` without fetching, and otherwise fetches and parses. A fetched chain is
    not cached until its caller has verified it and calls ``keep``; one that fails verification is
    reported with ``refuse``. So at most ``max_entries`` chains that verified are held (least
    recently used go first), and the URLs of unverifiable chains only ever fill the failure list.

    Thread-safe: the development server and threaded workers share one cache between threads.
    """

    def __init__(
        self,
        fetcher: Fetcher,
        *,
        ttl_seconds: float = 3600.0,
        max_entries: int = 16,
        failure_ttl_seconds: float = 10.0,
        max_failures: int = 256,
        clock: MonotonicClock = time.monotonic,
    ) -> None:
        self._fetcher = fetcher
        self._ttl_seconds = ttl_seconds
        self._max_entries = max_entries
        self._failure_ttl_seconds = failure_ttl_seconds
        self._max_failures = max_failures
        self._clock = clock
        self._entries: OrderedDict[str, tuple[float, CertificateChain]] = OrderedDict()
        self._failures: OrderedDict[str, tuple[float, str]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, url: str) -> CertificateChain:
        """The chain at ``url``: a verified one from the cache, else fetched and parsed now (not yet cached)."""
        now = self._clock()
        with self._lock:
            entry = self._entries.get(url)
            if entry is not None and entry[0] > now:
                self._entries.move_to_end(url)
                return entry[1]
            failure = self._failures.get(url)
            if failure is not None and failure[0] > now:
                raise ChainUnavailable(f"{failure[1]} (failed {self._failure_ttl_seconds:g} s ago or less, not retried yet)")
        try:
            return self._fetch(url)
        except ChainUnavailable as error:
            self.refuse(url, str(error))
            raise

    def keep(self, url: str, chain: CertificateChain) -> None:
        """Cache ``chain`` for ``url``: call only once it has verified."""
        now = self._clock()
        with self._lock:
            self._failures.pop(url, None)
            entry = self._entries.get(url)
            if entry is not None and entry[1] is chain and entry[0] > now:
                self._entries.move_to_end(url)
                return
            self._entries[url] = (now + self._ttl_seconds, chain)
            self._entries.move_to_end(url)
            while len(self._entries) > self._max_entries:
                self._entries.popitem(last=False)

    def refuse(self, url: str, reason: str) -> None:
        """Remember that ``url`` failed (fetch, parse or verification), so it is not fetched again for a while."""
        with self._lock:
            self._entries.pop(url, None)
            self._failures[url] = (self._clock() + self._failure_ttl_seconds, reason)
            self._failures.move_to_end(url)
            while len(self._failures) > self._max_failures:
                self._failures.popitem(last=False)

    def __len__(self) -> int:
        """How many verified chains are cached."""
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
