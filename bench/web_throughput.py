"""Requests per second over loopback, with Alexa request verification on and off, in one run.

Both servers are the production setup (gunicorn, sync worker, ``skill.web.app.create_app``) built
from the same skill; the only difference is ``WebConfig.verify``. The verifying one trusts a test
root made at start and gets its chain from memory through the injectable fetcher, so after the
first request its chain cache is warm, as in production: what it pays per request is the URL check,
the chain validation, the signature and the timestamp/skill-ID checks. Both get the same signed
request mix, alternated in ABBA rounds so drift hits both alike.

    .venv/bin/python bench/web_throughput.py [--seconds 2] [--rounds 8] [--clients 4]

Prints each round, the medians and the verified/unverified ratio (target: at least 0.8). It also
prints the server's CPU time per request (from /proc, Linux only): on a shared 2-core machine the
wall-clock rate swings with other load, while CPU per request shows what verification itself costs.
"""
from __future__ import annotations

import argparse
import http.client
import itertools
import multiprocessing
import os
import platform
import socket
import statistics
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.web's PKI and envelope builders

from gunicorn.app.base import BaseApplication  # noqa: E402

from skill.app import build_skill  # noqa: E402
from skill.web.app import create_app  # noqa: E402
from skill.web.config import WebConfig  # noqa: E402
from tests.web.envelopes import CERT_URL, SKILL_ID, body_of, intent, launch, signed_headers  # noqa: E402
from tests.web.pki import make_intermediate, make_leaf, make_root, new_key, pem_chain  # noqa: E402

TARGET_RATIO = 0.8
QUESTIONS = ["CausesOverviewIntent", "BTwelveSymptomsIntent", "BTwelveFoodsIntent", "DuringCrampIntent",
             "PreventionIntent", "AMAZON.HelpIntent", "TellMeMoreIntent"]


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    """gunicorn serving an app object built in this process (the test root cannot come from env vars)."""

    def __init__(self, app: Any, port: int) -> None:
        self._app, self._port = app, port
        super().__init__()

    def load_config(self) -> None:
        for key, value in {"bind": f"127.0.0.1:{self._port}", "workers": 1, "worker_class": "sync",
                           "loglevel": "warning", "accesslog": None}.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return self._app


def _serve(verify: bool, port: int, root_pem: bytes, chain_pem: bytes) -> None:
    """Child process: build the app (verifying or not) and run gunicorn until terminated."""
    from cryptography import x509

    config = WebConfig(skill_ids=frozenset({SKILL_ID}), verify=verify)
    app = create_app(config, skill=build_skill(), trust_roots=x509.load_pem_x509_certificates(root_pem),
                     fetcher={CERT_URL: chain_pem}.__getitem__)
    _Gunicorn(app, port).run()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _post(port: int, body: bytes, headers: dict[str, str]) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("POST", "/", body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def _wait_ready(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server on port {port} did not start")


def _request_mix(signing_key: Any) -> list[tuple[bytes, dict[str, str]]]:
    """Launches, one-shot questions and mid-session turns, signed now (timestamps must be fresh)."""
    now = datetime.now(timezone.utc)
    envelopes = [launch(now)] + [intent(name, now) for name in QUESTIONS]
    envelopes.append(intent("AMAZON.PreviousIntent", now, new=False, attributes={
        "v": 1, "last": {"kind": "entry", "id": "b12_foods", "facet": "about", "step": 0, "other": ""},
        "history": [{"kind": "prompt", "id": "welcome", "facet": "about", "step": 0, "other": ""}],
        "pending": "more", "checklist": None, "misses": 0}))
    return [(body, signed_headers(body, signing_key)) for body in map(body_of, envelopes)]


def _server_cpu_seconds(server_pid: int) -> float:
    """User + system CPU of the gunicorn arbiter's workers (its children), from /proc (Linux)."""
    ticks = os.sysconf("SC_CLK_TCK")
    children = Path(f"/proc/{server_pid}/task/{server_pid}/children").read_text().split()
    total = 0
    for child in children:
        fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def _measure(port: int, mix: list[tuple[bytes, dict[str, str]]], seconds: float, clients: int) -> int:
    """Send the mix from ``clients`` threads for ``seconds``; return how many were answered (all must be 200)."""
    counts = [0] * clients
    failures: list[int] = []
    stop_at = time.monotonic() + seconds

    def client(index: int) -> None:
        for body, headers in itertools.cycle(mix[index:] + mix[:index]):
            if time.monotonic() >= stop_at:
                return
            status = _post(port, body, headers)
            if status != 200:
                failures.append(status)
                return
            counts[index] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(f"server answered {failures[0]} (expected 200)")
    return sum(counts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="length of each measured round")
    parser.add_argument("--rounds", type=int, default=8, help="rounds per mode (alternated ABBA)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent client threads")
    args = parser.parse_args(argv)

    now = datetime.now(timezone.utc)
    root = make_root("Bench Root", now)
    intermediate = make_intermediate(root, "Bench Intermediate", now)
    signing_key = new_key()
    leaf = make_leaf(intermediate, signing_key, not_before=now - timedelta(hours=1), not_after=now + timedelta(days=1))
    root_pem, chain_pem = pem_chain(root.certificate), pem_chain(leaf, intermediate.certificate)

    fork = multiprocessing.get_context("fork")
    ports = {True: _free_port(), False: _free_port()}
    servers = [fork.Process(target=_serve, args=(verify, port, root_pem, chain_pem), daemon=True)
               for verify, port in ports.items()]
    for server in servers:
        server.start()
    try:
        for port in ports.values():
            _wait_ready(port)
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
              f"gunicorn 1 sync worker per server; {args.clients} client threads; {args.seconds:g} s rounds")
        rates: dict[bool, list[float]] = {True: [], False: []}
        cpu: dict[bool, list[float]] = {True: [], False: []}
        pids = {verify: server.pid for verify, server in zip(ports, servers)}
        for verify in ([True, False, False, True] * args.rounds)[: 2 * args.rounds]:
            mix = _request_mix(signing_key)
            _measure(ports[verify], mix, 0.3, args.clients)  # warm-up: the first request fills the chain cache
            cpu_before, started = _server_cpu_seconds(pids[verify]), time.monotonic()
            answered = _measure(ports[verify], mix, args.seconds, args.clients)
            elapsed, cpu_used = time.monotonic() - started, _server_cpu_seconds(pids[verify]) - cpu_before
            rates[verify].append(answered / elapsed)
            cpu[verify].append(cpu_used / answered * 1e6)
            print(f"  {'verified  ' if verify else 'unverified'} {answered / elapsed:8.1f} req/s"
                  f"   server CPU {cpu_used / answered * 1e6:6.0f} us/req")
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.join(timeout=15)

    verified, unverified = statistics.median(rates[True]), statistics.median(rates[False])
    cpu_verified, cpu_unverified = statistics.median(cpu[True]), statistics.median(cpu[False])
    ratio, cpu_ratio = verified / unverified, cpu_unverified / cpu_verified
    verdict = "met" if ratio >= TARGET_RATIO else "NOT met"
    print(f"verified:   {verified:8.1f} req/s  (median; server CPU {cpu_verified:.0f} us/req)")
    print(f"unverified: {unverified:8.1f} req/s  (median; server CPU {cpu_unverified:.0f} us/req)")
    print(f"ratio:      {ratio:8.2f}  verified/unverified req/s (target >= {TARGET_RATIO}: {verdict})")
    print(f"cpu ratio:  {cpu_ratio:8.2f}  unverified/verified server CPU per request (capacity of one worker core)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
