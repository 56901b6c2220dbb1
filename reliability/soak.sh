#!/usr/bin/env bash
# The soak of docs/reliability.md (guarantee 7): builds the reactor, then runs SoakTest, which starts
# one server from the packaged distribution on the local Redis + PostgreSQL (its own key prefix and
# schema, removed afterwards) and drives mixed load for SOAK_MINUTES (default 10).
#
#   bash reliability/soak.sh                 # 10 minutes, 500 subscribers
#   SOAK_MINUTES=2 SOAK_SUBSCRIBERS=100 bash reliability/soak.sh
#
# Figures are printed ([figure] lines) and appended to reliability-tests/target/reliability/figures.txt.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
if [[ -z ${JAVA_HOME:-} ]]; then
  for dir in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    if [[ -x $dir/bin/javac && -x $dir/bin/jcmd ]]; then export JAVA_HOME=$dir; break; fi
  done
fi
export PATH="$JAVA_HOME/bin:$PATH"
export TASKCAST_TEST_REDIS_URL=${TASKCAST_TEST_REDIS_URL:-redis://127.0.0.1:6379}
export TASKCAST_TEST_POSTGRES_URL=${TASKCAST_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
minutes=${SOAK_MINUTES:-10}
subscribers=${SOAK_SUBSCRIBERS:-500}
echo "[soak] $minutes min, $subscribers subscribers, JDK $JAVA_HOME"
mvn -B ${MVN_ARGS:-} verify -Dtest=SoakTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dreliability.excludedGroups=none -Dsoak.minutes="$minutes" -Dsoak.subscribers="$subscribers" \
  -Dreliability.timeout=$(( (minutes + 15) * 60 ))
