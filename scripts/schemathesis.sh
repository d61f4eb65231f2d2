#!/usr/bin/env bash
# Tests the running API against its own OpenAPI document with Schemathesis (from PyPI): every check, and
# the coverage, fuzzing and stateful phases, bounded in time. Starts a server on free ports with a
# fresh data directory and a fixed secret, and stops it afterwards. Exits non-zero on any failure.
#
#   bash scripts/schemathesis.sh                 # the whole run (about 100 s)
#   ST_MAX_TIME=30 bash scripts/schemathesis.sh  # shorter
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

SCHEMATHESIS_VERSION="${SCHEMATHESIS_VERSION:-4.32.5}"
VENV=.cache/schemathesis-venv
MAX_TIME="${ST_MAX_TIME:-100}"

if ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
  echo "== installing schemathesis $SCHEMATHESIS_VERSION into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

# Build when the output is missing or older than a source file.
if [ ! -f dist/main.js ] || [ -n "$(find src -newer dist/main.js -name '*.ts' -print -quit)" ]; then
  echo "== building"
  npx tsc -p tsconfig.build.json
fi

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

DATA_DIR="$(mktemp -d)"
LOG="$DATA_DIR/server.log"
export DATA_DIR HOST=127.0.0.1 PORT="$(free_port)" WS_PORT="$(free_port)"
export SECRET_KEY=schemathesis-fixed-secret-of-enough-length
# Fuzzed consistency tokens name positions the log never reaches: each one waits the whole bound, which
# would spend the run's time budget on waiting. Real writes still catch up within it on an idle server.
export CONSISTENCY_TIMEOUT_MS=300
export LOG_LEVEL=warn
# Per-user limits would answer most generated requests with 429 and leave the logic behind them
# untested; the limits have tests of their own. Zero turns a limit off.
export SEND_RATE_LIMIT=0 TYPING_RATE_LIMIT=0 CONVERSATIONS_PER_MINUTE=0 UPLOADS_PER_MINUTE=0

node dist/main.js >"$LOG" 2>&1 &
server=$!
stop_server() {
  kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  rm -rf "$DATA_DIR"
}
trap stop_server EXIT

base="http://$HOST:$PORT"
for _ in $(seq 1 100); do
  curl -fsS "$base/health" >/dev/null 2>&1 && break
  if ! kill -0 "$server" 2>/dev/null; then
    echo "the server did not start:" >&2
    cat "$LOG" >&2
    exit 1
  fi
  sleep 0.2
done

# One caller who also holds the auditor role, so that the audit operations are exercised too.
token="$(node dist/cli/token.js schemathesis "Schemathesis" --role auditor)"

echo "== schemathesis $SCHEMATHESIS_VERSION against $base (at most ${MAX_TIME}s)"
status=0
# Every check runs: that is Schemathesis' default, and scripts/schemathesis.toml turns off only the few
# it names for the operations it names, each with its reason. `--checks all` is not passed because a
# check named on the command line overrides the configuration file, exceptions included.
"$VENV/bin/schemathesis" --config-file scripts/schemathesis.toml run "$base/openapi.json" \
  --phases examples,coverage,fuzzing,stateful \
  --max-time "$MAX_TIME" \
  --workers 1 \
  -H "Authorization: Bearer $token" \
  ${ST_REPORT_DIR:+--report ndjson --report-dir "$ST_REPORT_DIR"} || status=$?

if grep -q '"level":50\|"level":60' "$LOG"; then
  echo "== the server logged errors during the run:" >&2
  grep '"level":50\|"level":60' "$LOG" | head -20 >&2
  status=1
fi
echo "== schemathesis run took $((SECONDS - started))s (exit $status)"
exit "$status"
