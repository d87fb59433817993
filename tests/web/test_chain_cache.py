"""The chain cache and fetcher: verified chains only, brief memory of failures, one deadline per fetch, no redirects."""
from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from skill.web.certs import MAX_CHAIN_BYTES, ChainCache, ChainUnavailable, http_fetcher
from tests.web.conftest import PREFIX, Pki, RecordingFetcher
from tests.web.envelopes import CERT_URL


class FakeMonotonic:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_kept_chain_is_served_from_the_cache(pki: Pki) -> None:
    fetcher = RecordingFetcher(dict(pki.chains))
    cache = ChainCache(fetcher)
    first = cache.get(CERT_URL)
    cache.keep(CERT_URL, first)
    assert cache.get(CERT_URL) is first and fetcher.fetched == [CERT_URL]
    assert "CN=echo-api.amazon.com" in first.leaf.subject.rfc4514_string()
    assert len(first.intermediates) == 1


def test_a_fetched_chain_is_not_cached_until_it_is_kept(pki: Pki) -> None:
    """Only the verifier knows whether a chain is good, so fetching alone caches nothing."""
    fetcher = RecordingFetcher(dict(pki.chains))
    cache = ChainCache(fetcher)
    cache.get(CERT_URL)
    cache.get(CERT_URL)
    assert fetcher.fetched == [CERT_URL, CERT_URL] and len(cache) == 0


def test_entries_expire(pki: Pki) -> None:
    fetcher, clock = RecordingFetcher(dict(pki.chains)), FakeMonotonic()
    cache = ChainCache(fetcher, ttl_seconds=60, clock=clock)
    cache.keep(CERT_URL, cache.get(CERT_URL))
    clock.now += 59
    cache.get(CERT_URL)
    clock.now += 2
    cache.get(CERT_URL)
    assert fetcher.fetched == [CERT_URL, CERT_URL]


def test_size_is_bounded_and_least_recently_used_goes_first(pki: Pki) -> None:
    fetcher = RecordingFetcher(dict(pki.chains))
    cache = ChainCache(fetcher, max_entries=2)
    a, b, c = CERT_URL, PREFIX + "echo-api-cert-wrong-san.pem", PREFIX + "echo-api-cert-expired.pem"

    def use(url: str) -> None:
        cache.keep(url, cache.get(url))

    use(a), use(b), use(a), use(c)  # b is least recently used when c arrives
    assert len(cache) == 2
    use(a)
    use(b)
    assert fetcher.fetched == [a, b, c, b]


def test_a_failed_fetch_is_not_retried_for_a_while_then_is(pki: Pki) -> None:
    calls = []

    def flaky(url: str) -> bytes:
        calls.append(url)
        if len(calls) == 1:
            raise TimeoutError("timed out")
        return pki.chains[CERT_URL]

    clock = FakeMonotonic()
    cache = ChainCache(flaky, failure_ttl_seconds=10, clock=clock)
    for _ in range(3):
        with pytest.raises(ChainUnavailable, match="could not fetch certificate chain: TimeoutError"):
            cache.get(CERT_URL)
    assert len(calls) == 1
    clock.now += 11
    assert cache.get(CERT_URL).leaf is not None and len(calls) == 2


def test_garbage_is_remembered_as_a_failure(pki: Pki) -> None:
    fetcher, clock = RecordingFetcher(dict(pki.chains)), FakeMonotonic()
    cache = ChainCache(fetcher, failure_ttl_seconds=10, clock=clock)
    url = PREFIX + "echo-api-cert-garbage.pem"
    for _ in range(2):
        with pytest.raises(ChainUnavailable, match="not valid PEM"):
            cache.get(url)
    assert len(cache) == 0 and fetcher.fetched == [url]


def test_a_refused_chain_is_dropped_and_not_fetched_again_for_a_while(pki: Pki) -> None:
    fetcher, clock = RecordingFetcher(dict(pki.chains)), FakeMonotonic()
    cache = ChainCache(fetcher, failure_ttl_seconds=10, clock=clock)
    cache.keep(CERT_URL, cache.get(CERT_URL))
    cache.refuse(CERT_URL, "signing certificate is not valid")
    with pytest.raises(ChainUnavailable, match="signing certificate is not valid"):
        cache.get(CERT_URL)
    assert len(cache) == 0 and fetcher.fetched == [CERT_URL]
    clock.now += 11
    cache.get(CERT_URL)
    assert fetcher.fetched == [CERT_URL, CERT_URL]


def test_junk_urls_cannot_evict_a_kept_chain(pki: Pki) -> None:
    """Hundreds of URLs whose chains never verify fill only the failure list, never the chain cache."""
    chains = {**pki.chains, **{f"{PREFIX}echo-api-cert-junk-{n}.pem": pki.chains[PREFIX + "echo-api-cert-untrusted-root.pem"]
                               for n in range(300)}}
    fetcher = RecordingFetcher(chains)
    cache = ChainCache(fetcher, max_entries=2, max_failures=50)
    real = cache.get(CERT_URL)
    cache.keep(CERT_URL, real)
    for n in range(300):
        url = f"{PREFIX}echo-api-cert-junk-{n}.pem"
        cache.get(url)
        cache.refuse(url, "certificate chain does not verify")
    assert cache.get(CERT_URL) is real and fetcher.fetched.count(CERT_URL) == 1
    assert len(cache) == 1


