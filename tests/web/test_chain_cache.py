"""The chain cache: fetch once, expire, stay bounded, never cache a failure, and fetch with a timeout."""
from __future__ import annotations

import socket
import threading
import time

import pytest

from skill.web.certs import ChainCache, ChainUnavailable, http_fetcher
from tests.web.conftest import PREFIX, Pki, RecordingFetcher
from tests.web.envelopes import CERT_URL


class FakeMonotonic:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_second_request_for_a_url_uses_the_cache(pki: Pki) -> None:
    fetcher = RecordingFetcher(dict(pki.chains))
    cache = ChainCache(fetcher)
    first, second = cache.get(CERT_URL), cache.get(CERT_URL)
    assert first is second and fetcher.fetched == [CERT_URL]
    assert "CN=echo-api.amazon.com" in first.leaf.subject.rfc4514_string()
    assert len(first.intermediates) == 1


def test_entries_expire(pki: Pki) -> None:
    fetcher, clock = RecordingFetcher(dict(pki.chains)), FakeMonotonic()
    cache = ChainCache(fetcher, ttl_seconds=60, clock=clock)
    cache.get(CERT_URL)
    clock.now += 59
    cache.get(CERT_URL)
    clock.now += 2
    cache.get(CERT_URL)
    assert fetcher.fetched == [CERT_URL, CERT_URL]


def test_size_is_bounded_and_least_recently_used_goes_first(pki: Pki) -> None:
    fetcher = RecordingFetcher(dict(pki.chains))
    cache = ChainCache(fetcher, max_entries=2)
    a, b, c = CERT_URL, PREFIX + "wrong-san.pem", PREFIX + "expired.pem"
    cache.get(a), cache.get(b), cache.get(a), cache.get(c)  # b is least recently used when c arrives
    assert len(cache) == 2
    cache.get(a)
    cache.get(b)
    assert fetcher.fetched == [a, b, c, b]


def test_failures_are_not_cached(pki: Pki) -> None:
    calls = []

    def flaky(url: str) -> bytes:
        calls.append(url)
        if len(calls) == 1:
            raise TimeoutError("timed out")
        return pki.chains[CERT_URL]

    cache = ChainCache(flaky)
    with pytest.raises(ChainUnavailable, match="could not fetch certificate chain: TimeoutError"):
        cache.get(CERT_URL)
    assert cache.get(CERT_URL).leaf is not None and len(calls) == 2


def test_garbage_is_not_cached(pki: Pki) -> None:
    fetcher = RecordingFetcher(dict(pki.chains))
    cache = ChainCache(fetcher)
    for _ in range(2):
        with pytest.raises(ChainUnavailable, match="not valid PEM"):
            cache.get(PREFIX + "garbage.pem")
    assert len(cache) == 0 and len(fetcher.fetched) == 2


def test_http_fetcher_gives_up_after_its_timeout() -> None:
    """A server that accepts but never answers costs one timeout, not a hung worker."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    accepted: list[socket.socket] = []
    thread = threading.Thread(target=lambda: accepted.append(listener.accept()[0]), daemon=True)
    thread.start()
    started = time.monotonic()
    try:
        with pytest.raises(ChainUnavailable, match="could not fetch"):
            ChainCache(http_fetcher(timeout_seconds=0.5)).get(f"http://127.0.0.1:{port}/echo.api/slow.pem")
        assert time.monotonic() - started < 5
    finally:
        for connection in accepted:
            connection.close()
        listener.close()
