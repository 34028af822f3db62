#!/usr/bin/env bash
# What the memguard starter costs the sample app, printed as a table:
#   - start-up: memguard on and off (memguard.enabled), alternately, five runs each; the median difference
#     (target: at most 150 ms);
#   - throughput at saturation when calm: memguard on, memguard off with the Prometheus registry the starter
#     brings, and memguard off with no metrics export, alternately, five runs each; so memguard's own cost and the
#     registry's are told apart.
# The load generator runs on the same machine as the app: on a small or busy machine the figures are indicative.
# Takes about 10 minutes on two cores. Logs go to memguard-sample-app/target/startup-cost/.
#
#   scripts/startup-cost.sh                         # five runs each
#   scripts/startup-cost.sh -Druns=3 -Dmeasure-seconds=5
#   scripts/startup-cost.sh -Dthroughput=false       # start-up only (about 3 minutes on two quiet cores)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -ntp -q -pl memguard-sample-app -am package -DskipTests
jar=$(ls memguard-sample-app/target/memguard-sample-app-*.jar | grep -v -- '-plain.jar$' | head -1)
java "$@" scripts/StartupCost.java "$jar" memguard-sample-app/target/startup-cost
