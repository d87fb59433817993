"""Fixtures for the web endpoint: a test PKI, a recording chain fetcher, and app factories."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from flask import Flask

from skill.app import build_skill
from skill.web.app import create_app
from skill.web.config import WebConfig
from tests.web.envelopes import CERT_URL, SKILL_ID
from tests.web.pki import Authority, make_intermediate, make_leaf, make_root, new_key, pem_chain

PREFIX = "https://s3.amazonaws.com/echo.api/"


@dataclass
class Pki:
    """The trusted root, the signing key, and chain PEMs by URL (good and each kind of bad)."""

    root: Authority
    signing_key: Any
    chains: dict[str, bytes]
    made_at: datetime


@dataclass
class RecordingFetcher:
    """Serves chains from memory, as S3 would, and records every URL asked for."""

    chains: dict[str, bytes]
    fetched: list[str] = field(default_factory=list)

    def __call__(self, url: str) -> bytes:
        self.fetched.append(url)
        return self.chains[url]


@pytest.fixture(scope="session")
def pki() -> Pki:
    now = datetime.now(timezone.utc)
    root = make_root("Web Test Root", now)
    intermediate = make_intermediate(root, "Web Test Intermediate", now)
    rogue_root = make_root("Rogue Root", now)
    rogue_intermediate = make_intermediate(rogue_root, "Rogue Intermediate", now)
    short_lived = make_intermediate(root, "Web Test Short-lived Intermediate", now, valid_for=timedelta(days=1))
    key = new_key()
    valid = {"not_before": now - timedelta(hours=1), "not_after": now + timedelta(days=30)}

    def chain(issuer: Authority = intermediate, **options: Any) -> bytes:
        leaf = make_leaf(issuer, key, **{**valid, **options})
        return pem_chain(leaf, issuer.certificate)

    return Pki(root=root, signing_key=key, made_at=now, chains={
        CERT_URL: chain(),
        PREFIX + "echo-api-cert-wrong-san.pem": chain(names=("example.com",)),
        PREFIX + "echo-api-cert-wildcard-san.pem": chain(names=("*.amazon.com",)),
        PREFIX + "echo-api-cert-expired.pem": chain(not_before=now - timedelta(days=60), not_after=now - timedelta(days=1)),
        PREFIX + "echo-api-cert-not-yet-valid.pem": chain(not_before=now + timedelta(days=1), not_after=now + timedelta(days=60)),
        PREFIX + "echo-api-cert-untrusted-root.pem": chain(issuer=rogue_intermediate),
        PREFIX + "echo-api-cert-garbage.pem": b"-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n",
        PREFIX + "echo-api-cert-intermediate-expires-first.pem": chain(issuer=short_lived),
        PREFIX + "echo-api-cert-expired-at-signing.pem": chain(not_before=now - timedelta(days=20), not_after=now - timedelta(days=5)),
    })


@pytest.fixture
def fetcher(pki: Pki) -> RecordingFetcher:
    return RecordingFetcher(dict(pki.chains))


AppFactory = Callable[..., Flask]


@pytest.fixture
def make_app(pki: Pki, fetcher: RecordingFetcher) -> AppFactory:
    """Build the production app trusting only the test root; keyword arguments override anything."""

    def build(config: WebConfig | None = None, **overrides: Any) -> Flask:
        options: dict[str, Any] = {"skill": build_skill(), "trust_roots": [pki.root.certificate], "fetcher": fetcher}
        options.update(overrides)
        return create_app(config or WebConfig(skill_ids=frozenset({SKILL_ID})), **options)

    return build


@pytest.fixture
def client(make_app: AppFactory) -> Any:
    return make_app().test_client()
