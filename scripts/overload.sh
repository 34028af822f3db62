#!/usr/bin/env bash
# The overload proof (docs/overload.md): the sample app's bulk ingestion, growing cache and light reads under an
# open-loop load above capacity (ramp, plateau, burst, silence), every JVM on -XX:+ExitOnOutOfMemoryError, against
# five contenders: unguarded, tomcat-threads, concurrency-limit, gradient and memguard.
#
#   scripts/overload.sh            # the matrix: 5 contenders x -Xmx128m/256m/512m; writes
#                                  # memguard-sample-app/target/overload/summary.json, summary.md, headline.md, overload.png
#   scripts/overload.sh --short    # unguarded and memguard at -Xmx256m; fails unless memguard survives and keeps
#                                  # at least 0.9x the unguarded app's goodput (what .ci/run runs)
#   scripts/overload.sh --sweep    # the static contenders' candidate settings at -Xmx256m; writes sweep.md
#
# Further -D options go to the test, e.g. -Doverload.heaps=256 -Doverload.contenders=unguarded,memguard
# -Doverload.rate=40 -Doverload.plateau-seconds=20, and for --short -Doverload.short-heap=128.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=full
if [ "${1:-}" = "--short" ] || [ "${1:-}" = "--sweep" ]; then
  mode="${1#--}"
  shift
fi
out=memguard-sample-app/target/overload
echo "== overload proof, mode $mode, $(date -u +%FT%TZ), load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"
# -DskipTests skips the unit tests (the ordinary build runs them); the overload profile runs OverloadMatrixIT only.
./mvnw -B -ntp -Poverload -pl memguard-sample-app -am verify -DskipTests -Dit.test=OverloadMatrixIT \
  -Doverload.mode="$mode" "$@"
echo "== done $(date -u +%FT%TZ), load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"
if [ "$mode" = sweep ]; then
  cat "$out/sweep.md"
else
  cat "$out/summary.md"
fi
