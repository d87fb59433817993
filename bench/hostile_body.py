"""CPU time the verifying endpoint spends on one hostile, unsigned request, before it refuses it.

An attacker needs no key to send a body: whatever the server does before it finds the signature
wrong is work anyone can make it do. This builds the production app (``create_app``, verifying,
trusting a test root made at start, chain served from memory) and sends each body through Flask's
test client in this process, timing the server side with ``time.thread_time`` (CPU of this
thread only; the client side is a few dictionary operations). Every hostile body carries the real
certificate URL and a well-formed but wrong signature, as a forger would send.

    .venv/bin/python bench/hostile_body.py [--repeat 5]

Prints, per body: its size, the HTTP status, and CPU milliseconds (median and max of the repeats).
A signed launch request is the baseline of what a legitimate request costs.
"""
from __future__ import annotations

import argparse
import base64
import json
import platform
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.web's PKI and envelope builders

from skill.app import build_skill  # noqa: E402
from skill.web.app import create_app  # noqa: E402
from skill.web.config import WebConfig  # noqa: E402
from tests.web.envelopes import CERT_URL, SKILL_ID, body_of, launch, signed_headers  # noqa: E402
from tests.web.pki import make_intermediate, make_leaf, make_root, new_key, pem_chain  # noqa: E402

BODY_BYTES = 120_000


def hostile_bodies(now: datetime) -> dict[str, bytes]:
    """Bodies a client can send without any key, each just under the 128 KiB limit."""
    envelope = launch(now)
    slow_timestamp = json.loads(json.dumps(envelope))
    slow_timestamp["request"]["timestamp"] = "1." * (BODY_BYTES // 2)
    padded = json.loads(json.dumps(envelope))
    padded["request"]["padding"] = ["x" * 100] * (BODY_BYTES // 104)
    return {
        'timestamp "1."*60000 (the issue\'s body)': body_of(slow_timestamp),
        "valid envelope + 120 KB of padding": body_of(padded),
        "nesting [[[...]]] 60000 deep": b"[" * (BODY_BYTES // 2) + b"]" * (BODY_BYTES // 2),
        "not JSON (120 KB of text)": b"x" * BODY_BYTES,
    }


def forged_headers() -> dict[str, str]:
    """The real chain URL and a signature of the right length that matches nothing."""
    return {"Content-Type": "application/json; charset=utf-8", "SignatureCertChainUrl": CERT_URL,
            "Signature-256": base64.b64encode(bytes(256)).decode("ascii")}


def cpu_ms(client: Any, body: bytes, headers: dict[str, str]) -> tuple[float, int]:
    start = time.thread_time()
    response = client.post("/", data=body, headers=headers)
    return (time.thread_time() - start) * 1000, response.status_code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="requests per body (default 5)")
    args = parser.parse_args()

    now = datetime.now(timezone.utc)
    root = make_root("Bench Root", now)
    intermediate = make_intermediate(root, "Bench Intermediate", now)
    key = new_key()
    leaf = make_leaf(intermediate, key, not_before=now - timedelta(hours=1), not_after=now + timedelta(days=30))
    chain = pem_chain(leaf, intermediate.certificate)
    app = create_app(WebConfig(skill_ids=frozenset({SKILL_ID})), skill=build_skill(),
                     trust_roots=[root.certificate], fetcher={CERT_URL: chain}.__getitem__)
    app.logger.disabled = True  # one warning per refusal would time the terminal, not the server
    client = app.test_client()

    print(f"python {platform.python_version()} on {platform.machine()}, {args.repeat} requests per body")
    print(f"{'body':<42} {'bytes':>7} {'status':>6} {'CPU ms median':>14} {'max':>9}")
    rows = [(name, body, forged_headers()) for name, body in hostile_bodies(now).items()]
    for name, body, headers in rows:
        cpu_ms(client, body, headers)  # first request warms caches (chain fetch, imports)
        timings = [cpu_ms(client, body, headers) for _ in range(args.repeat)]
        statuses = {status for _, status in timings}
        values = [ms for ms, _ in timings]
        print(f"{name:<42} {len(body):>7} {'/'.join(map(str, sorted(statuses))):>6} "
              f"{statistics.median(values):>14.2f} {max(values):>9.2f}")
    values, statuses = [], set()
    for _ in range(args.repeat + 1):
        body = body_of(launch(datetime.now(timezone.utc)))
        ms, status = cpu_ms(client, body, signed_headers(body, key))
        values.append(ms)
        statuses.add(status)
    values = values[1:]
    print(f"{'baseline: signed launch request':<42} {len(body):>7} {'/'.join(map(str, sorted(statuses))):>6} "
          f"{statistics.median(values):>14.2f} {max(values):>9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
