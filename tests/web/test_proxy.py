"""The production setup holds slow clients: nginx (deploy/nginx/) in front of gunicorn, on loopback.

Without the proxy, two slow connections hold gunicorn's two sync workers (bench/slow_clients.py
measures it); with it, nginx reads every request whole, under time limits, before gunicorn sees it.
Bounded: fixed durations, a timeout on every request, every process stopped in ``finally``.
Needs nginx (Debian package); .ci/run installs it.
"""
from __future__ import annotations

import re
import socket
import subprocess
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.web.stack import (
    PROXY_SNIPPET,
    SITE,
    SlowClients,
    Signing,
    gunicorn_server,
    http_call,
    nginx_binary,
    nginx_config,
    nginx_proxy,
    probe,
)

pytestmark = pytest.mark.skipif(nginx_binary() is None, reason="nginx is not installed (.ci/run installs it)")

SLOW_CLIENTS = 50
SLOW_SECONDS = 20.0
#: Alexa waits 8 s for an answer (without the proxy, these requests are never answered at all).
LATENCY_LIMIT = 8.0


@pytest.fixture(scope="module")
def signing() -> Signing:
    return Signing.make()


def test_fifty_slow_connections_for_twenty_seconds_do_not_stop_signed_requests(signing: Signing, tmp_path: Path) -> None:
    (tmp_path / "gunicorn").mkdir()
    (tmp_path / "nginx").mkdir()
    with gunicorn_server(signing, tmp_path / "gunicorn") as upstream, nginx_proxy(upstream, tmp_path / "nginx") as port:
        with SlowClients(port, count=SLOW_CLIENTS) as slow:
            time.sleep(1.0)  # let every slow connection open first
            result = probe(port, signing, seconds=SLOW_SECONDS - 1.0)
    assert result.sent >= 30
    assert result.answered_200 == result.sent, result.summary()
    assert max(result.latencies) < LATENCY_LIMIT, result.summary()
    # The pressure was real: every slow client kept sending, about once a second, the whole time.
    assert min(slow.sends) >= SLOW_SECONDS / 2, slow.sends


def test_nginx_ends_slow_and_oversize_requests_itself(signing: Signing, tmp_path: Path) -> None:
    """The timeouts and size limit in the shipped settings, each seen from the client's side."""
    (tmp_path / "gunicorn").mkdir()
    (tmp_path / "nginx").mkdir()
    with gunicorn_server(signing, tmp_path / "gunicorn") as upstream, nginx_proxy(upstream, tmp_path / "nginx") as port:
        status, _ = http_call(port, "POST", "/", b"{}", {"Content-Length": str(200_000)}, timeout=10)
        assert status == 413

        def closed_after(head: bytes) -> float:
            started = time.monotonic()
            with socket.create_connection(("127.0.0.1", port), timeout=15) as sock:
                sock.sendall(head)
                while sock.recv(4096):
                    pass
            return time.monotonic() - started

        # headers never finished; a body shorter than its Content-Length: both closed at the 5 s limits
        assert 4.0 < closed_after(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n") < 8.0
        assert 4.0 < closed_after(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n{") < 8.0
        body, headers = signing.request()
        assert http_call(port, "POST", "/", body, headers)[0] == 200


def test_the_shipped_site_file_is_valid_nginx(signing: Signing, tmp_path: Path) -> None:
    """nginx -t on deploy/nginx/leg-cramp-helper.conf, with a throwaway certificate and loopback ports."""
    from cryptography.hazmat.primitives import serialization

    from tests.web.pki import make_leaf, make_root, new_key

    now = datetime.now(timezone.utc)
    key = new_key()
    certificate = make_leaf(make_root("Site Test Root", now), key, names=("skill.example.com",),
                            not_before=now - timedelta(hours=1), not_after=now + timedelta(days=1))
    (tmp_path / "cert.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                         serialization.NoEncryption()))
    site = SITE.read_text(encoding="utf-8")
    site = re.sub(r"ssl_certificate\s+\S+;", f"ssl_certificate {tmp_path / 'cert.pem'};", site)
    site = re.sub(r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {tmp_path / 'key.pem'};", site)
    site = site.replace("include snippets/alexa-skill-proxy.conf;", f"include {PROXY_SNIPPET};")
    site = re.sub(r"listen 443 ssl;\s*listen \[::\]:443 ssl;", "listen 127.0.0.1:8443 ssl;", site)
    assert "include " + str(PROXY_SNIPPET) in site and "listen 127.0.0.1:8443 ssl;" in site
    wrapper = nginx_config(tmp_path, 0, 0, "").split("http {")[0] + "http {\n" + \
        "\n".join(f"  {kind}_temp_path {tmp_path / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) + \
        "\n" + site + "\n}\n"
    (tmp_path / "nginx.conf").write_text(wrapper, encoding="utf-8")
    result = subprocess.run([nginx_binary(), "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"),
                             "-e", str(tmp_path / "error.log")], capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr
