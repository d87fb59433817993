"""Signed requests while 50 slow clients hold connections open: gunicorn alone, then behind nginx.

The README's old production command exposed gunicorn's two sync workers directly; a client that
drips its headers, or sends less body than its Content-Length, holds a worker until gunicorn's 30 s
timeout. This starts the same gunicorn (production app, verifying, test root trusted) on loopback,
and measures a fresh signed launch request every 0.5 s: first with no slow clients, then with
``--clients`` slow ones for ``--seconds``, against gunicorn directly and through nginx with the
shipped ``deploy/nginx/alexa-skill-proxy.conf``. Needs nginx (Debian package).

    .venv/bin/python bench/slow_clients.py [--clients 50] [--seconds 20]

Prints, per setup: requests answered 200 out of sent, median and max latency, and the failures.
"""
from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.web's stack, PKI and envelopes

from tests.web.stack import WORKERS, SlowClients, Signing, gunicorn_server, nginx_binary, nginx_proxy, probe  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50, help="slow connections (default 50)")
    parser.add_argument("--seconds", type=float, default=20.0, help="how long they stay (default 20)")
    args = parser.parse_args()
    if nginx_binary() is None:
        print("slow_clients.py: nginx is not installed (Debian: apt-get install nginx)", file=sys.stderr)
        return 2
    signing = Signing.make()
    print(f"python {platform.python_version()}, gunicorn {WORKERS} sync workers, {args.clients} slow clients "
          f"for {args.seconds:g} s, one signed request every 0.5 s (timeout 10 s)")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for name in ("gunicorn", "nginx"):
            (folder / name).mkdir()
        with gunicorn_server(signing, folder / "gunicorn") as upstream, nginx_proxy(upstream, folder / "nginx") as proxy:
            for label, port in (("gunicorn alone", upstream), ("nginx -> gunicorn", proxy)):
                print(f"{label:<20} no slow clients:  {probe(port, signing, seconds=3).summary()}")
                with SlowClients(port, count=args.clients) as slow:
                    time.sleep(1.0)
                    result = probe(port, signing, seconds=args.seconds - 1.0)
                print(f"{label:<20} with slow clients: {result.summary()} "
                      f"(slow clients' sends accepted: {sum(slow.sends)})")
                time.sleep(1.0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
