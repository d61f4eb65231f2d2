#!/usr/bin/env bash
# Runs a command with a throwaway FerretDB (MongoDB wire protocol on SQLite) and MONGODB_URL pointing
# at it, so the MongoDB read-model contract suite runs against a real server:
#
#   bash scripts/with-ferretdb.sh npx jest test/integration/mongo-read-models
#
# FerretDB is built from the Go module proxy (tools/ferretdb, about 1.5 minutes the first time, cached
# in .cache/ferretdb/bin). Without `go`, or when the build fails, the command runs without MONGODB_URL
# and the MongoDB suite says it was skipped. Environment: FERRETDB_PORT (first port tried, default
# 27018), FERRETDB_START_TIMEOUT (seconds, default 30).
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$ROOT/.cache/ferretdb"
BIN="$CACHE/bin/ferretdb"
SRC="$ROOT/tools/ferretdb"
LOG="$CACHE/ferretdb.log"
mkdir -p "$CACHE/bin"

say() { echo "with-ferretdb: $*" >&2; }

without_ferretdb() {
  say "$1; the MongoDB contract suite will be skipped."
  shift
  exec env -u MONGODB_URL "$@"
}

# Build unless the cached binary is newer than its sources.
needs_build() {
  [ -x "$BIN" ] || return 0
  for f in "$SRC/main.go" "$SRC/go.mod" "$SRC/go.sum"; do
    [ "$f" -nt "$BIN" ] && return 0
  done
  return 1
}

if needs_build; then
  if ! command -v go >/dev/null 2>&1; then
    without_ferretdb "go is not installed, so FerretDB cannot be built" "$@"
  fi
  say "building FerretDB from the Go module proxy (about 1.5 minutes the first time)..."
  if ! (cd "$SRC" && go build -o "$BIN.tmp" . && mv "$BIN.tmp" "$BIN") >"$CACHE/build.log" 2>&1; then
    tail -n 20 "$CACHE/build.log" >&2 || true
    without_ferretdb "FerretDB build failed (full log: $CACHE/build.log)" "$@"
  fi
fi

# Something listening on 127.0.0.1:$1?
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

PORT="${FERRETDB_PORT:-27018}"
for _ in $(seq 1 10); do
  listening "$PORT" || break
  PORT=$((PORT + 1))
done
if listening "$PORT"; then
  say "error: no free port from ${FERRETDB_PORT:-27018} to $PORT"
  exit 1
fi

DATA="$(mktemp -d "${TMPDIR:-/tmp}/ferretdb.XXXXXX")"
FERRETDB_PID=""
stop_ferretdb() {
  if [ -n "$FERRETDB_PID" ] && kill -0 "$FERRETDB_PID" 2>/dev/null; then
    kill -TERM "$FERRETDB_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$FERRETDB_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$FERRETDB_PID" 2>/dev/null || true
    wait "$FERRETDB_PID" 2>/dev/null || true
  fi
  rm -rf "$DATA"
}
trap stop_ferretdb EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$BIN" -listen "127.0.0.1:$PORT" -data "$DATA" >"$LOG" 2>&1 &
FERRETDB_PID=$!

TIMEOUT="${FERRETDB_START_TIMEOUT:-30}"
deadline=$((SECONDS + TIMEOUT))
until listening "$PORT"; do
  if ! kill -0 "$FERRETDB_PID" 2>/dev/null; then
    say "error: FerretDB exited before accepting connections on 127.0.0.1:$PORT; its log:"
    tail -n 30 "$LOG" >&2 || true
    exit 1
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    say "error: FerretDB did not accept connections on 127.0.0.1:$PORT within ${TIMEOUT}s; its log:"
    tail -n 30 "$LOG" >&2 || true
    exit 1
  fi
  sleep 0.2
done

export MONGODB_URL="mongodb://127.0.0.1:$PORT/"
say "FerretDB is up at $MONGODB_URL (log: $LOG)"

status=0
"$@" || status=$?
exit "$status"
