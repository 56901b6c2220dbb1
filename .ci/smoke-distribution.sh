#!/usr/bin/env bash
# Smoke test of the packaged distribution, as a user runs it: unpack the tar.gz, start
# bin/taskcast from another directory, run one task through its lifecycle over HTTP and SSE, then
# stop it with SIGTERM and expect exit status 0 within 10 s.
#
#   bash .ci/smoke-distribution.sh [path/to/taskcast-<version>.tar.gz]
#
# Needs curl and a Java 21+ (JAVA_HOME, or /usr/lib/jvm/temurin-25-jdk-amd64).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ARCHIVE=${1:-$(ls "$ROOT"/distribution/target/taskcast-*.tar.gz 2>/dev/null | head -n 1 || true)}
STARTUP_SECONDS=90
STOP_SECONDS=10

passed=0
failed=0
pass() { echo "PASS: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
summary() { echo "smoke: $passed passed, $failed failed"; }

if [[ -z $ARCHIVE || ! -f $ARCHIVE ]]; then
  fail "no distribution archive found (run mvn package first)"
  summary
  exit 1
fi
if [[ -z ${JAVA_HOME:-} && -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi

WORK=$(mktemp -d)
SERVER_PID=
SSE_PID=
cleanup() {
  [[ -n $SSE_PID ]] && kill "$SSE_PID" 2>/dev/null || true
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

finish() {
  if ((failed > 0)) && [[ -f $WORK/server.out ]]; then
    echo "--- server stdout"; cat "$WORK/server.out"
    echo "--- server stderr"; tail -n 50 "$WORK/server.err"
  fi
  summary
  if ((failed == 0)); then exit 0; else exit 1; fi
}

# --- Unpack ------------------------------------------------------------------------------------
mkdir -p "$WORK/unpacked" "$WORK/cwd" "$WORK/home"
tar xzf "$ARCHIVE" -C "$WORK/unpacked"
DIST=$(echo "$WORK"/unpacked/taskcast-*)
if [[ -x $DIST/bin/taskcast && -f $DIST/conf/taskcast.yaml && -f $DIST/LICENSE && -d $DIST/plugins ]]; then
  pass "unpacked $(basename "$ARCHIVE") with bin/, conf/, lib/, plugins/, LICENSE"
else
  fail "unexpected archive layout: $(ls "$DIST" 2>&1 | tr '\n' ' ')"
  finish
fi

# --- Start -------------------------------------------------------------------------------------
# A port nobody listens on (the server binds it moments later; a collision is very unlikely).
PORT=
for _ in $(seq 1 50); do
  # Below Linux's ephemeral range (32768+): a port there can be taken by any outgoing connection.
  candidate=$((20000 + RANDOM % 12000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
    PORT=$candidate
    break
  fi
done
BASE=http://127.0.0.1:$PORT

# From an unrelated working directory with an empty HOME and no TASKCAST_* variables, so that
# nothing but the distribution's own conf/taskcast.yaml can configure it.
(
  cd "$WORK/cwd"
  for v in $(compgen -e | grep '^TASKCAST_' || true); do unset "$v"; done
  export HOME=$WORK/home
  exec "$DIST/bin/taskcast" serve --port "$PORT"
) >"$WORK/server.out" 2>"$WORK/server.err" &
SERVER_PID=$!

deadline=$((SECONDS + STARTUP_SECONDS))
until curl -fs "$BASE/health" >"$WORK/health.json" 2>/dev/null; do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    fail "server exited during startup"
    SERVER_PID=
    finish
  fi
  if ((SECONDS >= deadline)); then
    fail "server not healthy within ${STARTUP_SECONDS}s"
    finish
  fi
  sleep 0.2
done
if grep -q '"ok":true' "$WORK/health.json"; then
  pass "GET /health: $(cat "$WORK/health.json")"
else
  fail "GET /health: $(cat "$WORK/health.json")"
fi
if grep -qF "[taskcast] Server started on http://localhost:$PORT" "$WORK/server.out" \
    && grep -qF "[taskcast] Config: $DIST/conf/taskcast.yaml" "$WORK/server.out" \
    && grep -qF "[taskcast] Short-term store: memory" "$WORK/server.out"; then
  pass "startup lines (config conf/taskcast.yaml, memory store, started on $PORT)"
else
  fail "startup lines missing: $(cat "$WORK/server.out")"
fi

# --- One task lifecycle ------------------------------------------------------------------------
request() { # <method> <path> <expected status> [json body]; the response body is left in $WORK/body
  local status
  status=$(curl -sS -o "$WORK/body" -w '%{http_code}' -X "$1" -H 'Content-Type: application/json' \
    ${4:+--data "$4"} "$BASE$2") || status=000
  if [[ $status == "$3" ]]; then
    return 0
  fi
  fail "$1 $2 -> $status (expected $3): $(cat "$WORK/body" 2>/dev/null)"
  return 1
}

if request POST /tasks 201 '{"type":"smoke.test","params":{"n":1}}'; then
  TASK_ID=$(grep -o '"id":"[^"]*"' "$WORK/body" | head -n 1 | cut -d'"' -f4)
  pass "POST /tasks -> 201 (id $TASK_ID)"
else
  finish
fi
request PATCH "/tasks/$TASK_ID/status" 200 '{"status":"running"}' && pass "PATCH status running -> 200"
request POST "/tasks/$TASK_ID/events" 201 '{"type":"smoke.progress","level":"info","data":{"pct":50}}' \
  && pass "POST /tasks/$TASK_ID/events -> 201"

# Subscribe, see the history arrive, then complete the task: the server must end the stream
# with taskcast.done by itself (curl's --max-time is only the safety net).
curl -sSN --max-time 20 "$BASE/tasks/$TASK_ID/events" >"$WORK/sse.txt" 2>"$WORK/sse.err" &
SSE_PID=$!
deadline=$((SECONDS + 10))
until grep -q 'smoke.progress' "$WORK/sse.txt" 2>/dev/null || ((SECONDS >= deadline)); do sleep 0.1; done
request PATCH "/tasks/$TASK_ID/status" 200 '{"status":"completed","result":{"ok":true}}' \
  && pass "PATCH status completed -> 200"
if wait "$SSE_PID"; then
  SSE_PID=
  if grep -q '^event: taskcast.done$' "$WORK/sse.txt" && grep -q '"reason":"completed"' "$WORK/sse.txt" \
      && grep -q 'smoke.progress' "$WORK/sse.txt"; then
    pass "SSE stream replayed the event and closed with taskcast.done (completed)"
  else
    fail "SSE stream content: $(cat "$WORK/sse.txt")"
  fi
else
  SSE_PID=
  fail "SSE stream did not end by itself: $(cat "$WORK/sse.txt") $(cat "$WORK/sse.err")"
fi

# --- Graceful stop -----------------------------------------------------------------------------
kill -TERM "$SERVER_PID"
deadline=$((SECONDS + STOP_SECONDS))
while kill -0 "$SERVER_PID" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
if kill -0 "$SERVER_PID" 2>/dev/null; then
  fail "server still running ${STOP_SECONDS}s after SIGTERM"
else
  status=0
  wait "$SERVER_PID" || status=$?
  SERVER_PID=
  if ((status == 0)); then
    pass "SIGTERM -> exit status 0"
  else
    fail "SIGTERM -> exit status $status"
  fi
fi

finish
