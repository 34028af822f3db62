#!/usr/bin/env bash
# What the memguard starter costs a calm application per request, printed as tables (see scripts/StarterCost.java):
# the sample's ordinary GET /api/drafts in three variants, alternately, five fresh JVMs each: no memguard and no
# Prometheus registry, the Prometheus registry only, memguard and the registry. Each run: throughput at saturation
# (wrk) and, once the fixed-rate client has sent its own requests flat out for 10 s (-Drate-warm-up-seconds), the app's
# CPU time per request at a fixed 200 req/s. memguard's own cost is the last variant against the second (target: at
# most 3%); the registry's, the second against the first.
# Needs wrk (Debian: apt-get install -y wrk). The load generator shares the machine with the app. Takes about
# 10 minutes on two cores, plus the 10 s warm-up of each run. Logs go to memguard-sample-app/target/starter-cost/.
#
#   scripts/calm-cost.sh                               # five runs each
#   scripts/calm-cost.sh -Druns=3 -Drate=100 -Dmeasure-seconds=5 -Drate-warm-up-seconds=5
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk > /dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
./mvnw -B -ntp -q -pl memguard-sample-app -am package -DskipTests
jar=$(ls memguard-sample-app/target/memguard-sample-app-*.jar | grep -v -- '-plain.jar$' | head -1)
java "$@" scripts/StarterCost.java calm "$jar" memguard-sample-app/target/starter-cost
