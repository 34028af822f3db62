#!/usr/bin/env bash
# Where memguard's cost per request is, from the JVM's flight recorder (see scripts/StarterCost.java, mode profile):
# the sample with memguard on, GET /api/drafts flat out with wrk, then at a fixed 200 req/s (open loop, as the calm
# run), each recorded after a warm-up with Java execution sampled every millisecond. Prints, for each, memguard's share
# of the request threads' samples and of all threads', its methods by samples, and the bytes allocated per request
# under a memguard method. Needs wrk (Debian: apt-get install -y wrk). About 80 s a run on two cores; logs and
# recordings go to memguard-sample-app/target/starter-cost/.
#
#   scripts/calm-profile.sh                  # three runs
#   scripts/calm-profile.sh -Druns=5 -Dmeasure-seconds=30
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk > /dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
./mvnw -B -ntp -q -pl memguard-sample-app -am package -DskipTests
jar=$(ls memguard-sample-app/target/memguard-sample-app-*.jar | grep -v -- '-plain.jar$' | head -1)
java -Druns=3 "$@" scripts/StarterCost.java profile "$jar" memguard-sample-app/target/starter-cost
