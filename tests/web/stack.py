"""The production stack on loopback, for the proxy test and the slow-client bench: gunicorn, nginx, slow clients.

gunicorn runs the production app (``create_app``, verifying, sync workers as in the README's command)
in its own process, trusting a test root and serving the chain from memory, so requests signed with
the test PKI pass full verification. nginx runs the shipped ``deploy/nginx/alexa-skill-proxy.conf``
inside a minimal server block, with every path in a temporary folder. Everything binds 127.0.0.1 on
free ports and is stopped by the context managers, whatever happens.

    python -m tests.web.stack PORT ROOT_PEM CHAIN_PEM WORKERS   # the gunicorn child (used by gunicorn_server)
"""
from __future__ import annotations

import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from tests.web.envelopes import CERT_URL, SKILL_ID, body_of, launch, signed_headers
from tests.web.pki import make_intermediate, make_leaf, make_root, new_key, pem_chain

ROOT = Path(__file__).resolve().parents[2]
PROXY_SNIPPET = ROOT / "deploy" / "nginx" / "alexa-skill-proxy.conf"
SITE = ROOT / "deploy" / "nginx" / "leg-cramp-helper.conf"
#: The README's production command runs two sync workers.
WORKERS = 2


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Signing:
    """A test root, the chain Alexa would name, and the key that signs requests."""

    root_pem: bytes
    chain_pem: bytes
    key: Any

    @classmethod
    def make(cls) -> Signing:
        from cryptography.hazmat.primitives import serialization

        now = datetime.now(timezone.utc)
        root = make_root("Stack Test Root", now)
        intermediate = make_intermediate(root, "Stack Test Intermediate", now)
        key = new_key()
        leaf = make_leaf(intermediate, key, not_before=now - timedelta(hours=1), not_after=now + timedelta(days=30))
        return cls(root.certificate.public_bytes(serialization.Encoding.PEM),
                   pem_chain(leaf, intermediate.certificate), key)

    def request(self) -> tuple[bytes, dict[str, str]]:
        """A fresh signed launch request (timestamps must be current)."""
        body = body_of(launch(datetime.now(timezone.utc)))
        return body, signed_headers(body, self.key)


def http_call(port: int, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None,
              timeout: float = 10.0) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def wait_healthy(port: int, process: subprocess.Popen[Any], what: str, seconds: float = 30) -> None:
    """Until ``process`` answers /healthz on ``port``; fails at once if it exits, or after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with status {process.returncode}")
        try:
            if http_call(port, "GET", "/healthz", timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not answer /healthz on port {port} within {seconds:.0f} s")


def stop_process(process: subprocess.Popen[Any]) -> None:
    """Terminate, then kill if it will not go: a test's server never outlives the test."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@contextmanager
def gunicorn_server(signing: Signing, folder: Path, workers: int = WORKERS) -> Iterator[int]:
    """gunicorn with ``workers`` sync workers on a free loopback port; yields the port."""
    port = free_port()
    root, chain = folder / "root.pem", folder / "chain.pem"
    root.write_bytes(signing.root_pem)
    chain.write_bytes(signing.chain_pem)
    log = (folder / "gunicorn.log").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "tests.web.stack", str(port), str(root), str(chain), str(workers)],
                               cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_healthy(port, process, "gunicorn")
        yield port
    finally:
        stop_process(process)
        log.close()


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx", "/sbin/nginx") if os.path.exists(p)), None)


