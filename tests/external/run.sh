#!/usr/bin/env bash
# Runs the virtual-alexa conversation suite against the real endpoint: starts `python -m skill serve`
# in development mode (no signature checks) on a free loopback port, runs `node --test`, stops the
# server. Needs node_modules (`npm ci` here; `make test-external` does both).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
python="${PYTHON:-$root/.venv/bin/python}"
scratch="$(mktemp -d)"
server_pid=""

stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$scratch"
}
trap stop_server EXIT

port="$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
(cd "$root" && exec "$python" -m skill serve --insecure-dev-mode --host 127.0.0.1 --port "$port") \
  >"$scratch/server.log" 2>&1 &
server_pid=$!

if ! "$python" - "$port" <<'PY'
import sys, time, urllib.request
deadline = time.monotonic() + 30
while time.monotonic() < deadline:
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/healthz", timeout=1).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.2)
sys.exit(1)
PY
then
  echo "the endpoint did not come up on port $port; its log:" >&2
  cat "$scratch/server.log" >&2
  exit 1
fi

(cd "$root" && "$python" tests/external/expected_text.py en-US) >"$scratch/expected.json"

status=0
(cd "$here" && SKILL_URL="http://127.0.0.1:$port/" EXPECTED_JSON="$scratch/expected.json" \
  AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE=1 node --test) || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- endpoint log ---" >&2
  tail -n 40 "$scratch/server.log" >&2
fi
exit "$status"
