#!/usr/bin/env bash
# Smoke test of the plugin path, as an operator uses it: unpack the distribution, drop the example
# hook jar into plugins/, select redis/redis/postgres and the hook by name in YAML, run
# `taskcast migrate`, serve, drive one task to `failed` with an SSE subscriber, and check that Redis,
# PostgreSQL and the hook's file all saw it. Uses its own Redis prefix and PostgreSQL schema and
# removes both afterwards.
#
#   bash .ci/smoke-plugins.sh [path/to/taskcast-<version>.tar.gz]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ARCHIVE=${1:-$(ls "$ROOT"/distribution/target/taskcast-*.tar.gz 2>/dev/null | head -n 1 || true)}
HOOK_JAR=$(ls "$ROOT"/plugins/example-hook/target/taskcast-plugin-example-hook-*.jar 2>/dev/null | head -n 1 || true)
REDIS_URL=${TASKCAST_TEST_REDIS_URL:-redis://127.0.0.1:6379}
PG_URL=${TASKCAST_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
SUFFIX=$RANDOM$RANDOM
PREFIX=tc-smoke-$SUFFIX
SCHEMA=tc_smoke_$SUFFIX
if [[ -z ${JAVA_HOME:-} && -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi

passed=0
failed=0
pass() { echo "PASS: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

WORK=$(mktemp -d)
SERVER_PID=
psql_test() { psql -q -v ON_ERROR_STOP=1 "$PG_URL" "$@"; }
cleanup() {
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then kill -KILL "$SERVER_PID" 2>/dev/null || true; fi
  redis-cli -u "$REDIS_URL" --scan --pattern "$PREFIX:*" 2>/dev/null | xargs -r redis-cli -u "$REDIS_URL" DEL >/dev/null 2>&1 || true
  psql_test -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
finish() {
  if ((failed > 0)) && [[ -f $WORK/server.err ]]; then
    echo "--- server stdout"; cat "$WORK/server.out"
    echo "--- server stderr"; tail -n 60 "$WORK/server.err"
  fi
  echo "smoke-plugins: $passed passed, $failed failed"
  if ((failed == 0)); then exit 0; else exit 1; fi
}

if [[ ! -f $ARCHIVE || ! -f $HOOK_JAR ]]; then
  fail "distribution archive or example hook jar missing (run mvn package first)"
  finish
fi
mkdir -p "$WORK/unpacked" "$WORK/cwd" "$WORK/home"
tar xzf "$ARCHIVE" -C "$WORK/unpacked"
DIST=$(echo "$WORK"/unpacked/taskcast-*)
cp "$HOOK_JAR" "$DIST/plugins/"
psql_test -c "CREATE SCHEMA $SCHEMA"
PG_SCHEMA_URL="$PG_URL?currentSchema=$SCHEMA"
cat >"$WORK/cwd/taskcast.config.yaml" <<YAML
adapters:
  broadcast:      { provider: redis, url: "$REDIS_URL", prefix: "$PREFIX" }
  shortTermStore: { provider: redis, url: "$REDIS_URL", prefix: "$PREFIX" }
  longTermStore:  { provider: postgres, url: "$PG_SCHEMA_URL" }
hooks:
  - { provider: example-file-log, path: "$WORK/hooks.log" }
YAML

# Runs bin/taskcast in place of the calling (sub)shell, so that $! is the server itself.
run_dist() {
  cd "$WORK/cwd"
  for v in $(compgen -e | grep '^TASKCAST_' || true); do unset "$v"; done
  HOME=$WORK/home exec "$DIST/bin/taskcast" "$@"
}

if (run_dist migrate -y) >"$WORK/migrate.out" 2>&1 && grep -q "Applied 2 migration(s) successfully." "$WORK/migrate.out"; then
  pass "taskcast migrate applied 001 and 002"
else
  fail "taskcast migrate: $(cat "$WORK/migrate.out")"
fi

# Below Linux's ephemeral range (32768+): a port there can be taken by any outgoing connection.
PORT=$((20000 + RANDOM % 12000))
BASE=http://127.0.0.1:$PORT
run_dist serve --port "$PORT" >"$WORK/server.out" 2>"$WORK/server.err" &
SERVER_PID=$!
deadline=$((SECONDS + 90))
until curl -fs "$BASE/health/ready" >"$WORK/ready.json" 2>/dev/null; do
  if ! kill -0 "$SERVER_PID" 2>/dev/null || ((SECONDS >= deadline)); then
    fail "server not ready"
    SERVER_PID=
    finish
  fi
  sleep 0.2
done
pass "ready: $(cat "$WORK/ready.json")"

curl -fsS -XPOST "$BASE/tasks" -H 'content-type: application/json' -d '{"id":"smoke-1","type":"smoke"}' >/dev/null
curl -fsS -XPATCH "$BASE/tasks/smoke-1/status" -H 'content-type: application/json' -d '{"status":"running"}' >/dev/null
curl -sSN --max-time 20 "$BASE/tasks/smoke-1/events" >"$WORK/sse.txt" &
SSE=$!
deadline=$((SECONDS + 10))
until grep -q '"status":"running"' "$WORK/sse.txt" 2>/dev/null || ((SECONDS >= deadline)); do sleep 0.1; done
curl -fsS -XPOST "$BASE/tasks/smoke-1/events" -H 'content-type: application/json' \
  -d '{"type":"log","level":"info","data":{"line":"hello"}}' >/dev/null
curl -fsS -XPATCH "$BASE/tasks/smoke-1/status" -H 'content-type: application/json' \
  -d '{"status":"failed","error":{"code":"E1","message":"boom"}}' >/dev/null
if wait "$SSE" && grep -q '"reason":"failed"' "$WORK/sse.txt"; then
  pass "SSE through Redis ended with taskcast.done (failed)"
else
  fail "SSE: $(cat "$WORK/sse.txt")"
fi
if [[ $(redis-cli -u "$REDIS_URL" LLEN "$PREFIX:events:smoke-1") == 3 ]] \
    && redis-cli -u "$REDIS_URL" GET "$PREFIX:task:smoke-1" | grep -q '"status":"failed"'; then
  pass "Redis holds $PREFIX:task:smoke-1 (failed) and 3 events"
else
  fail "Redis keys: $(redis-cli -u "$REDIS_URL" --scan --pattern "$PREFIX:*" | tr '\n' ' ')"
fi
deadline=$((SECONDS + 10))
until [[ $(psql_test -tAc "SELECT count(*) FROM $SCHEMA.taskcast_events WHERE task_id='smoke-1'") == 3 ]] \
    || ((SECONDS >= deadline)); do sleep 0.2; done
if [[ $(psql_test -tAc "SELECT status FROM $SCHEMA.taskcast_tasks WHERE id='smoke-1'") == failed ]] \
    && [[ $(psql_test -tAc "SELECT count(*) FROM $SCHEMA.taskcast_events WHERE task_id='smoke-1'") == 3 ]]; then
  pass "PostgreSQL holds the task (failed) and 3 event rows"
else
  fail "PostgreSQL rows: $(psql_test -tAc "SELECT id, status FROM $SCHEMA.taskcast_tasks")"
fi
deadline=$((SECONDS + 10))
until grep -q "taskFailed smoke-1 boom" "$WORK/hooks.log" 2>/dev/null || ((SECONDS >= deadline)); do sleep 0.1; done
if grep -q "sseConnect smoke-1" "$WORK/hooks.log" && grep -q "taskFailed smoke-1 boom" "$WORK/hooks.log"; then
  pass "example hook plugin from plugins/ wrote: $(tr '\n' '|' <"$WORK/hooks.log")"
else
  fail "hook log: $(cat "$WORK/hooks.log" 2>&1)"
fi

kill -TERM "$SERVER_PID"
deadline=$((SECONDS + 10))
while kill -0 "$SERVER_PID" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
status=0
wait "$SERVER_PID" || status=$?
SERVER_PID=
if ((status == 0)); then pass "SIGTERM -> exit 0"; else fail "SIGTERM -> exit $status"; fi
finish
