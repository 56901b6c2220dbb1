#!/usr/bin/env bash
# Reproduces the figures of docs/performance.md with one command.
#
#   benchmarks/run.sh                                    # every storage mode, every scenario
#   benchmarks/run.sh -s memory -S publish,batch         # a subset
#   benchmarks/run.sh --help
#
# For each storage mode it builds the distribution if needed, unpacks it into a temporary folder,
# and for each scenario starts a fresh `bin/taskcast serve` on a free loopback port (Redis: a unique
# key prefix; PostgreSQL: a fresh schema, migrated first), runs the load generator
# (../shared/bench/bench.mjs, or $TASKCAST_BENCH_DIR) against it, stops it and cleans up. The JSON
# lines of every run land in benchmarks/results/<timestamp>.jsonl and a markdown table of target vs
# reached, with the machine, load averages and the generator's CPU of every run, in
# benchmarks/results/<timestamp>.md, which is also printed.
set -euo pipefail

HERE=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
ROOT=$(cd -P -- "$HERE/.." && pwd -P)
BENCH_DIR=${TASKCAST_BENCH_DIR:-$(cd -P -- "$ROOT/../shared/bench" 2>/dev/null && pwd -P || true)}
REDIS_URL=${TASKCAST_BENCH_REDIS_URL:-${TASKCAST_TEST_REDIS_URL:-redis://127.0.0.1:6379}}
PG_URL=${TASKCAST_BENCH_POSTGRES_URL:-${TASKCAST_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}}

ALL_MEMORY=startup,publish,batch,fanout1000,fanoutcap,fanout10k,lifecycle,memory,many-tasks
ALL_REDIS=publish,batch,lifecycle

usage() {
  cat <<EOF
usage: benchmarks/run.sh [options]
  -s, --storage LIST     memory | redis | redis+postgres | all, comma separated [all]
  -S, --scenarios LIST   scenarios, comma separated [memory: $ALL_MEMORY;
                         redis, redis+postgres: $ALL_REDIS]
                           startup     5 cold starts: process start to the first 200 from /health
                           publish     16 connections publishing single events (accumulate series)
                           batch       8 connections publishing 50-event arrays
                           fanout1000  1000 SSE subscribers of one task, 10 events/s, 200 events
                           fanoutcap   1000 subscribers, 150 events/s offered (150 000 deliveries/s), 1500 events: deliveries/s
                           fanout10k   10 000 subscribers of one task, 5 events/s, 50 events
                           lifecycle   create, running, 20 events, completed, late-join SSE replay
                           memory      RSS idle, with 1000 subscribers under load, and after
                           many-tasks  50 000 tasks x 10 events, then GET task/history, RSS
                           smoke       one lifecycle end to end
  -g, --generators N     load generators run in parallel for publish, batch and fanoutcap; their
                         figures are summed (the connections/subscribers are split between them,
                         so the total load shape stays the same) [1]
      --warmup S         warm-up seconds [5]
      --duration S       measured seconds for publish/batch/lifecycle [10]
      --label TEXT       free text recorded with the results
      --java-opts OPTS   extra JVM options for the server (JAVA_OPTS)
      --no-build         use the existing distribution/target/taskcast-*.tar.gz as is
      --dist FILE        benchmark this distribution tarball instead of building one
      --out NAME         results/NAME.{jsonl,md} instead of a timestamp
      --bench-args ARGS  extra bench.mjs arguments for every run
  -h, --help             this text
Environment: JAVA_HOME (JDK 21+; the build needs the JDK the project builds with),
TASKCAST_BENCH_REDIS_URL (default \$TASKCAST_TEST_REDIS_URL or redis://127.0.0.1:6379),
TASKCAST_BENCH_POSTGRES_URL (default \$TASKCAST_TEST_POSTGRES_URL or
postgres://postgres@127.0.0.1:5432/test), TASKCAST_BENCH_DIR (the bench harness folder).
Needs node 20+, curl; redis-cli for redis modes; psql for redis+postgres.
EOF
}

STORAGE=all SCENARIOS= GENERATORS=1 WARMUP=5 DURATION=10 LABEL= JOPTS= BUILD=1 DIST= OUT= BENCH_ARGS=
while [ $# -gt 0 ]; do
  case $1 in
    -s|--storage) STORAGE=$2; shift 2 ;;
    -S|--scenarios) SCENARIOS=$2; shift 2 ;;
    -g|--generators) GENERATORS=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --label) LABEL=$2; shift 2 ;;
    --java-opts) JOPTS=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --dist) DIST=$2; BUILD=0; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --bench-args) BENCH_ARGS=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
