#!/usr/bin/env bash
# Browser test of the packaged distribution: headless Chromium against two running servers (auth
# none, and jwt with an HS256 secret), through a proxy that drops SSE connections mid-stream.
# Checks EventSource resume with Last-Event-ID (no gap, no duplicate, until taskcast.done) and the
# web console at /ui (list, filter, detail, live timeline, token field); saves screenshots.
#
#   bash .ci/browser-test.sh [path/to/taskcast-<version>.tar.gz]
#
# Installs what is missing: Debian's chromium (apt-get, as root) and playwright-core (npm ci in
# taskcast-helidon/src/test/browser; node_modules is not committed). Screenshots go to
# $CONSOLE_SCREENS_DIR (default /tmp/console-screens). The whole step is bounded in time.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ARCHIVE=${1:-$(ls "$ROOT"/distribution/target/taskcast-*.tar.gz 2>/dev/null | head -n 1 || true)}
BROWSER_DIR=$ROOT/taskcast-helidon/src/test/browser
SCREENS=${CONSOLE_SCREENS_DIR:-/tmp/console-screens}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
STARTUP_SECONDS=90
TEST_SECONDS=240
JWT_SECRET="browser-test-$RANDOM-$RANDOM-secret"

passed=0
failed=0
pass() { echo "PASS: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

WORK=$(mktemp -d)
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

finish() {
  if ((failed > 0)); then
    for name in open jwt; do
      if [[ -f $WORK/$name.err ]]; then
        echo "--- $name server stdout"; tail -n 30 "$WORK/$name.out"
        echo "--- $name server stderr"; tail -n 30 "$WORK/$name.err"
      fi
    done
  fi
  echo "browser: $passed passed, $failed failed"
  if ((failed == 0)); then exit 0; else exit 1; fi
}

if [[ -z ${JAVA_HOME:-} && -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi

# --- Tools -------------------------------------------------------------------------------------
if [[ ! -x $CHROMIUM ]]; then
  echo "[browser] $CHROMIUM missing; installing Debian's chromium"
  if [[ $(id -u) -eq 0 ]] && timeout 600 apt-get update -qq >"$WORK/apt.log" 2>&1 \
      && DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -qq chromium >>"$WORK/apt.log" 2>&1; then
    pass "installed $($CHROMIUM --version 2>/dev/null)"
  else
    tail -n 20 "$WORK/apt.log" 2>/dev/null || true
    fail "cannot install chromium (apt-get install -y chromium, as root)"
    finish
  fi
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  fail "node and npm are needed"
  finish
fi
wanted=$(node -p "require('$BROWSER_DIR/package.json').dependencies['playwright-core']")
installed=$(node -p "try { require('$BROWSER_DIR/node_modules/playwright-core/package.json').version } catch (e) { '' }")
if [[ $installed != "$wanted" ]]; then
  echo "[browser] npm ci (playwright-core $wanted)"
  if ! (cd "$BROWSER_DIR" && timeout 300 npm ci --no-audit --no-fund --loglevel=error); then
    fail "npm ci in $BROWSER_DIR"
    finish
  fi
fi

# --- Servers -----------------------------------------------------------------------------------
if [[ -z $ARCHIVE || ! -f $ARCHIVE ]]; then
  fail "no distribution archive found (run mvn package first)"
  finish
fi
mkdir -p "$WORK/unpacked" "$WORK/cwd" "$WORK/home"
tar xzf "$ARCHIVE" -C "$WORK/unpacked"
DIST=$(echo "$WORK"/unpacked/taskcast-*)

cat >"$WORK/open.yaml" <<EOF
host: 127.0.0.1
EOF
cat >"$WORK/jwt.yaml" <<EOF
host: 127.0.0.1
auth:
  mode: jwt
  jwt:
    algorithm: HS256
    secret: $JWT_SECRET
EOF

# Each server listens on an ephemeral port (--port 0, no race with other processes picking ports)
# and prints it: "[taskcast] Server started on http://localhost:<port>".
start_server() { # <name> -> sets PID_<name>
  local name=$1
  (
    cd "$WORK/cwd"
    for v in $(compgen -e | grep '^TASKCAST_' || true); do unset "$v"; done
    export HOME=$WORK/home
    exec "$DIST/bin/taskcast" serve --port 0 -c "$WORK/$name.yaml"
  ) >"$WORK/$name.out" 2>"$WORK/$name.err" &
  PIDS+=($!)
  printf -v "PID_$name" '%s' "$!"
}

wait_healthy() { # <name> <pid> -> sets PORT_<name>
  local deadline=$((SECONDS + STARTUP_SECONDS)) port=""
  until [[ -n $port ]] && curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1; do
    if ! kill -0 "$2" 2>/dev/null; then
      fail "$1 server exited during startup"
      finish
    fi
    if ((SECONDS >= deadline)); then
      fail "$1 server not healthy within ${STARTUP_SECONDS}s"
      finish
    fi
    sleep 0.2
    port=$(sed -n 's|^\[taskcast\] Server started on http://localhost:\([0-9]*\)$|\1|p' "$WORK/$1.out" | head -n 1)
  done
  printf -v "PORT_$1" '%s' "$port"
  pass "$1 server up on port $port"
}

start_server open
start_server jwt
wait_healthy open "$PID_open"
wait_healthy jwt "$PID_jwt"

# --- The browser test --------------------------------------------------------------------------
rm -f "$SCREENS"/console-*.png
status=0
(
  cd "$BROWSER_DIR"
  TASKCAST_OPEN_URL=http://127.0.0.1:$PORT_open TASKCAST_JWT_URL=http://127.0.0.1:$PORT_jwt \
    TASKCAST_JWT_SECRET=$JWT_SECRET SCREEN_DIR=$SCREENS CHROMIUM=$CHROMIUM \
    timeout --kill-after=10 "$TEST_SECONDS" node browser-test.js
) 2>&1 | tee "$WORK/node.out" || status=$?
node_passed=$(grep -c '^PASS:' "$WORK/node.out" || true)
node_failed=$(grep -c '^FAIL:' "$WORK/node.out" || true)
passed=$((passed + node_passed))
failed=$((failed + node_failed))
if ((status != 0 && node_failed == 0)); then
  fail "node browser-test.js exited with status $status (124: timed out after ${TEST_SECONDS}s)"
fi
finish