def test_the_failure_list_is_bounded(pki: Pki) -> None:
    fetcher = RecordingFetcher(dict(pki.chains))
    cache = ChainCache(fetcher, max_failures=2)
    for name in ("a", "b", "c"):
        cache.refuse(f"{PREFIX}echo-api-cert-{name}.pem", "bad")
    cache.get(PREFIX + "echo-api-cert-wrong-san.pem")  # not refused: fetched
    with pytest.raises(ChainUnavailable, match="bad"):
        cache.get(PREFIX + "echo-api-cert-c.pem")
    assert fetcher.fetched == [PREFIX + "echo-api-cert-wrong-san.pem"]
    with pytest.raises(ChainUnavailable, match="could not fetch"):  # "a" was forgotten, so it is fetched (and absent)
        cache.get(PREFIX + "echo-api-cert-a.pem")


# --- the HTTP fetcher, against loopback servers -------------------------------------------------

Behaviour = Callable[[socket.socket], None]


@contextmanager
def origin(behaviour: Behaviour) -> Iterator[tuple[int, list[bytes]]]:
    """A one-connection-at-a-time TCP server on loopback running ``behaviour``; yields its port and what it heard."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    heard: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            with connection:
                connection.settimeout(5)
                try:
                    heard.append(connection.recv(4096))
                    behaviour(connection)
                except OSError:
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1], heard
    finally:
        stop.set()
        thread.join(timeout=10)
        listener.close()


def answer(status: str, body: bytes, extra: str = "") -> Behaviour:
    def behaviour(connection: socket.socket) -> None:
        connection.sendall(f"HTTP/1.1 {status}\r\nContent-Length: {len(body)}\r\n{extra}\r\n".encode() + body)
    return behaviour


def timed(call: Callable[[], Any]) -> float:
    started = time.monotonic()
    with pytest.raises(ChainUnavailable) as raised:
        call()
    timed.error = str(raised.value)  # type: ignore[attr-defined]
    return time.monotonic() - started


def test_fetcher_returns_the_body_of_a_200(pki: Pki) -> None:
    with origin(answer("200 OK", pki.chains[CERT_URL])) as (port, heard):
        assert http_fetcher(2.0)(f"http://127.0.0.1:{port}/echo.api/echo-api-cert-1.pem") == pki.chains[CERT_URL]
    assert heard[0].startswith(b"GET /echo.api/echo-api-cert-1.pem HTTP/1.1\r\n")


def test_fetcher_gives_up_on_a_silent_server_at_its_deadline() -> None:
    with origin(lambda connection: time.sleep(3)) as (port, _):
        elapsed = timed(lambda: http_fetcher(0.5)(f"http://127.0.0.1:{port}/echo.api/echo-api-cert-1.pem"))
    assert elapsed < 2.5 and "longer than 0.5 s" in timed.error  # type: ignore[attr-defined]  (server waits 3 s)


def test_fetcher_deadline_covers_the_whole_download_not_each_read(pki: Pki) -> None:
    """A server dripping a byte every 0.1 s never trips a per-read timeout; the overall deadline still holds."""
    def drip(connection: socket.socket) -> None:
        connection.sendall(f"HTTP/1.1 200 OK\r\nContent-Length: {MAX_CHAIN_BYTES}\r\n\r\n".encode())
        for _ in range(60):
            connection.sendall(b"-")
            time.sleep(0.1)

    with origin(drip) as (port, _):
        elapsed = timed(lambda: http_fetcher(1.0)(f"http://127.0.0.1:{port}/echo.api/echo-api-cert-1.pem"))
    assert elapsed < 3.5 and "longer than 1 s" in timed.error  # type: ignore[attr-defined]  (the drip lasts 6 s)


def test_fetcher_deadline_covers_the_name_lookup() -> None:
    def slow_resolver(*args: Any, **kwargs: Any) -> list[tuple[Any, ...]]:
        time.sleep(3)
        return socket.getaddrinfo("127.0.0.1", 9, type=socket.SOCK_STREAM)

    elapsed = timed(lambda: http_fetcher(0.5, resolve=slow_resolver)("http://s3.example.invalid/echo.api/x.pem"))
    assert elapsed < 2.5 and "name lookup" in timed.error  # type: ignore[attr-defined]  (the lookup takes 3 s)


def test_fetcher_does_not_follow_redirects(pki: Pki) -> None:
    with origin(answer("200 OK", pki.chains[CERT_URL])) as (target_port, target_heard):
        location = f"Location: http://127.0.0.1:{target_port}/echo.api/echo-api-cert-1.pem\r\n"
        with origin(answer("302 Found", b"", location)) as (port, _):
            timed(lambda: http_fetcher(2.0)(f"http://127.0.0.1:{port}/echo.api/echo-api-cert-1.pem"))
    assert "HTTP 302 (redirects are not followed)" in timed.error  # type: ignore[attr-defined]
    assert target_heard == []


def test_fetcher_refuses_an_error_status_and_an_oversize_body() -> None:
    with origin(answer("404 Not Found", b"no")) as (port, _):
        timed(lambda: http_fetcher(2.0)(f"http://127.0.0.1:{port}/echo.api/echo-api-cert-1.pem"))
    assert "HTTP 404" in timed.error  # type: ignore[attr-defined]
    with origin(answer("200 OK", b"x" * (MAX_CHAIN_BYTES + 10))) as (port, _):
        timed(lambda: http_fetcher(2.0)(f"http://127.0.0.1:{port}/echo.api/echo-api-cert-1.pem"))
    assert "larger than" in timed.error  # type: ignore[attr-defined]
