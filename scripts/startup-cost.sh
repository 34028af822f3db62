#!/usr/bin/env bash
# What the memguard starter costs at start-up, printed as tables (see scripts/StarterCost.java): wall time, CPU time
# and classes loaded from JVM launch to ready, five runs of each variant, alternating:
#   - a plain web app (Spring MVC + Actuator) without and with the starter's jars: the target (at most 150 ms) is
#     judged on this pair;
#   - the plain app with the Prometheus registry, against the plain app with the starter: memguard's own cost to an
#     app that already has Actuator and the registry;
#   - the sample app with memguard.enabled true and false (an app that uses every part of memguard).
# Takes about 5 minutes on two quiet cores. Logs go to memguard-sample-app/target/starter-cost/.
#
#   scripts/startup-cost.sh               # five runs each
#   scripts/startup-cost.sh -Druns=9
#   scripts/startup-cost.sh -Dsample=false       # the plain app's three variants only (about 2 minutes)
#   scripts/startup-cost.sh -Dbreakdown=true     # also: memguard off, API parts off, monitor only (plain app)
#   scripts/startup-cost.sh -Dsample=false -Dfeatures=true -Druns=3   # also: the plain app + starter without each feature
#   scripts/startup-cost.sh -Dsample=false -Dclasses=true    # also: the classes the starter adds by ready, by package
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -ntp -q -pl memguard-sample-app -am package -DskipTests
jar=$(ls memguard-sample-app/target/memguard-sample-app-*.jar | grep -v -- '-plain.jar$' | head -1)
java "$@" scripts/StarterCost.java startup "$jar" memguard-sample-app/target/starter-cost