[ "$STORAGE" = all ] && STORAGE=memory,redis,redis+postgres
case $GENERATORS in ''|*[!0-9]*|0) echo "--generators must be a positive integer" >&2; exit 2 ;; esac
[ -f "$BENCH_DIR/bench.mjs" ] || { echo "bench harness not found (set TASKCAST_BENCH_DIR)" >&2; exit 2; }
command -v node >/dev/null || { echo "node is required" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl is required" >&2; exit 2; }

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# ---------------------------------------------------------------- build and unpack
if [ -z "$DIST" ]; then
  DIST=$(ls "$ROOT"/distribution/target/taskcast-*.tar.gz 2>/dev/null | head -n 1 || true)
  if [ "$BUILD" = 1 ]; then
    stale=1
    if [ -n "$DIST" ]; then
      # Rebuild when any source, resource or pom is newer than the tarball.
      stale=$(find "$ROOT" -path "$ROOT/benchmarks" -prune -o -path '*/target' -prune -o \
        \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/*' -o -path '*/src/dist/*' -o -path '*/migrations/*' \) \
        -type f -newer "$DIST" -print -quit | wc -l)
    fi
    if [ "$stale" != 0 ]; then
      log "building the distribution (mvn -B -q -DskipTests install)"
      (cd "$ROOT" && mvn -B -q -DskipTests install >&2)
      DIST=$(ls "$ROOT"/distribution/target/taskcast-*.tar.gz | head -n 1)
    fi
  fi
fi
[ -n "$DIST" ] && [ -f "$DIST" ] || { echo "no distribution tarball (build with mvn -DskipTests install)" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/taskcast-bench.XXXXXX")
SERVER_PID=
REDIS_PREFIX=
PG_SCHEMA=
cleanup() {
  stop_server || true
  clean_stores || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

tar xzf "$DIST" -C "$WORK"
DIST_HOME=$(ls -d "$WORK"/taskcast-*/ | head -n 1)
DIST_HOME=${DIST_HOME%/}

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$HERE/results"
OUT=${OUT:-$STAMP}
JSONL="$HERE/results/$OUT.jsonl"
MD="$HERE/results/$OUT.md"
: > "$JSONL"

JAVA_BIN=${JAVA_HOME:+$JAVA_HOME/bin/}java
JAVA_VERSION=$("$JAVA_BIN" -version 2>&1 | head -n 1)
COMMIT=$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(cd "$ROOT" && git status --porcelain 2>/dev/null | grep -v '^??' | grep -vc ' benchmarks/' || true)
[ "$DIRTY" != 0 ] && COMMIT="$COMMIT+uncommitted"

# ---------------------------------------------------------------- server lifecycle
# A free port below the kernel's ephemeral range (32768+ by default): the generators' own client
# connections take ports from that range, and one left in TIME_WAIT would make the server's bind fail.
free_port() {
  node -e "
    const net = require('net');
    const tryPort = (n) => { if (n <= 0) { console.error('no free port'); process.exit(1); }
      const p = 20000 + Math.floor(Math.random() * 12000);
      const s = net.createServer(); s.once('error', () => tryPort(n - 1));
      s.listen(p, '127.0.0.1', () => { s.close(() => console.log(p)); }); };
    tryPort(50);"
}

now_ms() { date +%s%3N; }

# start_server MODE LOGFILE -> sets PORT, SERVER_PID, STARTUP_MS
start_server() {
  local mode=$1 logf=$2
  PORT=$(free_port)
  local env=(env -u TASKCAST_REDIS_URL -u TASKCAST_POSTGRES_URL -u TASKCAST_STORAGE -u TASKCAST_PORT
    TASKCAST_AUTH_MODE=none JAVA_OPTS="$JOPTS")
  local args=(serve --host 127.0.0.1 -p "$PORT")
  case $mode in
    memory) args+=(-s memory) ;;
    redis) env+=(TASKCAST_REDIS_URL="$REDIS_URL" TASKCAST_REDIS_PREFIX="$REDIS_PREFIX"); args+=(-s redis) ;;
    redis+postgres) env+=(TASKCAST_REDIS_URL="$REDIS_URL" TASKCAST_REDIS_PREFIX="$REDIS_PREFIX"
      TASKCAST_POSTGRES_URL="$(pg_schema_url)"); args+=(-s redis) ;;
  esac
  # Run from the empty work folder so that no taskcast.config.* of the caller is picked up.
  local t0
  t0=$(now_ms)
  (cd "$WORK" && exec "${env[@]}" "$DIST_HOME/bin/taskcast" "${args[@]}") >"$logf" 2>&1 &
  SERVER_PID=$!
  local i=0
  while [ $i -lt 6000 ]; do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$PORT/health" 2>/dev/null)" = 200 ]; then
      STARTUP_MS=$(( $(now_ms) - t0 ))
      return 0
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || { log "server exited during startup:"; tail -n 30 "$logf" >&2; SERVER_PID=; return 1; }
    sleep 0.01
    i=$((i + 1))
  done
  log "server not healthy after 60 s"; tail -n 30 "$logf" >&2
  return 1
}

stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  local i=0
  while kill -0 "$SERVER_PID" 2>/dev/null && [ $i -lt 150 ]; do sleep 0.1; i=$((i + 1)); done
  kill -KILL "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}

pg_schema_url() {
  case $PG_URL in *\?*) echo "$PG_URL&currentSchema=$PG_SCHEMA" ;; *) echo "$PG_URL?currentSchema=$PG_SCHEMA" ;; esac
}

# Fresh Redis prefix / PostgreSQL schema for one server.
prepare_stores() {
  local mode=$1
  REDIS_PREFIX= PG_SCHEMA=
  case $mode in redis|redis+postgres) REDIS_PREFIX="tcbench-$STAMP-$RANDOM$RANDOM" ;; esac
  if [ "$mode" = redis+postgres ]; then
    PG_SCHEMA="tcbench_$(echo "$STAMP" | tr 'A-Z' 'a-z')_$RANDOM"
    psql -q -v ON_ERROR_STOP=1 "$PG_URL" -c "CREATE SCHEMA $PG_SCHEMA" >/dev/null
    (cd "$WORK" && env -u TASKCAST_POSTGRES_URL "$DIST_HOME/bin/taskcast" migrate -y --url "$(pg_schema_url)") >"$WORK/migrate.log" 2>&1 \
      || { cat "$WORK/migrate.log" >&2; return 1; }
  fi
}

clean_stores() {
  if [ -n "$REDIS_PREFIX" ]; then
    local url=$REDIS_URL
    redis-cli -u "$url" --scan --pattern "$REDIS_PREFIX:*" 2>/dev/null | xargs -r -n 500 redis-cli -u "$url" DEL >/dev/null 2>&1 || true
    REDIS_PREFIX=
  fi
  if [ -n "$PG_SCHEMA" ]; then
    psql -q "$PG_URL" -c "DROP SCHEMA IF EXISTS $PG_SCHEMA CASCADE" >/dev/null 2>&1 || true
    PG_SCHEMA=
  fi
}

extra_pids() {
  case $1 in
    memory) echo "" ;;
    *) pidof redis-server 2>/dev/null | tr ' ' ',' || true ;;
  esac
}

# ---------------------------------------------------------------- scenarios
# variant -> "scenario|bench args|per-generator split"
variant_spec() {
  case $1 in
    smoke) echo "smoke||" ;;
    publish) echo "publish|--warmup $WARMUP --duration $DURATION|concurrency:16" ;;
    batch) echo "batch|--warmup $WARMUP --duration $DURATION|concurrency:8" ;;
    fanout1000) echo "fanout|--warmup $WARMUP --subscribers 1000 --rate 10 --events 200|" ;;
    fanoutcap) echo "fanout|--warmup $WARMUP --rate 150 --events 1500|subscribers:1000" ;;
    fanout10k) echo "fanout|--warmup $WARMUP --subscribers 10000 --rate 5 --events 50 --connect-concurrency 256 --sub-timeout 60 --drain-timeout 60|" ;;
    lifecycle) echo "lifecycle|--warmup $WARMUP --duration $DURATION|" ;;
    memory) echo "memory||" ;;
    many-tasks) echo "many-tasks|--duration $DURATION|" ;;
    *) return 1 ;;
  esac
}