def nginx_config(folder: Path, listen_port: int, upstream_port: int, server_body: str) -> str:
    """A whole nginx.conf around ``server_body``: every path in ``folder``, loopback only, in the foreground."""
    user = "user root;\n" if os.geteuid() == 0 else ""  # as root, workers would otherwise switch to nobody
    paths = "\n".join(f"  {kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""{user}worker_processes 1;
daemon off;
pid {folder / 'nginx.pid'};
error_log {folder / 'error.log'} warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
{paths}
  upstream leg_cramp_helper {{ server 127.0.0.1:{upstream_port}; keepalive 8; }}
  server {{
    listen 127.0.0.1:{listen_port};
    {server_body}
  }}
}}
"""


@contextmanager
def nginx_proxy(upstream_port: int, folder: Path) -> Iterator[int]:
    """nginx with the shipped proxy settings in front of ``upstream_port``; yields its port."""
    binary = nginx_binary()
    if binary is None:
        raise RuntimeError("nginx is not installed (Debian: apt-get install nginx; .ci/run installs it)")
    port = free_port()
    config = folder / "nginx.conf"
    config.write_text(nginx_config(folder, port, upstream_port, f"include {PROXY_SNIPPET};"), encoding="utf-8")
    process = subprocess.Popen([binary, "-p", str(folder), "-c", str(config), "-e", str(folder / "error.log")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_healthy(port, process, "nginx")
        yield port
    finally:
        stop_process(process)


@dataclass
class SlowClients:
    """``count`` connections that each send a request as slowly as a server lets them, until stopped.

    Half drip header lines (slowloris); half send complete headers announcing a body larger than
    what they then drip. Each reconnects when the server closes on it. ``sends`` counts the bytes
    the server accepted, to show the pressure was real.
    """

    port: int
    count: int = 50
    interval: float = 1.0
    sends: list[int] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)

    def __enter__(self) -> SlowClients:
        self.sends = [0] * self.count
        for index in range(self.count):
            thread = threading.Thread(target=self._run, args=(index,), daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=self.interval + 5)

    def _run(self, index: int) -> None:
        body_dripper = index % 2 == 1
        while not self._stop.is_set():
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=self.interval + 5) as sock:
                    head = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    if body_dripper:
                        head += "Content-Length: 100000\r\n\r\n{"
                    sock.sendall(head.encode())
                    self.sends[index] += 1
                    while not self._stop.wait(self.interval):
                        sock.sendall(b" " if body_dripper else f"X-Slow-{self.sends[index]}: x\r\n".encode())
                        self.sends[index] += 1
            except OSError:
                self._stop.wait(0.05)


@dataclass(frozen=True)
class ProbeResult:
    sent: int
    answered_200: int
    latencies: tuple[float, ...]
    failures: tuple[str, ...]

    def summary(self) -> str:
        text = f"{self.answered_200}/{self.sent} answered 200"
        if self.latencies:
            text += f"; latency median {statistics.median(self.latencies):.3f} s, max {max(self.latencies):.3f} s"
        if self.failures:
            counts = {reason: self.failures.count(reason) for reason in sorted(set(self.failures))}
            text += "; failed: " + ", ".join(f"{n} {reason}" for reason, n in counts.items())
        return text


def probe(port: int, signing: Signing, seconds: float, every: float = 0.5, timeout: float = 10.0) -> ProbeResult:
    """Send a fresh signed launch request every ``every`` seconds for ``seconds``; record each outcome."""
    results: list[tuple[int | None, float, str]] = []
    lock = threading.Lock()

    def one() -> None:
        body, headers = signing.request()
        started = time.monotonic()
        try:
            status, _ = http_call(port, "POST", "/", body, headers, timeout=timeout)
            outcome: tuple[int | None, float, str] = (status, time.monotonic() - started, "" if status == 200 else f"HTTP {status}")
        except OSError as error:
            outcome = (None, time.monotonic() - started, type(error).__name__)
        with lock:
            results.append(outcome)

    threads = []
    ends = time.monotonic() + seconds
    while time.monotonic() < ends:
        thread = threading.Thread(target=one, daemon=True)
        thread.start()
        threads.append(thread)
        time.sleep(every)
    for thread in threads:
        thread.join(timeout=timeout + 5)
    return ProbeResult(sent=len(threads), answered_200=sum(1 for status, _, _ in results if status == 200),
                       latencies=tuple(latency for status, latency, _ in results if status == 200),
                       failures=tuple(reason for _, _, reason in results if reason))


def _serve(port: int, root_pem: Path, chain_pem: Path, workers: int) -> None:
    """The gunicorn child: the production app with the test root trusted and the chain served from memory."""
    from cryptography import x509
    from gunicorn.app.base import BaseApplication

    from skill.app import build_skill
    from skill.web.app import create_app
    from skill.web.config import WebConfig

    chain = chain_pem.read_bytes()
    app = create_app(WebConfig(skill_ids=frozenset({SKILL_ID})), skill=build_skill(),
                     trust_roots=x509.load_pem_x509_certificates(root_pem.read_bytes()),
                     fetcher={CERT_URL: chain}.__getitem__)

    class Gunicorn(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in {"bind": f"127.0.0.1:{port}", "workers": workers, "worker_class": "sync",
                               "loglevel": "warning", "accesslog": None}.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return app

    Gunicorn().run()


if __name__ == "__main__":
    _serve(int(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]))