run_startup() {
  local mode=$1 n=5 times=() logf="$WORK/startup.log"
  for i in $(seq 1 $n); do
    prepare_stores "$mode"
    start_server "$mode" "$logf" || return 1
    times+=("$STARTUP_MS")
    stop_server
    clean_stores
    sleep 1
  done
  local load
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  node -e '
    const [mode, label, load, ...t] = process.argv.slice(1);
    const ms = t.map(Number); const s = [...ms].sort((a, b) => a - b);
    console.log(JSON.stringify({ bench: "taskcast", scenario: "startup", label, ok: true,
      loadavg: load.split(" ").map(Number),
      metrics: { startup_ms_median: s[s.length >> 1], startup_ms_min: s[0], startup_ms_max: s[s.length - 1], startup_ms_runs: ms } }));
  ' "$mode" "$mode|startup|g1" "$load" "${times[@]}" >> "$JSONL"
  log "startup ($mode): ${times[*]} ms"
}

run_variant() {
  local mode=$1 variant=$2 spec scenario args split
  spec=$(variant_spec "$variant") || { log "unknown scenario $variant"; return 1; }
  IFS='|' read -r scenario args split <<<"$spec"
  local logf="$WORK/server-$mode-$variant.log"
  prepare_stores "$mode"
  start_server "$mode" "$logf" || { clean_stores; return 1; }
  log "$mode/$variant: server pid $SERVER_PID on port $PORT, ready in ${STARTUP_MS} ms"
  local gens=1
  case $split in ?*) gens=$GENERATORS ;; esac
  local key=${split%%:*} total=${split#*:} pids=() g
  local extra
  extra=$(extra_pids "$mode")
  for g in $(seq 1 "$gens"); do
    local gargs=()
    if [ -n "$split" ]; then
      gargs=(--"$key" $(( total / gens )))
    fi
    # shellcheck disable=SC2086
    node "$BENCH_DIR/bench.mjs" --base "http://127.0.0.1:$PORT" --pid "$SERVER_PID" --scenario "$scenario" \
      --label "$mode|$variant|g$g/$gens|${LABEL}" ${extra:+--extra-pids "$extra"} $args "${gargs[@]}" $BENCH_ARGS \
      >>"$JSONL.part$g" 2>"$WORK/bench-$variant-$g.err" &
    pids+=($!)
  done
  local rc=0
  for p in "${pids[@]}"; do wait "$p" || rc=1; done
  for g in $(seq 1 "$gens"); do
    cat "$JSONL.part$g" >> "$JSONL"; rm -f "$JSONL.part$g"
    sed 's/^/    /' "$WORK/bench-$variant-$g.err" >&2
  done
  [ -s "$logf" ] && grep -E 'SEVERE|Exception' "$logf" | head -n 5 | sed 's/^/    server: /' >&2 || true
  stop_server
  clean_stores
  [ $rc = 0 ] || log "$mode/$variant: bench reported a failure (see the table)"
  sleep 2
}

# ---------------------------------------------------------------- main
log "distribution $DIST ($COMMIT), java: $JAVA_VERSION"
log "results: $JSONL"
node -e '
  const os = require("os");
  const [commit, java, dist, label, gens, jopts] = process.argv.slice(1);
  console.log(JSON.stringify({ bench: "taskcast-run", scenario: "_meta", started: new Date().toISOString(),
    commit, java, dist, label, generators: Number(gens), java_opts: jopts,
    machine: { cpu_model: os.cpus()[0]?.model, nproc: os.cpus().length, mem_total_mb: Math.round(os.totalmem() / 1048576),
      kernel: os.release(), node: process.version }, loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100) }));
' "$COMMIT" "$JAVA_VERSION" "$(basename "$DIST")" "$LABEL" "$GENERATORS" "$JOPTS" >> "$JSONL"

IFS=',' read -r -a MODES <<<"$STORAGE"
for mode in "${MODES[@]}"; do
  case $mode in memory|redis|redis+postgres) ;; *) echo "unknown storage mode $mode" >&2; exit 2 ;; esac
  list=$SCENARIOS
  if [ -z "$list" ]; then
    [ "$mode" = memory ] && list=$ALL_MEMORY || list=$ALL_REDIS
  fi
  IFS=',' read -r -a VARIANTS <<<"$list"
  for v in "${VARIANTS[@]}"; do
    log "=== $mode / $v (load $(cut -d' ' -f1-3 /proc/loadavg))"
    if [ "$v" = startup ]; then
      run_startup "$mode" || log "startup failed"
    else
      run_variant "$mode" "$v" || log "$mode/$v failed"
    fi
  done
done

node "$HERE/report.mjs" "$JSONL" > "$MD"
cat "$MD"
log "table: $MD"
